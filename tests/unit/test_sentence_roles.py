"""Sentence roles in the judgement: who acts, in which mood, framed by what (issue 9).

Every text here is fictional. The mini rubric's indicators: D2.1 行政执法公示 (terms 执法 + 公示),
F1.1 行政复议 (复议), F1.2 复议委员会.
"""

from scorer import detectors as d
from scorer.extract import extract
from scorer.models import Level, Submission

# Three reported sentences give a document the voice of a work report.
REPORT_OPENING = "2024年，青川市共办理群众来信120件。全年组织法治讲座8场。市政府出台《青川市行政执法公示办法》。\n"


def evidence(rubric, text, group="city"):
    return extract(Submission(id="x", title="t", text=text, group=group), rubric).by_id()


def test_jiang_as_the_object_marker_is_no_future():
    # 将…作为/纳入/与…相结合 report how a thing was treated; 将 before a verb still promises
    assert not d.analyse("市政府将全面推进执法公示作为年度重点工作，上线公示平台。").planned
    assert not d.analyse("将全面学习宣传宪法与执法公示工作相结合。").planned
    assert not d.analyse("将推进法治建设与业务工作深度融合，制定执法公示工作要点。").planned
    assert d.analyse("下一步，青川市将全面推进执法公示。").planned
    assert d.analyse("青川市将进一步完善执法公示制度。").planned
    # a span of time, and a thing already obtained, are no plans either
    assert not d.analyse("把执法公示作为当前和今后一个时期的重点工作。").planned
    assert not d.analyse("成功争取了全省执法公示试点。").planned


def test_ni_qualifying_a_noun_is_no_plan():
    assert not d.analyse("对拟发布的43件执法公示文件全部进行审核，提出修改意见17条。").planned
    assert d.analyse("青川市拟建设执法公示平台。").planned


def test_a_list_of_what_officials_must_know_is_no_demand():
    # 应知应会 names a list (应知应会清单); 应 as a modal still demands
    assert not d.prescribes("编制领导干部应知应会党内法规和法律法规清单，组织考试2次。")
    assert d.prescribes("各部门应依法公开执法信息。")
    assert d.prescribes("执法人员应知晓公示要求。")
    # nor are 要义 (essence), 只要 (as long as), 应有之义 (what is due), 一应俱全 (all present) or
    # 应述尽述 (all who were due did)
    for said in ("深刻领会习近平法治思想的核心要义。", "群众只要登录网站即可查询执法信息。", "依法行政是法治政府的应有之义。",
                 "服务大厅设施一应俱全。", "全县实现述法对象应述尽述。", "政务服务事项实现应进必进。"):
        assert not d.prescribes(said), said
    assert d.prescribes("要加强执法公示。") and d.prescribes("应尽快上线公示平台。")


def test_a_court_or_procuratorate_as_subject_is_someone_else():
    assert d.other_actor("市中级人民法院审结行政案件210件。", "city")
    assert d.other_actor("2024年，县检察院办理公益诉讼案件12件。", "county")
    # the court as an object or a partner leaves the reporter acting
    assert not d.other_actor("青川市与市中级法院建立府院联席会议制度。", "city")
    assert not d.other_actor("对区法院的司法建议逐件作出批示。", "county")


def test_hearsay_is_not_the_reporters_own_statement():
    assert d.other_actor("据了解，该市已建成执法公示平台。", "city", "青川市")
    assert not d.other_actor("据统计，全市共公示执法信息3200条。", "city", "青川市")
    # a journalist's 据了解 about the reporter itself still states the reporter's measure
    assert not d.other_actor("据了解，青川市司法局成立法律顾问团。", "city", "青川市")


def test_an_upper_level_as_subject_depends_on_the_reporters_level():
    sentence = "市政府印发《行政执法公示办法》，统一公示标准。"
    assert d.other_actor(sentence, "county")  # the city above a county
    assert not d.other_actor(sentence, "city")  # a city's own government
    assert d.other_actor("县委印发实施方案。", "township")
    assert not d.other_actor("县委印发实施方案。", "county")


def test_preamble_and_summary_are_never_substantive(mini_rubric):
    preamble = REPORT_OPENING + "2024年，青川市在市委坚强领导下，深入贯彻执法公示工作部署要求，上线绿化管理平台。\n"
    summary = REPORT_OPENING + "执法公示平台建设取得了明显成效。\n"
    for text in (preamble, summary):
        passages = [p for p in evidence(mini_rubric, text)["D2.1"].passages if "平台建设" in p.quote or "领导下" in p.quote]
        assert passages and all(p.level == Level.mention for p in passages), passages
    assert d.preamble_end("2024年，青川市坚持以法治思想为指导，深入推进执法公示。") == len("2024年，青川市坚持以法治思想为指导，")
    assert d.preamble_end("印发实施贯彻落实纲要的措施清单，明确措施30项。") == 0
    # under whose guidance or with whose support the work was done is preamble too
    opening = "2024年，在市委依法治市委员会的指导下，在市人大常委会的支持和监督下，"
    assert d.preamble_end(opening + "青川市上线执法公示平台。") == len(opening)


