"""Word and PDF files, made here with python-docx and fpdf2, read as the reviewer sees them."""

from __future__ import annotations

import io
import zipfile

import pytest

from scorer.ingest import read_path
from scorer.ingest.errors import ReadError
from scorer.ingest.word import format_number
from tests.helpers_fixtures import make_docx, make_pdf, make_scanned_pdf

TITLE = "青川市2025年法治政府建设年度报告"
PARAGRAPHS = [
    "一、行政复议",
    "全年办结行政复议案件326件，纠错率12.4%。市政府成立行政复议委员会，聘请专家委员12名，"
    "全面推行行政复议决定书网上公开，公开率达到100%，行政复议化解行政争议主渠道作用进一步发挥。",
    "二、行政执法",
    "我市建成行政执法公示平台，公开执法信息5600条。全面落实行政执法“三项制度”，组织开展执法案卷评查，"
    "评查案卷1200卷，发现问题78个，全部督促整改到位；开展行政执法人员培训12期，培训1500人次。",
    "三、存在的问题",
    "一是部分单位对法治政府建设重视不够；二是基层执法力量仍显薄弱。",
]
EXPECTED = "\n".join([TITLE, *PARAGRAPHS]) + "\n"


def reference(tmp_path):
    path = tmp_path / "ref.txt"
    path.write_text(EXPECTED, encoding="utf-8")
    return read_path(path)


# --- Word ---------------------------------------------------------------------------------


def test_docx_paragraphs_and_headings_in_order(tmp_path):
    path = make_docx(tmp_path / "r.docx", [TITLE, *PARAGRAPHS], headings={0: 0, 1: 1, 3: 1, 5: 1})
    sub = read_path(path)
    assert sub.text == EXPECTED and sub.source_format == "docx"
    assert sub.title == TITLE and sub.group == "city" and sub.region == "青川市"


def test_docx_tables_come_where_they_stand_row_by_row(tmp_path):
    table = [["指标", "2024年", "2025年"], ["行政复议案件", "298件", "326件"]]
    path = make_docx(tmp_path / "t.docx", [TITLE, "一、主要数据", "全年情况见下表。", "二、下一步打算"],
                     table=table, table_after=2)
    lines = read_path(path).text.splitlines()
    assert lines[3:6] == ["指标 | 2024年 | 2025年", "行政复议案件 | 298件 | 326件", "二、下一步打算"]


