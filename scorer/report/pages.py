"""Writing a run's pages: the index, every submission's page and standing, and each indicator's
page of exemplars, rendered by this process and forked workers (render.py turns one view into
HTML; this module decides who renders which page and writes the files).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..profiles import Weights
from ..results import Results
from ..rubric import Rubric
from ..score import Scorecards
from ..workers import paused_gc, pool_context, private_memory_mb
from . import standing
from .clock import generated_at
from .naming import ASSET_FOLDER, EXEMPLAR_FOLDER, page_names
from .notices_view import Notices, build_notices
from .render import (indicator_order, render_exemplars, render_submission, run_maxima, standing_entry,
                     write_assets, write_index)
from .review_view import review_panel
from .standing import STANDING_FOLDER, Pages
from .view import TOP_GAPS, SubmissionViews


def write_html(results: Results, run, rubric: Rubric, folder: Path, *, generated: str | None = None,
               weights: Weights | None = None, jobs: int = 1, top_gaps: int = TOP_GAPS, table=None,
               pages: Pages | None = None) -> float | None:
    """index.html, one <id>.html per submission (the first `top_gaps` gaps in full) and each
    indicator's page of exemplars; with jobs > 1 the submission and exemplar pages are rendered by
    this process and forked workers, each given ids only (a page depends only on the run, never on
    which process renders it). With the run's ScoreTable (`table`, scorer/score.py) the scorecards
    need only their heads: the process rendering a page builds its scorecard in full. `weights`
    (those scored with) make the pages' review preview exact; see review_view.py. Returns the
    largest memory a worker held of its own in MB, when workers were used and the system says
    (for the scale bench).

    Each page's standing (what the weights make of it) goes into standing/NNN.js, and every
    page's digest into standing/pages.json (standing.py). With `pages` (the previous run's, from
    standing.previous_pages), a page whose digest is unchanged is not written: it is added to
    `pages.kept`, and the caller keeps the previous run's file (outputs.write_atomically); so are
    the exemplar pages, as a whole, when their digest is unchanged, and assets/ when its files are
    the same, both added to `pages.folders`."""
    with paused_gc():  # see scorer/workers.py
        return _write_html(results, run, rubric, folder, generated or generated_at(), weights, jobs, top_gaps, table,
                           pages)


EXEMPLAR_TASK = 10  # indicators' exemplar pages per task: a few tenths of a second at 10,000


def _write_html(results: Results, run, rubric: Rubric, folder: Path, generated: str, weights: Weights | None,
                jobs: int, top_gaps: int, table, pages: Pages | None) -> float | None:
    # What every page reads, set before the workers fork (they inherit it): the run's views, with
    # its exemplar pool, and nothing a page of its own needs (its scorecard, its view).
    names = page_names([s.id for s in results.submissions])
    notices = build_notices(results, rubric, names)
    views = SubmissionViews(results, run, rubric, names, generated, top_gaps, table)
    maxima = weights.indicator_max(rubric) if weights is not None else None
    tops = run_maxima(results, maxima)
    cards = Scorecards(table, run.evidence, rubric) if table is not None else None
    ids = [s.id for s in results.submissions]
    run_digest = standing.run_digest(results, rubric, len(ids))
    _pages["state"] = _PageState(views, cards, notices, folder, maxima, indicator_order(results), tops,
                                 run_digest, pages.previous if pages else {})
    # The exemplar pages depend on the evidence alone (standing.exemplars_digest): kept as a whole
    # when the previous run's are of the same sources, else all rendered again.
    exemplars = standing.exemplars_digest(run_digest, views) if views.exemplar_pages else None
    keep_exemplars = exemplars is not None and pages is not None and (pages.exemplars or [None])[0] == exemplars
    exemplar_ids = [] if keep_exemplars else list(views.exemplar_pages)
    if exemplar_ids:
        (folder / EXEMPLAR_FOLDER).mkdir(exist_ok=True)
    (folder / STANDING_FOLDER).mkdir(exist_ok=True)
    digests: dict[str, list] = {}
    kept: list[str] = []

    def collect(done: tuple[float | None, dict[str, list], list[str]]) -> None:
        """A task's outcome: the memory its worker held (None in this process), its pages' digests
        and the pages it kept."""
        peaks.append(done[0])
        digests.update(done[1])
        kept.extend(done[2])

    def own_files() -> None:  # this process's, written while the workers take their first tasks
        write_index(results, run, rubric, folder, generated, table, names, notices)
        if write_assets(folder, results, pages.assets if pages is not None else None):
            pages.folders.add(ASSET_FOLDER)  # the same files as the previous run's: kept as they are

    peaks: list[float | None] = []
    context = pool_context()
    try:
        if jobs > 1 and len(ids) > 1 and context.get_start_method() == "fork":  # elsewhere: this process alone
            # This process renders pages too, beside jobs - 1 workers forked from it: they inherit
            # the page state and are sent only ids (a chunk packed for a spawned worker cost 1.5 ms a
            # page and its start 0.45 s). With the collector paused and the run frozen out of its
            # sight (workers.keep_for_the_run), a worker copies only the pages of what it reads. The
            # exemplar pages go first, as tasks of their own; the workers get the next task while
            # they have fewer than two waiting, else this process does it.
            # A task of pages is a shard of standing/ (standing.shards): the process that renders
            # its pages writes it.
            workers = jobs - 1
            tasks = ([("exemplars", exemplar_ids[k : k + EXEMPLAR_TASK])
                      for k in range(0, len(exemplar_ids), EXEMPLAR_TASK)]
                     + [("pages", shard) for shard in standing.shards(ids)])
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                running = {pool.submit(_write_forked, task) for task in tasks[: 2 * workers]}
                own_files()
                for task in tasks[2 * workers :]:
                    done = {future for future in running if future.done()}
                    running -= done
                    for future in done:
                        collect(future.result())  # a worker's error stops the run here
                    if len(running) < 2 * workers:
                        running.add(pool.submit(_write_forked, task))
                    else:
                        collect((None, *_write_task(task)))
                for future in running:
                    collect(future.result())
        else:
            own_files()
            _write_task(("exemplars", exemplar_ids))
            for shard in standing.shards(ids):
                collect((None, *_write_task(("pages", shard))))
    finally:
        _pages.clear()
    record = None
    if keep_exemplars:
        record = pages.exemplars
        pages.folders.add(EXEMPLAR_FOLDER)
    elif exemplars is not None:
        record = standing.exemplar_record(folder / EXEMPLAR_FOLDER, exemplars)
    (folder / STANDING_FOLDER / standing.RECORD).write_text(standing.record_json(digests, record), encoding="utf-8")
    if pages is not None:
        pages.kept.update(kept)
    return max((p for p in peaks if p is not None), default=None)


@dataclass
class _PageState:
    """What every page the workers write (submission pages, exemplar pages) is built from: set
    before the page workers fork, inherited by them, never sent."""

    views: SubmissionViews
    cards: Scorecards | None  # builds a page's scorecard in full, when the results hold heads only
    notices: Notices
    folder: Path
    maxima: dict[str, float] | None
    order: list[tuple[str, str]]  # the run's indicators (indicator_order)
    tops: list[float] | None  # their maxima (run_maxima)
    run_digest: bytes  # what every page is built from besides its submission (standing.run_digest)
    previous: dict[str, list]  # the pages the previous run wrote: [digest, size] by file name (standing.Pages)


_pages: dict[str, _PageState] = {}


def _write_forked(task) -> tuple[float | None, dict[str, list], list[str]]:
    """A forked worker's task; the memory it holds of its own, in MB, and what _write_task returns."""
    digests, kept = _write_task(task)
    return private_memory_mb(), digests, kept


