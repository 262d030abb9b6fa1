"""kg.eval scores a graph with the matching rules of shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.eval import format_evaluation, graph_from_relations, score_file, score_graph

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

GRAPH = """\
@prefix kg: <https://w3id.org/fintech-kg/ontology#> .
@prefix kge: <https://w3id.org/fintech-kg/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kge:a a kg:FintechCompany ; rdfs:label "兴业数字金融服务（上海）股份有限公司"@zh .
kge:b a kg:Bank ; skos:prefLabel "兴业银行"@zh .
kge:c a kg:Company ; rdfs:label "高伟达软件公司" .
kge:d a kg:FintechCompany ; rdfs:label "百融云创" .
kge:e a kg:Bank ; rdfs:label "招商银行" .
kge:f a kg:Bank ; rdfs:label "不存在的银行" .
kge:g a kg:FintechCompany ; rdfs:label "蚂蚁金服" .
kge:h a kg:FintechCompany ; rdfs:label "天弘基金" .
kge:a kg:subsidiaryOf kge:b .
kge:b kg:hasSubsidiary kge:a .
kge:a kg:foundedBy kge:c .
kge:e kg:partnersWith kge:d .
kge:f kg:investsIn kge:d .
kge:b kg:investsIn kge:a .
kge:g kg:investsIn kge:h .
"""


def _write_gold(folder: Path) -> Path:
    entities = [
        {"id": "甲科技", "type": "FintechCompany", "aliases": ["甲科技有限公司"], "docs": ["x"]},
        {"id": "乙银行", "type": "Bank", "aliases": ["乙银行"], "docs": ["x"]},
        {"id": "丙资本", "type": "InvestmentFirm", "aliases": [], "docs": ["x"]},
    ]
    triples = [
        {"s": "甲科技", "p": "subsidiaryOf", "o": "乙银行", "doc": "x"},
        {"s": "丙资本", "p": "investsIn", "o": "甲科技", "doc": "x", "alt": ["shareholderOf"]},
        {"s": "乙银行", "p": "investsIn", "o": "甲科技", "doc": "x", "optional": True},
        {"s": "甲科技", "p": "partnersWith", "o": "丙资本", "doc": "x"},
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entities.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities),
                                           encoding="utf-8")
    (folder / "triples.jsonl").write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in triples),
                                          encoding="utf-8")
    return folder


def test_alt_optional_symmetric_and_legal_form_matching(tmp_path):
    gold = _write_gold(tmp_path / "gold")
    graph = graph_from_relations(
        [("甲科技有限责任公司", "subsidiaryOf", "乙银行"),  # matched without its legal form
         ("丙资本", "shareholderOf", "甲科技"),  # an alt predicate
         ("乙银行", "investsIn", "甲科技"),  # optional: neither tp nor fp
         ("丙资本", "partnersWith", "甲科技"),  # symmetric, stated the other way round
         ("丁公司", "acquired", "甲科技")],  # an end that is not a gold entity
        {"乙银行": ("Bank", []), "甲科技": ("FintechCompany", ["甲科技有限公司"])})
    result = score_graph(gold, *graph)
    assert result["relations"] == {"tp": 3, "fp": 1, "fn": 0, "precision": 0.75, "recall": 1.0, "f1": 0.857}
    assert result["false_positives"] == [("?丁公司", "acquired", "甲科技")]
    text = format_evaluation(result)
    assert "acquired            0    1    0" in text
    assert text.endswith("relations P=0.75 R=1.0 F1=0.857 (tp=3 fp=1 fn=0); entities P=0.75 R=1.0 F1=0.857 "
                         "typed=2\n")


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="needs ../shared (CI checkout)")
def test_agrees_with_shared_score_py_on_the_same_graph(tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    gold = SHARED / "gold" / "dev"
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold),
                          "--graph", str(graph), "--json"], capture_output=True, text=True, check=True)
    expected = json.loads(out.stdout)
    ours = json.loads(json.dumps(score_file(gold, [graph])))  # tuples become lists, as in JSON
    assert ours == expected
    assert ours["relations"]["tp"] >= 2  # the file exercises real matches, not only misses


def test_eval_of_a_mixed_store_scores_only_the_documents_the_gold_covers(tmp_path):
    from click.testing import CliRunner

    from kg.build import build_store
    from kg.cli import cli
    from kg.eval import evaluate

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "x_news.txt").write_text("快讯\n\n远山资本投资了云启科技。\n", encoding="utf-8")
    (articles / "y_news.txt").write_text("快讯\n\n晨光资本投资了数衡科技。\n", encoding="utf-8")
    build_store([articles], tmp_path / "store")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "entities.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in [
        {"id": "远山资本", "type": "InvestmentFirm", "aliases": [], "docs": ["x"]},
        {"id": "云启科技", "type": "FintechCompany", "aliases": [], "docs": ["x"]}]), encoding="utf-8")
    (gold / "triples.jsonl").write_text(json.dumps({"s": "远山资本", "p": "investsIn", "o": "云启科技", "doc": "x"},
                                                   ensure_ascii=False) + "\n", encoding="utf-8")
    result = evaluate(gold, tmp_path / "store")
    assert result["relations"]["precision"] == 1.0 and result["relations"]["tp"] == 1
    assert result["entities"]["fp"] == 0
    assert [d["source"].rsplit("/", 1)[-1] for d in result["documents"]] == ["x_news.txt"]
    out = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--store", str(tmp_path / "store")]).output
    assert "scored 1 of 2 documents" in out and "x_news.txt" in out
    assert "?" in out  # the legend of unmatched names
