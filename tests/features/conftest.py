"""Steps every user flow shares: running the command line and reading its exit code, and the
small hand-computable rubric of tests/weights_kit.py (features on weights and on reviews)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from pytest_bdd import given, parsers, then, when

from scorer.report.naming import page_names
from scorer.results_file import read_results

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import weights_kit as kit  # noqa: E402

REPORT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
sys.path.insert(0, str(REPORT_FIXTURES))
from page_data import composed  # noqa: E402


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scorer.cli", *map(str, args)], capture_output=True, text=True)


def report_html(ctx, sid: str) -> str:
    """The HTML report of submission `sid` in the run at ctx["out"] (ctx["results"]: its results.json),
    as its script shows it: with its standing (scores, ranks, gaps) in place (page_data.composed)."""
    names = page_names([s["id"] for s in ctx["results"]["submissions"]])
    return composed(ctx["out"], (ctx["out"] / f"{names[sid]}.html").read_text(encoding="utf-8"))


@given("the report test rubric")
def _report_rubric(ctx):
    ctx["indicators"] = REPORT_FIXTURES / "indicators"


@given("the report test submissions in a fresh folder")
def _report_submissions(ctx):
    shutil.copytree(REPORT_FIXTURES / "submissions", ctx["folder"])


@then("the run succeeds")
def _run_succeeds(ctx):
    assert ctx["proc"].returncode == 0, ctx["proc"].stderr


@then(parsers.parse("the run exits with code {code:d}"))
def _run_exits_with(ctx, code):
    assert ctx["proc"].returncode == code, ctx["proc"].stderr


# --- the weights kit: ctx holds "root", "subs" and "out" -----------------------------------


def kit_cli(ctx, *args, expect: int | None = 0) -> subprocess.CompletedProcess:
    """The CLI on the kit's rubric; asserts the exit code unless `expect` is None."""
    proc = run_cli(*args, "--rubric", ctx["rubric"], "--indicators", ctx["indicators"])
    if expect is not None:
        assert proc.returncode == expect, proc.stdout + proc.stderr
    return proc


def kit_results(ctx) -> dict:
    return read_results(ctx["out"] / "results.json")


@given(parsers.parse("a rubric whose area weights are D {d:g}, F {f:g} and G {g:g}"))
def _kit_rubric(ctx, d, f, g):
    ctx["rubric"], ctx["indicators"] = kit.make_rubric(ctx["root"], areas={"D": d, "F": f, "G": g})


@given("submissions that earned these levels:")
def _kit_submissions(ctx, datatable):
    header, *rows = datatable
    for row in rows:
        item = dict(zip(header, row))
        levels = dict(pair.strip().split("=") for pair in item["levels"].split(","))
        kit.write_submission(ctx["subs"], item["id"], levels, title=item["title"])


@when("I score them with the default weights")
def _kit_score(ctx):
    kit_cli(ctx, "score", ctx["subs"], "--out", ctx["out"], "--quiet")


@when("the submission files are deleted")
def _kit_delete(ctx):
    shutil.rmtree(ctx["subs"])


@then("the ranking is:")
def _kit_ranking(ctx, datatable):
    header, *rows = datatable
    expected = [(int(r[header.index("rank")]), r[header.index("id")], float(r[header.index("total")])) for r in rows]
    actual = [(s["rank"], s["id"], s["total"]) for s in kit_results(ctx)["submissions"]]
    assert actual == expected
