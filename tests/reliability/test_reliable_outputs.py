"""Nothing a user has is ever lost: the program replaces only what it wrote itself."""

from __future__ import annotations

import csv
import os
import stat

from scorer.outputs import run_lock

from tests.reliability.kit import assert_kept, results_of, run_scorer, snapshot, write_good


def test_out_pointing_at_the_input_folder_is_refused_and_the_submissions_stay(tmp_path, inputs):
    before = snapshot(inputs)
    res = run_scorer("score", inputs, "--out", inputs, cwd=tmp_path)
    assert res.returncode == 2 and "输入材料" in res.stderr and str(inputs) in res.stderr
    assert_kept(before, inputs)
    assert not (inputs / "results.json").exists()


def test_out_inside_the_input_folder_is_refused(tmp_path, inputs):
    before = snapshot(inputs)
    res = run_scorer("score", inputs, "--out", inputs / "reports", cwd=tmp_path)
    assert res.returncode == 2 and "输入材料" in res.stderr
    assert_kept(before, inputs)
    assert not (inputs / "reports").exists()


def test_out_at_a_folder_with_a_users_notes_is_refused(tmp_path, inputs):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("评审会议记录", encoding="utf-8")
    before = snapshot(mine)
    res = run_scorer("score", inputs, "--out", mine, cwd=tmp_path)
    assert res.returncode == 2 and "notes.txt" in res.stderr and "--out" in res.stderr
    assert_kept(before, mine)
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_out_that_is_a_file_is_refused_even_without_the_cache(tmp_path, inputs):
    target = tmp_path / "report.html"
    target.write_text("用户自己的网页", encoding="utf-8")
    res = run_scorer("score", inputs, "--out", target, "--no-cache", cwd=tmp_path)
    assert res.returncode == 2 and "不是文件夹" in res.stderr
    assert target.read_text(encoding="utf-8") == "用户自己的网页"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # nothing moved aside


