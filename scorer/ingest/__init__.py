"""Reading submissions: paths in, Submissions (and Failures) out.

Formats and encodings end here; everything after sees only normalised text with metadata.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from ..models import DuplicateId, Failure, Submission
from .errors import ReadError
from .metadata import build_submission
from .readers import SUPPORTED_SUFFIXES, read_text

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A folder's own notes are not submissions (submissions/README.md explains the samples).
_NOT_SUBMISSIONS = {"readme.md", "readme.txt"}

__all__ = ["DEFAULT_MAX_BYTES", "Inputs", "ReadError", "SUPPORTED_SUFFIXES", "duplicate_notes", "duplicate_records",
           "iter_input_files", "read_inputs", "read_path", "read_submissions"]


def _walk(folder: Path, files: list[Path], failures: list[Failure]) -> None:
    """Files under `folder`, recursively; unreadable folders and broken links become failures."""

    def unreadable(exc: OSError) -> None:
        failures.append(Failure(path=str(exc.filename or folder),
                                error=f"无法读取文件夹（{exc.strerror or exc}），其中的材料未参加评分；请检查权限"))

    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        base = Path(root)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            child = base / name
            if name.startswith(".") or name.lower() in _NOT_SUBMISSIONS:
                continue
            if child.is_symlink() and not child.exists():
                failures.append(Failure(path=str(child), error="链接指向的文件不存在（失效的快捷方式或符号链接）"))
            elif child.is_file():
                found.append(child)
    files.extend(sorted(found))


def iter_input_files(paths: list[Path]) -> tuple[list[Path], list[Failure]]:
    """Expand folders (recursively, sorted) and report paths that do not exist."""
    files: list[Path] = []
    failures: list[Failure] = []
    for path in paths:
        if path.is_dir():
            _walk(path, files, failures)
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            failures.append(Failure(path=str(path), error="链接指向的文件不存在（失效的快捷方式或符号链接）"))
        else:
            failures.append(Failure(path=str(path), error="文件或文件夹不存在"))
    return files, failures


class Inputs(NamedTuple):
    submissions: list[Submission]
    failures: list[Failure]
    # id -> the files that claimed it, in reading order, for each id more than one file claimed
    duplicate_ids: dict[str, list[str]]


def read_submissions(paths: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Inputs:
    """Read every submission under `paths`. One bad file never stops the others.

    A file that fails in a way no reader foresaw is still one failure naming it, not a stopped run.
    Ids must be unique: a later file with an id already taken is scored as `<id>-2`, and the clash
    is returned (naming both files) so that commands can report it and refuse to match by it.
    """
    files, failures = iter_input_files(paths)
    submissions: list[Submission] = []
    owner: dict[str, str] = {}  # id as scored -> its file
    duplicates: dict[str, list[str]] = {}
    for path in files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            failures.append(Failure(path=str(path), error=f"不支持的文件类型 {path.suffix or '（无扩展名）'}，"
                                    f"支持 {'、'.join(sorted(SUPPORTED_SUFFIXES))}"))
            continue
        try:
            sub = read_path(path, max_bytes=max_bytes)
        except ReadError as exc:
            failures.append(Failure(path=str(path), error=str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one file must never stop the run (RecursionError, MemoryError too)
            failures.append(Failure(path=str(path), error=f"读取时出现意外错误（{type(exc).__name__}），未参加评分；"
                                    "请把此文件另存为 .txt 或 .docx 后再试"))
            continue
        if sub.id in owner:
            duplicates.setdefault(sub.id, [owner[sub.id]]).append(str(path))
        sub = _unique(sub, owner.keys())
        owner[sub.id] = str(path)
        submissions.append(sub)
    return Inputs(submissions, failures, duplicates)


def read_inputs(paths: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Submission], list[Failure]]:
    """Read every submission under `paths`: (submissions, failures). See read_submissions."""
    inputs = read_submissions(paths, max_bytes=max_bytes)
    return inputs.submissions, inputs.failures


def duplicate_records(duplicates: dict[str, list[str]], submissions: list[Submission]) -> list[DuplicateId]:
    """Each clashing id with its files and the id each file was actually scored as.

    Read from the submissions themselves (by file, in reading order) rather than recomputed: a
    later file may have skipped `<id>-2` because another file already had that id.
    """
    ids_of: dict[str, list[str]] = {}
    for sub in submissions:
        ids_of.setdefault(sub.source_path, []).append(sub.id)
    out = []
    for sid, paths in duplicates.items():
        taken: dict[str, int] = {}  # the same file given twice is read twice, under two ids
        assigned = []
        for path in paths:
            ids = ids_of.get(path, [])
            n = taken.get(path, 0)
            assigned.append(ids[n] if n < len(ids) else "")
            taken[path] = n + 1
        out.append(DuplicateId(id=sid, files=list(paths), assigned=assigned))
    return out


def duplicate_notes(records: list[DuplicateId]) -> list[str]:
    """One Chinese line per clashing id, naming every file that claimed it and the id it got."""
    return [f"编号“{d.id}”重复：{'、'.join(d.files)}；后者依次以 {'、'.join(d.assigned[1:])} 参评，"
            "请在文件头写 id: 使编号唯一" for d in records]


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Submission:
    """One file to a Submission, or ReadError with the reason."""
    raw, text, fmt = read_text(path, max_bytes=max_bytes)
    return build_submission(path, raw, text, fmt)


def _unique(sub: Submission, used) -> Submission:
    """`sub` with an id not in `used` (the first free `<id>-2`, `<id>-3`, ...)."""
    new_id, n = sub.id, 2
    while new_id in used:
        new_id = f"{sub.id}-{n}"
        n += 1
    return sub if new_id == sub.id else sub.model_copy(update={"id": new_id})
