"""Decide each indicator's level and keep the passages that justify it.

The topic comes from the indicator's rules (match.py); the worth of a passage comes from the
engine-wide detectors (detectors.py). Evidence depends on text and rules only, never weights.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Callable
from typing import NamedTuple

from pydantic import TypeAdapter
from pydantic_core import to_json

from . import detectors
from .match import CompiledRules, Matches, TermReading
from .models import Document, Evidence, IndicatorEvidence, Level, Problem, Submission
from .rubric import Indicator, Rubric
from .ingest.identify import infer_group
from .segment import HEADING_RE, segment

MAX_PASSAGES = 3
# A following clause continues the topic's clause when it opens with a verb of counting or
# with the figure itself (…公示制度，公开执法信息3.2万条); a clause with a new subject does not.
_CONTINUATION = re.compile(r"\s*(?:\d|共|累计|其中|同比|较|占|达|涉及|覆盖|惠及|公开|公示|办理|办结|受理|化解|培训|"
                           r"审查|审核|出具|提出|参与|接待|调解|调处|完成|开展|组织|举办|清理|取消|下放|减少|压缩|提升|提高|下降|"
                           r"新增|发放|挽回|节约|服务|帮助|明确|参考|参加|参训|参与|共有|人数|解答|录入|上线|归集|推送|纠正|撤销|发现|整改|督办|处理|查处|立案|作出|实现)")


def _clause_bounds(sentence: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in detectors.CLAUSE_SPLIT_RE.finditer(sentence):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(sentence)))
    return bounds


class _ClauseMap:
    """Which clause of a sentence a character offset falls in."""

    def __init__(self, sentence: str):
        self.sentence = sentence
        self.bounds = _clause_bounds(sentence)
        # The clause of every offset up to the sentence's length, looked up instead of searched:
        # a document asks for a few hundred. (Clause ends rise strictly: a split mark is one character.)
        self._clause: list[int] = []
        before = -1
        for k, (_, end) in enumerate(self.bounds):
            self._clause.extend([k] * (end - before))
            before = end

    def of(self, pos: int) -> int:
        """The first clause that ends at or after pos (the last one for a position past them all)."""
        clause = self._clause
        return clause[pos] if 0 <= pos < len(clause) else 0 if pos < 0 else clause[-1]

    def continues(self, k: int) -> bool:
        return _CONTINUATION.match(self.sentence, self.bounds[k][0]) is not None


def _quantity_on_topic(clauses: _ClauseMap, quantity_clauses: set[int], topic: set[int]) -> bool:
    """A quantity measures the topic when it sits in a topic term's clause, or in the next
    clause when that clause continues the topic (…公示制度，公开执法信息3.2万条)."""
    return any(k in topic or (k - 1 in topic and clauses.continues(k)) for k in quantity_clauses)


def _near(topic: set[int], others: set[int] | tuple = ()) -> set[int]:
    """The clauses whose concrete content belongs to the topic: a topic clause or the clause right
    after it, which continues the measure (推行一业一证改革，发出首张综合许可证). A clause before
    the topic belongs to the measure before it: in 出台《考核办法》，推进执法公示 the rules on
    assessment are no instrument of 执法公示. Nor does a clause after it that names another topic
    and not this one (`others`): in 充分发挥法律顾问作用，完成68件规范性文件合法性审查 the figures
    are the legality review's, not the legal adviser's."""
    return topic | {t + 1 for t in topic if t + 1 not in others}


class _SentenceReading:
    """What _judge reads in one sentence whatever the indicator, kept for the document's other
    indicators that match it (half the judgements of a document are of a sentence judged before):
    its text and offset, the detectors' features, whether it is a heading (or an inline lead) and
    whether a plan heading is over it, and, when first needed, what its own features decide (see
    verdict), its clauses and the clauses that hold a specific action, a deed, an instrument, a
    quantity."""

    __slots__ = ("text", "start", "f", "heading", "plan_section", "reports", "term_starts", "_verdict", "_parts",
                 "_instruments", "_quantities", "_titles", "_topics")

    def __init__(self, text: str, start: int, f: detectors.SentenceFeatures, heading: bool | None, plan_section: bool,
                 reports: bool, term_starts: Callable[[], list[tuple[int, int]]]):
        # heading: True for a heading or an inline lead, None for a line of the document's head (its
        # own title, page furniture: it frames nothing and shows nothing), else False
        self.text, self.start, self.f, self.heading, self.plan_section = text, start, f, heading, plan_section
        self.reports = reports  # the document's voice (see _judge), the same for all its sentences
        self.term_starts = term_starts  # the sentence's terms, (offset, id), when asked (match._Reading.term_starts)
        self._verdict = self._parts = self._instruments = self._quantities = self._titles = self._topics = None

    def verdict(self) -> tuple[_Verdict | None, _Verdict | None]:
        """What the sentence's own features decide whatever the indicator (the same for each
        indicator that matches it, so read once): the level if they settle it before the topic's
        place in the sentence counts, and the level they settle once the topic stands after any
        preamble (see _judge)."""
        if self._verdict is None:
            f, reports = self.f, self.reports
            if f.formula or self.heading is None:
                # The report's framing (现将…报告如下) and its head (title, furniture) are about no topic.
                found = (Level.none, "标题（仅作上下文）", f.problem), None
            elif self.heading:
                # A heading frames the passages under it (see _inherited); by itself it names its
                # topic and proves nothing done, as a slogan does.
                found = (Level.mention, "标题提及主题（未写具体举措）", f.problem), None
            elif f.problem:
                found = (Level.mention, "问题表述", True), None
            elif f.other_actor:
                found = (Level.mention, "他人的做法、上级部署或转述", False), None
            elif f.prescriptive or f.planned or self.plan_section:
                found = _DEMANDED, None
            elif f.summary:
                found = _SUMMARY, None
            # Reported, not demanded: a completion cue, a counted result (nobody counts what is only
            # planned), the reporting body itself as the subject, or any action in a report's voice.
            elif f.imperative and not reports:
                found = None, _DEMANDED
            elif not (f.completed or f.quantities or f.reporter_subject or reports):
                found = None, (Level.mention, "一般表述（无完成动作）", False)
            else:
                found = None, None
            self._verdict = found
        return self._verdict

    def parts(self) -> tuple[_ClauseMap, frozenset[int], frozenset[int]]:
        if self._parts is None:
            self._parts = _sentence_parts(self.text)
        return self._parts

    def instrument_clauses(self) -> set[int]:
        if self._instruments is None:
            of = self.parts()[0].of
            self._instruments = {of(a) for a, _ in self.f.instruments}
        return self._instruments

    def titles(self) -> tuple[tuple[int, int], ...]:
        """The spans of the 《titles》 the sentence only studies or publicises (most name none)."""
        if self._titles is None:
            self._titles = detectors.adopted_title_spans(self.text) if "《" in self.text else ()
        return self._titles

    def other_topic_clauses(self, topic: _Topic) -> set[int]:
        """The clauses that name another code's topic (a term only that code's topics are made of)
        and none of this indicator's terms: a measure of their own, whose concrete content is no
        evidence of this topic (see _near)."""
        if self._topics is None:
            of = self.parts()[0].of
            codes_of = topic.topic_code.get
            self._topics = {}
            for offset, k in self.term_starts():
                codes, ids = self._topics.setdefault(of(offset), (set(), set()))
                ids.add(k)
                code = codes_of(k)
                if code is not None:
                    codes.add(code)
        return {c for c, (codes, ids) in self._topics.items()
                if codes and topic.code not in codes and ids.isdisjoint(topic.ids)}

    def quantity_clauses(self) -> set[int]:
        if self._quantities is None:
            of = self.parts()[0].of
            self._quantities = {of(a) for a, _ in self.f.quantities}
        return self._quantities


class _Topic(NamedTuple):
    """The indicator a sentence is judged for, as _judge needs it to tell its clauses from another
    topic's (_SentenceReading.other_topic_clauses)."""

    code: str
    ids: frozenset[int]  # the ids of the indicator's terms (CompiledRules.term_ids)
    topic_code: dict[int, str]  # CompiledRules.topic_code


