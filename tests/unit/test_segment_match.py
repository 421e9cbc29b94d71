import re2

from scorer.match import CompiledRules
from scorer.models import Submission
from scorer.segment import segment

TEXT = "青川市法治政府建设报告\n一、推进执法公示\n全市建成执法公示平台。要继续推进公示。\n（一）复议\n办结复议案件10件；纠错率5%。\n"


def test_segment_offsets_point_into_the_text():
    doc = segment(Submission(id="x", title="t", text=TEXT))
    quotes = [TEXT[s.start:s.end] for s in doc.sentences]
    assert "全市建成执法公示平台。" in quotes and "办结复议案件10件；" in quotes
    para = doc.paragraphs[doc.sentences[quotes.index("全市建成执法公示平台。")].paragraph]
    assert para.heading == "一、推进执法公示" and not para.is_heading
    assert doc.paragraphs[1].is_heading


def test_rules_match_sentences_and_exclusions(mini_rubric):
    rules = CompiledRules(mini_rubric.indicators)
    doc = segment(Submission(id="x", title="t", text="公示期满后执法。全市推行执法公示。"))
    hits = rules.apply(doc)["D2.1"]
    assert [doc.text[doc.sentences[h.sentence].start:doc.sentences[h.sentence].end] for h in hits] == ["全市推行执法公示。"]


def test_paragraph_scope_spreads_groups(mini_rubric):
    from scorer.rubric import Clause, Indicator
    ind = mini_rubric.indicators[0].model_copy(update={"match": [Clause(all=[["公示"], ["执法"]], scope="paragraph")]})
    doc = segment(Submission(id="x", title="t", text="推进执法改革。全面公示结果。\n另起一段公示。\n"))
    hits = CompiledRules([ind]).apply(doc)[ind.id]
    assert [h.sentence for h in hits] == [1]


def test_user_regex_cannot_hang():
    # A pattern that backtracking engines take exponential time on: RE2 answers at once.
    pattern = re2.compile("(a+)+$")
    assert pattern.search("a" * 5000 + "b") is None
