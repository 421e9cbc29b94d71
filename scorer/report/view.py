"""View models of the submission and exemplar pages (and the Excel workbook and Word opinions):
plain data, ready to print, and the pieces the index's view shares with them (index_view.py).

Everything a page shows is decided here, from `Results` (scores, ranks, gaps: never recomputed)
and the run's evidence (passages with terms and locations). Templates only lay it out.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from ..models import LEVEL_NAMES, Level, Passage
from ..results import Results, SubmissionResult
from ..rubric import Rubric
from ..segment import paragraphs as paragraphs_of
from .assessment import Assessment, Assessor, best_passage, evidence_needed, points_lost_by
from .charts import Chart, area_chart, area_stats
from .exemplars import Candidate, duplicate_partners, exemplar_pool, exemplars_for, shown_by_level
from .highlight import Layer, Piece, layered, marked, term_spans
from .naming import exemplar_href, href

TOP_GAPS = 10  # gaps shown in full on a page, each with a peer exemplar; the rest are folded into a short list


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


def component_names() -> dict[str, str]:
    try:
        from ..components import COMPONENT_NAMES_ZH
    except ImportError:  # composite ranking not available: keys are shown as they are
        return {}
    return dict(COMPONENT_NAMES_ZH)


def level_names(rubric: Rubric) -> dict[str, str]:
    return {name: spec.name for name, spec in rubric.spec.levels.items()}



def audit_of(rubric: Rubric, results: Results, generated: str, sub=None) -> Audit:
    return Audit(
        rubric_name=rubric.spec.name, rubric_version=results.rubric.version, rubric_sha256=results.rubric.sha256,
        profile=results.rubric.profile, engine_version=results.engine_version, generated=generated,
        # The file name only: a report sent to a region need not show the reviewer's folders.
        input_sha256=sub.file_sha256 if sub is not None else "",
        text_sha256=sub.sha256 if sub is not None else "",
        source=PurePath(sub.source_path).name if sub is not None and sub.source_path else "",
    )


def area_maxima(results: Results, table=None) -> dict[str, float]:
    """Each area's maximum under the run's weights (the same on every scorecard): from the run's
    ScoreTable when given (scorer/score.py), else from the first scorecard."""
    if table is not None:
        return dict(zip(table.areas, table.area_max.tolist()))
    first = results.submissions[0] if results.submissions else None
    return {a: v.max for a, v in first.areas.items()} if first else {}


def total_max(maxima: dict[str, float]) -> float:
    """The total's maximum: the areas' (100 unless weights turn areas off); 100 when none is known."""
    top = sum(maxima.values())
    return top if top > 0 else 100.0


# --- one submission ----------------------------------------------------------------------


@dataclass
class PassageView:
    quote: str
    terms: list[str]  # the matched terms: `pieces` marks them
    level: str
    level_name: str
    heading: str
    paragraph: int
    why: str
    anchor: str
    start: int = -1  # where the passage starts in the text (the full text's anchor t-<start>)

    @property
    def pieces(self) -> list[Piece]:
        """The quote with its terms marked: cut when printed, as most passages of a page are
        not (its script draws them from their offsets, sections.evidence_data)."""
        return marked(self.quote, self.terms)


@dataclass
class IndicatorView:
    id: str
    name: str
    level: str
    level_name: str
    score: float
    max: float
    passages: list[PassageView]
    # its block in 逐项证据 when no expert changed it, made once per view (sections.evidence): a
    # view of an indicator quoting nothing is shared by many pages (SubmissionViews.build)
    html: str | None = field(default=None, init=False, repr=False, compare=False)
    points: str | None = field(default=None, init=False, repr=False, compare=False)  # sections.evidence_points


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
class ExemplarView:
    title: str
    href: str
    group_name: str
    level: str
    level_name: str
    pieces: list[Piece]
    heading: str
    paragraph: int
    # its quote under a gap (sections.leading_gaps), made once per run: the view is shared (_exemplar)
    html: str | None = field(default=None, init=False, repr=False, compare=False)


@dataclass
class ExemplarPage:
    indicator: str
    name: str
    code: str
    code_name: str
    expects: str
    levels: list[tuple[str, str, int, list[ExemplarView]]]  # level, its name, passages at it, the strongest
    audit: Audit


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
    own: PassageView | None  # for the leading `top_gaps` gaps (the others are one line each)
    exemplars: list[ExemplarView]
    more: str = ""  # link to the indicator's page of exemplars, when it shows more than the gap
    more_count: int = 0
    # its row of the folded gaps' data, made once per view (sections.folded_gaps_data): a folded
    # gap's view is shared by many pages (SubmissionViews.gaps)
    row: tuple[str, int, str] | None = field(default=None, init=False, repr=False, compare=False)


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
    """A paragraph of the full text: text[start:end] under the page's layers (all of them, one
    list shared by its paragraphs: the page writes its full text from them in one sweep,
    sections.full_text); `pieces` cuts it as layered does."""

    number: int
    heading: bool
    text: str  # the submission's whole text
    start: int
    end: int
    layers: list[Layer]

    @property
    def pieces(self) -> list[Piece]:
        return layered(self.text, self.start, self.end, self.layers)


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
    folded_lost: float = 0.0  # the points the gaps after the first top_gaps lose




def _passage_view(p: Passage, lv_names: dict[str, str]) -> PassageView:
    name = LEVEL_NAMES[p.level]
    return PassageView(p.quote, p.terms, name, lv_names[name], p.heading, p.paragraph, p.why, f"t-{p.start}",
                       p.start)


class SubmissionViews:
    """Builds every submission's view for one run, sharing what the pages have in common."""

    def __init__(self, results: Results, run, rubric: Rubric, names: dict[str, str], generated: str,
                 top_gaps: int = TOP_GAPS, table=None):
        """`table`: the run's ScoreTable (scorer/score.py). With it, what the pages share is read
        from the table and the scorecards need only their heads (the process rendering a page
        builds its scorecard in full: scorer/report/pages.py); without it, from the scorecards."""
        self.results, self.run, self.rubric, self.names, self.generated = results, run, rubric, names, generated
        self.top_gaps = top_gaps
        self.assessor = Assessor(results, rubric, run.evidence, table)
        self.subs = {s.id: s for s in run.submissions}
        self.evidence = {e.submission_id: e for e in run.evidence}
        self.by_id = {s.id: s for s in results.submissions}
        self.pool = exemplar_pool(results, run)
        self.dups = duplicate_partners(results)
        self.stats = area_stats(results, shares=self.assessor.shares)
        self.ind_names = {ind.id: ind.name for ind in rubric.indicators}
        self.expects = results.expects()
        self.code_names = rubric.code_names()
        self.code_area = rubric.code_area()
        self.lv_names = level_names(rubric)
        self.sizes = self.assessor.sizes  # submissions per peer group
        self.order = [s.id for s in results.submissions]
        self.position = {sid: i for i, sid in enumerate(self.order)}
        self.titles = {s.id: s.title for s in results.submissions}
        self.count, self.top = len(results.submissions), total_max(area_maxima(results, table))
        self._exemplars: dict[tuple[str, str], ExemplarView] = {}
        self._folded: dict[tuple, GapView] = {}  # folded gaps' views, shared by the pages (gaps)
        self._bare: dict[tuple, IndicatorView] = {}  # views of indicators quoting nothing, likewise (build)
        # Each indicator's page of exemplars and how many it shows: gaps link to it.
        self.exemplar_pages: dict[str, tuple[str, int]] = {}
        for ind_id, pool in self.pool.items():
            strong = sum(n for _, n, _ in shown_by_level(pool))
            if strong:
                self.exemplar_pages[ind_id] = (exemplar_href(ind_id), strong)
        self.group_names = rubric.group_names()
        self.dup_pairs: dict[str, list[tuple[str, float]]] = {}
        for d in results.near_duplicates:
            self.dup_pairs.setdefault(d.a, []).append((d.b, d.similarity))
            self.dup_pairs.setdefault(d.b, []).append((d.a, d.similarity))
        for pairs in self.dup_pairs.values():
            pairs.sort(key=lambda x: (-x[1], x[0]))

    def _exemplar(self, c: Candidate) -> ExemplarView:
        # A strong passage is the exemplar of many pages: its view is built once per run.
        key = (c.submission, c.indicator)
        if key not in self._exemplars:
            self._exemplars[key] = self._new_exemplar(c)
        return self._exemplars[key]

    def _new_exemplar(self, c: Candidate) -> ExemplarView:
        peer = self.by_id[c.submission]
        name = LEVEL_NAMES[c.passage.level]
        return ExemplarView(
            title=peer.title, href=href(self.names[peer.id], f"ind-{c.indicator}"),
            group_name=self.group_names.get(peer.group, peer.group), level=name,
            level_name=self.lv_names[name], pieces=marked(c.passage.quote, c.passage.terms),
            heading=c.passage.heading, paragraph=c.passage.paragraph,
        )

    def quoted(self, sid: str) -> dict[str, list[Passage]]:
        """The submission's passages by indicator, for the indicators that quote any."""
        ev = self.evidence.get(sid)
        return {i.id: i.passages for i in ev.indicators if i.passages} if ev else {}

    def gaps(self, s: SubmissionResult, passages: dict[str, list[Passage]] | None = None) -> list[GapView]:
        """Every gap of the results, in the results' order (most points lost first); the first
        `top_gaps` with a peer exemplar each. `passages`: quoted(s.id), when the caller has it."""
        if passages is None:
            passages = self.quoted(s.id)
        # Items, not attributes: results are records (scorer/results.py), whose attributes cost a call.
        indicators = {i["id"]: i for i in s["indicators"]}
        gaps, top = s["gaps"], self.top_gaps
        out = []
        for g in gaps[:top]:  # only these show their own passage and an exemplar
            gid = g["indicator"]
            ind = indicators.get(gid)
            level = ind["level"] if ind else "none"
            quoted = passages.get(gid)
            best_own = best_passage(quoted) if quoted else None
            peers = exemplars_for(self.pool, gid, s.id, Level[level], self.dups.get(s.id, set()))
            out.append(self._gap(gid, code=g["code"], lost=g["points_lost"], ind=ind, level=level, best_own=best_own,
                                 shown=True, peers=peers))
        folded = self._folded
        for g in gaps[top:]:
            # A folded gap's view depends on these alone, and the same recur on page after page
            # (most are 材料未涉及本项): made once per run.
            gid, lost = g["indicator"], g["points_lost"]
            ind = indicators.get(gid)
            quoted = passages.get(gid)
            best_own = best_passage(quoted) if quoted else None
            key = ((gid, g["code"], lost, ind["level"], ind["score"], ind["max"]) if ind is not None
                   else (gid, g["code"], lost, "none", 0.0, lost), best_own.paragraph if best_own is not None else 0)
            view = folded.get(key)
            if view is None:
                view = folded[key] = self._gap(gid, g["code"], lost, ind, ind["level"] if ind else "none", best_own,
                                               False, [])
            out.append(view)
        return out

    def _gap(self, gid: str, code: str, lost: float, ind, level: str, best_own: Passage | None, shown: bool,
             peers: list[Candidate]) -> GapView:
        """A gap's view: shown in full, with its own passage and the peers' exemplars, or folded."""
        expects = self.expects[gid]
        return GapView(
            indicator=gid, name=self.ind_names.get(gid, ""), code=code,
            code_name=self.code_names.get(code, ""), area=self.code_area.get(code, ""), level=level,
            level_name=self.lv_names[level], score=ind["score"] if ind else 0.0, max=ind["max"] if ind else lost,
            points_lost=lost, expects=expects, needed=evidence_needed(level, best_own, expects, self.lv_names),
            own=_passage_view(best_own, self.lv_names) if best_own and shown else None,
            exemplars=[self._exemplar(c) for c in peers],
            more=self.exemplar_pages.get(gid, ("", 0))[0] if peers else "",
            more_count=self.exemplar_pages.get(gid, ("", 0))[1],
        )

    def exemplar_page(self, indicator: str) -> ExemplarPage | None:
        """The run's strongest passages for one indicator, by level: the page every gap links to
        instead of copying them (links are relative to the exemplars/ folder)."""
        pool = self.pool.get(indicator, [])
        ind = next((i for i in self.rubric.indicators if i.id == indicator), None)
        if ind is None:
            return None
        levels = [(lv.name, self.lv_names[lv.name], n,
                   [replace(self._exemplar(c), href="../" + self._exemplar(c).href) for c in chosen])
                  for lv, n, chosen in shown_by_level(pool)]
        if not levels:
            return None
        return ExemplarPage(indicator=indicator, name=ind.name, code=ind.code, code_name=self.code_names.get(ind.code, ""),
                            expects=ind.expects, levels=levels, audit=audit_of(self.rubric, self.results, self.generated))

    def build(self, s: SubmissionResult, page: bool = True) -> SubmissionView:
        """The submission's view; without `page`, only what its standing shows (render.standing_entry):
        no full text and no problems, for a page a re-weighting keeps as it is."""
        rubric = self.rubric
        sub = self.subs.get(s.id)
        passages = self.quoted(s.id)

        # Areas → codes → indicators, in the rubric's order.
        by_code: dict[str, list[IndicatorView]] = {}
        counts = {lv.name: 0 for lv in Level}
        bare = self._bare
        for ind in s["indicators"]:  # items: results are records (see gaps)
            iid, level = ind["id"], ind["level"]
            counts[level] += 1
            quoted = passages.get(iid) if page else None  # the standing shows no passage
            if quoted:
                view = IndicatorView(id=iid, name=self.ind_names.get(iid, ""), level=level,
                                     level_name=self.lv_names[level], score=ind["score"], max=ind["max"],
                                     passages=[_passage_view(p, self.lv_names) for p in quoted])
            else:
                # Most indicators of a page quote nothing: their view depends on these alone and is
                # shared by the pages (views are only read).
                key = (iid, level, ind["score"], ind["max"])
                view = bare.get(key)
                if view is None:
                    view = bare[key] = IndicatorView(id=iid, name=self.ind_names.get(iid, ""), level=level,
                                                     level_name=self.lv_names[level], score=ind["score"],
                                                     max=ind["max"], passages=[])
            by_code.setdefault(ind["code"], []).append(view)
        secondary, areas = s["secondary"], s["areas"]
        none_ = {"level": 0, "score": 0.0, "max": 0.0}
        sections = []
        for a, spec in rubric.spec.areas.items():
            codes = [CodeView(c, cname, x["level"], x["score"], x["max"], by_code[c])
                     for c, cname in spec.codes.items() if by_code.get(c) for x in [secondary.get(c) or none_]]
            ar = areas.get(a)
            sections.append(AreaSection(a, spec.name, ar["score"] if ar else 0.0, ar["max"] if ar else 0.0, codes))

        chart = area_chart([(a.code, a.name, a.score, a.max, *self.stats.get(a.code, (None, None))) for a in sections])

        level_counts = [(lv.name, self.lv_names[lv.name], counts[lv.name]) for lv in sorted(Level, reverse=True)]

        # The full text with every passage, its terms and every stated problem marked.
        paragraphs: list[ParagraphView] = []
        layers: list[Layer] = []  # in any order: highlight.sweep cuts the paragraphs from all of them at once
        problems: list[ProblemView] = []
        if page and sub is not None:  # (without `page`, neither full text nor problems)
            found = paragraphs_of(sub.text)  # the paragraphs alone: a page shows no sentences
            terms: set[tuple[int, int]] = set()
            for ind_id, ps in passages.items():
                label = ind_id  # the page's script adds the name on hover (it is in the indicator's head)
                for p in ps:
                    if sub.text[p.start : p.end] != p.quote:
                        continue  # offsets that do not point at the quote are not trusted for marks
                    layers.append(Layer(p.start, p.end, "ev", int(p.level), label))
                    # a sentence quoted for several indicators has its terms marked once
                    terms.update((p.start + a, p.start + b) for a, b in term_spans(p.quote, p.terms))
            layers += [Layer(a, b, "term") for a, b in terms]
            for pr in s.problems:
                layers.append(Layer(pr.start, pr.end, "prob"))
            for k, para in enumerate(found):
                paragraphs.append(ParagraphView(k + 1, para.is_heading, sub.text, para.start, para.end, layers))
            starts = [para.start for para in found]
            for pr in s.problems:
                k = _paragraph_at(starts, pr.start)
                para = found[k] if k is not None else None
                problems.append(ProblemView(
                    marked(pr.quote, []), pr.code or "", self.code_names.get(pr.code or "", ""),
                    para.heading if para is not None and not para.is_heading else "",
                    k + 1 if k is not None else 0, f"t-{pr.start}"))
        elif page:
            problems = [ProblemView(marked(pr.quote, []), pr.code or "", self.code_names.get(pr.code or "", ""), "", 0, "")
                        for pr in s.problems]

        gaps = self.gaps(s, passages)
        lost = points_lost_by(gaps)
        area_names = self.assessor.area_names
        gap_areas = sorted(((a, area_names.get(a, ""), lost.area_gaps[a], v) for a, v in lost.area.items()),
                           key=lambda x: (-x[3], x[0]))

        prev, next_ = self.links(s.id)
        return SubmissionView(
            id=s.id, title=s.title, region=s.region, group=s.group, group_name=self.group_names.get(s.group, s.group),
            year=s.year, date=sub.date if sub else "", author=sub.author if sub else "",
            total=s.total, total_max=self.top, rank=s.rank, count=self.count,
            group_rank=s.group_rank, group_size=self.sizes.get(s.group, 0), composite=s.composite,
            components=[(component_names().get(k, k), v) for k, v in (s.components or {}).items()],
            rank_interval=f"{s.rank_interval[0]}–{s.rank_interval[1]}" if s.rank_interval else "",
            level_counts=level_counts, level_names=self.lv_names, points_lost=sum(g["points_lost"] for g in s["gaps"]), chart=chart, areas=sections,
            gaps=gaps, top_gaps=self.top_gaps, gap_areas=gap_areas, problems=problems, paragraphs=paragraphs,
            duplicates=[(self.titles[d], href(self.names[d]), sim)
                        for d, sim in self.dup_pairs.get(s.id, []) if d in self.titles],
            audit=audit_of(rubric, self.results, self.generated, sub),
            prev=prev, next=next_,
            has_text=sub is not None,
            assessment=self.assessor.assess(s, lost),
            folded_lost=sum(g.points_lost for g in gaps[self.top_gaps:]),
        )

    def links(self, sid: str) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
        """Title and page of the next better- and the next worse-ranked submission."""
        i = self.position[sid]
        at = lambda j: (self.titles[self.order[j]], href(self.names[self.order[j]]))  # noqa: E731
        return (at(i - 1) if i > 0 else None, at(i + 1) if i + 1 < len(self.order) else None)


def _paragraph_at(starts: list[int], pos: int) -> int | None:
    k = bisect.bisect_right(starts, pos) - 1
    return k if k >= 0 else None