_Verdict = tuple[Level, str, bool]  # a level, the reason in Chinese, and whether a problem is stated
_DEMANDED: _Verdict = (Level.mention, "要求或计划语气", False)
_SUMMARY: _Verdict = (Level.mention, "总述或总结性表述（未写具体举措）", False)
_AGENDA: _Verdict = (Level.mention, "研究部署或批示所列的议题之一（未写具体举措）", False)


def _judge(read: _SentenceReading, topic_offsets: Callable[[], list[int]], concrete_terms: list[str],
           own: _Topic | None = None) -> _Verdict:
    """Level of one matched sentence, the reason in Chinese, and whether it states a problem.

    `topic_offsets` gives where the topic's terms start in the sentence (at least one offset); it
    is asked for only when the sentence's own features leave the level open (most judgements end
    before), so a matched sentence's terms are looked up only where they count. `read.reports` says
    the document speaks in the voice of a work report (most of its sentences tell what was done
    or counted): there a plain action sentence (组织开展…, 邀请…授课) tells what was done, as a
    reviewer reads it, so it needs no separate completion cue. `read.plan_section` says the
    sentence stands under a heading about next year's plans, where every action is intended.
    """
    settled, unless_preamble = read.verdict()
    if settled is not None:
        return settled
    f = read.f
    after_preamble = None
    if f.preamble_end:
        # Only what follows the preamble can be a measure of the topic.
        after_preamble = [r for r in topic_offsets() if r >= f.preamble_end]
        if not after_preamble:
            return _SUMMARY
    if unless_preamble is not None:
        return unless_preamble
    offsets = topic_offsets() if after_preamble is None else after_preamble
    if f.agenda and any(agenda.holds_only(offsets) for agenda in f.agenda):
        return _AGENDA
    clauses, specific_actions, deeds = read.parts()
    topic = {clauses.of(p) for p in offsets}
    if f.quantities and _quantity_on_topic(clauses, read.quantity_clauses(), topic):
        # (a quantity on the topic stands near it, so the content is concrete: what else is near
        # need not be looked for)
        return Level.quantified, "已完成举措＋相关数量", False
    # in a report a deed with its object is what was done (see DEED_RE)
    specific = specific_actions | deeds if read.reports else specific_actions
    near = _near(topic)
    if own is not None and len(near) > len(topic):
        # (the clause after the topic is asked which topic it names only if it holds something
        # concrete: most do not, and then it adds nothing either way)
        after = near - topic
        if (not (after.isdisjoint(specific) and after.isdisjoint(read.instrument_clauses())
                 and after.isdisjoint(read.quantity_clauses()))
                or any(term in read.text for term in concrete_terms)):
            near = _near(topic, read.other_topic_clauses(own))
    if concrete_terms and near.isdisjoint(specific):  # (already near: the indicator's words add nothing)
        text = read.text  # (most of an indicator's words are not in the sentence: tested before searched)
        # (an indicator's word inside a document the sentence only implements is that document's)
        foreign = f.foreign_titles
        specific = specific | {clauses.of(i) for term in concrete_terms if term in text for i in _find_all(text, term)
                               if not any(a <= i < b for a, b in foreign)}
    concrete = [name for name, found in (("具名制度工具", read.instrument_clauses()),
                                         ("数量", read.quantity_clauses()), ("具体做法", specific))
                if not near.isdisjoint(found)]
    if not concrete:
        return Level.mention, "一般表述（无与主题相关的具体内容）", False
    return Level.substantive, "已完成举措＋" + "、".join(concrete), False


