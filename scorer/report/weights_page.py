"""The live weights page (weights.html) and the other weight outputs written with every run.

weights.html embeds, as JSON, the level every submission earned on every indicator, the level
credits and the effective weights, and re-computes the ranking in the page as area and
second-level weights move: no server, nothing from the network. Its arithmetic is
static/kernel.js, scorer/kernel.py operation by operation (tests/unit/test_kernel.py compares
them), so the totals are the same floating-point numbers the CLI computes; the page's download button
writes the weights as a profile YAML that `scorer rescore RESULTS_DIR --profile FILE` turns into
exactly the ranking the page showed.

Besides the page, the run's folder gets:
- profile.yaml: the effective weights as a self-contained profile (what this run used);
- components.csv: the component scores, when a composite ranking was made (rescore reuses it);
- sensitivity.json / sensitivity.csv: rank intervals and the share of draws keeping the rank,
  when `scorer sensitivity` ran.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..models import Level
from ..profiles import WRITTEN, Weights, default_weights, profile_yaml
from ..results import Results
from ..rubric import Rubric

PAGE = "weights.html"
PROFILE_FILE = "profile.yaml"
SENSITIVITY_COLUMNS = ["id", "rank", "rank_lo", "rank_hi", "keeps_rank"]

_env = Environment(loader=PackageLoader("scorer.report", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


def _json_for_html(data) -> str:
    # Inside <script type="application/json">: no "</" may appear, nor a stray "<!--".
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(results: Results, rubric: Rubric, weights: Weights, sensitivity=None, table=None) -> dict:
    default = default_weights(rubric)
    keep = {row["id"]: row["keeps_rank"] for row in sensitivity.rows()} if sensitivity is not None else {}
    names = {ind.id: ind.name for ind in rubric.indicators}
    code_names = rubric.code_names()
    code_area = rubric.code_area()
    pages = _page_names([s.id for s in results.submissions])
    levels = level_digits(results, rubric, table)
    return {
        "profile": weights.profile,
        "description": weights.description,
        "credits": rubric.credit_matrix(),
        "areas": [{"id": a, "name": spec.name, "weight": weights.areas.get(a, 1.0), "default": default.areas.get(a, 1.0)}
                  for a, spec in rubric.spec.areas.items()],
        "codes": [{"id": c, "area": code_area[c], "name": code_names[c], "weight": weights.codes.get(c, 1.0),
                   "default": default.codes.get(c, 1.0)} for c in code_area],
        "indicators": [{"id": ind.id, "code": ind.code, "name": names[ind.id], "weight": weights.indicators[ind.id],
                        "default": default.indicators[ind.id]} for ind in rubric.indicators],
        # The components ranked by (editable in the page) only when this run made a composite;
        # the profile's component weights go into the downloaded YAML either way.
        "components": [[k, w] for k, w in weights.components.items()] if any(
            s.composite is not None for s in results.submissions) else [],
        "component_weights": [[k, w] for k, w in weights.components.items()],
        "groups": rubric.group_names(),
        "submissions": [
            {"id": s.id, "page": pages.get(s.id, s.id) + ".html", "title": s.title, "group": s.group,
             "rank": s.rank, "total": s.total,
             "composite": s.composite,
             "components": {k: v for k, v in (s.components or {}).items() if k != WRITTEN},
             "interval": s.rank_interval, "keep": keep.get(s.id),
             "levels": levels[s.id]}
            for s in results.submissions
        ],
    }


def level_digits(results: Results, rubric: Rubric, table=None) -> dict[str, str]:
    """Each submission's levels as one digit per indicator in rubric order (its Level value): from
    the run's ScoreTable when given (scorer/score.py), else from the scorecards."""
    if table is not None:
        digits = (table.levels.astype(np.uint8) + ord("0")).tobytes()
        m = table.levels.shape[1]
        return {s["id"]: digits[k * m:(k + 1) * m].decode() for s in results["submissions"] for k in (table.row[s["id"]],)}
    digit = {name: str(int(lv)) for name, lv in Level.__members__.items()}
    ids = [ind.id for ind in rubric.indicators]
    levels_of = {s.id: {i["id"]: i["level"] for i in s["indicators"]} for s in results.submissions}  # items: records
    return {sid: "".join([digit[lv.get(i, "none")] for i in ids]) for sid, lv in levels_of.items()}


def _page_names(ids: list[str]) -> dict[str, str]:
    """The submission pages' file names, as the report writes them."""
    try:
        from .naming import page_names
    except ImportError:  # an older report module: pages are named by id
        return {i: i for i in ids}
    return page_names(ids)


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def render_weights_page(results: Results, rubric: Rubric, weights: Weights, sensitivity=None, table=None) -> str:
    from .clock import generated_at
    from .render import static_asset  # here: render imports this module (via review_view)

    template = _env.get_template(PAGE)
    assets = _env.get_template("weights_assets.html").module  # macros: the page's script and styles
    # The kernel first: the page's script calls it (window.ScoreKernel).
    js, css = static_asset("kernel.js") + "\n" + str(assets.script()), str(assets.style())
    csp = (f"default-src 'none'; script-src '{_csp_hash(js)}'; style-src '{_csp_hash(css)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return template.render(
        data=Markup(_json_for_html(page_data(results, rubric, weights, sensitivity, table))), js=Markup(js),
        css=Markup(css), csp=csp, rubric=rubric, weights=weights, results=results, engine_version=__version__,
        has_composite=any(s.composite is not None for s in results.submissions),
        has_interval=any(s.rank_interval for s in results.submissions),
        generated=generated_at())


def write_weight_outputs(folder: Path, results: Results, run, rubric: Rubric, weights: Weights,
                         components=None, sensitivity=None, table=None) -> None:
    """Write weights.html, profile.yaml and, when they apply, components.csv and sensitivity.*;
    from the run's ScoreTable when given (scorer/score.py), else from the scorecards."""
    (folder / PAGE).write_text(render_weights_page(results, rubric, weights, sensitivity, table), encoding="utf-8")
    header = (f"本次评分使用的权重（配置 {weights.profile}），由 scorer 写出，可直接用作 --profile。\n"
              f"评分规则 {rubric.version}（sha256 {rubric.sha256[:16]}…）")
    (folder / PROFILE_FILE).write_text(profile_yaml(rubric, weights, header=header), encoding="utf-8")
    if components is not None:
        from ..components import write_copy

        write_copy(components, folder, [s.id for s in results.submissions])
    if sensitivity is not None:
        (folder / "sensitivity.json").write_text(
            json.dumps(sensitivity.summary(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        from ..tables import csv_text  # ids as CSV cells a spreadsheet will not run

        (folder / "sensitivity.csv").write_text(csv_text(sensitivity.rows(), SENSITIVITY_COLUMNS), encoding="utf-8-sig")
