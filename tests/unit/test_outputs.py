import pytest

from scorer.outputs import write_atomically


def test_outputs_are_written_whole_or_not_at_all(tmp_path):
    out = tmp_path / "out"
    write_atomically(out, lambda f: (f / "a.txt").write_text("old"))
    (out / ".cache").mkdir()

    def broken(folder):
        (folder / "a.txt").write_text("new")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_atomically(out, broken)
    assert (out / "a.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no partial folder left behind

    write_atomically(out, lambda f: (f / "b.txt").write_text("new"))
    assert sorted(p.name for p in out.iterdir()) == [".cache", "b.txt"]  # hidden entries survive
