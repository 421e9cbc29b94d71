"""等次 and 总体评价: bands from the rubric, and an assessment written from each submission's facts."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from scorer.bands import band_of
from scorer.ingest import read_inputs
from scorer.models import Level, Passage
from scorer.pipeline import Run, extract_all, score_run
from scorer.profiles import load_weights
from scorer.report.assessment import Assessor, evidence_needed
from scorer.report.clock import generated_at
from scorer.rubric import DEFAULT_RUBRIC_DIR, BandSpec, load_rubric
from scorer.yamlio import RubricError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
sys.path.insert(0, str(FIXTURES))
from sample_run import build_run  # noqa: E402



def _report(sid: str, city: str, *lines: str) -> str:
    title = f"{city}2024年法治政府建设情况报告"
    return f"---\nid: {sid}\ntitle: {title}\nregion: {city}\ngroup: city\n---\n{title}\n" + "\n".join(lines) + "\n"


# Two fictional cities of the same group whose facts differ in every respect the assessment names.
QINGCHUAN = _report("qingchuan-a", "青川市", "一、矛盾纠纷化解", "青川市全年受理行政复议案件96件，办结90件，纠错率12%。",
                    "全市人民调解组织全年调解矛盾纠纷860件，调解成功率97%。", "二、存在的问题", "政务服务平台建设仍然存在短板。")
SONGXI = _report("songxi-b", "松溪市", "一、政府职能", "松溪市取消、下放行政审批事项35项，公布《市级行政许可事项清单》。",
                 "松溪市政务服务平台已实现一网通办，全年办件41万件。", "二、矛盾纠纷化解", "要依法办理行政复议案件。")


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-cities")
    (folder / "qingchuan.txt").write_text(QINGCHUAN, encoding="utf-8")
    (folder / "songxi.txt").write_text(SONGXI, encoding="utf-8")
    rubric = load_rubric(DEFAULT_RUBRIC_DIR, FIXTURES / "indicators")
    subs, _ = read_inputs([folder])
    run = Run(submissions=subs, evidence=extract_all(subs, rubric))
    results = score_run(run, rubric, load_weights(rubric, None))
    return results, run, rubric


def test_every_submission_gets_the_first_band_whose_threshold_it_reaches():
    results, _, rubric = build_run()
    bands = rubric.spec.bands
    assert [b.name for b in bands] == ["优秀", "良好", "合格", "待提升"]
    for s in results.submissions:
        want = next(b.name for b in bands if s.total >= b.total)
        assert s.band == want, s.id
    low, top = results.submissions[-1], results.submissions[0]
    assert band_of(bands, low.model_copy(update={"total": bands[1].total})).name == bands[1].name  # the threshold is in
    assert band_of(bands, low.model_copy(update={"total": bands[1].total - 0.0001})).name == bands[2].name
    # With a composite the composite decides, on its own thresholds.
    assert band_of(bands, top.model_copy(update={"composite": bands[0].composite - 0.01})).name == bands[1].name


def test_bands_out_of_order_are_a_rubric_error_with_file_and_line(tmp_path):
    rubric_dir = tmp_path / "rubric"
    shutil.copytree(DEFAULT_RUBRIC_DIR, rubric_dir)
    path = rubric_dir / "rubric.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("total: 30\n", "total: 60\n", 1), encoding="utf-8")  # 良好 above 优秀
    with pytest.raises(RubricError) as err:
        load_rubric(rubric_dir, FIXTURES / "indicators")
    assert re.search(r"rubric\.yaml:\d+: .*bands 应从高到低排列", str(err.value))
    with pytest.raises(ValueError):
        BandSpec(name="优秀", total=120, composite=0)


def test_the_assessment_of_two_cities_shares_no_sentence(two_cities):
    results, run, rubric = two_cities
    assessor = Assessor(results, rubric, run.evidence)
    a, b = (assessor.assess(s) for s in results.submissions)
    assert len(a.paragraphs) == len(b.paragraphs) == 5
    for x, y in zip(a.paragraphs, b.paragraphs):
        assert x != y
    by_id = {s.id: s for s in results.submissions}
    qc, sx = assessor.assess(by_id["qingchuan-a"]), assessor.assess(by_id["songxi-b"])
    # Band and ranks, each from its own results.
    for s, text in ((by_id["qingchuan-a"], qc), (by_id["songxi-b"], sx)):
        assert f"{s.total:.2f} 分" in text.paragraphs[0] and f"“{s.band}”" in text.paragraphs[0]
        assert f"在 2 份市级材料中居第 {s.group_rank} 位" in text.paragraphs[0]
    # 亮点 quote the city's own quantified measures.
    assert "纠错率12%" in qc.paragraphs[2] and "全年办件41万件" in sx.paragraphs[2]
    # Gaps by area with the points lost; problems as stated (or their absence).
    lost = sum(g.points_lost for g in by_id["songxi-b"].gaps)
    assert f"合计失 {lost:.2f} 分" in sx.paragraphs[3]
    assert "政务服务平台建设仍然存在短板" in qc.paragraphs[4]
    assert "没有自述问题" in sx.paragraphs[4]


def test_strengths_are_measured_against_the_reference_group_median(two_cities):
    results, run, rubric = two_cities
    assessor = Assessor(results, rubric, run.evidence)
    for s in results.submissions:
        got = assessor.assess(s)
        assert got.reference == "本批全部材料（2 份）"  # a group of two has no meaningful median of its own
        for area in got.areas:
            pcts = [100 * x.areas[area.code].score / x.areas[area.code].max for x in results.submissions
                    if x.areas[area.code].max > 0]
            if pcts:
                assert area.median_pct == pytest.approx(sum(pcts) / 2)


def test_the_evidence_needed_follows_what_the_report_said():
    names = {"mention": "一般提及"}
    said = Passage(quote="要依法办理行政复议案件。", start=0, end=12, level=Level.mention, paragraph=7)
    done = said.model_copy(update={"level": Level.substantive, "paragraph": 3})
    expects = "说明行政复议案件的受理、办结数量和纠错率"
    none, mention, substantive = (evidence_needed("none", None, expects, names),
                                  evidence_needed("mention", said, expects, names),
                                  evidence_needed("substantive", done, expects, names))
    assert len({none, mention, substantive}) == 3 and all(t.endswith(expects) for t in (none, mention, substantive))
    assert "未涉及" in none
    assert "第 7 段" in mention and "缺少已完成的具体举措" in mention
    assert "第 3 段" in substantive and "缺少衡量成效的数据" in substantive
    # An expert's level without a passage of the engine's behind it is still that level's advice.
    reviewed = evidence_needed("substantive", None, expects, names)
    assert "缺少衡量成效的数据" in reviewed and "段" not in reviewed


def test_generated_time_is_beijing_time_with_the_zone_named(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert generated_at() == "1970-01-01 08:00（北京时间）"


def test_one_sentence_proving_two_indicators_is_one_highlight(tmp_path):
    rubric = load_rubric(DEFAULT_RUBRIC_DIR, FIXTURES / "indicators")
    # One sentence with a 复议 figure and a 调解 figure matches F1.1 and F3.1.
    (tmp_path / "a.txt").write_text(
        "---\nid: yunshan\ntitle: 云山县报告\ngroup: county\n---\n云山县报告\n"
        "全县全年办结行政复议案件40件，调解矛盾纠纷300件，调解成功率96%。\n", encoding="utf-8")
    subs, _ = read_inputs([tmp_path])
    run = Run(submissions=subs, evidence=extract_all(subs, rubric))
    results = score_run(run, rubric, load_weights(rubric, None))
    proved = [i.id for i in results.submissions[0].indicators if i.level == "quantified"]
    assert len(proved) >= 2
    got = Assessor(results, rubric, run.evidence).assess(results.submissions[0]).highlights
    assert len(got) == 1