@lru_cache(maxsize=4096)  # more sentences than a long report judges
def _sentence_parts(sentence: str) -> tuple[_ClauseMap, frozenset[int], frozenset[int]]:
    """What _judge reads in a sentence whatever the indicator: its clauses, and the clauses in
    which specific actions and deeds start. (A document asks once per sentence, through
    _SentenceReading.parts; the cache spares a sentence repeated across documents.)"""
    clauses = _ClauseMap(sentence)
    return (clauses, frozenset(clauses.of(m.start()) for m in detectors.SPECIFIC_ACTION_RE.finditer(sentence)),
            frozenset(clauses.of(m.start()) for m in detectors.DEED_RE.finditer(sentence)))


def _find_all(text: str, term: str) -> list[int]:
    out, i = [], text.find(term)
    while i >= 0:
        out.append(i)
        i = text.find(term, i + 1)
    return out


# Headings over next year's plans: what stands under them is not yet done. (Problems are found
# sentence by sentence: a heading such as 主要举措、成效和不足 covers the year's work too.)
_PLAN_HEADING_RE = re.compile(r"下一步|工作打算|工作计划|工作思路|工作安排|努力方向|今后|明年|\d{4}年(?:度)?(?:工作)?(?:计划|打算|安排)")
# A report's voice: at least this much more of its sentences tell what was done or counted than
# demand or plan, and some figure or a good share of past-tense sentences (an essay has neither).
_REPORT_VOICE_MARGIN = 0.05
_REPORT_VOICE_PAST = 0.35
_REPORT_VOICE_MIN_SENTENCES = 3


