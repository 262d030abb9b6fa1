"""Every network export re-reads with a standard reader: same nodes, edges and attributes."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from fixtures.analytics.tiny import FACTS, NODES, tiny_store
from kg.analytics import store_to_networkx
from kg.analytics.exports import LIST_SEPARATOR, export_network, flat_graph
from kg.errors import KgError


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return store_to_networkx(tiny_store(xss=True))


def _same_graph(read: nx.Graph, expected: nx.Graph, *, ignore=()):
    assert read.number_of_nodes() == expected.number_of_nodes()
    assert read.number_of_edges() == expected.number_of_edges()
    for n, data in expected.nodes(data=True):
        got = {k: v for k, v in read.nodes[n].items() if k not in ignore}
        assert got == data, n
    for u, v, k, data in expected.edges(keys=True, data=True):
        got = {a: b for a, b in read.edges[u, v, k].items() if a not in ignore}
        assert got == data, (u, v, k)


def test_graphml_round_trip(G, tmp_path):
    (path,) = export_network(G, "graphml", tmp_path / "g.graphml")
    read = nx.read_graphml(path, force_multigraph=True)
    assert read.is_directed()
    _same_graph(read, flat_graph(G))
    assert read.nodes["华川银行"]["aliases"] == f"Huachuan Bank{LIST_SEPARATOR}华川"
    assert read.edges["远山资本", "云启科技", "investsIn"]["evidence"] == 2


def test_gexf_round_trip_with_gephi_labels(G, tmp_path):
    (path,) = export_network(G, "gexf", tmp_path / "g.gexf")
    read = nx.read_gexf(path)
    if not read.is_multigraph():  # the reader returns a DiGraph when no pair has two relations
        simple, read = read, nx.MultiDiGraph()
        read.add_nodes_from(simple.nodes(data=True))
        read.add_edges_from((u, v, d["predicate"], d) for u, v, d in simple.edges(data=True))
    _same_graph(read, flat_graph(G), ignore={"label", "id"})
    assert read.nodes["华川银行"]["label"] == "华川银行"
    assert read.edges["华川科技", "华川银行", "subsidiaryOf"]["label"] == "隶属于"


def test_node_link_json_round_trip(G, tmp_path):
    (path,) = export_network(G, "json", tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == NODES + 1 and len(data["links"]) == FACTS + 1
    read = nx.node_link_graph(data, edges="links")
    _same_graph(read, G)
    assert read.edges["远山资本", "云启科技", "investsIn"]["sentences"][0]["text"] == "远山资本投资了云启科技。"


def test_sentences_survive_flattening_as_json(G, tmp_path):
    (path,) = export_network(G, "graphml", tmp_path / "g.graphml")
    read = nx.read_graphml(path, force_multigraph=True)
    edge = read.edges["远山资本", "云启科技", "investsIn"]
    assert json.loads(edge["sentences"]) == G.edges["远山资本", "云启科技", "investsIn"]["sentences"]
    assert edge["evidence_text"] == f"远山资本投资了云启科技。{LIST_SEPARATOR}云启科技获远山资本追加投资。"


def _rows(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def test_neo4j_csv(G, tmp_path):
    files = export_network(G, "csv", tmp_path / "neo4j")
    assert [f.name for f in files] == ["nodes.csv", "edges.csv", "load.cypher"]
    nodes, edges = _rows(files[0]), _rows(files[1])
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert list(nodes[0])[:2] == ["name:ID", ":LABEL"]
    assert list(edges[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    bank = next(r for r in nodes if r["name:ID"] == "华川银行")
    assert bank[":LABEL"] == "Entity;Bank"
    assert bank["aliases:string[]"].split(LIST_SEPARATOR) == ["Huachuan Bank", "华川"]
    assert bank["mentions:int"] == "4"  # two documents name it twice each
    edge = next(r for r in edges if (r[":START_ID"], r[":END_ID"]) == ("远山资本", "云启科技"))
    assert edge[":TYPE"] == "investsIn"
    assert edge["evidence:int"] == "2" and edge["documents:string[]"] == "d1;d2"
    assert edge["confidence:float"] == "0.9"
    assert {(r[":START_ID"], r[":END_ID"], r[":TYPE"]) for r in edges} == set(G.edges(keys=True))


def test_csv_bom_for_excel(G, tmp_path):
    plain = export_network(G, "csv", tmp_path / "plain")
    excel = export_network(G, "csv", tmp_path / "excel", bom=True)
    assert not plain[0].read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel[0].read_bytes().startswith(b"\xef\xbb\xbf")
    assert _rows(excel[0], "utf-8-sig") == _rows(plain[0])


def test_cypher_script_loads_every_class_and_predicate(G, tmp_path):
    script = export_network(G, "csv", tmp_path / "neo4j")[2].read_text(encoding="utf-8")
    for t in {d["type"] for _, d in G.nodes(data=True)}:
        assert f"SET e:`{t}`" in script
    for p in {p for *_, p in G.edges(data="predicate")}:
        assert f"MERGE (a)-[r:`{p}`]->(b)" in script
    assert "r.`evidence` = toInteger(row.`evidence:int`)" in script
    assert "e.`aliases` = CASE WHEN row.`aliases:string[]` = '' THEN [] ELSE split(row.`aliases:string[]`, ';') END" in script


def test_unknown_format(G, tmp_path):
    with pytest.raises(KgError, match="^pdf: unknown export format; choose one of graphml, gexf, json, csv$"):
        export_network(G, "pdf", tmp_path / "g.pdf")
