"""Rubric values and ids: mistakes are named with file and line (or both files), never guessed around."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI_INDICATORS, ROOT, write_submission
from tests.reliability.kit import GOOD, assert_kept, results_of, run_scorer, snapshot


@pytest.fixture
def rubric_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "rubric", tmp_path / "rubric")
    shutil.copytree(MINI_INDICATORS, tmp_path / "indicators")
    return tmp_path / "rubric"


def _replace_first(path: Path, pattern: str, value: str) -> int:
    """Put `value` in place of the first number matched by `pattern`; return its line (1-based)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        m = re.search(pattern, line)
        if m:
            lines[n] = line[:m.start(1)] + value + line[m.end(1):]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return n + 1
    raise AssertionError(f"{pattern} not in {path}")


@pytest.mark.parametrize("value", [".nan", ".inf", '"12"', "true"])
def test_a_bad_weight_in_weights_yaml_is_a_located_error_in_check_and_score(tmp_path, inputs, rubric_copy, value):
    line = _replace_first(rubric_copy / "weights.yaml", r"^\s+A:\s*([0-9.]+)", value)
    indicators = rubric_copy.parent / "indicators"
    for command in (("check",), ("score", inputs, "--out", tmp_path / "out")):
        res = run_scorer(*command, "--rubric", rubric_copy, "--indicators", indicators, cwd=tmp_path)
        assert res.returncode == 2, res.stderr
        assert f"weights.yaml:{line}:" in res.stderr and "数字" in res.stderr
        assert "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", [".nan", '"abc"', "false", "-.inf"])
def test_a_bad_weight_in_an_indicator_file_is_a_located_error(tmp_path, rubric_copy, value):
    indicators = rubric_copy.parent / "indicators"
    path = sorted(indicators.glob("*.yaml"))[0]
    line = _replace_first(path, r"^\s+weight:\s*([0-9.]+)", value)
    res = run_scorer("check", "--rubric", rubric_copy, "--indicators", indicators, cwd=tmp_path)
    assert res.returncode == 2 and f"{path.name}:{line}:" in res.stderr and "weight" in res.stderr, res.stderr


@pytest.mark.parametrize("value", [".nan", ".inf", '"3"', "yes"])
def test_a_bad_weight_in_a_profile_is_a_located_error_in_check_and_score(tmp_path, inputs, rubric_copy, value):
    indicators = rubric_copy.parent / "indicators"
    profile = rubric_copy / "profiles" / "mine.yaml"
    profile.write_text(f"name: 我的权重\nareas:\n  D: {value}\n", encoding="utf-8")
    res = run_scorer("check", "--rubric", rubric_copy, "--indicators", indicators, cwd=tmp_path)
    assert res.returncode == 2 and "mine.yaml:3:" in res.stderr, res.stderr
    res = run_scorer("score", inputs, "--out", tmp_path / "out", "--rubric", rubric_copy, "--indicators", indicators,
                     "--profile", "mine", cwd=tmp_path)
    assert res.returncode == 2 and "mine.yaml:3:" in res.stderr, res.stderr


def test_a_bad_level_credit_is_a_located_error(tmp_path, rubric_copy):
    line = _replace_first(rubric_copy / "rubric.yaml", r"credit:\s*([0-9.]+)", ".nan")
    res = run_scorer("check", "--rubric", rubric_copy, "--indicators", rubric_copy.parent / "indicators", cwd=tmp_path)
    assert res.returncode == 2 and f"rubric.yaml:{line}:" in res.stderr, res.stderr


@pytest.fixture
def clashing(tmp_path) -> Path:
    folder = tmp_path / "in"
    (title_a, body_a), (title_b, body_b) = GOOD.values()
    (folder / "2024").mkdir(parents=True)
    (folder / "2025").mkdir()
    write_submission(folder / "2024", "报告.txt", body_a, id="qingchuan", title=title_a)
    write_submission(folder / "2025", "报告.txt", body_b, id="qingchuan", title=title_b)
    return folder


