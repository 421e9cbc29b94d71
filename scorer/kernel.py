"""The scoring arithmetic, once: weights → indicator maxima; levels × maxima → points, areas,
second-level codes, totals; totals → ranks. Vectorised with numpy over a submissions ×
indicators matrix of levels (and, for sensitivity, over a block of weight draws at once).

`score`, `rescore`, `sensitivity` and `Weights.indicator_max` all call this module; the weights
page's JavaScript repeats it operation by operation and a test checks it on vectors written by
this module (tests/unit/test_kernel.py). The operations are done in the rubric's order with the
engine's rounding, so every figure is the same floating-point number wherever it is computed:

- maximum of an indicator = 100 × area / Σ areas × code / Σ codes of its area × weight /
  Σ weights of its code (a node whose children all weigh nothing weighs nothing);
- points = maximum × credit, where the credit blends the indicator's own level with the best
  level of its second-level code (Rubric.credit_matrix, `code_share` in rubric.yaml: reviewers
  judge a code by its strongest evidence); an indicator's score is its points rounded to 4
  decimals; the total is the sum of those rounded scores, in rubric order, rounded again;
- an area's or a code's score is the sum of its unrounded points, in rubric order, rounded;
- ranks: highest first, ties (at 4 decimals) share the better rank (1, 2, 2, 4).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from itertools import chain

import numpy as np


def round4(x: np.ndarray) -> np.ndarray:
    """Python's round(x, 4) on an array, exactly.

    np.round scales by 10⁴ first, which can move a value that lies within a hair of a half to the
    other side; those few candidates are rounded by Python itself.
    """
    x = np.asarray(x, dtype=float)
    y = np.round(x, 4)
    scaled = x * 1e4
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near.any():
        y[near] = [round(v, 4) for v in x[near].tolist()]
    return y + 0.0


def competition_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, highest first; ties share the better rank (1, 2, 2, 4)."""
    values = np.asarray(values)
    order = np.argsort(-values, axis=-1, kind="stable")  # any order among equals gives the same ranks
    ordered = np.take_along_axis(values, order, axis=-1)
    n = values.shape[-1]
    pos = np.broadcast_to(np.arange(1, n + 1, dtype=np.int32), values.shape)
    new = np.ones(values.shape, dtype=bool)
    new[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    first = np.where(new, pos, 0)
    np.maximum.accumulate(first, axis=-1, out=first)
    ranks = np.empty_like(first)
    np.put_along_axis(ranks, order, first, axis=-1)
    return ranks


def group_ranks(values: np.ndarray, groups: list[str]) -> np.ndarray:
    """Competition ranks of 1-D `values` within each group."""
    out = np.zeros(len(values), dtype=np.int32)
    labels = np.asarray(groups, dtype=object)
    for g in dict.fromkeys(groups):
        members = np.flatnonzero(labels == g)
        out[members] = competition_ranks(values[members])
    return out


@dataclass
class Scores:
    """One weighting applied to a run: every figure of every submission, as arrays."""

    maxima: np.ndarray  # (indicators,) unrounded
    points: np.ndarray  # (submissions × indicators) unrounded
    indicator: np.ndarray  # rounded points
    total: np.ndarray  # (submissions,)
    area: np.ndarray  # (submissions × areas)
    area_max: np.ndarray  # (areas,)
    code: np.ndarray  # (submissions × codes)
    code_max: np.ndarray  # (codes,)
    code_level: np.ndarray  # (submissions × codes) the catalogue's 0/1/2


class Kernel:
    """The rubric's structure as index arrays and one profile's weights as vectors."""

    def __init__(self, rubric, weights):
        code_area = rubric.code_area()
        self.indicator_ids = [ind.id for ind in rubric.indicators]
        self.areas = list(rubric.spec.areas)
        self.codes = list(code_area)
        code_ix = {c: j for j, c in enumerate(self.codes)}
        area_ix = {a: j for j, a in enumerate(self.areas)}
        self.code_to_area = [area_ix[code_area[c]] for c in self.codes]
        code_sum: dict[str, float] = {}
        for ind in rubric.indicators:  # left to right, as every copy of this sum must be
            code_sum[ind.code] = code_sum.get(ind.code, 0.0) + weights.indicators[ind.id]
        self.active = np.array([code_sum.get(c, 0.0) > 0 for c in self.codes], dtype=bool)
        self.ind_code = np.array([code_ix[ind.code] for ind in rubric.indicators], dtype=np.intp)
        self.ind_area = np.array([area_ix[code_area[ind.code]] for ind in rubric.indicators], dtype=np.intp)
        self.ind_w = np.array([weights.indicators[ind.id] for ind in rubric.indicators], dtype=float)
        self.ind_code_sum = np.array([code_sum[ind.code] for ind in rubric.indicators], dtype=float)
        self.area_w = np.array([weights.areas.get(a, 1.0) for a in self.areas], dtype=float)
        self.code_w = np.array([weights.codes.get(c, 1.0) for c in self.codes], dtype=float)
        self.credit = np.array(rubric.credit_matrix(), dtype=float)  # by [own level][best level of the code]

    # --- weights → maxima ----------------------------------------------------------------

    def maxima(self, area_w: np.ndarray | None = None, code_w: np.ndarray | None = None) -> np.ndarray:
        """(draws × indicators) maxima for draws of area and code weights (default: the profile's)."""
        area_w = np.atleast_2d(self.area_w if area_w is None else area_w)
        code_w = np.atleast_2d(self.code_w if code_w is None else code_w)
        d = area_w.shape[0]
        eff_code = np.where(self.active, code_w, 0.0)
        area_sum = np.zeros((d, len(self.areas)))
        for j, a in enumerate(self.code_to_area):
            area_sum[:, a] += eff_code[:, j]
        eff_area = np.where(area_sum > 0, area_w, 0.0)
        total = np.zeros(d)
        for a in range(len(self.areas)):
            total += eff_area[:, a]
        ea, asum = eff_area[:, self.ind_area], area_sum[:, self.ind_area]
        ec = eff_code[:, self.ind_code]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = 100.0 * ea / total[:, None] * ec / asum * self.ind_w / self.ind_code_sum
        off = (self.ind_w == 0) | (total[:, None] == 0) | (ea == 0) | (ec == 0)
        return np.where(off, 0.0, out)

    # --- levels → scores -------------------------------------------------------------------

    def code_best(self, levels: np.ndarray) -> np.ndarray:
        """(submissions × codes) the best Level value among each code's indicators."""
        best = np.zeros((levels.shape[0], len(self.codes)), dtype=np.intp)
        for j in range(levels.shape[1]):
            np.maximum(best[:, self.ind_code[j]], levels[:, j], out=best[:, self.ind_code[j]])
        return best

    def score(self, levels: np.ndarray) -> Scores:
        """Every figure for a (submissions × indicators) matrix of Level values."""
        levels = np.asarray(levels, dtype=np.intp)
        n, m = levels.shape
        top = self.maxima()[0]
        code_best = self.code_best(levels)
        best = code_best[:, self.ind_code]
        # (own level × best level of its code × indicators): 16 products per indicator
        table = top[None, None, :] * self.credit[:, :, None]
        cols = np.arange(m)
        points = table[levels, best, cols] if n else np.zeros((0, m))
        indicator = round4(table)[levels, best, cols] if n else np.zeros((0, m))
        total = np.zeros(n)
        area = np.zeros((n, len(self.areas)))
        code = np.zeros((n, len(self.codes)))
        area_max = np.zeros(len(self.areas))
        code_max = np.zeros(len(self.codes))
        for j in range(m):  # column by column: the same order of additions as a loop per submission
            total += indicator[:, j]
            area[:, self.ind_area[j]] += points[:, j]
            code[:, self.ind_code[j]] += points[:, j]
            area_max[self.ind_area[j]] += top[j]
            code_max[self.ind_code[j]] += top[j]
        code_level = np.minimum(code_best, 2).astype(np.int8)  # the catalogue's 0/1/2
        return Scores(maxima=top, points=points, indicator=indicator, total=round4(total),
                      area=round4(area), area_max=round4(area_max), code=round4(code), code_max=round4(code_max),
                      code_level=code_level)

    def onehots(self, levels: np.ndarray) -> list[tuple[float, np.ndarray]]:
        """Per credited pair (own level, best level of the code) that occurs: its credit and the
        (indicators × submissions) 0/1 matrix of that pair — what `totals` multiplies."""
        levels = np.asarray(levels, dtype=np.intp)
        pair = levels * len(self.credit) + self.code_best(levels)[:, self.ind_code]
        out = []
        for p in np.unique(pair).tolist():
            credit = float(self.credit.flat[p])
            if credit != 0:
                out.append((credit, (pair == p).astype(float).T))
        return out

    def totals(self, area_w: np.ndarray, code_w: np.ndarray, onehots: list[tuple[float, np.ndarray]]) -> np.ndarray:
        """(draws × submissions) totals for draws of area and code weights; `onehots` as
        `Kernel.onehots` makes them."""
        top = self.maxima(area_w, code_w)
        out = np.zeros((top.shape[0], onehots[0][1].shape[1] if onehots else 0))
        for credit, onehot in onehots:
            out += round4(top * credit) @ onehot
        # A sum of 4-decimal numbers lies within 1e-11 of the 4-decimal grid, never near a half:
        # np.round is Python's round there.
        return np.round(out, 4) + 0.0


def level_matrix(evidence_by_id: dict, ids: list[str], indicator_ids: list[str]) -> np.ndarray:
    """(submissions × indicators) Level values from the run's evidence (none where absent)."""
    m = len(indicator_ids)
    found = [evidence_by_id[sid].indicators for sid in ids]
    # Extraction lists every indicator in the rubric's order: then the matrix is read in one pass
    # (a run of 10,000 has a million cells); other evidence (an older rubric's) cell by cell.
    if all(len(f) == m for f in found):
        cells = list(chain.from_iterable(found))
        if list(map(_ID, cells)) == indicator_ids * len(ids):
            # (a bytearray of the levels, which are small ints: numpy.fromiter converted each enum
            # member on its own, three times slower)
            return np.frombuffer(bytearray(map(_LEVEL, cells)), dtype=np.int8).reshape(len(ids), m)
    ind_ix = {i: k for k, i in enumerate(indicator_ids)}
    levels = np.zeros((len(ids), m), dtype=np.int8)
    for s, row in enumerate(found):
        for ev in row:
            k = ind_ix.get(ev.id)
            if k is not None:
                levels[s, k] = int(ev.level)
    return levels


_ID, _LEVEL = operator.attrgetter("id"), operator.attrgetter("level")
