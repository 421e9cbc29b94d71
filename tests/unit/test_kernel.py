"""The scoring kernel: one arithmetic for score, rescore, sensitivity and the weights page."""

import json
import random
import shutil
import subprocess
from importlib import resources

import numpy as np
import pytest

from scorer.components import composite
from scorer.kernel import Kernel, competition_ranks, group_ranks, round4
from scorer.models import Level
from scorer.profiles import default_weights
from scorer.score import score_all

NODE = shutil.which("node") or shutil.which("nodejs")
GROUPS = ["city", "county", "department"]


def _random_weights(rubric, rng: random.Random):
    """The default weights with every area, code and indicator weight drawn anew, some off."""
    base = default_weights(rubric)

    def draw():
        return 0.0 if rng.random() < 0.1 else rng.choice([0.5, 1.0, 1.5, 2.0, 3.0, rng.uniform(0.1, 5.0)])

    return base.model_copy(update={
        "areas": {a: draw() for a in base.areas}, "codes": {c: draw() for c in base.codes},
        "indicators": {i: draw() for i in base.indicators}})


def _levels(rng: random.Random, n: int, m: int) -> np.ndarray:
    rows = [[rng.choice([0, 0, 1, 2, 3]) for _ in range(m)] for _ in range(n)]
    rows[1] = list(rows[0])  # equal totals must share a rank, in Python and in the page alike
    return np.array(rows, dtype=np.int8)


def test_kernel_scores_equal_a_plain_loop_over_each_submission(project_rubric):
    rng = random.Random(5)
    weights = _random_weights(project_rubric, rng)
    kernel = Kernel(project_rubric, weights)
    levels = _levels(rng, 30, len(project_rubric.indicators))
    sc = kernel.score(levels)
    top = weights.indicator_max(project_rubric)
    credit = [project_rubric.credit(lv) for lv in Level]
    share = project_rubric.spec.code_share
    assert 0 < share < 1  # the shipped rubric blends an indicator's own level with its code's best
    code_area = project_rubric.code_area()
    for k in range(len(levels)):
        total, areas = 0.0, {a: 0.0 for a in kernel.areas}
        best: dict[str, int] = {}
        for j, ind in enumerate(project_rubric.indicators):
            best[ind.code] = max(best.get(ind.code, 0), int(levels[k, j]))
        for j, ind in enumerate(project_rubric.indicators):
            own = levels[k, j]
            pts = top[ind.id] * ((1.0 - share) * credit[own] + share * credit[best[ind.code]])
            total += round(pts, 4)
            areas[code_area[ind.code]] += pts
        assert sc.total[k] == round(total, 4)
        assert sc.area[k].tolist() == [round(areas[a], 4) for a in kernel.areas]


def test_ranks_share_the_better_rank_overall_and_within_groups():
    values = np.array([70.0, 80.0, 80.0, 60.0, 70.0])
    assert competition_ranks(values).tolist() == [3, 1, 1, 5, 3]
    assert group_ranks(values, ["city", "county", "city", "city", "county"]).tolist() == [2, 1, 1, 3, 2]


