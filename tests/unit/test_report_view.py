"""View models: what each report shows, built from results and evidence, decided in Python."""

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "report"))
from sample_run import build_run  # noqa: E402

from scorer.models import Evidence, IndicatorEvidence, Level, Passage  # noqa: E402
from scorer.results import NearDuplicate, Results, RubricInfo, SubmissionResult  # noqa: E402
from scorer.report.charts import area_stats  # noqa: E402
from scorer.report.exemplars import exemplar_pool, exemplars_for  # noqa: E402
from scorer.report.naming import href, page_names  # noqa: E402
from scorer.report.index_view import build_index  # noqa: E402
from scorer.report.view import SubmissionViews  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    return build_run()


def _result(sid, rank, total=50.0):
    return SubmissionResult(id=sid, title=f"{sid} 报告", group="city", total=total, rank=rank, group_rank=rank,
                            areas={}, secondary={}, indicators=[])


def _evidence(sid, *passages):
    return Evidence(submission_id=sid, text_sha256="x", rules_sha256="y",
                    indicators=[IndicatorEvidence(id="D2.1", code="D2", level=max(p.level for p in passages),
                                                  passages=list(passages))])


def _p(level, start=0, quote="执法公示"):
    return Passage(quote=quote, start=start, end=start + len(quote), level=level, terms=["公示"])


def test_exemplars_are_the_strongest_passages_of_other_submissions_above_ones_own_level():
    results = Results(rubric=RubricInfo(version="1", sha256="s", profile="default"),
                      submissions=[_result("a", 1), _result("b", 2), _result("c", 3), _result("d", 4), _result("e", 5)],
                      near_duplicates=[NearDuplicate(a="e", b="a", similarity=0.95)])
    run = SimpleNamespace(evidence=[
        _evidence("a", _p(Level.quantified, 5), _p(Level.mention, 1)),
        _evidence("b", _p(Level.substantive, 9), _p(Level.substantive, 3)),
        _evidence("c", _p(Level.quantified, 7)),
        _evidence("d", _p(Level.mention, 2)),
        _evidence("e", _p(Level.mention, 0)),
    ])
    pool = exemplar_pool(results, run)
    # One passage per submission: its strongest, the earliest among equals.
    assert [(c.submission, c.passage.start) for c in pool["D2.1"]] == [("a", 5), ("c", 7), ("b", 3), ("d", 2), ("e", 0)]
    # Never one's own; only stronger than what one has and at least substantive (a slogan is no
    # example); a near-duplicate is no example either.
    got = exemplars_for(pool, "D2.1", "e", Level.mention, exclude={"a"}, limit=3)
    assert [c.submission for c in got] == ["c", "b"]
    assert [c.submission for c in exemplars_for(pool, "D2.1", "b", Level.substantive, limit=3)] == ["a", "c"]
    assert [c.submission for c in exemplars_for(pool, "D2.1", "x", Level.none, limit=3)] == ["a", "c", "b"]
    assert [c.submission for c in exemplars_for(pool, "D2.1", "x", Level.none)] == ["a"]  # a gap shows one
    assert [c.submission for c in exemplars_for(pool, "D2.1", "x", Level.none, limit=2)] == ["a", "c"]
    assert exemplars_for(pool, "D2.1", "a", Level.quantified) == []
    assert exemplars_for(pool, "Z9.9", "a", Level.none) == []


def test_among_equal_passages_the_submission_with_stronger_evidence_overall_comes_first_whatever_its_rank():
    """The tie-break is the submission's evidence (indicators at the highest level, then the next),
    then the id: never its rank, which the weights decide (the exemplar pages stay as they are)."""
    def evidence(sid, quantified, substantive):
        rows = [IndicatorEvidence(id="D2.1", code="D2", level=Level.substantive, passages=[_p(Level.substantive, 4)])]
        rows += [IndicatorEvidence(id=f"F1.{k}", code="F1", level=Level.quantified, passages=[_p(Level.quantified, k)])
                 for k in range(quantified)]
        rows += [IndicatorEvidence(id=f"G1.{k}", code="G1", level=Level.substantive, passages=[_p(Level.substantive, k)])
                 for k in range(substantive)]
        return Evidence(submission_id=sid, text_sha256="x", rules_sha256="y", indicators=rows)

    run = SimpleNamespace(evidence=[evidence("a", 1, 0), evidence("b", 2, 0), evidence("c", 1, 3), evidence("d", 1, 3)])
    orders = []
    for ranks in ([1, 2, 3, 4], [4, 3, 2, 1], [2, 2, 1, 3]):
        results = Results(rubric=RubricInfo(version="1", sha256="s", profile="default"),
                          submissions=[_result(sid, rank) for sid, rank in zip("abcd", ranks)])
        orders.append([c.submission for c in exemplar_pool(results, run)["D2.1"]])
    assert orders == [["b", "c", "d", "a"]] * 3
    assert not hasattr(exemplar_pool(results, run)["D2.1"][0], "rank")


