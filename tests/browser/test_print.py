"""Printing: the strongest compilation report fits 12 A4 pages with page numbers; the index is landscape.

Chromium prints each page to PDF exactly as a reviewer's "打印 → 另存为 PDF" would (the page's own
@page rules, backgrounds on); pdfplumber reads the pages back. The PDFs are kept in tests/artifacts/.
"""

from __future__ import annotations

import base64
import logging
import re
import subprocess
import sys

import pdfplumber
import pytest

from scorer.bench.seed import SEED
from scorer.report.naming import page_names
from scorer.results import Results
from scorer.results_file import read_results

from conftest import ARTIFACTS, ROOT
from seed_support import seed_folder

pytestmark = [pytest.mark.browser, pytest.mark.seed]
MAX_PAGES = 12


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    if not SEED.exists():
        pytest.skip(f"{SEED} 不存在（需要 ../shared/seeds）")
    src = seed_folder(tmp_path_factory.mktemp("print-src"))
    out = tmp_path_factory.mktemp("print-out") / "reports"
    proc = subprocess.run([sys.executable, "-m", "scorer.cli", "score", str(src), "--out", str(out), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    return out, Results.model_validate(read_results(out / "results.json"))


def _print(browser, page, name):
    browser.open(page)
    pdf = browser.d.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(base64.b64decode(pdf["data"]))
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(path) as doc:
        return [(p.width, p.height, p.extract_text() or "") for p in doc.pages]


def test_the_strongest_report_prints_on_at_most_12_numbered_a4_pages(browser, seed_run):
    out, results = seed_run
    top = results.submissions[0]
    pages = _print(browser, out / f"{page_names([s.id for s in results.submissions])[top.id]}.html", "print-top.pdf")
    assert len(pages) <= MAX_PAGES, f"{len(pages)} 页"
    for n, (width, height, text) in enumerate(pages, 1):
        assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
        # Chromium's PDF text may use the CJK compatibility form of 页 (U+2EDA); both are the page number.
        assert re.search(rf"第 {n} [页⻚] / 共 {len(pages)} [页⻚]", text), n
    first = pages[0][2]
    assert "总体评价" in first and top.band in first  # the page opens with the assessment
    assert not any("证据按等级着色" in text for _, _, text in pages)  # the full text stays on screen


def test_the_index_prints_landscape(browser, seed_run):
    out, _ = seed_run
    pages = _print(browser, out / "index.html", "print-index.pdf")
    width, height, text = pages[0]
    assert width > height
    assert re.search(rf"第 1 [页⻚] / 共 {len(pages)} [页⻚]", text)
