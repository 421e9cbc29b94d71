"""Render the view models with jinja2 (autoescaped) into HTML files that need no network.

Styles and scripts live in static/. The index inlines its own; the submission and exemplar
pages link the style and scripts they all share, written once into the run folder's assets/
(write_assets): inlined, they were a fifth of every page. Each page carries a
Content-Security-Policy that allows only those (inline blocks by hash, linked files from the
run folder itself) and nothing from the network, so a report opened on an offline machine needs
nothing else, and text that somehow looked like markup could still not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..ingest.duplicates import similarity_label
from ..profiles import Weights
from ..results import Results
from ..rubric import Rubric
from ..score import Scorecards
from ..workers import paused_gc, pool_context, private_memory_mb
from . import index_rows, sections, standing
from .clock import generated_at
from .index_view import IndexView, build_index
from .naming import ASSET_FOLDER, EXEMPLAR_FOLDER, page_names
from .notices_view import Notices, build_notices
from .review_view import ReviewPanel, review_panel, reviewed_counts
from .standing import STANDING_FOLDER, Pages
from .view import TOP_GAPS, ExemplarPage, SubmissionView, SubmissionViews, level_names
from .weights_page import _json_for_html

_env = Environment(
    loader=PackageLoader("scorer.report", "templates"),
    autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
    auto_reload=False,  # templates are part of the package: no stat() of every template per page
)
_env.filters["pts"] = sections.pts
_env.filters["pct"] = sections.pct
_env.filters["px"] = sections.px
_env.filters["similarity"] = similarity_label


def _pieces(pieces) -> Markup:
    """The `pieces` filter of the templates: text pieces as HTML, every text and attribute
    escaped as {{ }} would (sections.pieces_html)."""
    return Markup(sections.pieces_html(pieces))


_env.filters["pieces"] = _pieces
_env.globals["sections"] = sections  # the page's long sections, in plain Python (see sections.py)
_env.globals["index_rows"] = index_rows  # the index's long tables, likewise


@lru_cache(maxsize=None)
def static_asset(name: str) -> str:
    text = resources.files("scorer.report").joinpath("static", name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"static/{name} must not close its own element (it is inlined)")
    return text


_CSS_STRING = re.compile(r'("[^"\n]*")')
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s*([{};,])\s*|(:)\s+")


def compact_css(css: str) -> str:
    """The stylesheet without comments and layout whitespace: inlined into the index and the
    weights page, and written once into the run's assets/ for the other pages (its indentation and
    comments were 4 KB of each page that inlined it). Strings (`content: "第 " …`) are
    kept as they are; only whitespace around `{ } ; ,`, after `:` and runs of it elsewhere go
    (never before a `:`, where it is a descendant combinator)."""
    parts = _CSS_STRING.split(_CSS_COMMENT.sub("", css))
    for k in range(0, len(parts), 2):  # outside the strings
        text = parts[k]
        inner = _CSS_SPACE.sub(lambda m: m.group(1) or m.group(2), " ".join(text.split()))
        # a space beside a string stays one space (`"第 " counter(page)`)
        lead = " " if k > 0 and text[:1].isspace() and inner[:1] not in "{};," else ""
        trail = " " if k + 1 < len(parts) and text[-1:].isspace() and inner[-1:] not in "{};,:" else ""
        parts[k] = lead + inner + trail
    return "".join(parts).replace(";}", "}")


def compact_js(js: str) -> str:
    """The script without indentation, blank lines and comments that fill whole lines: inlined into
    the index and the weights page, and written once into assets/ for the others. Nothing inside a line changes (no string or regular expression is touched), and our
    scripts have no template literals, whose lines would keep their indentation."""
    out, in_comment = [], False
    for line in js.splitlines():
        text = line.strip()
        if in_comment:
            in_comment = "*/" not in text
            continue
        if text.startswith("/*"):
            in_comment = "*/" not in text
            continue
        if text and not text.startswith("//"):
            out.append(text)
    return "\n".join(out)


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@lru_cache(maxsize=None)
def _assets(*scripts: str, styles: tuple[str, ...] = ("report.css",)) -> dict:
    """The page's styles and scripts, compacted, and the policy allowing exactly them (computed
    once per kind of page, not once per page)."""
    css = compact_css("\n".join(static_asset(name) for name in styles))
    js = compact_js("\n".join(static_asset(name) for name in scripts))
    allowed = f"'{_hash(js)}'" if scripts else "'none'"  # a page without a script allows none
    csp = (f"default-src 'none'; style-src '{_hash(css)}'; script-src {allowed}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    # Inlined as Markup: these are our own files, never user input.
    return {"css": Markup(css), "js": Markup(js), "csp": csp}


_STYLES = ("report.css", "reviews.css")
_SCRIPTS = ("kernel.js", "submission.js", "reviews.js")
# Linked files of the run folder only ('self'; from file:// Chromium counts the folder's files
# as 'self' too), nothing inline: the pages' data blocks are JSON, which no browser runs.
_LINKED_CSP = ("default-src 'none'; style-src 'self'; script-src {scripts}; img-src data:; base-uri 'none'; "
               "form-action 'none'")


@lru_cache(maxsize=None)
def shared_assets() -> dict[str, str]:
    """The files of assets/ that do not depend on the run: the pages' style and script, compacted."""
    return {"report.css": compact_css("\n".join(static_asset(name) for name in _STYLES)),
            "submission.js": compact_js("\n".join(static_asset(name) for name in _SCRIPTS))}


