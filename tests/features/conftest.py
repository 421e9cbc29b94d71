"""Steps every user flow shares: running the command line and reading its exit code."""

from __future__ import annotations

import subprocess
import sys

from pytest_bdd import parsers, then


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scorer.cli", *map(str, args)], capture_output=True, text=True)


@then("the run succeeds")
def _run_succeeds(ctx):
    assert ctx["proc"].returncode == 0, ctx["proc"].stderr


@then(parsers.parse("the run exits with code {code:d}"))
def _run_exits_with(ctx, code):
    assert ctx["proc"].returncode == code, ctx["proc"].stderr