def test_an_award_named_for_results_is_no_summary():
    assert d.analyse("执法公示工作成效明显。").summary
    assert not d.analyse("青川市建立执法公示平台，获评全省真抓实干成效明显地方。").summary
    assert not d.analyse("云岭县司法局被评为全省执法公示工作成效显著单位。").summary


def test_a_measure_after_the_preamble_is_judged_on_its_own(mini_rubric):
    text = REPORT_OPENING + "2024年，青川市坚持以习近平法治思想为指导，深入推进执法公示，上线执法公示平台。\n"
    assert evidence(mini_rubric, text)["D2.1"].level == Level.substantive


def test_a_heading_names_its_topic_and_proves_nothing_done(mini_rubric):
    # as reviewers read it: a heading addresses its topic generally, like a slogan
    only_heading = "一、深入推进行政执法公示\n全市城市绿化面积持续扩大。\n"
    ev = evidence(mini_rubric, only_heading)["D2.1"]
    assert ev.level == Level.mention and ev.passages[0].why.startswith("标题提及主题")


def test_an_inline_lead_lends_its_topic_to_the_measures_after_it(mini_rubric):
    text = REPORT_OPENING + "一是全面推行执法公示。上线“青川执法”平台，公开检查结果3200条。二是优化绿化。新增绿地12处。\n"
    ev = evidence(mini_rubric, text)["D2.1"]
    assert ev.level == Level.quantified
    best = ev.passages[0]
    assert best.quote.startswith("上线") and "一是全面推行执法公示" in best.why
    # the lead sentence itself earns a mention only, and its topic stops at the next lead
    assert all(p.level == Level.mention for p in ev.passages if p.quote.startswith("一是"))
    assert all(not p.quote.startswith("新增") for p in ev.passages)


def test_naming_a_law_while_studying_does_not_make_its_topic(mini_rubric):
    studied = REPORT_OPENING + "组织干部集中学习《中华人民共和国行政复议法》等法律法规12部。\n"
    handled = REPORT_OPENING + "依照《中华人民共和国行政复议法》办结复议案件46件。\n"
    assert evidence(mini_rubric, studied)["F1.1"].level == Level.none
    assert evidence(mini_rubric, handled)["F1.1"].level == Level.quantified


def test_a_problem_whose_topic_is_only_a_studied_title_is_the_reporters_own_not_the_laws(mini_rubric):
    # The sentence is no match of the law's topic (its terms all lie in the studied title): the
    # problem is kept, but tagged with no code, as before the topic's terms were looked up lazily.
    studied = "组织干部学习《中华人民共和国行政复议法》，学习深度仍然不够。"
    own = "行政复议工作仍然不够规范。"
    ev = extract(Submission(id="x", title="t", text=studied, group="city"), mini_rubric)
    assert ev.by_id()["F1.1"].level == Level.none and [p.code for p in ev.problems] == [None]
    ev = extract(Submission(id="x", title="t", text=own, group="city"), mini_rubric)
    assert ev.by_id()["F1.1"].level == Level.mention and [p.code for p in ev.problems] == ["F1"]


def test_the_reports_framing_formula_is_about_no_topic(mini_rubric):
    text = "现将2024年度行政复议工作情况报告如下：\n"
    assert evidence(mini_rubric, text)["F1.1"].level == Level.none


def test_in_a_report_a_plain_deed_reports_what_was_done(mini_rubric):
    deed = "邀请市委党校专家为执法人员讲授执法公示制度。\n"
    assert evidence(mini_rubric, REPORT_OPENING + deed)["D2.1"].level == Level.substantive
    # the same sentence alone, or in an essay's voice, has no sign that it was done
    assert evidence(mini_rubric, deed)["D2.1"].level == Level.mention
    # a meeting that heard how the topic's work went, and a system put into use, were done too;
    # a meeting that only "paid attention" to it names no deed
    def level_of(sentence):
        passages = evidence(mini_rubric, REPORT_OPENING + sentence + "\n")["D2.1"].passages
        return next(p.level for p in passages if p.quote == sentence)

    assert level_of("市政府常务会议专题听取执法公示工作情况。") == Level.substantive
    assert level_of("在各执法大队启用执法公示电子屏。") == Level.substantive
    assert level_of("组织各执法大队全体执法人员参加执法公示业务知识考试。") == Level.substantive  # (a long object)
    assert level_of("市政府常务会议听取各执法部门负责人执法公示专题述法。") == Level.substantive
    assert level_of("执法公示窗口保证每天对外开放。") == Level.substantive
    assert level_of("积极开展执法公示“阳光执法”主题活动。") == Level.substantive  # a named campaign, launched
    assert level_of("全面推进执法公示“三公开”活动。") == Level.mention  # a campaign only named
    assert level_of("市政府高度重视执法公示工作。") == Level.mention
    # an indicator's own word (公示平台) inside a document the sentence only implements is that
    # document's, not a measure of the reporter
    assert level_of("全面落实《关于推进执法公示平台建设的指导意见》，推进执法公示。") == Level.mention


