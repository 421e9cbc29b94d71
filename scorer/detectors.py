"""Engine-wide detectors that judge what kind of statement a sentence is.

They know nothing about indicators: they answer "is there a measured quantity?", "is this
done or only demanded?", "is this a problem statement?", "is somebody else acting?". The
indicator rules in YAML say what a passage must be about; these say how much it is worth.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

def _each(words: str, rest: str) -> str:
    """(?:甲|乙)rest spelled as 甲rest|乙rest: the same alternatives tried in the same order, but
    each opens with a literal, which Python's engine can skip to (see QUANTITY_RE)."""
    return "|".join(word + rest for word in words.split("|"))


# A number (arabic, optionally with thousands separators or decimals) with a counting unit.
# Chinese numerals are left out on purpose: 一网通办、三项制度、一村一法律顾问 are names, not measures.
_UNITS = (
    "个百分点|个工作日|万人次|人次|件次|家次|户次|余人|多人|个月|小时|课时|万元|亿元|"
    "平方米|公里|千米|辆次|公斤|千克|学时|"
    "件|项|个|家|名|人|元|场|次|期|条|部|份|起|户|所|处|支|批|篇|天|倍|分|册|套|本|台|块|张|宗|类|座|间|位|单|例|款|周|讲|轮|亩|卷|辆|艘|吨|万|亿|%|％"
)
# Written to open with the digit itself (the look-behind checks the character before it, the
# same test as (?<![第\d.])\d): a pattern that opens with a character or a literal lets Python's
# engine skip to where it can start instead of trying every position. So the patterns below
# spell out (?:甲|乙)… as 甲…|乙… (_each), and (?<!补)短板 as 短(?<!补短)板: same matches.
QUANTITY_RE = re.compile(
    rf"(\d(?<![第\d.]\d)(?:\d{{0,2}}(?:,\d{{3}})+|\d*(?:\.\d+)?))\s*(?:万|亿)?\s*(?:余|多)?\s*(?:{_UNITS})"
)
# Numbers that are dates or document numbers, never measures.
_DATE_RE = re.compile(r"\d+\s*(?:年|月|日|号|届|版|级)")

# The kinds of a named instrument: 权责清单, 政务服务平台, 矛盾调解中心 ….
_NAME_MAX = 14  # the longest name before a kind
_INSTRUMENT_KINDS = ("清单|平台|中心|委员会|系统|热线|目录|工作站|服务站|窗口|专区|小组|基地|示范点|联系点|App|APP|小程序|"
                     "公众号|门户网站|政府网站|专栏")
INSTRUMENT_RE = re.compile(
    r"《[^》]{2,60}》"
    # A quoted name is an instrument only with a kind: “一码通”平台, “枫桥式”工作法. A bare
    # quoted slogan (“放管服”, “双随机、一公开”) names a national policy, not the reporter's tool.
    r"|[“\"][^”\"]{2,24}[”\"](?:模式|机制|平台|系统|工程|品牌|服务站|工作站|工作法|中心|专区|窗口|小程序|App|APP)"
    # The look-ahead on the kinds' first characters changes no match: it spares trying every kind
    # at each length the name could have (at every position of the text).
    rf"|[\u4e00-\u9fa5A-Za-z0-9+]{{2,{_NAME_MAX}}}(?=[{''.join(dict.fromkeys(k[0] for k in _INSTRUMENT_KINDS.split('|')))}])"
    rf"(?:{_INSTRUMENT_KINDS})"
)

# A norm sets a floor or a ceiling (每年不少于40学时): a requirement unless work is reported too.
NORM_RE = re.compile(r"不少于|不低于|不超过|至少|可以")
# Prescriptive or planned mood: the statement demands or promises, it does not report.
_MODAL = (r"要(?<![主重纲摘简提首次紧需纪概扼险只]要)(?![求点素件闻事务案害义])"
          # (应知应会 names what officials must know: 应知应会清单 is a list, not a demand; 应诉尽诉,
          # 应援尽援 say that all that were due were done; 应有之义, 一应俱全 are no demands)
          r"|应当|应该|应(?<![响适对供相效反回呼答顺一必]应)(?<!应知应)(?![急对诉用变收付]|知应会|有[之的]|.[尽必])"
          r"|必须|务必|亟需|亟待|须(?=[要把将在])")
