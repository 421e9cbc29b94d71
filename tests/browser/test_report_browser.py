"""The reports in a real browser: sorting, filtering, the full-text toggle, no errors, no script."""

from __future__ import annotations

import base64
import re
import sys

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

pytestmark = pytest.mark.browser


def visible_ids(b, selector="#ranking-table tbody tr"):
    return b.js(f"return Array.from(document.querySelectorAll('{selector}'))"
                ".filter(r => r.offsetParent !== null).map(r => r.dataset.id || r.querySelector('a').textContent)")


def column_values(b, col):
    return b.js("return Array.from(document.querySelectorAll('#ranking-table tbody tr'))"
                f".map(r => r.cells[{col}].getAttribute('data-v'))")


def test_every_page_opens_without_console_errors(browser, sample_reports):
    pages = sorted(sample_reports.folder.glob("*.html"))
    assert len(pages) == 1 + len(sample_reports.results.submissions)
    for path in pages:
        assert browser.open_clean(path) == [], path.name


def test_index_sorts_by_any_column(browser, sample_reports):
    assert browser.open_clean(sample_reports.folder / "index.html") == []
    subs = sample_reports.results.submissions
    assert visible_ids(browser) == [s.id for s in subs]
    heads = browser.d.find_elements(By.CSS_SELECTOR, "#ranking-table thead th")
    labels = [h.text.strip() for h in heads]
    total = heads[labels.index("总分")]
    total.find_element(By.TAG_NAME, "button").click()
    assert total.get_attribute("aria-sort") == "descending"
    totals = [float(v) for v in column_values(browser, labels.index("总分"))]
    assert totals == sorted(totals, reverse=True)
    total.find_element(By.TAG_NAME, "button").click()
    assert total.get_attribute("aria-sort") == "ascending"
    totals = [float(v) for v in column_values(browser, labels.index("总分"))]
    assert totals == sorted(totals)
    heads[labels.index("组内名次")].find_element(By.TAG_NAME, "button").click()
    group_ranks = [int(v) for v in column_values(browser, labels.index("组内名次"))]
    assert group_ranks == sorted(group_ranks)
    area = heads[labels.index("A")]
    area.find_element(By.TAG_NAME, "button").click()
    scores = [float(v) for v in column_values(browser, labels.index("A"))]
    assert scores == sorted(scores, reverse=True)
    heads[labels.index("名次")].find_element(By.TAG_NAME, "button").click()
    assert visible_ids(browser) == [s.id for s in subs]
    assert browser.errors() == []


def test_index_filters_by_group_and_text(browser, sample_reports):
    browser.open(sample_reports.folder / "index.html")
    subs = sample_reports.results.submissions
    Select(browser.d.find_element(By.ID, "filter-group")).select_by_value("county")
    county = [s.id for s in subs if s.group == "county"]
    assert visible_ids(browser) == county
    assert browser.d.find_element(By.ID, "filter-count").text == f"显示 {len(county)} / {len(subs)} 份"
    assert len(visible_ids(browser, "table.heat tbody tr")) == len(county)  # the heat map follows
    Select(browser.d.find_element(By.ID, "filter-group")).select_by_value("")
    box = browser.d.find_element(By.ID, "filter-text")
    box.send_keys("江北")
    assert visible_ids(browser) == [s.id for s in subs if "江北" in s.title]
    box.clear()
    box.send_keys("不存在的材料")
    assert visible_ids(browser) == []
    assert browser.d.find_element(By.ID, "filter-count").text == f"显示 0 / {len(subs)} 份"
    browser.screenshot("sample-index-filtered.png", full=False)
    assert browser.errors() == []


