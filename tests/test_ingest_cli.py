"""`kg ingest`: one row per document, one stderr line per unreadable file, exit status by the rules."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.ingest import ingest_rows

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def run(*args):
    return CliRunner().invoke(cli, ["ingest", *map(str, args)], catch_exceptions=False)


def test_jsonl_rows_match_the_library():
    result = run(FIXTURES / "archive", "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == list(ingest_rows([FIXTURES / "archive"]))
    assert [(r["file"].rsplit("/", 1)[-1], r["title"], r["sentences"]) for r in rows] == [
        ("a.txt", "第一篇", 2), ("b.md", "第二篇", 2), ("c.htm", "第三篇：磐石金服获得融资。", 2)]


def test_table_output_names_each_file():
    result = run(FIXTURES / "report.md")
    assert result.exit_code == 0
    header, _, row = result.stdout.splitlines()
    assert header.split() == ["id", "file", "encoding", "format", "title", "date", "sentences", "tables"]
    assert "report.md" in row and row.split()[-2:] == ["17", "2"]


def test_bad_files_are_warnings_and_only_all_bad_fails(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("甲银行投资了乙科技。", encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 0
    assert result.stderr == f"warning: {tmp_path / 'empty.txt'}: empty file (0 bytes)\n"
    assert "甲银行投资了乙科技。" in result.stdout  # the good file's title (long paths are cut in tables)

    strict = run(tmp_path, "--strict")
    assert strict.exit_code == 1 and strict.stderr.endswith("Error: 1 file(s) failed\n")

    none = run(tmp_path / "empty.txt")
    assert none.exit_code == 1
    assert none.stderr == f"warning: {tmp_path / 'empty.txt'}: empty file (0 bytes)\nError: no document could be read\n"
