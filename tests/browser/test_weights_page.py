"""The live weights page in headless Chromium: move a slider, the table re-orders, and the YAML
the page downloads reproduces exactly that ranking in the CLI.

Skips, with the reason, when selenium, Chromium or chromedriver are missing (CHROMIUM and
CHROMEDRIVER override the binaries' paths).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import weights_kit as kit  # noqa: E402

from scorer.cli import main  # noqa: E402
from scorer.results_file import read_results

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def browser(downloading_chromium):
    return downloading_chromium


LEVELS = ("none", "mention", "quantified")


@pytest.fixture
def scored(tmp_path):
    """A run of 3 hand-made and 27 random submissions on the small rubric, with its outputs."""
    rubric_dir, ind_dir = kit.make_rubric(tmp_path, areas={"D": 2, "F": 1, "G": 1})
    opts = ["--rubric", str(rubric_dir), "--indicators", str(ind_dir)]
    subs = tmp_path / "subs"
    kit.write_submission(subs, "jia", {"D2.1": "quantified", "D3.1": "quantified", "F1.1": "mention"},
                         title="甲市2023年法治政府建设年度报告")
    kit.write_submission(subs, "yi", {"F1.1": "quantified", "F3.1": "quantified", "G4.1": "quantified"},
                         title="乙市2023年法治政府建设年度报告")
    kit.write_submission(subs, "bing", {"D3.1": "quantified", "G4.1": "mention"}, title="丙县2023年法治政府建设年度报告")
    rng = random.Random(4)
    for k in range(27):
        kit.write_submission(subs, f"r{k:02d}", {i: rng.choice(LEVELS) for i in kit.SENTENCES},
                             title=f"随机{k:02d}县2023年法治政府建设年度报告")
    (rubric_dir / "profiles" / "demo.yaml").write_text(
        "description: 综合\ncomponents: {written: 0.5, field: 0.3, survey: 0.2}\n", encoding="utf-8")
    ids = sorted(p.stem for p in subs.glob("*.txt"))
    comps = tmp_path / "components.csv"
    comps.write_text("id,field,survey\n" + "".join(f"{i},{rng.randint(60, 100)},{rng.uniform(60, 100):.1f}\n"
                                                    for i in ids), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["score", str(subs), "--out", str(out), "--quiet", *opts]) == 0
    return {"out": out, "opts": opts, "components": comps, "tmp": tmp_path}


def results(out: Path) -> list[tuple]:
    data = read_results(out / "results.json")
    return [(s["rank"], s["id"], s["total"], s.get("composite")) for s in data["submissions"]]


def open_page(drv, out: Path):
    from selenium.webdriver.support.ui import WebDriverWait

    drv.get((out / "weights.html").as_uri())
    WebDriverWait(drv, 20).until(lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "1")
    severe = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe


def page_ranking(drv) -> list[tuple]:
    return [tuple(r) for r in drv.execute_script("return window.weightsPage.ranking();")]


def table_order(drv) -> list[str]:
    return [tr.get_attribute("data-id") for tr in drv.find_elements("css selector", "#ranking-body tr")]


def download(drv, downloads: Path, name: str) -> Path:
    for old in downloads.glob("*"):
        old.unlink()
    field = drv.find_element("id", "profile-name")
    field.clear()
    field.send_keys(name)
    drv.find_element("id", "download").click()
    target = downloads / f"{name}.yaml"
    deadline = time.time() + 20
    while time.time() < deadline:
        if target.exists() and not list(downloads.glob("*.crdownload")):
            return target
        time.sleep(0.1)
    raise AssertionError(f"no download in {downloads}: {list(downloads.iterdir())}")


def rescore(scored, profile: Path, *extra) -> list[tuple]:
    assert main(["rescore", str(scored["out"]), "--profile", str(profile), *scored["opts"], *extra]) == 0
    return results(scored["out"])


def test_page_shows_the_run_ranking(browser, scored):
    drv, _ = browser
    open_page(drv, scored["out"])
    assert page_ranking(drv) == results(scored["out"])
    assert table_order(drv) == [r[1] for r in results(scored["out"])]


def test_move_a_slider_table_reorders_download_reproduces(browser, scored):
    from selenium.webdriver.common.keys import Keys

    drv, downloads = browser
    open_page(drv, scored["out"])
    before = table_order(drv)
    assert before == [r[1] for r in results(scored["out"])]
    assert before.index("yi") < before.index("jia") < before.index("bing")
    slider = drv.find_element("id", "slider-D")
    slider.click()
    slider.send_keys(Keys.END)  # D to the slider's maximum: 40 against F 1 and G 1
    drv.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));")
    assert drv.find_element("id", "input-D").get_attribute("value") == "40"
    after = table_order(drv)
    assert after != before
    assert after.index("jia") < after.index("bing") < after.index("yi")  # D-heavy reports rise
    shown = page_ranking(drv)
    assert [r[1] for r in shown] == after

    profile = download(drv, downloads, "d-heavy")
    text = profile.read_text(encoding="utf-8")
    assert "extends: default" in text and "  D: 40" in text
    assert rescore(scored, profile) == shown


def test_awkward_weights_and_a_composite_reproduce_exactly(browser, scored):
    """Weights like 0.1 and 1/3 and many near ties: the page's floating point is the CLI's."""
    drv, downloads = browser
    assert main(["rescore", str(scored["out"]), "--profile", "demo", "--components", str(scored["components"]),
                 *scored["opts"]]) == 0
    open_page(drv, scored["out"])
    assert page_ranking(drv) == results(scored["out"])
    rng = random.Random(11)
    for round_ in range(3):
        for item in ("D", "F", "G", "D2", "D3", "F1", "F3", "G4"):
            value = rng.choice(["0.1", "0.3333333333333333", "7.77", "1e-3", "2", "0", "13.5", "0.7"])
            if item in ("D", "F", "G") and value == "0":
                value = "0.2"
            field = drv.find_element("id", f"input-{item}")
            drv.execute_script("arguments[0].value = arguments[1];"
                               "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, value)
        drv.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));")
        shown = page_ranking(drv)
        assert all(r[3] is not None for r in shown)  # ranked by the composite
        profile = download(drv, downloads, f"awkward-{round_}")
        assert rescore(scored, profile) == shown, profile.read_text(encoding="utf-8")


def test_pyround_matches_python(browser, scored):
    drv, _ = browser
    open_page(drv, scored["out"])
    rng = random.Random(0)
    values = [rng.uniform(0, 100) for _ in range(3000)] + [k / 32 for k in range(1, 3200, 2)] + [
        1.00005, 2.675, 0.00005, 0.12345, 99.99995, 1 / 3, 2 / 3, 12.5 * 0.25]
    got = drv.execute_script("return arguments[0].map(window.pyRound);", values)
    assert got == [round(v, 4) for v in values]
