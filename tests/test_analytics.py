"""kg.analytics on a tiny invented graph (tests/fixtures/analytics/tiny.py)."""

from __future__ import annotations

import networkx as nx
import pytest

from fixtures.analytics.tiny import FACTS, NODES, extractions, tiny_store
from kg.analytics import (
    clients,
    coinvestment_graph,
    coinvestors,
    communities,
    describe_communities,
    ego_network,
    firms_only,
    format_path,
    format_tree,
    investors,
    owners,
    paths,
    portfolio,
    rank,
    relation_view,
    resolve_name,
    store_to_networkx,
    ultimate_parents,
    vendors,
)
from kg.errors import EntityNotFound, StoreError


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return store_to_networkx(tiny_store())


# --- conversion ---------------------------------------------------------------------------

def test_nodes_are_entities_and_edges_are_asserted_facts(G):
    assert G.number_of_nodes() == NODES
    assert G.number_of_edges() == FACTS
    assert not G.has_edge("北辰控股", "星图数科"), "a planned acquisition is not a fact"


def test_node_attributes(G):
    bank = G.nodes["华川银行"]
    assert bank["type"] == "Bank"
    assert bank["aliases"] == ["Huachuan Bank", "华川"]
    assert bank["mentions"] == 2
    assert bank["iri"] == "https://w3id.org/fintech-kg/entity/%E5%8D%8E%E5%B7%9D%E9%93%B6%E8%A1%8C"


def test_edge_counts_evidence_across_documents(G):
    edge = G.edges["远山资本", "云启科技", "investsIn"]
    assert edge["evidence"] == 2
    assert edge["documents"] == ["d1", "d2"]
    assert [s["title"] for s in edge["sentences"]] == ["华川银行金融科技布局", "云启科技完成B轮融资"]
    assert edge["sentences"][1]["text"] == "云启科技获远山资本追加投资。"
    assert edge["sentences"][1]["date"] == "2022-05-10"
    assert edge["confidence"] == pytest.approx(0.9)
    assert (edge["label_zh"], edge["label_en"]) == ("投资", "invests in")


def test_documents_are_named_by_file_else_title_else_id():
    from kg.analytics.convert import document_names

    said = [{"doc": "a1", "file": "甲.txt", "title": "甲文"}, {"doc": "a1", "file": "甲.txt", "title": "甲文"},
            {"doc": "b2", "file": "", "title": "乙文"}, {"doc": "c3", "file": "", "title": ""}]
    assert document_names({"documents": ["a1", "b2", "c3", "d4"], "sentences": said}) == [
        "c3", "d4", "乙文", "甲.txt"]  # d4: a document with no sentence here keeps its id
    assert document_names({}) == []


def test_conversion_from_store_directory(tmp_path):
    from kg.graph.resolve import resolve_entities
    from kg.graph.store import write_store
    from kg.graph.triples import graph_quads

    exs = extractions()
    resolution = resolve_entities([(e.doc.id, e.entities) for e in exs], registry={})
    write_store(tmp_path / "store", graph_quads(exs, resolution))
    H = store_to_networkx(tmp_path / "store")
    assert sorted(H.edges(keys=True)) == sorted(store_to_networkx(tiny_store()).edges(keys=True))


def test_conversion_of_missing_store_names_the_directory(tmp_path):
    with pytest.raises(StoreError, match="no graph store here"):
        store_to_networkx(tmp_path / "nowhere")


def test_conversion_is_deterministic():
    a, b = store_to_networkx(tiny_store()), store_to_networkx(tiny_store())
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


# --- names --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["华川银行", "华川", "huachuan  BANK", "Ｈｕａｃｈｕａｎ Bank"])
def test_resolve_name_through_aliases(G, name):
    assert resolve_name(G, name) == "华川银行"


def test_gazetteer_names_reach_the_node():
    H = nx.MultiDiGraph()
    H.add_node("建设银行", aliases=[])  # the articles never wrote 建行 or CCB
    assert resolve_name(H, "建行") == "建设银行"
    assert resolve_name(H, "China Construction Bank") == "建设银行"


