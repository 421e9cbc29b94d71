"""Front matter, title, region and peer group of a submission."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from ..models import GROUPS, Submission
from .normalise import normalise
from .readers import ReadError

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)

_REGION_RE = re.compile(r"([\u4e00-\u9fa5]{1,8}?(?:自治州|自治县|省|市|州|盟|县|区|旗))")


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f"第 {line + 2} 行" if line is not None else ""
        raise ReadError(f"文件头（front matter）YAML 有误{where}") from None
    if not isinstance(meta, dict):
        raise ReadError("文件头（front matter）应为 键: 值 形式")
    return meta, text[m.end():]


_PLACE = r"(?:自治州|自治县|省|市|县|区|州|盟|旗)"
# A department: a place followed by an office name (北京市司法局, 烟台市发改委, 省政府办公厅).
_DEPARTMENT_RE = re.compile(rf"{_PLACE}[\u4e00-\u9fa5]{{1,8}}?(?:局|厅|委员会|委|办公室|办)(?![面理员托])")
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


def infer_region(title: str) -> str:
    m = _REGION_RE.search(title)
    return m.group(1) if m else ""


def build_submission(path: Path, raw: bytes, text: str, fmt: str) -> Submission:
    meta, body = split_front_matter(text, path)
    body = normalise(body)
    if not body.strip():
        raise ReadError("除文件头外没有正文")
    first_line = next((ln.strip() for ln in body.splitlines() if ln.strip()), path.stem)
    title = str(meta.get("title") or first_line)
    group = str(meta.get("group") or infer_group(title))
    if group not in GROUPS:
        raise ReadError(f"文件头中的 group “{group}” 无效，应为 {'/'.join(GROUPS)}")
    year = meta.get("year")
    try:
        year = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        raise ReadError(f"文件头中的 year “{year}” 不是年份") from None
    return Submission(
        id=str(meta.get("id") or path.stem),
        title=title,
        text=body,
        region=str(meta.get("region") or infer_region(title)),
        group=group,
        year=year,
        date=str(meta.get("date") or ""),
        author=str(meta.get("author") or ""),
        source_path=str(path),
        source_format=fmt,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )
