"""What the weights make of each submission, kept apart from its page, and which pages a run may keep.

A submission page shows only what the submission itself decides (its text, evidence, levels and
reviews, problems, near-duplicates, notices, its name) and the rubric's content apart from the
weights. Its total, ranks, band, 总体评价, area chart, 整改清单, points and the weighting's audit
rows are rendered by render.standing_entry into `standing/NNN.js`, a shard of SHARD_SIZE
submissions chosen from the id alone, which the page loads with <script src> (file:// allows it,
where fetch() is refused) and static/submission.js inserts. A re-weighting rewrites the shards and
keeps every page whose sources are unchanged. The exemplar pages (one per indicator, exemplars/)
depend on the evidence alone (exemplars.exemplar_pool never reads a rank): one digest names their
sources (exemplars_digest), and the folder is kept whole when it is unchanged.

Safety first: a page is kept only when the previous run wrote it (its marker lists it), it still
has the size recorded for it in `standing/pages.json` (a page changed or cut short since is not
trusted) and the digest recorded there equals the digest of everything it is built from today
(page_digest); else it is rendered again. The exemplar pages are kept only when the folder holds
exactly the pages recorded, each of its recorded size, and their digest is today's. The record is written with the run's other files,
whole or not at all (scorer/outputs.py), so a page's recorded digest always describes the page
beside it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath

from ..outputs import run_files
from .exemplars import EXEMPLARS_PER_LEVEL, shown_by_level
from .naming import ASSET_FOLDER, EXEMPLAR_FOLDER

STANDING_FOLDER = "standing"
RECORD = "pages.json"  # in STANDING_FOLDER: page file name -> [digest, size], and the exemplar pages' record
EXEMPLARS = "exemplars"  # in RECORD: the exemplar pages' digest and sizes (exemplar_record)
# Submissions per shard: each of its pages loads the whole shard. A submission's standing is about
# 35 KB (the 整改清单 22 KB, most of it the leading gaps with their exemplars; the chart 7 KB), so
# a shard of 16 is about 0.56 MB (the largest of 2,000 synthetic ones 0.98 MB; 625 files at
# 10,000), loaded from disk with the page.
SHARD_SIZE = 16
# The code that draws a page: a change to any of it renders every page again.
_RENDERING_CODE = ("report", "segment.py", "models.py", "ingest/duplicates.py")


def shard_count(submissions: int) -> int:
    """How many shards a run of this many submissions has (a rescore has the same)."""
    return max(1, -(-submissions // SHARD_SIZE))


def shard_of(sid: str, count: int) -> int:
    """A submission's shard, from its id alone: no other submission's score moves it."""
    return int.from_bytes(hashlib.sha256(sid.encode("utf-8")).digest()[:8], "big") % count


def shard_path(k: int) -> str:
    """The shard's file, relative to the run folder (and so to the page beside it)."""
    return f"{STANDING_FOLDER}/{k:03d}.js"


def shards(ids: list[str]) -> list[tuple[int, list[str]]]:
    """The run's non-empty shards with their submissions, in the run's order."""
    count = shard_count(len(ids))
    out: dict[int, list[str]] = {}
    for sid in ids:
        out.setdefault(shard_of(sid, count), []).append(sid)
    return sorted(out.items())


def _js(data) -> str:
    # JSON is a JavaScript literal; the shard is a file of its own (never inlined into a page), so
    # markup in it needs no escaping, which made the HTML in it twice its size. U+2028/2029 are
    # escaped all the same, for older engines that end a line there.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def shard_js(entries: dict[str, dict], maxima: list[float] | None = None) -> str:
    """A shard: the indicators' unrounded maxima of the run's weights in the run's order
    (render.run_maxima, for the review preview of static/reviews.js; kept out of assets/, which
    then no weight changes), when known, and each submission's standing under its id, one line
    each."""
    lines = ["window.RUN_STANDING = window.RUN_STANDING || {};"]
    if maxima is not None:
        lines.append(f"window.RUN_MAXIMA = {_js(maxima)};")
    lines += [f"window.RUN_STANDING[{_js(sid)}] = {_js(entry)};" for sid, entry in entries.items()]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=None)
def rendering_fingerprint() -> str:
    """sha256 of the code and templates that draw a page (scorer/report/ and what it calls for
    text): recorded in every page's digest, so an upgrade never keeps a page drawn by older code."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for part in _RENDERING_CODE:
        path = root / part
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".html", ".js", ".css"):
                digest.update(str(f.relative_to(root)).encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def run_digest(results, rubric, count: int) -> bytes:
    """What every page of a run is built from besides its submission: the engine, the rendering
    code, the rubric's content without its weights (names, levels and their credits, groups, areas,
    bands, the indicators' rules and names) and the number of shards (the page names its own)."""
    parts = [results.engine_version, rendering_fingerprint(), rubric.spec.model_dump_json(), rubric.rules_sha256,
             results.rubric.version, shard_count(count)]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).digest()


def page_digest(run_part: bytes, s, name: str, sub, evidence, notices, duplicates) -> str:
    """sha256 of everything a submission page is built from: the run's part (run_digest), its id,
    page name and facts, its text's and file's sha256, its levels with the experts' reviews, the
    identity of its evidence, its notices and its near-duplicates' titles and pages.

    The engine's evidence (passages, problems) is a function of the text and of the rules with
    the judging code, and is named by their two hashes, as the evidence cache keys it
    (pipeline.EvidenceCache); a rescore refuses evidence whose rules hash is not today's. Naming
    it costs nothing, where serialising it cost half the digest (0.17 of 0.32 ms a page)."""
    facts = [s.id, name, s.title, s.region, s.group, s.year,
             [[i["id"], i["level"], i["machine_level"], _plain(i["review"])] for i in s["indicators"]],
             [sub.sha256, sub.file_sha256, sub.date, sub.author, PurePath(sub.source_path).name if sub.source_path else ""]
             if sub is not None else None,
             repr(notices), duplicates]
    digest = hashlib.sha256(run_part)
    digest.update(json.dumps(facts, ensure_ascii=False, default=str).encode("utf-8"))
    digest.update(f"{evidence.text_sha256}\0{evidence.rules_sha256}".encode() if evidence is not None else b"-")
    return digest.hexdigest()


