from __future__ import annotations

import itertools
import json

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.conftest import MINI_INDICATORS
from tests.features.conftest import run_cli
from tests.helpers_fixtures import make_docx, make_pdf, make_scanned_pdf

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


@when("I score the folder")
def _score(ctx):
    ctx["proc"] = run_cli("score", ctx["folder"], "--out", ctx["out"], "--indicators", MINI_INDICATORS, "--quiet")
    ctx["results"] = json.loads((ctx["out"] / "results.json").read_text(encoding="utf-8"))


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
