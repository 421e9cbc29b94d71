"""Expert reviews: review files are checked with file:line, replace the engine's level on the
evidence (so scoring, gaps and results follow), and a review of another text is not applied."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scorer.ingest import read_inputs
from scorer.models import Level
from scorer.pipeline import Run, extract_all, score_run
from scorer.profiles import load_weights
from scorer.report.exemplars import exemplar_pool, exemplars_for
from scorer.reviews import ReviewError, apply_reviews, load_reviews, reviews_yaml, tally
from scorer.results_file import read_results
from tests.conftest import MINI_INDICATORS, write_submission

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "report"))
from page_data import review_rows, shard_src  # noqa: E402
from sample_run import build_run  # noqa: E402

QINGCHUAN = "青川市法治政府建设报告\n全年办结行政复议案件326件，纠错率12.4%。\n要推行行政执法公示制度。\n"
YUNLING = "云岭县报告\n要推行行政执法公示制度。\n"


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_submission(folder, "qingchuan.txt", QINGCHUAN, title="青川市2025年法治政府建设年度报告", group="city")
    write_submission(folder, "yunling.txt", YUNLING, title="云岭县2025年法治政府建设年度报告", group="county")
    return folder


@pytest.fixture
def run_(inputs, mini_rubric):
    subs, failures = read_inputs([inputs])
    assert not failures
    return Run(submissions=subs, evidence=extract_all(subs, mini_rubric))


def review_file(tmp_path: Path, body: str, name: str = "r.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


ONE = """\
reviews:
  - submission: yunling
    indicator: D2.1
    level: substantive
    reason: 公示平台已建成，见第二段
    reviewer: 评审组一
    date: 2026-03-02
  - submission: qingchuan
    indicator: F1.1
    level: mention
    reason: 案件数是市法院的
    reviewer: 评审组一