def test_scorecards_come_from_the_kernel(mini_rubric):
    from scorer.models import Evidence, IndicatorEvidence, Submission

    weights = default_weights(mini_rubric)
    subs = [Submission(id=s, title=s, text="…") for s in ("p", "q")]
    evs = [Evidence(submission_id="p", text_sha256="", rules_sha256="", indicators=[
        IndicatorEvidence(id="D2.1", code="D2", level=Level.quantified)]),
        Evidence(submission_id="q", text_sha256="", rules_sha256="", indicators=[])]
    p, q = score_all(subs, evs, mini_rubric, weights)
    top = weights.indicator_max(mini_rubric)
    assert p.total == round(top["D2.1"], 4) and q.total == 0.0
    assert [g.indicator for g in q.gaps] == sorted(top, key=lambda i: (-round(top[i], 4), i))


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_weights_page_computes_what_the_kernel_computes(project_rubric, tmp_path, seed):
    rubric = project_rubric
    rng = random.Random(seed)
    weights = _random_weights(rubric, rng)
    kernel = Kernel(rubric, weights)
    n = 40
    levels = _levels(rng, n, len(rubric.indicators))
    ids = [f"{rng.choice('松云青')}{k:03d}" for k in range(n)]
    groups = [rng.choice(GROUPS) for _ in range(n)]
    with_components = seed == 3
    comp_weights = {"written": 0.6, "field": 0.25, "survey": 0.15} if with_components else {}
    comps = [{"field": round(rng.uniform(50, 100), 2), "survey": round(rng.uniform(50, 100), 2)} for _ in range(n)]

    # What the page receives (weights_page.page_data's shape) and what it is asked to compute.
    page = {
        "credits": rubric.credit_matrix(),
        "areas": [{"id": a} for a in kernel.areas],
        "codes": [{"id": c, "area": kernel.areas[kernel.code_to_area[j]]} for j, c in enumerate(kernel.codes)],
        "indicators": [{"id": ind.id, "code": ind.code, "weight": weights.indicators[ind.id]} for ind in rubric.indicators],
        "submissions": [{"id": i, "group": g, "levels": "".join(str(v) for v in row), "components": c}
                        for i, g, row, c in zip(ids, groups, levels.tolist(), comps)],
    }
    edit = {"areas": dict(weights.areas), "codes": dict(weights.codes), "components": [[k, w] for k, w in comp_weights.items()]}
    vectors = tmp_path / "vectors.json"
    vectors.write_text(json.dumps({"D": page, "W": edit}, ensure_ascii=False), encoding="utf-8")
    kernel_js = resources.files("scorer.report").joinpath("static", "kernel.js")
    runner = tmp_path / "run.js"
    runner.write_text(
        "const fs = require('fs');\n"
        f"require({json.dumps(str(kernel_js))});\n"
        f"const v = JSON.parse(fs.readFileSync({json.dumps(str(vectors))}, 'utf8'));\n"
        "const res = globalThis.ScoreKernel.compute(v.D, v.W);\n"
        "const rows = {};\n"
        "res.ranked.forEach(r => { rows[r.id] = [r.total, r.value, r.rank, r.groupRank]; });\n"
        "process.stdout.write(JSON.stringify({maxima: res.maxima, order: res.ranked.map(r => r.id), rows: rows}));\n",
        encoding="utf-8")
    got = json.loads(subprocess.run([NODE, str(runner)], capture_output=True, text=True, check=True).stdout)

    sc = kernel.score(levels)
    totals = sc.total
    values = np.array([composite(t, c, comp_weights) for t, c in zip(totals.tolist(), comps)]) if with_components else totals
    ranks, granks = competition_ranks(values), group_ranks(values, groups)
    assert got["maxima"] == sc.maxima.tolist()  # the same doubles, not merely close ones
    want = {i: [t, v, r, g] for i, t, v, r, g in zip(ids, totals.tolist(), values.tolist(), ranks.tolist(), granks.tolist())}
    assert got["rows"] == want
    assert got["order"] == sorted(ids, key=lambda i: (want[i][2], i))
    assert len(set(totals.tolist())) < n  # the vectors do contain ties


def test_round4_is_pythons_round_on_halves_and_near_halves():
    values = [0.00005, 0.00015, 2.67505, 1.23445, 0.1 + 0.2, 12.34565, -0.00015, 1e-12]
    assert round4(np.array(values)).tolist() == [round(v, 4) + 0.0 for v in values]


def test_half_of_an_indicators_points_follow_the_best_evidence_of_its_code(project_rubric):
    """Reviewers judge a second-level code by its strongest evidence: an indicator without
    evidence of its own still earns the code's share where a sibling shows a completed measure,
    and its gap is only the half that breadth would add."""
    weights = default_weights(project_rubric)
    kernel = Kernel(project_rubric, weights)
    share = project_rubric.spec.code_share
    ids = kernel.indicator_ids
    code = next(c for c in kernel.codes if sum(i.startswith(c + ".") for i in ids) >= 3)
    first, second, third = [j for j, i in enumerate(ids) if i.startswith(code + ".")][:3]
    levels = np.zeros((3, len(ids)), dtype=np.int8)
    levels[1, first] = int(Level.substantive)
    levels[2, first], levels[2, second] = int(Level.substantive), int(Level.mention)
    sc = kernel.score(levels)
    top = sc.maxima
    substantive, mention = project_rubric.credit(Level.substantive), project_rubric.credit(Level.mention)
    assert sc.indicator[0, second] == 0.0
    assert sc.indicator[1, first] == round(top[first] * substantive, 4)  # full credit at its own level
    assert sc.indicator[1, second] == round(top[second] * share * substantive, 4) > 0
    assert sc.indicator[1, third] == round(top[third] * share * substantive, 4)
    # a mention of its own adds only its own part of a mention
    assert sc.indicator[2, second] == round(top[second] * ((1 - share) * mention + share * substantive), 4)
    assert sc.code_level[1].tolist() == sc.code_level[2].tolist()
    assert sc.total[2] > sc.total[1] > sc.total[0] == 0