def _plain(value):
    """A scorecard's value as data, whether the results are models or records (scorer/results.py)."""
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def exemplars_digest(run_part: bytes, views) -> str:
    """sha256 of everything the run's exemplar pages (one per indicator, exemplars/) are built
    from: the run's part (run_digest) and, per indicator, how many submissions reach each level
    and the passages shown (submission, level, start), with those submissions' page names, titles,
    groups and their evidence's identity (as page_digest names it). No weight is among them
    (exemplars.exemplar_pool never reads a rank), so a re-weighting keeps these pages."""
    shown: list = []
    sids: set[str] = set()
    for ind_id in sorted(views.exemplar_pages):
        levels = shown_by_level(views.pool.get(ind_id, []))
        shown.append([ind_id, [[int(lv), n, [[c.submission, c.passage.start] for c in chosen]] for lv, n, chosen in levels]])
        sids.update(c.submission for _, _, chosen in levels for c in chosen)
    who = []
    for sid in sorted(sids):
        s, ev = views.by_id[sid], views.evidence.get(sid)
        who.append([sid, views.names[sid], s["title"], s["group"],
                    [ev.text_sha256, ev.rules_sha256] if ev is not None else None])
    digest = hashlib.sha256(run_part)
    digest.update(json.dumps([EXEMPLARS_PER_LEVEL, shown, who], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


@dataclass
class Pages:
    """The submission pages of the run folder that the previous run wrote, with their recorded
    digest and size (`previous`: [digest, size] by file name), the record of its exemplar pages
    when they are as it wrote them (`exemplars`: exemplar_record) and its assets/ folder; a run fills `kept` with the pages it keeps
    as they are and `folders` with the folders it keeps (exemplars/, assets/)."""

    previous: dict[str, list] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)
    exemplars: list | None = None
    assets: Path | None = None  # the previous run's assets/ (render.write_assets keeps it if the same)
    folders: set[str] = field(default_factory=set)


def previous_pages(out_dir: Path) -> Pages:
    """The pages a run into `out_dir` may keep: listed in its marker, still plain files of the size
    the previous run's record gives, with a digest there. Anything unreadable means none (all are
    rendered)."""
    own = set(run_files(out_dir))
    if STANDING_FOLDER not in own:
        return Pages()
    try:
        data = json.loads((out_dir / STANDING_FOLDER / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Pages()
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, dict):
        return Pages()
    assets = out_dir / ASSET_FOLDER
    return Pages({name: [d[0], d[1]] for name, d in pages.items()
                  if name in own and isinstance(d, list) and len(d) == 2 and isinstance(d[0], str)
                  and isinstance(d[1], int) and _plain_file_of_size(out_dir / name, d[1])},
                 exemplars=_previous_exemplars(out_dir, data.get(EXEMPLARS), own),
                 assets=assets if ASSET_FOLDER in own and not assets.is_symlink() and assets.is_dir() else None)


def _previous_exemplars(out_dir: Path, recorded, own: set[str]) -> list | None:
    """The record of the exemplar pages (exemplar_record), if the previous run wrote the folder and it holds
    exactly the pages recorded, each of its recorded size (a page added, removed, changed in size
    or replaced by a link is not trusted: all are rendered)."""
    if EXEMPLAR_FOLDER not in own or not isinstance(recorded, list) or len(recorded) != 2:
        return None
    digest, files = recorded
    folder = out_dir / EXEMPLAR_FOLDER
    if not isinstance(digest, str) or not isinstance(files, dict) or folder.is_symlink() or not folder.is_dir():
        return None
    try:
        present = {p.name for p in folder.iterdir()}
    except OSError:
        return None
    if present != set(files) or not all(isinstance(size, int) and _plain_file_of_size(folder / name, size)
                                        for name, size in files.items()):
        return None
    return [digest, files]


def exemplar_record(folder: Path, digest: str) -> list:
    """The record of the exemplar pages written into `folder` (the run's exemplars/): their digest
    (exemplars_digest) and each page's size by file name."""
    return [digest, {p.name: p.stat().st_size for p in sorted(folder.iterdir())}]


def same_files(folder: Path, files: dict[str, str]) -> bool:
    """Whether `folder` holds exactly these plain files, with this text (as UTF-8), and nothing else."""
    try:
        if {p.name for p in folder.iterdir()} != set(files):
            return False
        return all(not (folder / name).is_symlink() and (folder / name).is_file()
                   and (folder / name).read_bytes() == text.encode("utf-8") for name, text in files.items())
    except OSError:
        return False


def _plain_file_of_size(path: Path, size: int) -> bool:
    try:
        return not path.is_symlink() and path.is_file() and path.stat().st_size == size
    except OSError:
        return False


def record_json(digests: dict[str, list], exemplars: list | None = None) -> str:
    """standing/pages.json: each page's [digest, size in bytes] by file name, and the exemplar
    pages' record (exemplar_record), if the run has any."""
    data = {"scorer": "pages", "pages": dict(sorted(digests.items()))}
    if exemplars is not None:
        data[EXEMPLARS] = exemplars
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n"
