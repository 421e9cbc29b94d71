from __future__ import annotations

import itertools
import json

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.conftest import MINI_INDICATORS
from tests.features.conftest import run_cli
from tests.helpers_fixtures import make_docx, make_pdf, make_scanned_pdf, web_page_copy
from scorer.results_file import read_results

scenarios("read_inputs.feature")

BODY = [
    "一、行政复议",
    "全年办结行政复议案件412件，纠错率11.3%。市政府成立行政复议委员会，聘请专家委员12名。",
    "二、行政执法",
    "我市建成行政执法公示平台，公开执法信息5600条，组织执法案卷评查1200卷。",
]


@pytest.fixture
def ctx(tmp_path):
    return {"folder": tmp_path / "in", "out": tmp_path / "out", "tmp": tmp_path}


@given(parsers.parse('the report "{title}" saved as "{docx}", "{pdf}" and "{txt}" in GB18030'))
def _same_report(ctx, title, docx, pdf, txt):
    folder = ctx["folder"]
    folder.mkdir(exist_ok=True)
    make_docx(folder / docx, [title, *BODY], headings={0: 0, 1: 1, 3: 1})
    make_pdf(folder / pdf, BODY, title=title, header="青川市人民政府")
    (folder / txt).write_bytes("\r\n".join([title, *BODY]).encode("gb18030"))
    ctx["ids"] = [name.rsplit(".", 1)[0] for name in (docx, pdf, txt)]


@given(parsers.parse('a scanned PDF "{scan}", a damaged Word file "{broken}" and a picture "{photo}"'))
def _bad_files(ctx, scan, broken, photo):
    make_scanned_pdf(ctx["folder"] / scan)
    (ctx["folder"] / broken).write_bytes(b"PK\x03\x04" + b"\x00damaged" * 40)
    (ctx["folder"] / photo).write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 200)


@given(parsers.parse("a compilation of {n:d} reports with a contents list that disagrees with the body"))
def _compilation(ctx, n):
    places = ["青川市", "云岭县", "澜溪市"][:n]
    toc = "\n".join(f"{k}.{'沧州市' if k == 2 else p}法治政府建设工作总结  {k * 3}" for k, p in enumerate(places, 1))
    reports = "\n\n".join(f"{p}法治政府建设成效显著\n\n(2025年{k}月{k + 10}日)\n\n" + "\n\n".join(BODY).replace("我市", p)
                          for k, p in enumerate(places, 1))
    ctx["compilation"] = ctx["tmp"] / "汇编.txt"
    ctx["compilation"].write_text(f"2025年法治政府建设工作总结汇编\n\n目  录\n\n{toc}\n\n{reports}\n", encoding="utf-8")
    ctx["titles"] = [f"{p}法治政府建设成效显著" for p in places]


@when("I split it into a folder")
def _split(ctx):
    ctx["proc"] = run_cli("split", ctx["compilation"], "--out", ctx["folder"])
    assert ctx["proc"].returncode == 0, ctx["proc"].stderr


# A fuller report for the project's rules: several areas, figures and plain measures.
REPORT = [
    "2025年，松岚区坚持依法行政，全面推进法治政府建设。现将有关情况报告如下：",
    "一、行政复议",
    *BODY[1:2],
    "二、行政执法",
    *BODY[3:],
    "区政府全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，修订行政裁量权基准38项。",
    "三、普法与学法",
    "区政府常务会议会前学法12次，组织领导干部法治专题培训3期、参训560人次。",
]
# Words only page furniture has (none of them occurs in REPORT).
FURNITURE_WORDS = ("来源", "发布时间", "索引号", "首页", "字体", "打印", "无障碍", "今天是", "浏览量", "分享", "扫一扫")