# A title that names the text a report or summary of the year's work (…年度法治政府建设情况报告,
# …工作总结, …工作情况; also one made from the body's 现将…报告如下, marked 据正文): the reporter
# says itself that it speaks in a work report's voice, whatever share of its opening (often the
# leadership paragraphs, with few figures) the counts of _reports find.
_REPORT_TITLE_RE = re.compile(r"(?:报告|总结|情况)(?:（据正文）)?\s*$")


def _reports(doc: Document) -> bool:
    """Whether the document speaks as a work report of what was done (see _judge).

    Counted with one scan of the whole text per cue, mapped to sentences by position: the voice
    of a document must not cost a judgement of every sentence."""
    body = [i for i, sent in enumerate(doc.sentences) if not doc.paragraphs[sent.paragraph].is_heading]
    n = len(body)
    if n < _REPORT_VOICE_MIN_SENTENCES:
        return False  # too little text to hear a voice in: judge each sentence on its own words
    starts = [s.start for s in doc.sentences]

    def sentences_with(pattern: re.Pattern) -> set[int]:
        return {bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(doc.text)}

    past = sentences_with(detectors.COMPLETED_RE)
    counted = sentences_with(detectors.QUANTITY_RE)
    demanding = sentences_with(detectors.PLANNED_RE)
    for pattern in detectors.PRESCRIPTIVE_RES:
        demanding |= sentences_with(pattern)
    demanding |= {i for i in body if i not in past and i not in counted
                  and detectors.IMPERATIVE_OPENING_RE.match(doc.text, doc.sentences[i].start)}
    share = {name: sum(i in found for i in body) / n
             for name, found in (("past", past), ("counted", counted), ("demanding", demanding))}
    return (share["past"] + share["counted"] - share["demanding"] >= _REPORT_VOICE_MARGIN
            and (share["counted"] >= 0.05 or share["past"] >= _REPORT_VOICE_PAST))


def _outside_adopted_titles(spans: list[tuple[int, int]], titles) -> list[tuple[int, int]]:
    """The term spans that do not lie inside a document title the sentence only studies or
    publicises (`titles`, _SentenceReading.titles): 学习《行政复议法》 is about learning, not about 行政复议."""
    return [(a, b) for a, b in spans if not any(ta <= a and b <= tb for ta, tb in titles)]


# A short enumerated sentence that opens a run of sentences names their topic (一是深化简政放权。
# 落实“证照分离”改革，完善26项管理措施。…): a heading written inline.
_INLINE_LEAD_RE = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、]|\d{1,2}[.．、](?!\d))"
    r"[^。；;：:]{2,28}[。：:]?$"
)


def _head_sentences(doc: Document) -> set[int]:
    """The sentences of the document's head: the lines above its first full sentence other than a
    numbered section heading. They are its own title (…年度法治政府建设情况报告, 关于…的报告, alone or
    split over two lines), which names what the whole report is, and what a copied web page left
    around it (a column's name, 政府信息公开); either is evidence of nothing (not of the 年度报告 the
    text is, nor of 政务公开) and frames no passage (not the preamble under it)."""
    text, out = doc.text, set()
    for i, sent in enumerate(doc.sentences):
        para = doc.paragraphs[sent.paragraph]
        line = text[para.start : para.end]
        if "。" in line:
            break  # the body has begun
        if not HEADING_RE.match(line) and not line.rstrip().endswith(("：", ":")):
            out.add(i)  # (a salutation, 市人大常委会：, says to whom the report goes: it is read)
    return out