# 建议 is a noun in 司法建议、代表建议、检察建议; it prescribes only when it opens a clause.
_SUGGESTING = r"\s*(?:我们|笔者|本文|为此|因此)?(?:建议|希望|呼吁|倡导)"
# The prescriptive mood as three patterns, each opening with a character Python's engine can skip
# to (see QUANTITY_RE): a modal verb; a suggestion after a clause mark; one at the very start.
# Together they find exactly what (?:modal)|(?:^|[，。；：,;:])suggestion finds, match for match:
# no character a modal verb is made of (要应当该必须务亟需待) can be part of a suggestion, so a
# match of one never covers where a match of another starts.
PRESCRIPTIVE_RES = (re.compile(_MODAL), re.compile(r"[，。；：,;:]" + _SUGGESTING), re.compile("^" + _SUGGESTING))


def prescribes(text: str) -> bool:
    """Whether the text demands or recommends (要、应当、必须、建议 …)."""
    return any(rx.search(text) for rx in PRESCRIPTIVE_RES)

PLANNED_RE = re.compile(
    # 拟 plans only as the verb of its clause: in 拟发布的规范性文件 it qualifies a noun that
    # was in fact reviewed (…拟发布的43件文件全部审核), so 拟 + a short verb + 的 is no plan.
    # 未来五年 names the span of a plan document's contents (明确未来五年的路径), not a promise
    # (当前和今后一个时期 is a span of time, 争取了/争取到 a thing obtained)
    r"下一步|(?<!当前和)今后|未来(?![一二三四五六七八九十\d]+年)|力争|争取(?![了到])|拟(?!定)(?![\u4e00-\u9fa5]{1,4}的)|预计|计划(?=[于在到])|着眼于|即将|将要"
    # 将 is future before a verb; before a noun it is the object marker (将全面依法治县工作…纳入考核),
    # as it is whenever its clause goes on to 作为、纳入、摆在、与…相结合 (将全面加强依法行政作为抓手).
    r"|将(?=于|在|继续|进一步|持续|全面(?!依法治)|加快|加大|深入|不断|着力|努力|积极|大力|重点|推动|推进|建成|实现|开展|完善|建立|健全|形成|围绕|以)"
    r"(?![^，。；]{0,30}?(?:作为|纳入|列入|摆在|放在|相结合|融合|融入|贯穿|写入))"
)
# Reported action or a time already past: the voice of a work report. Verbs that are as often
# demanded as reported (推行、建立、实施、开展、公开) are left out on purpose; they count only
# together with a time already past or an aspect marker such as 了 or 已.
_PERFECTIVE = r"已经|均已|已(?![知有])|累计|共计|了(?![解])"
_TIME_PAST = r"今年以来|去年以来|近年来|截至|截止|全年|今年|去年|上半年|年内|" + _each("19|20[0-2]", r"\d\s*年(?!\s*[起前])")
# Verbs almost nobody uses for what is only demanded: 出台、办结、挂牌 ….
_DONE_VERBS = (r"完成|建成|出台|印发|发布|办结|审结|先后|率先|成立|设立|上线|开通|挂牌|获评|被评为|荣获|入选|"
               r"聘请|聘任|选聘|召开|举办|举行")
# Verbs of reporting that a demand can use too (要制定…): completion cues, not proof of the past.
_REPORT_VERBS = (r"修订|公布|达到|表决通过|审议通过|达(?=\d)|提升至|提高到|提升到|提高至|下降|压缩至|压减|减少|化解|"
                 r"受理|纠正|换发|签订|评查|办理|制定|出具|取消|下放|承接|命名|授予|编制|建立了|开展了|组织了")
COMPLETED_RE = re.compile("|".join((_PERFECTIVE, _DONE_VERBS, _REPORT_VERBS, _TIME_PAST)))
PERFECTIVE_RE = re.compile(_PERFECTIVE)
# An enumeration mark that may open a sentence: 一、 （二） 3. …
_ENUMERATION = r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?"

# A sentence that opens with a bare verb of exhortation and shows no sign of time past is an
# instruction (加强…立法，抓紧研究制定…), the voice of an essay or a plan, not of a report.
IMPERATIVE_OPENING_RE = re.compile(
    _ENUMERATION + r"(?:要|应|需|还需|更要|必须|进一步|切实|着力|大力|全面|持续|不断|积极|认真)?"
    r"(?:加强|抓紧|加快|注重|强化|健全|完善|提高|提升|坚持|推进|推动|深化|优化|规范|建立健全|构建|探索|创新|发挥|树立|增强|落实|严格|做好|抓好|加大|扩大|拓宽|畅通)"
)
PAST_MARKER_RE = re.compile("|".join((_PERFECTIVE, _DONE_VERBS, _TIME_PAST)))