def test_a_text_titled_as_a_work_report_speaks_in_its_voice(mini_rubric):
    # Its opening may be the leadership paragraphs, without the figures the counts look for: the
    # title says it reports the year's work. An essay's title says nothing of the kind.
    deed = "邀请市委党校专家为执法人员讲授执法公示制度。\n"

    def level(title):
        sub = Submission(id="x", title=title, text=deed, group="city")
        return extract(sub, mini_rubric).by_id()["D2.1"].level

    assert level("青川市2024年度法治政府建设情况报告") == Level.substantive
    assert level("青川市司法局2024年法治建设工作总结") == Level.substantive
    assert level("论执法公示制度的完善") == Level.mention


def test_under_a_plan_heading_everything_is_intended(mini_rubric):
    text = REPORT_OPENING + "三、2025年工作打算\n上线执法公示平台，公开执法信息。\n"
    passages = evidence(mini_rubric, text)["D2.1"].passages
    planned = [p for p in passages if p.quote.startswith("上线执法公示平台")]
    assert planned and planned[0].level == Level.mention


def test_concrete_content_before_the_topic_belongs_to_the_measure_before(mini_rubric):
    before = "青川市出台《绿化管理办法》，全面推行执法公示。"
    after = "青川市全面推行执法公示，出台《执法公示办法》。"
    assert evidence(mini_rubric, before)["D2.1"].level == Level.mention
    assert evidence(mini_rubric, after)["D2.1"].level == Level.substantive


def test_problems_found_and_handled_by_the_reporter_are_achievements():
    assert not d.is_problem("市法治督察组发现问题41个，已整改38个，对整改滞后的2个单位进行约谈。")
    assert d.is_problem("部分乡镇执法力量仍然薄弱，整改进度滞后。")


def test_a_central_ministry_is_its_own_subject_but_the_state_council_is_above_it():
    assert not d.other_actor("2024年，司法部制定部门规章5件。", "department", "司法部")
    assert d.other_actor("2024年，司法部制定部门规章5件。", "city", "青川市")
    assert d.other_actor("国务院印发实施意见。", "department", "农业农村部")


def test_a_numbered_line_that_goes_on_is_a_paragraph_led_by_its_heading(mini_rubric):
    text = REPORT_OPENING + "（二）深化行政执法公示。上线“青川执法”平台，公开检查结果3200条。\n"
    ev = evidence(mini_rubric, text)["D2.1"]
    assert ev.level == Level.quantified and ev.passages[0].quote.startswith("上线")


def test_a_document_implemented_is_not_an_instrument_of_the_reporters_own():
    def titles(sentence, group="county", place="云岭县"):
        return [sentence[a:b] for a, b in d.instruments(sentence, group, place) if sentence[a] == "《"]

    # implementing somebody else's documents, also the second of a run and 推动…落地落实
    assert titles("紧紧围绕《法治建设纲要》和上级实施方案，统筹推进各项工作。") == []
    assert titles("认真贯彻落实《法治建设纲要》《督察工作规定》等文件精神。") == []
    assert titles("强力推动《法治建设纲要》和十项重点任务落地落实。") == []
    # the reporter's own document, even when followed, shows that it exists
    assert titles("严格按照《法治建设纲要》《2024年全县法治建设工作要点》要求推进工作。") == ["《2024年全县法治建设工作要点》"]
    assert titles("认真落实《云岭县行政执法公示办法》。") == ["《云岭县行政执法公示办法》"]
    # a document named with its national author is the centre's
    assert titles("今年也是中共中央、国务院《法治建设纲要》收官之年。", "province", "沧澜省") == []
    # making a document is the reporter's own measure
    assert titles("推动出台《松溪行政执法公示办法》。") == ["《松溪行政执法公示办法》"]


