"""Bounds on what one input may cost or carry, so that one hostile file is one failure.

Every limit here turns a file that would exhaust memory, time or a file-system limit into a
ReadError naming the reason, or caps a value (a title, an id's file name) that would otherwise be
copied everywhere.
"""

from __future__ import annotations

import io
import re
import zipfile

from .errors import ReadError

# A report's title is one line; a 5 MB line without punctuation is not a title.
MAX_TITLE_CHARS = 200
# Unpacked size of a .docx (every part: XML and images alike) and the compression ratio of one
# large part. Real reports unpack to a few MB of XML at ratios around 10; a zip bomb to
# gigabytes at ratios of hundreds or thousands.
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_RATIO = 100
_RATIO_FROM_BYTES = 5 * 1024 * 1024  # small parts may compress very well (repeated styles)

# C0 and C1 control characters (tab, newline and carriage return included): never part of an id
# or a one-line title.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_line(value: str) -> str:
    """One line of plain text: control characters become spaces, the ends are trimmed."""
    return _CONTROL.sub(" ", value).strip()


def cap_title(title: str) -> str:
    title = clean_line(title)
    return title if len(title) <= MAX_TITLE_CHARS else title[: MAX_TITLE_CHARS - 1] + "…"


def check_archive(raw: bytes) -> None:
    """Refuse a .docx whose declared unpacked size or ratio is a bomb, before anything unpacks it.

    zipfile never inflates a member past its declared size, so the declared sizes bound the work.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReadError("Word 文档（.docx）已损坏或不完整，无法打开") from None
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise ReadError(f"Word 文档解压后过大（{total / 1048576:.0f} MB，上限 {MAX_UNPACKED_BYTES // 1048576} MB），"
                        "可能是恶意构造的压缩包；请另存为 PDF 或拆分后再试")
    for m in members:
        if m.file_size > _RATIO_FROM_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise ReadError(f"Word 文档中的 {m.filename} 压缩比异常（{m.file_size // max(m.compress_size, 1)} 倍），"
                            "可能是恶意构造的压缩包，未读取")
