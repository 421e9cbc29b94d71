"""Evidence × weights → scorecards. Pure and cheap: re-weighting never re-reads a text.

The arithmetic is the kernel's (scorer/kernel.py), over all submissions at once. Its figures are
kept as arrays in a ScoreTable, which results.json, the CSVs, the index and the weights page are
written from; a scorecard's per-indicator details (levels, points, quotes, gaps as records, what
the pages and documents read) are built from the same table afterwards, since they cost ten times
the rest of a re-weighting: one at a time by the process rendering a page (Scorecards), or all
at once for the documents (add_details).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .kernel import Kernel, level_matrix, round4
from .models import LEVEL_NAMES, Evidence, Review, Submission
from .profiles import Weights
from .results import Record, SubmissionResult
from .rubric import Rubric
from .workers import paused_gc



@dataclass
class ScoreTable:
    """One weighting of a run's submissions as arrays, a row per submission in the run's order:
    every figure results.json holds, and the reviews behind the levels."""

    indicator_ids: list[str]
    areas: list[str]
    code_ids: list[str]
    row: dict[str, int]  # submission id → row
    levels: np.ndarray  # (rows × indicators) Level values scored (an expert's where reviewed)
    scores: np.ndarray  # (rows × indicators) points, rounded
    maxima: np.ndarray  # (indicators,) rounded
    area: np.ndarray  # (rows × areas)
    area_max: np.ndarray
    code: np.ndarray  # (rows × codes)
    code_max: np.ndarray
    code_level: np.ndarray  # (rows × codes) the catalogue's 0/1/2
    lost: np.ndarray  # (rows × indicators) points lost, rounded
    gap_order: np.ndarray  # (rows × indicators) indicator columns, a row's gaps first: most lost, then by id
    gap_count: np.ndarray  # (rows,)
    reviews: dict[int, dict[str, Review]] = field(default_factory=dict)  # by row, by indicator

    def gaps(self, r: int) -> np.ndarray:
        """Row r's gap columns, most points lost first."""
        return self.gap_order[r, :self.gap_count[r]]


def gap_order(lost: np.ndarray, is_gap: np.ndarray, indicator_ids: list[str]) -> np.ndarray:
    """Per row, the columns ordered gaps first, then by points lost (most first), then by id."""
    by_id = np.empty(len(indicator_ids), dtype=np.intp)
    by_id[sorted(range(len(indicator_ids)), key=indicator_ids.__getitem__)] = np.arange(len(indicator_ids))
    ids = np.broadcast_to(by_id, lost.shape)
    return np.lexsort((ids, -lost, ~is_gap), axis=-1) if lost.size else np.zeros(lost.shape, dtype=np.intp)


def score_table(submissions: list[Submission], evidence: list[Evidence], rubric: Rubric, weights: Weights,
                kernel: Kernel | None = None) -> tuple[list[Record], ScoreTable]:
    """The run's scorecard heads (one record per submission, in its order, with every field but the
    per-indicator details: those are add_details') and its ScoreTable."""
    kernel = kernel or Kernel(rubric, weights)
    by_id = {ev.submission_id: ev for ev in evidence}
    ids = [s.id for s in submissions]
    levels = level_matrix(by_id, ids, kernel.indicator_ids)
    sc = kernel.score(levels)
    lost = sc.maxima[None, :] - sc.points
    is_gap = lost > 1e-9
    lost_r = round4(lost)
    table = ScoreTable(
        indicator_ids=kernel.indicator_ids, areas=kernel.areas,
        code_ids=kernel.codes, row={sid: k for k, sid in enumerate(ids)}, levels=levels, scores=sc.indicator,
        maxima=round4(sc.maxima), area=sc.area, area_max=sc.area_max, code=sc.code, code_max=sc.code_max,
        code_level=sc.code_level, lost=lost_r, gap_order=gap_order(lost_r, is_gap, kernel.indicator_ids),
        gap_count=is_gap.sum(axis=1),
        reviews={k: {r.indicator: r for r in by_id[sid].reviews} for k, sid in enumerate(ids) if by_id[sid].reviews})
    totals = sc.total.tolist()
    # Every field of a scorecard but the per-indicator ones, None where absent: ranking, bands and
    # components fill theirs in place, add_details the rest.
    heads = [Record(id=sub.id, title=sub.title, group=sub.group, region=sub.region, year=sub.year, total=totals[k],
                    rank=0, group_rank=0, band=None, source_path=sub.source_path, sha256=sub.sha256,
                    rank_interval=None, components=None, composite=None)
             for k, sub in enumerate(submissions)]
    return heads, table