def test_unknown_name_suggests_near_names(G):
    with pytest.raises(EntityNotFound) as err:
        resolve_name(G, "云启")
    assert str(err.value) == "云启: no entity has this name or alias; did you mean 云启科技, 云启集团?"


def test_ambiguous_alias_lists_candidates():
    H = nx.MultiDiGraph()
    H.add_node("平安银行", aliases=["平安"])
    H.add_node("平安保险", aliases=["平安"])
    with pytest.raises(EntityNotFound, match="^平安: ambiguous name; it may be 平安保险 or 平安银行$"):
        resolve_name(H, "平安")


# --- views --------------------------------------------------------------------------------

def test_firms_only_drops_people(G):
    F = firms_only(G)
    assert "李明" not in F and "华川银行" in F
    assert F.number_of_edges() == FACTS - 1


def test_ownership_family(G):
    O = relation_view(G, "ownership")
    assert {p for *_, p in O.edges(data="predicate")} == {"subsidiaryOf", "investsIn"}
    assert "青禾银行" not in O  # only a client, no ownership edge


def test_coinvestment_projection(G):
    C = coinvestment_graph(G)
    assert list(C.edges(data=True)) == [("晨光资本", "远山资本", {"weight": 2, "investees": ["云启科技", "星图数科"]})]


def test_ego_network_depth(G):
    assert sorted(ego_network(G, "华川银行", 1)) == ["华川科技", "华川银行"]
    assert set(ego_network(G, "华川银行", 2)) == {"华川银行", "华川科技", "青禾银行", "云启科技"}


# --- measures -----------------------------------------------------------------------------

def test_rank_by_degree(G):
    rows = rank(G, "degree", top=2)
    assert [(r["name"], r["score"]) for r in rows] == [("云启科技", 5), ("华川科技", 3)]
    assert rows[0]["type"] == "FintechCompany" and rows[0]["rank"] == 1


def test_rank_filtered_by_type_keeps_global_scores(G):
    rows = rank(G, "betweenness", types=["Bank"])
    assert [r["name"] for r in rows] == ["华川银行", "青禾银行"]
    assert rows[0]["score"] == 0.0 and rows[0]["degree"] == 1


def test_rank_by_a_super_class(G):
    names = {r["name"] for r in rank(G, "degree", types=["Company"], top=None)}
    assert names == set(G) - {"李明"}  # every firm; Company's sub-classes included


def test_unknown_classes_are_refused_by_name_and_super_classes_accepted(G):
    from kg.analytics import UnknownClass, check_types, type_view

    assert check_types(G, ["Organization", "Bank"]) == ["Organization", "Bank"]  # a super-class of the banks
    assert {r["name"] for r in rank(G, types=["Organization"], top=None)} == set(G) - {"李明"}
    assert set(type_view(G, ["Organization"])) == set(G) - {"李明"}
    # a misspelt class, and a real class (Insurer) that no entity of this graph has
    for call in (lambda: rank(G, types=["NoSuchType"]), lambda: type_view(G, ["Insurer"]),
                 lambda: check_types(G, "Bank,NoSuchType")):
        with pytest.raises(ValueError, match=r"^no entity of class '(NoSuchType|Insurer)' in the graph; its classes "
                                             r"are Bank, Company, FintechCompany, InvestmentFirm, Organization, "
                                             r"Person$"):
            call()
    with pytest.raises(UnknownClass):
        rank(G, types=["NoSuchType"])


def test_betweenness_backends_agree(G):
    pytest.importorskip("igraph")
    from kg.analytics import scores

    assert scores(G, "betweenness", backend="igraph") == scores(G, "betweenness", backend="networkx")
    assert scores(G, "betweenness", backend="igraph")["华川科技"] > 0


def test_pagerank_favours_parents(G):
    top = rank(G, "pagerank", top=1)[0]
    assert top["name"] == "北辰控股"  # the end of the subsidiary chain collects its rank


def test_communities_are_seeded_and_cover_the_graph(G):
    first = communities(G, seed=1)
    assert first == communities(G, seed=1)
    assert set().union(*first) == set(G)
    together = next(c for c in first if "华川银行" in c)
    assert "华川科技" in together
    row = describe_communities(G, first)[first.index(together)]
    assert row["size"] == len(together) and "subsidiaryOf" in row["predicates"]


