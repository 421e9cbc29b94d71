"""The tables are built as text directly and results.json is written as the serializer's bytes:
they must stay byte for byte what pandas (text cells through csv_cell) and model_dump_json wrote,
on hand-made edge cases, on the seed under every profile with components, reviewed levels and rank
intervals, and on a synthetic run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorer.bench.seed import SEED, split_seed
from scorer.components import Components
from scorer.models import Level
from scorer.outputs import GAP_COLUMNS, csv_cell, csv_text, gaps_rows, scores_rows, write_tables
from scorer.pipeline import Run, extract_all, score_run
from scorer.profiles import load_weights
from scorer.report.weights_page import SENSITIVITY_COLUMNS, write_weight_outputs
from scorer.sensitivity import analyse, attach

PROFILES = [None] + sorted(p.stem for p in (Path(__file__).parents[2] / "rubric" / "profiles").glob("*.yaml"))


def pandas_csv(rows, columns=None) -> bytes:
    """What the tables were before they were built as text: text columns through csv_cell, numbers
    as pandas writes them (the pandas string dtype is not "object", so it is tested by kind)."""
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.apply(lambda col: col if pd.api.types.is_numeric_dtype(col) else col.map(csv_cell))
    return frame.to_csv(index=False).encode("utf-8-sig")


def ours(rows, columns=None) -> bytes:
    return csv_text(rows, columns).encode("utf-8-sig")


@pytest.mark.parametrize("rows,columns", [
    ([{"id": "=1+1", "title": '青川市"法治"报告,2025', "total": 12.5, "rank": 1},
      {"id": "s2", "title": "云岭县\n报告\x07", "total": 3.0, "rank": 2}], None),
    ([{"id": "a", "composite": 50.0, "component_field": 100},
      {"id": "b", "composite": 20.25, "component_survey": 7}], None),  # missing cells: float columns
    ([{"id": "a", "rank_lo": 1, "rank_hi": 3}, {"id": "b", "rank_lo": 2, "rank_hi": 2}], None),
    ([{"id": "a", "x": 1e-05, "y": 123456789012345.67, "z": -0.0}], None),
    ([{"id": "@SUM(A1)", "expects": "+1 条", "name": "\t松溪镇"}], None),
    ([{"id": "a\rb", "title": "c,d", "name": " e", "code": "", "x": None}, {"id": "f\ng", "x": 2}], None),
    ([{"only": ""}, {"only": "青川"}, {}], None),  # one column: an empty cell is written ""
    ([{"n": 1}, {"n": 2}], None),
    ([], GAP_COLUMNS),  # no gaps at all: the header alone
    ([], None),
])
def test_csv_text_is_what_pandas_wrote(rows, columns):
    assert ours(rows, columns) == pandas_csv(rows, columns)


def check_run(run, rubric, tmp_path, profile, *, components=None, sensitivity=False):
    weights = load_weights(rubric, profile)
    if components is not None:
        weights = weights.model_copy(update={"components": {"written": 0.6, "field": 0.4}})
    results = score_run(run, rubric, weights, components)
    if sensitivity:
        sens = analyse(results, run, rubric, weights, draws=20, components=components)
        results = attach(results, sens)
        write_weight_outputs(tmp_path, results, run, rubric, weights, components, sens)
        assert (tmp_path / "sensitivity.csv").read_bytes() == pandas_csv(sens.rows(), SENSITIVITY_COLUMNS)
    write_tables(results, rubric, tmp_path)
    assert (tmp_path / "results.json").read_bytes() == (
        results.model_dump_json(indent=1, exclude_none=True) + "\n").encode("utf-8")
    assert (tmp_path / "scores.csv").read_bytes() == pandas_csv(scores_rows(results, rubric))
    assert (tmp_path / "gaps.csv").read_bytes() == pandas_csv(gaps_rows(results, rubric), GAP_COLUMNS)
    assert len(gaps_rows(results, rubric)) == sum(len(s.gaps) for s in results.submissions) > 0


def reviewed(run: Run) -> Run:
    """Every submission's first indicator raised to quantified, as an expert's review would."""
    evidence = []
    for ev in run.evidence:
        first = ev.indicators[0].model_copy(update={"level": Level.quantified})
        evidence.append(ev.model_copy(update={"indicators": [first, *ev.indicators[1:]]}))
    return run.model_copy(update={"evidence": evidence})


def some_components(run: Run) -> Components:
    ids = [s.id for s in run.submissions]
    return Components(names=["field"], scores={sid: {"field": None if k % 3 == 0 else 40.0 + k % 7 * 7.5}
                                               for k, sid in enumerate(ids)})


@pytest.mark.seed
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")
def test_seed_tables_under_every_profile(project_rubric, tmp_path_factory):
    subs = split_seed(tmp_path_factory.mktemp("split"))
    run = Run(submissions=subs, evidence=extract_all(subs, project_rubric))
    for profile in PROFILES:
        check_run(run, project_rubric, tmp_path_factory.mktemp("plain"), profile)
        check_run(run, project_rubric, tmp_path_factory.mktemp("comp"), profile, components=some_components(run),
                  sensitivity=True)
        check_run(reviewed(run), project_rubric, tmp_path_factory.mktemp("rev"), profile)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")
def test_synthetic_tables(project_rubric, tmp_path_factory):
    from scorer.bench.scale import paragraphs_of, synthesise

    subs = synthesise(40, paragraphs_of(split_seed(tmp_path_factory.mktemp("split"))))
    run = Run(submissions=subs, evidence=extract_all(subs, project_rubric))
    for profile in PROFILES:
        check_run(run, project_rubric, tmp_path_factory.mktemp("syn"), profile, components=some_components(run),
                  sensitivity=True)