def test_rescore_keeps_the_workbook_and_notes_saved_in_the_run_folder(tmp_path, inputs):
    out = tmp_path / "reports_out"
    res = run_scorer("score", inputs, "--out", out, "--xlsx", out / "评估.xlsx", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    (out / "会议纪要.txt").write_text("讨论了权重", encoding="utf-8")
    before_profile = results_of(out)["rubric"]["profile"]
    before = {k: v for k, v in snapshot(out).items() if k in ("评估.xlsx", "会议纪要.txt")}
    res = run_scorer("rescore", out, "--profile", "demonstration", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert_kept(before, out)
    assert results_of(out)["rubric"]["profile"] != before_profile  # the run was rescored


def test_a_mistyped_input_path_never_replaces_a_finished_run(tmp_path, inputs):
    out = tmp_path / "reports_out"
    assert run_scorer("score", inputs, "--out", out, cwd=tmp_path).returncode == 0
    before = snapshot(out)
    res = run_scorer("score", tmp_path / "imput", "--out", out, cwd=tmp_path)
    assert res.returncode == 1 and "imput" in res.stderr and "原有的结果保持不变" in res.stderr
    assert_kept(before, out)


def test_a_second_run_into_a_folder_in_use_is_refused_clearly(tmp_path, inputs):
    out = tmp_path / "reports_out"
    assert run_scorer("score", inputs, "--out", out, cwd=tmp_path).returncode == 0
    before = snapshot(out)
    with run_lock(out):  # another run holds the folder
        res = run_scorer("score", inputs, "--out", out, cwd=tmp_path)
    assert res.returncode == 2 and "另一个 scorer 正在写入" in res.stderr
    assert_kept(before, out)


def test_leftovers_of_killed_runs_are_removed_by_the_next_run(tmp_path, inputs):
    out = tmp_path / "reports_out"
    assert run_scorer("score", inputs, "--out", out, cwd=tmp_path).returncode == 0
    killed = out / ".partial-k1ll3d"  # what a run killed while writing leaves behind
    killed.mkdir()
    (killed / "index.html").write_text("half", encoding="utf-8")
    assert run_scorer("score", inputs, "--out", out, cwd=tmp_path).returncode == 0
    assert not killed.exists()
    assert not list(tmp_path.glob(".*partial*")) and not list(tmp_path.glob(".*old*"))


def test_outputs_take_their_permissions_from_the_umask(tmp_path, inputs):
    for umask, folder_mode, file_mode in ((0o022, 0o755, 0o644), (0o027, 0o750, 0o640)):
        out = tmp_path / f"out{umask:o}"
        res = run_scorer("score", inputs, "--out", out, "--xlsx", out / "评估.xlsx", cwd=tmp_path, umask=umask)
        assert res.returncode == 0, res.stderr
        assert stat.S_IMODE(out.stat().st_mode) == folder_mode
        for name in ("index.html", "results.json", "scores.csv", "评估.xlsx"):
            assert stat.S_IMODE((out / name).stat().st_mode) == file_mode, name


def test_csv_cells_cannot_become_formulas(tmp_path):
    folder = tmp_path / "in"
    write_good(folder)
    (folder / "evil.txt").write_text('---\nid: "=1+1"\ntitle: "=HYPERLINK(\\"http://evil\\",\\"x\\")"\n---\n'
                                     "我市建成行政执法公示平台。\n", encoding="utf-8")
    (folder / "ctl.txt").write_text("---\nid: \"a\\x07b\"\ntitle: \"松溪镇\\x1b报告\"\n---\n全年办结行政复议案件3件。\n",
                                    encoding="utf-8")
    out = tmp_path / "out"
    res = run_scorer("score", folder, "--out", out, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    for name in ("scores.csv", "gaps.csv"):
        with open(out / name, encoding="utf-8-sig", newline="") as fh:
            cells = [cell for row in csv.reader(fh) for cell in row]
        assert "'=1+1" in cells and not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells), name
        assert not any(ch in c for c in cells for ch in "\x07\x1b")
    assert run_scorer("sensitivity", out, "--draws", "20", cwd=tmp_path).returncode == 0
    with open(out / "sensitivity.csv", encoding="utf-8-sig", newline="") as fh:
        ids = [row[0] for row in csv.reader(fh)]
    assert "'=1+1" in ids and "=1+1" not in ids
    titles = {s["id"]: s["title"] for s in results_of(out)["submissions"]}
    assert titles["=1+1"].startswith("=HYPERLINK")  # the data itself is kept; only the CSV cell is guarded
    assert titles["a b"] == "松溪镇 报告"  # control characters are gone from ids and titles


def test_split_force_keeps_a_users_file(tmp_path):
    source = tmp_path / "汇编.txt"
    source.write_text("青川市法治政府建设报告\n2025年3月1日\n我市建成行政执法公示平台。\n", encoding="utf-8")
    out = tmp_path / "split"
    out.mkdir()
    (out / "keep.txt").write_text("我的", encoding="utf-8")
    res = run_scorer("split", source, "--out", out, "--force", cwd=tmp_path)
    assert res.returncode in (0, 1), res.stderr
    assert (out / "keep.txt").read_text(encoding="utf-8") == "我的"
    assert os.listdir(out)


def test_a_workbook_path_at_an_input_or_a_users_file_is_refused(tmp_path, inputs):
    before = snapshot(inputs)
    target = next(inputs.glob("*.txt"))
    res = run_scorer("score", inputs, "--out", tmp_path / "out", "--xlsx", target, cwd=tmp_path)
    assert res.returncode == 2 and "输入材料" in res.stderr
    (tmp_path / "预算.xlsx").write_text("用户的表格（其实是文本）", encoding="utf-8")
    res = run_scorer("score", inputs, "--out", tmp_path / "out", "--xlsx", tmp_path / "预算.xlsx", cwd=tmp_path)
    assert res.returncode == 2 and "不是 Excel" in res.stderr
    assert (tmp_path / "预算.xlsx").read_text(encoding="utf-8") == "用户的表格（其实是文本）"
    assert_kept(before, inputs)
    assert not (tmp_path / "out").exists()
