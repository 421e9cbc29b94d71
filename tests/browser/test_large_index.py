"""An index of thousands of submissions: a page of rows at a time, sorting and filtering over all."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from scorer.report.naming import page_names
from scorer.report.render import render_index
from scorer.report.index_view import INDEX_PAGE_ROWS, build_index
from scorer.results import AreaResult, Results, RubricInfo, SubmissionResult
from scorer.rubric import load_rubric

pytestmark = pytest.mark.browser
N = 2500
PLACES = ("青川", "云岭", "松溪")


@pytest.fixture(scope="module")
def large_index(tmp_path_factory):
    rubric = load_rubric()
    subs = []
    for k in range(N):
        total = round(90 - 80 * k / N, 4)
        group = ("county", "city", "department")[k % 3]
        subs.append(SubmissionResult(
            id=f"r{k:05d}", title=f"{PLACES[k % 3]}{k:05d}{'县市局'[k % 3]}报告", group=group, region=PLACES[k % 3],
            total=total, rank=k + 1, group_rank=k // 3 + 1,
            areas={a: AreaResult(score=round(total / 10, 4), max=10.0) for a in rubric.spec.areas},
            secondary={}, indicators=[]))
    results = Results(rubric=RubricInfo(version="1", sha256="0" * 64, profile="default"), submissions=subs)
    folder = tmp_path_factory.mktemp("large")
    view = build_index(results, None, rubric, page_names([s.id for s in subs]), "2026-01-01 00:00 UTC")
    (folder / "index.html").write_text(render_index(view), encoding="utf-8")
    return folder / "index.html", subs


def ids(browser, selector="#ranking-table tbody tr"):
    return browser.js(f"return Array.from(document.querySelectorAll('{selector}')).map(r => r.dataset.id || r.cells[1].textContent)")


def test_a_large_index_lays_out_one_page_and_pages_through_all_rows(browser, large_index):
    path, subs = large_index
    started = time.perf_counter()
    assert browser.open_clean(path) == []
    opened = time.perf_counter() - started
    assert ids(browser) == [s.id for s in subs[:INDEX_PAGE_ROWS]]
    assert len(ids(browser, "table.heat tbody tr")) == INDEX_PAGE_ROWS
    assert browser.d.find_element(By.ID, "filter-count").text == f"显示 {N} / {N} 份"
    browser.d.find_element(By.ID, "page-next").click()
    assert ids(browser) == [s.id for s in subs[INDEX_PAGE_ROWS:2 * INDEX_PAGE_ROWS]]
    assert browser.d.find_element(By.ID, "page-label").text == f"第 2 / {-(-N // INDEX_PAGE_ROWS)} 页"
    print(f"index of {N} rows opened in {opened:.2f}s (wall, shared machine)")


def test_sorting_and_filtering_go_over_every_row_not_only_the_page(browser, large_index):
    path, subs = large_index
    browser.open(path)
    browser.d.find_element(By.CSS_SELECTOR, "#ranking-table thead th:nth-child(1) button").click()  # rank, descending
    assert ids(browser)[:3] == [s.id for s in reversed(subs[-3:])]
    Select(browser.d.find_element(By.ID, "filter-group")).select_by_value("department")
    departments = [s.id for s in subs if s.group == "department"]
    assert browser.d.find_element(By.ID, "filter-count").text == f"显示 {len(departments)} / {N} 份"
    assert ids(browser) == list(reversed(departments))[:INDEX_PAGE_ROWS]
    Select(browser.d.find_element(By.ID, "filter-group")).select_by_value("")
    box = browser.d.find_element(By.ID, "filter-text")
    box.send_keys(subs[-1].title)
    assert ids(browser) == [subs[-1].id]