# The reporting body as the sentence's subject: 我市…, 全县…, 青川市司法局…, 市政府….
REPORTER_SUBJECT_RE = re.compile(
    # an enumeration mark or a connective may come first: 一是…, 此外，…, 2021年以来，…
    _ENUMERATION + r"(?:(?:是|今年|全年|同时|此外|另外|[^，。]{0,6}以来)，?)?"
    r"(?:(?:我|全|本|该)(?:省|市|州|县|区|旗|局|委|厅|办|院|镇|乡)"
    r"|[\u4e00-\u9fa5]{1,10}?(?:省|市|州|县|区|旗)(?:(?:(?!法治)[\u4e00-\u9fa5]){0,10}?(?:局|厅|委|院|政府|办公室|办|中心|部门))?"
    # the next character starts a verb or an adverb, not a noun phrase (青川市法治政府建设…)
    r"(?=[对在就与把将以从组建开推实整委联依出印制成设举召聘完办建全新率严紧深持着积大聚坚探创强构落围立打抓扎高多始先通还也又已累共连获荣被])"
    r"|(?:省|市|县|区)(?:政府|委|司法局|人大|政协|[\u4e00-\u9fa5]{1,6}局))"
)
# Specific practice with a result, not a programme: 逐件审查、建立台账、依法查处 ….
SPECIFIC_ACTION_RE = re.compile(
    r"逐件|逐条|逐项|全程|实时|每天|每日|每周|每季度|每月|每半年|每年|专人|台账|名录库|立卷|归档|留痕|回访|销号|面商|"
    r"抽查|评估报告|立案|查处|拆除|曝光|约谈|问责|督办|见面|备案|采纳|纳入[^。；]{0,24}(?:考核|考评|评价)|联席会议|"
    r"实现[^，。；]{0,12}全覆盖|"
    # outcomes a citizen or a firm can feel
    r"一次申请|一次办结|一次办好|无需|即办|当场|不见面|零跑动|只跑一次|全程网办|"
    # a rank or an award is a measured result of the reporter's own work
    r"位居|排名|前列|名列|荣获|获评|被评为|表彰|授予"
)

# A deed with an object, not a direction of effort: 邀请专家授课, 聘请律师, 列入绩效考评, 开展专项
#督察. Beside a topic in a reported sentence it is the concrete measure reviewers look for;
# 加强、提升、深化 name a direction and are not here.
DEED_RE = re.compile(
    r"邀请|聘请|续聘|选聘|设立|成立|挂牌|上线|开通|启用|投入使用|授课|讲课|编写|编印|"
    + _each("列入|纳入", r"[^，。；]{1,20}(?:考评|考核|要点|计划|课程|清单|目录|议题)") + "|"
    + _each("组织|开展", r"[^，。；]{0,24}(?:专项|督察|督查|检查|评估|评查|行动|讲座|培训班|考试|述法|旁听|庭审)")
    + "|听取[^，。；]{0,20}(?:汇报|情况|报告|述法)|"
    r"建立[^，。；]{1,16}(?:制度|机制|台账|库)|"
    # a campaign with a name of its own, launched: 开展“法治体检”活动, 组织“利剑护企”专项行动 (推进
    # “法律进机关、进企业”活动 names the national campaign, not an event)
    + _each("开展|组织|举办|启动|发起", r"[^，。；“\"]{0,10}[“\"][^”\"]{2,24}[”\"](?:主题|专项|系列)?(?:活动|行动|整治)")
)

PROBLEM_RE = re.compile(
    r"存在[^。；;]{0,30}(?:问题|不足|短板|差距|薄弱|隐患|困难)|短(?<!补短)板|不足之处|不(?<!不不)足(?![谋以])|薄弱|差距|不够|有待|仍需|尚未|"
    r"滞后|不到位|不平衡|不充分|困境|瓶颈|不高|不强|不严|不规范|亟待|" + _each("仍然|依然|仍|还|普遍", "存在") + "|时有发生|屡禁不止"
)
# A problem that was solved is an achievement: 纠正了处罚不规范问题.
_PROBLEM_FALSE = re.compile(
    r"补齐?短板|缩小差距|查找差距|找差距|不足谋"
    "|" + _each("纠正|解决|整改|化解|破解|攻克|治理|整治|清理", r"[^，。；]{0,14}(?:问题|不规范|短板|不足|不到位|薄弱)")
    + "|" + _each("问题|短板|不足", r"[^，。；]{0,14}(?:解决|整改|化解|纠正|销号)")
    # problems the reporter's own supervision found and acted on: 发现问题63个, 对进度滞后的单位约谈
    + r"|发现[^，。；]{0,8}问题[^，。；]{0,4}\d"
    r"|对[^，。；]{0,20}(?:滞后|不到位|不规范|不力)[^，。；]{0,10}(?:约谈|通报|问责|督办|追责|处理)"
)

