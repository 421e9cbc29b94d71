"""Steps for review_levels.feature: an expert's review through the CLI, on the weights kit's rubric."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
sys.path.insert(0, str(FIXTURES))
from htmltree import parse  # noqa: E402
from page_data import review_rows  # noqa: E402

from tests.features.conftest import kit_cli as cli, kit_results as results  # noqa: E402

scenarios("review_levels.feature")

LEVELS = ("none", "mention", "substantive", "quantified")


@pytest.fixture
def ctx(tmp_path):
    return {"root": tmp_path, "subs": tmp_path / "subs", "out": tmp_path / "out", "reviews": tmp_path / "reviews"}


def page(ctx, name: str) -> str:
    return (ctx["out"] / name).read_text(encoding="utf-8")


def indicator(ctx, sid: str, ind: str) -> dict:
    sub = next(s for s in results(ctx)["submissions"] if s["id"] == sid)
    return next(i for i in sub["indicators"] if i["id"] == ind)


@given(parsers.parse('the review file "{name}":'))
def _review_file(ctx, name, docstring):
    ctx["reviews"].mkdir(exist_ok=True)
    (ctx["reviews"] / name).write_text(docstring + "\n", encoding="utf-8")


@given(parsers.parse('the review file "{name}" for "{sid}" "{ind}" at "{level}" written for another text'))
def _stale_file(ctx, name, sid, ind, level):
    ctx["reviews"].mkdir(exist_ok=True)
    (ctx["reviews"] / name).write_text(
        f"reviews:\n  - submission: {sid}\n    indicator: {ind}\n    level: {level}\n    reason: 初稿中写明了案件数\n"
        f"    reviewer: 评审组一\n    text_sha256: {'ab' * 32}\n", encoding="utf-8")


@when(parsers.parse('I score them with the reviews in "{name}"'))
def _score_reviewed(ctx, name):
    ctx["proc"] = cli(ctx, "score", ctx["subs"], "--out", ctx["out"], "--quiet", "--reviews", ctx["reviews"] / name)
    ctx["reviewed_results"] = page(ctx, "results.json")


@when(parsers.parse('I score them with the reviews in "{name}" expecting a failure'))
def _score_failing(ctx, name):
    ctx["proc"] = cli(ctx, "score", ctx["subs"], "--out", ctx["out"], "--quiet", "--reviews", ctx["reviews"] / name,
                      expect=None)


@when(parsers.parse('I rescore the run with the reviews in "{name}"'))
def _rescore_reviewed(ctx, name):
    ctx["proc"] = cli(ctx, "rescore", ctx["out"], "--reviews", ctx["reviews"] / name)


@when("the output folder is removed")
def _remove_out(ctx):
    shutil.rmtree(ctx["out"])


@then(parsers.parse('in results.json "{sid}" "{ind}" is "{level}", the engine\'s "{machine}", reviewed by "{who}" on "{date}"'))
def _recorded_dated(ctx, sid, ind, level, machine, who, date):
    item = indicator(ctx, sid, ind)
    assert (item["level"], item["machine_level"], item["review"]["reviewer"], item["review"]["date"]) == (
        level, machine, who, date)
    assert item["review"]["level"] == level and item["review"]["reason"]


@then(parsers.parse('in results.json "{sid}" "{ind}" is "{level}", the engine\'s "{machine}", reviewed by "{who}"'))
def _recorded(ctx, sid, ind, level, machine, who):
    item = indicator(ctx, sid, ind)
    assert (item["level"], item["machine_level"], item["review"]["reviewer"]) == (level, machine, who)
    assert "date" not in item["review"]  # none was given; none is invented


@then(parsers.parse('the report of "{sid}" shows "{ind}" as "{level}" with the engine\'s "{machine}" struck through, '
                    'the reason and "{who}"'))
def _page_shows(ctx, sid, ind, level, machine, who):
    block = parse(page(ctx, f"{sid}.html")).by_id(f"ind-{ind}")
    head = block.find("div", cls="ind-head")
    assert head.find("s", cls="machine").text == machine
    assert head.find("span", cls=indicator(ctx, sid, ind)["level"]).text == level
    note = block.find("p", cls="review-note").text
    assert indicator(ctx, sid, ind)["review"]["reason"] in note and who in note
    # The page's review controls start from the reviewed level and remember the engine's.
    row = next(r for r in review_rows(ctx["out"], page(ctx, f"{sid}.html")) if r["id"] == ind)
    assert (row["level"], row["machine"]) == (indicator(ctx, sid, ind)["level"], indicator(ctx, sid, ind)["machine_level"])


@then(parsers.parse('the index counts {a:d} reviewed indicator for "{sid_a}", {b:d} for "{sid_b}" and {total:d} in all'))
def _index_counts(ctx, a, sid_a, b, sid_b, total):
    doc = parse(page(ctx, "index.html"))
    assert doc.by_id("reviewed-stat").find("b").text == str(total)
    rows = {r.attrs["data-id"]: r for r in doc.by_id("ranking-table").find("tbody").find_all("tr")}
    for sid, n in ((sid_a, a), (sid_b, b)):
        assert rows[sid].find("span", cls="reviewed").text == f"复核 {n} 项"
    unreviewed = set(rows) - {sid_a, sid_b}
    assert unreviewed and all(rows[s].find("span", cls="reviewed") is None for s in unreviewed)


@then("every table and page of the run shows the reviewed levels")
def _everywhere(ctx):
    # One place to extend when another output shows levels (the Word opinion, for one).
    data = results(ctx)
    reviewed = {(s["id"], i["id"]): i["level"] for s in data["submissions"] for i in s["indicators"] if "review" in i}
    assert reviewed
    with (ctx["out"] / "gaps.csv").open(encoding="utf-8-sig") as f:
        gap_levels = {(r["id"], r["indicator"]): r["level"] for r in csv.DictReader(f)}
    with (ctx["out"] / "scores.csv").open(encoding="utf-8-sig") as f:
        catalogue = {r["id"]: r for r in csv.DictReader(f)}
    weights_data = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>',
                                        page(ctx, "weights.html"), re.S).group(1))
    order = [i["id"] for i in weights_data["indicators"]]
    shown = {s["id"]: s["levels"] for s in weights_data["submissions"]}
    for (sid, ind), level in reviewed.items():
        if level != "quantified":
            assert gap_levels[(sid, ind)] == level
        else:
            assert (sid, ind) not in gap_levels  # full marks: no longer a gap
        assert int(catalogue[sid][f"level_{ind.split('.')[0]}"]) == min(LEVELS.index(level), 2)
        assert shown[sid][order.index(ind)] == str(LEVELS.index(level))


def _opinion(ctx, sid: str):
    from docx import Document

    folder = ctx["root"] / "意见"
    if not folder.exists():  # a rescore without --reviews keeps the reviews the run applied
        cli(ctx, "rescore", ctx["out"], "--docx", folder)
    return Document(folder / f"{sid}.docx")


@then(parsers.parse('the Word opinion of "{sid}" lists "{ind}" at "{level}" with the engine\'s "{machine}", '
                    'the reason and "{who}"'))
def _opinion_lists(ctx, sid, ind, level, machine, who):
    item = indicator(ctx, sid, ind)
    table = next(t for t in _opinion(ctx, sid).tables if t.rows[0].cells[1].text == "引擎判定")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [(r[0].split()[0], r[1], r[2], r[3], r[4].split("（")[0]) for r in rows] == [
        (ind, machine, level, item["review"]["reason"], who)]


@then(parsers.parse('the Word opinion of "{sid}" states the reviewed total and the band'))
def _opinion_total(ctx, sid):
    sub = next(s for s in results(ctx)["submissions"] if s["id"] == sid)
    doc = _opinion(ctx, sid)
    facts = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert facts["书面评审总分"].startswith(f"{sub['total']:.2f}") and facts["等次"].startswith(sub.get("band") or "—")  # the kit rubric has no bands
    assert f"第 {sub['rank']} 名" in facts["名次"]


@then("results.json is the same as after scoring with the reviews")
def _same(ctx):
    assert page(ctx, "results.json") == ctx["reviewed_results"]


@then(parsers.parse('"scorer reviews" lists "{up}" raised once from "{before}" to "{after}" and "{down}" lowered once'))
def _reviews_command(ctx, up, before, after, down):
    lines = cli(ctx, "reviews", ctx["out"]).stdout.splitlines()
    assert "改动 2 项指标等级" in lines[0] and "上调 1 项，下调 1 项" in lines[0]
    rows = {line.split()[0]: (k, line.split()[1:4]) for k, line in enumerate(lines) if re.match(r"[A-J]\d\.\d", line)}
    assert rows[up][1] == ["1", "1", "0"] and rows[down][1] == ["1", "0", "1"]
    assert f"上调：{before} → {after} × 1" in lines[rows[up][0] + 1]


@then(parsers.parse('the run warns that "{where}" is for another version of the text of "{sid}"'))
def _stale_warning(ctx, where, sid):
    err = ctx["proc"].stderr
    assert where in err and sid in err and "另一版本的正文" in err and "未采用" in err
    assert "review" not in json.dumps(indicator(ctx, sid, "F1.1"))


@then(parsers.parse('results.json lists the review at "{where}" of "{sid}" "{ind}" by "{who}" as not applied'))
def _stale_listed(ctx, where, sid, ind, who):
    [stale] = results(ctx)["stale_reviews"]
    assert (stale["submission"], stale["indicator"], stale["reviewer"]) == (sid, ind, who)
    assert f"{stale['file']}:{stale['line']}".endswith(where)
    ctx["stale_where"] = f"{stale['file']}:{stale['line']}"


def _stale_notice(html: str) -> str:
    if 'id="stale-reviews"' not in html:
        return ""
    part = html[html.index('id="stale-reviews"'):]
    return part[:part.index("</div>")]


@then(parsers.parse('the index and the report of "{sid}" show that notice, the report of "{other}" does not'))
def _stale_shown(ctx, sid, other):
    for name in ("index.html", f"{sid}.html"):
        notice = _stale_notice(page(ctx, name))
        assert ctx["stale_where"] in notice and "未采用" in notice, name
    assert _stale_notice(page(ctx, f"{other}.html")) == ""


@then(parsers.parse('the error names "{where}" and "{words}"'))
def _error(ctx, where, words):
    assert where in ctx["proc"].stderr and words in ctx["proc"].stderr


@then("no output folder is written")
def _nothing(ctx):
    assert not ctx["out"].exists()