"""


def levels(results, sid):
    return {i.id: i for i in next(s for s in results.submissions if s.id == sid).indicators}


def test_a_review_replaces_the_level_and_keeps_the_engines(tmp_path, run_, mini_rubric):
    weights = load_weights(mini_rubric)
    before = score_run(run_, mini_rubric, weights)
    reviews = load_reviews(review_file(tmp_path, ONE), mini_rubric, run_.submissions)
    reviewed = run_.model_copy(update={"evidence": apply_reviews(run_.evidence, reviews)})
    after = score_run(reviewed, mini_rubric, weights)

    old, new = levels(before, "yunling")["D2.1"], levels(after, "yunling")["D2.1"]
    assert (old.level, new.level, new.machine_level) == ("mention", "substantive", "mention")
    assert new.review.model_dump() == {"level": "substantive", "reason": "公示平台已建成，见第二段",
                                       "reviewer": "评审组一", "date": "2026-03-02"}
    credit = mini_rubric.spec.levels
    assert new.score == pytest.approx(new.max * credit["substantive"].credit, abs=1e-4)
    yunling_before = next(s for s in before.submissions if s.id == "yunling")
    yunling_after = next(s for s in after.submissions if s.id == "yunling")
    assert yunling_after.total == pytest.approx(yunling_before.total + new.score - old.score, abs=2e-4)
    assert yunling_after.secondary["D2"].level == 2  # the catalogue level follows the review
    lowered = levels(after, "qingchuan")["F1.1"]
    assert (lowered.level, lowered.machine_level) == ("mention", "quantified")
    assert any(g.indicator == "F1.1" for g in next(s for s in after.submissions if s.id == "qingchuan").gaps)
    # Unreviewed indicators carry neither field.
    data = after.model_dump(exclude_none=True)
    untouched = [i for s in data["submissions"] for i in s["indicators"] if i["id"] == "D3.1"]
    assert untouched and all("machine_level" not in i and "review" not in i for i in untouched)


def test_a_review_that_agrees_with_the_engine_changes_nothing(tmp_path, run_, mini_rubric):
    body = ONE.replace("level: substantive", "level: mention")
    reviews = load_reviews(review_file(tmp_path, body), mini_rubric, run_.submissions)
    ev = {e.submission_id: e for e in apply_reviews(run_.evidence, reviews)}
    assert ev["yunling"] == {e.submission_id: e for e in run_.evidence}["yunling"]


@pytest.mark.parametrize("change, line, words", [
    (("submission: yunling", "submission: songxi"), 2, "没有编号为 songxi 的材料"),
    (("indicator: D2.1", "indicator: D9.9"), 3, "没有三级指标 D9.9"),
    (("level: substantive", "level: good"), 4, "等级 good 无效"),
    (("    reason: 公示平台已建成，见第二段\n", ""), 2, "缺少理由 reason"),
    (("    reviewer: 评审组一\n    date", "    date"), 2, "缺少评审人 reviewer"),
    (("date: 2026-03-02", "date: 3月2日"), 7, "日期 3月2日 无效"),
    (("    date:", "    data:"), 7, "未知字段 data"),
    (("  - submission: yunling", "  - submission: [yunling"), None, "YAML 语法错误"),
])
def test_bad_reviews_are_located_by_file_and_line(tmp_path, run_, mini_rubric, change, line, words):
    path = review_file(tmp_path, ONE.replace(*change))
    with pytest.raises(ReviewError) as err:
        load_reviews(path, mini_rubric, run_.submissions)
    message = str(err.value)
    assert words in message
    assert message.startswith(f"{path}:{line}:" if line else f"{path}:")


def test_two_files_that_disagree_on_one_indicator_name_both_places(tmp_path, run_, mini_rubric):
    folder = tmp_path / "reviews"
    folder.mkdir()
    review_file(folder, ONE, "a.yaml")
    review_file(folder, ONE.replace("reason: 案件数是市法院的", "reason: 另一理由").replace("level: mention", "level: none"),
                "b.yml")
    with pytest.raises(ReviewError, match=r"b\.yml:8: qingchuan 的 F1\.1 已在 .*a\.yaml:8 评审过"):
        load_reviews(folder, mini_rubric, run_.submissions)
    (folder / "b.yml").write_text(ONE, encoding="utf-8")  # the same decisions twice are one
    assert len(load_reviews(folder, mini_rubric, run_.submissions).entries) == 2


def test_a_review_of_another_text_is_stale_and_not_applied(tmp_path, run_, mini_rubric):
    sha = {s.id: s.sha256 for s in run_.submissions}
    body = ONE.replace("    date: 2026-03-02\n", f"    date: 2026-03-02\n    text_sha256: {'0' * 64}\n")
    body += f"    text_sha256: {sha['qingchuan']}\n"
    reviews = load_reviews(review_file(tmp_path, body), mini_rubric, run_.submissions)
    assert [(s.entry.submission, s.entry.indicator, s.text_sha256) for s in reviews.stale] == [
        ("yunling", "D2.1", sha["yunling"])]
    assert [(e.submission, e.indicator) for e in reviews.entries] == [("qingchuan", "F1.1")]
    ev = {e.submission_id: e for e in apply_reviews(run_.evidence, reviews)}
    assert ev["yunling"].by_id()["D2.1"].level.name == "mention"


def test_the_written_copy_reads_back_to_the_same_decisions(tmp_path, run_, mini_rubric):
    reviews = load_reviews(review_file(tmp_path, ONE), mini_rubric, run_.submissions)
    copy = review_file(tmp_path, reviews_yaml(reviews, header="说明"), "copy.yaml")
    again = load_reviews(copy, mini_rubric, run_.submissions)
    assert again.entries and [(e.submission, e.indicator, e.level, e.reason, e.reviewer, e.date, e.text_sha256)
                              for e in again.entries] == [
        (e.submission, e.indicator, e.level, e.reason, e.reviewer, e.date, e.text_sha256) for e in reviews.entries]
    # The copy records the text each review was applied to, so a later text makes it stale.
    assert all(item["text_sha256"] for item in yaml.safe_load(copy.read_text(encoding="utf-8"))["reviews"])


def test_tally_counts_changes_per_indicator_and_direction(tmp_path, run_, mini_rubric):
    reviews = load_reviews(review_file(tmp_path, ONE), mini_rubric, run_.submissions)
    reviewed = run_.model_copy(update={"evidence": apply_reviews(run_.evidence, reviews)})
    rows = tally(score_run(reviewed, mini_rubric, load_weights(mini_rubric)))
    assert [(t.indicator, t.raised, t.lowered, t.moves) for t in rows] == [
        ("D2.1", 1, 0, {("mention", "substantive"): 1}), ("F1.1", 0, 1, {("quantified", "mention"): 1})]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "scorer.cli", *map(str, args)], capture_output=True, text=True)


def test_cli_exit_2_names_the_line_and_writes_nothing(tmp_path, inputs):
    out = tmp_path / "out"
    bad = review_file(tmp_path, ONE.replace("indicator: D2.1", "indicator: D2.7"))
    res = cli("score", inputs, "--out", out, "--indicators", MINI_INDICATORS, "--reviews", bad)
    assert res.returncode == 2
    assert f"{bad}:3:" in res.stderr and "D2.7" in res.stderr and not out.exists()


def test_rescore_and_sensitivity_keep_a_runs_reviews_and_reviews_command_reports_them(tmp_path, inputs):
    out = tmp_path / "out"
    assert cli("score", inputs, "--out", out, "--indicators", MINI_INDICATORS, "--quiet",
               "--reviews", review_file(tmp_path, ONE)).returncode == 0
    first = (out / "results.json").read_text(encoding="utf-8")
    res = cli("rescore", out, "--indicators", MINI_INDICATORS)
    assert res.returncode == 0 and "沿用本次运行已采用的评审意见" in res.stderr
    assert (out / "results.json").read_text(encoding="utf-8") == first
    res = cli("sensitivity", out, "--indicators", MINI_INDICATORS, "--draws", "20")
    assert res.returncode == 0 and "沿用本次运行已采用的评审意见" in res.stderr
    kept = read_results(out / "results.json")
    assert sum("review" in i for s in kept["submissions"] for i in s["indicators"]) == 2
    res = cli("reviews", out, "--indicators", MINI_INDICATORS)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert "2 份材料中 2 份经专家复核，改动 2 项指标等级" in lines[0] and "上调 1 项，下调 1 项" in lines[0]
    d21 = next(k for k, line in enumerate(lines) if line.startswith("D2.1"))
    assert lines[d21].split()[:4] == ["D2.1", "1", "1", "0"]
    assert "上调：一般提及 → 实质举措 × 1" in lines[d21 + 1]
    assert "理由（yunling）：公示平台已建成，见第二段" in lines[d21 + 2]


def test_a_passage_an_expert_lowered_is_no_example_for_others(tmp_path):
    results, run, rubric = build_run()
    before = [c.submission for c in exemplars_for(exemplar_pool(results, run), "F1.1", "yunling", Level.none, limit=3)]
    assert "qingchuan" in before
    body = ("reviews:\n  - submission: qingchuan\n    indicator: F1.1\n    level: mention\n"
            "    reason: 案件数是市法院的\n    reviewer: 评审组一\n")
    reviews = load_reviews(review_file(tmp_path, body), rubric, run.submissions)
    reviewed = run.model_copy(update={"evidence": apply_reviews(run.evidence, reviews)})
    results = score_run(reviewed, rubric, load_weights(rubric))
    after = [c.submission for c in exemplars_for(exemplar_pool(results, reviewed), "F1.1", "yunling", Level.none, limit=3)]
    assert after == [s for s in before if s != "qingchuan"]


def test_a_reason_that_looks_like_markup_stays_text(tmp_path, inputs):
    out = tmp_path / "out"
    body = ONE.replace("reason: 案件数是市法院的", "reason: '</script><script>alert(1)</script> & <b>粗</b>'")
    assert cli("score", inputs, "--out", out, "--indicators", MINI_INDICATORS, "--quiet",
               "--reviews", review_file(tmp_path, body)).returncode == 0
    html = (out / "qingchuan.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<b>粗</b>" not in html
    assert len(re.findall(r"<script(?! type=\"application/json\")", html)) == 3  # the run's assets/ and standing/ only
    assert re.findall(r"<script(?! type=\"application/json\")[^>]*>", html) == [
        '<script src="assets/indicators.js">', f'<script src="{shard_src(html)}">', '<script src="assets/submission.js">']
    reasons = [r["reason"] for r in review_rows(out, html) if r.get("reason")]
    assert reasons == ["</script><script>alert(1)</script> & <b>粗</b>"]