def indicators_js(results: Results, maxima: list[float] | None = None) -> str:
    """assets/indicators.js: the run's indicators in order ([id, code]) and, when known, their
    unrounded maxima in that order (for the review data of review_view.review_panel), and what
    each expects (for the folded gaps of sections.folded_gaps_data): every page repeated them."""
    data = {"order": indicator_order(results), "expects": results.expects()}
    if maxima is not None:
        data["max"] = maxima
    return f"window.RUN_INDICATORS = {_json_for_html(data)};\n"


def indicator_order(results: Results) -> list[tuple[str, str]]:
    return [(ind.id, ind.code) for ind in results.indicators]


def run_maxima(results: Results, maxima: dict[str, float] | None) -> list[float] | None:
    """The indicators' unrounded maxima of the weights scored with (`maxima`, by id), in
    indicator_order (None without them: pages then carry the results' rounded maxima)."""
    if maxima is None or any(ind.id not in maxima for ind in results.indicators):
        return None
    return [maxima[ind.id] for ind in results.indicators]


def write_assets(folder: Path, results: Results, maxima: list[float] | None = None) -> None:
    """The run folder's assets/: written with the run's other files, so listed in its marker and
    replaced whole (scorer/outputs.py)."""
    (folder / ASSET_FOLDER).mkdir(exist_ok=True)
    for name, text in {**shared_assets(), "indicators.js": indicators_js(results, maxima)}.items():
        (folder / ASSET_FOLDER / name).write_text(text, encoding="utf-8")


def render_index(view: IndexView, reviewed: dict[str, int] | None = None, notices: Notices | None = None) -> str:
    return _env.get_template("index.html").render(v=view, reviewed=reviewed or {}, notices=notices or Notices(),
                                                  **_assets("index.js", styles=("report.css", "index.css", "reviews.css")))


def render_submission(view: SubmissionView, panel: ReviewPanel, notices: Notices | None = None,
                      shard: str = "") -> str:
    """The page of one submission: what the submission alone decides (standing.py); what the
    weights make of it is in its `shard` (standing_entry)."""
    return _env.get_template("submission.html").render(v=view, rv=panel, notices=notices or Notices(),
                                                       assets=ASSET_FOLDER, standing=shard,
                                                       csp=_LINKED_CSP.format(scripts="'self'"))


