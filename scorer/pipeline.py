"""The run: read → segment → extract → score → rank, with evidence cached by text and rules.

A run keeps its submissions and evidence (`run.json` in the output folder), so any later
re-weighting is a new scoring of the same evidence: no text is read again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, Field, PrivateAttr, ValidationError

from . import __version__
from .bands import set_bands
from .extract import evidence_from_wire, extract, extract_wire
from .ingest import duplicate_records
from .ingest.duplicates import Fingerprint, fingerprint, near_duplicates
from .jsonio import spliced
from .match import CompiledRules
from .models import Evidence, Failure, Submission
from .outputs import Stamp, file_mode, file_stamp
from .profiles import Weights
from .rank import rank_records
from .results import IndicatorInfo, NearDuplicate, Results, ResultsRecord, RubricInfo
from .rubric import Rubric
from .score import ScoreTable, add_details, score_table
from .workers import paused_gc, pool_context, release_memory

Progress = Callable[[int, int, str], None]


class Run(BaseModel):
    """Everything scoring needs, independent of weights."""

    submissions: list[Submission]
    evidence: list[Evidence]
    failures: list[Failure] = Field(default_factory=list)
    near_duplicates: list[NearDuplicate] = Field(default_factory=list)
    # an id more than one file claimed -> those files; kept so that rescore can refuse it too
    duplicate_ids: dict[str, list[str]] = Field(default_factory=dict)
    # The run.json this run was read from and that file's identity when it was read (load_run):
    # a run that writes this run where it came from keeps that file instead of writing it again.
    _source: tuple[Path, Stamp] | None = PrivateAttr(default=None)

    def model_copy(self, *, update=None, deep: bool = False) -> Run:
        copy = super().model_copy(update=update, deep=deep)
        if update:  # another run now: it is written, never taken for the file it came from
            copy._source = None
        return copy

    def read_from(self, path: Path) -> Stamp | None:
        """The stamp (outputs.file_stamp) `path` had when load_run read this very run from it: while
        the file keeps it, the file holds this run, and a run writing this run there keeps it
        (outputs.write_atomically's `unchanged`, which refuses a file changed since: rescore and
        sensitivity change weights, never the run, and at 10,000 submissions writing it again cost
        4 s and 420 MB). None for a run read elsewhere or changed since (model_copy with an update)."""
        if self._source is None or self._source[0] != path.resolve():
            return None
        return self._source[1]

    def saved_at(self, path: Path) -> None:
        """Note that `path` now holds this run as save_run wrote it, as if load_run had read it from
        there (read_from): for a process that wrote the run folder and re-weights the run it still
        holds (the scale bench), which would otherwise write run.json again."""
        stamp = file_stamp(path)
        self._source = (path.resolve(), stamp) if stamp is not None else None


# The code that decides what evidence a text yields. A change to any of them makes every cached
# entry stale, so its hash is part of the cache key (a rules-only key reused stale evidence).
_JUDGING_MODULES = ("extract.py", "segment.py", "match.py", "detectors.py",
                    "ingest/normalise.py", "ingest/furniture.py")


@functools.cache
def evidence_version() -> str:
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for name in _JUDGING_MODULES:
        digest.update(name.encode())
        digest.update((root / name).read_bytes())
    return digest.hexdigest()


class EvidenceCache:
    """Evidence on disk keyed by the text's sha256, the rules' hash and the judging code's hash.

    An entry is used only when what it says about itself matches the key (its text and rules hash
    and the evidence version), so an entry copied or renamed by hand is recomputed, never believed.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, text_sha: str, rules_sha: str) -> Path | None:
        if not self.folder:
            return None
        return self.folder / f"{text_sha[:32]}-{rules_sha[:16]}-{evidence_version()[:12]}.json"

    def get(self, sub: Submission, rubric: Rubric) -> Evidence | None:
        path = self._path(sub.sha256, rubric.rules_sha256)
        if path is None or not path.exists():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            ev = Evidence.model_validate(entry["evidence"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged cache entry is recomputed, never trusted
        if (entry.get("evidence_version") != evidence_version() or ev.text_sha256 != sub.sha256
                or ev.rules_sha256 != rubric.rules_sha256):
            return None
        return ev.model_copy(update={"submission_id": sub.id})

    def put(self, ev: Evidence) -> None:
        path = self._path(ev.text_sha256, ev.rules_sha256)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # The evidence in the models' own serializer's bytes (a dump to Python data and json.dump
        # cost three times as much, in the main process, for every document a run extracts).
        entry = (b'{"evidence_version":' + json.dumps(evidence_version()).encode("utf-8")
                 + b',"evidence":' + ev.__pydantic_serializer__.to_json(ev) + b"}")
        # A unique temporary name: two runs sharing a cache never write into each other's file.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(entry)
            os.chmod(tmp, file_mode())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


_worker: dict = {}


def _init_extract(rubric: Rubric) -> None:
    """A worker's rules: a forked worker inherits those the run compiled before the fork (the same
    rubric object, not a pickled copy); a spawned one compiles its own."""
    if _worker.get("rubric") is not rubric:
        _worker["rubric"], _worker["rules"] = rubric, CompiledRules(rubric.indicators)


def _extract_one(task: tuple[Submission | int, bool, bool]) -> tuple[bytes | None, Fingerprint | None]:
    """A submission's evidence (unless it was cached) as extract_wire's JSON, and its text's
    fingerprint (if asked for). Plain JSON made without models, read back by the models' own
    validator: pickling the models cost 0.85 ms a document; building and serializing them cost
    about 0.3 ms more than this JSON, and validating all of them 0.34 against this 0.30. A forked
    worker is sent the submission's position in the run it inherited, not the submission."""
    sub, wanted, fingerprinted = task
    if isinstance(sub, int):
        sub = _worker["submissions"][sub]
    with paused_gc():
        return (extract_wire(sub, _worker["rubric"], _worker["rules"]) if wanted else None,
                fingerprint(sub.text) if fingerprinted else None)


class Extraction(NamedTuple):
    evidence: list[Evidence]
    near_duplicates: list[NearDuplicate]


def extract_all(submissions: list[Submission], rubric: Rubric, *, cache: EvidenceCache | None = None,
                progress: Progress | None = None, jobs: int = 1) -> list[Evidence]:
    """Evidence for every submission, in their order; with jobs > 1 extracted in worker processes.

    Extraction is a pure function of text and rules, so the result does not depend on `jobs`.
    """
    return _extract(submissions, rubric, cache, progress, jobs, fingerprints=False)[0]


def extract_run(submissions: list[Submission], rubric: Rubric, *, cache: EvidenceCache | None = None,
                progress: Progress | None = None, jobs: int = 1) -> Extraction:
    """extract_all and the run's near-duplicates (ingest/duplicates.py) at once: each text's
    fingerprint is taken by the worker that reads it, cached or not, and the main process only
    joins them. The same pairs as near_duplicates(submissions), whatever `jobs`."""
    evidence, prints = extract_fingerprinted(submissions, rubric, cache=cache, progress=progress, jobs=jobs)
    return Extraction(evidence, near_duplicates(submissions, fingerprints=prints))


def extract_fingerprinted(submissions: list[Submission], rubric: Rubric, *, cache: EvidenceCache | None = None,
                          progress: Progress | None = None, jobs: int = 1) -> tuple[list[Evidence], list[Fingerprint]]:
    """extract_all and every text's fingerprint for near_duplicates, taken by the same workers
    (extract_run without the join, for a bench that times the join by itself)."""
    return _extract(submissions, rubric, cache, progress, jobs, fingerprints=True)  # type: ignore[return-value]


def _extract(submissions: list[Submission], rubric: Rubric, cache: EvidenceCache | None, progress: Progress | None,
             jobs: int, *, fingerprints: bool) -> tuple[list[Evidence], list[Fingerprint] | None]:
    out: list[Evidence | None] = [cache.get(sub, rubric) if cache else None for sub in submissions]
    todo = [k for k, ev in enumerate(out) if ev is None]
    done = len(submissions) - len(todo)
    prints: list[Fingerprint | None] = [None] * len(submissions)

    def keep(k: int, ev: Evidence) -> None:
        nonlocal done
        out[k] = ev
        if cache:
            cache.put(ev)
        done += 1
        if progress:
            progress(done, len(submissions), submissions[k].id)

    # Cached submissions go to the workers too when their fingerprints are wanted: the main
    # process then takes none itself.
    sent = range(len(submissions)) if fingerprints else todo
    if jobs > 1 and len(sent) > 1:
        wanted = set(todo)
        # Chunks of a few dozen keep the pickling overhead small and the workers evenly busy.
        chunk = max(1, min(64, len(sent) // (jobs * 8)))
        context = pool_context()
        forked = context.get_start_method() == "fork"  # the workers inherit the submissions and rules
        _worker["submissions"] = submissions if forked else None
        if forked:  # compiled once, not once per worker
            _worker["rubric"], _worker["rules"] = rubric, CompiledRules(rubric.indicators)
        tasks = [(k if forked else submissions[k], k in wanted, fingerprints) for k in sent]
        try:
            with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_extract,
                                     initargs=(rubric,)) as pool, paused_gc():
                for k, (ev, fp) in zip(sent, pool.map(_extract_one, tasks, chunksize=chunk)):
                    prints[k] = fp
                    if ev is not None:
                        keep(k, evidence_from_wire(ev, submissions[k], rubric))
        finally:
            for key in ("submissions", "rubric", "rules"):
                _worker.pop(key, None)
    else:
        rules = CompiledRules(rubric.indicators) if todo else None
        with paused_gc():
            for k in todo:
                keep(k, extract(submissions[k], rubric, rules))
            if fingerprints:
                prints = [fingerprint(sub.text) for sub in submissions]
    return out, (prints if fingerprints else None)  # type: ignore[return-value]


def score_run(run: Run, rubric: Rubric, weights: Weights, components=None) -> Results:
    """Score and rank; with `components` (scorer.components.Components) rank by the composite.
    The checked models of score_records_run's data."""
    with paused_gc():
        return Results.model_validate(score_records_run(run, rubric, weights, components))


def score_records_run(run: Run, rubric: Rubric, weights: Weights, components=None) -> ResultsRecord:
    """score_run as records (scorer/results.py Record), every scorecard in full: what the pages
    and documents read."""
    with paused_gc():
        results, table = score_table_run(run, rubric, weights, components)
        add_details(results["submissions"], table, run.evidence, rubric)
        return results


def score_table_run(run: Run, rubric: Rubric, weights: Weights, components=None) -> tuple[ResultsRecord, ScoreTable]:
    """Score and rank into the run's ScoreTable and its scorecards' heads (no per-indicator
    details: scorer/score.py add_details): all that results.json, the CSVs, the index and the
    weights page are written from, so a re-weighting writes them without building a record per
    indicator, gap and quote."""
    with paused_gc():
        heads, table = score_table(run.submissions, run.evidence, rubric, weights)
        key = "total"
        if components is not None and components.used:
            from .components import apply_records

            heads, key = apply_records(heads, components, weights), "composite"
        return ResultsRecord(
            rubric=RubricInfo(version=rubric.version, sha256=rubric.sha256, profile=weights.profile),
            indicators=[IndicatorInfo(id=i.id, code=i.code, name=i.name, expects=i.expects) for i in rubric.indicators],
            submissions=set_bands(rank_records(heads, key=key), rubric.spec.bands),
            failures=run.failures,
            near_duplicates=run.near_duplicates,
            duplicate_ids=duplicate_records(run.duplicate_ids, run.submissions),
            stale_reviews=[],
            engine_version=__version__,
        ), table


def save_run(run: Run, path: Path) -> None:
    """Write run.json (a run that keeps the file it read does not call this: Run.read_from)."""
    # model_dump_json's bytes, a submission and an evidence at a time (scorer/jsonio.py): at
    # 10,000 submissions the file is 400 MB, and one call held two to three times that at once.
    envelope = run.model_copy(update={"submissions": [], "evidence": []})
    with open(path, "wb") as fh:
        for chunk in spliced(envelope.__pydantic_serializer__.to_json(envelope),
                             [("submissions", run.submissions, _dump), ("evidence", run.evidence, _dump)]):
            fh.write(chunk)


def _dump(model: BaseModel) -> bytes:
    return model.__pydantic_serializer__.to_json(model)


def load_run(path: Path) -> Run:
    stamp = file_stamp(path)
    try:
        with paused_gc():
            run = Run.model_validate_json(path.read_bytes())  # bytes: no decoded copy of the file
        release_memory()  # the parser's scratch, as large as the file
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: 找不到运行记录 run.json（请先运行 scorer score）") from None
    except ValidationError as exc:  # JSON or schema errors alike: the first, and how many (a run has millions of fields)
        first = exc.errors(include_url=False)[0]
        where = ".".join(map(str, first["loc"])) or "顶层"
        raise ValueError(f"{path}: 运行记录已损坏（共 {exc.error_count()} 处，第一处在 {where}：{first['msg']}）；"
                         "请重新运行 scorer score 生成新的运行记录") from None
    except ValueError as exc:
        raise ValueError(f"{path}: 运行记录已损坏：{exc}；请重新运行 scorer score 生成新的运行记录") from None
    if stamp is not None and file_stamp(path) == stamp:  # not replaced while it was read
        run._source = (path.resolve(), stamp)
    return run
