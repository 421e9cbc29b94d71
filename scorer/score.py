"""Evidence × weights → scorecards. Pure and cheap: re-weighting never re-reads a text.

The arithmetic is the kernel's (scorer/kernel.py), over all submissions at once; this module
only turns its arrays into the results contract.
"""

from __future__ import annotations

from .kernel import Kernel, level_matrix, round4
from .models import Evidence, Submission
from .profiles import Weights
from .results import SubmissionResult
from .rubric import Rubric
from .workers import paused_gc

_LEVEL_NAMES = ("none", "mention", "substantive", "quantified")  # by Level value


def score_all(submissions: list[Submission], evidence: list[Evidence], rubric: Rubric, weights: Weights,
              kernel: Kernel | None = None) -> list[SubmissionResult]:
    """One scorecard per submission (evidence aligned with submissions), in their order."""
    with paused_gc():
        return _score_all(submissions, evidence, rubric, weights, kernel or Kernel(rubric, weights))


def _score_all(submissions, evidence, rubric, weights, kernel: Kernel) -> list[SubmissionResult]:
    by_id = {ev.submission_id: ev for ev in evidence}
    ids = [s.id for s in submissions]
    levels = level_matrix(by_id, ids, kernel.indicator_ids)
    sc = kernel.score(levels)
    ind_max = round4(sc.maxima).tolist()
    lost = sc.maxima[None, :] - sc.points
    lost_r = round4(lost)
    gap_mask = lost > 1e-9
    area_max, code_max = sc.area_max.tolist(), sc.code_max.tolist()
    inds = rubric.indicators
    out = []
    for k, sub in enumerate(submissions):
        ev = by_id[sub.id].by_id()
        reviews = {r.indicator: r for r in by_id[sub.id].reviews}
        lv, pts = levels[k].tolist(), sc.indicator[k].tolist()
        indicators = []
        for j, ind in enumerate(inds):
            e = ev.get(ind.id)
            row = {
                "id": ind.id, "code": ind.code, "level": _LEVEL_NAMES[lv[j]], "score": pts[j], "max": ind_max[j],
                "evidence": [{"quote": p.quote, "start": p.start, "end": p.end} for p in (e.passages if e else [])],
            }
            review = reviews.get(ind.id)
            if review is not None:
                row["machine_level"] = review.machine_level.name
                row["review"] = {"level": review.level.name, "reason": review.reason, "reviewer": review.reviewer,
                                 "date": review.date or None}
            indicators.append(row)
        lost_k = lost_r[k].tolist()
        gaps = [{"indicator": inds[j].id, "code": inds[j].code, "points_lost": lost_k[j], "expects": inds[j].expects}
                for j in gap_mask[k].nonzero()[0].tolist()]
        gaps.sort(key=lambda g: (-g["points_lost"], g["indicator"]))
        areas, codes, code_lv = sc.area[k].tolist(), sc.code[k].tolist(), sc.code_level[k].tolist()
        # One validation of plain data in pydantic's core is several times faster than building
        # ~300 models one by one, which matters when thousands of submissions are re-weighted.
        out.append(SubmissionResult.model_validate({
            "id": sub.id,
            "title": sub.title,
            "group": sub.group,
            "region": sub.region,
            "year": sub.year,
            "total": float(sc.total[k]),
            "areas": {a: {"score": areas[i], "max": area_max[i]} for i, a in enumerate(kernel.areas)},
            "secondary": {c: {"level": code_lv[i], "score": codes[i], "max": code_max[i]}
                          for i, c in enumerate(kernel.codes)},
            "indicators": indicators,
            "problems": [{"quote": p.quote, "start": p.start, "end": p.end, "code": p.code}
                         for p in by_id[sub.id].problems],
            "gaps": gaps,
            "source_path": sub.source_path,
            "sha256": sub.sha256,
        }))
    return out


def score(submission: Submission, evidence: Evidence, rubric: Rubric, weights: Weights) -> SubmissionResult:
    """One submission's scorecard (score_all for a run)."""
    return score_all([submission], [evidence], rubric, weights)[0]
