from __future__ import annotations

import json

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.conftest import MINI_INDICATORS, write_submission
from tests.features.conftest import run_cli
from scorer.results_file import read_results

scenarios("score_submission.feature")

SLOGANS = "要全面推行行政执法公示制度。\n应当深化行政复议体制改革。\n"


@pytest.fixture
def ctx(tmp_path):
    return {"folder": tmp_path / "in", "out": tmp_path / "out"}


@given("the rubric with the small indicator set")
def _rubric(ctx):
    ctx["indicators"] = MINI_INDICATORS


@given("a folder of submissions already scored")
def _folder(ctx):
    ctx["folder"].mkdir()
    write_submission(ctx["folder"], "slogans.txt", SLOGANS, title="云梦市法治政府建设情况", group="city")


@given(parsers.parse('a new submission "{name}" titled "{title}" with text:'), target_fixture="new")
def _new(ctx, name, title, docstring):
    write_submission(ctx["folder"], name, docstring + "\n", title=title)
    return name.rsplit(".", 1)[0]


@given(parsers.parse('a new submission "{name}" that is empty'))
def _empty(ctx, name):
    (ctx["folder"] / name).write_bytes(b"")


@when("I score the folder")
def _score(ctx):
    ctx["proc"] = run_cli("score", ctx["folder"], "--out", ctx["out"], "--indicators", ctx["indicators"])
    ctx["results"] = read_results(ctx["out"] / "results.json")


def _sub(ctx, sid):
    return next(s for s in ctx["results"]["submissions"] if s["id"] == sid)


@then(parsers.parse('"{sid}" is ranked {rank:d} in its group "{group}"'))
def _rank(ctx, sid, rank, group):
    s = _sub(ctx, sid)
    assert (s["group"], s["group_rank"]) == (group, rank)
    assert s["total"] > _sub(ctx, "slogans")["total"]


def _evidence(ctx, sid) -> dict[str, list[dict]]:
    """The quoted passages of a submission's indicators: the run's evidence (run.json)."""
    run = json.loads((ctx["out"] / "run.json").read_text(encoding="utf-8"))
    return {x["id"]: x["passages"] for e in run["evidence"] if e["submission_id"] == sid for x in e["indicators"]}


@then(parsers.parse('its indicator "{ind}" is "{level}" with the quote "{quote}"'))
def _indicator(ctx, new, ind, level, quote):
    found = next(i for i in _sub(ctx, new)["indicators"] if i["id"] == ind)
    assert found["level"] == level and found["score"] == found["max"]
    assert quote in [e["quote"] for e in _evidence(ctx, new)[ind]]


@then("every quote in its evidence is found in its text at the given offsets")
def _offsets(ctx, new):
    run = json.loads((ctx["out"] / "run.json").read_text(encoding="utf-8"))
    text = next(s["text"] for s in run["submissions"] if s["id"] == new)
    passages = [e for found in _evidence(ctx, new).values() for e in found]
    assert passages
    for e in passages:
        assert text[e["start"]:e["end"]] == e["quote"]


@then(parsers.parse('the failures list "{name}" with a reason in Chinese'))
def _failures(ctx, name):
    (failure,) = ctx["results"]["failures"]
    assert failure["path"].endswith(name) and any("\u4e00" <= ch <= "\u9fff" for ch in failure["error"])


@then("the other submissions are still scored")
def _others(ctx):
    assert [s["id"] for s in ctx["results"]["submissions"]] == ["slogans"]
