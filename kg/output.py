"""Formatting for the command line: tables, JSON Lines, CSV and progress bars. No graph logic."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Iterable, Sequence

__all__ = ["format_rows", "progress_factory", "interactive"]


def interactive(stream=None) -> bool:
    """True when *stream* (default stderr) is a terminal: progress bars and colour only then."""
    stream = stream or sys.stderr
    return hasattr(stream, "isatty") and stream.isatty()


def format_rows(rows: Iterable[dict], fmt: str = "table", columns: Sequence[str] | None = None) -> str:
    """Rows of dicts as ``table``, ``jsonl``, ``json``, ``csv`` or ``tsv`` text.

    >>> print(format_rows([{"name": "建行", "n": 2}], "csv"), end="")
    name,n
    建行,2
    """
    rows = list(rows)
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt in {"csv", "tsv"}:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, columns, delimiter="," if fmt == "csv" else "\t",
                                extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
        return buf.getvalue()
    return _table(rows, columns)


def _cell(value) -> str:
    if isinstance(value, (list, tuple, set)):
        return "、".join(map(str, value))
    return "" if value is None else str(value)


def _width(text: str) -> int:
    # CJK characters take two columns on a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _table(rows: list[dict], columns: list[str]) -> str:
    if not rows:
        return "(no rows)\n"
    cells = [[_cell(r.get(c)).replace("\n", " ") for c in columns] for r in rows]
    widths = [min(60, max(_width(c), *(_width(row[i]) for row in cells))) for i, c in enumerate(columns)]

    def line(values):
        out = []
        for value, width in zip(values, widths):
            if _width(value) > width:
                while _width(value) > width - 1:
                    value = value[:-1]
                value += "…"
            out.append(value + " " * (width - _width(value)))
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(columns), sep, *(line(r) for r in cells)]) + "\n"


class _Bar:
    def __init__(self, total: int, description: str, unit: str = "docs"):
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn,
                                   TextColumn, TimeRemainingColumn)
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):
                return Text(f"{task.speed or 0:,.1f} {unit}/s")

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 Rate(), TimeRemainingColumn())
        self.progress.start()
        self.task = self.progress.add_task(description, total=total)

    def advance(self, n: int = 1) -> None:
        self.progress.advance(self.task, n)

    def close(self) -> None:
        self.progress.stop()


def progress_factory(quiet: bool, description: str = "extracting", unit: str = "docs"):
    """A ``progress(total)`` callable for long work, or None when quiet or not on a terminal."""
    if quiet or not interactive():
        return None
    return lambda total: _Bar(total, description, unit)
