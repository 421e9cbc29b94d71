"""总体评价: a submission's results said in plain Chinese, for the page and the Word opinion.

Every sentence is built from this submission's facts (band, ranks, area shares against its peer
group's median, its own quantified passages, points lost by area, the problems it states), so two
submissions read the same only where their facts are the same. Nothing is scored here: every
figure comes from `Results` and the run's evidence.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from types import SimpleNamespace

from ..models import Evidence, Level, Passage
from ..results import Results, SubmissionResult
from ..rubric import Rubric
from .charts import area_shares, share

MIN_PEERS = 3  # below this a peer group's median says nothing; the whole run is the reference
HIGHLIGHTS = 3
STRONG_AREAS = 3
GAP_AREAS = 3
QUOTE_CHARS = 90
HIGHLIGHT_PARAGRAPH = 2  # the 亮点 sentence's place in Assessment.paragraphs


@dataclass
class AreaLine:
    code: str
    name: str
    score: float
    max: float
    pct: float | None
    median_pct: float | None  # the reference group's median share of this area's points


@dataclass
class Highlight:
    indicator: str
    name: str
    level: str
    quote: str


@dataclass
class Assessment:
    band: str
    band_meaning: str
    reference: str  # which group the medians come from, e.g. 市级组（12 份）
    paragraphs: list[str]  # the 总体评价, one fact per sentence
    areas: list[AreaLine]
    highlights: list[Highlight]


def clip(text: str, limit: int = QUOTE_CHARS) -> str:
    # Quoted inside “…” in a sentence of its own: the sentence supplies the full stop.
    text = " ".join(text.split()).rstrip("。；;，,")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def best_passage(passages: list[Passage]) -> Passage | None:
    """A submission's strongest passage for an indicator (the earliest among equals)."""
    if len(passages) < 2:  # (most indicators quote one passage: no key to compute)
        return passages[0] if passages else None
    return min(passages, key=_strength)


def _strength(p: Passage) -> tuple[int, int]:
    """The order of a submission's passages for one indicator: strongest first, then earliest."""
    return -int(p.level), p.start


def evidence_needed(level: str, own: Passage | None, expects: str, level_names: dict[str, str]) -> str:
    """What this submission must add to earn the indicator's points, from what it did say."""
    if level == Level.none.name:
        return f"材料未涉及本项。需要：{expects}"
    # A level an expert set may have no passage of the engine's behind it: then no paragraph is named.
    where = f"（第 {own.paragraph} 段）" if own is not None and own.paragraph else ""
    if level == Level.mention.name:
        return (f"已有表述{where}，但属于“{level_names['mention']}”（原则、要求或计划）；"
                f"缺少已完成的具体举措及其数据。需要：{expects}")
    return (f"已有已完成的具体举措{where}，缺少衡量成效的数据（件数、比例、金额、时限等）。"
            f"需要：{expects}")


_HIGHLIGHT_LEVELS = (Level.quantified.name, Level.substantive.name)


@dataclass
class PointsLost:
    """A submission's points lost by area and by code, summed in the order of its gaps, and its
    gaps per area: the 总体评价 and the 整改清单's areas read the same sums."""

    area: dict[str, float]
    code: dict[str, float]
    area_gaps: dict[str, int]


def points_lost_by(gaps) -> PointsLost:
    """From a submission's gaps, each with its `area`, `code` and `points_lost` (view.GapView)."""
    area: dict[str, float] = {}
    code: dict[str, float] = {}
    count: dict[str, int] = {}
    for g in gaps:
        a, c, x = g.area, g.code, g.points_lost
        area[a] = area.get(a, 0.0) + x
        code[c] = code.get(c, 0.0) + x
        count[a] = count.get(a, 0) + 1
    return PointsLost(area, code, count)


