"""Render the view models with jinja2 (autoescaped) into self-contained HTML files.

Styles and scripts live in static/ and are inlined at render time; each page carries a
Content-Security-Policy that allows only those inline blocks (by hash) and nothing from the
network, so a report opened on an offline machine needs nothing else, and text that somehow
looked like markup could still not run.
"""

from __future__ import annotations

import base64
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..results import Results
from ..rubric import Rubric
from ..workers import paused_gc, pool_context
from .naming import EXEMPLAR_FOLDER, page_names
from .view import ExemplarPage, IndexView, SubmissionView, SubmissionViews, build_index

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


def _assets(script: str | None) -> dict:
    css = static_asset("report.css")
    js = static_asset(script) if script else ""
    scripts = f"'{_hash(js)}'" if script else "'none'"
    csp = (f"default-src 'none'; style-src '{_hash(css)}'; script-src {scripts}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    # Inlined as Markup: these are our own files, never user input.
    return {"css": Markup(css), "js": Markup(js), "csp": csp}


def generated_at() -> str:
    """The render time; SOURCE_DATE_EPOCH (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def render_index(view: IndexView) -> str:
    return _env.get_template("index.html").render(v=view, **_assets("index.js"))


def render_submission(view: SubmissionView) -> str:
    return _env.get_template("submission.html").render(v=view, **_assets("submission.js"))


def render_exemplars(view: ExemplarPage) -> str:
    return _env.get_template("exemplars.html").render(v=view, **_assets(None))


def write_html(results: Results, run, rubric: Rubric, folder: Path, *, generated: str | None = None,
               jobs: int = 1) -> None:
    """index.html and one <id>.html per submission; with jobs > 1 the pages are rendered by
    worker processes. A page depends only on the run, never on which worker renders it."""
    with paused_gc():  # see scorer/workers.py
        _write_html(results, run, rubric, folder, generated or generated_at(), jobs)


def _write_html(results: Results, run, rubric: Rubric, folder: Path, generated: str, jobs: int) -> None:
    names = page_names([s.id for s in results.submissions])
    (folder / "index.html").write_text(render_index(build_index(results, run, rubric, names, generated)), encoding="utf-8")
    views = SubmissionViews(results, run, rubric, names, generated)
    if views.exemplar_pages:
        (folder / EXEMPLAR_FOLDER).mkdir(exist_ok=True)
    for ind_id in views.exemplar_pages:
        page = views.exemplar_page(ind_id)
        if page is not None:
            (folder / EXEMPLAR_FOLDER / f"{ind_id}.html").write_text(render_exemplars(page), encoding="utf-8")
    ids = [s.id for s in results.submissions]
    if jobs > 1 and len(ids) > 1:
        # Contiguous chunks, several per worker so that a slow chunk does not leave a core idle.
        size = max(1, min(100, len(ids) // (jobs * 4)))
        chunks = [ids[k : k + size] for k in range(0, len(ids), size)]
        with ProcessPoolExecutor(jobs, mp_context=pool_context(), initializer=_init_pages,
                                 initargs=(views, folder)) as pool:
            for _ in pool.map(_write_pages, chunks):
                pass
    else:
        _init_pages(views, folder)
        _write_pages(ids)


_pages: dict = {}


def _init_pages(views: SubmissionViews, folder: Path) -> None:
    _pages["views"], _pages["folder"] = views, folder


def _write_pages(ids: list[str]) -> int:
    views, folder = _pages["views"], _pages["folder"]
    with paused_gc():
        for sid in ids:
            page = render_submission(views.build(views.by_id[sid]))
            (folder / f"{views.names[sid]}.html").write_text(page, encoding="utf-8")
    return len(ids)
