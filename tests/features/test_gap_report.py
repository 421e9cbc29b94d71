"""Steps for gap_report.feature: the reviewer's gap-analysis flow, through the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytest_bdd import given, parsers, scenarios, then, when

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
sys.path.insert(0, str(FIXTURES))
from htmltree import parse  # noqa: E402

from scorer.report.naming import page_names  # noqa: E402
from scorer.results_file import read_results
from tests.features.conftest import report_html as report  # noqa: E402

scenarios("gap_report.feature")


@pytest.fixture
def ctx(tmp_path):
    return {"folder": tmp_path / "in", "out": tmp_path / "out", "xlsx": tmp_path / "book.xlsx"}


@given(parsers.parse('a new submission "{name}" titled "{title}" with text:'))
def _new(ctx, name, title, docstring):
    (ctx["folder"] / name).write_text(f"---\ntitle: {title}\ngroup: county\n---\n{title}\n{docstring}\n", encoding="utf-8")


@when("I score the folder with an Excel workbook")
def _score(ctx):
    ctx["proc"] = subprocess.run(
        [sys.executable, "-m", "scorer.cli", "score", str(ctx["folder"]), "--out", str(ctx["out"]),
         "--indicators", str(ctx["indicators"]), "--xlsx", str(ctx["xlsx"]), "--no-cache", "--quiet"],
        capture_output=True, text=True)
    assert ctx["proc"].returncode in (0, 1), ctx["proc"].stderr
    ctx["results"] = read_results(ctx["out"] / "results.json")


@then("the run writes an index and one report per submission")
def _pages(ctx):
    names = page_names([s["id"] for s in ctx["results"]["submissions"]])
    assert (ctx["out"] / "index.html").exists()
    for name in names.values():
        assert (ctx["out"] / f"{name}.html").exists()


@then("the index ranks every submission overall and within its group")
def _index(ctx):
    doc = parse((ctx["out"] / "index.html").read_text(encoding="utf-8"))
    rows = doc.by_id("ranking-table").find("tbody").find_all("tr")
    subs = ctx["results"]["submissions"]
    assert [(r.attrs["data-id"], r.find_all("td")[0].text) for r in rows] == [(s["id"], str(s["rank"])) for s in subs]
    for r, s in zip(rows, subs):
        assert r.find_all("td")[1].text.startswith(str(s["group_rank"]))


@then("every gap in results.json appears in its submission's report, most points lost first")
def _gaps(ctx):
    for s in ctx["results"]["submissions"]:
        items = parse(report(ctx, s["id"])).find_all("li", cls="gap")
        assert [li.attrs["data-indicator"] for li in items] == [g["indicator"] for g in s["gaps"]]
        lost = [float(li.attrs["data-points-lost"]) for li in items]
        assert lost == sorted(lost, reverse=True)


@then("every gap says what evidence would earn its points, from what the report already says")
def _expects(ctx):
    expects = {i["id"]: i["expects"] for i in ctx["results"]["indicators"]}  # once per run, not per gap
    for s in ctx["results"]["submissions"]:
        items = parse(report(ctx, s["id"])).find_all("li", cls="gap")
        levels = {i["id"]: i["level"] for i in s["indicators"]}
        for li, g in zip(items, s["gaps"], strict=True):
            text = li.find("dd", cls="expects").text
            assert text.endswith(f"需要：{expects[g['indicator']]}")
            assert ("未涉及" in text) == (levels[g["indicator"]] == "none")
            assert ("缺少已完成的具体举措" in text) == (levels[g["indicator"]] == "mention")


@then(parsers.parse('the gap "{indicator}" in the report of "{sid}" quotes an exemplar from "{peer}"'))
def _exemplar(ctx, indicator, sid, peer):
    gap = parse(report(ctx, sid)).by_id(f"gap-{indicator}")
    sources = [q.find("a").attrs["href"].split(".html")[0] for q in gap.find_all("blockquote", cls="exemplar")]
    assert peer in sources


@then("no report takes an exemplar from itself")
def _not_self(ctx):
    for s in ctx["results"]["submissions"]:
        for q in parse(report(ctx, s["id"])).find_all("blockquote", cls="exemplar"):
            assert q.find("a").attrs["href"].split(".html")[0] != s["id"]


@then(parsers.parse('the workbook has the sheets "{a}", "{b}" and "{c}" with a row for every gap'))
def _workbook(ctx, a, b, c):
    wb = load_workbook(ctx["xlsx"])
    assert wb.sheetnames[:3] == [a, b, c]
    gaps = sum(len(s["gaps"]) for s in ctx["results"]["submissions"])
    assert wb[b].max_row == 1 + gaps
    assert wb[a].freeze_panes and wb[b].freeze_panes and wb[c].freeze_panes


@then(parsers.parse('the report of "{sid}" shows "{text}" as text'))
def _as_text(ctx, sid, text):
    html = report(ctx, sid)
    text = text.replace('\\"', '"')
    assert text not in html
    assert text in parse(html).by_id("fulltext-body").text


@then(parsers.parse('the report of "{sid}" has no script or image element of its own making'))
def _no_elements(ctx, sid):
    html = report(ctx, sid)
    # only the run's own scripts (assets/ and its standing/ shard), never one written inline; page data is not run
    shard = re.search(r'<script src="(standing/\d+\.js)">', html).group(1)
    ours = ['<script src="assets/indicators.js">', f'<script src="{shard}">', '<script src="assets/submission.js">']
    assert re.findall(r"<script\b(?! type=\"application/json\")[^>]*>", html) == ours
    assert not re.search(r"<img\b", html)
    doc = parse(html)
    assert not doc.find_all("img") and [s.attrs.get("src") for s in doc.find_all("script") if "type" not in s.attrs] == [
        "assets/indicators.js", shard, "assets/submission.js"]