# --- paths --------------------------------------------------------------------------------

def test_path_reads_like_a_sentence(G):
    found = paths(G, "华川银行", "云启科技")
    assert format_path(found[0]) == "华川银行 —旗下→ 华川科技 —合作→ 云启科技"


def test_path_with_evidence(G):
    text = format_path(paths(G, "华川银行", "华川科技")[0], evidence=True)
    assert text.splitlines() == [
        "华川银行 —旗下→ 华川科技",
        "  华川银行 —旗下→ 华川科技: 华川银行旗下的华川科技今日成立。 (华川银行金融科技布局, 2021-03-01)",
    ]


def test_path_between_unconnected_or_same_nodes_is_empty(G):
    H = G.copy()
    H.add_node("孤岛公司")
    assert paths(H, "孤岛公司", "华川银行") == []
    assert paths(H, "华川银行", "华川银行") == []


def test_max_paths_and_hops(G):
    assert len(paths(G, "远山资本", "晨光资本", max_paths=1)) == 1
    assert len(paths(G, "远山资本", "晨光资本", max_paths=5)) == 2
    assert paths(G, "李明", "青禾银行", max_hops=2) == []


# --- ownership and business ---------------------------------------------------------------

def test_owners_are_parents_and_investors_are_apart(G):
    assert format_tree(owners(G, "云启科技")) == "\n".join([
        "云启科技",
        "└─ 云启集团 (subsidiaryOf)",
        "   └─ 北辰控股 (subsidiaryOf)",
    ])
    tree = owners(G, "云启科技")
    assert investors(tree) == {"云启科技": ["晨光资本", "远山资本"]}
    assert tree["investors"] == ["晨光资本", "远山资本"] and tree["owners"][0]["investors"] == []
    assert investors(owners(G, "云启科技", include_investors=True)) == {}
    assert format_tree(owners(G, "云启科技", include_investors=True)) == "\n".join([
        "云启科技",
        "├─ 云启集团 (subsidiaryOf)",
        "│  └─ 北辰控股 (subsidiaryOf)",
        "├─ 晨光资本 (investsIn)",
        "└─ 远山资本 (investsIn)",
    ])
    assert ultimate_parents(G, "云启科技") == {"北辰控股"}
    assert ultimate_parents(G, "北辰控股") == {"北辰控股"}


def test_a_controlling_shareholder_owns_and_a_minority_one_invests():
    H = nx.MultiDiGraph()
    H.add_edge("甲集团", "乙科技", predicate="shareholderOf", sentences=[{"text": "甲集团是乙科技的控股股东。"}])
    H.add_edge("丙资本", "乙科技", predicate="shareholderOf", sentences=[{"text": "丙资本持有乙科技4.5%的股份。"}])
    H.add_edge("丁投资", "乙科技", predicate="shareholderOf", sentences=[{"text": "丁投资持有乙科技51%股权。"}])
    H.add_edge("戊基金", "乙科技", predicate="investsIn", sentences=[{"text": "戊基金投资了乙科技。"}])
    tree = owners(H, "乙科技")
    assert [c["name"] for c in tree["owners"]] == ["丁投资", "甲集团"]
    assert [c["control"] for c in tree["owners"]] == [True, True]
    assert investors(tree) == {"乙科技": ["丙资本", "戊基金"]}
    wide = owners(H, "乙科技", include_investors=True)
    assert [(c["name"], c["control"]) for c in wide["owners"]] == [
        ("丁投资", True), ("甲集团", True), ("丙资本", False), ("戊基金", False)]
    # the ultimate parent follows the same rule as the tree: controlling shareholders, not investors
    assert ultimate_parents(H, "乙科技") == {"丁投资", "甲集团"}
    H.add_edge("甲集团", "己控股", predicate="subsidiaryOf")
    assert ultimate_parents(H, "乙科技") == {"丁投资", "己控股"}


