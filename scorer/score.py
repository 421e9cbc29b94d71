"""Evidence × weights → scorecards. Pure and cheap: re-weighting never re-reads a text.

The arithmetic is the kernel's (scorer/kernel.py), over all submissions at once; this module
only turns its arrays into the results contract.
"""

from __future__ import annotations

from .kernel import Kernel, level_matrix, round4
from .models import Evidence, Submission
from .profiles import Weights
from .results import Record, SubmissionResult
from .rubric import Rubric
from .workers import paused_gc

_LEVEL_NAMES = ("none", "mention", "substantive", "quantified")  # by Level value


def score_all(submissions: list[Submission], evidence: list[Evidence], rubric: Rubric, weights: Weights,
              kernel: Kernel | None = None) -> list[SubmissionResult]:
    """One scorecard per submission (evidence aligned with submissions), in their order, as
    checked models: score_records' data validated."""
    with paused_gc():
        return [SubmissionResult.model_validate(r) for r in score_records(submissions, evidence, rubric, weights, kernel)]


def score_records(submissions: list[Submission], evidence: list[Evidence], rubric: Rubric, weights: Weights,
                  kernel: Kernel | None = None) -> list[Record]:
    """One scorecard per submission as plain records (scorer/results.py Record), in their order:
    what a run writes and shows, without a model per indicator, gap and quote."""
    with paused_gc():
        return _score_records(submissions, evidence, rubric, kernel or Kernel(rubric, weights))


def _score_records(submissions, evidence, rubric, kernel: Kernel) -> list[Record]:
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
        sub_ev = by_id[sub.id]
        ev = sub_ev.by_id()
        reviews = {r.indicator: r for r in sub_ev.reviews}
        lv, pts = levels[k].tolist(), sc.indicator[k].tolist()
        indicators = []
        for j, ind in enumerate(inds):
            e = ev.get(ind.id)
            review = reviews.get(ind.id)
            indicators.append(Record(
                id=ind.id, code=ind.code, level=_LEVEL_NAMES[lv[j]], score=pts[j], max=ind_max[j],
                evidence=[Record(quote=p.quote, start=p.start, end=p.end) for p in e.passages] if e else [],
                machine_level=None if review is None else review.machine_level.name,
                review=None if review is None else Record(level=review.level.name, reason=review.reason,
                                                          reviewer=review.reviewer, date=review.date or None)))
        lost_k = lost_r[k].tolist()
        gaps = [Record(indicator=inds[j].id, code=inds[j].code, points_lost=lost_k[j])
                for j in gap_mask[k].nonzero()[0].tolist()]
        gaps.sort(key=lambda g: (-g["points_lost"], g["indicator"]))
        areas, codes, code_lv = sc.area[k].tolist(), sc.code[k].tolist(), sc.code_level[k].tolist()
        # Every field of a record, in its model's order, None where absent (results.json leaves
        # those out): ranking, bands and components fill theirs in place.
        out.append(Record(
            id=sub.id, title=sub.title, group=sub.group, region=sub.region, year=sub.year,
            total=float(sc.total[k]), rank=0, group_rank=0, band=None,
            areas={a: Record(score=areas[i], max=area_max[i]) for i, a in enumerate(kernel.areas)},
            secondary={c: Record(level=code_lv[i], score=codes[i], max=code_max[i]) for i, c in enumerate(kernel.codes)},
            indicators=indicators,
            problems=[Record(quote=p.quote, start=p.start, end=p.end, code=p.code) for p in sub_ev.problems],
            gaps=gaps, source_path=sub.source_path, sha256=sub.sha256,
            rank_interval=None, components=None, composite=None,
        ))
    return out


def score(submission: Submission, evidence: Evidence, rubric: Rubric, weights: Weights) -> SubmissionResult:
    """One submission's scorecard (score_all for a run)."""
    return score_all([submission], [evidence], rubric, weights)[0]
