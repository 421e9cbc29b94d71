"""Weight profiles: inheritance, switching off, shares, and every error located by file and line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import weights_kit as kit  # noqa: E402

from scorer.cli import main  # noqa: E402
from scorer.profiles import WRITTEN, default_weights, kind_of, load_weights, profile_yaml  # noqa: E402
from scorer.rubric import load_rubric  # noqa: E402
from scorer.yamlio import RubricError  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rubric(tmp_path):
    rubric_dir, ind_dir = kit.make_rubric(tmp_path, areas={"D": 2, "F": 1, "G": 1})
    return load_rubric(rubric_dir, ind_dir)


def write(rubric, name, text):
    path = Path(rubric.rubric_dir) / "profiles" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_shares_by_hand(rubric):
    m = default_weights(rubric).indicator_max(rubric)
    # D is 2/4 of 100; D2 and D3 halve it; D2.1 and D2.2 halve D2.
    assert m["D2.1"] == pytest.approx(12.5) and m["D3.1"] == pytest.approx(25)
    assert m["F1.1"] == pytest.approx(12.5) and m["G4.1"] == pytest.approx(25)
    assert sum(m.values()) == pytest.approx(100)


def test_profile_overrides_only_what_it_names(rubric):
    write(rubric, "p", "extends: default\ndescription: 复议加权\nareas: {F: 3}\ncodes: {F1: 3}\nindicators: {D2.1: 3}\n")
    w = load_weights(rubric, "p")
    assert w.profile == "p" and w.description == "复议加权" and w.extends == "default"
    assert w.areas == {"D": 2, "F": 3, "G": 1} and w.codes["F1"] == 3 and w.codes["F3"] == 1
    m = w.indicator_max(rubric)
    assert m["F1.1"] == pytest.approx(100 * 3 / 6 * 3 / 4)
    assert m["D2.1"] == pytest.approx(100 * 2 / 6 * 1 / 2 * 3 / 4)
    assert sum(m.values()) == pytest.approx(100)


def test_raising_an_area_lowers_the_others_in_proportion(rubric):
    write(rubric, "p", "areas: {F: 4}\n")
    before, after = default_weights(rubric).points(rubric), load_weights(rubric, "p").points(rubric)
    assert after["F"] == pytest.approx(100 * 4 / 7)
    assert after["D"] / after["G"] == pytest.approx(before["D"] / before["G"])


def test_chain_of_profiles_by_name_and_by_path(rubric, tmp_path):
    write(rubric, "base", "areas: {F: 5}\ncomponents: {written: 1, field: 1}\n")
    write(rubric, "child", "extends: base\ncodes: {F3: 0}\n")
    other = tmp_path / "elsewhere" / "grandchild.yaml"
    other.parent.mkdir()
    other.write_text(f"extends: {Path(rubric.rubric_dir) / 'profiles' / 'child.yaml'}\nname: 孙\nareas: {{G: 0}}\n",
                     encoding="utf-8")
    w = load_weights(rubric, str(other))
    assert w.profile == "孙" and w.areas["F"] == 5 and w.codes["F3"] == 0 and w.areas["G"] == 0
    assert w.components == {WRITTEN: 1, "field": 1}
    m = w.indicator_max(rubric)
    assert m["G4.1"] == 0 and m["F3.1"] == 0 and m["F1.1"] == pytest.approx(100 * 5 / 7)


def test_off_switches_indicators_codes_and_areas_and_shares_flow_to_siblings(rubric):
    write(rubric, "p", "off: [D2.2, F3, G]\n")
    w = load_weights(rubric, "p")
    m = w.indicator_max(rubric)
    assert m["D2.2"] == 0 and m["F3.1"] == 0 and m["G4.1"] == 0
    assert m["D2.1"] == pytest.approx(100 * 2 / 3 / 2)  # D2 keeps its half of D through D2.1 alone
    assert m["F1.1"] == pytest.approx(100 / 3)
    assert sum(m.values()) == pytest.approx(100)


def test_a_zero_code_weight_for_a_whole_area_does_not_divide_by_zero(rubric):
    write(rubric, "p", "codes: {F1: 0, F3: 0}\n")
    m = load_weights(rubric, "p").indicator_max(rubric)
    assert m["F1.1"] == 0 and m["F3.1"] == 0
    # F weighs nothing once all its codes do: its share flows to D and G (2:1).
    assert m["D3.1"] == pytest.approx(100 * 2 / 3 / 2) and m["G4.1"] == pytest.approx(100 / 3)


def test_profile_yaml_round_trips(rubric, tmp_path):
    write(rubric, "p", "areas: {F: 2.5}\ncodes: {D3: 0.1}\noff: [D2.2]\ncomponents: {written: 0.7, survey: 0.3}\n")
    w = load_weights(rubric, "p")
    for full in (True, False):
        out = tmp_path / f"copy{full}.yaml"
        out.write_text(profile_yaml(rubric, w, header="说明", all_indicators=full), encoding="utf-8")
        again = load_weights(rubric, str(out))
        assert again.flat() == w.flat() and again.components == w.components and again.profile == "p"
        assert again.indicator_max(rubric) == w.indicator_max(rubric)


def test_indicator_max_matches_the_closed_formula(rubric):
    write(rubric, "p", "areas: {D: 0.3, F: 7.1, G: 1.9}\ncodes: {D2: 0.7, F3: 2.2}\nindicators: {D2.1: 0.1}\n")
    w = load_weights(rubric, "p")
    m = w.indicator_max(rubric)
    code_area = rubric.code_area()
    total = sum(w.areas.values())
    for ind in rubric.indicators:
        c, a = ind.code, code_area[ind.code]
        area_codes = [k for k, v in code_area.items() if v == a]
        expected = (100 * w.areas[a] / total * w.codes[c] / sum(w.codes[k] for k in area_codes)
                    * w.indicators[ind.id] / sum(w.indicators[i.id] for i in rubric.indicators if i.code == c))
        assert m[ind.id] == pytest.approx(expected, rel=1e-12)


def test_kind_of(rubric):
    assert [kind_of(rubric, x) for x in ("F", "F1", "F1.1", "F9", "Z", "F1.9")] == [
        "areas", "codes", "indicators", None, None, None]


ERRORS = [
    ("unknown area", "description: x\nareas:\n  Z: 3\n", 3, "Z"),
    ("code under areas", "areas:\n  F: 2\n  F1: 3\n", 3, "应写在 codes 下"),
    ("unknown code", "codes:\n  F9: 3\n", 2, "F9"),
    ("unknown indicator", "indicators:\n  D2.1: 1\n  D2.9: 1\n", 3, "D2.9"),
    ("negative", "areas:\n  F: -1\n", 2, "负数"),
    ("non-numeric", "codes:\n  F1: 很高\n", 2, "应为数字"),
    ("boolean", "codes:\n  F1: yes\n", 2, "应为数字"),
    ("nan", "codes:\n  F1: .nan\n", 2, "有限"),
    ("section not a mapping", "areas: [F, 2]\n", 1, "映射"),
    ("off unknown", "off:\n  - D2.1\n  - X9\n", 3, "X9"),
    ("off not a list", "off: D2.1\n", 1, "列表"),
    ("unknown field", "extends: default\nweigths: {F: 2}\n", 2, "weigths"),
    ("everything off", "description: all\noff: [D, F, G]\n", 2, "所有指标"),
    ("all areas zero", "areas: {D: 0, F: 0, G: 0}\n", 1, "所有指标"),
    ("components without written", "components:\n  field: 1\n", 1, "written"),
    ("yaml syntax", "areas: {F: 2\ncodes: {}\n", 2, "YAML"),
]


@pytest.mark.parametrize("label,text,line,words", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_name_file_and_line(rubric, label, text, line, words):
    path = write(rubric, "bad", text)
    with pytest.raises(RubricError) as info:
        load_weights(rubric, "bad")
    assert Path(info.value.path) == path
    assert info.value.line == line, str(info.value)
    assert words in info.value.message
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_extending_itself(rubric):
    path = write(rubric, "me", "# 自己继承自己\nextends: me\n")
    with pytest.raises(RubricError) as info:
        load_weights(rubric, "me")
    assert (Path(info.value.path), info.value.line) == (path, 2) and "自己" in info.value.message


def test_a_cycle_is_reported_where_it_closes(rubric):
    write(rubric, "a", "extends: b\n")
    b = write(rubric, "b", "description: b\nextends: a\n")
    with pytest.raises(RubricError) as info:
        load_weights(rubric, "a")
    assert (Path(info.value.path), info.value.line) == (b, 2)
    assert "循环" in info.value.message and "a → b → a" in info.value.message


def test_missing_parent(rubric):
    path = write(rubric, "orphan", "description: x\nextends: nowhere\n")
    with pytest.raises(RubricError) as info:
        load_weights(rubric, "orphan")
    assert (Path(info.value.path), info.value.line) == (path, 2) and "nowhere" in info.value.message


def test_an_error_in_a_parent_names_the_parent(rubric):
    parent = write(rubric, "parent", "areas:\n  F: -2\n")
    write(rubric, "child", "extends: parent\n")
    with pytest.raises(RubricError) as info:
        load_weights(rubric, "child")
    assert (Path(info.value.path), info.value.line) == (parent, 2)


def test_missing_profile_lists_the_available_ones(rubric):
    write(rubric, "p", "areas: {F: 2}\n")
    with pytest.raises(RubricError) as info:
        load_weights(rubric, "nope")
    assert "default" in info.value.message and "p" in info.value.message


def test_cli_reports_profile_errors_with_file_and_line(rubric, tmp_path, capsys):
    path = write(rubric, "bad", "areas:\n  F: -1\n")
    code = main(["weights", "show", "--profile", "bad", "--rubric", rubric.rubric_dir,
                 "--indicators", rubric.indicators_dir])
    assert code == 2
    assert f"{path}:2:" in capsys.readouterr().err


def test_shipped_profiles_load_against_the_project_rubric():
    try:
        project = load_rubric(ROOT / "rubric")
    except RubricError as exc:  # the indicator files are edited by others; weights are not the point here
        pytest.skip(f"project rubric does not load right now: {exc}")
    files = sorted((ROOT / "rubric" / "profiles").glob("*.yaml"))
    assert files, "rubric/profiles/ should ship example profiles"
    for path in files:
        w = load_weights(project, str(path))
        assert w.description, f"{path.name} should say why it changes the weights"
        assert sum(w.indicator_max(project).values()) == pytest.approx(100)
