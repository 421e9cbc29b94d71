"""Engine-wide detectors that judge what kind of statement a sentence is.

They know nothing about indicators: they answer "is there a measured quantity?", "is this
done or only demanded?", "is this a problem statement?", "is somebody else acting?". The
indicator rules in YAML say what a passage must be about; these say how much it is worth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A number (arabic, optionally with thousands separators or decimals) with a counting unit.
# Chinese numerals are left out on purpose: 一网通办、三项制度、一村一法律顾问 are names, not measures.
_UNITS = (
    "个百分点|个工作日|万人次|人次|件次|家次|户次|余人|多人|个月|小时|课时|万元|亿元|"
    "平方米|公里|千米|"
    "件|项|个|家|名|人|元|场|次|期|条|部|份|起|户|所|处|支|批|篇|天|倍|分|册|套|本|台|块|张|宗|类|座|间|位|单|例|款|周|讲|轮|亩|万|亿|%|％"
)
QUANTITY_RE = re.compile(
    rf"(?<![第\d.])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*(?:万|亿)?\s*(?:余|多)?\s*(?:{_UNITS})"
)
# Numbers that are dates or document numbers, never measures.
_DATE_RE = re.compile(r"\d+\s*(?:年|月|日|号|届|版|级)")

INSTRUMENT_RE = re.compile(
    r"《[^》]{2,60}》"
    r"|[“\"][^”\"]{2,24}[”\"](?:模式|机制|平台|系统|工程|行动|品牌|服务|改革|制度)?"
    r"|[\u4e00-\u9fa5A-Za-z0-9+]{2,14}(?:清单|平台|中心|委员会|系统|热线|目录|工作站|服务站|窗口|专区|小组|基地|示范点|联系点|App|APP|小程序|公众号)"
)

# Prescriptive or planned mood: the statement demands or promises, it does not report.
PRESCRIPTIVE_RE = re.compile(
    r"(?<![主重纲摘简提首次紧需])要(?![求点素件闻事务案害])"
    r"|应当|应该|应(?=[把将以在从])|必须|务必|亟需|亟待|须(?=[要把将在])"
    r"|建议|希望|呼吁|倡导"
)
PLANNED_RE = re.compile(
    r"下一步|今后|未来|力争|争取|拟(?!定)|预计|计划(?=[于在到])|着眼于|即将|将要"
    r"|将(?=于|在|继续|进一步|持续|全面|加快|加大|深入|不断|着力|努力|积极|大力|重点|推动|推进|建成|实现|开展|完善|建立|健全|形成|围绕|以)"
)
# Reported action or a time already past: the voice of a work report.
COMPLETED_RE = re.compile(
    r"已经|已(?![知有])|完成|建成|出台|制定|印发|修订|修改|废止|发布|公布|办理|办结|审结|开展|举办|召开|组织|"
    r"聘请|聘任|实现|累计|共计|先后|率先|成立|设立|建立|推出|上线|取消|下放|承接|清理|审核|审查|获评|被评为|"
    r"荣获|获得|入选|达到|提升至|提高到|提升到|下降|压缩|化解|受理|纠正|培训|编制|创建|搭建|开通|配备|选聘|"
    r"推行|实施|出具|调处|接待|答复|整改|覆盖|举行|签订|评查|换发|梳理|公开|挂牌|授予|命名|通过|引入|构建|"
    r"今年以来|去年以来|近年来|截至|截止|目前|\d{4}\s*年(?!\s*[起前])|了(?![解])"
)
PROBLEM_RE = re.compile(
    r"存在[^。；;]{0,30}(?:问题|不足|短板|差距|薄弱|隐患|困难)|(?<!补)短板|不足之处|(?<!不)不足(?![谋以])|薄弱|差距|不够|有待|仍需|尚未|"
    r"滞后|不到位|不平衡|不充分|困境|瓶颈|不高|不强|不严|不规范|亟待"
)
_PROBLEM_FALSE = re.compile(r"补齐?短板|缩小差距|查找差距|找差距|不足谋")

# Someone other than the reporting body acts: examples from elsewhere, national figures.
OTHER_EXAMPLE_RE = re.compile(r"^(?:例如|比如|再如|又如|譬如)|学习借鉴|借鉴[^。]{0,12}经验|外地|兄弟(?:省|市|县)")
NATIONAL_SUBJECT_RE = re.compile(
    r"^(?:[^，,。]{0,8})(?:党中央|中共中央|国务院|中央全面依法治国|中央依法治国办|全国人大|司法部|全国各|全国)"
)


@dataclass(frozen=True)
class SentenceFeatures:
    """What the detectors saw in one sentence (offsets relative to the sentence)."""

    quantities: list[tuple[int, int]] = field(default_factory=list)
    instruments: list[tuple[int, int]] = field(default_factory=list)
    prescriptive: bool = False
    planned: bool = False
    completed: bool = False
    problem: bool = False
    other_actor: bool = False


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


def instruments(sentence: str) -> list[tuple[int, int]]:
    return [m.span() for m in INSTRUMENT_RE.finditer(sentence)]


def is_problem(sentence: str) -> bool:
    cleaned = _PROBLEM_FALSE.sub("", sentence)
    return bool(PROBLEM_RE.search(cleaned))


def other_actor(sentence: str, reporter_group: str) -> bool:
    """True when the sentence reports someone else's work, not the reporter's.

    National subjects count as someone else only for reporters below the national level;
    a report about the country as a whole (group `other`) may cite 国务院 as its own subject.
    """
    stripped = sentence.lstrip("　 \t“\"")
    if OTHER_EXAMPLE_RE.search(stripped):
        return True
    return reporter_group in {"city", "county", "department"} and bool(NATIONAL_SUBJECT_RE.search(stripped))


def analyse(sentence: str, reporter_group: str = "other") -> SentenceFeatures:
    return SentenceFeatures(
        quantities=quantities(sentence),
        instruments=instruments(sentence),
        prescriptive=bool(PRESCRIPTIVE_RE.search(sentence)),
        planned=bool(PLANNED_RE.search(sentence)),
        completed=bool(COMPLETED_RE.search(sentence)),
        problem=is_problem(sentence),
        other_actor=other_actor(sentence, reporter_group),
    )
