"""Steps for edit_weights.feature: the CLI as a rubric owner uses it, on a small rubric of its own."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import weights_kit as kit  # noqa: E402

scenarios("edit_weights.feature")


@pytest.fixture
def ctx(tmp_path):
    return {"root": tmp_path, "subs": tmp_path / "subs", "out": tmp_path / "out"}


def cli(ctx, *args):
    proc = subprocess.run(
        [sys.executable, "-m", "scorer.cli", *map(str, args), "--rubric", str(ctx["rubric"]),
         "--indicators", str(ctx["indicators"])], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@given(parsers.parse("a rubric whose area weights are D {d:g}, F {f:g} and G {g:g}"))
def _rubric(ctx, d, f, g):
    ctx["rubric"], ctx["indicators"] = kit.make_rubric(ctx["root"], areas={"D": d, "F": f, "G": g})


@given("submissions that earned these levels:")
def _submissions(ctx, datatable):
    header, *rows = datatable
    for row in rows:
        item = dict(zip(header, row))
        levels = dict(pair.strip().split("=") for pair in item["levels"].split(","))
        kit.write_submission(ctx["subs"], item["id"], levels, title=item["title"])


@given(parsers.parse('a profile "{name}" that switches off "{item}"'))
def _off(ctx, name, item):
    (ctx["rubric"] / "profiles" / f"{name}.yaml").write_text(
        f"extends: default\ndescription: 不评 {item}\noff: [{item}]\n", encoding="utf-8")


@when("I score them with the default weights")
def _score(ctx):
    cli(ctx, "score", ctx["subs"], "--out", ctx["out"], "--quiet")


@when(parsers.parse('I set the weight of "{item}" to "{value}" in the profile "{name}"'))
def _set(ctx, item, value, name):
    cli(ctx, "weights", "set", item, value, "--profile", name)
    assert (ctx["rubric"] / "profiles" / f"{name}.yaml").exists()


@when("the submission files are deleted")
def _delete(ctx):
    shutil.rmtree(ctx["subs"])


@when(parsers.parse('I rescore the run with the profile "{name}"'))
def _rescore(ctx, name):
    cli(ctx, "rescore", ctx["out"], "--profile", name)


def results(ctx):
    return json.loads((ctx["out"] / "results.json").read_text(encoding="utf-8"))


@then("the ranking is:")
def _ranking(ctx, datatable):
    header, *rows = datatable
    expected = [(int(r[header.index("rank")]), r[header.index("id")], float(r[header.index("total")])) for r in rows]
    actual = [(s["rank"], s["id"], s["total"]) for s in results(ctx)["submissions"]]
    assert actual == expected


@then(parsers.parse('the outputs name the profile "{name}"'))
def _profile(ctx, name):
    assert results(ctx)["rubric"]["profile"] == name
    assert f"name: {name}" in (ctx["out"] / "profile.yaml").read_text(encoding="utf-8")
    assert name in (ctx["out"] / "weights.html").read_text(encoding="utf-8")
