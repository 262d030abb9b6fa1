"""Packaging and the Quick-start demo: what a new user sees on install and on `make demo`."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_license_is_an_spdx_string_so_setuptools_does_not_warn():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    # the string form needs setuptools 77; older ones reject it
    assert any(r.replace(" ", "").startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77
               for r in project["build-system"]["requires"])


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_demo_prints_its_summary_and_its_table_on_one_stream():
    plan = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    commands = [line for line in plan.splitlines() if "/kg " in line]
    assert [c.split("/kg ")[1].split()[0] for c in commands] == ["build", "viz", "stats"]
    # build and viz write their summaries on stderr, stats its table on stdout: the demo joins them
    assert all(c.rstrip().endswith("2>&1") for c in commands[:2])
