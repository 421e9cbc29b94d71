"""Bounds on what one input may cost or carry, so that one hostile file is one failure.

Every limit here turns a file that would exhaust memory, time or a file-system limit into a
ReadError naming the reason, or caps a value (a title, an id's file name) that would otherwise be
copied everywhere.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib

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


# A PDF's streams are inflated by pdfminer as it goes, with no bound: a few hundred KB of zeros
# compressed inflate to gigabytes. Real reports' content streams, fonts and cmaps together inflate
# to tens of MB (a full CJK font program is about 20 MB); images are not inflated to read text.
MAX_PDF_INFLATED_BYTES = 200 * 1024 * 1024
# The longest real submissions (a year's compilation) run to a few hundred pages.
MAX_PDF_PAGES = 2000
# Drawn characters and paths, which is what costs time and memory (about 30 µs and 2 KB each):
# a dense A4 page has a few thousand, a 300-page report under a million. A tiny file can draw
# millions (one form drawn over and over, one content stream shared by every page).
MAX_PDF_PAGE_OBJECTS = 100_000
MAX_PDF_OBJECTS = 2_000_000
_PIECE = 1 << 20


class PdfLimit(Exception):
    """A PDF that would cost more than the bounds above; the message is the Chinese reason."""


class _BoundedZlib:
    """What pdfminer uses of the zlib module, with every byte it inflates counted against one budget.

    pdfminer calls `zlib.decompress(data)` and, for damaged streams, `zlib.decompressobj()`; both
    stop with PdfLimit once the file's budget is spent, before the output is held in memory.
    """

    error = zlib.error

    def __init__(self, budget: int):
        self.left = budget

    def _take(self, produced: int) -> None:
        self.left -= produced
        if self.left < 0:
            raise PdfLimit(f"PDF 中的压缩数据解压后过大（超过 {MAX_PDF_INFLATED_BYTES // 1048576} MB），"
                           "可能是恶意构造的文件，未读取；请另存为 Word 或重新导出 PDF 后再试")

    def decompress(self, data, *args, **kwargs):
        # In pieces: a bomb is stopped holding no more than the budget, not an output buffer
        # that zlib grew past it.
        d = zlib.decompressobj(*args[1:2], **kwargs)  # (wbits,) as zlib.decompress takes it
        parts, pending = [], data
        while True:
            out = d.decompress(pending, _PIECE)
            self._take(len(out))
            parts.append(out)
            pending = d.unconsumed_tail
            if d.eof or not (pending or out):
                break
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")  # what zlib.decompress says too
        return b"".join(parts)

    def decompressobj(self, *args, **kwargs):
        return _BoundedDecompressor(self, zlib.decompressobj(*args, **kwargs))


class _BoundedDecompressor:
    def __init__(self, owner: _BoundedZlib, inner):
        self.owner, self.inner = owner, inner

    def decompress(self, data, max_length=0):
        limit = self.owner.left + 1 if max_length <= 0 else min(max_length, self.owner.left + 1)
        out = self.inner.decompress(data, limit)
        self.owner._take(len(out))
        return out

    def __getattr__(self, name):
        return getattr(self.inner, name)


class PdfBudget:
    """Objects drawn so far in one PDF; `new_page()` before each page starts its own count."""

    def __init__(self, page_limit: int, file_limit: int):
        self.page_limit, self.file_limit = page_limit, file_limit
        self.total = self.on_page = 0
        self.page = 0

    def new_page(self) -> None:
        self.page += 1
        self.on_page = 0

    def draw(self) -> None:
        self.total += 1
        self.on_page += 1
        if self.on_page > self.page_limit:
            raise PdfLimit(f"PDF 第 {self.page} 页绘制的文字和图形超过 {self.page_limit:,} 个，"
                           "远超正常页面，可能是恶意构造的文件，未读取；请另存为 Word 或重新导出 PDF 后再试")
        if self.total > self.file_limit:
            raise PdfLimit(f"PDF 绘制的文字和图形合计超过 {self.file_limit:,} 个（读到第 {self.page} 页），"
                           "可能是恶意构造的文件，未读取；如确是一份材料，请拆分后再试")


@contextlib.contextmanager
def bounded_pdf_reading(*, inflated: int = MAX_PDF_INFLATED_BYTES, page_objects: int = MAX_PDF_PAGE_OBJECTS,
                        objects: int = MAX_PDF_OBJECTS):
    """While reading one PDF, pdfminer's inflation and drawing are bounded; yields the PdfBudget.

    pdfminer offers no limits of its own, so its module's zlib and its layout device's two drawing
    calls are wrapped for the duration and restored after (the engine reads one file at a time).
    """
    from pdfminer import pdftypes
    from pdfminer.converter import PDFLayoutAnalyzer

    budget = PdfBudget(page_objects, objects)
    render_char, paint_path = PDFLayoutAnalyzer.render_char, PDFLayoutAnalyzer.paint_path

    def counted(draw):
        def wrapper(*args, **kwargs):
            budget.draw()
            return draw(*args, **kwargs)
        return wrapper

    original = pdftypes.zlib
    pdftypes.zlib = _BoundedZlib(inflated)
    PDFLayoutAnalyzer.render_char, PDFLayoutAnalyzer.paint_path = counted(render_char), counted(paint_path)
    try:
        yield budget
    finally:
        pdftypes.zlib = original
        PDFLayoutAnalyzer.render_char, PDFLayoutAnalyzer.paint_path = render_char, paint_path
