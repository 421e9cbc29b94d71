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
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..ingest.duplicates import similarity_label
from ..results import Results
from ..rubric import Rubric
from . import index_rows, sections, standing_parts
from .index_view import IndexView, build_index
from .naming import ASSET_FOLDER, page_names
from .notices_view import Notices, build_notices
from .review_view import ReviewPanel, reviewed_counts
from .standing import same_files
from .view import Audit, ExemplarPage, SubmissionView
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


def indicators_js(results: Results) -> str:
    """assets/indicators.js: the run's indicators in order ([id, code]) (for the review data of
    review_view.review_panel) and what each expects (for the folded gaps of
    sections.folded_gaps_data): every page repeated them. Nothing the weights decide: their
    maxima are in the standing shards (standing.shard_js), so a re-weighting keeps assets/."""
    data = {"order": indicator_order(results), "expects": results.expects()}
    return f"window.RUN_INDICATORS = {_json_for_html(data)};\n"


def indicator_order(results: Results) -> list[tuple[str, str]]:
    return [(ind.id, ind.code) for ind in results.indicators]


def run_maxima(results: Results, maxima: dict[str, float] | None) -> list[float] | None:
    """The indicators' unrounded maxima of the weights scored with (`maxima`, by id), in
    indicator_order (None without them: pages then carry the results' rounded maxima)."""
    if maxima is None or any(ind.id not in maxima for ind in results.indicators):
        return None
    return [maxima[ind.id] for ind in results.indicators]


def write_assets(folder: Path, results: Results, previous: Path | None = None) -> bool:
    """The run folder's assets/: written with the run's other files, so listed in its marker and
    replaced whole (scorer/outputs.py). With `previous` (the previous run's assets/), nothing is
    written when it holds exactly these files with these bytes: returns True, and the caller keeps
    that folder as it is."""
    files = {**shared_assets(), "indicators.js": indicators_js(results)}
    if previous is not None and same_files(previous, files):
        return True
    (folder / ASSET_FOLDER).mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / ASSET_FOLDER / name).write_text(text, encoding="utf-8")
    return False


def render_index(view: IndexView, reviewed: dict[str, int] | None = None, notices: Notices | None = None) -> str:
    return _env.get_template("index.html").render(v=view, reviewed=reviewed or {}, notices=notices or Notices(),
                                                  **_assets("index.js", styles=("report.css", "index.css", "reviews.css")))


def render_submission(view: SubmissionView, panel: ReviewPanel, notices: Notices | None,
                      shard: str) -> str:
    """The page of one submission: what the submission alone decides (standing.py); what the
    weights make of it is in its `shard` (standing_entry)."""
    return _env.get_template("submission.html").render(v=view, rv=panel, notices=notices or Notices(),
                                                       assets=ASSET_FOLDER, standing=shard,
                                                       csp=_LINKED_CSP.format(scripts="'self'"))


def standing_entry(view: SubmissionView, panel: ReviewPanel) -> dict:
    """The parts of a submission's page that the weights decide, by the name of their placeholder
    (<template data-st="…"> in templates/submission.html), as HTML written in plain Python
    (standing_parts.py); `pts` the evidence's points (sections.evidence_points) and `rv` the review
    preview's maxima when not the run's (review_view.review_panel)."""
    entry = {"nav": standing_parts.nav(view), "facts": standing_parts.facts(view),
             "score": standing_parts.score(view), "ngaps": str(len(view.gaps)),
             "assess": standing_parts.assess(view), "chart": standing_parts.chart(view),
             "gaps": standing_parts.gaps(view), "rvtotal": standing_parts.review_total(panel),
             "audit": _audit_run(view.audit),
             "pts": sections.evidence_points(view.areas)}
    if panel.standing:
        entry["rv"] = panel.standing
    return entry


def _audit_run(audit: Audit) -> str:
    """The audit rows the weighting decides (macros.html's audit_run, which a page rendered without
    a standing prints too): the same for every submission of a run, so rendered once per run."""
    key = (audit.rubric_sha256, audit.profile, audit.generated)  # all that audit_run reads
    html = _audit_rows.get(key)
    if html is None:
        html = _audit_rows[key] = str(_env.get_template("macros.html").module.audit_run(audit)).strip()
    return html


_audit_rows: dict[tuple[str, str, str], str] = {}


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
