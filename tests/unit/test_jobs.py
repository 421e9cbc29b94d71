"""Worker processes change how fast a run is, never what it writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _score(inputs: Path, out: Path, jobs: int, *extra: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")  # pages carry their render time
    res = subprocess.run([sys.executable, "-m", "scorer.cli", "score", str(inputs), "--out", str(out), "--no-cache",
                          "--jobs", str(jobs), *extra], capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_jobs_1_and_jobs_2_write_byte_identical_outputs(tmp_path):
    inputs = ROOT / "submissions"
    one, two = tmp_path / "one", tmp_path / "two"
    _score(inputs, one, 1)
    _score(inputs, two, 2)
    a, b = _files(one), _files(two)
    assert len(a) > 10 and sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_rescore_with_jobs_2_writes_what_a_fresh_run_with_jobs_1_writes(tmp_path):
    inputs = ROOT / "submissions"
    one, two = tmp_path / "one", tmp_path / "two"
    _score(inputs, one, 1, "--profile", "disputes")
    _score(inputs, two, 1)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    res = subprocess.run([sys.executable, "-m", "scorer.cli", "rescore", str(two), "--profile", "disputes", "--jobs", "2"],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    a, b = _files(one), _files(two)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_pausing_the_collector_restores_it_even_after_an_error():
    import gc

    import pytest

    from scorer.workers import paused_gc

    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused_gc():
            assert not gc.isenabled()
            raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # a caller's own choice is left alone
    finally:
        gc.enable()
