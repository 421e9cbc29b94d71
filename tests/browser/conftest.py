"""Headless Chromium for the report tests (Debian chromium + chromium-driver).

Skips, with the reason, when Chromium, its driver or selenium are missing. CHROMIUM and
CHROMEDRIVER override the binaries' paths. Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import base64
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "report"))

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,900", "--hide-scrollbars", "--lang=zh-CN"]


def _binary(env: str, *candidates: str) -> str | None:
    """The binary named by `env` (only that one, when set), else the first candidate found."""
    for c in [os.environ[env]] if os.environ.get(env) else candidates:
        found = shutil.which(c) or (c if Path(c).is_file() else None)
        if found:
            return found
    return None


def launch_chromium(downloads: Path | None = None):
    """A headless Chromium driver, or a skip with the reason. With `downloads`, files the page
    offers are saved there without asking. Close it with close_chromium()."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium 未安装（pip install -e '.[test]'）")
    chromium = _binary("CHROMIUM", "/usr/bin/chromium", "chromium", "chromium-browser")
    chromedriver = _binary("CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("需要 Chromium 与 chromedriver（Debian：apt-get install chromium chromium-driver）")
    profile = tempfile.mkdtemp(prefix="scorer-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    if downloads is not None:
        opts.add_experimental_option("prefs", {
            "download.default_directory": str(downloads), "download.prompt_for_download": False,
            "download.directory_upgrade": True, "safebrowsing.enabled": False})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        drv = webdriver.Chrome(service=Service(chromedriver), options=opts)
    except Exception as exc:  # noqa: BLE001 - a broken browser install is a skip, with its reason
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"无法启动 Chromium：{str(exc).splitlines()[0]}")
    if downloads is not None:
        try:
            drv.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        except Exception:  # noqa: BLE001 - older drivers: the prefs above are enough
            pass
    drv.set_page_load_timeout(60)
    drv.scorer_profile_dir = profile
    return drv


def close_chromium(drv) -> None:
    drv.quit()
    shutil.rmtree(drv.scorer_profile_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def downloading_chromium():
    """(driver, download folder): Chromium that saves the files a page offers without asking."""
    downloads = Path(tempfile.mkdtemp(prefix="scorer-downloads-"))
    drv = launch_chromium(downloads)
    yield drv, downloads
    close_chromium(drv)
    shutil.rmtree(downloads, ignore_errors=True)


@pytest.fixture(scope="session")
def driver():
    drv = launch_chromium()
    yield drv
    close_chromium(drv)


class Browser:
    """The driver plus what every report test needs: open a page, collect errors, screenshots."""

    def __init__(self, drv):
        self.d = drv

    def open(self, path: Path) -> None:
        self.d.set_window_size(1280, 900)
        self.d.get(path.resolve().as_uri())
        self.d.get_log("browser")  # drop nothing silently: errors are read right after open()

    def open_clean(self, path: Path) -> list[str]:
        """Open a page and return its console errors (CSP violations included)."""
        self.d.set_window_size(1280, 900)
        self.d.get_log("browser")
        self.d.get(path.resolve().as_uri())
        time.sleep(0.05)
        return self.errors()

    def errors(self) -> list[str]:
        return [e["message"] for e in self.d.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]

    def js(self, script: str, *args):
        return self.d.execute_script(script, *args)

    def screenshot(self, name: str, full: bool = True, max_height: int = 7000) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        if not full:
            self.d.save_screenshot(str(path))
            return path
        # The whole page in one capture, without resizing the window (slow on long pages).
        size = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], max_height), "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@pytest.fixture
def browser(driver):
    return Browser(driver)


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory):
    from sample_run import build

    return build(tmp_path_factory.mktemp("browser-sample"))
