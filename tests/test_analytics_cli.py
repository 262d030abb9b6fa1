"""`kg analyze …` and `kg export --format graphml|gexf|json|csv` on the tiny invented store."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from fixtures.analytics.tiny import FACTS, NODES, extractions
from kg.cli import cli


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from kg.graph.resolve import resolve_entities
    from kg.graph.store import write_store
    from kg.graph.triples import graph_quads

    exs = extractions()
    resolution = resolve_entities([(e.doc.id, e.entities) for e in exs], registry={})
    path = tmp_path_factory.mktemp("analytics") / "store"
    write_store(path, graph_quads(exs, resolution))
    return str(path)


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_rank_json(store):
    rows = json.loads(run("analyze", "rank", "--store", store, "--top", "2", "--format", "json"))
    assert [(r["name"], r["score"]) for r in rows] == [("云启科技", 5), ("华川科技", 3)]


def test_rank_by_type_csv(store):
    out = run("analyze", "rank", "--store", store, "--by", "pagerank", "--type", "Bank", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows] == ["华川银行", "青禾银行"]
    assert list(rows[0]) == ["rank", "name", "type", "score", "degree"]


def test_path_through_an_alias_with_evidence(store):
    out = run("analyze", "path", "华川", "云启科技", "--store", store, "--evidence")
    lines = out.splitlines()
    assert lines[0] == "华川银行 —旗下→ 华川科技 —合作→ 云启科技"
    assert lines[2] == "  华川科技 —合作→ 云启科技: 云启科技与华川科技达成战略合作。 (云启科技完成B轮融资, 2022-05-10)"


def test_path_csv_one_row_per_hop(store):
    rows = list(csv.DictReader(io.StringIO(run("analyze", "path", "华川银行", "华川科技", "--store", store,
                                               "--format", "csv"))))
    assert [(r["source"], r["predicate"], r["direction"], r["target"]) for r in rows] == [
        ("华川银行", "subsidiaryOf", "backward", "华川科技")]


def test_owners_tree_and_ultimate_parent(store):
    out = run("analyze", "owners", "云启科技", "--store", store)
    assert out.splitlines()[:3] == ["云启科技", "└─ 云启集团 (subsidiaryOf)", "   └─ 北辰控股 (subsidiaryOf)"]
    assert out.splitlines()[-2:] == [
        "investors, not owners (--include-investors puts them in the tree): 云启科技 ← 晨光资本、远山资本",
        "ultimate parent: 北辰控股"]
    assert "晨光资本" not in "\n".join(out.splitlines()[:-2])
    data = json.loads(run("analyze", "owners", "云启科技", "--store", store, "--format", "json"))
    assert data["ultimate_parents"] == ["北辰控股"] and data["investors"] == {"云启科技": ["晨光资本", "远山资本"]}
    wide = run("analyze", "owners", "云启科技", "--store", store, "--include-investors")
    assert "├─ 晨光资本 (investsIn)" in wide and "investors, not owners" not in wide
    # the CSV keeps the investors too, as rows of their own
    rows = list(csv.DictReader(io.StringIO(run("analyze", "owners", "云启科技", "--store", store, "--format", "csv"))))
    assert [(r["owner"], r["relation"], r["owns"]) for r in rows if r["relation"] == "investor"] == [
        ("晨光资本", "investor", "云启科技"), ("远山资本", "investor", "云启科技")]
    assert ("云启集团", "subsidiaryOf") in {(r["owner"], r["relation"]) for r in rows}


def test_communities_table_lists_members(store):
    out = run("analyze", "communities", "--store", store)
    assert out.splitlines()[0].split() == ["id", "size", "members", "types", "predicates"]
    assert "华川银行" in out


@pytest.mark.parametrize("command, name, expected", [
    ("portfolio", "远山资本", ["云启科技", "星图数科"]),
    ("coinvestors", "远山资本", ["晨光资本"]),
    ("clients", "华川科技", ["青禾银行"]),
    ("vendors", "青禾银行", ["华川科技"]),
])
def test_neighbour_commands(store, command, name, expected):
    rows = json.loads(run("analyze", command, name, "--store", store, "--format", "json"))
    assert [r["name"] for r in rows] == expected


def test_unknown_name_is_one_error_line(store):
    result = CliRunner().invoke(cli, ["analyze", "owners", "不存在公司", "--store", store])
    assert result.exit_code == 1
    assert result.output == "Error: 不存在公司: no entity has this name or alias\n"


@pytest.mark.parametrize("fmt, reader", [
    ("graphml", lambda p: nx.read_graphml(p, force_multigraph=True)),
    ("gexf", nx.read_gexf),
    ("json", lambda p: nx.node_link_graph(json.loads(p.read_text(encoding="utf-8")), edges="links")),
])
def test_export_network_formats(store, tmp_path, fmt, reader):
    out = tmp_path / f"graph.{fmt}"
    run("export", "--store", store, "--format", fmt, "-o", str(out))
    G = reader(out)
    assert (G.number_of_nodes(), G.number_of_edges()) == (NODES, FACTS)


def test_export_csv_folder_with_bom(store, tmp_path):
    run("export", "--store", store, "--format", "csv", "-o", str(tmp_path / "neo4j"), "--bom")
    assert (tmp_path / "neo4j" / "nodes.csv").read_bytes().startswith(b"\xef\xbb\xbfname:ID,:LABEL")
    assert (tmp_path / "neo4j" / "load.cypher").exists()


def test_portfolio_and_clients_name_documents_by_file(store):
    rows = json.loads(run("analyze", "portfolio", "远山资本", "--store", store, "--format", "json"))
    assert rows[0]["name"] == "云启科技" and rows[0]["documents"] == ["d1.txt", "d2.txt"]
    rows = json.loads(run("analyze", "clients", "华川科技", "--store", store, "--format", "json"))
    assert [(r["name"], r["documents"]) for r in rows] == [("青禾银行", ["d1.txt"])]
    assert "d1.txt" in run("analyze", "clients", "华川科技", "--store", store)


def test_rank_with_an_unknown_type_names_the_valid_ones(store):
    result = CliRunner().invoke(cli, ["analyze", "rank", "--type", "NoSuchType", "--store", store])
    assert result.exit_code == 2
    assert "NoSuchType" in result.output and "Bank" in result.output and "FintechCompany" in result.output
    assert run("analyze", "rank", "--type", "Bank", "--store", store).count("Bank") >= 1


def test_export_and_viz_both_say_what_they_wrote(store, tmp_path):
    for args in (["export", "--format", "nt", "-o", str(tmp_path / "g.nt")],
                 ["export", "--format", "graphml", "-o", str(tmp_path / "g.graphml")],
                 ["viz", "-o", str(tmp_path / "g.html")]):
        result = CliRunner().invoke(cli, [*args, "--store", store])
        assert result.exit_code == 0 and result.stderr == f"wrote {args[-1]}\n", result.output
        quiet = CliRunner().invoke(cli, [*args, "--store", store, "--quiet"])
        assert quiet.output == ""
