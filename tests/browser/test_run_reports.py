"""Real runs in the browser: the shipped samples and the 24 seed reports.

Each run is scored with the project's rubric through the CLI, then every page is opened in
Chromium: no console errors (CSP violations included), every gap of results.json in the right
report with the exemplars the view chose. Screenshots and the index's page weight are saved to
tests/artifacts/.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from selenium.webdriver.common.by import By

from scorer.bench.seed import SEED
from scorer.models import Level
from scorer.pipeline import load_run
from scorer.report.exemplars import duplicate_partners, exemplar_pool, exemplars_for
from scorer.report.naming import page_names
from scorer.report.view import TOP_GAPS
from scorer.results import Results
from scorer.rubric import load_rubric
from scorer.results_file import read_results

from conftest import ARTIFACTS, ROOT
from seed_support import seed_folder

pytestmark = pytest.mark.browser


def _samples(tmp: Path) -> Path:
    folder = ROOT / "submissions"
    if not any(p.suffix in (".txt", ".md", ".docx", ".pdf") and p.name.lower() != "readme.md" for p in folder.iterdir()):
        pytest.skip("submissions/ 中还没有示例材料")
    return folder


def _seed(tmp: Path) -> Path:
    if not SEED.exists():
        pytest.skip(f"{SEED} 不存在（需要 ../shared/seeds）")
    return seed_folder(tmp)


@pytest.fixture(scope="module", params=[
    pytest.param(("samples", _samples), id="samples"),
    pytest.param(("seed", _seed), id="seed", marks=pytest.mark.seed),
])
def run_dir(request, tmp_path_factory):
    label, source = request.param
    src = source(tmp_path_factory.mktemp(f"{label}-src"))
    out = tmp_path_factory.mktemp(f"{label}-out") / "reports"
    proc = subprocess.run([sys.executable, "-m", "scorer.cli", "score", str(src), "--out", str(out), "--no-cache", "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    results = Results.model_validate(read_results(out / "results.json"))
    return label, out, results


def test_every_page_opens_and_shows_every_gap_with_its_exemplars(browser, run_dir):
    label, out, results = run_dir
    if label == "seed":
        assert len(results.submissions) == 24
    run = load_run(out / "run.json")
    pool, dups = exemplar_pool(results, run), duplicate_partners(results)
    names = page_names([s.id for s in results.submissions])

    rubric = load_rubric()
    expects = results.expects()
    folded = 0
    assert browser.open_clean(out / "index.html") == []
    ids = browser.js("return Array.from(document.querySelectorAll('#ranking-table tbody tr')).map(r => r.dataset.id)")
    assert ids == [s.id for s in results.submissions]
    browser.screenshot(f"{label}-index.png")

    for s in results.submissions:
        assert browser.open_clean(out / f"{names[s.id]}.html") == [], s.id
        shown = browser.js(
            "return Array.from(document.querySelectorAll('li.gap, tr.gap-row')).map(li => [li.dataset.indicator,"
            " Array.from(li.querySelectorAll('blockquote.exemplar a')).map(a => a.getAttribute('href'))])")
        levels = {i.id: i.level for i in s.indicators}
        # The leading gaps in full with one peer exemplar each; the rest folded, without.
        want = [[g.indicator, [f"{names[c.submission]}.html#ind-{g.indicator}"
                               for c in exemplars_for(pool, g.indicator, s.id, Level[levels[g.indicator]],
                                                      dups.get(s.id, set()))] if k < TOP_GAPS else []]
                for k, g in enumerate(s.gaps)]
        assert [[ind, [unquote(h) for h in hrefs]] for ind, hrefs in shown] == want, s.id
        # The folded gaps, one line each: number, indicator and name, level, points lost, what is needed.
        rows = browser.js("return Array.from(document.querySelectorAll('tr.gap-row'))"
                          ".map(tr => Array.from(tr.cells).map(td => td.textContent))")
        ind_names = {ind.id: ind.name for ind in rubric.indicators}
        level_names = {name: spec.name for name, spec in rubric.spec.levels.items()}
        for k, (row, g) in enumerate(zip(rows, s.gaps[TOP_GAPS:], strict=True)):
            assert row[:4] == [str(TOP_GAPS + k + 1), f"{g.indicator} {ind_names[g.indicator]}",
                               level_names[levels[g.indicator]], f"−{g.points_lost:.2f}"], s.id
            assert row[4].endswith(f"需要：{expects[g.indicator]}"), s.id
        folded += len(rows)
    assert folded  # the runs have reports with more gaps than are shown in full

    top = results.submissions[0]
    browser.open(out / f"{names[top.id]}.html")
    browser.screenshot(f"{label}-report-top.png", full=False)
    browser.js("document.getElementById('gaps').scrollIntoView()")
    browser.screenshot(f"{label}-report-gaps.png", full=False)
    browser.d.find_element(By.ID, "toggle-text").click()
    browser.js("document.getElementById('fulltext').scrollIntoView()")
    browser.screenshot(f"{label}-report-fulltext.png", full=False)
    assert browser.errors() == []

    weight = (out / "index.html").stat().st_size
    pages = sorted(p.stat().st_size for p in out.glob("*.html") if p.name not in ("index.html", "weights.html"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{label}-page-weight.txt").write_text(
        f"{len(results.submissions)} submissions\nindex.html {weight} bytes\n"
        f"reports: min {pages[0]} · median {pages[len(pages) // 2]} · max {pages[-1]} bytes\n", encoding="utf-8")
    assert weight < 400_000  # the index stays light even for a large run
