"""Front matter, title, region and peer group of a submission."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..models import GROUPS, Submission
from .errors import ReadError
from .frontmatter import split_front_matter
from .identify import find_title, infer_group, infer_region, infer_year
from .limits import cap_title, clean_line
from .markdown import strip_markdown
from .normalise import normalise


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
    title = cap_title(str(meta.get("title") or find_title(body) or first_line))
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
        year=_year(meta) or infer_year(title),
        date=str(meta.get("date") or ""),
        author=author,
        source_path=str(path),
        source_format=fmt,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        file_sha256=hashlib.sha256(raw).hexdigest(),
    )
