"""View models for the HTML reports (and the Excel workbook): plain data, ready to print.

Everything a page shows is decided here, from `Results` (scores, ranks, gaps: never recomputed)
and the run's evidence (passages with terms and locations). Templates only lay it out.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import quote as urlquote

from ..models import GROUPS, Level, Passage
from ..outputs import cap_name
from ..results import Results, SubmissionResult
from ..rubric import Rubric
from ..segment import segment
from .assessment import Assessment, Assessor, best_passage, evidence_needed
from .highlight import Layer, Piece, layered, marked, term_spans

EXEMPLARS_PER_GAP = 3
PAGE_EXEMPLARS = 1  # a page shows one peer exemplar per leading gap: what earning the points looks like
TOP_GAPS = 10  # gaps shown in full on a page; the rest are folded into a short list
MIN_EXEMPLAR_LEVEL = Level.substantive
HEAT_STEPS = 10


# --- naming ------------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f#%]')
_RESERVED = {"index", "weights"}  # pages every run writes besides the reports


def page_names(ids: list[str]) -> dict[str, str]:
    """File name (without .html) of each submission's report: its id, made safe and unique.

    Only ids that would clash with index.html, hide the file or break a path are changed.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for sid in ids:
        base = cap_name(_UNSAFE_NAME.sub("_", sid).strip()) or "submission"  # a 251-byte id is a valid id
        if base.startswith("."):
            base = "_" + base
        name, n = base, 2
        while name.lower() in _RESERVED or name.lower() in used:
            name = f"{base}-{n}"
            n += 1
        used.add(name.lower())
        out[sid] = name
    return out


def _url_part(text: str) -> str:
    # Percent-encode what would break a relative URL; leave other characters (Chinese ids) as they
    # are: valid in an HTML href, readable, and a third of the bytes.
    return "".join(ch if ord(ch) > 127 else urlquote(ch, safe="") for ch in text)


def href(name: str, anchor: str = "") -> str:
    return _url_part(f"{name}.html") + (f"#{_url_part(anchor)}" if anchor else "")


# --- shared pieces -----------------------------------------------------------------------


@dataclass
class Audit:
    rubric_name: str
    rubric_version: str
    rubric_sha256: str
    profile: str
    engine_version: str
    generated: str
    input_sha256: str = ""
    text_sha256: str = ""
    source: str = ""


@dataclass
class AreaHead:
    code: str
    name: str
    max: float


def component_names() -> dict[str, str]:
    try:
        from ..components import COMPONENT_NAMES_ZH
    except ImportError:  # composite ranking not available: keys are shown as they are
        return {}
    return dict(COMPONENT_NAMES_ZH)


def level_names(rubric: Rubric) -> dict[str, str]:
    return {name: spec.name for name, spec in rubric.spec.levels.items()}


def _pct(score: float, top: float) -> float | None:
    return 100.0 * score / top if top > 0 else None


def _heat(pct: float | None) -> str:
    if pct is None:
        return "hna"
    return f"h{min(HEAT_STEPS, int(pct / (100 / HEAT_STEPS) + 1e-9))}"


def _audit(rubric: Rubric, results: Results, generated: str, sub=None) -> Audit:
    return Audit(
        rubric_name=rubric.spec.name, rubric_version=results.rubric.version, rubric_sha256=results.rubric.sha256,
        profile=results.rubric.profile, engine_version=results.engine_version, generated=generated,
        # The file name only: a report sent to a region need not show the reviewer's folders.
        input_sha256=sub.file_sha256 if sub is not None else "",
        text_sha256=sub.sha256 if sub is not None else "",
        source=PurePath(sub.source_path).name if sub is not None and sub.source_path else "",
    )


def _areas(rubric: Rubric, results: Results) -> list[AreaHead]:
    first = results.submissions[0] if results.submissions else None
    return [AreaHead(a, spec.name, first.areas[a].max if first and a in first.areas else 0.0)
            for a, spec in rubric.spec.areas.items()]


def total_max(results: Results) -> float:
    if not results.submissions:
        return 100.0
    top = sum(a.max for a in results.submissions[0].areas.values())
    return top if top > 0 else 100.0


# --- exemplars ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One submission's strongest passage for one indicator."""

    submission: str
    indicator: str
    passage: Passage
    rank: int