class Assessor:
    """Builds every submission's 总体评价 for one run; peer medians are computed once (linear cost)."""

    def __init__(self, results: Results, rubric: Rubric, evidence: list[Evidence], table=None):
        """`table`: the run's ScoreTable (scorer/score.py), when the scorecards are not built in full."""
        self.results, self.rubric = results, rubric
        self.evidence = {e.submission_id: e for e in evidence}
        self.area_names = {a: spec.name for a, spec in rubric.spec.areas.items()}
        self.code_area = rubric.code_area()
        self.code_names = rubric.code_names()
        self.ind_names = {ind.id: ind.name for ind in rubric.indicators}
        self.group_names = rubric.group_names()
        self.bands = {b.name: b for b in rubric.spec.bands}
        groups = [s["group"] for s in results["submissions"]]
        self.sizes: dict[str, int] = {}
        for g in groups:
            self.sizes[g] = self.sizes.get(g, 0) + 1
        self.shares = shares = area_shares(results, table)  # (the run's chart reads them too: SubmissionViews)
        self.medians = {g: self._medians(shares, [k for k, x in enumerate(groups) if x == g]) for g in self.sizes}
        self.run_medians = self._medians(shares, range(len(groups)))
        self.count = len(groups)

    def _medians(self, shares: dict[str, list[float | None]], rows) -> dict[str, float | None]:
        """Each area's median share over the submissions at `rows` (positions in the results)."""
        out: dict[str, float | None] = {}
        for a in self.area_names:
            column = shares.get(a)
            pcts = [p for k in rows for p in [column[k]] if p is not None] if column is not None else []
            out[a] = statistics.median(pcts) if pcts else None
        return out

    def _reference(self, s: SubmissionResult) -> tuple[str, dict[str, float | None]]:
        n = self.sizes.get(s.group, 0)
        if n >= MIN_PEERS:
            return f"{self.group_names.get(s.group, s.group)}组（{n} 份）", self.medians[s.group]
        return f"本批全部材料（{self.count} 份）", self.run_medians

    def assess(self, s: SubmissionResult, lost: PointsLost | None = None) -> Assessment:
        """`lost`: points_lost_by(the submission's gaps), when the caller has them built (pages and
        opinions do); else summed here from the results' gaps."""
        ref_name, medians = self._reference(s)
        scored = s["areas"]  # items, as in _highlights
        areas = [AreaLine(a, name, x["score"], x["max"], share(x["score"], x["max"]), medians.get(a))
                 for a, name in self.area_names.items() for x in [scored.get(a)] if x is not None]
        band = self.bands.get(s.band or "")
        highlights = self._highlights(s)
        paragraphs = [self._standing(s, ref_name, band), self._strengths(areas, ref_name),
                      self._highlight_sentence(highlights), self._gaps(s, lost), self._problems(s)]
        return Assessment(band=s.band or "", band_meaning=band.meaning if band else "", reference=ref_name,
                          paragraphs=paragraphs, areas=areas, highlights=highlights)

    def _standing(self, s: SubmissionResult, ref_name: str, band) -> str:
        top = sum(a.max for a in s.areas.values()) or 100.0
        score = f"书面评审总分 {s.total:.2f} 分（满分 {top:g} 分）"
        if s.composite is not None:
            score += f"，综合分 {s.composite:.2f} 分"
        verdict = f"，等次为“{band.name}”：{band.meaning}" if band and band.meaning else (
            f"，等次为“{s.band}”" if s.band else "")
        group = self.group_names.get(s.group, s.group)
        return (f"{score}{verdict}。在 {self.sizes.get(s.group, 0)} 份{group}材料中居第 {s.group_rank} 位，"
                f"在全部 {self.count} 份材料中居第 {s.rank} 位。")

    @staticmethod
    def _strengths(areas: list[AreaLine], ref_name: str) -> str:
        scored = [a for a in areas if a.pct is not None and a.median_pct is not None]
        if not scored:
            return "各领域均无可比较的得分。"
        above = sorted((a for a in scored if a.pct > a.median_pct + 1e-9),
                       key=lambda a: (-(a.pct - a.median_pct), a.code))[:STRONG_AREAS]
        said = "、".join(f"{a.code} {a.name}（得分率 {a.pct:.0f}%，中位数 {a.median_pct:.0f}%）" for a in above)
        if above:
            return f"与{ref_name}的中位数相比，较强的领域是：{said}。"
        best = max(scored, key=lambda a: (a.pct - a.median_pct, -ord(a.code[0])))
        return (f"各领域得分率均未超过{ref_name}的中位数；相对最好的是 {best.code} {best.name}"
                f"（得分率 {best.pct:.0f}%，中位数 {best.median_pct:.0f}%）。")

    def _highlights(self, s: SubmissionResult) -> list[Highlight]:
        ev = self.evidence.get(s.id)
        if ev is None:
            return []
        # Items, not attributes: results are records (scorer/results.py), whose attributes cost a call.
        strong = {i["id"]: i for i in s["indicators"] if i["level"] in _HIGHLIGHT_LEVELS}
        found = []
        for ind in ev.indicators:
            if not ind.passages:
                continue
            # The results' level decides (it is what was scored), the passage is its quote.
            scored = strong.get(ind.id)
            if scored is not None:
                found.append((Level[scored["level"]], scored["max"], ind.id, best_passage(ind.passages)))
        found.sort(key=lambda x: (-int(x[0]), -x[1], x[2]))
        out, quoted = [], set()
        for lv, _, i, p in found:
            if p.start in quoted:
                continue  # one sentence can prove several indicators: quote it once
            quoted.add(p.start)
            out.append(Highlight(i, self.ind_names.get(i, ""), lv.name, clip(p.quote)))
            if len(out) == HIGHLIGHTS:
                break
        return out

    @staticmethod
    def _highlight_sentence(highlights: list[Highlight]) -> str:
        if not highlights:
            return "亮点：材料中未发现已完成的具体举措或量化成效。"
        quoted = "；".join(f"“{h.quote}”（{h.indicator} {h.name}）" for h in highlights)
        if highlights[0].level == Level.quantified.name:
            return f"亮点（量化成效）：{quoted}。"
        return f"材料未给出量化成效；已完成的具体举措如：{quoted}。"

    def _gaps(self, s: SubmissionResult, lost: PointsLost | None) -> str:
        if not s.gaps:
            return "各项指标均已得满分。"
        if lost is None:
            code_area = self.code_area
            lost = points_lost_by(SimpleNamespace(area=code_area.get(g["code"], ""), code=g["code"],
                                                  points_lost=g["points_lost"]) for g in s["gaps"])
        by_area, by_code = lost.area, lost.code
        parts = []
        for a, area_lost in sorted(by_area.items(), key=lambda x: (-x[1], x[0]))[:GAP_AREAS]:
            code, code_lost = max(((c, v) for c, v in by_code.items() if self.code_area.get(c) == a),
                                  key=lambda x: (x[1], x[0]))
            parts.append(f"{a} {self.area_names.get(a, '')}，失 {area_lost:.2f} 分（其中 {code} "
                         f"{self.code_names.get(code, '')} 失 {code_lost:.2f} 分）")
        total = sum(g["points_lost"] for g in s["gaps"])
        return f"共有 {len(s.gaps)} 项指标未得满分，合计失 {total:.2f} 分，主要在：{'；'.join(parts)}。"

    def _problems(self, s: SubmissionResult) -> str:
        if not s.problems:
            return "材料没有自述问题或不足；年度报告应如实说明存在的不足和原因。"
        codes = sorted({p.code for p in s.problems if p.code})
        named = "、".join(f"{c} {self.code_names.get(c, '')}" for c in codes[:4])
        about = f"，涉及 {named}" if codes else ""
        more = f"等 {len(codes)} 项" if len(codes) > 4 else ""
        return f"材料自述问题 {len(s.problems)} 条{about}{more}，如：“{clip(s.problems[0].quote)}”。"
