"""Rank stability under random weight perturbations: correct, reproducible, vectorised and fast."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import weights_kit as kit  # noqa: E402

from scorer.cli import main  # noqa: E402
from scorer.components import Components  # noqa: E402
from scorer.models import Evidence, IndicatorEvidence, Level, Submission  # noqa: E402
from scorer.pipeline import Run, score_run  # noqa: E402
from scorer.profiles import Weights, load_weights  # noqa: E402
from scorer.rubric import load_rubric  # noqa: E402
from scorer.kernel import competition_ranks, round4  # noqa: E402
from scorer.sensitivity import Problem, analyse, attach  # noqa: E402
from scorer.results_file import read_results


@pytest.fixture
def rubric(tmp_path):
    return load_rubric(*kit.make_rubric(tmp_path, areas={"D": 2, "F": 1.5, "G": 1}))


def synthetic_run(rubric, n, seed=0, group="city"):
    rng = np.random.default_rng(seed)
    subs, evs = [], []
    for k in range(n):
        sid = f"s{k:05d}"
        subs.append(Submission(id=sid, title=sid, text="x", group=group))
        levels = rng.integers(0, 4, len(rubric.indicators))
        evs.append(Evidence(submission_id=sid, text_sha256="0", rules_sha256="0", indicators=[
            IndicatorEvidence(id=ind.id, code=ind.code, level=Level(int(lv)))
            for ind, lv in zip(rubric.indicators, levels)]))
    return Run(submissions=subs, evidence=evs)


def test_competition_ranks_share_the_better_rank():
    values = np.array([[3.0, 5.0, 5.0, 1.0, 3.0], [1.0, 1.0, 1.0, 1.0, 2.0]])
    assert competition_ranks(values).tolist() == [[3, 1, 1, 5, 3], [2, 2, 2, 2, 1]]


def test_vectorised_totals_equal_scoring_with_the_same_weights_to_the_last_bit(rubric):
    weights = load_weights(rubric)
    run = synthetic_run(rubric, 60)
    ids = [s.id for s in run.submissions]
    problem = Problem(run, rubric, weights, ids)
    rng = np.random.default_rng(5)
    area_w = problem.area_w * np.exp(0.5 * rng.standard_normal((8, len(problem.areas))))
    code_w = problem.code_w * np.exp(0.5 * rng.standard_normal((8, len(problem.codes))))
    code_w[3, 0] = 0.0  # a switched-off code, as a profile may have
    totals = problem.totals(area_w, code_w)
    for d in range(8):
        perturbed = Weights(profile="x", areas=dict(zip(problem.areas, area_w[d].tolist())),
                            codes=dict(zip(problem.codes, code_w[d].tolist())), indicators=weights.indicators)
        maxima = perturbed.indicator_max(rubric)
        assert problem.maxima(area_w[d:d + 1], code_w[d:d + 1])[0].tolist() == [maxima[i.id] for i in rubric.indicators]
        scored = {s.id: s.total for s in score_run(run, rubric, perturbed).submissions}
        assert totals[d].tolist() == [scored[i] for i in ids]


def test_round4_is_pythons_round():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(0, 100, 20000), np.arange(1, 3200, 2) / 32, np.array([1.00005, 2.675, 0.00005])])
    assert round4(x).tolist() == [round(v, 4) for v in x.tolist()]


def test_no_perturbation_keeps_every_rank(rubric):
    run = synthetic_run(rubric, 60)
    weights = load_weights(rubric)
    results = score_run(run, rubric, weights)
    sens = analyse(results, run, rubric, weights, draws=50, sigma=0.0)
    assert (sens.keep == 1).all()
    assert sens.lo.tolist() == sens.rank.tolist() == sens.hi.tolist() == [s.rank for s in results.submissions]


def test_same_seed_same_result_whatever_the_chunking(rubric):
    run = synthetic_run(rubric, 80)
    weights = load_weights(rubric)
    results = score_run(run, rubric, weights)
    a = analyse(results, run, rubric, weights, draws=300, seed=7)
    b = analyse(results, run, rubric, weights, draws=300, seed=7, chunk_cells=80 * 7)  # 7 draws per chunk
    c = analyse(results, run, rubric, weights, draws=300, seed=8)
    assert a.rows() == b.rows()
    assert a.rows() != c.rows()
    assert (a.lo <= a.rank).all() and (a.rank <= a.hi).all() or (a.lo <= a.hi).all()
    assert ((a.keep >= 0) & (a.keep <= 1)).all()


def test_a_clear_leader_keeps_its_rank_and_close_ones_swap(rubric):
    levels = {  # best everywhere; then two that differ only in which area they are good at
        "top": dict.fromkeys(kit.SENTENCES, Level.quantified),
        "d_side": {"D2.1": Level.quantified, "D2.2": Level.quantified, "D3.1": Level.quantified},
        "f_side": {"F1.1": Level.quantified, "F3.1": Level.quantified, "G4.1": Level.mention},
    }
    subs = [Submission(id=k, title=k, text="x") for k in levels]
    evs = [Evidence(submission_id=k, text_sha256="0", rules_sha256="0",
                    indicators=[IndicatorEvidence(id=i, code=i.split(".")[0], level=lv) for i, lv in v.items()])
           for k, v in levels.items()]
    run = Run(submissions=subs, evidence=evs)
    weights = load_weights(rubric)
    results = score_run(run, rubric, weights)
    sens = analyse(results, run, rubric, weights, draws=2000, seed=1, sigma=0.5)
    rows = {r["id"]: r for r in sens.rows()}
    assert rows["top"]["keeps_rank"] == 1 and (rows["top"]["rank_lo"], rows["top"]["rank_hi"]) == (1, 1)
    assert 0 < rows["d_side"]["keeps_rank"] < 1 and (rows["d_side"]["rank_lo"], rows["d_side"]["rank_hi"]) == (2, 3)
    with_intervals = attach(results, sens)
    assert {s.id: s.rank_interval for s in with_intervals.submissions}["f_side"] == [2, 3]


def test_composite_ranking_is_perturbed_through_the_written_part_only(rubric):
    run = synthetic_run(rubric, 30)
    ids = [s.id for s in run.submissions]
    weights = load_weights(rubric).model_copy(update={"components": {"written": 0.0, "field": 1.0}})
    comps = Components(names=["field"], scores={i: {"field": float(k)} for k, i in enumerate(ids)})
    results = score_run(run, rubric, weights, comps)
    sens = analyse(results, run, rubric, weights, draws=200, components=comps)
    assert sens.by == "composite" and (sens.keep == 1).all()  # the written total has no weight


def test_speed_thousands_of_draws_over_thousands_of_submissions(rubric):
    run = synthetic_run(rubric, 2000)
    weights = load_weights(rubric)
    results = score_run(run, rubric, weights)
    started = time.perf_counter()
    sens = analyse(results, run, rubric, weights, draws=2000, seed=0)
    seconds = time.perf_counter() - started
    assert len(sens.ids) == 2000
    assert seconds < 30, f"2000 draws × 2000 submissions took {seconds:.1f} s"


def test_cli_writes_rank_intervals_into_the_outputs(tmp_path, capsys):
    rubric_dir, ind_dir = kit.make_rubric(tmp_path)
    opts = ["--rubric", str(rubric_dir), "--indicators", str(ind_dir)]
    subs = tmp_path / "subs"
    kit.write_submission(subs, "all", dict.fromkeys(kit.SENTENCES, "quantified"), title="甲市2023年法治政府建设年度报告")
    kit.write_submission(subs, "d", {"D2.1": "quantified", "D3.1": "quantified"}, title="乙市2023年法治政府建设年度报告")
    kit.write_submission(subs, "f", {"F1.1": "quantified", "F3.1": "quantified"}, title="丙市2023年法治政府建设年度报告")
    out = tmp_path / "out"
    profile = tmp_path / "p.yaml"
    profile.write_text("name: 试验\nareas: {D: 1.2}\n", encoding="utf-8")
    assert main(["score", str(subs), "--out", str(out), "--quiet", "--profile", str(profile), *opts]) == 0
    capsys.readouterr()
    assert main(["sensitivity", str(out), "--draws", "500", "--seed", "3", *opts]) == 0
    printed = capsys.readouterr().out
    assert "500 次扰动" in printed and "试验" in printed  # the run's own profile, kept in profile.yaml
    results = read_results(out / "results.json")
    assert results["rubric"]["profile"] == "试验"
    intervals = {s["id"]: s["rank_interval"] for s in results["submissions"]}
    assert intervals["all"] == [1, 1] and intervals["d"] == [2, 3] and intervals["f"] == [2, 3]
    csv = (out / "sensitivity.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0] == "id,rank,rank_lo,rank_hi,keeps_rank" and len(csv) == 4
    summary = json.loads((out / "sensitivity.json").read_text(encoding="utf-8"))
    assert (summary["draws"], summary["seed"], summary["sigma"]) == (500, 3, 0.2)
    assert "rank_lo" in (out / "scores.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    # Same seed, same answer.
    assert main(["sensitivity", str(out), "--draws", "500", "--seed", "3", *opts]) == 0
    assert json.loads((out / "sensitivity.json").read_text(encoding="utf-8")) == summary
    assert main(["sensitivity", str(out), "--draws", "0", *opts]) == 2
