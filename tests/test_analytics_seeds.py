"""Acceptance: network answers on the graph built from the seed articles."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.analytics import (
    format_path,
    owners,
    paths,
    portfolio,
    rank,
    resolve_name,
    store_to_networkx,
    ultimate_parents,
)
from kg.analytics.exports import export_network, flat_graph

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def G(seed_store) -> nx.MultiDiGraph:
    return store_to_networkx(seed_store)


def test_bank_to_its_fintech_subsidiary_is_one_hop(G):
    (first, *_) = paths(G, resolve_name(G, "兴业银行"), resolve_name(G, "兴业数金"))
    assert len(first) == 1
    # the article says the bank both owns it (旗下) and founded it (由兴业银行携手…共同出资成立)
    assert [(r["predicate"], r["forward"]) for r in first[0]["relations"]] == [("foundedBy", False),
                                                                                ("subsidiaryOf", False)]
    assert format_path(first) == "兴业银行 —创立/旗下→ 兴业数金"
    assert first[0]["relations"][0]["sentences"], "each hop carries its evidence"


def test_ant_has_several_investors_under_its_old_name(G):
    ant = resolve_name(G, "蚂蚁金服")
    investors = {u for u, _, p in G.in_edges(ant, data="predicate") if p == "investsIn"}
    assert len(investors) >= 5
    assert {"淡马锡", "全国社保基金"} <= investors


def test_alipay_ultimately_belongs_to_alibaba(G):
    assert ultimate_parents(G, resolve_name(G, "支付宝")) == {"阿里巴巴"}
    tree = owners(G, "支付宝")
    assert tree["owners"][0]["name"] == resolve_name(G, "蚂蚁金服")


def test_ant_is_the_hub(G):
    assert rank(G, "degree", top=1)[0]["name"] == resolve_name(G, "蚂蚁金服")
    banks = rank(G, "pagerank", types=["Bank"], top=50)
    assert {r["type"] for r in banks} == {"Bank"} and len(banks) >= 5


def test_a_bank_alias_from_the_gazetteer(G):
    assert resolve_name(G, "建行") == "建设银行"
    assert "建信金融科技" in {r["name"] for r in portfolio(G, "建设银行")}


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_seed_exports_reread(G, tmp_path, fmt):
    (path,) = export_network(G, fmt, tmp_path / f"seeds.{fmt}")
    if fmt == "graphml":
        read = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        read = nx.read_gexf(path)
    else:
        read = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert (read.number_of_nodes(), read.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    expected = flat_graph(G) if fmt != "json" else G
    for n in ("兴业银行", "蚂蚁集团"):
        got = {k: v for k, v in read.nodes[n].items() if k != "label"}
        assert got == expected.nodes[n]