def exemplar_pool(results: Results, run) -> dict[str, list[Candidate]]:
    """For each indicator, every submission's strongest passage, strongest first.

    Strength is the passage's evidence level; among equals the better-ranked submission's
    passage comes first, then the id, so the choice is deterministic.
    """
    ranks = {s.id: s.rank for s in results.submissions}
    pool: dict[str, list[Candidate]] = {}
    for ev in run.evidence:
        if ev.submission_id not in ranks:
            continue
        for ind in ev.indicators:
            if not ind.passages:
                continue
            best = min(ind.passages, key=lambda p: (-int(p.level), p.start))
            if best.level > ind.level:
                continue  # an expert lowered this level (scorer/reviews.py): no example for others
            pool.setdefault(ind.id, []).append(Candidate(ev.submission_id, ind.id, best, ranks[ev.submission_id]))
    for items in pool.values():
        items.sort(key=lambda c: (-int(c.passage.level), c.rank, c.submission, c.passage.start))
    return pool


def duplicate_partners(results: Results) -> dict[str, set[str]]:
    partners: dict[str, set[str]] = {}
    for d in results.near_duplicates:
        partners.setdefault(d.a, set()).add(d.b)
        partners.setdefault(d.b, set()).add(d.a)
    return partners


def exemplars_for(pool: dict[str, list[Candidate]], indicator: str, submission: str, own_level: Level,
                  exclude: set[str] = frozenset(), limit: int = EXEMPLARS_PER_GAP) -> list[Candidate]:
    """The strongest passages for `indicator` from other submissions: what earning the points looks like.

    Only passages above `own_level` and at least substantive count (a slogan is no example);
    near-duplicates of the submission (`exclude`) are left out: a copy of one's own text is no
    example to follow.
    """
    floor = max(own_level + 1, MIN_EXEMPLAR_LEVEL)
    out = [c for c in pool.get(indicator, [])
           if c.submission != submission and c.submission not in exclude and c.passage.level >= floor]
    return out[:limit]


# --- index -------------------------------------------------------------------------------


@dataclass
class AreaCell:
    code: str
    score: float
    max: float
    pct: float | None
    heat: str


@dataclass
class Row:
    id: str
    href: str
    title: str
    region: str
    group: str
    group_name: str
    year: int | None
    total: float
    rank: int
    group_rank: int
    group_size: int
    areas: list[AreaCell]
    gaps: int
    points_lost: float
    composite: float | None = None
    rank_interval: str = ""
    duplicate: bool = False


@dataclass
class GroupTable:
    group: str
    name: str
    rows: list[Row]


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


@dataclass
class NearDup:
    a: str
    a_title: str
    a_href: str
    b: str
    b_title: str
    b_href: str
    similarity: float


@dataclass
class IndexView:
    title: str
    areas: list[AreaHead]
    rows: list[Row]
    groups: list[GroupTable]
    distribution: Distribution | None
    failures: list
    near_duplicates: list[NearDup]
    audit: Audit
    total_max: float
    has_composite: bool
    has_interval: bool
    group_options: list[tuple[str, str, int]]
    count: int


