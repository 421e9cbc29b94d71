"""Helpers for the reliability cases: hostile and faulty inputs, each written by its test into tmp_path, run through the real command.

Every run is a separate process under a 2 GB address-space limit and a 60 s timeout, so a case
that would exhaust memory or hang fails its test instead of the machine. `run_scorer` records the
wall time and the peak resident memory of each run (ru_maxrss of the waited child).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import MINI_INDICATORS, ROOT, write_submission
from scorer.results_file import read_results

LIMIT_BYTES = 2 << 30
LIMIT_SECONDS = 60
# Two fictional reports with evidence for the mini indicators; every case scores them beside its bad file.
GOOD = {
    "青川市.txt": ("青川市2025年法治政府建设情况报告",
                 "一、行政执法\n我市建成行政执法公示平台，全年公示执法信息3200条。\n二、复议\n全年办结行政复议案件326件，纠错率12.4%。\n"),
    "云岭县.txt": ("云岭县2025年法治政府建设工作总结",
                 "一、行政执法\n要全面推行行政执法公示制度。\n县司法局印发《云岭县行政裁量权基准制定办法》。\n"),
}


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_bytes: int


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def run_scorer(*args, cwd: Path, umask: int | None = None, timeout: float = LIMIT_SECONDS) -> Result:
    """`scorer ARGS` with the test rubric; fails the test if it takes over 60 s or 2 GB."""
    argv = [sys.executable, "-m", "scorer.cli", *map(str, args)]
    if args and args[0] in ("score", "rescore", "check", "sensitivity") and "--indicators" not in args:
        argv += ["--indicators", str(MINI_INDICATORS)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def setup() -> None:
        _limits()
        if umask is not None:
            os.umask(umask)

    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=setup)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"scorer {' '.join(map(str, args))} took over {timeout} s")
    seconds = time.monotonic() - start
    # ru_maxrss of all waited children is an upper bound of this child's peak.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert "MemoryError" not in err, err
    assert rss < LIMIT_BYTES and seconds < LIMIT_SECONDS
    return Result(proc.returncode, out, err, seconds, rss)


def write_good(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_submission(folder, name, body, title=title) for name, (title, body) in GOOD.items()]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: a user's files must all be there, unchanged."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_kept(before: dict[str, bytes], folder: Path) -> None:
    after = snapshot(folder)
    lost = [name for name in before if name not in after]
    changed = [name for name in before if name in after and after[name] != before[name]]
    assert not lost and not changed, f"lost {lost}, changed {changed}"


def results_of(out: Path) -> dict:
    return read_results(out / "results.json")


def assert_scored_with_failure(res: Result, out: Path, bad_name: str, *, exit_code: int = 1) -> dict:
    """The bad file is one failure naming it, with a Chinese reason; the good reports are scored."""
    assert res.returncode == exit_code, res.stderr
    results = results_of(out)
    assert sorted(s["title"] for s in results["submissions"]) == sorted(t for t, _ in GOOD.values())
    named = [f for f in results["failures"] if Path(f["path"]).name == bad_name]
    assert len(named) == 1, results["failures"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in named[0]["error"])
    assert bad_name in res.stderr
    return results
