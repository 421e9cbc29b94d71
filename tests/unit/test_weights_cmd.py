"""`scorer weights show|diff|set` and re-scoring a run with another profile without re-reading it."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import weights_kit as kit  # noqa: E402

from scorer.cli import main  # noqa: E402
from scorer.results_file import read_results


@pytest.fixture
def env(tmp_path):
    rubric_dir, ind_dir = kit.make_rubric(tmp_path, areas={"D": 2, "F": 1, "G": 1})
    return tmp_path, ["--rubric", str(rubric_dir), "--indicators", str(ind_dir)], rubric_dir


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_show_prints_a_tree_with_shares(env, capsys):
    _, opts, _ = env
    code, out, _ = run(capsys, "weights", "show", *opts)
    assert code == 0
    lines = out.splitlines()
    d = next(ln for ln in lines if ln.startswith("D "))
    d2 = next(ln for ln in lines if ln.startswith("  D2 "))
    d21 = next(ln for ln in lines if ln.startswith("    D2.1 "))
    assert "50.0%" in d and "50.00" in d  # D: 2 of 4
    assert "50.0%" in d2 and "25.00" in d2
    assert "50.0%" in d21 and "12.50" in d21
    assert "100.00" in lines[-1]


def test_show_json_lists_every_weight(env, capsys):
    _, opts, rubric_dir = env
    (rubric_dir / "profiles" / "p.yaml").write_text("areas: {F: 3}\noff: [G4]\n", encoding="utf-8")
    code, out, _ = run(capsys, "weights", "show", "--profile", "p", "--json", *opts)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"D", "F", "G", "D2", "D3", "F1", "F3", "G4", "D2.1", "D2.2", "D3.1", "F1.1", "F3.1", "G4.1"}
    assert data["F"] == 3 and data["D"] == 2 and data["G4.1"] == 0 and data["F1.1"] == 1


def test_show_marks_switched_off_items(env, capsys):
    _, opts, rubric_dir = env
    (rubric_dir / "profiles" / "p.yaml").write_text("description: 关闭 G\noff: [G]\n", encoding="utf-8")
    code, out, _ = run(capsys, "weights", "show", "--profile", "p", "--depth", "1", *opts)
    assert code == 0 and "说明：关闭 G" in out
    assert "（关闭）" in next(ln for ln in out.splitlines() if ln.startswith("G "))
    assert "D2" not in out  # depth 1: areas only


def test_diff(env, capsys):
    _, opts, rubric_dir = env
    (rubric_dir / "profiles" / "p.yaml").write_text("areas: {F: 2}\ncodes: {F1: 3}\n", encoding="utf-8")
    code, out, _ = run(capsys, "weights", "diff", "default", "p", *opts)
    assert code == 0
    f_line = next(ln for ln in out.splitlines() if ln.startswith("F "))
    assert "1 → 2" in f_line and "25.00 → 40.00" in f_line
    assert "D 行政执法严格规范公正文明：50.00 → 40.00" in out
    code, out, _ = run(capsys, "weights", "diff", "p", "p", *opts)
    assert "完全相同" in out
    code, out, _ = run(capsys, "weights", "diff", "default", "p", "--json", *opts)
    assert json.loads(out) == {"F": [1, 2], "F1": [1, 3]}


def test_set_creates_a_profile_extending_default(env, capsys):
    root, opts, _ = env
    path = root / "mine.yaml"
    code, out, _ = run(capsys, "weights", "set", "F", "3", "--profile", path, *opts)
    assert code == 0 and "新建" in out and "25.00 → 50.00" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and "extends: default" in text and "F: 3" in text
    code, out, _ = run(capsys, "weights", "show", "--profile", path, "--json", *opts)
    assert json.loads(out)["F"] == 3
    assert run(capsys, "weights", "set", "F1", "2", "--profile", path, "--why", "复议是主渠道", *opts)[0] == 0
    code, out, _ = run(capsys, "weights", "show", "--profile", path, *opts)
    assert "说明：复议是主渠道" in out


def test_set_keeps_comments_and_order(env, capsys):
    root, opts, rubric_dir = env
    path = rubric_dir / "profiles" / "kept.yaml"
    path.write_text(
        "# 复议加权：年度重点\n"
        "extends: default\n"
        "description: 为何调整   # 行尾注释\n"
        "areas:\n"
        "  F: 2   # 由 1 提高\n"
        "  G: 1\n"
        "# 结尾注释\n", encoding="utf-8")
    assert run(capsys, "weights", "set", "G", "0.5", "--profile", "kept", *opts)[0] == 0
    assert run(capsys, "weights", "set", "F1.1", "2", "--profile", "kept", *opts)[0] == 0
    assert run(capsys, "weights", "set", "D3", "1.5", "--profile", "kept", *opts)[0] == 0
    text = path.read_text(encoding="utf-8")
    for kept in ("# 复议加权：年度重点", "# 行尾注释", "# 由 1 提高", "# 结尾注释"):
        assert kept in text
    assert "G: 0.5" in text and "F1.1: 2" in text and "D3: 1.5" in text
    assert text.index("extends") < text.index("areas")
    _, out, _ = run(capsys, "weights", "show", "--profile", "kept", "--json", *opts)
    data = json.loads(out)
    assert (data["F"], data["G"], data["F1.1"], data["D3"]) == (2, 0.5, 2, 1.5)


def test_set_rejects_bad_ids_and_values(env, capsys):
    root, opts, _ = env
    path = root / "p.yaml"
    code, _, err = run(capsys, "weights", "set", "Z9", "1", "--profile", path, *opts)
    assert code == 2 and "Z9" in err and not path.exists()
    code, _, err = run(capsys, "weights", "set", "F", "-1", "--profile", path, *opts)
    assert code == 2 and "负数" in err and not path.exists()
    code, _, err = run(capsys, "weights", "set", "F", "很多", "--profile", path, *opts)
    assert code == 2 and "数字" in err
    code, _, err = run(capsys, "weights", "set", "F", "1", "--profile", "default", *opts)
    assert code == 2 and "weights.yaml" in err


def test_set_that_would_switch_everything_off_is_undone(env, capsys):
    root, opts, _ = env
    path = root / "p.yaml"
    path.write_text("# 注释\nareas: {D: 0, F: 0}\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    code, _, err = run(capsys, "weights", "set", "G", "0", "--profile", path, *opts)
    assert code == 2 and "所有指标" in err and f"{path}:" in err
    assert path.read_text(encoding="utf-8") == before


def test_set_warns_when_the_item_stays_off(env, capsys):
    root, opts, _ = env
    path = root / "p.yaml"
    path.write_text("off: [F1]\n", encoding="utf-8")
    code, _, err = run(capsys, "weights", "set", "F1.1", "2", "--profile", path, *opts)
    assert code == 0 and "off" in err and "F1" in err


def test_rescore_reads_no_submission_and_follows_the_profile(env, capsys):
    root, opts, _ = env
    subs = root / "subs"
    kit.write_submission(subs, "jia", {"D2.1": "quantified", "D3.1": "quantified"}, title="甲市2023年法治政府建设年度报告")
    kit.write_submission(subs, "yi", {"F1.1": "quantified", "F3.1": "quantified"}, title="乙市2023年法治政府建设年度报告")
    out = root / "out"
    code, _, _ = run(capsys, "score", subs, "--out", out, "--quiet", *opts)
    assert code == 0
    first = {s["id"]: s for s in read_results(out / "results.json")["submissions"]}
    # D weighs 2 of 4: jia earns D2.1 (12.5) + D3.1 (25); yi earns F1 and F3 (12.5 each).
    assert first["jia"]["total"] == pytest.approx(37.5) and first["yi"]["total"] == pytest.approx(25)
    assert first["jia"]["rank"] == 1
    shutil.rmtree(subs)  # nothing left to read: rescore must work from the saved evidence

    profile = root / "f.yaml"
    assert run(capsys, "weights", "set", "F", "6", "--profile", profile, *opts)[0] == 0
    code, _, _ = run(capsys, "rescore", out, "--profile", profile, *opts)
    assert code == 0
    again = read_results(out / "results.json")
    by_id = {s["id"]: s for s in again["submissions"]}
    # Now D is 2/9 and F 6/9 of the points; each indicator's points are rounded to 4 decimals.
    assert by_id["jia"]["total"] == pytest.approx(round(100 * 2 / 9 / 4, 4) + round(100 * 2 / 9 / 2, 4), abs=1e-9)
    assert by_id["yi"]["total"] == pytest.approx(2 * round(100 * 6 / 9 / 2, 4), abs=1e-9)
    assert by_id["yi"]["rank"] == 1 and again["rubric"]["profile"] == "f"
    saved = (out / "profile.yaml").read_text(encoding="utf-8")
    assert "F: 6.0" in saved and "name: f" in saved
    assert (out / "weights.html").exists()


def test_rescore_refuses_changed_rules(env, capsys):
    root, opts, rubric_dir = env
    kit.write_submission(root / "subs", "jia", {"D2.1": "mention"})
    out = root / "out"
    assert run(capsys, "score", root / "subs", "--out", out, "--quiet", *opts)[0] == 0
    ind = Path(opts[3]) / "G.yaml"
    ind.write_text(ind.read_text(encoding="utf-8").replace("政务公开", "政务公开专栏", 1), encoding="utf-8")
    code, _, err = run(capsys, "rescore", out, *opts)
    assert code == 2 and "重新运行 scorer score" in err and str(out / "run.json") in err


def test_every_run_writes_a_self_contained_weights_page(env, capsys):
    import base64
    import hashlib
    import html
    import re

    root, opts, rubric_dir = env
    kit.write_submission(root / "subs", "odd", {"D2.1": "mention"}, title="</script><b>怪标题</b>市报告")
    (rubric_dir / "profiles" / "c.yaml").write_text("components: {written: 1, survey: 1}\n", encoding="utf-8")
    out = root / "out"
    assert run(capsys, "score", root / "subs", "--out", out, "--quiet", "--profile", "c", *opts)[0] == 0
    page = (out / "weights.html").read_text(encoding="utf-8")
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "default-src 'none'" in csp and "http" not in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert "<script src" not in page and "<link" not in page
    data = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S).group(1)
    assert "</" not in data
    parsed = json.loads(data)
    assert parsed["submissions"][0]["title"] == "</script><b>怪标题</b>市报告"
    assert parsed["submissions"][0]["levels"] == "100000"  # D2.1 mention, in rubric order
    assert parsed["component_weights"] == [["written", 1.0], ["survey", 1.0]] and parsed["components"] == []
    assert "&lt;/script&gt;" in page  # the server-rendered rows are escaped
