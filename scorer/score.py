"""Evidence × weights → a scorecard. Pure and cheap: re-weighting never re-reads a text."""

from __future__ import annotations

from .models import Evidence, Level, Submission
from .profiles import Weights
from .results import SubmissionResult
from .rubric import Rubric


def _r(x: float) -> float:
    # Rounded once, here, so that totals, CSV and HTML agree to the last digit.
    return round(x + 0.0, 4)


def level_points(top: float, rubric: Rubric) -> list[float]:
    """An indicator's points at each level (none … quantified), rounded as its score is: what a
    page that lets a reviewer change a level shows without re-scoring."""
    return [_r(top * rubric.credit(level)) for level in Level]


def score(submission: Submission, evidence: Evidence, rubric: Rubric, weights: Weights,
          maxima: dict[str, float] | None = None) -> SubmissionResult:
    maxima = maxima if maxima is not None else weights.indicator_max(rubric)
    code_area = rubric.code_area()
    credit = {level: rubric.credit(level) for level in Level}
    by_id = evidence.by_id()
    reviews = {r.indicator: r for r in evidence.reviews}
    indicators: list[dict] = []
    areas = {a: [0.0, 0.0] for a in rubric.spec.areas}
    secondary = {c: [0, 0.0, 0.0] for c in code_area}
    gaps: list[dict] = []
    for ind in rubric.indicators:
        ev = by_id.get(ind.id)
        level = ev.level if ev else Level.none
        top = maxima[ind.id]
        pts = top * credit[level]
        row = {
            "id": ind.id, "code": ind.code, "level": level.name, "score": _r(pts), "max": _r(top),
            "evidence": [{"quote": p.quote, "start": p.start, "end": p.end} for p in (ev.passages if ev else [])],
        }
        review = reviews.get(ind.id)
        if review is not None:
            row["machine_level"] = review.machine_level.name
            row["review"] = {"level": review.level.name, "reason": review.reason, "reviewer": review.reviewer,
                             "date": review.date or None}
        indicators.append(row)
        a = code_area[ind.code]
        areas[a][0] += pts
        areas[a][1] += top
        sec = secondary[ind.code]
        sec[0] = max(sec[0], level.catalogue_level)
        sec[1] += pts
        sec[2] += top
        if top - pts > 1e-9:
            gaps.append({"indicator": ind.id, "code": ind.code, "points_lost": _r(top - pts), "expects": ind.expects})
    gaps.sort(key=lambda g: (-g["points_lost"], g["indicator"]))
    # One validation of plain data in pydantic's core is several times faster than building
    # ~300 models one by one, which matters when thousands of submissions are re-weighted.
    return SubmissionResult.model_validate({
        "id": submission.id,
        "title": submission.title,
        "group": submission.group,
        "region": submission.region,
        "year": submission.year,
        "total": _r(sum(i["score"] for i in indicators)),
        "areas": {a: {"score": _r(s), "max": _r(m)} for a, (s, m) in areas.items()},
        "secondary": {c: {"level": lv, "score": _r(s), "max": _r(m)} for c, (lv, s, m) in secondary.items()},
        "indicators": indicators,
        "problems": [{"quote": p.quote, "start": p.start, "end": p.end, "code": p.code} for p in evidence.problems],
        "gaps": gaps,
        "source_path": submission.source_path,
        "sha256": submission.sha256,
    })
