"""kg explain: any name or alias finds the entity; its facts come with their evidence."""

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.explain import explain_entity


@pytest.mark.seeds
def test_a_short_name_no_article_used_still_finds_the_bank(seed_store):
    info = explain_entity(seed_store, "建行")
    assert info["name"] == "建设银行" and info["types"] == ["Bank"]
    assert "中国建设银行" in info["aliases"]
    subsidiaries = {f["subject"] for f in info["facts"] if f["predicate"] == "subsidiaryOf"}
    assert "建信金融科技" in subsidiaries
    assert all(f["evidence"] and f["end"] > f["start"] for f in info["facts"])


@pytest.mark.seeds
def test_english_alias_and_cli_output(seed_store):
    result = CliRunner().invoke(cli, ["explain", "CIB FINTECH", "--store", str(seed_store)], catch_exceptions=False)
    assert result.output.startswith("兴业数金  [FintechCompany]")
    assert "兴业数金 —subsidiaryOf→ 兴业银行" in result.output


@pytest.mark.seeds
def test_unknown_name_is_one_error_line(seed_store):
    result = CliRunner().invoke(cli, ["explain", "不存在的公司", "--store", str(seed_store)])
    assert result.exit_code == 1
    assert result.output == ("Error: no entity is named '不存在的公司' and no name contains it; "
                             "try `kg query search --param text=不存在的公司`\n")


@pytest.mark.seeds
def test_a_partial_name_suggests_the_names_and_the_search_that_finds_them(seed_store):
    result = CliRunner().invoke(cli, ["explain", "兴业数", "--store", str(seed_store)])
    assert result.exit_code == 1
    assert "names containing it: 兴业数金" in result.output
    suggested = result.output.split("try `kg query ")[1].rstrip("`\n").split()
    found = CliRunner().invoke(cli, ["query", *suggested, "--store", str(seed_store), "--format", "csv"])
    assert "兴业数金" in found.output
