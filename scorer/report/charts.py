"""The two SVG charts of the reports as plain geometry: the index's score distribution and a
submission's area bars against the run's median and best."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..models import GROUPS
from ..results import Results

HEAT_STEPS = 10


def share(score: float, top: float) -> float | None:
    return 100.0 * score / top if top > 0 else None


def heat(pct: float | None) -> str:
    if pct is None:
        return "hna"
    return f"h{min(HEAT_STEPS, int(pct / (100 / HEAT_STEPS) + 1e-9))}"


@dataclass
class Bin:
    label: str
    count: int
    x: float
    width: float
    y: float
    height: float


@dataclass
class Dot:
    x: float
    y: float
    title: str
    href: str


@dataclass
class Distribution:
    width: int
    height: int
    plot_left: int
    plot_right: int
    base_y: float
    bins: list[Bin]
    ticks: list[tuple[float, str]]
    strips: list[tuple[str, float, list[Dot]]]  # group name, y, dots
    strip_top: float
    mean: float
    median: float
    best: float
    worst: float
    total_max: float
    axis_max: float



def distribution(results: Results, rows: list, max_total: float, group_names: dict[str, str], dots: bool = True
                  ) -> Distribution | None:
    if not rows:
        return None
    top = max_total
    width, left, right = 760, 48, 716
    hist_top, base_y = 16.0, 176.0
    # The axis ends at the first round figure above the best total (scores often sit far below
    # the maximum), split into ten bins of a round width.
    step = next((w for w in (1, 2, 2.5, 5, 10, 20, 25, 50) if w * 10 >= max(r.total for r in rows) + 1e-9), top / 10)
    step = min(step, top / 10)
    n_bins = 10
    top = step * n_bins
    counts = [0] * n_bins
    for r in rows:
        counts[min(n_bins - 1, max(0, int(r.total / step + 1e-9)))] += 1
    most = max(counts) or 1
    span = right - left
    bins = []
    for k, c in enumerate(counts):
        h = (base_y - hist_top) * c / most
        lo, hi = k * step, (k + 1) * step
        bins.append(Bin(f"{lo:g}–{hi:g}", c, left + span * k / n_bins + 2, span / n_bins - 4, base_y - h, h))
    ticks = [(left + span * k / n_bins, f"{k * step:g}") for k in range(n_bins + 1)]
    strips = []
    strip_top = base_y + 40
    # One dot per submission reads well for a few hundred; beyond that the histogram says it.
    present = [g for g in GROUPS if any(r.group == g for r in rows)] if dots else []
    for i, g in enumerate(present):
        y = strip_top + 22 * i
        dots = [Dot(left + span * min(r.total, top) / top, y, f"{r.title}：{r.total:.2f} 分（第 {r.rank} 名）", r.href)
                for r in rows if r.group == g]
        strips.append((group_names[g], y, dots))
    totals = [r.total for r in rows]
    return Distribution(
        width=width, height=int(strip_top + 22 * len(present) + 4), plot_left=left, plot_right=right,
        base_y=base_y, bins=bins, ticks=ticks, strips=strips, strip_top=strip_top,
        mean=statistics.fmean(totals), median=statistics.median(totals), best=max(totals), worst=min(totals),
        total_max=max_total, axis_max=top,
    )


@dataclass
class ChartRow:
    code: str
    name: str
    score: float
    max: float
    pct: float | None
    median_pct: float | None
    best_pct: float | None
    y: float
    bar: float  # bar width in px
    median_x: float
    best_x: float


@dataclass
class Chart:
    width: int
    height: int
    left: int
    span: int
    rows: list[ChartRow]
    ticks: list[tuple[float, str]]


def area_chart(rows_in: list[tuple[str, str, float, float, float | None, float | None]]) -> Chart:
    longest = max((len(code) + 1 + len(name) for code, name, *_ in rows_in), default=8)
    left, span, row_h, top = int(min(340, 28 + 13.5 * longest)), 400, 30, 34
    rows = []
    for i, (code, name, score, mx, median, best) in enumerate(rows_in):
        pct = share(score, mx)
        y = top + i * row_h
        rows.append(ChartRow(code, name, score, mx, pct, median, best, y,
                             span * (pct or 0) / 100, left + span * (median or 0) / 100, left + span * (best or 0) / 100))
    ticks = [(left + span * k / 4, f"{25 * k}%") for k in range(5)]
    return Chart(width=left + span + 170, height=top + row_h * len(rows) + 8, left=left, span=span, rows=rows, ticks=ticks)


def area_shares(results: Results, table=None) -> dict[str, list[float | None]]:
    """Each area's share of its points (share) per submission, in the results' order: from the
    run's ScoreTable when given (scorer/score.py; the pages start before any scorecard is built in
    full), else from the scorecards' areas (an area a scorecard lacks is None)."""
    subs = results["submissions"]
    if table is not None:
        rows = [table.row[s["id"]] for s in subs]
        return {a: [share(column[r], top) for r in rows]
                for a, column, top in zip(table.areas, table.area.T.tolist(), table.area_max.tolist())}
    if not subs:
        return {}
    return {a: [share(s.areas[a].score, s.areas[a].max) if a in s.areas else None for s in subs]
            for a in subs[0].areas}


def area_stats(results: Results, table=None, shares: dict[str, list[float | None]] | None = None,
               ) -> dict[str, tuple[float | None, float | None]]:
    """Median and best share of each area's points across the run (`shares`: area_shares', when
    already made)."""
    out = {}
    for a, shares in (shares if shares is not None else area_shares(results, table)).items():
        pcts = [p for p in shares if p is not None]
        out[a] = (statistics.median(pcts), max(pcts)) if pcts else (None, None)
    return out