def test_a_report_for_the_whole_country_owns_the_national_measures(mini_rubric):
    national = ("各地区各部门认真落实部署，中央依法治国办加强统筹。各地区各部门完善执法制度。"
                "国务院部署推行行政执法公示，全国公示执法信息3200万条。\n")
    title = "法治政府建设扎实推进"  # names no place: the country speaks
    level = extract(Submission(id="n", title=title, text=national, group="province"), mini_rubric).by_id()["D2.1"].level
    assert level == Level.quantified
    # a province that quotes the same national figure reports somebody else's work
    provincial = extract(Submission(id="p", title="沧澜省法治政府建设情况报告", region="沧澜省", text=national,
                                    group="province"), mini_rubric).by_id()["D2.1"].level
    assert provincial == Level.mention


def test_the_documents_own_title_shows_nothing_and_frames_nothing(mini_rubric):
    # The title names what the whole report is about: it is no evidence of that topic (a long
    # title is no heading, and was judged as a statement), and the first paragraph under it (a
    # concrete measure without the topic's words) does not take the topic from it; a section
    # heading below still frames its paragraph.
    first = "全年组织法治讲座8场，编印《法治宣传手册》3000册。\n"
    section = "一、行政复议\n上线网上申请平台，全年受理申请46件。\n"
    for title in ("青川市司法局2024年行政复议工作情况报告\n",
                  "中共青川市委 青川市人民政府关于2024年度推进行政复议规范化建设工作情况的报告\n"):
        quotes = [p.quote for p in evidence(mini_rubric, title + first + REPORT_OPENING + section)["F1.1"].passages]
        assert not any("情况" in q or "法治讲座" in q for q in quotes), (title, quotes)
        assert any("网上申请平台" in q for q in quotes), quotes
    # what a copied web page leaves above the report (a column's name) is no heading either; a
    # numbered section heading there still is, and a salutation is read
    found = evidence(mini_rubric, "首页 > 执法公示专栏\n执法公示\n一、行政复议\n" + first + REPORT_OPENING)
    assert not any("执法公示" == p.quote or "专栏" in p.quote for p in found["D2.1"].passages)
    assert any(p.quote == "一、行政复议" for p in found["F1.1"].passages)


def test_topics_listed_as_a_meetings_agenda_are_only_mentioned(mini_rubric):
    # A meeting or a document that deployed a list of topics names them; it did none of them,
    # however often it met. The topic taken up again outside the list is judged as usual.
    def levels(sentence):
        found = evidence(mini_rubric, REPORT_OPENING + sentence + "\n")
        return [next((p.level for p in found[i].passages if p.quote == sentence), None) for i in ("D2.1", "F1.1")]

    assert levels("市政府常务会议5次专题研究部署执法公示、行政复议等重点工作。") == [Level.mention, Level.mention]
    assert levels("《政府工作报告》对执法公示、行政复议体制改革等工作进行系统安排。") == [Level.mention, Level.mention]
    assert levels("市长20余次对执法公示、行政复议等工作作出指示批示。") == [Level.mention, Level.mention]
    assert levels("市政府常务会议听取执法公示、行政复议等工作汇报。") == [Level.mention, Level.mention]
    # one topic's work heard is oversight of that work
    assert levels("市政府常务会议专题听取执法公示工作情况。")[0] == Level.substantive
    assert levels("市政府研究部署执法公示、行政复议等工作，上线执法公示平台。")[0] == Level.substantive
    assert d.agendas("上线执法公示平台，全年办结复议案件46件。") == ()
    # the meeting that deployed and the head of the list belong to the agenda; the deploying itself
    # is a deed (a topic named by 专题研究 or 部署 was done)
    sentence = "市政府常务会议专题研究部署执法公示、行政复议等法治建设工作，上线公示平台。"
    (agenda,) = d.agendas(sentence)
    at = sentence.index
    assert agenda.holds_only([at("常务会议"), at("行政复议"), at("法治建设")])
    assert not agenda.holds_only([at("专题研究"), at("法治建设")])  # the deployment itself
    assert not agenda.holds_only([at("执法公示"), at("公示平台")])  # taken up again after the agenda


def test_a_clause_about_another_topic_lends_this_one_nothing(mini_rubric):
    # The clause after a topic continues its measure, unless it names another topic and not this
    # one: then its platform is that topic's.
    def level_of(sentence, indicator):
        passages = evidence(mini_rubric, REPORT_OPENING + sentence + "\n")[indicator].passages
        return next(p.level for p in passages if p.quote == sentence)

    assert level_of("深化行政复议工作，上线执法公示平台。", "F1.1") == Level.mention
    assert level_of("深化行政复议工作，上线执法公示平台。", "D2.1") == Level.substantive
    assert level_of("深化行政复议工作，上线网上复议平台。", "F1.1") == Level.substantive
    assert level_of("深化行政复议工作，上线网上申请平台。", "F1.1") == Level.substantive  # no other topic
