"""Headless Chromium for the browser tests: find (or install) it, start it, read its console.

The browser comes from Debian's ``chromium`` and ``chromium-driver`` packages, installed by
``scripts/install-browser.sh`` (``make browser``). When they are missing, :func:`find_browser`
runs that script once (it needs root or sudo and a package mirror); tests skip, with the reason,
only when the browser still cannot be had. Set ``KG_BROWSER_INSTALL=0`` to never install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "scripts" / "install-browser.sh"
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
    "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1100,750", "--lang=zh-CN",
)


def _which() -> tuple[str | None, str | None]:
    browser = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    return browser, shutil.which("chromedriver")


@lru_cache(maxsize=1)
def find_browser() -> tuple[str, str] | str:
    """(chromium, chromedriver) paths, installing them if needed; or the reason there is none."""
    browser, driver = _which()
    if browser and driver:
        return browser, driver
    if os.environ.get("KG_BROWSER_INSTALL", "1") == "0":
        return "no chromium/chromedriver on PATH and KG_BROWSER_INSTALL=0"
    try:
        done = subprocess.run(["sh", str(INSTALL)], capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"{INSTALL} could not run: {err}"
    browser, driver = _which()
    if browser and driver:
        return browser, driver
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    return f"no chromium/chromedriver and {INSTALL.name} failed: {tail[0]}"


def start_chrome():
    """A Selenium driver for headless Chromium that records console messages."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_browser()
    if isinstance(found, str):
        raise RuntimeError(found)
    browser, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def console_errors(driver) -> list[str]:
    """Console messages at level SEVERE since the last call (the log is drained by reading it)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def wait_for(driver, script: str, timeout: float = 60.0):
    """Poll a JavaScript expression until it is truthy; return its value."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: d.execute_script(f"return {script}"))
