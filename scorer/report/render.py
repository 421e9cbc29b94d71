"""Build the view models for the HTML pages and render them with jinja2 (autoescaped)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..models import GROUP_NAMES_ZH, LEVEL_NAMES_ZH, Level
from ..results import Results, SubmissionResult
from ..rubric import Rubric

_env = Environment(loader=PackageLoader("scorer.report", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["pts"] = lambda x: f"{x:.2f}"
LEVEL_ZH = {lv.name: LEVEL_NAMES_ZH[lv] for lv in Level}


def exemplars(results: Results, run) -> dict[str, list[dict]]:
    """For each indicator, the strongest quoted evidence across the run, best first."""
    subs = {s.id: s for s in results.submissions}
    best: dict[str, list[dict]] = {}
    for ev in run.evidence:
        for ind in ev.indicators:
            if ind.level < Level.substantive or not ind.passages:
                continue
            p = ind.passages[0]
            best.setdefault(ind.id, []).append(
                {"submission": ev.submission_id, "title": subs[ev.submission_id].title if ev.submission_id in subs else "",
                 "level": Level(p.level).name, "quote": p.quote, "rank": int(p.level)})
    for items in best.values():
        items.sort(key=lambda e: (-e["rank"], e["submission"]))
    return best


def _common(rubric: Rubric, results: Results) -> dict:
    return {
        "rubric": rubric, "results": results, "groups_zh": GROUP_NAMES_ZH, "level_zh": LEVEL_ZH,
        "areas": rubric.spec.areas, "engine_version": __version__,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def render_submission(result: SubmissionResult, run, rubric: Rubric, results: Results, best) -> str:
    sub = next(s for s in run.submissions if s.id == result.id)
    ev = next(e for e in run.evidence if e.submission_id == result.id)
    passages = {i.id: i.passages for i in ev.indicators}
    names = {ind.id: ind.name for ind in rubric.indicators}
    peers = {g.indicator: [e for e in best.get(g.indicator, []) if e["submission"] != result.id][:2]
             for g in result.gaps}
    return _env.get_template("submission.html").render(
        s=result, sub=sub, passages=passages, names=names, peers=peers, code_names=rubric.code_names(),
        **_common(rubric, results))


def write_html(results: Results, run, rubric: Rubric, folder: Path) -> None:
    best = exemplars(results, run)
    (folder / "index.html").write_text(
        _env.get_template("index.html").render(**_common(rubric, results)), encoding="utf-8")
    for result in results.submissions:
        (folder / f"{result.id}.html").write_text(
            render_submission(result, run, rubric, results, best), encoding="utf-8")