def _write_task(task) -> tuple[dict[str, list], list[str]]:
    """("pages", (shard, submission ids)) or ("exemplars", indicator ids): those pages, and the
    shard, written. Returns each page's digest and size in bytes by file name, and the pages kept
    as they were (standing.py)."""
    kind, ids = task
    st = _pages["state"]
    digests: dict[str, list] = {}
    kept: list[str] = []
    with paused_gc():
        if kind == "exemplars":
            for ind_id in ids:
                page = st.views.exemplar_page(ind_id)
                if page is not None:
                    (st.folder / EXEMPLAR_FOLDER / f"{ind_id}.html").write_text(render_exemplars(page), encoding="utf-8")
            return digests, kept
        shard, ids = ids
        views = st.views
        entries = {}
        for sid in ids:
            s = views.by_id[sid]
            if st.cards is not None:
                s = st.cards.full(s)
            name = f"{views.names[sid]}.html"
            duplicates = [[views.titles.get(d), views.names.get(d), sim] for d, sim in views.dup_pairs.get(sid, [])]
            notices = st.notices.for_submission(sid)
            sub = views.subs.get(sid)
            digest = standing.page_digest(st.run_digest, s, name, sub, views.evidence.get(sid), notices, duplicates)
            before = st.previous.get(name)
            keep = before is not None and before[0] == digest
            view = views.build(s, page=not keep)
            panel = review_panel(s, sub.sha256 if sub is not None else "", views.rubric, st.maxima, views.lv_names,
                                 st.order, st.tops, page=not keep)  # a kept page needs its standing only
            if keep:
                kept.append(name)
                digests[name] = before
            else:
                page = render_submission(view, panel, notices, standing.shard_path(shard)).encode("utf-8")
                (st.folder / name).write_bytes(page)
                digests[name] = [digest, len(page)]
            entries[sid] = standing_entry(view, panel)
        (st.folder / standing.shard_path(shard)).write_text(standing.shard_js(entries, st.tops), encoding="utf-8")
    return digests, kept
