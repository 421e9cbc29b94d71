"""Render the view models with jinja2 (autoescaped) into self-contained HTML files.

Styles and scripts live in static/ and are inlined at render time; each page carries a
Content-Security-Policy that allows only those inline blocks (by hash) and nothing from the
network, so a report opened on an offline machine needs nothing else, and text that somehow
looked like markup could still not run.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..ingest.duplicates import similarity_label
from ..profiles import Weights
from ..results import Results
from ..rubric import Rubric
from .clock import generated_at
from .notices_view import Notices, build_notices
from .review_view import ReviewPanel, review_panel, reviewed_counts
from .view import TOP_GAPS, IndexView, SubmissionView, SubmissionViews, build_index, level_names, page_names

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


@lru_cache(maxsize=None)
def _static(name: str) -> str:
    text = resources.files("scorer.report").joinpath("static", name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"static/{name} must not close its own element (it is inlined)")
    return text


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _assets(*scripts: str, styles: tuple[str, ...] = ("report.css",)) -> dict:
    css = "\n".join(_static(name) for name in styles)
    js = "\n".join(_static(name) for name in scripts)
    csp = (f"default-src 'none'; style-src '{_hash(css)}'; script-src '{_hash(js)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    # Inlined as Markup: these are our own files, never user input.
    return {"css": Markup(css), "js": Markup(js), "csp": csp}


_STYLES = ("report.css", "reviews.css")


def render_index(view: IndexView, reviewed: dict[str, int] | None = None, notices: Notices | None = None) -> str:
    return _env.get_template("index.html").render(v=view, reviewed=reviewed or {}, notices=notices or Notices(),
                                                  **_assets("index.js", styles=_STYLES))


def render_submission(view: SubmissionView, panel: ReviewPanel, notices: Notices | None = None) -> str:
    return _env.get_template("submission.html").render(v=view, rv=panel, notices=notices or Notices(),
                                                       **_assets("submission.js", "reviews.js", styles=_STYLES))


def write_html(results: Results, run, rubric: Rubric, folder: Path, *, generated: str | None = None,
               weights: Weights | None = None, top_gaps: int = TOP_GAPS) -> None:
    """index.html and one <id>.html per submission (the first `top_gaps` gaps in full). `weights`
    (those scored with) make the pages' review preview exact; see review_view.py."""
    generated = generated or generated_at()
    names = page_names([s.id for s in results.submissions])
    index = build_index(results, run, rubric, names, generated)
    notices = build_notices(results, rubric, names)
    (folder / "index.html").write_text(render_index(index, reviewed_counts(results), notices), encoding="utf-8")
    views = SubmissionViews(results, run, rubric, names, generated, top_gaps)
    maxima = weights.indicator_max(rubric) if weights is not None else None
    texts = {sub.id: sub.sha256 for sub in run.submissions}
    lv_names = level_names(rubric)
    for s in results.submissions:
        panel = review_panel(s, texts.get(s.id, ""), rubric, maxima, lv_names)
        (folder / f"{names[s.id]}.html").write_text(render_submission(views.build(s), panel, notices.for_submission(s.id)),
                                                    encoding="utf-8")