def test_page_names_keep_ids_and_make_clashes_safe():
    names = page_names(["qingchuan", "index", "Index-2", "a/b", ".hidden", "报告 1", "x#y"])
    assert names["qingchuan"] == "qingchuan"
    assert names["index"] not in ("index",) and names["index"].startswith("index")
    assert len({n.lower() for n in names.values()}) == len(names)
    assert "/" not in names["a/b"] and not names[".hidden"].startswith(".")
    assert names["报告 1"] == "报告 1"
    assert href(names["报告 1"]) == "报告%201.html"
    assert href("a-b_c", "ind-D2.1") == "a-b_c.html#ind-D2.1"
    assert "#" not in names["x#y"]


def test_every_gap_is_in_the_view_in_the_results_order(sample):
    results, run, rubric = sample
    views = SubmissionViews(results, run, rubric, page_names([s.id for s in results.submissions]), "t")
    for s in results.submissions:
        v = views.build(s)
        assert [(g.indicator, g.points_lost) for g in v.gaps] == [(g.indicator, g.points_lost) for g in s.gaps]
        lost = [g.points_lost for g in v.gaps]
        assert lost == sorted(lost, reverse=True)
        for g in v.gaps:
            assert g.expects == rubric.indicator(g.indicator).expects
            assert all(e.title != s.title for e in g.exemplars)


def test_view_lists_every_indicator_with_its_passages_and_locations(sample):
    results, run, rubric = sample
    views = SubmissionViews(results, run, rubric, page_names([s.id for s in results.submissions]), "t")
    s = results.submissions[0]
    v = views.build(s)
    shown = [ind for a in v.areas for c in a.codes for ind in c.indicators]
    assert [i.id for i in shown] == [i.id for i in s.indicators]
    ev = {e.submission_id: e for e in run.evidence}[s.id].by_id()
    for ind in shown:
        assert [p.paragraph for p in ind.passages] == [p.paragraph for p in ev[ind.id].passages]
        for p, src in zip(ind.passages, ev[ind.id].passages):
            assert "".join(pc.text for pc in p.pieces) == src.quote
            assert {pc.text for pc in p.pieces if pc.cls} <= set(src.terms)


def test_full_text_pieces_rebuild_each_paragraph_and_mark_every_passage(sample):
    results, run, rubric = sample
    views = SubmissionViews(results, run, rubric, page_names([s.id for s in results.submissions]), "t")
    sub = {s.id: s for s in run.submissions}
    for s in results.submissions:
        v = views.build(s)
        text = "\n".join("".join(pc.text for pc in p.pieces) for p in v.paragraphs)
        assert [ln for ln in text.split("\n")] == [ln.strip() for ln in sub[s.id].text.split("\n") if ln.strip()]
        anchors = {pc.anchor for p in v.paragraphs for pc in p.pieces if pc.anchor}
        ev = {e.submission_id: e for e in run.evidence}[s.id]
        assert {f"t-{p.start}" for i in ev.indicators for p in i.passages} <= anchors
        assert {f"t-{p.start}" for p in s.problems} <= anchors


def test_area_profile_compares_with_run_median_and_best(sample):
    results, run, rubric = sample
    stats = area_stats(results)
    a = "A"
    pcts = sorted(100 * s.areas[a].score / s.areas[a].max for s in results.submissions)
    assert stats[a][1] == pytest.approx(max(pcts))
    assert min(pcts) <= stats[a][0] <= max(pcts)
    assert stats["B"] == (None, None)  # no indicators in B in the sample rubric


def test_index_view_ranks_groups_and_notices(sample):
    results, run, rubric = sample
    v = build_index(results, run, rubric, page_names([s.id for s in results.submissions]), "t")
    assert [r.id for r in v.rows] == [s.id for s in results.submissions]
    assert sum(len(g.rows) for g in v.groups) == len(results.submissions)
    for g in v.groups:
        assert [r.group_rank for r in g.rows] == sorted(r.group_rank for r in g.rows)
    assert v.failures and v.near_duplicates
    assert sum(b.count for b in v.distribution.bins) == len(results.submissions)
    assert v.audit.rubric_sha256 == results.rubric.sha256 and v.audit.profile == results.rubric.profile
