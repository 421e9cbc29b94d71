"""Rank stability: how much does each rank depend on the exact weights?

Method (documented in rubric/README.md, 权重配置 › 排名稳定性):

- Every **area** weight and every **second-level code** weight of the profile is multiplied, in
  each draw independently, by exp(σ·Z) with Z ~ N(0, 1): a multiplicative log-normal
  perturbation. With the default σ = 0.2 a weight moves by about ±20 % (one standard deviation
  on the log scale); 90 % of the multipliers fall between 0.72 and 1.39. Weights stay positive,
  a weight of 0 (switched off) stays 0, and a doubling is as likely as a halving.
- Indicator weights within a code, the evidence levels, the level credits and the component
  weights of a composite ranking are held fixed: the question is how much the ranking depends
  on the disputed shares of areas and codes, not on what the texts say.
- Each draw re-computes every total exactly as `Weights.indicator_max` does, rounds it to 4
  decimals like the reported totals, and ranks (ties share the better rank, as in rank.py; by
  composite when components were given).
- For each submission: the 5th and 95th percentiles of its ranks over the draws (the smallest
  rank r such that at least 5 % resp. 95 % of draws rank it r or better: numpy's
  `inverted_cdf`), and the share of draws in which it keeps its reported rank.

The same seed gives the same draws. Everything is vectorised with numpy: the evidence is reduced
once to a (submissions × codes) matrix of credited points within each code, so each draw costs
one small matrix product and one sort per draw; draws are processed in chunks to bound memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .components import Components
from .models import Level
from .pipeline import Run
from .profiles import WRITTEN, Weights
from .results import Results
from .rubric import Rubric

DEFAULT_DRAWS = 1000
DEFAULT_SIGMA = 0.2
DEFAULT_SEED = 0
LOW_Q, HIGH_Q = 0.05, 0.95


@dataclass
class Sensitivity:
    ids: list[str]
    rank: np.ndarray  # the reported rank
    lo: np.ndarray  # 5th percentile of the ranks over the draws
    hi: np.ndarray  # 95th percentile
    keep: np.ndarray  # share of draws with rank == reported rank
    draws: int
    sigma: float
    seed: int
    seconds: float = 0.0
    by: str = "total"
    extra: dict = field(default_factory=dict)

    def intervals(self) -> dict[str, list[int]]:
        return {i: [int(a), int(b)] for i, a, b in zip(self.ids, self.lo, self.hi)}

    def rows(self) -> list[dict]:
        return [{"id": i, "rank": int(r), "rank_lo": int(a), "rank_hi": int(b), "keeps_rank": round(float(k), 4)}
                for i, r, a, b, k in zip(self.ids, self.rank, self.lo, self.hi, self.keep)]

    def summary(self) -> dict:
        return {"draws": self.draws, "sigma": self.sigma, "seed": self.seed, "ranked_by": self.by,
                "distribution": "每个一级指标和二级指标的权重各乘以 exp(σ·Z)，Z 服从标准正态分布（对数正态乘性扰动）",
                "percentiles": [LOW_Q, HIGH_Q], "submissions": self.rows()}


class Problem:
    """The evidence of a run reduced to what a re-weighting needs: credited points per code."""

    def __init__(self, run: Run, rubric: Rubric, weights: Weights, ids: list[str]):
        code_area = rubric.code_area()
        self.areas = list(rubric.spec.areas)
        self.codes = list(code_area)
        code_ix = {c: j for j, c in enumerate(self.codes)}
        area_ix = {a: j for j, a in enumerate(self.areas)}
        self.code_to_area = np.array([area_ix[code_area[c]] for c in self.codes])
        # Within-code fractions are fixed: w_i / Σ w of the code (0 for a switched-off code).
        code_sum = np.zeros(len(self.codes))
        for ind in rubric.indicators:
            code_sum[code_ix[ind.code]] += weights.indicators[ind.id]
        frac = np.zeros((len(rubric.indicators), len(self.codes)))
        for k, ind in enumerate(rubric.indicators):
            if code_sum[code_ix[ind.code]] > 0:
                frac[k, code_ix[ind.code]] = weights.indicators[ind.id] / code_sum[code_ix[ind.code]]
        credit = {lv: rubric.credit(lv) for lv in Level}
        ind_ix = {ind.id: k for k, ind in enumerate(rubric.indicators)}
        by_id = {ev.submission_id: ev for ev in run.evidence}
        credits = np.zeros((len(ids), len(rubric.indicators)))
        for s, sub_id in enumerate(ids):
            for ev in by_id[sub_id].indicators:
                if ev.id in ind_ix:
                    credits[s, ind_ix[ev.id]] = credit[Level(ev.level)]
        self.points = credits @ frac  # (submissions × codes): credit earned within each code, 0–1
        self.active = (code_sum > 0).astype(float)
        self.area_w = np.array([weights.areas.get(a, 1.0) for a in self.areas])
        self.code_w = np.array([weights.codes.get(c, 1.0) for c in self.codes]) * self.active

    def code_shares(self, area_w: np.ndarray, code_w: np.ndarray) -> np.ndarray:
        """(draws × codes) points of 100 for each code, as Weights.indicator_max computes them."""
        code_w = code_w * self.active
        n_areas = len(self.areas)
        area_sum = np.zeros((code_w.shape[0], n_areas))
        for j in range(n_areas):
            area_sum[:, j] = code_w[:, self.code_to_area == j].sum(axis=1)
        eff_area = np.where(area_sum > 0, area_w, 0.0)
        total = eff_area.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            area_pts = np.where(total > 0, 100.0 * eff_area / total, 0.0)
            per_code = np.where(area_sum > 0, area_pts / area_sum, 0.0)
        return per_code[:, self.code_to_area] * code_w


def competition_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, highest first; ties share the better rank (1, 2, 2, 4)."""
    order = np.argsort(-values, axis=-1, kind="stable")
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