def test_duplicate_ids_are_reported_naming_both_files_and_both_are_scored(tmp_path, clashing):
    out = tmp_path / "out"
    res = run_scorer("score", clashing, "--out", out, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    note = next(line for line in res.stderr.splitlines() if "qingchuan" in line)
    assert "2024/报告.txt" in note and "2025/报告.txt" in note and "qingchuan-2" in note
    results = results_of(out)
    assert sorted(s["id"] for s in results["submissions"]) == ["qingchuan", "qingchuan-2"]
    # Said where a reader looks too, not only on stderr: results.json, the index, both pages.
    [clash] = results["duplicate_ids"]
    assert clash["id"] == "qingchuan" and clash["assigned"] == ["qingchuan", "qingchuan-2"]
    assert [Path(f).relative_to(clashing).as_posix() for f in clash["files"]] == ["2024/报告.txt", "2025/报告.txt"]
    index = (out / "index.html").read_text(encoding="utf-8")
    notice = index[index.index('id="duplicate-ids"'):]
    notice = notice[:notice.index("</div>")]
    assert "2024/报告.txt" in notice and "2025/报告.txt" in notice and 'href="qingchuan-2.html"' in notice
    assert 'id="failures"' not in index  # both files were scored: this is no failure
    for page in ("qingchuan.html", "qingchuan-2.html"):
        assert "2025/报告.txt" in (out / page).read_text(encoding="utf-8")


def test_components_refuse_an_ambiguous_id(tmp_path, clashing):
    scores = tmp_path / "components.csv"
    scores.write_text("id,field,survey\nqingchuan,80,90\nqingchuan-2,70,60\n", encoding="utf-8")
    before = snapshot(clashing)
    out = tmp_path / "out"
    res = run_scorer("score", clashing, "--out", out, "--components", scores, "--profile", "demonstration",
                     cwd=tmp_path)
    assert res.returncode == 2, res.stderr
    assert "qingchuan" in res.stderr and "2024/报告.txt" in res.stderr and "2025/报告.txt" in res.stderr
    assert not out.exists()
    assert_kept(before, clashing)


def test_rescore_refuses_an_ambiguous_id_too(tmp_path, clashing):
    out = tmp_path / "out"
    assert run_scorer("score", clashing, "--out", out, cwd=tmp_path).returncode == 0
    before = snapshot(out)
    scores = tmp_path / "components.csv"
    scores.write_text("id,field,survey\nqingchuan,80,90\nqingchuan-2,70,60\n", encoding="utf-8")
    res = run_scorer("rescore", out, "--components", scores, "--profile", "demonstration", cwd=tmp_path)
    assert res.returncode == 2 and "2024/报告.txt" in res.stderr and "2025/报告.txt" in res.stderr, res.stderr
    assert_kept(before, out)


@pytest.mark.parametrize("command", [["rescore"], ["sensitivity", "--draws", "5"]])
def test_evidence_found_by_other_rules_is_not_rescored(tmp_path, inputs, rubric_copy, command):
    """A run's evidence is what its rules found: after a rule changes, rescore and sensitivity
    refuse it, naming the run's file and what to do, and leave the run folder as it was."""
    indicators = rubric_copy.parent / "indicators"
    out = tmp_path / "out"
    rubric = ["--rubric", rubric_copy, "--indicators", indicators]
    assert run_scorer("score", inputs, "--out", out, *rubric, cwd=tmp_path).returncode in (0, 1)
    again = run_scorer(command[0], out, *command[1:], *rubric, cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # the same rules: accepted
    path = indicators / "D.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("concrete: [公示平台]", "concrete: [公示平台, 公示栏]"),
                    encoding="utf-8")
    before = snapshot(out)
    res = run_scorer(command[0], out, *command[1:], *rubric, cwd=tmp_path)
    assert res.returncode == 2, res.stdout + res.stderr
    assert str(out / "run.json") in res.stderr and "规则已改变" in res.stderr and "scorer score" in res.stderr
    assert_kept(before, out)
