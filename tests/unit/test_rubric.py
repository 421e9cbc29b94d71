"""Rubric loading: every error names the file and the line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scorer.rubric import load_rubric
from scorer.yamlio import RubricError

ROOT = Path(__file__).resolve().parents[2]

GOOD = """area: D
indicators:
  - id: D2.1
    code: D2
    name: 行政执法公示
    expects: 建成公示平台并公开执法信息
    weight: 1
    match:
      - all: [[执法], [公示]]
    examples:
      none: ["绿化。"]
      mention: ["要推行执法公示。"]
      substantive: ["建成执法公示平台。"]
"""


def load_with(tmp_path: Path, text: str, name: str = "D.yaml"):
    rubric_dir = tmp_path / "rubric"
    shutil.copytree(ROOT / "rubric", rubric_dir)
    ind = tmp_path / "indicators"
    ind.mkdir()
    (ind / name).write_text(text, encoding="utf-8")
    return load_rubric(rubric_dir, ind)


def error_of(tmp_path, text) -> RubricError:
    with pytest.raises(RubricError) as info:
        load_with(tmp_path, text)
    return info.value


def test_good_file_loads_with_catalogue_codes(tmp_path):
    rubric = load_with(tmp_path, GOOD)
    assert [i.id for i in rubric.indicators] == ["D2.1"]
    assert len(rubric.code_area()) == 36
    assert set(rubric.spec.areas) == set("ABCDEFGHIJ")


def test_yaml_syntax_error_has_line(tmp_path):
    err = error_of(tmp_path, GOOD.replace("    weight: 1", "    weight: [1"))
    assert err.path.endswith("D.yaml") and err.line is not None and "YAML" in err.message


def test_unknown_code_points_at_its_line(tmp_path):
    err = error_of(tmp_path, GOOD.replace("code: D2", "code: D9").replace("id: D2.1", "id: D9.1"))
    assert err.line == 4 and "D9" in err.message


def test_duplicate_id(tmp_path):
    body = GOOD.split("indicators:\n", 1)[1]
    err = error_of(tmp_path, GOOD + body)
    assert "重复" in err.message and err.line == 14


def test_negative_weight(tmp_path):
    err = error_of(tmp_path, GOOD.replace("weight: 1", "weight: -2"))
    assert err.line == 7 and "weight" in err.message


def test_bad_regex_is_reported_not_compiled_lazily(tmp_path):
    err = error_of(tmp_path, GOOD.replace("      - all: [[执法], [公示]]", '      - regex: "执法(?<=x)公示"'))
    assert err.line == 9 and "正则" in err.message


def test_missing_field(tmp_path):
    err = error_of(tmp_path, GOOD.replace("    expects: 建成公示平台并公开执法信息\n", ""))
    assert "expects" in err.message and err.line == 3


def test_missing_examples_level(tmp_path):
    err = error_of(tmp_path, GOOD.replace('      mention: ["要推行执法公示。"]\n', ""))
    assert "examples" in err.message


def test_unknown_field_is_a_typo(tmp_path):
    err = error_of(tmp_path, GOOD.replace("    weight: 1", "    wieght: 1"))
    assert "wieght" in err.message and err.line == 7


def test_weights_yaml_unknown_area(tmp_path):
    rubric_dir = tmp_path / "rubric"
    shutil.copytree(ROOT / "rubric", rubric_dir)
    (rubric_dir / "weights.yaml").write_text("areas:\n  A: 1\n  Z: 3\n", encoding="utf-8")
    ind = tmp_path / "indicators"
    ind.mkdir()
    (ind / "D.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_rubric(rubric_dir, ind)
    assert info.value.line == 3 and "Z" in info.value.message


def test_rules_hash_ignores_weights_but_rubric_hash_does_not(tmp_path):
    a = load_with(tmp_path / "a", GOOD)
    b = load_with(tmp_path / "b", GOOD.replace("weight: 1", "weight: 3"))
    assert a.rules_sha256 == b.rules_sha256
    assert a.sha256 != b.sha256


def test_rubric_areas_match_shared_catalogue(project_rubric):
    yaml = pytest.importorskip("yaml")
    catalogue = ROOT.parent / "shared" / "spec" / "catalogue.yaml"
    if not catalogue.exists():
        pytest.skip("../shared is absent")
    cat = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    for letter, area in cat["areas"].items():
        assert project_rubric.spec.areas[letter].name == area["name"]
        assert project_rubric.spec.areas[letter].codes == {c: s["name"] for c, s in area["secondary"].items()}