class _Context:
    """Which sentences are headings (own paragraphs or inline leads) and which sentences take
    their topic from one: a reviewer reads 一是政务公开。通过门户网站公开…件 as evidence of 政务公开.
    The document's head (_head_sentences: its own title, page furniture) is neither: it frames
    nothing and shows nothing."""

    def __init__(self, doc: Document):
        self.leads: set[int] = set()
        self.scope: dict[int, list[int]] = {}
        self.head = _head_sentences(doc)
        heading: list[int] = []  # the sentences of the heading paragraph just above, if any
        inline: int | None = None  # the inline lead of the current paragraph, if any
        last_paragraph = -1
        for i, sent in enumerate(doc.sentences):
            para = doc.paragraphs[sent.paragraph]
            new_paragraph = sent.paragraph != last_paragraph
            last_paragraph = sent.paragraph
            if i in self.head:
                heading = []
                continue
            if para.is_heading:
                if new_paragraph:
                    heading = []
                heading.append(i)
                self.leads.add(i)
                continue
            if new_paragraph:
                inline = None
                # a heading frames only the first paragraph below it
                if heading and doc.sentences[heading[-1]].paragraph != sent.paragraph - 1:
                    heading = []
            if _INLINE_LEAD_RE.match(doc.text[sent.start : sent.end]):
                self.leads.add(i)
                inline = i
                continue
            for lead in ([inline] if inline is not None else heading):
                self.scope.setdefault(lead, []).append(i)


_BODY_BEFORE_YEAR_RE = re.compile(r"^(?:中共)?([\u4e00-\u9fa5]{2,20}?)(?:关于)?(?:19|20)\d\d\s*年")


def _reporter_name(submission: Submission) -> str:
    """The reporter as the text names itself: its place, or for a body without one (司法部) the
    name its title opens with."""
    if submission.region:
        return submission.region
    m = _BODY_BEFORE_YEAR_RE.match(submission.title)
    return m.group(1) if m and not m.group(1).startswith(("省", "市", "县", "区", "全")) else ""


# A report about the country as a whole speaks of all regions and departments and of the
# central office that steers them; there national measures are the reporter's own.
_NATIONAL_VOICE_RE = re.compile(r"各地区各部门|各地各部门|全国各地|中央(?:全面)?依法治国办")
_NATIONAL_VOICE_MIN = 3


def _reporter_level(submission: Submission) -> str:
    """The level whose bodies act as the reporter's own or above it (detectors.other_actor): the
    peer group, except that a report naming no place that speaks for the whole country is
    national (`other`), whichever section of a compilation it was filed under."""
    if (not submission.region and infer_group(submission.title) == "other"
            and len(_NATIONAL_VOICE_RE.findall(submission.text)) >= _NATIONAL_VOICE_MIN):
        return "other"
    return submission.group


@dataclass(frozen=True)
class _Reading:
    """What holds for the whole document while its sentences are judged."""

    doc: Document
    terms: TermReading  # which terms each sentence holds (CompiledRules.read)
    context: _Context
    reporter_group: str
    reporter_place: str
    reports: bool
    # per sentence, its reading once made (see sentence)
    sentences: list[_SentenceReading | None] = field(default_factory=list)
    plan_headings: dict[str, bool] = field(default_factory=dict)  # per heading: over next year's plans?
    topics: dict[str, _Topic] = field(default_factory=dict)  # per indicator id, made when first asked for

    def topic(self, indicator: Indicator) -> _Topic:
        """The indicator as _judge tells its clauses from another topic's."""
        found = self.topics.get(indicator.id)
        if found is None:
            rules = self.terms.rules
            found = self.topics[indicator.id] = _Topic(indicator.code, rules.term_ids[indicator.id], rules.topic_code)
        return found

    def sentence(self, i: int) -> _SentenceReading:
        """Sentence i as _judge reads it, made when first asked for."""
        read = self.sentences[i]
        if read is None:
            sent = self.doc.sentences[i]
            para = self.doc.paragraphs[sent.paragraph]
            text = self.doc.text[sent.start : sent.end]
            planned = self.plan_headings.get(para.heading)
            if planned is None:
                planned = self.plan_headings[para.heading] = bool(_PLAN_HEADING_RE.search(para.heading))
            read = self.sentences[i] = _SentenceReading(
                text, sent.start, self._features(text), None if i in self.context.head else i in self.context.leads,
                planned and not para.is_heading,
                self.reports, lambda: self.terms.term_starts(i))
        return read

    def features(self, i: int) -> detectors.SentenceFeatures:
        """Sentence i's features: its reading's when _judge has read it, else made without a reading
        (a third of a document's sentences, asked only whether they state a problem): features are
        computed when first asked for."""
        read = self.sentences[i]
        if read is not None:
            return read.f
        sent = self.doc.sentences[i]
        return self._features(self.doc.text[sent.start : sent.end])

    def _features(self, text: str) -> detectors.SentenceFeatures:
        return detectors.SentenceFeatures(text, self.reporter_group, self.reporter_place)