def analyse(results: Results, run: Run, rubric: Rubric, weights: Weights, *, draws: int = DEFAULT_DRAWS,
            seed: int = DEFAULT_SEED, sigma: float = DEFAULT_SIGMA, components: Components | None = None,
            chunk_cells: int = 4_000_000) -> Sensitivity:
    """Perturb area and code weights `draws` times; rank intervals for every submission."""
    if draws < 1:
        raise ValueError("--draws 至少为 1")
    if sigma < 0:
        raise ValueError("--sigma 不能为负数")
    started = time.perf_counter()
    subs = results.submissions
    ids = [s.id for s in subs]
    base_rank = np.array([s.rank for s in subs], dtype=np.int32)
    n = len(ids)
    if n == 0:
        empty = np.zeros(0, dtype=np.int32)
        return Sensitivity(ids, empty, empty, empty, np.zeros(0), draws, sigma, seed)
    problem = Problem(run, rubric, weights, ids)

    # Composite = (w_written · total + Σ w_k · x_k) / Σ w_k over the components that count.
    by = "total"
    scale, offset = 1.0, np.zeros(n)
    if components is not None and components.used and weights.components:
        by = "composite"
        den = sum(w for k, w in weights.components.items() if w > 0)
        scale = weights.components.get(WRITTEN, 0.0) / den
        for k, w in weights.components.items():
            if k != WRITTEN and w > 0:
                offset += w * np.array([components.scores[i][k] for i in ids], dtype=float) / den

    rng = np.random.default_rng(seed)
    ranks = np.empty((draws, n), dtype=np.int32 if n > 32767 else np.int16)
    step = max(1, chunk_cells // max(n, 1))
    n_areas, n_codes = len(problem.areas), len(problem.codes)
    for start in range(0, draws, step):
        d = min(step, draws - start)
        # One (d × (areas + codes)) block of normals per chunk: the stream depends only on the seed.
        z = rng.standard_normal((d, n_areas + n_codes))
        area_w = problem.area_w * np.exp(sigma * z[:, :n_areas])
        code_w = problem.code_w * np.exp(sigma * z[:, n_areas:])
        shares = problem.code_shares(area_w, code_w)  # d × codes
        totals = np.round(shares @ problem.points.T, 4)  # d × n
        values = np.round(totals * scale + offset, 4) if by == "composite" else totals
        ranks[start:start + d] = competition_ranks(values)
    lo = np.quantile(ranks, LOW_Q, axis=0, method="inverted_cdf").astype(np.int32)
    hi = np.quantile(ranks, HIGH_Q, axis=0, method="inverted_cdf").astype(np.int32)
    keep = (ranks == base_rank[None, :].astype(ranks.dtype)).mean(axis=0)
    return Sensitivity(ids, base_rank, lo, hi, keep, draws, sigma, seed,
                       seconds=time.perf_counter() - started, by=by)


def attach(results: Results, sens: Sensitivity) -> Results:
    """results with `rank_interval` filled for every submission."""
    intervals = sens.intervals()
    return results.model_copy(update={"submissions": [
        s.model_copy(update={"rank_interval": intervals[s.id]}) if s.id in intervals else s
        for s in results.submissions]})
