"""The walkthrough notebook is committed without outputs, so diffs stay readable.

(The notebook itself runs in the suite through nbmake: see ``testpaths`` in pyproject.toml.)
"""

import json
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "walkthrough.ipynb"


def test_walkthrough_outputs_are_stripped():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert len(code) >= 8
    dirty = [i for i, c in enumerate(code) if c.get("outputs") or c.get("execution_count") is not None]
    assert dirty == [], f"code cells {dirty} carry outputs; strip them (jupyter nbconvert --clear-output)"


def test_walkthrough_explains_each_step_in_both_languages():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    prose = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    assert len(prose) >= 7
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p) and any(ch.isascii() and ch.isalpha() for ch in p)
               for p in prose)
