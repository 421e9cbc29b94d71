"""The command line: exit codes, one-line errors, complete and deterministic outputs."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import MINI_INDICATORS, ROOT, write_submission
from scorer.results_file import read_results

GOOD = "青川市法治政府建设报告\n全年办结行政复议案件326件，纠错率12.4%。\n要推行行政执法公示制度。\n"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "scorer.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_submission(folder, "qingchuan.txt", GOOD, title="青川市2025年法治政府建设年度报告", group="city")
    write_submission(folder, "yunling.md", "云岭县报告\n要推行行政执法公示制度。\n")
    return folder


def test_score_writes_every_output_and_exits_0(inputs, tmp_path):
    out = tmp_path / "out"
    res = run("score", str(inputs), "--out", str(out), "--indicators", str(MINI_INDICATORS))
    assert res.returncode == 0, res.stderr
    names = {p.name for p in out.iterdir()}
    assert {"results.json", "scores.csv", "gaps.csv", "index.html", "qingchuan.html", "yunling.html"} <= names
    data = read_results(out / "results.json")
    first = data["submissions"][0]
    assert first["id"] == "qingchuan" and first["rank"] == 1 and first["group"] == "city"
    assert data["submissions"][1]["group"] == "county"  # inferred from the title 云岭县报告
    assert set(first["areas"]) == set("ABCDEFGHIJ") and len(first["secondary"]) == 36
    assert data["rubric"]["profile"] == "default" and len(data["rubric"]["sha256"]) == 64


def test_same_inputs_give_byte_identical_results(inputs, tmp_path):
    for name in ("a", "b"):
        assert run("score", str(inputs), "--out", str(tmp_path / name), "--indicators", str(MINI_INDICATORS),
                   "--no-cache").returncode == 0
    assert (tmp_path / "a" / "results.json").read_bytes() == (tmp_path / "b" / "results.json").read_bytes()
    assert (tmp_path / "a" / "scores.csv").read_bytes() == (tmp_path / "b" / "scores.csv").read_bytes()


def test_unreadable_input_is_listed_and_the_rest_scored(inputs, tmp_path):
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    res = run("score", str(inputs), "--out", str(out), "--indicators", str(MINI_INDICATORS))
    assert res.returncode == 1
    data = read_results(out / "results.json")
    assert [f["path"].endswith("empty.txt") for f in data["failures"]] == [True]
    assert len(data["submissions"]) == 2
    assert "empty.txt" in res.stderr and "Traceback" not in res.stderr


def test_rubric_error_is_one_line_with_file_and_line_exit_2(inputs, tmp_path):
    bad = tmp_path / "ind"
    shutil.copytree(MINI_INDICATORS, bad)
    text = (bad / "D.yaml").read_text(encoding="utf-8").replace("weight: 1", "weight: -1", 1)
    (bad / "D.yaml").write_text(text, encoding="utf-8")
    res = run("score", str(inputs), "--out", str(tmp_path / "o"), "--indicators", str(bad))
    assert res.returncode == 2
    assert "D.yaml:7" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


def test_usage_error_exits_2():
    assert run("score", "--no-such-flag").returncode == 2


def test_check_runs_examples_and_fails_on_a_misjudged_one(tmp_path):
    mini = run("check", "--indicators", str(MINI_INDICATORS))
    assert "0 个失败" in mini.stdout and "示例失败" not in mini.stdout  # (it fails for the codes it lacks)
    bad = tmp_path / "ind"
    shutil.copytree(MINI_INDICATORS, bad)
    text = (bad / "D.yaml").read_text(encoding="utf-8").replace(
        'mention: ["要全面推行行政执法公示制度。"]', 'mention: ["我市建成执法公示平台。"]')
    (bad / "D.yaml").write_text(text, encoding="utf-8")
    res = run("check", "--indicators", str(bad))
    assert res.returncode == 1
    # like an annotated rule test: the file and line of the example, expected and found, and why
    failure = next(line for line in res.stdout.splitlines() if "示例失败" in line)
    assert failure.startswith(f"{bad / 'D.yaml'}:15: 示例失败 D2.1：应判为 mention，实际为 substantive（"), failure
    assert "已完成举措" in failure and failure.endswith("我市建成执法公示平台。")


def test_project_rubric_check_passes():
    res = run("check", cwd=ROOT)
    assert res.returncode == 0, res.stdout[-2000:]


def test_report_audit_names_the_hash_of_the_file_as_received(inputs, tmp_path):
    import hashlib

    out = tmp_path / "out"
    assert run("score", str(inputs), "--out", str(out), "--indicators", str(MINI_INDICATORS)).returncode == 0
    file_hash = hashlib.sha256((inputs / "qingchuan.txt").read_bytes()).hexdigest()
    page = (out / "qingchuan.html").read_text(encoding="utf-8")
    assert file_hash in page and "正文 sha256" in page


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, capsys):
    from scorer import cli
    from scorer.commands import check

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(check, "run", broken)
    assert cli.main(["check"]) == 3
    err = capsys.readouterr().err
    assert "boom" in err and "SCORER_DEBUG" in err and "Traceback" not in err
