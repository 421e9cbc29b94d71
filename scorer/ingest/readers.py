"""Bytes from a file to text. One module per format; which one is decided by the bytes.

The extension says what a file claims to be; the first bytes say what it is. A PDF saved as
“.txt” is read as a PDF; a “.docx” that is really an old binary .doc, an Excel file or an image
is a failure that names what it is.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .errors import ReadError
from .textfile import decode

SUPPORTED_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}

__all__ = ["SUPPORTED_SUFFIXES", "ReadError", "decode", "read_text", "sniff"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_FORMATS = (
    (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"), (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"), (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩文件"),
    (b"{\\rtf", "RTF 文档"), (b"\x7fELF", "程序文件"),
)


def _zip_kind(raw: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "broken"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "Excel 表格"
    if "ppt/presentation.xml" in names:
        return "PowerPoint 演示文稿"
    if "content.xml" in names:
        return "OpenDocument 文档"
    return "ZIP 压缩包"


def sniff(raw: bytes, suffix: str) -> str:
    """The format of `raw`: pdf, docx, or text; ReadError for anything else."""
    if b"%PDF-" in raw[:1024]:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        kind = _zip_kind(raw)
        if kind == "docx":
            return "docx"
        if kind == "broken":
            raise ReadError("Word 文档（.docx）已损坏或不完整，无法打开")
        raise ReadError(f"这是{kind}，不是 Word 文档；请提供 .docx、.pdf、.txt 或 .md 文件")
    if raw.startswith(_OLE):
        raise ReadError("这是旧版 Word（.doc）、WPS 或加密的 Office 文件，无法读取；请另存为 .docx 或 PDF")
    for magic, name in _OTHER_FORMATS:
        if raw.startswith(magic):
            raise ReadError(f"这是{name}，不是文字材料")
    if suffix == ".pdf":
        raise ReadError("扩展名是 .pdf，但内容不是 PDF（文件可能已损坏或不完整）")
    if suffix == ".docx":
        raise ReadError("扩展名是 .docx，但内容不是 Word 文档（文件可能已损坏或不完整）")
    return "text"


def read_text(path: Path, *, max_bytes: int) -> tuple[bytes, str, str]:
    """Return the raw bytes, the decoded text and the format name (txt, md, docx, pdf)."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise ReadError("文件为空")
        if size > max_bytes:
            raise ReadError(f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.1f} MB，可用 --max-mb 调整）")
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法打开文件（{exc.strerror or exc}）") from None
    suffix = path.suffix.lower()
    kind = sniff(raw, suffix)
    if kind == "pdf":
        from .pdf import read_pdf

        return raw, read_pdf(raw), "pdf"
    if kind == "docx":
        from .limits import check_archive
        from .word import read_docx

        check_archive(raw)

        return raw, read_docx(raw), "docx"
    text = decode(raw)
    if not text.strip():
        raise ReadError("文件没有文字内容（只有空白）")
    return raw, text, "md" if suffix in (".md", ".markdown") else "txt"