def test_control_is_read_in_the_clauses_of_the_pair_only():
    H = nx.MultiDiGraph()
    # another pair's majority stake in the same sentence
    H.add_edge("庚资本", "辛科技", predicate="shareholderOf",
               sentences=[{"text": "庚资本持有辛科技5%的股份，辛科技持有壬公司60%股权。"}])
    H.add_edge("辛科技", "壬公司", predicate="shareholderOf",
               sentences=[{"text": "庚资本持有辛科技5%的股份，辛科技持有壬公司60%股权。"}])
    # a growth rate is no stake, and a control cue said of another holder is not this holder's
    H.add_edge("癸基金", "子银行", predicate="shareholderOf",
               sentences=[{"text": "癸基金持有子银行3%的股份，子银行营收同比增长60%。"}])
    H.add_edge("丑投资", "子银行", predicate="shareholderOf",
               sentences=[{"text": "丑投资入股子银行，子银行的控股股东仍为寅集团。"}])
    # the stake stands between the two names, whichever comes first; aliases and full width count
    H.add_node("卯控股", aliases=["卯氏"])
    H.add_edge("卯控股", "辰科技", predicate="shareholderOf", sentences=[{"text": "辰科技由卯氏持股７０％。"}])
    assert [c["name"] for c in owners(H, "辛科技")["owners"]] == []
    assert [c["name"] for c in owners(H, "壬公司")["owners"]] == ["辛科技"]
    assert owners(H, "子银行")["owners"] == []
    assert investors(owners(H, "子银行")) == {"子银行": ["丑投资", "癸基金"]}
    assert [c["name"] for c in owners(H, "辰科技")["owners"]] == ["卯控股"]


def test_investors_are_noted_while_the_tree_grows():
    H = nx.MultiDiGraph()
    H.add_edge("子公司", "母公司", predicate="subsidiaryOf")
    H.add_edge("母公司", "子公司", predicate="investsIn")  # an owner that also invests is an owner only
    H.add_edge("外部基金", "母公司", predicate="investsIn")
    H.add_edge("另一基金", "子公司", predicate="investsIn")
    assert investors(owners(H, "子公司")) == {"子公司": ["另一基金"], "母公司": ["外部基金"]}
    # at the depth limit the owners are not drawn, and the investors are still named
    assert investors(owners(H, "子公司", max_depth=0)) == {"子公司": ["另一基金"]}
    assert investors(owners(H, "子公司", max_depth=0, include_investors=True)) == {"子公司": ["另一基金"]}
    assert investors(owners(H, "子公司", include_investors=True)) == {}


def test_owners_stop_at_cycles():
    H = nx.MultiDiGraph()
    H.add_edge("甲", "乙", predicate="subsidiaryOf")
    H.add_edge("乙", "甲", predicate="subsidiaryOf")
    tree = owners(H, "甲")
    assert tree["owners"][0]["owners"][0]["cycle"] is True
    assert ultimate_parents(H, "甲") == {"乙"}


def test_owners_met_twice_are_expanded_once():
    H = nx.MultiDiGraph()
    for child in ("甲", "乙"):
        H.add_edge("母公司", child, predicate="investsIn")
        H.add_edge(child, "孙公司", predicate="investsIn")
    H.add_edge("集团", "母公司", predicate="shareholderOf")
    assert format_tree(owners(H, "孙公司", include_investors=True)) == "\n".join([
        "孙公司",
        "├─ 乙 (investsIn)",
        "│  └─ 母公司 (investsIn)",
        "│     └─ 集团 (shareholderOf)",
        "└─ 甲 (investsIn)",
        "   └─ 母公司 (investsIn) (see above)",
    ])


def test_portfolio_and_coinvestors(G):
    assert [(r["name"], r["relation"], r["evidence"]) for r in portfolio(G, "远山资本")] == [
        ("云启科技", "investsIn", 2), ("星图数科", "investsIn", 1)]
    assert [(r["name"], r["relation"]) for r in portfolio(G, "北辰控股")] == [("云启集团", "subsidiaryOf")]
    assert coinvestors(G, "远山资本") == [
        {"name": "晨光资本", "type": "InvestmentFirm", "shared": 2, "investees": ["云启科技", "星图数科"]}]


def test_clients_and_vendors(G):
    assert [r["name"] for r in clients(G, "华川科技")] == ["青禾银行"]
    assert [r["name"] for r in vendors(G, "青禾银行")] == ["华川科技"]
    assert clients(G, "青禾银行") == []
