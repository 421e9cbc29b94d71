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

The same seed gives the same draws, whatever the chunk size. The arithmetic is the scoring kernel's
(scorer/kernel.py), vectorised over blocks of draws: the indicator maxima of a block are one
array expression, the totals a few matrix products with the submissions' level matrices (one
0/1 matrix per credited pair of an indicator's level and its code's best), the ranks one sort per
draw; blocks bound the memory used.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .components import Components
from .kernel import Kernel, competition_ranks, level_matrix, round4
from .pipeline import Run
from .profiles import WRITTEN, Weights
from .results import Results, ResultsRecord
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
    """The evidence of a run reduced to what a re-weighting needs: the kernel of the profile's
    weights and, per credited (level, best level of the code) pair, its (indicators × submissions)
    0/1 matrix.
    An unperturbed draw reproduces the reported totals to the last bit and keeps every rank."""

    def __init__(self, run: Run, rubric: Rubric, weights: Weights, ids: list[str]):
        self.kernel = Kernel(rubric, weights)
        self.areas, self.codes = self.kernel.areas, self.kernel.codes
        self.area_w, self.code_w = self.kernel.area_w, self.kernel.code_w
        levels = level_matrix({ev.submission_id: ev for ev in run.evidence}, ids, self.kernel.indicator_ids)
        self.credits = self.kernel.onehots(levels)

    def maxima(self, area_w: np.ndarray, code_w: np.ndarray) -> np.ndarray:
        """(draws × indicators) maxima, as Weights.indicator_max computes them."""
        return self.kernel.maxima(area_w, code_w)

    def totals(self, area_w: np.ndarray, code_w: np.ndarray) -> np.ndarray:
        """(draws × submissions) written-review totals, as score computes them."""
        return self.kernel.totals(area_w, code_w, self.credits)


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

    # Composite as scorer.components.composite computes it, component by component in order.
    by = "total"
    parts: list[tuple[float, np.ndarray | None]] = []
    if components is not None and components.used and weights.components:
        by = "composite"
        for k, w in weights.components.items():
            if w == 0:
                continue
            parts.append((w, None if k == WRITTEN else np.array([components.scores[i][k] for i in ids], dtype=float)))

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
        values = problem.totals(area_w, code_w)  # d × n
        if parts:
            num, den = np.zeros_like(values), 0.0
            for w, x in parts:
                num += w * (values if x is None else x)
                den += w
            values = round4(num / den)
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


def attach_records(results: ResultsRecord, sens: Sensitivity) -> ResultsRecord:
    """attach() for records: filled in place."""
    intervals = sens.intervals()
    for s in results.submissions:
        if s.id in intervals:
            s["rank_interval"] = intervals[s.id]
    return results
