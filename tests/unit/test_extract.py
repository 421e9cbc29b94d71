from scorer.extract import extract
from scorer.models import Level, Submission


def level(rubric, text, ind="D2.1", group="city"):
    ev = extract(Submission(id="x", title="t", text=text, group=group), rubric)
    return ev.by_id()[ind]


def test_levels_follow_substance(mini_rubric):
    assert level(mini_rubric, "全市持续开展城市绿化。").level == Level.none
    assert level(mini_rubric, "要全面推行行政执法公示制度。").level == Level.mention
    assert level(mini_rubric, "全面推行行政执法公示制度。").level == Level.mention  # no concrete content
    assert level(mini_rubric, "我市建成行政执法公示平台。").level == Level.substantive
    assert level(mini_rubric, "今年通过执法公示平台公示执法信息3200条。").level == Level.quantified


def test_repeating_a_slogan_does_not_raise_the_level(mini_rubric):
    once = level(mini_rubric, "要全面推行行政执法公示制度。")
    many = level(mini_rubric, "要全面推行行政执法公示制度。" * 30)
    assert once.level == many.level == Level.mention


def test_a_number_about_something_else_is_not_a_measure_of_the_topic(mini_rubric):
    text = "我市建成行政执法公示平台，城市绿化面积达到120万平方米。"
    assert level(mini_rubric, text).level == Level.substantive


def test_other_actors_figures_earn_mention_only(mini_rubric):
    text = "全国复议机关全年共审结行政复议案件20万件。"
    assert level(mini_rubric, text, "F1.1", group="city").level == Level.mention


def test_problems_are_kept_separately(mini_rubric):
    ev = extract(Submission(id="x", title="t", text="行政复议工作仍存在案件积压问题。\n绿化存在短板。\n"), mini_rubric)
    assert [p.code for p in ev.problems] == ["F1", None]


def test_passages_carry_offsets_terms_and_reason(mini_rubric):
    text = "一、执法\n我市建成行政执法公示平台。\n"
    ind = level(mini_rubric, text)
    p = ind.passages[0]
    assert text[p.start:p.end] == p.quote == "我市建成行政执法公示平台。"
    assert "公示" in p.terms and p.heading == "一、执法" and p.why.startswith("已完成")


def test_a_figure_in_the_clause_that_continues_the_topic_measures_it(mini_rubric):
    text = "我市推行行政执法公示制度，公开执法信息3200条。"
    assert level(mini_rubric, text).level == Level.quantified


def test_concrete_content_must_stand_near_the_topic(mini_rubric):
    far = "我市推进行政执法公示，规范行政行为，完善工作机制，上线“一网通办”平台。"
    near = "我市上线行政执法公示平台，规范行政行为。"
    assert level(mini_rubric, far).level == Level.mention
    assert level(mini_rubric, near).level == Level.substantive


def test_a_clause_is_looked_up_as_the_first_clause_ending_at_or_after_the_offset():
    import bisect

    from scorer.extract import _ClauseMap, _clause_bounds

    for sentence in ("青川市建成执法平台，公示信息3200条；群众满意度98%。", "，，云岭县：", "", "松溪镇办结案件12件",
                     "一、", "全县;开展,培训:3期，"):
        ends = [b for _, b in _clause_bounds(sentence)]
        clauses = _ClauseMap(sentence)
        for pos in range(-3, len(sentence) + 4):
            assert clauses.of(pos) == min(bisect.bisect_left(ends, pos), len(ends) - 1), (sentence, pos)
