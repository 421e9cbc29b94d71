"""书面评审意见 (`--docx DIR`): one Word document per submission, for offices to circulate and sign.

Heading, basic facts, 等次, 总体评价, the score table by area with the peer group's median, 亮点,
整改建议 (the leading gaps, each with what earns the points and one peer exemplar), expert
reviews applied, and an audit line. A4 with the margins of official documents (GB/T 9704), page
numbers as Word fields, 仿宋 body and 黑体 headings (declared with GB2312 charset and Latin alternate
names so that Word, WPS and LibreOffice substitute a Chinese face when those are missing), and
table rows that never split across pages. The words all come from the same view models as the HTML
page, so the page and the document cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from .outputs import write_atomically
from .report.assessment import HIGHLIGHT_PARAGRAPH, points_lost_by
from .report.clock import generated_at
from .report.naming import page_names
from .report.view import TOP_GAPS, SubmissionViews
from .results import Results, SubmissionResult
from .rubric import Rubric

BODY_FONT, HEADING_FONT, LATIN_FONT = "仿宋", "黑体", "Times New Roman"
# Alternate (Latin) names and the GB2312 charset let a reader without the face pick a Chinese one.
FONT_FALLBACKS = {BODY_FONT: "FangSong", HEADING_FONT: "SimHei"}
BODY_PT, TABLE_PT, TITLE_PT, HEADING_PT = 14, 10.5, 20, 15


# --- low-level Word pieces -----------------------------------------------------------------


def _fonts(run_or_style, east_asia: str) -> None:
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT), ("w:eastAsia", east_asia)):
        fonts.set(qn(attr), value)


def _declare_fonts(doc) -> None:
    """Add 仿宋 and 黑体 to the font table with their Latin names and the GB2312 charset."""
    part = next((p for p in doc.part.package.parts if str(p.partname).endswith("/fontTable.xml")), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)  # python-docx keeps this part as plain bytes
    for name, alt in FONT_FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern"), ("w:pitch", "fixed")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            font.append(el)
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES), one run per part as Word writes it: Word fills in the number
    when it lays out the page (the "1" is only what shows before it does)."""
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "text":
            run.text = text
        elif kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def _page_numbers(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("第 ")
    _field(p, "PAGE")
    p.add_run(" 页，共 ")
    _field(p, "NUMPAGES")
    p.add_run(" 页")
    for run in p.runs:
        _fonts(run, BODY_FONT)
        run.font.size = Pt(10.5)


def _no_split(row, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page


def _para(doc, text: str, *, font: str = BODY_FONT, size: float = BODY_PT, bold: bool = False,
          align=None, indent: bool = True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(4)
    run = p.add_run(text)
    _fonts(run, font)
    run.font.size, run.font.bold = Pt(size), bold
    return p


def _heading(doc, text: str) -> None:
    p = _para(doc, text, font=HEADING_FONT, size=HEADING_PT, indent=False)
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.keep_with_next = True


def _table(doc, headers: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cells, bold, header in ((headers, True, True), *((r, False, False) for r in rows)):
        row = table.rows[0] if header else table.add_row()
        _no_split(row, header)
        for cell, text, width in zip(row.cells, cells, widths_mm):
            cell.width = Mm(width)
            run = cell.paragraphs[0].add_run(text)
            _fonts(run, HEADING_FONT if bold else BODY_FONT)
            run.font.size, run.font.bold = Pt(TABLE_PT), False


# --- the opinion -----------------------------------------------------------------------------


def build_opinion(views: SubmissionViews, s: SubmissionResult, generated: str):
    """The Word document for one submission (a python-docx Document)."""
    rubric, results = views.rubric, views.results
    all_gaps = views.gaps(s)
    assessment = views.assessor.assess(s, points_lost_by(all_gaps))  # (the gaps' losses summed once)
    gaps = all_gaps[: views.top_gaps]
    sub = views.subs.get(s.id)
    group = rubric.group_names().get(s.group, s.group)

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _fonts(doc.styles["Normal"], BODY_FONT)
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    _declare_fonts(doc)
    _page_numbers(section)

    _para(doc, "书面评审意见", font=HEADING_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, s.title, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    _heading(doc, "一、基本情况")
    top = sum(a.max for a in s.areas.values()) or 100.0
    facts = [["材料", s.title], ["编号", s.id], ["地区", s.region or "未知"], ["组别", group],
             ["年度", str(s.year) if s.year else "未注明"]]
    if sub is not None and sub.date:
        facts.append(["日期", sub.date])
    facts.append(["书面评审总分", f"{s.total:.2f} / {top:g}"])
    if s.composite is not None:
        facts.append(["综合分", f"{s.composite:.2f}"])
    facts += [["名次", f"全部 {len(results.submissions)} 份中第 {s.rank} 名；{group}组内第 {s.group_rank} 名"],
              ["等次", f"{assessment.band}（{assessment.band_meaning}）" if assessment.band_meaning else assessment.band or "—"]]
    _table(doc, ["项目", "内容"], facts, [36, 120])

    _heading(doc, "二、总体评价")
    for k, text in enumerate(assessment.paragraphs):
        if k != HIGHLIGHT_PARAGRAPH:  # the 亮点 have a section of their own below
            _para(doc, text)

    _heading(doc, "三、各领域得分")
    _para(doc, f"同组中位数取自{assessment.reference}的得分率。", size=TABLE_PT, indent=False)
    _table(doc, ["领域", "得分", "满分", "得分率", "同组中位数"],
           [[f"{a.code} {a.name}", f"{a.score:.2f}", f"{a.max:.2f}", "—" if a.pct is None else f"{a.pct:.0f}%",
             "—" if a.median_pct is None else f"{a.median_pct:.0f}%"] for a in assessment.areas],
           [70, 20, 20, 20, 26])

    _heading(doc, "四、亮点")
    if assessment.highlights:
        for h in assessment.highlights:
            _para(doc, f"{h.indicator} {h.name}：“{h.quote}”")
    else:
        _para(doc, "材料中未发现已完成的具体举措或量化成效。")

    _heading(doc, f"五、整改建议（失分最多的 {len(gaps)} 项）")
    if gaps:
        rows = []
        for k, g in enumerate(gaps, 1):
            peer = g.exemplars[0] if g.exemplars else None
            example = f"{''.join(pc.text for pc in peer.pieces)}（{peer.title}）" if peer else "本批暂无可供参照的表述"
            rows.append([str(k), f"{g.indicator} {g.name}", g.level_name, f"{g.points_lost:.2f}", g.needed, example])
        _table(doc, ["序号", "指标", "当前等级", "失分", "需要的证据", "同批范例"], rows, [10, 28, 16, 14, 44, 44])
        if len(s.gaps) > len(gaps):
            _para(doc, f"其余 {len(s.gaps) - len(gaps)} 项未得满分的指标见评估报告网页版的整改清单。", size=TABLE_PT)
    else:
        _para(doc, "各项指标均已得满分。")

    reviewed = [i for i in s.indicators if i.review is not None]
    _heading(doc, "六、专家复核")
    if reviewed:
        lv = views.lv_names
        _table(doc, ["指标", "引擎判定", "专家认定", "理由", "评审人"],
               [[f"{i.id} {views.ind_names.get(i.id, '')}", lv.get(i.machine_level or "", i.machine_level or "—"),
                 lv.get(i.review.level, i.review.level), i.review.reason,
                 i.review.reviewer + (f"（{i.review.date}）" if i.review.date else "")] for i in reviewed],
               [36, 20, 20, 56, 24])
    else:
        _para(doc, "本次评分未采用改变等级的专家复核意见，各指标等级均为评分工具的判定。")

    a = results.rubric
    audit = (f"审计信息：评分方案 {rubric.spec.name}，规则版本 {a.version}（sha256 {a.sha256[:16]}…），"
             f"权重配置 {a.profile}；正文 sha256 {s.sha256 or '—'}；引擎 fazhi-scorer {results.engine_version}；"
             f"生成于 {generated}。本意见由评分工具根据材料自动生成，经评审组审核后有效。")
    p = _para(doc, audit, size=9, indent=False)
    p.paragraph_format.space_before = Pt(12)
    for run in p.runs:
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    return doc


def write_opinions(results: Results, run, rubric: Rubric, folder: Path, *, top_gaps: int = TOP_GAPS,
                   generated: str | None = None) -> list[Path]:
    """`<id>.docx` for every submission, into `folder`: a staging folder of
    outputs.write_atomically, which makes the set whole or nothing (see write_opinion_folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    generated = generated or generated_at()
    names = page_names([s.id for s in results.submissions])
    views = SubmissionViews(results, run, rubric, names, generated, top_gaps)
    out = []
    for s in results.submissions:
        path = folder / f"{names[s.id]}.docx"
        build_opinion(views, s, generated).save(path)
        out.append(path)
    return out


def write_opinion_folder(results: Results, run, rubric: Rubric, folder: Path, *, top_gaps: int = TOP_GAPS) -> None:
    """The opinions in a folder of their own, kept like a run folder: only a new, empty or earlier
    opinions folder is written, all documents or none, and only files this program wrote are replaced."""
    write_atomically(Path(folder), lambda stage: write_opinions(results, run, rubric, stage, top_gaps=top_gaps))
