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


def _quantity_on_topic(sentence: str, quantities, topic_offsets: list[int]) -> bool:
    """A quantity measures the topic when it sits in a topic term's clause or the one after."""
    clauses = _clause_bounds(sentence)

    def clause_of(pos: int) -> int:
        for k, (a, b) in enumerate(clauses):
            if pos <= b:
                return k
        return len(clauses) - 1

    topic_clauses = {clause_of(p) for p in topic_offsets}
    for q in quantities:
        k = clause_of(q[0])
        if k in topic_clauses:
            return True
        if k - 1 in topic_clauses and _CONTINUATION.match(sentence, clauses[k][0]):
            return True
    return False


def judge(sentence: str, hit_terms_rel: list[int], concrete_hit: bool, *, heading: bool, reporter_group: str
          ) -> tuple[Level, str, bool]:
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
    concrete = []
    if f.instruments:
        concrete.append("具名制度工具")
    if f.quantities:
        concrete.append("数量")
    if concrete_hit or f.specific_action:
        concrete.append("具体做法")
    # Reported, not demanded: a completion cue, a counted result (nobody counts what is only
    # planned) or the reporting body itself as the subject of the sentence.
    if not (f.completed or f.quantities or f.reporter_subject):
        return Level.mention, "一般表述（无完成动作）", False
    if not concrete:
        return Level.mention, "一般表述（无具体内容）", False
    if f.quantities and _quantity_on_topic(sentence, f.quantities, hit_terms_rel):
        return Level.quantified, "已完成举措＋相关数量", False
    return Level.substantive, "已完成举措＋" + "、".join(concrete), False


def _passage(doc: Document, indicator: Indicator, hit: Hit, reporter_group: str) -> tuple[Passage, bool]:
    sent = doc.sentences[hit.sentence]
    para = doc.paragraphs[sent.paragraph]
    text = doc.text[sent.start : sent.end]
    rel = [a - sent.start for a, _ in hit.term_spans] or [0]
    concrete_hit = any(term in text for term in indicator.concrete)
    level, why, problem = judge(text, rel, concrete_hit, heading=para.is_heading, reporter_group=reporter_group)
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
