import fcntl
import os
import stat

import pytest

from scorer.outputs import (LOCK, MARKER, OutputError, check_out_dir, check_target_file, file_stamp, run_files, run_lock,
                            write_atomically)
from scorer.tables import csv_cell


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
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # nothing left beside the folder
    assert not list(out.glob(".partial-*"))  # nor a staging folder inside it

    write_atomically(out, lambda f: (f / "b.txt").write_text("new"))
    assert sorted(p.name for p in out.iterdir() if p.name != MARKER) == [".cache", "b.txt"]  # a.txt was the run's


def test_only_the_runs_own_files_are_replaced_or_removed(tmp_path):
    out = tmp_path / "out"
    write_atomically(out, lambda f: [(f / n).write_text("run 1") for n in ("index.html", "old-id.html")])
    (out / "评估.xlsx").write_bytes(b"user workbook")
    (out / "notes.txt").write_text("我的笔记", encoding="utf-8")
    write_atomically(out, lambda f: (f / "index.html").write_text("run 2"))
    assert (out / "index.html").read_text() == "run 2"
    assert not (out / "old-id.html").exists()
    assert (out / "评估.xlsx").read_bytes() == b"user workbook"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "我的笔记"


def test_a_folder_the_program_did_not_write_is_refused(tmp_path):
    user = tmp_path / "mine"
    user.mkdir()
    (user / "notes.txt").write_text("x")
    with pytest.raises(OutputError, match="notes.txt"):
        write_atomically(user, lambda f: (f / "index.html").write_text("run"))
    assert sorted(p.name for p in user.iterdir()) == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="不是文件夹"):
        check_out_dir(tmp_path / "file")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".gitkeep").write_text("")
    check_out_dir(empty)  # empty but for .gitkeep: fine


def test_an_output_folder_that_holds_or_lies_inside_an_input_is_refused(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    with pytest.raises(OutputError, match="输入材料"):
        check_out_dir(inputs, [inputs])
    with pytest.raises(OutputError, match="输入材料"):
        check_out_dir(inputs / "out", [inputs])
    with pytest.raises(OutputError, match="含有输入材料"):
        check_out_dir(tmp_path, [inputs / "a.txt"])
    check_out_dir(tmp_path / "out", [inputs])


def test_a_second_run_into_the_same_folder_is_refused_and_leftovers_are_cleaned(tmp_path):
    out = tmp_path / "out"
    write_atomically(out, lambda f: (f / "a.txt").write_text("x"))
    (out / ".partial-killed").mkdir()
    with run_lock(out):
        assert not (out / ".partial-killed").exists()
        with run_lock(out):  # the same process may lock again (score holds it while extracting and writing)
            pass
    with open(out / LOCK, "a+b") as other:  # another process's hold
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputError, match="另一个 scorer"):
            with run_lock(out):
                pass
    with run_lock(out):  # released
        pass


def test_a_workbook_replaces_only_a_workbook_and_never_an_input(tmp_path):
    (tmp_path / "notes.xlsx").write_text("not a workbook")
    with pytest.raises(OutputError, match="不是 Excel"):
        check_target_file(tmp_path / "notes.xlsx")
    with pytest.raises(OutputError, match="输入材料"):
        check_target_file(tmp_path / "in" / "a.xlsx", [tmp_path / "in"])
    (tmp_path / "old.xlsx").write_bytes(b"PK\x03\x04rest")
    check_target_file(tmp_path / "old.xlsx")


def test_files_and_folders_get_their_permissions_from_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "out", lambda f: (f / "a.txt").write_text("x"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "out" / "a.txt").stat().st_mode) == 0o644


@pytest.mark.parametrize("cell", ["=1+1", '=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell):
    assert csv_cell(cell).startswith("'")


def test_csv_cells_lose_control_characters_and_keep_ordinary_text():
    assert csv_cell("青川市\x07报告\x1b") == "青川市报告"
    assert csv_cell("云岭县 2025") == "云岭县 2025" and csv_cell(3.5) == 3.5


def test_a_table_guards_its_text_cells_and_keeps_numbers_numbers():
    from scorer.tables import csv_text

    assert csv_text([{"id": "=1+1", "total": 12.5, "rank": 1}]) == "id,total,rank\n'=1+1,12.5,1\n"


def test_a_run_knows_the_file_it_was_read_from_as_it_was_then(tmp_path):
    from scorer.models import Submission
    from scorer.pipeline import Run, load_run, save_run

    path = tmp_path / "run.json"
    run = Run(submissions=[Submission(id="qingchuan", title="青川市报告", text="青川市全年办结复议案件326件。")], evidence=[])
    assert run.read_from(path) is None  # made here, not read
    save_run(run, path)
    loaded = load_run(path)
    assert loaded.read_from(path) == file_stamp(path)
    assert loaded.read_from(tmp_path / "elsewhere.json") is None
    assert loaded.model_copy(update={"failures": []}).read_from(path) is None  # another run now
    run.saved_at(path)  # the process that wrote it, holding the run still (the scale bench)
    assert run.read_from(path) == file_stamp(path)


def test_a_kept_file_read_by_the_run_must_still_be_the_file_read(tmp_path):
    out = tmp_path / "out"
    write_atomically(out, lambda f: [(f / n).write_text(n, encoding="utf-8") for n in ("run.json", "a.txt")])
    stamp = file_stamp(out / "run.json")
    write_atomically(out, lambda f: (f / "a.txt").write_text("二", encoding="utf-8"), unchanged={"run.json": stamp})
    assert file_stamp(out / "run.json") == stamp and sorted(run_files(out)) == ["a.txt", "run.json"]

    (out / "run.json").write_text("别的程序写的", encoding="utf-8")  # changed while the run worked
    marker = (out / MARKER).read_bytes()
    with pytest.raises(OutputError, match="run.json: 在本次运行读取之后被改动"):
        write_atomically(out, lambda f: (f / "a.txt").write_text("三", encoding="utf-8"), unchanged={"run.json": stamp})
    assert (out / "a.txt").read_text(encoding="utf-8") == "二" and (out / MARKER).read_bytes() == marker
    assert (out / "run.json").read_text(encoding="utf-8") == "别的程序写的"


def test_a_damaged_run_json_is_named_in_one_line_with_its_first_fault(tmp_path):
    from scorer.pipeline import load_run

    path = tmp_path / "run.json"
    path.write_text('{"submissions": [' + ",".join(['{"id": 1}'] * 500) + '], "evidence": []}', encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_run(path)
    message = str(err.value)
    assert message.startswith(f"{path}: 运行记录已损坏（共 ") and "第一处在 submissions.0" in message
    assert "\n" not in message and "scorer score" in message
    path.write_bytes(b'{"submissions": [')
    with pytest.raises(ValueError, match="运行记录已损坏"):
        load_run(path)
