"""Who reports: the report's own title line, and the peer group its reporting body belongs to.

A report copied from a web page or a Word file does not start with its title: above it stand a
document number (保政呈〔2025〕5号), a column name, an addressee, or nothing at all when the page's
title was not copied. The title is therefore the line that reads like a report's title
(…年度法治政府建设情况的报告, …工作总结, 述法报告), found among the lines above the first
paragraph; a title broken over two lines (the body's name, then 2025年度法治政府建设报告) is put
back together. Without such a line the report names itself in its opening (现将我镇2025年度法治
政府建设情况报告如下), or at least names who reports (2025年，青川市司法局坚持…): the title is then
made from those words and marked 「据正文」 so nobody mistakes it for a line of the document.

Peer groups follow the reporting body's level: 省/自治区/直辖市 → province; 市/州/自治州/盟/地区 →
city; 县/区/旗/自治县/县级市 → county; 乡/镇/街道 → township; ministries (…部, 国务院…), 厅/局/委/
办 and the like → department; party schools, universities and unknown → other.
"""

from __future__ import annotations

import re

from .furniture import is_prose
from .normalise import NUMBERED

IDEO = "\u4e00-\u9fa5"
# The kinds of report this tool scores, by how their titles end.
_REPORT_END = re.compile(
    r"(?:报告|总结|汇报|述法报告|述职报告|情况|工作要点执行情况)(?:[（(][^（）()]{1,12}[)）])?$")
# …and by what they are about, or whose year they report (a column name 工作报告 is neither).
_REPORT_TOPIC = re.compile(r"法治|依法行政|依法治|述法|述职|(?:19|20)\d\d")
_TITLE_MAX = 80
# A title cut over two lines: its second line starts inside the sentence (建设情况的报告).
_TITLE_TAIL = re.compile(rf"^[{IDEO}]{{0,12}}(?:情况的报告|情况报告|的报告|报告|工作总结|总结)$")
# A line that only names the reporting body (中共青川市交通运输局党组, 青川市人民政府).
_BODY_NAME = re.compile(rf"^(?:中共)?[{IDEO}（）()]{{2,30}}(?:人民政府|政府|党组|党委|局|厅|委员会|委|办公室|办事处|部|署)$")
# Where a line pasted onto the first paragraph ends: a gap, or an addressee (省人民政府：).
_GAP = re.compile(r"  | (?=[^ ]{2,30}[：:])| ")


def is_report_title(line: str) -> bool:
    """Whether a line reads as a report's title: short, no sentence, ends like a report."""
    line = line.strip()
    return (4 <= len(line) <= _TITLE_MAX and not is_prose(line) and not re.search(r"[，。；]", line)
            and bool(_REPORT_END.search(line)) and bool(_REPORT_TOPIC.search(line)))


def _title_lines(head: list[str]) -> str | None:
    """The report's title among the lines above its first paragraph, rejoined if cut in two."""
    for i, line in enumerate(head):
        nxt = head[i + 1] if i + 1 < len(head) else ""
        if nxt and _TITLE_TAIL.match(nxt) and is_report_title(line + nxt):
            return line + nxt
        if is_report_title(line):
            prev = head[i - 1] if i else ""
            # 2025年度法治政府建设报告 under the body's name: the title is both lines.
            if prev and _BODY_NAME.match(prev) and not _leading_body(line):
                return f"{prev}{line}"
            return line
    return None


def _leading_body(line: str) -> bool:
    """Whether a title names its body itself rather than starting with the year or 关于."""
    return not re.match(r"^(?:关于)?(?:19|20)\d\d年", line)


