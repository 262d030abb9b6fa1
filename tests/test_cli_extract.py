"""kg extract: relations as JSON Lines without a store; --lines numbers documents from 1."""

import json
import subprocess
import sys

from click.testing import CliRunner

from kg.cli import cli


def test_lines_gives_one_document_per_line_with_the_documented_keys(tmp_path):
    news = tmp_path / "news.txt"
    news.write_text("蚂蚁金服获得淡马锡的投资。\n今天天气很好。\n工商银行旗下的工银科技发布新平台。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--lines", str(news)], catch_exceptions=False)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(r["doc"], r["subject"], r["predicate"], r["object"]) for r in rows} >= {
        (1, "淡马锡", "investsIn", "蚂蚁金服"), (3, "工银科技", "subsidiaryOf", "工商银行")}
    assert not any(r["doc"] == 2 for r in rows)
    first = next(r for r in rows if r["doc"] == 1)
    assert set(first) >= {"doc", "subject", "subject_type", "predicate", "object", "object_type", "evidence",
                          "start", "end", "confidence"}
    assert first["subject_type"] == "InvestmentFirm" and first["evidence"] == "蚂蚁金服获得淡马锡的投资。"
    assert (first["start"], first["end"]) == (0, 13)


def test_names_are_as_written_and_the_entity_keys_come_beside_them(tmp_path):
    news = tmp_path / "news.txt"
    news.write_text("建行与蚂蚁金服签署战略合作协议。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--lines", str(news)], catch_exceptions=False)
    row = json.loads(result.stdout.splitlines()[0])
    assert {row["subject"], row["object"]} == {"建行", "蚂蚁金服"}  # both stand in the evidence
    assert {row["subject_entity"], row["object_entity"]} == {"建设银行", "蚂蚁集团"}  # the graph's labels


def test_stdin_and_a_planned_deal_is_not_asserted():
    result = CliRunner().invoke(cli, ["extract", "--lines", "-"], input="淡马锡拟投资蚂蚁金服。\n",
                                catch_exceptions=False)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["status"] == "planned" for r in rows)


def test_a_missing_file_is_one_error_line(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "nothere.txt")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nothere.txt'}: no such file or directory\n"


def test_a_line_that_is_no_utf8_is_one_error_line_after_the_lines_before_it(tmp_path):
    news = tmp_path / "news.txt"
    news.write_bytes("\ufeff东川银行行长林舒表示，利率将下行。\r\n".encode() + "南港科技董事长何川说。".encode()[:-2] + b"\n")
    result = subprocess.run([sys.executable, "-m", "kg", "extract", "--lines", str(news)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == f"Error: {news}: line 2 is not UTF-8 text (byte 31 of the line)\n"
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc"], r["subject"], r["object"]) for r in rows] == [(1, "林舒", "东川银行")]