def _distribution(results: Results, rows: list[Row], max_total: float, group_names: dict[str, str]
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
    present = [g for g in GROUPS if any(r.group == g for r in rows)]
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


def build_index(results: Results, run, rubric: Rubric, names: dict[str, str], generated: str) -> IndexView:
    areas = _areas(rubric, results)
    sizes: dict[str, int] = {}
    for s in results.submissions:
        sizes[s.group] = sizes.get(s.group, 0) + 1
    dups = duplicate_partners(results)
    group_names = rubric.group_names()
    rows = []
    for s in results.submissions:
        cells = []
        for a in areas:
            ar = s.areas.get(a.code)
            score, top = (ar.score, ar.max) if ar else (0.0, 0.0)
            pct = _pct(score, top)
            cells.append(AreaCell(a.code, score, top, pct, _heat(pct)))
        rows.append(Row(
            id=s.id, href=href(names[s.id]), title=s.title, region=s.region, group=s.group,
            group_name=group_names.get(s.group, s.group), year=s.year, total=s.total, rank=s.rank,
            group_rank=s.group_rank, group_size=sizes[s.group], areas=cells, gaps=len(s.gaps),
            points_lost=sum(g.points_lost for g in s.gaps), composite=s.composite,
            rank_interval=f"{s.rank_interval[0]}–{s.rank_interval[1]}" if s.rank_interval else "",
            duplicate=s.id in dups,
        ))
    groups = [GroupTable(g, group_names[g], sorted((r for r in rows if r.group == g), key=lambda r: (r.group_rank, r.id)))
              for g in GROUPS if g in sizes]
    titles = {s.id: s.title for s in results.submissions}
    near = [NearDup(d.a, titles.get(d.a, d.a), href(names[d.a]) if d.a in names else "",
                    d.b, titles.get(d.b, d.b), href(names[d.b]) if d.b in names else "", d.similarity)
            for d in sorted(results.near_duplicates, key=lambda d: (-d.similarity, d.a, d.b))]
    top = total_max(results)
    return IndexView(
        title="法治政府建设书面材料评估", areas=areas, rows=rows, groups=groups,
        distribution=_distribution(results, rows, top, group_names), failures=list(results.failures), near_duplicates=near,
        audit=_audit(rubric, results, generated), total_max=top,
        has_composite=any(r.composite is not None for r in rows), has_interval=any(r.rank_interval for r in rows),
        group_options=[(g.group, g.name, len(g.rows)) for g in groups], count=len(rows),
    )


# --- one submission ----------------------------------------------------------------------


@dataclass
class PassageView:
    pieces: list[Piece]
    level: str
    level_name: str
    heading: str
    paragraph: int
    why: str
    anchor: str


@dataclass
class IndicatorView:
    id: str
    name: str
    level: str
    level_name: str
    score: float
    max: float
    passages: list[PassageView]
    gap: bool


@dataclass
class CodeView:
    code: str
    name: str
    catalogue_level: int
    score: float
    max: float
    indicators: list[IndicatorView]


@dataclass
class AreaSection:
    code: str
    name: str
    score: float
    max: float
    codes: list[CodeView]


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


@dataclass
class ExemplarView:
    title: str
    href: str
    group_name: str
    rank: int
    level: str
    level_name: str
    pieces: list[Piece]
    heading: str
    paragraph: int


@dataclass
class GapView:
    indicator: str
    name: str
    code: str
    code_name: str
    area: str
    level: str
    level_name: str
    score: float
    max: float
    points_lost: float
    expects: str
    needed: str  # what this submission must add, from what it did say (assessment.evidence_needed)
    own: PassageView | None
    exemplars: list[ExemplarView]


@dataclass
class ProblemView:
    pieces: list[Piece]
    code: str
    code_name: str
    heading: str
    paragraph: int
    anchor: str


@dataclass
class ParagraphView:
    number: int
    heading: bool
    pieces: list[Piece]


@dataclass
class SubmissionView:
    id: str
    title: str
    region: str
    group: str
    group_name: str
    year: int | None
    date: str
    author: str
    total: float
    total_max: float
    rank: int
    count: int
    group_rank: int
    group_size: int
    composite: float | None
    components: list[tuple[str, float]]  # Chinese name, score
    rank_interval: str
    level_counts: list[tuple[str, str, int]]
    level_names: dict[str, str]
    points_lost: float
    chart: Chart
    areas: list[AreaSection]
    gaps: list[GapView]
    top_gaps: int
    gap_areas: list[tuple[str, str, int, float]]  # area, name, gaps, points lost: most lost first
    problems: list[ProblemView]
    paragraphs: list[ParagraphView]
    duplicates: list[tuple[str, str, float]]  # title, href, similarity
    audit: Audit
    prev: tuple[str, str] | None = None  # title, href of the next better-ranked report
    next: tuple[str, str] | None = None
    has_text: bool = field(default=True)
    assessment: Assessment | None = None


def _passage_view(p: Passage, lv_names: dict[str, str]) -> PassageView:
    name = Level(p.level).name
    return PassageView(marked(p.quote, p.terms), name, lv_names[name], p.heading, p.paragraph, p.why, f"t-{p.start}")


def _chart(rows_in: list[tuple[str, str, float, float, float | None, float | None]]) -> Chart:
    longest = max((len(code) + 1 + len(name) for code, name, *_ in rows_in), default=8)
    left, span, row_h, top = int(min(340, 28 + 13.5 * longest)), 400, 30, 34
    rows = []
    for i, (code, name, score, mx, median, best) in enumerate(rows_in):
        pct = _pct(score, mx)
        y = top + i * row_h
        rows.append(ChartRow(code, name, score, mx, pct, median, best, y,
                             span * (pct or 0) / 100, left + span * (median or 0) / 100, left + span * (best or 0) / 100))
    ticks = [(left + span * k / 4, f"{25 * k}%") for k in range(5)]
    return Chart(width=left + span + 170, height=top + row_h * len(rows) + 8, left=left, span=span, rows=rows, ticks=ticks)


def area_stats(results: Results) -> dict[str, tuple[float | None, float | None]]:
    """Median and best share of each area's points across the run."""
    out = {}
    if not results.submissions:
        return out
    for a in results.submissions[0].areas:
        pcts = [p for s in results.submissions if a in s.areas
                for p in [_pct(s.areas[a].score, s.areas[a].max)] if p is not None]
        out[a] = (statistics.median(pcts), max(pcts)) if pcts else (None, None)
    return out


class SubmissionViews:
    """Builds every submission's view for one run, sharing what the pages have in common."""

    def __init__(self, results: Results, run, rubric: Rubric, names: dict[str, str], generated: str,
                 top_gaps: int = TOP_GAPS):
        self.results, self.run, self.rubric, self.names, self.generated = results, run, rubric, names, generated
        self.top_gaps = top_gaps
        self.assessor = Assessor(results, rubric, run.evidence)
        self.subs = {s.id: s for s in run.submissions}
        self.evidence = {e.submission_id: e for e in run.evidence}
        self.by_id = {s.id: s for s in results.submissions}
        self.pool = exemplar_pool(results, run)
        self.dups = duplicate_partners(results)
        self.stats = area_stats(results)
        self.ind_names = {ind.id: ind.name for ind in rubric.indicators}
        self.code_names = rubric.code_names()
        self.code_area = rubric.code_area()
        self.lv_names = level_names(rubric)
        self.sizes: dict[str, int] = {}
        for s in results.submissions:
            self.sizes[s.group] = self.sizes.get(s.group, 0) + 1
        self.order = [s.id for s in results.submissions]

    def _exemplar(self, c: Candidate) -> ExemplarView:
        peer = self.by_id[c.submission]
        name = Level(c.passage.level).name
        return ExemplarView(
            title=peer.title, href=href(self.names[peer.id], f"ind-{c.indicator}"),
            group_name=self.rubric.group_names().get(peer.group, peer.group), rank=peer.rank, level=name,
            level_name=self.lv_names[name], pieces=marked(c.passage.quote, c.passage.terms),
            heading=c.passage.heading, paragraph=c.passage.paragraph,
        )

    def gaps(self, s: SubmissionResult) -> list[GapView]:
        """Every gap of the results, in the results' order (most points lost first); the first
        `top_gaps` with a peer exemplar each."""
        ev = self.evidence.get(s.id)
        passages = {i.id: i.passages for i in ev.indicators} if ev else {}
        indicators = {i.id: i for i in s.indicators}
        out = []
        for k, g in enumerate(s.gaps):
            ind = indicators.get(g.indicator)
            level = ind.level if ind else "none"
            own = passages.get(g.indicator) or []
            best_own = best_passage(own)
            peers = exemplars_for(self.pool, g.indicator, s.id, Level[level], self.dups.get(s.id, set()),
                                  limit=PAGE_EXEMPLARS) if k < self.top_gaps else []
            out.append(GapView(
                indicator=g.indicator, name=self.ind_names.get(g.indicator, ""), code=g.code,
                code_name=self.code_names.get(g.code, ""), area=self.code_area.get(g.code, ""), level=level,
                level_name=self.lv_names[level], score=ind.score if ind else 0.0, max=ind.max if ind else g.points_lost,
                points_lost=g.points_lost, expects=g.expects,
                needed=evidence_needed(level, best_own, g.expects, self.lv_names),
                own=_passage_view(best_own, self.lv_names) if best_own else None,
                exemplars=[self._exemplar(c) for c in peers],
            ))
        return out

    def build(self, s: SubmissionResult) -> SubmissionView:
        rubric = self.rubric
        sub = self.subs.get(s.id)
        ev = self.evidence.get(s.id)
        passages = {i.id: i.passages for i in ev.indicators} if ev else {}
        gap_ids = {g.indicator for g in s.gaps}

        # Areas → codes → indicators, in the rubric's order.
        by_code: dict[str, list[IndicatorView]] = {}
        for ind in s.indicators:
            by_code.setdefault(ind.code, []).append(IndicatorView(
                id=ind.id, name=self.ind_names.get(ind.id, ""), level=ind.level, level_name=self.lv_names[ind.level],
                score=ind.score, max=ind.max, passages=[_passage_view(p, self.lv_names) for p in passages.get(ind.id, [])],
                gap=ind.id in gap_ids,
            ))
        sections = []
        for a, spec in rubric.spec.areas.items():
            codes = [CodeView(c, cname, s.secondary[c].level if c in s.secondary else 0,
                              s.secondary[c].score if c in s.secondary else 0.0,
                              s.secondary[c].max if c in s.secondary else 0.0, by_code[c])
                     for c, cname in spec.codes.items() if by_code.get(c)]
            ar = s.areas.get(a)
            sections.append(AreaSection(a, spec.name, ar.score if ar else 0.0, ar.max if ar else 0.0, codes))

        chart = _chart([(a.code, a.name, a.score, a.max, *self.stats.get(a.code, (None, None))) for a in sections])

        counts = {lv.name: 0 for lv in Level}
        for ind in s.indicators:
            counts[ind.level] = counts.get(ind.level, 0) + 1
        level_counts = [(lv.name, self.lv_names[lv.name], counts[lv.name]) for lv in sorted(Level, reverse=True)]

        # The full text with every passage, its terms and every stated problem marked.
        paragraphs: list[ParagraphView] = []
        problems: list[ProblemView] = []
        if sub is not None:
            doc = segment(sub)
            layers: list[Layer] = []
            for ind_id, ps in passages.items():
                label = f"{ind_id} {self.ind_names.get(ind_id, '')}".strip()
                for p in ps:
                    if sub.text[p.start : p.end] != p.quote:
                        continue  # offsets that do not point at the quote are not trusted for marks
                    layers.append(Layer(p.start, p.end, "ev", int(p.level), label))
                    layers += [Layer(p.start + a, p.start + b, "term") for a, b in term_spans(p.quote, p.terms)]
            for pr in s.problems:
                layers.append(Layer(pr.start, pr.end, "prob"))
            layers.sort(key=lambda ly: (ly.start, ly.end, ly.kind, ly.label))
            for k, para in enumerate(doc.paragraphs):
                paragraphs.append(ParagraphView(k + 1, para.is_heading, layered(sub.text, para.start, para.end, layers)))
            starts = [para.start for para in doc.paragraphs]
            for pr in s.problems:
                k = _paragraph_at(starts, pr.start)
                para = doc.paragraphs[k] if k is not None else None
                problems.append(ProblemView(
                    marked(pr.quote, []), pr.code or "", self.code_names.get(pr.code or "", ""),
                    para.heading if para is not None and not para.is_heading else "",
                    k + 1 if k is not None else 0, f"t-{pr.start}"))
        else:
            problems = [ProblemView(marked(pr.quote, []), pr.code or "", self.code_names.get(pr.code or "", ""), "", 0, "")
                        for pr in s.problems]

        gaps = self.gaps(s)
        by_area: dict[str, list[float]] = {}
        for g in gaps:
            by_area.setdefault(g.area, []).append(g.points_lost)
        area_names = {a: spec.name for a, spec in rubric.spec.areas.items()}
        gap_areas = sorted(((a, area_names.get(a, ""), len(v), sum(v)) for a, v in by_area.items()),
                           key=lambda x: (-x[3], x[0]))

        i = self.order.index(s.id)
        neighbour = lambda j: (self.by_id[self.order[j]].title, href(self.names[self.order[j]]))  # noqa: E731
        return SubmissionView(
            id=s.id, title=s.title, region=s.region, group=s.group, group_name=rubric.group_names().get(s.group, s.group),
            year=s.year, date=sub.date if sub else "", author=sub.author if sub else "",
            total=s.total, total_max=total_max(self.results), rank=s.rank, count=len(self.results.submissions),
            group_rank=s.group_rank, group_size=self.sizes.get(s.group, 0), composite=s.composite,
            components=[(component_names().get(k, k), v) for k, v in (s.components or {}).items()],
            rank_interval=f"{s.rank_interval[0]}–{s.rank_interval[1]}" if s.rank_interval else "",
            level_counts=level_counts, level_names=self.lv_names, points_lost=sum(g.points_lost for g in s.gaps), chart=chart, areas=sections,
            gaps=gaps, top_gaps=self.top_gaps, gap_areas=gap_areas, problems=problems, paragraphs=paragraphs,
            duplicates=[(self.by_id[d].title, href(self.names[d]), sim)
                        for d, sim in self._dup_pairs(s.id) if d in self.by_id],
            audit=_audit(rubric, self.results, self.generated, sub),
            prev=neighbour(i - 1) if i > 0 else None,
            next=neighbour(i + 1) if i + 1 < len(self.order) else None,
            has_text=sub is not None,
            assessment=self.assessor.assess(s),
        )

    def _dup_pairs(self, sid: str) -> list[tuple[str, float]]:
        out = []
        for d in self.results.near_duplicates:
            if d.a == sid:
                out.append((d.b, d.similarity))
            elif d.b == sid:
                out.append((d.a, d.similarity))
        return sorted(out, key=lambda x: (-x[1], x[0]))


def _paragraph_at(starts: list[int], pos: int) -> int | None:
    k = bisect.bisect_right(starts, pos) - 1
    return k if k >= 0 else None