# Someone other than the reporting body acts: examples from elsewhere, national figures.
# Two patterns, one for the sentence's opening and one for anywhere: one pattern with ^ among its
# alternatives has no first character the engine can skip to, and tried every position (1.0 us a
# sentence against 0.4). Whether either matches is whether the one pattern did.
OTHER_EXAMPLE_OPENING_RE = re.compile(
    r"(?:例如|比如|再如|又如|譬如)|(?:不少|有的|一些|部分|许多|很多|个别)(?:地方|地区|部门|城市|省份)")
OTHER_EXAMPLE_RE = re.compile(r"学习借鉴|借鉴[^。]{0,12}经验|兄弟(?:省|市|县)")
# Hearsay: the writer passes on what others say (web news copies of a report), not a measure
# the reporter states as its own.
HEARSAY_RE = re.compile(r"据悉|据了解|据报道|据介绍|记者[^，。]{0,12}(?:获悉|了解到)")
NATIONAL_SUBJECT_RE = re.compile(
    r"^(?:[^，,。]{0,12}(?:以来|期间|年)[，,]?)?(?:党中央|中共中央|国务院|中央全面依法治国|中央依法治国办|全国人大|司法部|全国)"
)


# What may stand before a sentence's subject: an enumeration mark, a time, a connective.
_SUBJECT_LEAD = _ENUMERATION + r"(?:(?:同时|此外|另外|其中|一年来|[^，。；]{0,10}(?:以来|期间|年|月))[，,]?\s*)?"
# A court, a procuratorate or a supervisory commission as the subject does its own work, whatever
# it shares with the government; as an object (对区法院的报告作出批示) it is the reporter's.
OTHER_BODY_SUBJECT_RE = re.compile(
    _SUBJECT_LEAD + r"(?:(?:(?![与和同及在对向从把将])[\u4e00-\u9fa5]){0,8}?(?:省|市|州|盟|县|区|旗))?(?:中级|高级|基层|铁路|海事)?(?:人民)?"
    r"(?:法院|检察院|监察委员会|监委)(?![、和与及同])")
# An upper level as the subject, by the reporter's own level: for a county 市委/市政府 acts above
# it, for a township 县委/区政府 does; the reporter's own bodies are not named with the level
# above (全县, 县政府 in a county report are its own).
_UPPER_LEVELS = {"province": "", "city": "省", "county": "省市州盟", "township": "省市州盟县区旗"}
_UPPER_BODY = r"(?:中共)?[{levels}](?:委|政府|人大常委会|人大|委员会|委办|政府办公室)(?![\u4e00-\u9fa5]{{0,2}}(?:会议|常务会))"
UPPER_SUBJECT_RES = {
    group: re.compile(_SUBJECT_LEAD + _UPPER_BODY.format(levels=levels) + r"(?:[、和及]\S{0,6}?)?(?=[^，。]{0,3}[印出制召部发审开组批下])")
    for group, levels in _UPPER_LEVELS.items() if levels
}

# A preamble places the year's work under the line of the day; it reports no measure. It is the
# run of clauses at a sentence's opening that say under whose lead and after which spirit the
# work was done; a measure may follow in the same sentence (…为指导，制定实施方案，分解任务).
_PREAMBLE_CLAUSE_RE = re.compile(
    # a subject may stand first (市交通运输局党组坚持以…), a deed may not (印发贯彻落实…的清单)
    r"^\s*(?:(?!印发|制定|出台|实施|开展|组织|推动|编制|纳入|列入)[^，,]){0,12}?"
    r"(?:坚持以[^，,]{1,40}为(?:指导|统领|引领)|在[^，,]{1,40}(?:领导|指导|支持|监督|关心)下|"
    r"(?:深入|认真|全面|坚决|切实)?(?:学习)?贯彻(?:落实)?[^，,]{0,40}(?:精神|思想|部署|要求|讲话|指示)|"
    r"按照[^，,]{0,40}(?:要求|部署)|紧紧围绕|深刻领悟|增强“四个意识”|坚定“四个自信”|做到“两个维护”)"
)
_PREAMBLE_LEAD_RE = re.compile(r"^[^，,]{0,14}$")  # 2023年 / 一年来 / 2023年，我局 before the preamble


