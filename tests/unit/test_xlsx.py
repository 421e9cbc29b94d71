"""The Excel workbook: sheets, Chinese headers, frozen header rows, widths, text kept as text."""

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "report"))
from sample_run import INDICATORS, SUBMISSIONS, build_run  # noqa: E402

from scorer.xlsx import build_workbook, write_xlsx  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    return build_run()


@pytest.fixture(scope="module")
def workbook(sample, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "out" / "评分.xlsx"
    write_xlsx(*sample, path, generated="2024-01-01 08:00（北京时间）")
    return load_workbook(path)


def headers(ws):
    return [c.value for c in ws[1]]


def test_sheets_and_chinese_headers(workbook):
    assert workbook.sheetnames[:3] == ["得分", "差距", "证据"]
    assert headers(workbook["得分"])[:9] == ["名次", "组内名次", "编号", "材料", "地区", "组别", "年度", "总分", "等次"]
    assert headers(workbook["差距"])[:4] == ["编号", "材料", "名次", "指标"]
    assert "需要的证据" in headers(workbook["差距"]) and "同批范例" in headers(workbook["差距"])
    assert {"引文", "命中关键词", "所在标题", "段落"} <= set(headers(workbook["证据"]))


def test_header_rows_frozen_and_filtered(workbook):
    for ws in workbook.worksheets:
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("2"), ws.title
        assert ws["A1"].font.bold
    assert workbook["得分"].auto_filter.ref.startswith("A1:")


def test_column_widths_fit_content_within_bounds(workbook):
    ws = workbook["差距"]
    widths = {headers(ws)[i]: ws.column_dimensions[chr(65 + i)].width for i in range(len(headers(ws)))}
    assert 6 <= widths["名次"] <= 10
    assert widths["需要的证据"] >= 30 and widths["需要的证据"] <= 48
    assert ws.cell(row=2, column=headers(ws).index("需要的证据") + 1).alignment.wrap_text


def test_rows_match_the_results(sample, workbook):
    results, run, _ = sample
    scores = list(workbook["得分"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[7]) for r in scores] == [(s.rank, s.id, s.total) for s in results.submissions]
    gaps = list(workbook["差距"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[10]) for r in gaps] == [(s.id, g.indicator, g.points_lost)
                                                   for s in results.submissions for g in s.gaps]
    ev = list(workbook["证据"].iter_rows(min_row=2, values_only=True))
    assert len(ev) == sum(len(i.passages) for e in run.evidence for i in e.indicators)
    info = dict(workbook["说明"].iter_rows(min_row=2, max_col=2, values_only=True))
    assert info["规则 sha256"] == results.rubric.sha256 and info["权重配置"] == results.rubric.profile


def test_text_that_looks_like_a_formula_stays_text(sample, tmp_path):
    results, run, rubric = sample
    s = results.submissions[0]
    evil = results.model_copy(update={"submissions": [s.model_copy(update={"title": "=HYPERLINK(\"http://x\")\x07"})]
                                      + results.submissions[1:]})
    path = tmp_path / "x.xlsx"
    write_xlsx(evil, run, rubric, path)
    ws = load_workbook(path)["得分"]
    assert ws["D2"].data_type == "s" and ws["D2"].value == "=HYPERLINK(\"http://x\")"


def test_build_workbook_needs_no_file(sample):
    assert build_workbook(*sample).sheetnames == ["得分", "差距", "证据", "自述问题", "说明"]


def test_score_command_writes_the_workbook(tmp_path):
    out, book = tmp_path / "out", tmp_path / "books" / "run.xlsx"
    proc = subprocess.run([sys.executable, "-m", "scorer.cli", "score", str(SUBMISSIONS), "--indicators", str(INDICATORS),
                           "--out", str(out), "--xlsx", str(book), "--no-cache", "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr  # notes.xls cannot be read; the rest is scored
    assert (out / "index.html").exists()
    wb = load_workbook(book)
    assert wb.sheetnames[:3] == ["得分", "差距", "证据"]
    assert wb["得分"].max_row == 1 + 4


def test_one_submissions_gap_list_prints_by_filtering_its_id(sample, workbook):
    results, _, _ = sample
    ws = workbook["差距"]
    assert ws.auto_filter.ref.startswith("A1:") and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    scores = {r[2]: r[8] for r in workbook["得分"].iter_rows(min_row=2, values_only=True)}
    assert scores == {s.id: s.band for s in results.submissions}
    # 需要的证据 says what this submission must add, from what it said: never the rubric's words alone.
    col = headers(ws).index("需要的证据")
    expects = results.expects()
    for row in ws.iter_rows(min_row=2, values_only=True):
        assert row[col].endswith(f"需要：{expects[row[3]]}") and row[col] != expects[row[3]]
