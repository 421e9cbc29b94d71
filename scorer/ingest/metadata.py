"""Front matter, title, region and peer group of a submission."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from ..models import GROUPS, Submission
from .errors import ReadError
from .identify import find_title, infer_group, infer_region, infer_year
from .markdown import strip_markdown
from .normalise import normalise

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


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


_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _year(meta: dict) -> int | None:
    year = meta.get("year")
    if year in (None, ""):
        m = _YEAR_RE.search(str(meta.get("date") or ""))
        return int(m.group(1)) if m else None
    try:
        return int(year)
    except (TypeError, ValueError):
        raise ReadError(f"文件头中的 year “{year}” 不是年份") from None


def build_submission(path: Path, raw: bytes, text: str, fmt: str) -> Submission:
    meta, body = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"), path)
    if fmt == "md":
        body = strip_markdown(body)
    body = normalise(body)
    if not body.strip():
        raise ReadError("除文件头外没有正文")
    first_line = next((ln.strip() for ln in body.splitlines() if ln.strip()), path.stem)
    title = str(meta.get("title") or find_title(body) or first_line)
    group = str(meta.get("group") or infer_group(title))
    if group not in GROUPS:
        raise ReadError(f"文件头中的 group “{group}” 无效，应为 {'/'.join(GROUPS)}")
    author = str(meta.get("author") or "")
    return Submission(
        id=str(meta.get("id") or path.stem),
        title=title,
        text=body,
        region=str(meta.get("region") or infer_region(title, author)),
        group=group,
        year=_year(meta) or infer_year(title),
        date=str(meta.get("date") or ""),
        author=author,
        source_path=str(path),
        source_format=fmt,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        file_sha256=hashlib.sha256(raw).hexdigest(),
    )
