"""Composite ranking: written review + scores from elsewhere, never treating missing data as zero."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import weights_kit as kit  # noqa: E402

from scorer.cli import main  # noqa: E402
from scorer.components import FILE_NAME, ComponentsError, check, composite, for_run, read_components  # noqa: E402
from scorer.profiles import Weights  # noqa: E402
from scorer.results_file import read_results

WEIGHTS = Weights(profile="demo", areas={}, codes={}, indicators={},
                  components={"written": 0.5, "field": 0.3, "survey": 0.2})


def csv(tmp_path, text, name="c.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_reads_ids_and_scores(tmp_path):
    comps = read_components(csv(tmp_path, "id,field,survey\na,80,90.5\nb, 70 ,NA\n\n"))
    assert comps.names == ["field", "survey"]
    assert comps.scores == {"a": {"field": 80, "survey": 90.5}, "b": {"field": 70, "survey": None}}
    assert comps.lines == {"a": 2, "b": 3}


def test_chinese_headers_and_gbk_from_excel(tmp_path):
    comps = read_components(csv(tmp_path, "编号,实地评估,满意度\n青川市,88,91\n", encoding="gbk"))
    assert comps.names == ["field", "survey"] and comps.scores["青川市"] == {"field": 88, "survey": 91}
    comps = read_components(csv(tmp_path, "\ufeffid,field\na,1\n", name="bom.csv"))
    assert comps.scores == {"a": {"field": 1}}


@pytest.mark.parametrize("text,where,words", [
    ("id,field\na,101\n", ":2:", "0–100"),
    ("id,field\na,-1\n", ":2:", "0–100"),
    ("id,field\na,高\n", ":2:", "数字"),
    ("id,field\na,1\na,2\n", ":3:", "重复"),
    ("name,field\na,1\n", ":1:", "第一列应为 id"),
    ("id\na\n", ":1:", "至少需要一列"),
    ("id,written\na,1\n", ":1:", "由本工具计算"),
    ("id,field,field\na,1,2\n", ":1:", "重复"),
    ("id,field\n,1\n", ":2:", "缺少 id"),
    ("id,field\na,1,2\n", ":2:", "列数"),
])
def test_bad_files_are_errors_with_line(tmp_path, text, where, words):
    path = csv(tmp_path, text)
    with pytest.raises(ComponentsError) as info:
        read_components(path)
    assert f"{path}{where}" in str(info.value) and words in str(info.value)


def test_missing_ids_and_values_are_listed_not_zeroed(tmp_path):
    comps = read_components(csv(tmp_path, "id,field,survey\na,80,90\nb,70,\n"))
    with pytest.raises(ComponentsError) as info:
        check(comps, ["a", "b", "c", "d"], WEIGHTS)
    message = str(info.value)
    assert "缺少 2 份材料的行：c、d" in message
    assert "b 的 survey（第 3 行）" in message
    assert "不会按 0 分处理" in message


def test_a_missing_value_of_an_unweighted_component_does_not_matter(tmp_path):
    comps = read_components(csv(tmp_path, "id,field,survey\na,80,\n"))
    weights = WEIGHTS.model_copy(update={"components": {"written": 1, "field": 1, "survey": 0}})
    assert check(comps, ["a"], weights) == []
    assert composite(60.0, comps.scores["a"], weights.components) == 70.0


def test_columns_and_profile_must_agree(tmp_path):
    comps = read_components(csv(tmp_path, "id,field,extra\na,1,2\n"))
    with pytest.raises(ComponentsError, match="extra.*没有权重"):
        check(comps, ["a"], WEIGHTS)
    comps = read_components(csv(tmp_path, "id,field\na,1\n"))
    with pytest.raises(ComponentsError, match="survey"):
        check(comps, ["a"], WEIGHTS)
    with pytest.raises(ComponentsError, match="没有 components"):
        check(comps, ["a"], WEIGHTS.model_copy(update={"components": {}}))


def test_rows_not_in_the_run_are_a_notice(tmp_path):
    comps = read_components(csv(tmp_path, "id,field,survey\na,1,2\nzz,3,4\n"))
    notices = check(comps, ["a"], WEIGHTS)
    assert len(notices) == 1 and "zz" in notices[0]


def test_which_components_a_run_combines_and_what_it_is_told(tmp_path):
    given = csv(tmp_path, "id,field,survey\na,80,90\nzz,1,2\n")
    comps, notices = for_run(given, ["a"], WEIGHTS)  # --components FILE: used, with its stray row named
    assert comps.scores["a"] == {"field": 80, "survey": 90} and len(notices) == 1 and "zz" in notices[0]
    # none given, none kept: the profile's component weights cannot be used, and the user is told
    comps, notices = for_run(None, ["a"], WEIGHTS, tmp_path / "empty")
    assert comps is None and len(notices) == 1 and "没有提供 --components" in notices[0]
    assert for_run(None, ["a"], WEIGHTS.model_copy(update={"components": {}})) == (None, [])
    # a rescore finds the copy kept in the run folder; a profile without components leaves it unused
    kept = tmp_path / "run"
    kept.mkdir()
    (kept / FILE_NAME).write_text("id,field,survey\na,80,90\n", encoding="utf-8")
    comps, notices = for_run(None, ["a"], WEIGHTS, kept)
    assert comps.scores["a"]["field"] == 80 and notices == []
    comps, notices = for_run(None, ["a"], WEIGHTS.model_copy(update={"components": {}}), kept)
    assert comps.used is False and "未使用" in notices[0]


def test_composite_by_hand():
    assert composite(60.0, {"field": 80.0, "survey": 90.0}, WEIGHTS.components) == pytest.approx(
        (0.5 * 60 + 0.3 * 80 + 0.2 * 90) / 1.0)
    assert composite(33.3333, {"field": 10.0, "survey": 0.0}, {"written": 2, "field": 1, "survey": 0}) == round(
        (2 * 33.3333 + 10) / 3, 4)


@pytest.fixture
def env(tmp_path):
    rubric_dir, ind_dir = kit.make_rubric(tmp_path)
    (rubric_dir / "profiles" / "demo.yaml").write_text(
        "description: 综合\ncomponents: {written: 0.5, field: 0.3, survey: 0.2}\n", encoding="utf-8")
    subs = tmp_path / "subs"
    kit.write_submission(subs, "jia", dict.fromkeys(kit.SENTENCES, "quantified"), title="甲市2023年法治政府建设年度报告")
    kit.write_submission(subs, "yi", {"D2.1": "quantified"}, title="乙市2023年法治政府建设年度报告")
    return tmp_path, subs, ["--rubric", str(rubric_dir), "--indicators", str(ind_dir)]


def test_score_with_components_ranks_by_the_composite(env, capsys):
    root, subs, opts = env
    comps = csv(root, "id,实地评估,满意度\njia,0,0\nyi,100,100\n")
    out = root / "out"
    assert main(["score", str(subs), "--out", str(out), "--quiet", "--profile", "demo", "--components", str(comps), *opts]) == 0
    results = read_results(out / "results.json")
    by_id = {s["id"]: s for s in results["submissions"]}
    # jia: written 100, nothing else → 50; yi: written 100/3/2/2 = 8.3333 → 0.5·8.3333 + 30 + 20
    assert by_id["jia"]["total"] == 100 and by_id["jia"]["composite"] == 50
    assert by_id["yi"]["composite"] == pytest.approx(round(0.5 * by_id["yi"]["total"] + 50, 4))
    assert by_id["yi"]["rank"] == 1 and by_id["jia"]["rank"] == 2
    assert by_id["yi"]["components"] == {"written": by_id["yi"]["total"], "field": 100, "survey": 100}
    header = (out / "scores.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "composite" in header and "component_field" in header
    assert (out / "components.csv").exists()
    page = (out / "weights.html").read_text(encoding="utf-8")
    assert "综合成绩" in page

    # rescore keeps the components: another profile with component weights re-weighs them ...
    (Path(opts[1]) / "profiles" / "written_only.yaml").write_text(
        "components: {written: 1, field: 0, survey: 0}\n", encoding="utf-8")
    assert main(["rescore", str(out), "--profile", "written_only", *opts]) == 0
    by_id = {s["id"]: s for s in read_results(out / "results.json")["submissions"]}
    assert by_id["jia"]["rank"] == 1 and by_id["jia"]["composite"] == 100
    # ... and a profile without components ranks by the written total, saying so, keeping the file.
    capsys.readouterr()
    assert main(["rescore", str(out), *opts]) == 0
    assert "没有 components" in capsys.readouterr().err
    results = read_results(out / "results.json")
    assert all("composite" not in s for s in results["submissions"]) and (out / "components.csv").exists()


def test_missing_components_exit_2_and_write_nothing(env, capsys):
    root, subs, opts = env
    comps = csv(root, "id,field,survey\njia,80,\n")
    out = root / "out"
    code = main(["score", str(subs), "--out", str(out), "--quiet", "--profile", "demo", "--components", str(comps), *opts])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()  # reported before any evidence is extracted or cached
    assert "yi" in err and "jia 的 survey" in err


def test_components_need_component_weights(env, capsys):
    root, subs, opts = env
    comps = csv(root, "id,field,survey\njia,80,1\nyi,1,1\n")
    code = main(["score", str(subs), "--out", str(root / "out"), "--quiet", "--components", str(comps), *opts])
    assert code == 2 and "components" in capsys.readouterr().err