# Words without which no clause is a preamble (_PREAMBLE_CLAUSE_RE): most sentences have none.
_PREAMBLE_HINT_RE = re.compile(r"坚持以|领导下|指导下|支持下|监督下|关心下|贯彻|按照|紧紧围绕|深刻领悟|四个意识|四个自信|两个维护")


def preamble_end(sentence: str) -> int:
    """Where the preamble at the sentence's opening ends (0 when there is none)."""
    if not _PREAMBLE_HINT_RE.search(sentence):
        return 0
    end, seen = 0, False
    start = 0
    for m in re.finditer(r"[，,；;]|$", sentence):
        clause = sentence[start : m.start()]
        if _PREAMBLE_CLAUSE_RE.search(clause):
            seen, end = True, m.end()
        elif not seen and _PREAMBLE_LEAD_RE.match(clause):
            pass  # a time or a subject before the preamble proper
        else:
            break
        start = m.end()
        if not m.group(0):
            break
    return end if seen else 0


# The report's own framing (现将有关情况报告如下) says what follows; it is about no topic.
FORMULA_RE = re.compile(r"现将[^。]{0,40}(?:报告|汇报|总结)如下|特此报告")
# A summary claims results without naming one: 取得了新成效, 迈出新步伐. (为…提供法治保障 is left
# out: it is the usual tail of a sentence that does name a measure.)
SUMMARY_RE = re.compile(
    r"取得了?(?:新的?|明显|显著|积极|重要|良好|一定|阶段性)?的?(?:成效|进展|成绩|突破|成果)|迈出新步伐|开创新局面|"
    # …真抓实干成效明显地方 is the name of an award a measure earned, not a claim
    r"成效(?:明显|显著)(?!的?(?:地方|单位|集体|市|县|区)|[^，。；]{0,6}(?:表彰|激励|通报表扬))"
)


# Topics listed as what a meeting, a leader or a document deployed or heard (研究部署立法、重大行政决策、
# 执法等工作; 对立法、复议体制改革等重点工作进行系统安排, 对…、…等工作作出指示批示; 听取…、…等工作汇报): an agenda names its items, it does not carry them
# out, so each listed topic is only mentioned. An enumeration (、) is required: one deployed topic
# (专题研究部署行政复议工作) is left to the other detectors. The meeting that deployed (the clause's
# subject) and the head of the list (…等法治建设工作) are part of the agenda's clause; a topic named
# by the deploying itself (专题研究, 部署) is the deployment, which was done (see agendas).
AGENDA_RE = re.compile(
    # (the list ends where 等 or the head noun begins)
    r"(?P<v1>研究部署|安排部署|统筹部署|专题部署|部署推进|统筹推进)(?P<l1>[^，。；]{2,60}?、[^，。；]{1,60}?)(?=等|工作|事项|任务)"
    r"(?:等)?[^，。；]{0,8}?(?:工作|事项|任务)"
    r"|对(?P<l2>[^，。；]{2,60}?、[^，。；]{1,60}?)(?=等|工作|事项|任务|进行|作出)"
    r"(?:等)?[^，。；]{0,12}?(?P<v2>(?:进行|作出)了?(?:系统|全面|专题|统筹)?(?:安排|部署|指示批示|批示|指示))"
    # what a meeting heard as a list (听取法治政府建设、法律顾问选聘、规范涉企检查等工作汇报; one
    # topic's report heard, 听取复议、应诉工作的情况, is oversight of that work and left alone)
    r"|(?P<v3>听取)(?P<l3>[^，。；]{2,60}?、[^，。；]{1,60}?)等[^，。；]{0,6}?(?:工作)?(?:汇报|报告)"
)
# The marks that end a clause (、 joins list items of one clause, “双随机、一公开”, so it does not).
CLAUSE_SPLIT_RE = re.compile(r"[，,；;：:]")
_AGENDA_WORDS = ("部署", "安排", "统筹推进", "批示", "指示", "听取")  # one of them is in every agenda


