"""Steps for written_opinion.feature: band, 总体评价, leading gaps and the Word opinion, through the CLI."""

from __future__ import annotations

import sys

import pytest
from docx import Document
from pytest_bdd import given, parsers, scenarios, then, when

from scorer.report.naming import page_names
from scorer.rubric import DEFAULT_RUBRIC_DIR, load_rubric
from scorer.results_file import read_results
from tests.features.conftest import REPORT_FIXTURES, report_html, run_cli

sys.path.insert(0, str(REPORT_FIXTURES))
from htmltree import parse  # noqa: E402

scenarios("written_opinion.feature")


@pytest.fixture
def ctx(tmp_path):
    return {"folder": tmp_path / "in", "out": tmp_path / "out", "docx": tmp_path / "意见"}


def _report(ctx, sid):
    return parse(report_html(ctx, sid))


@given(parsers.parse('a folder for Word opinions that already holds "{name}"'))
def _docx_folder(ctx, name):
    ctx["docx"].mkdir()
    Document().save(ctx["docx"] / name)
    ctx["kept"] = (name, (ctx["docx"] / name).read_bytes())


def _score(ctx, *extra):
    ctx["proc"] = run_cli("score", ctx["folder"], "--out", ctx["out"], "--indicators", ctx["indicators"],
                          "--no-cache", "--quiet", *extra)
    assert ctx["proc"].returncode in (0, 1), ctx["proc"].stderr  # 1: the fixture's notes.xls is unreadable
    ctx["results"] = read_results(ctx["out"] / "results.json")


@when(parsers.parse("I score the folder keeping the top {n:d} gaps and writing Word opinions"))
def _score_top(ctx, n):
    ctx["top"] = n
    _score(ctx, "--top-gaps", n, "--docx", ctx["docx"])


@when(parsers.parse('I score the folder with the profile "{profile}" and no component scores'))
def _score_profile(ctx, profile):
    _score(ctx, "--profile", profile)


@then("every submission in results.json has a band named in the rubric")
def _bands(ctx):
    names = [b.name for b in load_rubric(DEFAULT_RUBRIC_DIR, ctx["indicators"]).spec.bands]
    assert all(s["band"] in names for s in ctx["results"]["submissions"])
    assert len({s["band"] for s in ctx["results"]["submissions"]}) > 1  # the fixtures differ in quality


@then("every report opens with a 总体评价 stating its band, total and group rank")
def _assessment(ctx):
    for s in ctx["results"]["submissions"]:
        doc = _report(ctx, s["id"])
        main = doc.find("main")
        first = main.find_all("section")[0]
        assert first.attrs["id"] == "assessment"
        assert doc.by_id("band").text == s["band"]
        text = first.find(cls="verdict").text
        assert f"总分 {s['total']:.2f} 分" in text and f"居第 {s['group_rank']} 位" in text


@then(parsers.parse("every report shows its {n:d} costliest gaps in full, each with at most one peer exemplar, "
                    "and folds the rest"))
def _top_gaps(ctx, n):
    for s in ctx["results"]["submissions"]:
        doc = _report(ctx, s["id"])
        cards = doc.find_all("li", cls="gap")
        assert [li.attrs["data-indicator"] for li in cards] == [g["indicator"] for g in s["gaps"][:n]]
        assert all(len(li.find_all("blockquote", cls="exemplar")) <= 1 for li in cards)
        folded = doc.by_id("more-gaps")
        rest = [g["indicator"] for g in s["gaps"][n:]]
        if rest:
            assert folded.tag == "details" and "open" not in folded.attrs
            assert [r.attrs["data-indicator"] for r in folded.find_all("tr", cls="gap-row")] == rest
        else:
            assert folded is None


@then(parsers.parse("every Word opinion reopens and holds the score table, the band, the 总体评价 and the "
                    "{n:d} costliest gaps"))
def _docx(ctx, n):
    names = page_names([s["id"] for s in ctx["results"]["submissions"]])
    for s in ctx["results"]["submissions"]:
        doc = Document(ctx["docx"] / f"{names[s['id']]}.docx")
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
        assert "书面评审意见" in text and "总体评价" in text and f"总分 {s['total']:.2f} 分" in text
        assert any(row[0] == "等次" and row[1].startswith(s["band"]) for row in cells)
        areas = next(t for t in doc.tables if t.rows[0].cells[-1].text == "同组中位数")
        shown = {row.cells[0].text.split()[0]: row.cells[1].text for row in areas.rows[1:]}
        assert shown == {a: f"{v['score']:.2f}" for a, v in s["areas"].items()}
        if not s["gaps"]:
            assert "各项指标均已得满分" in text
            continue
        gaps = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号")
        assert [row.cells[1].text.split()[0] for row in gaps.rows[1:]] == [g["indicator"] for g in s["gaps"][:n]]


@when("I try to score the folder writing Word opinions there")
def _score_refused(ctx):
    ctx["proc"] = run_cli("score", ctx["folder"], "--out", ctx["out"], "--indicators", ctx["indicators"],
                          "--no-cache", "--quiet", "--docx", ctx["docx"])


@then("the error names the Word folder and says it holds files this tool did not write")
def _refused(ctx):
    assert str(ctx["docx"]) in ctx["proc"].stderr and "不是本工具写入的文件" in ctx["proc"].stderr


@then(parsers.parse('the Word folder holds only "{name}", unchanged'))
def _kept(ctx, name):
    assert [p.name for p in ctx["docx"].iterdir()] == [name]
    assert (ctx["docx"] / name).read_bytes() == ctx["kept"][1]


@then("no output folder is written")
def _no_out(ctx):
    assert not ctx["out"].exists()


@then("the run warns that it ranks on the written-review total")
def _warns(ctx):
    assert "没有提供 --components" in ctx["proc"].stderr and "按书面评审总分排名" in ctx["proc"].stderr


@then("no submission in results.json has a composite")
def _no_composite(ctx):
    assert all("composite" not in s for s in ctx["results"]["submissions"])