class Scorecards:
    """Full scorecards built from the table one at a time: each head's areas, second-level codes,
    indicators (with their quotes and reviews), problems and gaps. The page workers build the
    scorecard of each page they handle, rendered or kept (its standing needs it: scorer/report/pages.py), so no process builds them all
    before the pages start; add_details builds every one in place."""

    def __init__(self, table: ScoreTable, evidence: list[Evidence], rubric: Rubric):
        self.table = table
        self.by_id = {ev.submission_id: ev for ev in evidence}
        self.inds = rubric.indicators
        self.ind_max = table.maxima.tolist()
        self.area_max, self.code_max = table.area_max.tolist(), table.code_max.tolist()
        # Most indicators of a report have nothing quoted and no review: one record per
        # (indicator, level, points), shared by every scorecard (records are only read).
        self.bare: dict[tuple[int, int, float], Record] = {}
        self.gap_records: dict[tuple[int, float], Record] = {}  # a gap is its indicator and points: shared likewise

    def full(self, head: Record) -> Record:
        """`head` with its details, as a new record (the head stays as it was); the head itself when
        it has them already (add_details) or is a checked model."""
        if not isinstance(head, dict) or "indicators" in head:
            return head
        return Record(head, **self.details(head))

    def details(self, head: Record) -> dict:
        table, inds, ind_max, bare = self.table, self.inds, self.ind_max, self.bare
        k = table.row[head["id"]]
        sub_ev = self.by_id[head["id"]]
        # only the indicators quoting a passage or reviewed need more than a shared record
        ev = {e.id: e for e in sub_ev.indicators if e.passages}
        reviews = table.reviews.get(k, {})
        lv, pts = table.levels[k].tolist(), table.scores[k].tolist()
        indicators = []
        for j, ind in enumerate(inds):
            iid = ind.id
            e = ev.get(iid)
            review = reviews.get(iid) if reviews else None
            if review is None and e is None:
                key = (j, lv[j], pts[j])
                plain = bare.get(key)
                if plain is None:
                    plain = bare[key] = Record(id=ind.id, code=ind.code, level=LEVEL_NAMES[lv[j]], score=pts[j],
                                               max=ind_max[j], evidence=[], machine_level=None, review=None)
                indicators.append(plain)
                continue
            indicators.append(Record(
                id=ind.id, code=ind.code, level=LEVEL_NAMES[lv[j]], score=pts[j], max=ind_max[j],
                evidence=[Record(quote=p.quote, start=p.start, end=p.end) for p in e.passages] if e else [],
                machine_level=None if review is None else review.machine_level.name,
                review=None if review is None else Record(level=review.level.name, reason=review.reason,
                                                          reviewer=review.reviewer, date=review.date or None)))
        cols = table.gaps(k)
        areas, codes, code_lv = table.area[k].tolist(), table.code[k].tolist(), table.code_level[k].tolist()
        area_max, code_max, gap_records = self.area_max, self.code_max, self.gap_records
        return dict(
            areas={a: Record(score=areas[i], max=area_max[i]) for i, a in enumerate(table.areas)},
            secondary={c: Record(level=code_lv[i], score=codes[i], max=code_max[i]) for i, c in enumerate(table.code_ids)},
            indicators=indicators,
            problems=[Record(quote=p.quote, start=p.start, end=p.end, code=p.code) for p in sub_ev.problems],
            gaps=[gap_records.get(key) or gap_records.setdefault(key, Record(
                      indicator=inds[key[0]].id, code=inds[key[0]].code, points_lost=key[1]))
                  for key in zip(cols.tolist(), table.lost[k, cols].tolist())],
        )


def add_details(heads: list[Record], table: ScoreTable, evidence: list[Evidence], rubric: Rubric) -> list[Record]:
    """Every head's details (Scorecards), filled in place: the full scorecards the documents read."""
    cards = Scorecards(table, evidence, rubric)
    for head in heads:
        head.update(cards.details(head))
    return heads


def score_all(submissions: list[Submission], evidence: list[Evidence], rubric: Rubric, weights: Weights,
              kernel: Kernel | None = None) -> list[SubmissionResult]:
    """One scorecard per submission (evidence aligned with submissions), in their order, as
    checked models: the full scorecards (score_table, add_details) validated."""
    with paused_gc():
        heads, table = score_table(submissions, evidence, rubric, weights, kernel)
        return [SubmissionResult.model_validate(r) for r in add_details(heads, table, evidence, rubric)]


def score(submission: Submission, evidence: Evidence, rubric: Rubric, weights: Weights) -> SubmissionResult:
    """One submission's scorecard (score_all for a run)."""
    return score_all([submission], [evidence], rubric, weights)[0]
