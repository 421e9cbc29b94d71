from scorer import detectors as d


def test_quantities_skip_dates_and_ordinals():
    s = "2022年10月办结复议案件326件，纠错率12.4%，第二批示范。"
    found = [s[a:b] for a, b in d.quantities(s)]
    assert found == ["326件", "12.4%"]


def test_quantities_with_thousands_and_approximation():
    s = "培训1,500余人次，压缩至3个工作日。"
    assert [s[a:b] for a, b in d.quantities(s)] == ["1,500余人次", "3个工作日"]


def test_named_instruments():
    s = "印发《青川市行政执法公示办法》，上线“一码通”平台和权责清单。"
    found = [s[a:b] for a, b in d.instruments(s)]
    assert "《青川市行政执法公示办法》" in found and any("清单" in f for f in found)


def test_mood_prescriptive_versus_completed():
    assert d.analyse("要全面推行行政执法公示制度。").prescriptive
    assert d.analyse("下一步将深化复议体制改革。").planned
    done = d.analyse("我市将法治建设纳入绩效考核，出台考核办法。")
    assert not done.planned and done.completed
    assert not d.analyse("主要做法是建立清单。").prescriptive


def test_problem_statements():
    assert d.is_problem("执法队伍专业化水平还存在一定差距和不足。")
    assert not d.is_problem("聚焦补短板，建成便民服务中心。")


def test_other_actor_depends_on_reporter_level():
    national = "国务院共制定修改行政法规40件。"
    assert d.other_actor(national, "city")
    assert not d.other_actor(national, "other")
    assert d.other_actor("例如，某省推出免罚清单。", "province")


def test_imperative_openings_are_instructions_unless_time_is_past():
    assert d.analyse("加强重点领域立法，抓紧研究制定相关法规。").imperative
    assert not d.analyse("加强重点领域立法，今年出台地方性法规3部。").imperative


def test_reporting_body_as_subject():
    assert d.analyse("青川市司法局建立行政执法监督台账。").reporter_subject
    assert d.analyse("全县开展执法案卷评查。").reporter_subject
    assert not d.analyse("深化放管服改革。").reporter_subject


def test_norms_and_adopted_documents_are_not_achievements():
    assert d.analyse("落实每年不少于40学时的法治培训要求。").prescriptive
    assert not d.analyse("全年组织法治培训不少于40学时，参训1200人次。").prescriptive
    s = "认真贯彻落实《法治政府建设实施纲要》。"
    assert d.instruments(s) == []
    assert d.instruments("印发《青川市法治政府建设实施方案》。") != []


def test_a_title_is_not_read_for_mood_or_time():
    f = d.analyse("学习《法治政府建设实施纲要（2021—2025年）》。")
    assert not f.completed


def test_juridical_nouns_are_not_prescriptions():
    assert not d.analyse("办理法院司法建议38件。").prescriptive
    assert not d.analyse("行政机关负责人出庭应诉率达到100%。").prescriptive
    assert d.analyse("为此，建议加快地方立法。").prescriptive


def test_a_modal_inside_a_noun_phrase_does_not_turn_a_count_into_a_demand():
    assert not d.analyse("清理应兑付补偿款项案件23件，均已支付到位。").prescriptive
    assert not d.analyse("会议纪要等120件全部经过合法性审查。").prescriptive
    assert d.analyse("应当加快履行给付义务。").prescriptive


def test_a_problem_taken_up_and_solved_is_no_problem_statement():
    assert not d.is_problem("每季度召开会议，对存在的堵点问题进行专题研究解决。")
    assert d.is_problem("执法队伍力量仍然存在不足。")


def test_reporter_subject_after_a_connective_and_before_an_adverb():
    assert d.analyse("此外，云岭县依托智慧平台开展线上调解。").reporter_subject
    assert d.analyse("青川市还将法治建设纳入考核。").reporter_subject
    assert not d.analyse("青川市法治政府建设成效明显。").reporter_subject


def test_instruments_are_found_as_a_search_from_the_sentence_start_finds_them():
    # names at the opening, long names before a kind, titles and quoted names after a kind
    for sentence in ("权责清单管理平台上线运行，公开事项326项。", "青川市行政执法信息公示平台建成。",
                     "松溪镇综合行政执法大队设立“一站式”服务站，印发《松溪镇执法公示办法》。",
                     "全县累计开展培训12期，建成云岭县公共法律服务中心和12348热线。", "据统计“枫桥式”工作法已推广。",
                     "没有任何工具的一句话。"):
        whole = [m.span() for m in d.INSTRUMENT_RE.finditer(sentence)
                 if not m.group(0).startswith("《") or not d._implemented_title(sentence, m.start(), m.end())]
        assert d.instruments(sentence) == whole, sentence


def test_examples_from_elsewhere_are_read_at_the_opening_or_anywhere():
    for sentence, expected in (("例如，某市建立了平台。", True), ("有的地方推行执法公示。", True),
                               ("全县学习借鉴兄弟县的做法。", True), ("我们借鉴了外地先进经验。", True),
                               ("全县推行执法公示，例如建立平台。", False), ("全县一些地方推行公示。", False)):
        assert d.other_actor(sentence, "county") is expected, sentence