class Agenda(NamedTuple):
    """One agenda in a sentence (AGENDA_RE), as offsets: its clause, its list of items, and the
    words of deploying (with the two characters before them: 专题研究部署)."""

    clause: tuple[int, int]
    items: tuple[int, int]
    deploying: tuple[int, int]

    def holds_only(self, offsets: list[int]) -> bool:
        """Whether a topic found at these offsets is only one of the agenda's items: every offset in
        its clause, one among the items, none on the deploying."""
        (c0, c1), (i0, i1), (d0, d1) = self.clause, self.items, self.deploying
        return (all(c0 <= r < c1 for r in offsets) and any(i0 <= r < i1 for r in offsets)
                and not any(d0 <= r < d1 for r in offsets))


def agendas(sentence: str) -> tuple[Agenda, ...]:
    """The agendas of the sentence (AGENDA_RE)."""
    if not any(word in sentence for word in _AGENDA_WORDS):
        return ()
    out = []
    marks = [m.start() for m in CLAUSE_SPLIT_RE.finditer(sentence)]
    for m in AGENDA_RE.finditer(sentence):
        start = max((k + 1 for k in marks if k < m.start()), default=0)
        end = next((k for k in marks if k >= m.end()), len(sentence))
        k = next(k for k in "123" if m.group("l" + k) is not None)
        items, verb = m.span("l" + k), m.span("v" + k)
        out.append(Agenda((start, end), items, (max(start, verb[0] - 2), verb[1])))
    return tuple(out)


class _kept:
    """A feature computed when first read and then kept in the instance: functools.cached_property
    without the lock it takes in Python 3.11, which costs more than many features here."""

    def __init__(self, compute):
        self.compute, self.name, self.__doc__ = compute, compute.__name__, compute.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


class SentenceFeatures:
    """What the detectors see in one sentence (offsets relative to the sentence).

    Each feature is read when first asked for and then kept: a judgement stops at the first
    feature that decides (a problem statement is never searched for instruments), and a document
    reads each sentence once for all the indicators that match it (extract._Reading.sentence).
    Values are tuples and bools, never lists: the object is shared and must not change."""

    def __init__(self, sentence: str, reporter_group: str = "other", reporter_place: str = ""):
        self._sentence, self._group, self._place = sentence, reporter_group, reporter_place
        # Mood is read outside document titles: 《…（2021—2025年）》 is no time past, 《…要点》 no demand.
        self._titled = "《" in sentence
        self._untitled = _TITLE_RE.sub("《》", sentence) if self._titled else sentence

    @_kept
    def quantities(self) -> tuple[tuple[int, int], ...]:
        return tuple(quantities(self._sentence))

    @_kept
    def _counted_untitled(self) -> bool:
        return bool(quantities(self._untitled)) if self._titled else bool(self.quantities)

    @_kept
    def instruments(self) -> tuple[tuple[int, int], ...]:
        return tuple(instruments(self._sentence, self._group, self._place))

    @_kept
    def completed(self) -> bool:
        return bool(COMPLETED_RE.search(self._untitled))

    @_kept
    def prescriptive(self) -> bool:
        untitled = self._untitled
        prescriptive = prescribes(untitled) or bool(NORM_RE.search(untitled)) and not self.completed
        # 应兑付补偿款项案件23件…均已支付到位: a perfective marker with a count reports, whatever
        # modal word sits inside a noun phrase.
        return prescriptive and not (PERFECTIVE_RE.search(untitled) and self._counted_untitled)

    @_kept
    def planned(self) -> bool:
        return bool(PLANNED_RE.search(self._untitled))

    @_kept
    def problem(self) -> bool:
        return is_problem(self._sentence)

    @_kept
    def other_actor(self) -> bool:
        return other_actor(self._sentence, self._group, self._place)

    @_kept
    def reporter_subject(self) -> bool:
        return bool(REPORTER_SUBJECT_RE.search(self._sentence.lstrip("　 \t")))

    @_kept
    def imperative(self) -> bool:
        # PAST_MARKER_RE's words are a part of COMPLETED_RE's: no completion cue, no past marker
        return (bool(IMPERATIVE_OPENING_RE.match(self._untitled.lstrip("　 \t")))
                and not (self.completed and PAST_MARKER_RE.search(self._untitled)) and not self._counted_untitled)

    @_kept
    def formula(self) -> bool:
        """现将…报告如下: framing, no content."""
        return bool(FORMULA_RE.search(self._untitled))

    @_kept
    def preamble_end(self) -> int:
        """Where 坚持以…为指导，在…领导下… at the opening ends."""
        return preamble_end(self._sentence)

    @_kept
    def foreign_titles(self) -> tuple[tuple[int, int], ...]:
        """The 《titles》 the sentence implements, not the reporter's own (foreign_title_spans)."""
        return foreign_title_spans(self._sentence, self._group, self._place) if self._titled else ()

    @_kept
    def agenda(self) -> tuple[Agenda, ...]:
        """The agendas of the sentence (AGENDA_RE): topics deployed, not done."""
        return agendas(self._sentence)

    @_kept
    def summary(self) -> bool:
        """取得新成效 and the like: a claim, not a measure."""
        return bool(SUMMARY_RE.search(self._untitled))


