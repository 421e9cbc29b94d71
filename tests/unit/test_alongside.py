"""Writing alongside: a forked child writes some of a run's files while the parent writes the
rest; the block ends only when the child has, and a child's failure is the block's."""

from __future__ import annotations

import os

import pytest

from scorer.workers import alongside


@pytest.mark.parametrize("parallel", [True, False])
def test_the_child_has_written_when_the_block_ends(tmp_path, parallel):
    def write():
        (tmp_path / "a.txt").write_text(f"written by {os.getpid()}", encoding="utf-8")

    with alongside(write, parallel, "a.txt"):
        (tmp_path / "b.txt").write_text("parent", encoding="utf-8")
    by = int((tmp_path / "a.txt").read_text(encoding="utf-8").split()[-1])
    assert (by != os.getpid()) == (parallel and hasattr(os, "fork"))
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "parent"


def test_a_child_that_fails_fails_the_block_after_the_parent_finished(tmp_path, capfd):
    def write():
        raise OSError("磁盘已满")

    done = []
    with pytest.raises(RuntimeError, match="a.txt"):
        with alongside(write, True, "a.txt"):
            done.append(True)
    assert done == [True]
    assert "磁盘已满" in capfd.readouterr().err


def test_without_a_child_a_failure_is_raised_at_once():
    def write():
        raise OSError("磁盘已满")

    with pytest.raises(OSError, match="磁盘已满"):
        with alongside(write, False, "a.txt"):
            pytest.fail("the body must not run after the write failed")
