"""Writing a run's outputs: whole or not at all, and never anything the program did not write.

A run folder carries a marker (`.scorer-run.json`) listing the files the last run wrote. A folder
is used only when it is new, empty, marked, or an older run (run.json and results.json, from
before markers); anything else is refused with a Chinese message (exit 2), as is a folder that
holds or lies inside an input. Every file is written into a hidden staging folder inside the run
folder and moved into place only when all are complete; only the run's own files are replaced or
removed, so a workbook or notes a user saved beside them stay. A lock file keeps two runs from
writing into one folder at once, and the staging folders of killed runs are removed by the next.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path


Writer = Callable[[Path], None]
Stamp = tuple[int, int, int, int]

MARKER = ".scorer-run.json"
LOCK = ".scorer.lock"
STAGING_PREFIX = ".partial-"
# What may already be in a folder that is otherwise empty (the project ships reports_out/.gitkeep).
_HARMLESS = {".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"}
# Most file systems allow 255 bytes per name; a page name keeps well below, with room for ".html".
MAX_NAME_BYTES = 120


class OutputError(ValueError):
    """An output folder the program must not write into; the CLI prints it and exits 2."""


def file_mode(base: int = 0o666) -> int:
    """Permissions a file or folder created now would get from the umask (mkstemp gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


def cap_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """`name` itself when short enough, else its start and a short hash of the whole (still unique)."""
    if len(name.encode("utf-8")) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    head = name.encode("utf-8")[: limit - len(digest) - 1].decode("utf-8", errors="ignore")
    return f"{head}-{digest}"


def _is_run_folder(folder: Path) -> bool:
    return (folder / MARKER).is_file() or ((folder / "run.json").is_file() and (folder / "results.json").is_file())


def check_out_dir(out_dir: Path, inputs: Iterable[Path] = (), *, force: bool = False) -> None:
    """Refuse, before any work, a folder the run must not write into (OutputError, exit 2)."""
    out = out_dir.resolve()
    for given in inputs:
        inp = Path(given).resolve()
        if out == inp or inp in out.parents:
            raise OutputError(f"{out_dir}: 输出目录不能是输入材料所在的位置（{given}），否则会覆盖材料；请用 --out 指定另一个目录")
        if out in inp.parents:
            raise OutputError(f"{out_dir}: 输出目录中含有输入材料 {given}；请把材料移出，或用 --out 指定另一个目录")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(f"{out_dir}: 已存在且不是文件夹；请用 --out 指定一个文件夹")
    if not out.exists() or force or _is_run_folder(out):
        return
    try:
        others = sorted(p.name for p in out.iterdir() if p.name not in _HARMLESS)
    except OSError as exc:
        raise OutputError(f"{out_dir}: 无法读取输出目录（{exc.strerror or exc}）") from None
    if others:
        shown = "、".join(others[:3]) + (" 等" if len(others) > 3 else "")
        raise OutputError(f"{out_dir}: 已存在且含有不是本工具写入的文件（{shown}）；为免覆盖，请用 --out 指定一个新的或空的文件夹")


def _own_files(folder: Path) -> set[str]:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        return {name for name in data.get("files", []) if isinstance(name, str) and "/" not in name
                and name not in ("", ".", "..")}
    except (OSError, ValueError, AttributeError):
        return set()


def _write_marker(folder: Path, files: Iterable[str]) -> None:
    tmp = folder / f"{MARKER}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"scorer": "run folder", "files": sorted(files)}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def claim(out_dir: Path, *, force: bool = False) -> Path:
    """Make `out_dir` a run folder (created if missing) after the checks of check_out_dir."""
    check_out_dir(out_dir, force=force)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not (out_dir / MARKER).exists():
        _write_marker(out_dir, [])
    return out_dir


_HELD: dict[Path, int] = {}  # run folders this process holds, so that a command may lock again inside


@contextlib.contextmanager
def run_lock(out_dir: Path, *, force: bool = False) -> Iterator[Path]:
    """Hold the run folder for one run; a second run at the same time is refused clearly.

    Leftover staging folders of killed runs are removed once the lock is held (no live run owns
    them). Re-entrant within one process: `score` holds it while extracting and writing.
    """
    key = out_dir.resolve()
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield out_dir
        finally:
            _HELD[key] -= 1
        return
    claim(out_dir, force=force)
    with open(out_dir / LOCK, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{out_dir}: 另一个 scorer 正在写入这个目录；请等它结束后再运行，或用 --out 指定另一个目录") from None
        _HELD[key] = 1
        try:
            for leftover in out_dir.glob(f"{STAGING_PREFIX}*"):
                shutil.rmtree(leftover, ignore_errors=True)
            for leftover in out_dir.glob(f"{MARKER}.*.tmp"):
                leftover.unlink(missing_ok=True)
            yield out_dir
        finally:
            del _HELD[key]
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_files(out_dir: Path) -> list[str]:
    """The files the last run wrote into `out_dir` (from its marker)."""
    return sorted(_own_files(out_dir))


def check_target_file(path: Path, inputs: Iterable[Path] = ()) -> None:
    """A single output file (the workbook) may replace only a workbook, and never an input."""
    target = path.resolve()
    for given in inputs:
        inp = Path(given).resolve()
        if target == inp or inp in target.parents:
            raise OutputError(f"{path}: 不能写在输入材料的位置（{given}）；请换一个文件名或目录")
    if target.is_dir():
        raise OutputError(f"{path}: 是一个文件夹；请指定工作簿文件名，如 评估.xlsx")
    if target.exists():
        with open(target, "rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                raise OutputError(f"{path}: 已存在且不是 Excel 工作簿；为免覆盖，请换一个文件名")


def file_stamp(path: Path) -> Stamp | None:
    """A file's identity: device, inode, size and modification time (None when it cannot be read).
    Every writer of a run's files replaces them (a new inode), never edits them in place; an
    editor or `touch` changes the time."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def write_atomically(out_dir: Path, fill: Writer, *, force: bool = False, kept: set[str] | None = None,
                     unchanged: Mapping[str, Stamp] | None = None) -> None:
    """Write a run's files into `out_dir`: all of them or none, replacing only the previous run's.

    `fill(folder)` writes plain files into a staging folder, and may add to `kept` names of files
    the previous run wrote that this run keeps untouched (a submission page whose sources did not
    change, or a folder of pages: report/standing.py); each must be one the marker lists, still a
    plain file or folder, and not also written, else nothing is moved (OutputError). `unchanged` names kept files this run read
    with the stamp (file_stamp) they had then (run.json, which a rescore keeps): one that is no
    longer that very file was changed by someone else meanwhile, and nothing is moved
    (OutputError): keeping it would leave outputs made from other data beside it, and writing what
    was read over it would undo that change unasked. Kept files stay listed in the marker; other
    files the previous run wrote and this one does not are removed; everything else in the folder
    is left as it is. An interrupted run leaves the previous run's files, kept ones included, as
    they were.
    """
    claim(out_dir, force=force)
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        fill(stage)
        unchanged = dict(unchanged or {})
        kept = set(kept or ()) | set(unchanged)
        new = sorted(p.name for p in stage.iterdir())
        written = set(new)  # (a run may keep and write thousands of pages each: looked up, not scanned)
        old = _own_files(out_dir)
        for name in sorted(kept):
            target = out_dir / name
            if name not in old or name in written or target.is_symlink() or not (target.is_file() or target.is_dir()):
                raise OutputError(f"{target}: 不是上次运行写入的文件，不能沿用；本次未写入任何文件，请重新运行")
        for name, stamp in sorted(unchanged.items()):
            if file_stamp(out_dir / name) != stamp:
                raise OutputError(f"{out_dir / name}: 在本次运行读取之后被改动或替换过（可能另有程序在写）；"
                                  "为免覆盖这一改动，本次未写入任何文件；请确认该文件无误后重新运行")
        for name in new:
            target = out_dir / name
            if (stage / name).is_dir():
                if target.is_dir() and not target.is_symlink() and name in old:
                    shutil.rmtree(target)
                elif target.is_dir():
                    raise OutputError(f"{target}: 已存在同名文件夹，不是本工具写入的，未覆盖")
            os.replace(stage / name, target)
        for name in old - written - kept:
            gone = out_dir / name
            if gone.is_file() or gone.is_symlink():
                gone.unlink(missing_ok=True)
        _write_marker(out_dir, [*new, *kept])
    finally:
        shutil.rmtree(stage, ignore_errors=True)
