"""A review written for another version of a text is set aside, and said where a reader looks:
results.json (with the review's file:line), the index and that submission's page; a rescore
that reuses the run's reviews keeps saying it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import MINI_INDICATORS, write_submission
from scorer.results_file import read_results

QINGCHUAN = "青川市法治政府建设报告\n全年办结行政复议案件326件，纠错率12.4%。\n要推行行政执法公示制度。\n"
YUNLING = "云岭县报告\n要推行行政执法公示制度。\n"

STALE = """\
reviews:
  - submission: qingchuan
    indicator: F1.1
    level: mention
    reason: 案件数是市法院的
    reviewer: 评审组一
  - submission: yunling
    indicator: D2.1
    level: quantified
    reason: 旧稿写明了公示条数
    reviewer: 评审组二
    text_sha256: {old}
"""


def cli(*args):
    return subprocess.run([sys.executable, "-m", "scorer.cli", *map(str, args), "--indicators", MINI_INDICATORS],
                          capture_output=True, text=True)


def test_a_stale_review_is_listed_in_results_index_and_its_page_and_survives_rescore(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_submission(inputs, "qingchuan.txt", QINGCHUAN, title="青川市2025年法治政府建设年度报告", group="city")
    write_submission(inputs, "yunling.txt", YUNLING, title="云岭县2025年法治政府建设年度报告", group="county")
    reviews = tmp_path / "评审.yaml"
    reviews.write_text(STALE.format(old="ab" * 32), encoding="utf-8")
    out = tmp_path / "out"
    res = cli("score", inputs, "--out", out, "--quiet", "--reviews", reviews)
    assert res.returncode == 0, res.stderr

    results = read_results(out / "results.json")
    [stale] = results["stale_reviews"]
    yunling = next(s for s in results["submissions"] if s["id"] == "yunling")
    assert (stale["submission"], stale["indicator"], stale["reviewer"], stale["level"]) == (
        "yunling", "D2.1", "评审组二", "quantified")
    assert (stale["file"], stale["line"]) == (str(reviews), 7)  # the line where the review's item starts
    assert stale["text_sha256"] == "ab" * 32 and stale["current_sha256"] == yunling["sha256"]
    d21 = next(i for i in yunling["indicators"] if i["id"] == "D2.1")
    assert d21["level"] != "quantified" and "review" not in d21  # not applied
    qingchuan = next(s for s in results["submissions"] if s["id"] == "qingchuan")
    assert any("review" in i for i in qingchuan["indicators"])  # the current review is

    def notice(page: str) -> str:
        html = (out / page).read_text(encoding="utf-8")
        if 'id="stale-reviews"' not in html:
            return ""
        part = html[html.index('id="stale-reviews"'):]
        return part[:part.index("</div>")]

    on_index = notice("index.html")
    assert f"{reviews}:7" in on_index and "D2.1" in on_index and "评审组二" in on_index
    assert 'href="yunling.html"' in on_index and "云岭县2025年法治政府建设年度报告" in on_index
    assert f"{reviews}:7" in notice("yunling.html")
    assert notice("qingchuan.html") == ""

    # rescore reuses the run's reviews.yaml: the stale review is still set aside and still said
    res = cli("rescore", out)
    assert res.returncode == 0, res.stderr
    again = read_results(out / "results.json")
    assert [(s["submission"], s["indicator"], s["text_sha256"]) for s in again["stale_reviews"]] == [
        ("yunling", "D2.1", "ab" * 32)]
    assert Path(again["stale_reviews"][0]["file"]).name == "reviews.yaml"
    assert again["submissions"] == results["submissions"]