# 现将我镇2025年度法治政府建设情况报告如下 — the report naming itself in its opening.
_SELF_NAMED = re.compile(r"现[将就把]([^，。；：]{6,50}?(?:报告|汇报|总结))如下")
_NAMES_ITSELF = re.compile(r"^(?:我|本)|[省市县区镇乡局厅部委]|政府|街道")
_SUBJECT_END = re.compile(r"(?:关于)?(?:19|20)\d\d|法治|依法")
# (2025年，)(在…领导下，)青川市司法局坚持… — who reports, at the start of a sentence of the opening;
# the reference that starts many openings (根据《…》要求，) is passed over.
_OPENING = re.compile(
    rf"(?:^|(?<=[。\n]))(?:(?:19|20)\d\d年(?:以来|度)?，?|根据[^。]{{0,300}}?(?:要求|规定|精神|部署)，)?"
    rf"(?:在[^，。]{{2,60}}?(?:下|中)，)*"
    rf"(?P<who>[{IDEO}、]{{2,24}}?)"
    r"(?=坚持|认真|深入|始终|全面|严格|紧紧|扎实|积极|以习近平|在|按照|围绕|高度|持续|切实|聚焦|立足|着力|深学|全力|不断"
    r"|法治政府建设|依法行政|贯彻|落实|对)"
)
# Who can report: a body, a place, or the report's own 我局/全省.
_WHO = re.compile(r"^(?:我|本|全)[省市县区旗州镇乡局厅委部]$|^全省|(?:政府|局|厅|部|委|办|办事处|县|市|区|省|镇|乡|街道|州|旗|盟|党组|党委|部门)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def _who(opening: str) -> tuple[str, str] | None:
    """(who reports, the year) from the opening's first sentence that names a reporting body."""
    for m in _OPENING.finditer(opening):
        who = m.group("who")
        year = _YEAR.search(opening, m.start()) or _YEAR.search(opening)
        if _WHO.search(who) and not who.startswith(("是", "为", "的")) and year:
            return who, year.group(1)
    return None


def _made_title(lines: list[str]) -> str | None:
    """A title from the opening's own words, marked as made, or None."""
    opening = "\n".join(lines[:3])
    who = _who(opening)
    m = _SELF_NAMED.search(opening)
    if m and re.search("法治|依法行政", m.group(1)) and not m.group(1).startswith(("有关", "相关", "具体")):
        named = m.group(1)
        if _NAMES_ITSELF.search(_SUBJECT_END.split(named, maxsplit=1)[0]):
            return f"{named}（据正文）"
        if who and _YEAR.match(named):
            return f"{who[0]}{named}（据正文）"
    if who:
        return f"{who[0]}{who[1]}年法治政府建设情况报告（据正文）"
    return None


_HEAD_LINES = 8  # a title stands among the first lines, above the first numbered heading


def find_title(text: str) -> str | None:
    """The report's own title in normalised text (one paragraph per line), or None.

    Looks at the lines above the first numbered heading that are not prose (a site's slogan may
    stand above the title), at the start of the first paragraph when the title was pasted onto it,
    and then at the opening's own words.
    """
    lines = text.splitlines()
    top = lines[:_HEAD_LINES]
    end = next((i for i, ln in enumerate(top) if NUMBERED.match(ln)), len(top))
    title = _title_lines([ln for ln in top[:end] if not is_prose(ln)])
    if title:
        return title
    first = next((i for i, ln in enumerate(lines) if is_prose(ln)), len(lines))
    if first < len(lines):
        lead = _GAP.split(lines[first], maxsplit=1)[0]
        if lead != lines[first] and is_report_title(lead):
            return lead
    return _made_title(lines[first:])


# --- place and level -----------------------------------------------------------------------

# One administrative unit: a short name and its level (北京市, 云澜州, 广西壮族自治区, 松岚区, 松溪镇).
_UNIT_RE = re.compile(rf"([{IDEO}]{{1,7}}?)(特别行政区|自治区|自治州|自治县|自治旗|地区|街道|省|市|州|盟|县|区|旗|乡|镇)")
# Words that end like a place but are not one: 全市, 我区, 各省, 城区, 示范区, 开发区, 城乡, ...
_NOT_A_NAME = re.compile(r"^[全我本各该外其每此两多委党]|^[省市县区州]$|^(?:城|郊|辖|新|老|小|园|景|社|矿|林|示范|开发|试验|片|山|乡|村)$"
                         r"|[的和与及在对为把将以]|推进|建设|法治|政府|工作|全面|人民")
_TITLE_PREFIX = re.compile(r"^(?:中共|中国共产党|关于|\d{4}\s*年度?|[（(]?\d{4}[)）]?)+")
# Provincial-level names often written without their level.
_BARE_PROVINCES = {"北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "内蒙古": "内蒙古自治区",
                   "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
                   "香港": "香港特别行政区", "澳门": "澳门特别行政区"}
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_RANK = {"特别行政区": 0, "自治区": 0, "省": 0, "市": 1, "州": 1, "自治州": 1, "盟": 1, "地区": 1,
         "县": 2, "自治县": 2, "区": 2, "旗": 2, "自治旗": 2, "乡": 3, "镇": 3, "街道": 3}
_LEVEL_OF_RANK = ("province", "city", "county", "township")


def _units(text: str) -> list[tuple[str, int]]:
    """The chain of units a text starts with, higher to lower: [(沧澜省, 0), (青川市, 1), (松岚区, 2)].

    A 市 under a 市, 州 or 地区 is a county-level city (县级市), and a 直辖市 ranks as a province.
    """
    head = _TITLE_PREFIX.sub("", text.strip())
    chain: list[tuple[str, int]] = []
    pos, rank = 0, -1
    while m := _UNIT_RE.match(head, pos):
        if _NOT_A_NAME.search(m.group(1)):
            break
        unit, suffix, end = m.group(0), m.group(2), m.end()
        if end < len(head) and head[end] in "省市县区旗盟" and head[end] != suffix and _RANK[head[end]] >= _RANK[suffix]:
            unit, suffix, end = unit + head[end], head[end], end + 1  # 澜州市: the 州 was part of the name
        r = 0 if unit in _MUNICIPALITIES else _RANK[suffix]
        if suffix == "市" and rank == 1:
            r = 2  # 县级市
        if r <= rank:
            break
        chain.append((unit, r))
        pos, rank = end, r
    if not chain:
        for bare, full in _BARE_PROVINCES.items():
            if head.startswith(bare):
                return [(full, 0)]
    return chain


def infer_region(title: str, *hints: str) -> str:
    """The place a report is about: the place names a title starts with (沧澜省鹭湾市, 松岚区).

    `hints` are further lines to try in order when the title names no place (an author line such
    as “澜州市司法局局长 周明远”). Unknown stays empty rather than guessed from the body.
    """
    for text in (title, *hints):
        chain = _units(text or "")
        if chain:
            return "".join(unit for unit, _ in chain)
    return ""


def infer_year(title: str) -> int | None:
    """The year a title reports on (2025年度…, 关于2025年…), or None."""
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


# Party schools and universities write articles, not reports of a government body.
_ACADEMIC_RE = re.compile(r"党校|行政学院|大学|学院|研究院|研究所")
# A township or street office: 松溪镇人民政府, 中共松溪镇委员会, 青石街道办事处, 我镇.
_TOWNSHIP_RE = re.compile(rf"[{IDEO}](?:乡|镇|街道)(?:人民政府|政府|党委|党工委|委员会|办事处)|街道办|^(?:我|本|全)(?:乡|镇|街道)")
_PLACE = r"(?:自治州|自治县|省|市|县|区|州|盟|旗)"
# A department: a place followed by an office name (青川市司法局, 鹭湾市发改委, 省政府办公厅), an
# office that names no place (司法局2025年…, 交通运输局关于…), a ministry or a national
# administration (司法部, 国务院…办公室, 国家…总局), or the report's own 我局/本厅.
_DEPARTMENT_RE = re.compile(
    rf"{_PLACE}[{IDEO}]{{1,8}}?(?:局|厅|委员会|(?<!党)委|办公室|办)(?![面理员托])"
    rf"|^[{IDEO}]{{1,8}}?(?:局|厅|委员会|办公室)(?=\d|关于|法治|年度|工作|[（(])"
    rf"|^(?:中共)?[{IDEO}]{{2,10}}?(?:部|总局|总署|署)(?=党组|\d|关于|法治|年度|工作|[（(]|$)"
    r"|^国务院|^国家[\u4e00-\u9fa5]{2,10}(?:局|委员会|署)"
    r"|^(?:我|本)(?:局|厅|委|部|办|署)"
)
# A body named by its level alone: 省政府, 我市, 全县, 区政府.
_LEVEL_WORDS = (("province", re.compile(r"^(?:我|本|全)省|^省(?:政府|委)")),
                ("city", re.compile(r"^(?:我|本|全)[市州盟]|^[市州](?:政府|委)")),
                ("county", re.compile(r"^(?:我|本|全)[县区旗]|^[县区旗](?:政府|委)")))


def infer_group(title: str) -> str:
    """Peer group from a title: a township or a department wins over the place names above it."""
    head = re.split(r"[：:（(]", title.strip(), maxsplit=1)[0]
    if _ACADEMIC_RE.search(head):
        return "other"
    body = _TITLE_PREFIX.sub("", head)
    if _TOWNSHIP_RE.search(body):
        return "township"
    if _DEPARTMENT_RE.search(head) or _DEPARTMENT_RE.search(body):
        return "department"
    chain = _units(head)
    if chain:
        return _LEVEL_OF_RANK[chain[-1][1]]
    return next((group for group, words in _LEVEL_WORDS if words.search(body)), "other")
