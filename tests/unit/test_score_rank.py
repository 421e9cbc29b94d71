import pytest

from scorer.extract import extract
from scorer.models import Submission
from scorer.pipeline import Run, score_run
from scorer.profiles import load_weights
from scorer.rank import rank
from scorer.score import score


def scored(rubric, text, sid="x", group="city"):
    sub = Submission(id=sid, title=sid, text=text, group=group)
    return sub, extract(sub, rubric)


def test_maxima_sum_to_100_and_follow_relative_weights(mini_rubric):
    weights = load_weights(mini_rubric)
    maxima = weights.indicator_max(mini_rubric)
    assert sum(maxima.values()) == pytest.approx(100)
    # D has D2 and D3 with one indicator each; F1 has F1.1 (weight 2) and F1.2 (weight 1).
    d_share = 100 * 16 / (16 + 14)
    assert maxima["D2.1"] == pytest.approx(d_share / 2)
    assert maxima["F1.1"] == pytest.approx(2 * maxima["F1.2"])


def test_points_are_weight_times_credit(mini_rubric):
    weights = load_weights(mini_rubric)
    sub, ev = scored(mini_rubric, "要推行执法公示制度。全年办结行政复议案件326件。")
    res = score(sub, ev, mini_rubric, weights)
    maxima = weights.indicator_max(mini_rubric)
    by_id = {i.id: i for i in res.indicators}
    mention = mini_rubric.spec.levels["mention"].credit
    assert 0 < mention < 1
    assert by_id["D2.1"].score == pytest.approx(maxima["D2.1"] * mention, abs=1e-4)
    assert by_id["F1.1"].score == pytest.approx(maxima["F1.1"], abs=1e-4)
    assert res.total == pytest.approx(sum(i.score for i in res.indicators), abs=1e-3)
    assert sum(a.max for a in res.areas.values()) == pytest.approx(100, abs=1e-3)
    assert res.secondary["F1"].level == 2 and res.secondary["D2"].level == 1 and res.secondary["A1"].level == 0
    lost = [g.points_lost for g in res.gaps]
    assert lost == sorted(lost, reverse=True) and "F1.1" not in [g.indicator for g in res.gaps]


def test_ties_share_a_rank_and_groups_rank_separately(mini_rubric):
    weights = load_weights(mini_rubric)
    texts = {"a": ("全年办结行政复议案件326件。", "city"), "b": ("要推行执法公示。", "city"),
             "c": ("要推行执法公示。", "county"), "d": ("绿化。", "city")}
    subs, evs = [], []
    for sid, (text, group) in texts.items():
        sub, ev = scored(mini_rubric, text, sid, group)
        subs.append(sub)
        evs.append(ev)
    results = score_run(Run(submissions=subs, evidence=evs), mini_rubric, weights)
    got = {s.id: (s.rank, s.group_rank) for s in results.submissions}
    assert got == {"a": (1, 1), "b": (2, 2), "c": (2, 1), "d": (4, 3)}


def test_rank_is_deterministic_on_order(mini_rubric):
    weights = load_weights(mini_rubric)
    pairs = [scored(mini_rubric, "要推行执法公示。", sid) for sid in ("q", "p", "r")]
    one = rank([score(s, e, mini_rubric, weights) for s, e in pairs])
    two = rank([score(s, e, mini_rubric, weights) for s, e in reversed(pairs)])
    assert [r.id for r in one] == [r.id for r in two] == ["p", "q", "r"]
