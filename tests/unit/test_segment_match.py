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


def _regex_hits(mini_rubric, regex: str, scope: str, text: str) -> list[str]:
    from scorer.rubric import Clause
    ind = mini_rubric.indicators[0].model_copy(update={"match": [Clause(regex=regex, scope=scope)]})
    doc = segment(Submission(id="x", title="t", text=text))
    return [doc.text[doc.sentences[h.sentence].start:doc.sentences[h.sentence].end]
            for h in CompiledRules([ind]).apply(doc)[ind.id]]


def test_a_regex_matches_every_sentence_that_holds_it_and_no_other(mini_rubric):
    text = "云岭县开通线上调解。群众满意。\n松溪镇推行线上办理；另起一句。\n"
    assert _regex_hits(mini_rubric, "线上(调解|办理)", "sentence", text) == ["云岭县开通线上调解。", "松溪镇推行线上办理；"]
    assert _regex_hits(mini_rubric, "线下", "sentence", text) == []


def test_an_anchored_regex_sees_each_sentence_on_its_own(mini_rubric):
    # ^ holds at the start of the sentence although the paragraph's text does not start there:
    # ruling the sentence out by its paragraph would lose this match.
    text = "青川市推进改革。线上办理事项120项。\n"
    assert _regex_hits(mini_rubric, "^线上", "sentence", text) == ["线上办理事项120项。"]


def test_a_paragraph_regex_marks_the_sentence_of_its_first_match(mini_rubric):
    text = "青川市开展执法培训。又开展执法培训。\n"
    assert _regex_hits(mini_rubric, "执法培训", "paragraph", text) == ["青川市开展执法培训。"]


def test_a_paragraph_regex_finds_a_match_that_straddles_two_sentences(mini_rubric):
    # The literal the pattern needs spans a sentence end: the paragraph, not a sentence, holds it.
    assert _regex_hits(mini_rubric, "改革。全面", "paragraph", "推进执法改革。全面公示结果。\n") == ["推进执法改革。"]


def test_required_literals_name_what_every_match_contains():
    from scorer.match import required_literals
    assert required_literals("执法[^，。；]{0,4}(培训|轮训)") in ({"执法"}, {"培训", "轮训"})
    assert required_literals("(跨省|跨市)通办") == {"跨省通办", "跨市通办"}
    assert required_literals("(^|[^一战])线上") == {"线上"}
    assert required_literals("[七八]五.{0,2}普法") == {"普法"}
    # nothing every match must hold: an optional part, a case-insensitive flag, a bare negated class
    assert required_literals("a?b?") is None
    assert required_literals("(?i)app") is None
    assert required_literals("[^，]+") is None
    assert required_literals("[[:alpha:]]平台") is None  # RE2's POSIX class, which Python reads as a set


def test_a_regex_is_searched_only_where_every_word_it_needs_is(mini_rubric, monkeypatch):
    from scorer import match
    from scorer.match import required_literal_sets
    assert {"执法"} in required_literal_sets("执法[^，。；]{0,4}(培训|轮训)")
    assert {"培训", "轮训"} in required_literal_sets("执法[^，。；]{0,4}(培训|轮训)")
    assert required_literal_sets("[^，]+") == [] and required_literal_sets("(?i)app") == []
    searched = []
    search = match._search
    monkeypatch.setattr(match, "_search", lambda pattern, text: searched.append(text) or search(pattern, text))
    text = "云岭县加强执法监督。松溪镇开展执法人员轮训。\n青川市组织业务培训；队伍素质提升。\n"
    assert _regex_hits(mini_rubric, "执法[^，。；]{0,4}(培训|轮训)", "sentence", text) == ["松溪镇开展执法人员轮训。"]
    assert searched == ["松溪镇开展执法人员轮训。"]  # each of the others lacks one of the two words
    # scope paragraph: both words in the paragraph, though in different sentences
    searched.clear()
    assert _regex_hits(mini_rubric, "执法[^，。；]{0,4}(培训|轮训)", "paragraph", text) == ["松溪镇开展执法人员轮训。"]
    assert searched == ["云岭县加强执法监督。松溪镇开展执法人员轮训。"]


def test_regexes_are_searched_wherever_they_can_match(project_rubric):
    """The literal prefilter may only skip sentences where the pattern cannot match: for every
    regex of the shipped rules and every sentence of the sample submissions, the sentences a
    regex-only clause matches are exactly those a search of the sentence alone matches."""
    from scorer.ingest import read_inputs
    from scorer.rubric import RE2_OPTIONS, Clause
    from tests.conftest import ROOT

    subs, _ = read_inputs([ROOT / "submissions"])
    docs = [segment(s) for s in subs]
    patterns = sorted({c.regex for ind in project_rubric.indicators for c in ind.match if c.regex})
    base = project_rubric.indicators[0]
    checked = 0
    for rx in patterns:
        ind = base.model_copy(update={"match": [Clause(regex=rx)]})
        rules, plain = CompiledRules([ind]), re2.compile(rx, options=RE2_OPTIONS)
        for doc in docs:
            found = [h.sentence for h in rules.apply(doc)[ind.id]]
            expected = [i for i, s in enumerate(doc.sentences) if plain.search(doc.text[s.start:s.end])]
            assert found == expected, rx
            checked += len(expected)
    assert checked > 0  # the samples do exercise the patterns


def test_a_paragraph_clause_with_terms_and_regex_needs_both_in_the_paragraph(mini_rubric):
    from scorer.rubric import Clause
    ind = mini_rubric.indicators[0].model_copy(
        update={"match": [Clause(all=[["执法"]], regex="培训", scope="paragraph")]})
    doc = segment(Submission(id="x", title="t", text="青川市推进执法改革。开展培训。\n另起一段执法。\n"))
    hits = CompiledRules([ind]).apply(doc)[ind.id]
    assert [h.sentence for h in hits] == [0]
    assert hits[0].terms == ("执法", "培训")


def test_the_direct_regex_search_finds_what_re2_search_finds():
    from scorer.match import _search
    from scorer.rubric import RE2_OPTIONS

    texts = ["", "云岭县办结复议案件12件。", "𠀀𠀁松溪镇公开信息3件，𠀂再公开7件", "abc公开", "公开"]
    for rx in [r"(?:公开|公示)[^。]{0,10}\d+件", r"^公开", r"x*", r"\d+件$", r"𠀁松", r"(公)(开)"]:
        pattern = re2.compile(rx, options=RE2_OPTIONS)
        for text in texts:
            m = pattern.search(text)
            assert _search(pattern, text) == (None if m is None else (m.start(), m.end(), m.group(0))), (rx, text)
