"""Decide each indicator's level and keep the passages that justify it.

The topic comes from the indicator's rules (match.py); the worth of a passage comes from the
engine-wide detectors (detectors.py). Evidence depends on text and rules only, never weights.
"""

from __future__ import annotations

import re

from . import detectors
from .match import CompiledRules, Hit
from .models import Document, Evidence, IndicatorEvidence, Level, Passage, Problem, Submission
from .rubric import Indicator, Rubric
from .segment import segment

MAX_PASSAGES = 3
# 、 joins list items of one clause (“双随机、一公开”), so it does not split.
_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
# A following clause continues the topic's clause when it opens with a verb of counting or
# with the figure itself (…公示制度，公开执法信息3.2万条); a clause with a new subject does not.
_CONTINUATION = re.compile(r"\s*(?:\d|共|累计|其中|同比|较|占|达|涉及|覆盖|惠及|公开|公示|办理|办结|受理|化解|培训|"
                           r"审查|审核|出具|提出|参与|接待|调解|调处|完成|开展|组织|举办|清理|取消|下放|减少|压缩|提升|提高|下降|"
                           r"新增|发放|挽回|节约|服务|帮助|明确|参考|参加|参训|参与|共有|人数|解答|录入|上线|归集|推送|纠正|撤销|发现|整改|督办|处理|查处|立案|作出|实现)")


def _clause_bounds(sentence: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _CLAUSE_SPLIT.finditer(sentence):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(sentence)))
    return bounds


class _ClauseMap:
    """Which clause of a sentence a character offset falls in."""

    def __init__(self, sentence: str):
        self.sentence = sentence
        self.bounds = _clause_bounds(sentence)

    def of(self, pos: int) -> int:
        for k, (_, b) in enumerate(self.bounds):
            if pos <= b:
                return k
        return len(self.bounds) - 1

    def continues(self, k: int) -> bool:
        return _CONTINUATION.match(self.sentence, self.bounds[k][0]) is not None


def _quantity_on_topic(clauses: _ClauseMap, quantities, topic: set[int]) -> bool:
    """A quantity measures the topic when it sits in a topic term's clause, or in the next
    clause when that clause continues the topic (…公示制度，公开执法信息3.2万条)."""
    for q in quantities:
        k = clauses.of(q[0])
        if k in topic or (k - 1 in topic and clauses.continues(k)):
            return True
    return False


def _near_topic(clauses: _ClauseMap, positions: list[int], topic: set[int]) -> bool:
    """Concrete content belongs to the topic when it stands in a topic clause or beside one:
    a platform named three clauses away is evidence of something else."""
    return any(abs(clauses.of(p) - t) <= 1 for p in positions for t in topic)


def judge(sentence: str, hit_terms_rel: list[int], concrete_terms: list[str], *, heading: bool,
          reporter_group: str) -> tuple[Level, str, bool]:
    """Level of one matched sentence, the reason in Chinese, and whether it states a problem."""
    f = detectors.analyse(sentence, reporter_group)
    if heading:
        return Level.mention, "标题", f.problem
    if f.problem:
        return Level.mention, "问题表述", True
    if f.other_actor:
        return Level.mention, "他人的做法或数据", False
    if f.prescriptive or f.planned or f.imperative:
        return Level.mention, "要求或计划语气", False
    # Reported, not demanded: a completion cue, a counted result (nobody counts what is only
    # planned) or the reporting body itself as the subject of the sentence.
    if not (f.completed or f.quantities or f.reporter_subject):
        return Level.mention, "一般表述（无完成动作）", False
    clauses = _ClauseMap(sentence)
    topic = {clauses.of(p) for p in hit_terms_rel}
    specific = [m.start() for m in detectors.SPECIFIC_ACTION_RE.finditer(sentence)]
    specific += [i for term in concrete_terms for i in _find_all(sentence, term)]
    concrete = [name for name, spans in (("具名制度工具", [a for a, _ in f.instruments]),
                                         ("数量", [a for a, _ in f.quantities]), ("具体做法", specific))
                if spans and _near_topic(clauses, spans, topic)]
    if not concrete:
        return Level.mention, "一般表述（无与主题相关的具体内容）", False
    if f.quantities and _quantity_on_topic(clauses, f.quantities, topic):
        return Level.quantified, "已完成举措＋相关数量", False
    return Level.substantive, "已完成举措＋" + "、".join(concrete), False


def _find_all(text: str, term: str) -> list[int]:
    out, i = [], text.find(term)
    while i >= 0:
        out.append(i)
        i = text.find(term, i + 1)
    return out


def _passage(doc: Document, indicator: Indicator, hit: Hit, reporter_group: str) -> tuple[Passage, bool]:
    sent = doc.sentences[hit.sentence]
    para = doc.paragraphs[sent.paragraph]
    text = doc.text[sent.start : sent.end]
    rel = [a - sent.start for a, _ in hit.term_spans] or [0]
    level, why, problem = judge(text, rel, indicator.concrete, heading=para.is_heading, reporter_group=reporter_group)
    return (
        Passage(
            quote=text,
            start=sent.start,
            end=sent.end,
            level=level,
            terms=list(hit.terms),
            heading=para.heading if not para.is_heading else "",
            paragraph=sent.paragraph + 1,
            why=why,
        ),
        problem,
    )


def extract(submission: Submission, rubric: Rubric, rules: CompiledRules | None = None) -> Evidence:
    rules = rules or CompiledRules(rubric.indicators)
    doc = segment(submission)
    hits = rules.apply(doc)
    indicators: list[IndicatorEvidence] = []
    problems: dict[int, Problem] = {}
    for ind in rubric.indicators:
        passages: list[Passage] = []
        for hit in hits.get(ind.id, []):
            passage, problem = _passage(doc, ind, hit, submission.group)
            passages.append(passage)
            if problem and hit.sentence not in problems:
                problems[hit.sentence] = Problem(quote=passage.quote, start=passage.start, end=passage.end, code=ind.code)
        # Strongest first, then the earliest: repeating a slogan adds nothing.
        passages.sort(key=lambda p: (-p.level, p.start))
        level = passages[0].level if passages else Level.none
        indicators.append(IndicatorEvidence(id=ind.id, code=ind.code, level=level, passages=passages[:MAX_PASSAGES]))
    # Problem statements that no indicator matched are still the reporter's own findings.
    for i, sent in enumerate(doc.sentences):
        if i in problems or doc.paragraphs[sent.paragraph].is_heading:
            continue
        text = doc.text[sent.start : sent.end]
        if detectors.is_problem(text) and not detectors.other_actor(text, submission.group):
            problems[i] = Problem(quote=text, start=sent.start, end=sent.end, code=None)
    return Evidence(
        submission_id=submission.id,
        text_sha256=submission.sha256,
        rules_sha256=rubric.rules_sha256,
        indicators=indicators,
        problems=[problems[k] for k in sorted(problems)],
    )
