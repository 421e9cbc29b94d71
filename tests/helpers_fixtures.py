"""Builders for submission files in every format the engine reads, made by the tests themselves.

- Word: python-docx, paragraphs (optionally with heading styles) and tables.
- PDF: fpdf2 with an embedded CJK font. The installed Noto CJK fonts (Debian fonts-noto-cjk) have
  CFF outlines, which fpdf2 embeds with a custom encoding that pdfminer cannot map back to text,
  so the builder subsets Noto Sans CJK SC to the characters needed and converts the outlines to
  TrueType (fontTools, cu2qu) — a second or two, cached on disk by character set.
- Text: any encoding.

Tests that need the font call `require_cjk_font()`, which skips with the reason when it is absent.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_SC_INDEX = 2  # Noto Sans CJK SC in the collection (JP, KR, SC, TC, HK)
_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
_FONT_CACHE = Path(tempfile.gettempdir()) / "scorer-test-fonts"


def require_cjk_font() -> Path:
    if not NOTO_CJK.exists():
        pytest.skip(f"需要中文字体 {NOTO_CJK}（Debian 包 fonts-noto-cjk）才能生成 PDF 测试文件")
    return NOTO_CJK


def _sc_index(path: Path) -> int:
    from fontTools.ttLib import TTCollection

    for n, font in enumerate(TTCollection(str(path)).fonts):
        if "SC" in font["name"].getDebugName(4):
            return n
    return NOTO_SC_INDEX


def cjk_truetype(chars: str) -> Path:
    """A TrueType subset of Noto Sans CJK SC covering `chars` and printable ASCII."""
    source = require_cjk_font()
    needed = "".join(sorted(set(chars + _ASCII + "，。；：（）？！、“”《》—…·％")))
    path = _FONT_CACHE / f"noto-sc-{hashlib.sha256(needed.encode()).hexdigest()[:16]}.ttf"
    if path.exists():
        return path
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source), fontNumber=_sc_index(source))
    options = subset.Options()
    options.layout_features, options.hinting, options.notdef_outline = [], False, True
    sub = subset.Subsetter(options)
    sub.populate(text=needed)
    sub.subset(font)
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"], font["glyf"] = newTable("loca"), glyf
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{id(font)}.tmp")
    font.save(str(tmp))
    tmp.replace(path)
    return path


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` the CJK font has no glyph for: a PDF made with it cannot carry them."""
    from fontTools.ttLib import TTFont

    source = require_cjk_font()
    cmap = TTFont(str(source), fontNumber=_sc_index(source), lazy=True).getBestCmap()
    return {ch for ch in set(text) if ord(ch) not in cmap and not ch.isspace()}


def make_pdf(path: Path, paragraphs: list[str], *, title: str | None = None, header: str | None = None,
             page_numbers: bool = True, font_chars: str = "") -> Path:
    """An A4 PDF exported the way Word does: a centred title, wrapped paragraphs, running header
    and page numbers."""
    from fpdf import FPDF

    font = cjk_truetype("".join(paragraphs) + (title or "") + (header or "") + font_chars)

    class Doc(FPDF):
        def header(self):
            if header:
                self.set_font("cjk", size=9)
                self.cell(0, 6, header, align="C")
                self.ln(10)

        def footer(self):
            if page_numbers:
                self.set_y(-15)
                self.set_font("cjk", size=9)
                self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = Doc(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_font("cjk", fname=str(font))
    pdf.add_page()
    if title:
        pdf.set_font("cjk", size=16)
        pdf.multi_cell(0, 10, title, align="C")
        pdf.ln(4)
    pdf.set_font("cjk", size=12)
    for para in paragraphs:
        pdf.multi_cell(0, 7, para, align="L")
        pdf.ln(3)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose page is only a picture, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 560), "white")
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 24):
        draw.rectangle((40, y, 360, y + 10), fill="black")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def make_docx(path: Path, lines: list[str], *, headings: dict[int, int] | None = None,
              table: list[list[str]] | None = None, table_after: int | None = None) -> Path:
    """A Word file with one paragraph per line; `headings` maps line index to heading level."""
    import docx

    document = docx.Document()
    headings = headings or {}
    for n, line in enumerate(lines):
        if n in headings:
            document.add_heading(line, level=headings[n])
        else:
            document.add_paragraph(line)
        if table and table_after == n:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    document.save(str(path))
    return path


def body_of(path: Path) -> str:
    """A submission file's text without its front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return text


# What a government site puts around a report, every kind the engine strips (fictional names).
PAGE_HEADER = [
    "青川市松岚区人民政府 2025年12月3日星期三",
    "今天是：2026年1月5日 星期一 农历冬月十七",
    "无障碍 简体| 繁体",
    "长者模式  English",
    "搜索",
    "首页 > 政务公开 > 法治政府建设年度报告",
    "您当前的位置：首页>>信息公开>>通知公告",
    "当前位置：首页",
    "> 松岚动态 > 政务公告",
    "[ 索引号 ]11510000MB0000000X/2026-00017 [ 发文字号 ] [ 发布机构 ]松岚区人民政府 [ 主题分类 ]其他 [ 成文日期 ]2026-01-20",
    "| 索引号：| 1151-2026-00042 | 分类：| |",
    "| 发文机关：| 松岚区人民政府 | 发文日期：| 2026-01-20 |",
    "| 名称：| |||",
    "| | | |",
]
PAGE_META = [
    "来源：松岚区司法局 作者： 发布时间 2026年01月21日 点击数：",
    "文章来源：区司法局 更新时间：2026/01/21 10:30:01",
    "时间：2026-01-21 15:36 浏览量：17",
    "日期：2026-01-21  字号：[  ] 视力保护色：",
    "2026-01-21 09:12",
    "2026-01-21 青川市人民政府网",
    "【字体：大 中 小】打印 收藏 分享到 |",
    "【字号：打印本页",
    "字体：[] [] []",
    "打印",
    "分享",
]
PAGE_FOOTER = ["【打印】【关闭】", "扫一扫在手机打开当前页", "分享到：微信 微博 QQ空间", "关闭窗口"]


def web_page_copy(title: str, paragraphs: list[str]) -> str:
    """A report as a user copies it from a government web page: the page's title, header rows,
    the title again, the page's 来源/发布时间 rows and tool bars, the report, the page's footer."""
    return "\n".join([*PAGE_HEADER, title, *PAGE_META, title, "", *paragraphs, *PAGE_FOOTER]) + "\n"