def standing_entry(view: SubmissionView, panel: ReviewPanel) -> dict:
    """The parts of a submission's page that the weights decide, by the name of their placeholder
    (<template data-st="…"> in templates/submission.html, macros of templates/standing.html), as
    HTML; `pts` the evidence's points (sections.evidence_points) and `rv` the review preview's
    maxima when not the run's (review_view.review_panel)."""
    m = _env.get_template("standing.html").module
    entry = {"nav": str(m.nav(view)).strip(), "facts": str(m.facts(view)).strip(), "score": str(m.score(view)).strip(),
             "ngaps": str(len(view.gaps)), "assess": str(m.assess(view)).strip(), "chart": str(m.chart(view)).strip(),
             "gaps": str(m.gaps(view)).strip(), "rvtotal": str(m.review_total(panel)).strip(),
             "audit": str(m.audit(view.audit)).strip(), "pts": sections.evidence_points(view.areas)}
    if panel.standing:
        entry["rv"] = panel.standing
    return entry


def render_exemplars(view: ExemplarPage) -> str:
    return _env.get_template("exemplars.html").render(v=view, assets=ASSET_FOLDER,
                                                      csp=_LINKED_CSP.format(scripts="'none'"))


def write_index(results: Results, run, rubric: Rubric, folder: Path, generated: str, table=None,
                names: dict[str, str] | None = None, notices: Notices | None = None) -> None:
    """index.html; from the run's ScoreTable when given (scorer/score.py), so that a re-weighting
    writes it before any scorecard is built in full."""
    names = names or page_names([s["id"] for s in results["submissions"]])
    notices = notices or build_notices(results, rubric, names)
    index = build_index(results, run, rubric, names, generated, table)
    (folder / "index.html").write_text(render_index(index, reviewed_counts(results, table), notices), encoding="utf-8")


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
    `pages.kept`, and the caller keeps the previous run's file (outputs.write_atomically)."""
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
    _pages["state"] = _PageState(views, cards, {sub.id: sub.sha256 for sub in run.submissions}, notices, folder,
                                 rubric, maxima, level_names(rubric), indicator_order(results), tops,
                                 standing.run_digest(results, rubric, len(ids)), pages.previous if pages else {})
    if views.exemplar_pages:
        (folder / EXEMPLAR_FOLDER).mkdir(exist_ok=True)
    (folder / STANDING_FOLDER).mkdir(exist_ok=True)
    exemplar_ids = list(views.exemplar_pages)
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
        write_assets(folder, results, tops)

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
    (folder / STANDING_FOLDER / standing.RECORD).write_text(standing.record_json(digests), encoding="utf-8")
    if pages is not None:
        pages.kept.update(kept)
    return max((p for p in peaks if p is not None), default=None)


@dataclass
class _PageState:
    """What every page the workers write (submission pages, exemplar pages) is built from: set
    before the page workers fork, inherited by them, never sent."""

    views: SubmissionViews
    cards: Scorecards | None  # builds a page's scorecard in full, when the results hold heads only
    texts: dict[str, str]  # the texts' sha256, by submission
    notices: Notices
    folder: Path
    rubric: Rubric
    maxima: dict[str, float] | None
    level_names: dict[str, str]
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
            digest = standing.page_digest(st.run_digest, s, name, views.subs.get(sid), views.evidence.get(sid),
                                          notices, duplicates)
            before = st.previous.get(name)
            keep = before is not None and before[0] == digest
            view = views.build(s, page=not keep)
            panel = review_panel(s, st.texts.get(sid, ""), st.rubric, st.maxima, st.level_names, st.order, st.tops)
            if keep:
                kept.append(name)
                digests[name] = before
            else:
                page = render_submission(view, panel, notices, standing.shard_path(shard)).encode("utf-8")
                (st.folder / name).write_bytes(page)
                digests[name] = [digest, len(page)]
            entries[sid] = standing_entry(view, panel)
        (st.folder / standing.shard_path(shard)).write_text(standing.shard_js(entries), encoding="utf-8")
    return digests, kept
