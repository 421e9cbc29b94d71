"""An extraction worker sends evidence as plain JSON made without models (extract_wire); what the
run reads back (evidence_from_wire) must be the evidence extract() gives, to the byte."""

from __future__ import annotations

import pytest

from scorer.bench.seed import SEED, split_seed
from scorer.extract import evidence_from_wire, extract, extract_wire
from scorer.ingest import read_inputs
from scorer.match import CompiledRules
from scorer.models import Evidence, Submission
from tests.conftest import ROOT, SHARED

# Fictional: headings that lend their topic, a problem no indicator matches, quotation marks,
# a backslash and a tab that JSON must escape, a title studied, a plan section.
FICTIONAL = {
    "qingchuan": "青川市2025年法治政府建设情况报告\n一、行政执法公示\n全市建成行政执法公示平台，公开执法信息3200条。"
                 "要继续推进公示。\n（一）复议\n办结复议案件10件；纠错率5%。\n学习《行政复议法》。\n"
                 "基层法治力量仍然薄弱。\n二、下一步工作打算\n将建成“一网通办”平台。\n",
    "yunling": "云岭县司法局关于2025年工作的报告\n云岭县开展“法律明白人”培训\t12期，路径 C:\\法治\\培训 已归档。"
               "县政府印发《云岭县行政执法三项制度实施办法》，公示执法决定86件。\n存在执法不规范问题。\n",
    "songxi": "松溪镇\n一是政务公开。通过门户网站公开信息45条。\n二是矛盾调解。\n",
}


def _fictional() -> list[Submission]:
    return [Submission(id=k, title=t.split("\n")[0], text=t, region="青川市" if k == "qingchuan" else "",
                       group="city" if k == "qingchuan" else "county", sha256=f"{k}-sha")
            for k, t in FICTIONAL.items()]


def _same_through_the_wire(subs: list[Submission], rubric) -> int:
    rules = CompiledRules(rubric.indicators)
    shown = 0
    for sub in subs:
        direct = extract(sub, rubric, rules)
        wired = evidence_from_wire(extract_wire(sub, rubric, rules), sub, rubric)
        assert isinstance(wired, Evidence)
        assert wired == direct, sub.id
        assert wired.model_fields_set == direct.model_fields_set and wired.reviews == [], sub.id
        assert wired.__pydantic_serializer__.to_json(wired) == direct.__pydantic_serializer__.to_json(direct), sub.id
        shown += sum(1 for ev in direct.indicators if ev.passages) + len(direct.problems)
    return shown


def test_the_wire_gives_extracts_evidence_on_fictional_texts(project_rubric, mini_rubric):
    assert _same_through_the_wire(_fictional(), project_rubric) > 5
    assert _same_through_the_wire(_fictional(), mini_rubric) > 0


def test_the_wire_gives_extracts_evidence_on_the_samples(project_rubric):
    subs, _ = read_inputs([ROOT / "submissions"])
    assert _same_through_the_wire(subs, project_rubric) > 50


@pytest.mark.seed
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")
def test_the_wire_gives_extracts_evidence_on_the_seed_and_wild_reports(project_rubric, tmp_path):
    subs = split_seed(tmp_path / "split")
    wild = SHARED / "wild" / "texts"
    if wild.exists():
        subs += read_inputs([wild])[0]
    assert _same_through_the_wire(subs, project_rubric) > 100
