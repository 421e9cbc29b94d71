"""The real compilation, judged end to end: every report gets all 36 levels, and essays about
rule of law in general rank below every report of a body with concrete achievements."""

from __future__ import annotations

import pytest

from scorer.bench.seed import SEED, split_seed
from scorer.models import Level
from scorer.pipeline import Run, extract_all, score_run
from scorer.profiles import load_weights

pytestmark = [pytest.mark.seed, pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")]


@pytest.fixture(scope="module")
def judged(project_rubric, tmp_path_factory):
    subs = split_seed(tmp_path_factory.mktemp("split"))
    evidence = extract_all(subs, project_rubric)
    results = score_run(Run(submissions=subs, evidence=evidence), project_rubric, load_weights(project_rubric))
    return subs, evidence, results


def test_every_report_has_a_level_for_each_of_the_36_codes(judged, project_rubric):
    _, _, results = judged
    assert len(results.submissions) == 24
    codes = set(project_rubric.code_area())
    for s in results.submissions:
        assert set(s.secondary) == codes
        assert {v.level for v in s.secondary.values()} <= {0, 1, 2}


def test_articles_rank_below_every_report_with_concrete_achievements(judged):
    subs, evidence, results = judged
    # The split marks an article by its author line (a 党校 lecturer, a bureau director's essay).
    articles = {s.id for s in subs if s.author}
    assert len(articles) == 3
    achieving = {ev.submission_id for ev in evidence
                 if any(i.level >= Level.substantive for i in ev.indicators)} - articles
    totals = {s.id: s.total for s in results.submissions}
    assert len(achieving) >= 18
    assert max(totals[a] for a in articles) < min(totals[r] for r in achieving)


def test_every_report_has_a_band_and_its_own_overall_assessment(judged, project_rubric):
    from scorer.report.assessment import Assessor

    subs, evidence, results = judged
    names = [b.name for b in project_rubric.spec.bands]
    assert all(s.band in names for s in results.submissions)
    assert results.submissions[0].band == names[0]  # the strongest report is not a failure
    articles = {s.id for s in subs if s.author}
    assert {s.band for s in results.submissions if s.id in articles} == {names[-1]}
    assessor = Assessor(results, project_rubric, evidence)
    texts = [assessor.assess(s).paragraphs for s in results.submissions]
    assert all(len(t) == 5 and all(t) for t in texts)
    # Standing and gaps carry each report's own figures: no two reports read the same.
    for k in (0, 3):
        assert len({t[k] for t in texts}) == len(texts)
