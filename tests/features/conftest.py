"""Steps every user flow shares: running the command line and reading its exit code."""

from __future__ import annotations

import subprocess
import sys

import shutil
from pathlib import Path

from pytest_bdd import given, parsers, then

from scorer.report.view import page_names

REPORT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scorer.cli", *map(str, args)], capture_output=True, text=True)


def report_html(ctx, sid: str) -> str:
    """The HTML report of submission `sid` in the run at ctx["out"] (ctx["results"]: its results.json)."""
    names = page_names([s["id"] for s in ctx["results"]["submissions"]])
    return (ctx["out"] / f"{names[sid]}.html").read_text(encoding="utf-8")


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