@given(parsers.parse('the report "{title}" typed clean as "{clean}" and pasted from its web page as "{pasted}"'))
def _clean_and_pasted(ctx, title, clean, pasted):
    folder = ctx["folder"]
    folder.mkdir(exist_ok=True)
    (folder / clean).write_text("\n".join([title, *REPORT]) + "\n", encoding="utf-8")
    (folder / pasted).write_text(web_page_copy(title, REPORT), encoding="utf-8")
    ctx["ids"] = [clean.rsplit(".", 1)[0], pasted.rsplit(".", 1)[0]]
    ctx["title"] = title


@when("I score the folder with the project's rules")
def _score_project(ctx):
    ctx["proc"] = run_cli("score", ctx["folder"], "--out", ctx["out"], "--quiet")
    ctx["results"] = read_results(ctx["out"] / "results.json")


@then("the two submissions have the same title, peer group, total and levels")
def _same_as_clean(ctx):
    subs = _by_id(ctx)
    seen = {(s["title"], s["group"], s["total"], tuple((x["id"], x["level"]) for x in s["indicators"]))
            for s in (subs[i] for i in ctx["ids"])}
    assert len(seen) == 1
    title, group, total, _ = next(iter(seen))
    assert (title, group) == (ctx["title"], "county") and total > 0


def _passages(ctx) -> dict[str, list[dict]]:
    """Each submission's quoted passages: the run's evidence (run.json)."""
    run = json.loads((ctx["out"] / "run.json").read_text(encoding="utf-8"))
    return {e["submission_id"]: [p for x in e["indicators"] for p in x["passages"]] for e in run["evidence"]}


@then("no title and no quoted evidence contains the page's furniture")
def _no_furniture(ctx):
    passages = _passages(ctx)
    for sub in ctx["results"]["submissions"]:
        quotes = [p["quote"] for p in passages[sub["id"]]]
        assert quotes
        assert not [q for q in [sub["title"], *quotes] if any(w in q for w in FURNITURE_WORDS)]


@then("every quote is found in its submission's text at the given offsets")
def _offsets(ctx):
    run = json.loads((ctx["out"] / "run.json").read_text(encoding="utf-8"))
    texts = {s["id"]: s["text"] for s in run["submissions"]}
    for sid, passages in _passages(ctx).items():
        assert passages
        for p in passages:
            assert texts[sid][p["start"]:p["end"]] == p["quote"]


@when("I score the folder")
def _score(ctx):
    ctx["proc"] = run_cli("score", ctx["folder"], "--out", ctx["out"], "--indicators", MINI_INDICATORS, "--quiet")
    ctx["results"] = read_results(ctx["out"] / "results.json")


def _by_id(ctx):
    return {s["id"]: s for s in ctx["results"]["submissions"]}


@then("the three submissions have the same total and the same levels")
def _same_scores(ctx):
    subs = _by_id(ctx)
    seen = {(subs[i]["total"], tuple((x["id"], x["level"]) for x in subs[i]["indicators"])) for i in ctx["ids"]}
    assert len(seen) == 1 and next(iter(seen))[0] > 0


@then("each pair of them is reported as a near-duplicate")
def _duplicates(ctx):
    pairs = {frozenset((d["a"], d["b"])) for d in ctx["results"]["near_duplicates"]}
    assert pairs == {frozenset(p) for p in itertools.combinations(ctx["ids"], 2)}


@then(parsers.parse("{n:d} submissions are scored under their body titles"))
def _titles(ctx, n):
    titles = [s["title"] for s in sorted(ctx["results"]["submissions"], key=lambda s: s["id"])]
    assert titles == ctx["titles"] and len(titles) == n


@then(parsers.parse('the failures are "{a}", "{b}" and "{c}", each with a reason in Chinese'))
def _failures(ctx, a, b, c):
    failures = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in ctx["results"]["failures"]}
    assert set(failures) == {a, b, c}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in reason) for reason in failures.values())
    assert "扫描件" in failures[c]


@then("the three readable submissions are still scored")
def _rest(ctx):
    assert set(_by_id(ctx)) == set(ctx["ids"])
