"""The Word opinion's form: A4, page-number fields, office fonts with fallbacks, rows kept whole."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from scorer.opinion_docx import BODY_FONT, FONT_FALLBACKS, HEADING_FONT, write_opinions
from scorer.report.naming import page_names

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "report"))
from sample_run import GENERATED, build_run  # noqa: E402


@pytest.fixture(scope="module")
def opinions(tmp_path_factory):
    results, run, rubric = build_run()
    folder = tmp_path_factory.mktemp("docx")
    paths = write_opinions(results, run, rubric, folder, top_gaps=3, generated=GENERATED)
    return results, folder, paths


def test_one_opinion_per_submission_named_like_its_page(opinions):
    results, folder, paths = opinions
    names = page_names([s.id for s in results.submissions])
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{names[s.id]}.docx" for s in results.submissions)
    assert len(paths) == len(results.submissions)


def test_a4_with_page_number_fields_in_the_footer(opinions):
    _, _, paths = opinions
    for path in paths:
        doc = Document(path)
        section = doc.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # stored in twips
        codes = [el.text.strip() for el in section.footer._element.iter(qn("w:instrText"))]
        assert codes == ["PAGE", "NUMPAGES"]


def test_every_table_row_stays_on_one_page_and_headers_repeat(opinions):
    _, _, paths = opinions
    doc = Document(paths[-1])
    assert len(doc.tables) >= 3  # facts, areas, gaps
    for table in doc.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert all(r.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for r in rows)
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None


def test_body_and_headings_use_office_fonts_declared_with_fallbacks(opinions):
    _, _, paths = opinions
    doc = Document(paths[0])
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == BODY_FONT
    title = doc.paragraphs[0].runs[0].element.rPr.find(qn("w:rFonts"))
    assert doc.paragraphs[0].text == "书面评审意见" and title.get(qn("w:eastAsia")) == HEADING_FONT
    table = zipfile.ZipFile(paths[0]).read("word/fontTable.xml").decode("utf-8")
    for name, alt in FONT_FALLBACKS.items():
        assert f'w:name="{name}"' in table and f'w:val="{alt}"' in table


def test_the_audit_line_names_rubric_text_and_engine(opinions):
    results, _, paths = opinions
    text = "\n".join(p.text for p in Document(paths[0]).paragraphs)
    s = results.submissions[0]
    assert results.rubric.version in text and results.rubric.sha256[:16] in text
    assert s.sha256 in text and results.engine_version in text and GENERATED in text


def test_a_failed_write_leaves_the_earlier_opinions_as_they_were(tmp_path, monkeypatch):
    results, run, rubric = build_run()
    import scorer.opinion_docx as od

    folder = tmp_path / "意见"
    od.write_opinion_folder(results, run, rubric, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    calls = []

    def boom(views, s, generated):
        calls.append(s.id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return Document()

    monkeypatch.setattr(od, "build_opinion", boom)
    with pytest.raises(RuntimeError):
        od.write_opinion_folder(results, run, rubric, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_each_highlight_is_quoted_once_in_its_own_section(opinions):
    results, _, paths = opinions
    from scorer.report.assessment import Assessor

    _, run, rubric = build_run()
    assessor = Assessor(results, rubric, run.evidence)
    names = page_names([s.id for s in results.submissions])
    checked = 0
    for s in results.submissions:
        text = "\n".join(p.text for p in Document(paths[0].parent / f"{names[s.id]}.docx").paragraphs)
        assert "二、总体评价" in text and "四、亮点" in text
        for h in assessor.assess(s).highlights:
            assert text.count(h.quote) == 1 and text.index(h.quote) > text.index("四、亮点")
            checked += 1
    assert checked


def test_opinions_inside_the_run_folder_are_written_and_replaced_with_it(tmp_path):
    from sample_run import INDICATORS, SUBMISSIONS

    from scorer.cli import main

    out = tmp_path / "评估结果"
    args = ["score", str(SUBMISSIONS), "--out", str(out), "--indicators", str(INDICATORS), "--no-cache", "--quiet"]
    for _ in range(2):  # the second run replaces the first run's opinions
        assert main([*args, "--docx", str(out / "书面意见")]) in (0, 1)
        assert sorted(p.suffix for p in (out / "书面意见").iterdir()) == [".docx"] * 4
    (out / "手工").mkdir()
    assert main([*args, "--docx", str(out / "手工")]) == 2  # a folder the reviewer made is not ours
    assert list((out / "手工").iterdir()) == []