class _Judgement(NamedTuple):
    """A judged sentence; made a Passage only if it is among those kept. Its terms are those of
    the matched sentence `topic` (itself, or the lead it takes its topic from), looked up only
    for a kept passage (see terms)."""

    level: Level
    sentence: int
    matches: Matches
    topic: int
    why: str

    def terms(self) -> list[str]:
        return list(self.matches.hit(self.topic).terms)


def _passage(reading: _Reading, indicator: Indicator, matches: Matches, i: int) -> tuple[_Judgement, bool] | None:
    read = reading.sentence(i)
    titles = read.titles()
    if titles:  # (the only way a hit is dropped)
        hit, start = matches.hit(i), read.start
        spans = _outside_adopted_titles([(a - start, b - start) for a, b in hit.term_spans], titles)
        if hit.term_spans and not spans:
            return None  # the sentence only names a law or a document of this topic
        rel = [a for a, _ in spans] or [0]
        offsets = lambda: rel  # noqa: E731
    else:
        offsets = lambda: [a - read.start for a, _ in matches.hit(i).term_spans] or [0]  # noqa: E731
    level, why, problem = _judge(read, offsets, indicator.concrete, reading.topic(indicator))
    return _Judgement(level, i, matches, i, why), problem


def _inherited(reading: _Reading, indicator: Indicator, matches: Matches, lead: int, matched: set[int]) -> list[_Judgement]:
    """Passages that take this indicator's topic from a heading or an inline lead that names it:
    every clause of such a sentence is on the topic. Adds the sentences it judges to `matched`."""
    lead_text = reading.sentence(lead).text
    out = []
    for i in reading.context.scope.get(lead, ()):
        if i in matched:
            continue  # judged on its own terms, or through another sentence of the same heading
        matched.add(i)
        read = reading.sentence(i)  # (never a lead itself: a lead frames others, none frames it)
        level, why, _ = _judge(read, lambda: [a for a, _ in read.parts()[0].bounds], indicator.concrete)
        if level >= Level.substantive:  # context lends a topic to measures, not to slogans
            out.append(_Judgement(level, i, matches, lead, f"{why}（主题见“{lead_text[:24]}”）"))
    return out


_BLANKS: list[tuple[list[Indicator], list[IndicatorEvidence], dict[str, int]]] = []  # the last rubric's


def _blanks(rubric: Rubric) -> tuple[list[IndicatorEvidence], dict[str, int]]:
    """Per indicator of the rubric, the evidence of an indicator no sentence of a document matched
    (shared read-only objects: most indicators of a document), and each indicator's position: made
    once per rubric (a run has one), not looked up per document and indicator."""
    if not _BLANKS or _BLANKS[0][0] is not rubric.indicators:
        _BLANKS[:] = [(rubric.indicators, [
            IndicatorEvidence(id=ind.id, code=ind.code, level=Level.none, passages=[]) for ind in rubric.indicators],
            {ind.id: n for n, ind in enumerate(rubric.indicators)})]
    return _BLANKS[0][1], _BLANKS[0][2]


class _Found(NamedTuple):
    """What a document shows before it is made plain data (_shown): per indicator with passages, its position in the rubric, level and kept
    judgements; and the problem statements by sentence, each with its code."""

    doc: Document
    indicators: list[tuple[int, Level, list[_Judgement]]]
    problems: list[tuple[int, str | None]]  # (sentence, code) in text order


def extract(submission: Submission, rubric: Rubric, rules: CompiledRules | None = None) -> Evidence:
    shown, problems = _Wire.validate_python(_shown(submission, rubric, rules or CompiledRules(rubric.indicators)))
    return _evidence(shown, problems, submission, rubric)


# The wire between an extraction worker and the run: plain JSON of the indicators with evidence
# and of the problems, made without a model (a document's ~110 models cost more to build and
# serialize than the JSON itself), checked by the models' own validator where it arrives. Written
# by pydantic-core's serializer of plain data: 40% less than the standard library's C encoder, for
# the same bytes.
_Wire = TypeAdapter(tuple[list[IndicatorEvidence], list[Problem]])


