"""Render the view models with jinja2 (autoescaped) into self-contained HTML files.

Styles and scripts live in static/ and are inlined at render time; each page carries a
Content-Security-Policy that allows only those inline blocks (by hash) and nothing from the
network, so a report opened on an offline machine needs nothing else, and text that somehow
looked like markup could still not run.
"""

from __future__ import annotations

import base64
import hashlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..ingest.duplicates import similarity_label
from ..profiles import Weights
from ..results import Results
from ..rubric import Rubric
from ..workers import paused_gc, pool_context
from .clock import generated_at
from .naming import EXEMPLAR_FOLDER, page_names
from .notices_view import Notices, build_notices
from .review_view import ReviewPanel, review_panel, reviewed_counts
from .view import TOP_GAPS, ExemplarPage, IndexView, SubmissionView, SubmissionViews, build_index, level_names

_env = Environment(
    loader=PackageLoader("scorer.report", "templates"),
    autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
_env.filters["pts"] = lambda x: "" if x is None else f"{x:.2f}"
_env.filters["pct"] = lambda x: "—" if x is None else f"{x:.0f}%"
_env.filters["px"] = lambda x: f"{x:.1f}"
_env.filters["similarity"] = similarity_label


def pieces_html(pieces) -> Markup:
    """Text pieces as HTML: plain, or in a <mark> (classes, anchor, tooltip) or an anchored <span>.

    Every text and attribute goes through markupsafe's escape, as {{ }} would; this is the
    `pieces` filter of the templates.
    """
    out = []
    for pc in pieces:
        text = escape(pc.text)
        if pc.cls:
            anchor = f' id="{escape(pc.anchor)}"' if pc.anchor else ""
            title = f' title="{escape(pc.title)}"' if pc.title else ""
            out.append(f'<mark class="{escape(pc.cls)}"{anchor}{title}>{text}</mark>')
        elif pc.anchor:
            out.append(f'<span id="{escape(pc.anchor)}">{text}</span>')
        else:
            out.append(text)
    return Markup("".join(out))


_env.filters["pieces"] = pieces_html


@lru_cache(maxsize=None)
def static_asset(name: str) -> str:
    text = resources.files("scorer.report").joinpath("static", name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"static/{name} must not close its own element (it is inlined)")
    return text


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _assets(*scripts: str, styles: tuple[str, ...] = ("report.css",)) -> dict:
    css = "\n".join(static_asset(name) for name in styles)
    js = "\n".join(static_asset(name) for name in scripts)
    allowed = f"'{_hash(js)}'" if scripts else "'none'"  # a page without a script allows none
    csp = (f"default-src 'none'; style-src '{_hash(css)}'; script-src {allowed}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    # Inlined as Markup: these are our own files, never user input.
    return {"css": Markup(css), "js": Markup(js), "csp": csp}


_STYLES = ("report.css", "reviews.css")


def render_index(view: IndexView, reviewed: dict[str, int] | None = None, notices: Notices | None = None) -> str:
    return _env.get_template("index.html").render(v=view, reviewed=reviewed or {}, notices=notices or Notices(),
                                                  **_assets("index.js", styles=_STYLES))


def render_submission(view: SubmissionView, panel: ReviewPanel, notices: Notices | None = None) -> str:
    return _env.get_template("submission.html").render(v=view, rv=panel, notices=notices or Notices(),
                                                       **_assets("kernel.js", "submission.js", "reviews.js", styles=_STYLES))


def render_exemplars(view: ExemplarPage) -> str:
    return _env.get_template("exemplars.html").render(v=view, **_assets(styles=_STYLES))


def write_html(results: Results, run, rubric: Rubric, folder: Path, *, generated: str | None = None,
               weights: Weights | None = None, jobs: int = 1, top_gaps: int = TOP_GAPS) -> None:
    """index.html, one <id>.html per submission (the first `top_gaps` gaps in full) and each
    indicator's page of exemplars; with jobs > 1 the submission pages are rendered by worker
    processes (a page depends only on the run, never on which worker renders it). `weights`
    (those scored with) make the pages' review preview exact; see review_view.py."""
    with paused_gc():  # see scorer/workers.py
        _write_html(results, run, rubric, folder, generated or generated_at(), weights, jobs, top_gaps)


def _write_html(results: Results, run, rubric: Rubric, folder: Path, generated: str, weights: Weights | None,
                jobs: int, top_gaps: int) -> None:
    names = page_names([s.id for s in results.submissions])
    index = build_index(results, run, rubric, names, generated)
    notices = build_notices(results, rubric, names)
    (folder / "index.html").write_text(render_index(index, reviewed_counts(results), notices), encoding="utf-8")
    views = SubmissionViews(results, run, rubric, names, generated, top_gaps)
    if views.exemplar_pages:
        (folder / EXEMPLAR_FOLDER).mkdir(exist_ok=True)
    for ind_id in views.exemplar_pages:
        page = views.exemplar_page(ind_id)
        if page is not None:
            (folder / EXEMPLAR_FOLDER / f"{ind_id}.html").write_text(render_exemplars(page), encoding="utf-8")
    state = _PageState(views, folder, rubric, weights.indicator_max(rubric) if weights is not None else None,
                       {sub.id: sub.sha256 for sub in run.submissions}, level_names(rubric), notices)
    ids = [s.id for s in results.submissions]
    if jobs > 1 and len(ids) > 1:
        # Contiguous chunks, several per worker so that a slow chunk does not leave a core idle.
        size = max(1, min(100, len(ids) // (jobs * 4)))
        chunks = [ids[k : k + size] for k in range(0, len(ids), size)]
        with ProcessPoolExecutor(jobs, mp_context=pool_context(), initializer=_init_pages,
                                 initargs=(state,)) as pool:
            for _ in pool.map(_write_pages, chunks):
                pass
    else:
        _init_pages(state)
        _write_pages(ids)


@dataclass
class _PageState:
    """What every submission page is built from, shared by the workers (inherited, not sent)."""

    views: SubmissionViews
    folder: Path
    rubric: Rubric
    maxima: dict[str, float] | None
    texts: dict[str, str]
    level_names: dict[str, str]
    notices: Notices


_pages: dict = {}


def _init_pages(state: _PageState) -> None:
    _pages["state"] = state


def _write_pages(ids: list[str]) -> int:
    st: _PageState = _pages["state"]
    with paused_gc():
        for sid in ids:
            s = st.views.by_id[sid]
            panel = review_panel(s, st.texts.get(sid, ""), st.rubric, st.maxima, st.level_names)
            page = render_submission(st.views.build(s), panel, st.notices.for_submission(sid))
            (st.folder / f"{st.views.names[sid]}.html").write_text(page, encoding="utf-8")
    return len(ids)
