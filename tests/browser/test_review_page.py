"""Writing expert reviews on a submission page in headless Chromium: set a level and a reason,
download the review file, and the CLI scores it to the figures the page showed.

Skips, with the reason, when selenium, Chromium or chromedriver are missing.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
import yaml

from scorer.cli import main
from scorer.report.naming import page_names
from scorer.results_file import read_results

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "disputes"  # uneven weights: maxima with long fractions, the hard case for an exact preview
LEVELS = ("none", "mention", "substantive", "quantified")
TRICKY = '所列数字是"省里"的: 见 #3 \\ 附表 - 不是本级'  # quotes, colon, hash, backslash: YAML must keep them


@pytest.fixture(scope="module")
def browser(downloading_chromium):
    return downloading_chromium


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("review-page") / "out"
    assert main(["score", str(ROOT / "submissions"), "--out", str(out), "--profile", PROFILE, "--quiet",
                 "--no-cache"]) == 0
    return out


def results(out: Path) -> dict:
    return {s["id"]: s for s in read_results(out / "results.json")["submissions"]}


def open_page(drv, out: Path, sid: str) -> None:
    """Open a submission page with no draft left from an earlier test."""
    name = page_names(list(results(out)))[sid]
    drv.get((out / f"{name}.html").as_uri())
    drv.execute_script("window.localStorage.clear();")
    drv.get_log("browser")
    drv.refresh()
    errors = [e["message"] for e in drv.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert not errors, errors  # a CSP violation would stop the script: the hash must cover it


def choose(drv, ind: str, level: str, reason: str) -> None:
    from selenium.webdriver.support.ui import Select

    select = drv.find_element("css selector", f"select.review-level[data-indicator='{ind}']")
    drv.execute_script("arguments[0].scrollIntoView({block: 'center'});", select)
    Select(select).select_by_value(level)
    field = drv.find_element("css selector", f"input.review-reason[data-indicator='{ind}']")
    field.clear()
    field.send_keys(reason)


def download(drv, downloads: Path) -> Path:
    for old in downloads.glob("*"):
        old.unlink()
    drv.find_element("id", "review-download").click()
    deadline = time.time() + 20
    while time.time() < deadline:
        done = [p for p in downloads.glob("*.yaml")]
        if done and not list(downloads.glob("*.crdownload")):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no download in {downloads}: {list(downloads.iterdir())}; "
                         f"page says {drv.find_element('id', 'review-message').text!r}")


def page_total(drv) -> tuple[float, str]:
    shown = drv.find_element("id", "review-total")
    return float(shown.get_attribute("data-total")), shown.text


def rescore(out: Path, reviews: Path) -> dict:
    assert main(["rescore", str(out), "--profile", PROFILE, "--reviews", str(reviews)]) == 0
    return results(out)


def test_set_a_level_and_a_reason_download_and_the_cli_scores_it_to_the_page(browser, scored):
    drv, downloads = browser
    before = results(scored)
    sid = next(iter(before))  # the best-ranked report
    levels = {i["id"]: i["level"] for i in before[sid]["indicators"]}
    maxima = {i["id"]: i["max"] for i in before[sid]["indicators"]}
    raise_ = next(i for i, lv in levels.items() if lv in ("none", "mention"))
    # Another maximum, so that the two changes do not cancel out.
    lower = next(i for i, lv in levels.items() if lv == "quantified" and maxima[i] != maxima[raise_])
    open_page(drv, scored, sid)
    assert page_total(drv)[0] == before[sid]["total"]

    choose(drv, raise_, "quantified", "附件二写明了办结数量")
    choose(drv, lower, "mention", TRICKY)
    total, text = page_total(drv)
    assert total != before[sid]["total"]
    assert drv.find_element("id", "review-count").text == "2"

    # Without a reviewer the page refuses, says why and downloads nothing.
    drv.find_element("id", "review-download").click()
    assert "评审人" in drv.find_element("id", "review-message").text and not list(downloads.glob("*.yaml"))
    drv.find_element("id", "review-reviewer").send_keys("评审组二")
    file = download(drv, downloads)
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert sorted((r["indicator"], r["level"], r["reviewer"]) for r in data["reviews"]) == sorted([
        (raise_, "quantified", "评审组二"), (lower, "mention", "评审组二")])
    assert all(r["text_sha256"] == before[sid]["sha256"] and r["submission"] == sid for r in data["reviews"])

    after = rescore(scored, file)[sid]
    assert after["total"] == total and f"{after['total']:.2f}" == text
    got = {i["id"]: i for i in after["indicators"]}
    assert (got[raise_]["level"], got[raise_]["machine_level"]) == ("quantified", levels[raise_])
    assert got[lower]["review"]["reason"] == TRICKY

    # The rescored page shows the reviews and starts from them: nothing changed, the same file again.
    open_page(drv, scored, sid)
    assert page_total(drv) == (total, text)
    assert drv.find_element("css selector", f"[id='ind-{raise_}'] s.machine").text
    drv.find_element("id", "review-reviewer").send_keys("另一位")
    again = yaml.safe_load(download(drv, downloads).read_text(encoding="utf-8"))
    assert again["reviews"] == data["reviews"]  # kept reviews keep their reviewer and date


def test_a_changed_level_without_a_reason_is_not_downloaded(browser, scored):
    drv, downloads = browser
    for old in downloads.glob("*"):
        old.unlink()
    sid = list(results(scored))[-1]
    open_page(drv, scored, sid)
    ind = next(i["id"] for i in results(scored)[sid]["indicators"] if i["level"] == "none" and "review" not in i)
    choose(drv, ind, "substantive", "")
    drv.find_element("id", "review-reviewer").send_keys("评审组一")
    drv.find_element("id", "review-download").click()
    assert ind in drv.find_element("id", "review-message").text
    reason = drv.find_element("css selector", f"input.review-reason[data-indicator='{ind}']")
    assert "bad" in reason.get_attribute("class")
    time.sleep(0.3)
    assert not list(downloads.glob("*.yaml"))


def test_many_random_reviews_reproduce_exactly(browser, scored):
    """Thirty levels at random on every page: the page's total is the CLI's, to the last bit."""
    drv, downloads = browser
    rng = random.Random(7)
    for sid in list(results(scored))[:4]:
        open_page(drv, scored, sid)
        ids = [i["id"] for i in results(scored)[sid]["indicators"]]
        for ind in rng.sample(ids, 30):
            drv.execute_script(
                "var s = document.querySelector(\"select.review-level[data-indicator='\" + arguments[0] + \"']\");"
                "s.value = arguments[1]; s.dispatchEvent(new Event('change'));"
                "var r = document.querySelector(\"input.review-reason[data-indicator='\" + arguments[0] + \"']\");"
                "r.value = '抽查'; r.dispatchEvent(new Event('input'));", ind, rng.choice(LEVELS))
        drv.find_element("id", "review-reviewer").send_keys("抽查组")
        total, text = page_total(drv)
        after = rescore(scored, download(drv, downloads))[sid]
        assert (after["total"], f"{after['total']:.2f}") == (total, text)


def test_two_decimals_are_pythons(browser, scored):
    drv, _ = browser
    open_page(drv, scored, next(iter(results(scored))))
    rng = random.Random(1)
    values = [k / 8 for k in range(0, 801)] + [round(rng.uniform(0, 100), 4) for _ in range(2000)] + [2.675, 0.125]
    got = drv.execute_script("return arguments[0].map(window.reviewPage.fmt2);", values)
    assert got == [f"{v:.2f}" for v in values]


def test_unsaved_reviews_survive_closing_the_page_until_undone(browser, scored):
    drv, _ = browser
    sid = list(results(scored))[1]
    open_page(drv, scored, sid)
    first = results(scored)[sid]["indicators"][0]
    other = next(lv for lv in LEVELS if lv != first["level"])
    start = page_total(drv)
    choose(drv, first["id"], other, "草稿理由")
    drv.find_element("id", "review-reviewer").send_keys("评审组三")
    changed = page_total(drv)
    drv.refresh()
    select = drv.find_element("css selector", f"select.review-level[data-indicator='{first['id']}']")
    reason = drv.find_element("css selector", f"input.review-reason[data-indicator='{first['id']}']")
    assert (select.get_attribute("value"), reason.get_attribute("value")) == (other, "草稿理由")
    assert drv.find_element("id", "review-reviewer").get_attribute("value") == "评审组三"
    assert page_total(drv) == changed and "已恢复" in drv.find_element("id", "review-message").text
    drv.find_element("id", "review-reset").click()
    assert page_total(drv) == start and select.get_attribute("value") == first["level"]
    drv.refresh()
    assert page_total(drv) == start and drv.find_element("id", "review-message").text == ""
