"""PDF with a text layer to text, in reading order, without page furniture.

pdfplumber gives the text lines of each page with their positions. From those:
- page headers, footers and page numbers go: a line near the top or bottom edge that is a page
  number (“- 3 -”, “第3页 共9页”, “3/9”), or whose text (digits aside) recurs in the same zone on
  at least half of the pages, or a line at the top in type smaller than the body's;
- lines are put back into paragraphs: a line continues the one above unless there is a paragraph
  gap between them, it is indented, or the line above stopped short of the right margin. A
  paragraph that runs over a page break is joined the same way.
A PDF whose pages carry no text at all is a scan: that is a failure saying so, not an empty report.
A PDF with too many pages, streams that inflate past a budget or too much drawn (limits.py) is refused
as a bomb.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from .errors import ReadError
from .limits import MAX_PDF_PAGES, PdfLimit, bounded_pdf_reading
from .normalise import glue

EDGE_ZONE = 0.1  # the top and bottom tenth of a page is where headers and footers live
_PAGE_NUMBER = re.compile(
    r"^[-—–_~·•\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|／|共|of)\s*\d{1,4}\s*页?)?[-—–_~·•\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^[-—–\s]*[ivxlcdm]{1,6}[-—–\s]*$",
    re.I,
)
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


def _page_lines(page, number: int) -> list[Line]:
    page = page.dedupe_chars()  # fake bold prints each character twice
    return [Line(ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"], number)
            for ln in page.extract_text_lines(strip=False, return_chars=False, keep_blank_chars=True)
            if ln["text"].strip()]


def _furniture(pages: list[list[Line]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, index) of header, footer and page-number lines."""
    def edge(line: Line, height: float) -> str | None:
        if line.bottom <= height * EDGE_ZONE:
            return "top"
        if line.top >= height * (1 - EDGE_ZONE):
            return "bottom"
        return None

    def key(line: Line, zone: str) -> tuple[str, str]:
        return zone, re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    size = median(ln.bottom - ln.top for lines in pages for ln in lines)
    seen = Counter()
    for lines, height in zip(pages, heights):
        seen.update({key(ln, z) for ln in lines if (z := edge(ln, height))})
    recurring = {k for k, n in seen.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = set()
    for p, (lines, height) in enumerate(zip(pages, heights)):
        for i, line in enumerate(lines):
            zone = edge(line, height)
            small = zone == "top" and line.bottom - line.top < size * 0.85  # a running head in small type
            if zone and (small or _PAGE_NUMBER.match(line.text.strip()) or key(line, zone) in recurring):
                out.add((p, i))
    return out


_SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)]*$")


def _paragraphs(lines: list[Line]) -> list[str]:
    if not lines:
        return []
    size = median(ln.bottom - ln.top for ln in lines) or 10.0
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    # Line pitch relative to the line's height; the usual one is the tightest common value,
    # since in a report of short paragraphs most pitches are paragraph gaps.
    pitches = sorted((b.top - a.top) / max(a.bottom - a.top, 1.0)
                     for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.top)
    usual = pitches[len(pitches) // 5] if pitches else 1.5
    paragraphs: list[str] = []
    prev: Line | None = None
    for line in lines:
        if prev is None:
            paragraphs.append(line.text)
            prev = line
            continue
        height = line.bottom - line.top
        indented = line.x0 > left + size * 1.5
        centred = indented and abs((line.x0 - left) - (right - line.x1)) < size
        prev_full = prev.x1 >= right - size * 1.5
        if line.page == prev.page:
            pitch = (line.top - prev.top) / max(prev.bottom - prev.top, 1.0)
            close = 0 < pitch <= usual * 1.25
        else:  # across a page break only the text can tell: a finished sentence ends a paragraph
            close = not _SENTENCE_END.search(prev.text)
        same_size = abs(height - (prev.bottom - prev.top)) < size * 0.2
        if prev_full and close and same_size and (not indented or centred):
            paragraphs[-1] = glue(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        prev = line
    return paragraphs


def read_pdf(raw: bytes) -> str:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with bounded_pdf_reading() as budget, pdfplumber.open(io.BytesIO(raw)) as pdf:
            # Counted on pdfminer's lazy page tree before pdfplumber builds a page object for each.
            count = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PDF_PAGES + 1))
            if count > MAX_PDF_PAGES:
                raise ReadError(f"PDF 页数过多（超过 {MAX_PDF_PAGES} 页），可能是恶意构造的文件，未读取；"
                                "如确是一份材料，请拆分后再试")
            pages, heights = [], []
            for n, page in enumerate(pdf.pages):
                budget.new_page()
                pages.append(_page_lines(page, n))
                heights.append(float(page.height))
                page.close()  # its layout is done with: pages are held as lines, not as layouts
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a damaged file; pdfplumber wraps some
        causes = (exc, *exc.args)
        if limit := next((a for a in causes if isinstance(a, PdfLimit)), None):
            raise ReadError(str(limit)) from None
        if any(isinstance(a, PDFPasswordIncorrect) for a in causes):
            raise ReadError("PDF 有密码保护，无法读取；请提供未加密的文件") from None
        raise ReadError("PDF 文件已损坏或不完整，无法读取") from None
    if not pages:
        raise ReadError("PDF 文件没有页面")
    if not any(pages):
        raise ReadError("PDF 是扫描件，没有文字层（需要先做文字识别 OCR，或提供 Word/文字版）")
    drop = _furniture(pages, heights)
    lines = [ln for p, page in enumerate(pages) for i, ln in enumerate(page) if (p, i) not in drop]
    text = "\n".join(_paragraphs(lines))
    if len(_CID.findall(text)) * 6 > max(len(text), 1) / 2:
        raise ReadError("PDF 的文字层无法解码（字体缺少字符映射），请提供 Word/文字版")
    if not text.strip():
        raise ReadError("PDF 是扫描件，没有文字层（需要先做文字识别 OCR，或提供 Word/文字版）")
    return text