def quantities(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for m in QUANTITY_RE.finditer(sentence):
        if _DATE_RE.match(sentence, m.start()) and not m.group(0).rstrip().endswith(("%", "％")):
            # `2022年`, `10月` look like numbers with units only to a careless eye.
            date = _DATE_RE.match(sentence, m.start())
            if date and date.end() >= m.end() - 1:
                continue
        spans.append(m.span())
    return spans


# Implementing somebody else's document is not an instrument of one's own: 贯彻落实《纲要》,
# 紧紧围绕《纲要》, 推动《纲要》…落地落实, also for the second of two titles (落实《甲》《乙》).
_IMPLEMENT_VERBS = "贯彻|落实|对照|依据|根据|按照|遵循|执行|围绕|紧扣|对标"
_ADOPTING_RE = re.compile(rf"(?:{_IMPLEMENT_VERBS}|学习|宣传|宣讲|解读|简称)[^，。；]{{0,4}}$")
_TITLES_BEFORE_RE = re.compile(r"(?:《[^》]*》[、和及与]?)+$")
_PUSHING_RE = re.compile(r"(?:推动|推进|抓好|确保|保障)[^，。；]{0,4}$")
_LANDING_RE = re.compile(r"^[^，。；]{0,24}?(?:落地落实|落地见效|落地|落实落细|全面落实|贯彻实施|有效实施)")
_TITLE_RE = re.compile(r"《[^》]*》")


# Only implementing carries over a run of titles: studying 《甲》《乙》 at a meeting names what
# was studied, which is the concrete content of a study measure.
_IMPLEMENTING_RE = re.compile(rf"(?:{_IMPLEMENT_VERBS})[^，。；]{{0,4}}$")


# A document named with its national author (中共中央、国务院《纲要》) is the centre's.
_NATIONAL_AUTHOR_RE = re.compile(r"(?:党中央|中共中央|国务院|国务院办公厅|全国人大常委会|全国人大|中办|国办)[、和及与]?$")


def _implemented_title(sentence: str, start: int, end: int) -> bool:
    """Whether the 《title》 at start:end is a document the sentence implements or the centre
    wrote, not the reporter's own."""
    before = sentence[:start]
    if _ADOPTING_RE.search(before) or _NATIONAL_AUTHOR_RE.search(before):
        return True
    chain = _TITLES_BEFORE_RE.search(before)
    if chain and _IMPLEMENTING_RE.search(before, 0, chain.start()):
        return True
    return bool(_PUSHING_RE.search(before) and _LANDING_RE.search(_TITLE_RE.sub("", sentence[end:])))


# The reporter's own level as a document names it: 《2025年全县法治政府建设工作要点》.
_OWN_LEVEL_RES = {group: re.compile(f"[全本我][{levels}]")
                  for group, levels in {"province": "省", "city": "市州盟", "county": "县区旗", "township": "乡镇"}.items()}


def _own_title(title: str, reporter_group: str, reporter_place: str) -> bool:
    """Whether a document named in the sentence is the reporter's own (its place or 全县/本市…):
    following one's own plan (按照《全县工作要点》) shows the plan exists, as a reviewer reads it."""
    if reporter_place and place_core(reporter_place) in title:
        return True
    own_level = _OWN_LEVEL_RES.get(reporter_group)
    return bool(own_level and own_level.search(title))


def _foreign_title(sentence: str, title: re.Match, reporter_group: str, reporter_place: str) -> bool:
    """Whether the 《title》 matched in the sentence is someone else's document: implemented or
    the centre's (_implemented_title), and not naming the reporter's place or level (_own_title)."""
    return (_implemented_title(sentence, title.start(), title.end())
            and not _own_title(title.group(0), reporter_group, reporter_place))


# Every instrument holds 《, a quotation mark or one of the kinds INSTRUMENT_RE ends with: a
# sentence with none of them is not searched (the kinds are one fast alternation of literals).
_INSTRUMENT_HINT_RE = re.compile(r"[《“\"]|" + _INSTRUMENT_KINDS)


def instruments(sentence: str, reporter_group: str = "other", reporter_place: str = "") -> list[tuple[int, int]]:
    hint = _INSTRUMENT_HINT_RE.search(sentence)
    if not hint:
        return []
    # No instrument starts more than a name's length before the first mark or kind (every one
    # starts at its 《 or quotation mark, or a name before its kind): the search starts there, and
    # INSTRUMENT_RE looks at nothing before where it starts (no look-behind, no anchor).
    return [m.span() for m in INSTRUMENT_RE.finditer(sentence, max(0, hint.start() - _NAME_MAX))
            if not (m.group(0).startswith("《") and _foreign_title(sentence, m, reporter_group, reporter_place))]


def foreign_title_spans(sentence: str, reporter_group: str = "other", reporter_place: str = "") -> tuple[tuple[int, int], ...]:
    """The spans of the 《titles》 the sentence implements or names with a national author, not the
    reporter's own (the 《…》 that instruments() leaves out): their words are someone else's."""
    return tuple(m.span() for m in _TITLE_RE.finditer(sentence) if _foreign_title(sentence, m, reporter_group, reporter_place))


# Verbs that take a document as something to study or publicise. The nearest such verb
# before a title decides (学习…，以及《…法》等); a verb of making (制定、出台、审议) does not adopt.
# Implementing a document (贯彻落实《纲要》) does act on its topic, if only in general words.
_ADOPT_VERB_RE = re.compile(r"学习|宣传|宣讲|普及|解读|研读|普法|学法|培训|讲座|学")
_MAKE_VERB_RE = re.compile(r"制定|出台|印发|制发|修订|修改|起草|发布|编制|编写|审议|审定|通过|公布|颁布|出版|形成|完善|报送|通报|听取|提请|作出")


@lru_cache(maxsize=4096)
def adopted_title_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """Spans of 《…》 titles the sentence studies or publicises rather than makes. (Extraction
    asks once per sentence of a document: extract._SentenceReading.titles.)"""
    spans = []
    for m in _TITLE_RE.finditer(sentence):
        before = _TITLE_RE.sub("", sentence[max(0, m.start() - 60) : m.start()])
        adopt = [a.end() for a in _ADOPT_VERB_RE.finditer(before)]
        make = [a.end() for a in _MAKE_VERB_RE.finditer(before)]
        if adopt and (not make or adopt[-1] > make[-1]):
            spans.append(m.span())
    return tuple(spans)


def is_problem(sentence: str) -> bool:
    cleaned = _PROBLEM_FALSE.sub("", sentence)
    return bool(PROBLEM_RE.search(cleaned))


def place_core(region: str) -> str:
    """The name a text calls a place by: 平顶山 for 平顶山市, 五华 for 五华区 (at least two characters)."""
    core = re.sub(r"(?:特别行政区|自治区|自治州|自治县|省|市|州|县|区|旗|盟|镇|乡|街道)$", "", region)
    return core if len(core) >= 2 else region


def other_actor(sentence: str, reporter_group: str, reporter_place: str = "") -> bool:
    """True when the sentence reports someone else's work, not the reporter's.

    National subjects (国务院、全国 …) count as someone else for every reporter with a level
    (province and below); a report about the country as a whole (group `other`) may cite 国务院
    as its own subject.
    """
    stripped = sentence.lstrip("　 \t“\"")
    if (OTHER_EXAMPLE_OPENING_RE.match(stripped) or OTHER_EXAMPLE_RE.search(stripped)
            or OTHER_BODY_SUBJECT_RE.match(stripped)):
        return True
    # Hearsay about the reporter itself (据了解，青川市司法局成立…) is a journalist's way of
    # stating the reporter's measure; about anybody else it is somebody else's.
    if HEARSAY_RE.search(stripped) and not (reporter_place and place_core(reporter_place) in stripped):
        return True
    upper = UPPER_SUBJECT_RES.get(reporter_group)
    if upper is not None and upper.match(stripped):
        return True
    national = NATIONAL_SUBJECT_RE.search(stripped) if reporter_group != "other" else None
    # a central ministry reporting on itself (司法部…) is no national subject above itself
    return national is not None and not (reporter_place and reporter_place in national.group(0))


def analyse(sentence: str, reporter_group: str = "other", reporter_place: str = "") -> SentenceFeatures:
    """What the detectors see in one sentence. (Extraction makes these itself, once per sentence
    of a document: extract._Reading.sentence.)"""
    return SentenceFeatures(sentence, reporter_group, reporter_place)
