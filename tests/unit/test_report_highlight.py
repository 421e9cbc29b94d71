"""Marking terms, evidence and problems by offsets: flat pieces, never markup."""

from scorer.report.highlight import Layer, Piece, flat_term_spans, layered, marked, sweep, term_spans


def test_term_spans_finds_every_occurrence_longest_first_without_overlap():
    text = "行政复议案件办结，行政复议纠错。"
    assert term_spans(text, ["行政复议", "复议", "办结"]) == ((0, 4), (6, 8), (9, 13))
    assert flat_term_spans(text, ["行政复议", "复议", "办结"]) == (0, 4, 6, 8, 9, 13)  # as a page's data carries them


def test_term_spans_ignores_missing_and_empty_terms():
    assert term_spans("一网通办", ["", "不存在"]) == ()


def test_marked_keeps_the_text_whole_and_marks_the_terms():
    pieces = marked("要持续推进一网通办。", ["一网通办"])
    assert "".join(p.text for p in pieces) == "要持续推进一网通办。"
    assert [p.text for p in pieces if p.cls] == ["一网通办"]


def test_marked_text_is_left_as_text_for_the_template_to_escape():
    pieces = marked('<script>alert("x")</script>一网通办', ["一网通办"])
    assert pieces[0] == Piece('<script>alert("x")</script>')  # escaping happens in jinja2, once


def test_layered_is_flat_with_classes_of_every_covering_layer():
    text = "甲乙丙丁戊己庚辛"
    layers = [Layer(1, 6, "ev", 3, "A1.1 审批"), Layer(2, 4, "term"), Layer(4, 8, "prob"), Layer(3, 5, "ev", 1, "F3.1 调解")]
    pieces = layered(text, 0, 8, layers)
    assert "".join(p.text for p in pieces) == text
    by_text = {p.text: p for p in pieces}
    assert by_text["甲"].cls == ""
    assert by_text["乙"].cls == "ev lv3" and by_text["乙"].anchor == "t-1"
    assert by_text["丙"].cls == "ev lv3 term"
    assert by_text["丁"].cls == "ev lv3 term" and by_text["丁"].anchor == "t-3"
    assert "A1.1 审批" in by_text["丁"].title and "F3.1 调解" in by_text["丁"].title
    assert by_text["戊"].cls == "ev lv3 prob" and by_text["戊"].anchor == "t-4"
    assert by_text["庚辛"].cls == "prob"


def test_layered_clips_layers_to_the_paragraph():
    pieces = layered("一二三四五六", 2, 5, [Layer(0, 3, "ev", 2, "x"), Layer(4, 9, "prob")])
    assert [(p.text, p.cls, p.anchor) for p in pieces] == [("三", "ev lv2", ""), ("四", "", ""), ("五", "prob", "t-4")]


def test_layered_empty_span_gives_one_empty_piece():
    assert layered("abc", 1, 1, []) == [Piece("")]


def test_one_sweep_over_a_texts_paragraphs_cuts_each_as_layered_does():
    # Layers in no order, one crossing two paragraphs, one empty, one ending where a paragraph
    # starts: each paragraph is cut as if on its own.
    text = "一二三四五\n六七八九十\n甲乙丙"
    paragraphs = [(0, 5), (6, 11), (12, 15)]
    layers = [Layer(8, 9, "term"), Layer(3, 8, "ev", 2, "A1.1"), Layer(2, 4, "prob"), Layer(7, 7, "ev", 3, "B1"),
              Layer(10, 12, "ev", 1, "C1")]
    swept = list(sweep(paragraphs, layers))
    for (start, end), cut in zip(paragraphs, swept):
        pieces = [Piece(text[a:b], cls, anchor, title) for a, b, cls, title, anchor in cut] if cut else None
        want = layered(text, start, end, [ly for ly in layers if ly.end > start and ly.start < end])
        assert (pieces or [Piece(text[start:end])]) == want
    assert swept[2] is None  # the layer ending where it starts does not reach into it
    assert [c[4] for c in swept[0] if c[4]] == ["t-2", "t-3"]  # anchors where evidence and problems start
    assert swept[1][0][2] == "ev lv2"  # the passage crossing into the second paragraph marks its start