def test_docx_automatic_numbering_keeps_its_labels(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("行政复议", style="List Number")
    document.add_paragraph("行政执法", style="List Number")
    document.add_paragraph("一个要点", style="List Bullet")
    document.save(str(tmp_path / "n.docx"))
    assert read_path(tmp_path / "n.docx").text.splitlines()[1:] == ["1.行政复议", "2.行政执法", "一个要点"]


@pytest.mark.parametrize("n, fmt, want", [(1, "chineseCounting", "一"), (12, "chineseCounting", "十二"),
                                          (20, "chineseCountingThousand", "二十"), (3, "decimalEnclosedCircle", "③"),
                                          (4, "upperRoman", "IV"), (2, "lowerLetter", "b"), (7, "decimal", "7")])
def test_numbering_formats(n, fmt, want):
    assert format_number(n, fmt) == want


def test_docx_tracked_deletions_are_left_out_and_insertions_kept(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.insert(0, parse_xml(
        f'<w:p {w}><w:r><w:t>全年办结案件</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>300</w:delText>'
        f'</w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>326</w:t></w:r></w:ins><w:r><w:t>件。</w:t></w:r></w:p>'))
    document.save(str(tmp_path / "rev.docx"))
    assert read_path(tmp_path / "rev.docx").text == "全年办结案件326件。\n"


# --- PDF ----------------------------------------------------------------------------------


def test_pdf_reads_like_the_text_without_headers_footers_or_page_numbers(tmp_path):
    long = PARAGRAPHS * 8  # several pages, paragraphs running over page breaks
    path = make_pdf(tmp_path / "r.pdf", long, title=TITLE, header="青川市人民政府文件")
    sub = read_path(path)
    assert sub.source_format == "pdf"
    assert sub.text == "\n".join([TITLE, *long]) + "\n"
    assert "青川市人民政府文件" not in sub.text and "- 2 -" not in sub.text


def test_a_one_page_pdf_without_furniture(tmp_path):
    path = make_pdf(tmp_path / "r.pdf", PARAGRAPHS, title=TITLE, page_numbers=False)
    assert read_path(path).text == reference(tmp_path).text


def test_a_scanned_pdf_is_a_clear_failure(tmp_path):
    with pytest.raises(ReadError, match="扫描件，没有文字层"):
        read_path(make_scanned_pdf(tmp_path / "scan.pdf"))


def test_a_pdf_named_txt_is_read_as_a_pdf(tmp_path):
    path = make_pdf(tmp_path / "r.pdf", PARAGRAPHS, title=TITLE)
    renamed = path.rename(tmp_path / "r.txt")
    assert read_path(renamed).source_format == "pdf"


# --- the same report in every format --------------------------------------------------------


def test_the_same_report_in_every_format_is_the_same_submission(tmp_path):
    lines = [TITLE, *PARAGRAPHS]
    files = {
        "txt": tmp_path / "a.txt", "gb18030": tmp_path / "b.txt", "utf16": tmp_path / "c.txt",
        "md": tmp_path / "d.md",
        "docx": make_docx(tmp_path / "e.docx", lines, headings={0: 0}),
        "pdf": make_pdf(tmp_path / "f.pdf", PARAGRAPHS, title=TITLE, header="青川市人民政府"),
    }
    files["txt"].write_text("\n\n".join(lines), encoding="utf-8")
    files["gb18030"].write_bytes("\r\n".join(lines).encode("gb18030"))
    files["utf16"].write_bytes("\n".join(lines).encode("utf-16"))
    files["md"].write_text(f"# {TITLE}\n\n## " + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    subs = {k: read_path(p) for k, p in files.items()}
    assert {s.text for s in subs.values()} == {EXPECTED}
    assert len({(s.title, s.group, s.region, s.sha256) for s in subs.values()}) == 1


# --- broken files ---------------------------------------------------------------------------


def _docx_bytes(tmp_path) -> bytes:
    return make_docx(tmp_path / "ok.docx", [TITLE, *PARAGRAPHS]).read_bytes()


@pytest.mark.parametrize("name, make, reason", [
    ("truncated.docx", lambda tp: _docx_bytes(tp)[:2000], "Word 文档"),
    ("garbage.docx", lambda tp: b"PK\x03\x04" + b"\x00garbage" * 100, "Word 文档"),
    ("not-really.docx", lambda tp: "这只是一段文字".encode(), "不是 Word 文档"),
    ("old.docx", lambda tp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Word"),
    ("truncated.pdf", lambda tp: make_pdf(tp / "p.pdf", PARAGRAPHS).read_bytes()[:900], "PDF"),
    ("not-really.pdf", lambda tp: "这只是一段文字".encode(), "不是 PDF"),
    ("picture.txt", lambda tp: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG 图片"),
])
def test_broken_files_fail_with_a_plain_reason(tmp_path, name, make, reason):
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with pytest.raises(ReadError, match=reason):
        read_path(path)


def test_a_password_protected_pdf_says_so(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 7, "report")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(ReadError, match="密码"):
        read_path(tmp_path / "locked.pdf")


def test_an_excel_file_named_docx_says_what_it_is(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    (tmp_path / "table.docx").write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="Excel"):
        read_path(tmp_path / "table.docx")


def test_a_docx_without_text(tmp_path):
    make_docx(tmp_path / "empty.docx", [])
    with pytest.raises(ReadError, match="没有文字"):
        read_path(tmp_path / "empty.docx")