def test_report_toggles_the_full_text_and_locates_quotes(browser, sample_reports):
    s = next(s for s in sample_reports.results.submissions if s.id == "yunling")
    assert browser.open_clean(sample_reports.folder / f"{s.id}.html") == []
    body = browser.d.find_element(By.ID, "fulltext-body")
    toggle = browser.d.find_element(By.ID, "toggle-text")
    assert not body.is_displayed() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert body.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
    marks = browser.d.find_elements(By.CSS_SELECTOR, "#fulltext-body mark.ev")
    assert marks and all(m.is_displayed() for m in marks)
    assert browser.d.find_elements(By.CSS_SELECTOR, "#fulltext-body mark.term")
    browser.screenshot("sample-report-fulltext.png")
    toggle.click()
    assert not body.is_displayed()
    # "在原文中查看" opens the full text and brings the quote into view.
    link = browser.d.find_element(By.CSS_SELECTOR, "#evidence a.locate")
    target = link.get_attribute("href").split("#")[1]
    browser.js("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    assert body.is_displayed()
    in_view = browser.js("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                         "return r.top >= 0 && r.bottom <= window.innerHeight;", target)
    assert in_view
    # Indicators without evidence can be hidden.
    box = browser.d.find_element(By.ID, "only-evidence")
    browser.js("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    hidden = browser.js("return Array.from(document.querySelectorAll('.ind')).filter(e => e.hidden)"
                        ".map(e => e.dataset.level)")
    assert hidden and set(hidden) == {"none"}
    assert browser.errors() == []


def test_each_indicator_shows_its_passages_with_place_reason_and_terms(browser, sample_reports):
    """The page's script lays out every indicator's quoted passages from the page's data."""
    ev = {e.submission_id: e.by_id() for e in sample_reports.run.evidence}
    for s in sample_reports.results.submissions:
        assert browser.open_clean(sample_reports.folder / f"{s.id}.html") == [], s.id
        shown = browser.js(
            "return Array.from(document.querySelectorAll('#evidence .ind')).map(ind => ["
            " ind.querySelector('.ind-head').firstChild.textContent,"
            " Array.from(ind.querySelectorAll('blockquote.quote')).map(q => ["
            "  Array.from(q.childNodes).filter(n => !(n.classList && n.classList.contains('cite')))"
            "   .map(n => n.textContent).join(''),"
            "  Array.from(q.querySelectorAll('mark.term')).map(m => m.textContent),"
            "  q.querySelector('.cite').textContent, q.querySelector('a.locate').getAttribute('href')])])")
        assert [ind_id for ind_id, _ in shown] == [i.id for i in s.indicators]  # each head opens with its id
        for ind_id, quotes in shown:
            passages = ev[s.id][ind_id].passages
            assert [q[0] for q in quotes] == [p.quote for p in passages], (s.id, ind_id)
            for (_, terms, cite, link), p in zip(quotes, passages):
                assert set(terms) <= set(p.terms) and link == f"#t-{p.start}"
                assert f"第 {p.paragraph} 段" in cite and p.heading in cite and p.why in cite
    assert browser.errors() == []


def test_a_mark_in_the_full_text_names_its_indicators_on_hover(browser, sample_reports):
    from selenium.webdriver.common.action_chains import ActionChains

    ind_names = {ind.id: ind.name for ind in sample_reports.rubric.indicators}
    assert browser.open_clean(sample_reports.folder / "yunling.html") == []
    browser.d.find_element(By.ID, "toggle-text").click()
    mark = browser.d.find_elements(By.CSS_SELECTOR, "#fulltext-body mark.ev[title]")[0]
    ids = mark.get_attribute("title").split("；")
    browser.js("arguments[0].scrollIntoView({block: 'center'})", mark)
    ActionChains(browser.d).move_to_element(mark).perform()
    assert mark.get_attribute("title").split("；") == [f"{i} {ind_names[i]}" if i in ind_names else i for i in ids]
    assert any(i in ind_names for i in ids)
    assert browser.errors() == []


def test_script_in_a_submission_is_text_and_never_runs(browser, sample_reports):
    errors = browser.open_clean(sample_reports.folder / "sifaju.html")
    assert errors == []
    with pytest.raises(NoAlertPresentException):
        browser.d.switch_to.alert.text  # noqa: B018
    # Our scripts, from the run's assets/ and standing/, and the review panel's, the passages' and
    # the folded gaps' data, which is JSON and never runs.
    types = browser.js("return Array.from(document.scripts).map(s => s.type || s.src.replace(/.*\\//, ''))")
    assert types[-3:] == ["indicators.js", types[-2], "submission.js"] and re.fullmatch(r"\d{3}\.js", types[-2])
    assert set(types[:-3]) == {"application/json"}
    assert browser.d.find_element(By.ID, "title").text == '青川市司法局法治建设工作总结 <script>alert("x")</script>'
    browser.d.find_element(By.ID, "toggle-text").click()
    text = browser.d.find_element(By.ID, "fulltext-body").text
    assert '<script>alert("boom")</script>' in text and "<b>资料</b>" in text
    assert browser.js("return document.querySelectorAll('#fulltext-body b, #fulltext-body script').length") == 0
    browser.open(sample_reports.folder / "index.html")
    assert browser.js("return document.scripts.length") == 1
    with pytest.raises(NoAlertPresentException):
        browser.d.switch_to.alert.text  # noqa: B018


def test_gap_list_in_the_browser_matches_the_results(browser, sample_reports):
    for s in sample_reports.results.submissions:
        browser.open(sample_reports.folder / f"{s.id}.html")
        shown = browser.js("return Array.from(document.querySelectorAll('li.gap')).map(li => li.dataset.indicator)")
        assert shown == [g.indicator for g in s.gaps], s.id
        for link in browser.js("return Array.from(document.querySelectorAll('blockquote.exemplar a'))"
                               ".map(a => a.getAttribute('href'))"):
            assert not link.startswith(f"{s.id}.html")


def test_report_prints_on_a4_pages(browser, sample_reports):
    browser.open(sample_reports.folder / "yunling.html")
    pdf = browser.d.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    data = base64.b64decode(pdf["data"])
    out = browser.screenshot("sample-report.png")
    (out.parent / "sample-report.pdf").write_bytes(data)
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert pages >= 3  # one section per page: profile, gaps, evidence, problems …
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)  # A4 in points


def test_a_page_opened_from_disk_gets_its_style_and_script_from_the_run_folder(browser, sample_reports, tmp_path):
    """The pages link the style and scripts they share (assets/); opened as files, with no server,
    the browser loads them: the page is styled, its script draws the passages and fills the
    folded gaps from the run's indicators, and the exemplar pages one folder down are styled too."""
    from sample_run import GENERATED

    from scorer.report import write_html

    results, run, rubric = sample_reports.results, sample_reports.run, sample_reports.rubric
    write_html(results, run, rubric, tmp_path, generated=GENERATED, top_gaps=1)  # most gaps folded
    sub = max(results.submissions, key=lambda s: len(s.gaps))
    assert len(sub.gaps) > 1
    assert browser.open_clean(tmp_path / f"{sub.id}.html") == []
    assert browser.d.current_url.startswith("file://")
    assert browser.js("return Array.from(document.styleSheets).map(s => s.href.replace(/.*\\//, ''))") == ["report.css"]
    # report.css's masthead: a 5px top border (its print rules: tests/browser/test_print.py)
    assert browser.js("return getComputedStyle(document.querySelector('.masthead')).borderTopWidth") == "5px"
    assert browser.js("return typeof window.ScoreKernel === 'object' && window.RUN_INDICATORS.order.length") == len(
        results.indicators)
    assert browser.js("return document.querySelectorAll('#evidence blockquote.quote').length") > 0
    expects = {i.id: i.expects for i in results.indicators}
    folded = browser.js("return Array.from(document.querySelectorAll('tr.gap-row')).map(r => "
                        "[r.dataset.indicator, r.cells[4].textContent])")
    assert [iid for iid, _ in folded] == [g.indicator for g in sub.gaps[1:]]
    assert all(text.endswith(expects[iid]) and text != expects[iid] for iid, text in folded)
    assert browser.js("return document.querySelectorAll('.review-level').length") == len(results.indicators)
    exemplar = sorted((tmp_path / "exemplars").glob("*.html"))[0]
    assert browser.open_clean(exemplar) == []
    assert browser.js("return getComputedStyle(document.querySelector('.masthead')).borderTopWidth") == "5px"


def shown_standing(b) -> dict:
    """What the page shows of the weights' results, once its script has put its standing in place."""
    return b.js("""
        var text = function (sel) { var el = document.querySelector(sel); return el ? el.textContent : null; };
        var pts = function (sel) { return Array.from(document.querySelectorAll(sel)).map(function (el) { return el.textContent; }); };
        return {total: text('#total'), rank: text('#rank'), group_rank: text('#group-rank'), band: text('#band'),
                verdict: pts('#assessment .verdict p'), chart: pts('#area-chart g.area-row text.val'),
                gaps: Array.from(document.querySelectorAll('li.gap')).map(function (li) { return li.dataset.indicator; }),
                needed: pts('li.gap dd.expects'),
                exemplars: document.querySelectorAll('li.gap blockquote.exemplar').length,
                folded: Array.from(document.querySelectorAll('tr.gap-row')).map(function (r) { return r.dataset.indicator; }),
                areas: pts('#evidence .area-block > h3 .num'), indicators: pts('#evidence .ind-head .pts'),
                left: document.querySelectorAll('template[data-st], [data-pts]:empty').length,
                review_total: text('#review-total')};""")


def test_a_page_shows_the_scores_ranks_assessment_chart_and_gaps_of_results_json(browser, sample_reports):
    """The page holds only what the submission decides; its script inserts the standing (rendered
    by the engine into standing/NNN.js): every figure shown equals results.json's."""
    from sample_run import GENERATED

    from scorer.report.naming import page_names
    from scorer.report.view import SubmissionViews

    results, run, rubric = sample_reports.results, sample_reports.run, sample_reports.rubric
    names = page_names([s.id for s in results.submissions])
    views = SubmissionViews(results, run, rubric, names, GENERATED)
    exemplars = 0
    for s in results.submissions:
        assert browser.open_clean(sample_reports.folder / f"{names[s.id]}.html") == [], s.id
        shown = shown_standing(browser)
        assert shown["left"] == 0  # every placeholder filled
        assert (shown["total"], shown["rank"], shown["group_rank"]) == (f"{s.total:.2f}", str(s.rank), str(s.group_rank))
        assert shown["band"] == (s.band or None) and shown["review_total"] == f"{s.total:.2f}"
        view = views.build(s)
        assert shown["verdict"] == view.assessment.paragraphs and any(f"{s.total:.2f}" in p for p in shown["verdict"])
        assert shown["needed"] == [g.needed for g in view.gaps[: view.top_gaps]]
        assert len(shown["chart"]) == sum(1 for a in s.areas.values() if a.max > 0)
        assert shown["gaps"] + shown["folded"] == [g.indicator for g in s.gaps]
        exemplars += shown["exemplars"]
        with_codes = {i.code for i in s.indicators}
        areas = [a for a in rubric.spec.areas if any(c in with_codes for c in rubric.spec.areas[a].codes)]
        assert shown["areas"] == [f"{s.areas[a].score:.2f} / {s.areas[a].max:.2f}" for a in areas]
        assert shown["indicators"] == [f"{i.score:.2f} / {i.max:.2f}" for a in areas for c in rubric.spec.areas[a].codes
                                       for i in s.indicators if i.code == c]
    assert exemplars > 0


def test_a_rescored_run_keeps_its_pages_and_they_show_the_new_weights(browser, tmp_path):
    import json
    import os
    import subprocess

    from tests.conftest import ROOT

    out = tmp_path / "run"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    for args in (["score", ROOT / "submissions", "--out", out, "--no-cache"], ["rescore", out, "--profile", "disputes"]):
        res = subprocess.run([sys.executable, "-m", "scorer.cli", *map(str, args)], capture_output=True, text=True, env=env)
        assert res.returncode == 0, res.stderr
        if args[0] == "score":
            stamp = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for s in results["submissions"]:
        page = out / f"{s['id']}.html"
        assert page.stat().st_mtime_ns == stamp[page.name]  # kept as the first run wrote it
        assert browser.open_clean(page) == [], page.name
        shown = shown_standing(browser)
        assert (shown["total"], shown["rank"]) == (f"{s['total']:.2f}", str(s["rank"]))
        assert shown["gaps"] + shown["folded"] == s["gaps"]
        footer = browser.d.find_element(By.CSS_SELECTOR, "footer.audit").text
        assert results["rubric"]["profile"] in footer and results["rubric"]["sha256"] in footer


def test_a_page_copied_without_its_standing_says_what_is_missing(browser, sample_reports, tmp_path):
    import shutil

    page = next(p for p in sorted(sample_reports.folder.glob("*.html")) if p.name != "index.html")
    shutil.copytree(sample_reports.folder / "assets", tmp_path / "assets")
    shutil.copy(page, tmp_path / page.name)
    errors = browser.open_clean(tmp_path / page.name)
    assert errors and all("standing/" in e for e in errors)  # the missing file, and no script error
    assert "standing" in browser.d.find_element(By.ID, "standing-missing").text
    assert browser.js("return document.querySelectorAll('#evidence blockquote.quote').length") > 0