def extract_wire(submission: Submission, rubric: Rubric, rules: CompiledRules) -> bytes:
    """extract()'s evidence as the JSON that evidence_from_wire reads back into equal models."""
    return to_json(_shown(submission, rubric, rules))


def evidence_from_wire(raw: bytes, submission: Submission, rubric: Rubric) -> Evidence:
    """The Evidence extract() gives for the submission, from extract_wire's JSON."""
    shown, problems = _Wire.validate_json(raw)
    return _evidence(shown, problems, submission, rubric)


def _shown(submission: Submission, rubric: Rubric, rules: CompiledRules) -> list:
    """What the document shows as plain data, the one source of extract() and extract_wire: the
    indicators with passages (IndicatorEvidence's fields) and the problems (Problem's)."""
    found = _find(submission, rubric, rules)
    doc = found.doc
    text, sentences, paragraphs = doc.text, doc.sentences, doc.paragraphs
    indicators = []
    for n, level, kept in found.indicators:
        ind = rubric.indicators[n]
        passages = []
        for j in kept:
            sent = sentences[j.sentence]
            para = paragraphs[sent.paragraph]
            passages.append({"quote": text[sent.start : sent.end], "start": sent.start, "end": sent.end,
                             "level": int(j.level), "terms": j.terms(), "heading": "" if para.is_heading else para.heading,
                             "paragraph": sent.paragraph + 1, "why": j.why})
        indicators.append({"id": ind.id, "code": ind.code, "level": int(level), "passages": passages})
    problems = [{"quote": text[sentences[i].start : sentences[i].end], "start": sentences[i].start,
                 "end": sentences[i].end, "code": code} for i, code in found.problems]
    return [indicators, problems]


def _evidence(shown: list[IndicatorEvidence], problems: list[Problem], submission: Submission,
              rubric: Rubric) -> Evidence:
    """The document's Evidence: its validated indicators with passages and problems, the shared
    objects of the indicators it does not touch."""
    blanks, position = _blanks(rubric)
    indicators = blanks.copy()
    for ev in shown:
        indicators[position[ev.id]] = ev
    # Validated models are taken as they are (not validated again): this costs a tenth of
    # model_construct, which builds the object field by field in Python.
    return Evidence(submission_id=submission.id, text_sha256=submission.sha256, rules_sha256=rubric.rules_sha256,
                    indicators=indicators, problems=problems)


def _find(submission: Submission, rubric: Rubric, rules: CompiledRules) -> _Found:
    doc = segment(submission)
    terms = rules.read(doc)
    found = rules.find(doc, terms)
    reading = _Reading(doc=doc, terms=terms, context=_Context(doc), reporter_group=_reporter_level(submission),
                       reporter_place=_reporter_name(submission),
                       reports=bool(_REPORT_TITLE_RE.search(submission.title)) or _reports(doc),
                       sentences=[None] * len(doc.sentences))
    indicators: list[tuple[int, Level, list[_Judgement]]] = []
    problems: dict[int, str | None] = {}
    for n, ind in enumerate(rubric.indicators):
        matches = found.get(ind.id)
        if matches is None:
            continue
        passages: list[_Judgement] = []
        # sentences judged for this indicator: by their own terms, or once through a lead
        matched = set(matches.sentences)
        for i in matches.sentences:
            judged = _passage(reading, ind, matches, i)
            if judged is None:
                continue
            passage, problem = judged
            if passage.level > Level.none:
                passages.append(passage)
            if i in reading.context.leads:
                passages.extend(_inherited(reading, ind, matches, i, matched))
            if problem and i not in problems:
                problems[i] = ind.code
        if passages:  # (else no evidence, as for an indicator no sentence matched)
            # Strongest first, then the earliest: repeating a slogan adds nothing.
            passages.sort(key=lambda p: (-p.level, p.sentence))
            indicators.append((n, passages[0].level, passages[:MAX_PASSAGES]))
    # Problem statements that no indicator matched are still the reporter's own findings.
    paragraphs = doc.paragraphs
    for i, sent in enumerate(doc.sentences):
        if i in problems or paragraphs[sent.paragraph].is_heading:
            continue
        f = reading.features(i)
        if f.problem and not f.other_actor:
            problems[i] = None
    return _Found(doc, indicators, sorted(problems.items()))
