"""Front matter, title, region and peer group of a submission."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..models import GROUPS, Submission
from .errors import ReadError
from .frontmatter import split_front_matter
from .limits import cap_title, clean_line
from .markdown import strip_markdown
from .normalise import normalise


_PLACE = r"(?:自治州|自治县|省|市|县|区|州|盟|旗)"
# A department: a place followed by an office name (青川市司法局, 鹭湾市发改委, 省政府办公厅).
_DEPARTMENT_RE = re.compile(
    rf"{_PLACE}[\u4e00-\u9fa5]{{1,8}}?(?:局|厅|委员会|委|办公室|办)(?![面理员托])"
    # or an office that names no place at all: 司法局2025年…, 交通运输局关于…
    r"|^[\u4e00-\u9fa5]{1,8}?(?:局|厅|委员会|办公室)(?=\d|关于|法治|年度|工作|[（(])"
)
# Party schools and universities write articles, not reports of a government body.
_ACADEMIC_RE = re.compile(r"党校|行政学院|大学|学院|研究院|研究所")
_LEVEL_MARKERS = {"省": "province", "市": "city", "州": "city", "盟": "city", "自治州": "city",
                  "县": "county", "区": "county", "旗": "county", "自治县": "county"}
_FIRST_PLACE_RE = re.compile(r"^[\u4e00-\u9fa5]{1,7}?(自治州|自治县|省|市|州|盟|县|区|旗)")


def infer_group(title: str) -> str:
    """Peer group from a title: department wins over a place name in the same title."""
    head = re.split(r"[：:（(]", title.strip(), maxsplit=1)[0]
    if _ACADEMIC_RE.search(head):
        return "other"
    if _DEPARTMENT_RE.search(head):
        return "department"
    m = _FIRST_PLACE_RE.match(head)
    return _LEVEL_MARKERS[m.group(1)] if m else "other"


# One administrative unit: a short name and its level (北京市, 云澜州, 广西壮族自治区, 松岚区).
_UNIT_RE = re.compile(r"([\u4e00-\u9fa5]{1,7}?)(特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|区|旗)")
# Words that end like a place but are not one: 全市, 我区, 各省, 城区, 示范区, 开发区, ...
_NOT_A_NAME = re.compile(r"^[全我本各该外其每此两多]|^(?:城|郊|辖|新|老|小|园|景|社|矿|林|示范|开发|试验|片|山)$"
                         r"|[的和与及在对为把将以]|推进|建设|法治|政府|工作|全面")
_TITLE_PREFIX = re.compile(r"^(?:中共|中国共产党|关于|\d{4}\s*年度?|[（(]?\d{4}[)）]?)+")
# Provincial-level names often written without their level.
_BARE_PROVINCES = {"北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "内蒙古": "内蒙古自治区",
                   "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
                   "香港": "香港特别行政区", "澳门": "澳门特别行政区"}


_RANK = {"特别行政区": 0, "自治区": 0, "省": 0, "市": 1, "州": 1, "自治州": 1, "盟": 1, "地区": 1,
         "县": 2, "自治县": 2, "区": 2, "旗": 2, "自治旗": 2}


def _leading_region(text: str) -> str:
    """A chain of units from higher to lower level at the start: 沧澜省青川市松岚区."""
    head = _TITLE_PREFIX.sub("", text.strip())
    chain, pos, rank = "", 0, -1
    while m := _UNIT_RE.match(head, pos):
        if _NOT_A_NAME.search(m.group(1)) or _RANK[m.group(2)] <= rank:
            break
        unit, suffix, end = m.group(0), m.group(2), m.end()
        if end < len(head) and head[end] in "省市县区旗盟" and _RANK[head[end]] >= _RANK[suffix]:
            unit, suffix, end = unit + head[end], head[end], end + 1  # 澜州市: the 州 was part of the name
        chain, pos, rank = chain + unit, end, _RANK[suffix]
    if chain:
        return chain
    for bare, full in _BARE_PROVINCES.items():
        if head.startswith(bare):
            return full
    return ""


def infer_region(title: str, *hints: str) -> str:
    """The place a report is about: the place names a title starts with (沧澜省鹭湾市, 松岚区).

    `hints` are further lines to try in order when the title names no place (an author line such
    as “澜州市司法局局长 周明远”). Unknown stays empty rather than guessed from the body.
    """
    for text in (title, *hints):
        region = _leading_region(text or "")
        if region:
            return region
    return ""


_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _year(meta: dict) -> int | None:
    year = meta.get("year")
    if year in (None, ""):
        m = _YEAR_RE.search(str(meta.get("date") or ""))
        return int(m.group(1)) if m else None
    try:
        if isinstance(year, bool):
            raise TypeError
        return int(year)
    except (TypeError, ValueError, OverflowError):
        raise ReadError(f"文件头中的 year “{year}” 不是年份") from None


def build_submission(path: Path, raw: bytes, text: str, fmt: str) -> Submission:
    meta, body = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    if fmt == "md":
        body = strip_markdown(body)
    body = normalise(body)
    if not body.strip():
        raise ReadError("除文件头外没有正文")
    first_line = next((ln.strip() for ln in body.splitlines() if ln.strip()), path.stem)
    title = cap_title(str(meta.get("title") or first_line))
    group = str(meta.get("group") or infer_group(title))
    if group not in GROUPS:
        raise ReadError(f"文件头中的 group “{group}” 无效，应为 {'/'.join(GROUPS)}")
    author = str(meta.get("author") or "")
    return Submission(
        id=clean_line(str(meta.get("id") or "")) or clean_line(path.stem) or "submission",
        title=title,
        text=body,
        region=str(meta.get("region") or infer_region(title, author)),
        group=group,
        year=_year(meta),
        date=str(meta.get("date") or ""),
        author=author,
        source_path=str(path),
        source_format=fmt,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        file_sha256=hashlib.sha256(raw).hexdigest(),
    )
