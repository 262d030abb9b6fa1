"""kg.viz without a browser: what the page shows, its styling, escaping and self-containment."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from fixtures.analytics.tiny import FACTS, NODES, XSS_NAME, XSS_TEXT, extractions, tiny_store
from kg.analytics import store_to_networkx
from kg.errors import EntityNotFound, KgError
from kg.viz import page_html, render_html, select_view
from kg.viz.style import class_style, predicate_style


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return store_to_networkx(tiny_store(xss=True))


def page_data(page: str) -> dict:
    """The graph data a page embeds (the JSON script element)."""
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


# --- what is shown -------------------------------------------------------------------------

def test_focus_through_alias_and_depth(G):
    assert set(select_view(G, focus="华川", depth=1)) == {"华川银行", "华川科技", XSS_NAME}
    assert "青禾银行" in select_view(G, focus="华川", depth=2)


def test_unknown_focus_is_an_error(G):
    with pytest.raises(EntityNotFound, match="^不存在: no entity has this name or alias$"):
        select_view(G, focus="不存在")


def test_relations_accept_predicates_and_families(G):
    H = select_view(G, relations=["servesClient"])
    assert sorted(H.edges(keys=True)) == [("华川科技", "青禾银行", "servesClient")]
    assert {p for *_, p in select_view(G, relations="ownership").edges(data="predicate")} == {
        "subsidiaryOf", "investsIn"}


def test_types_keep_the_focus(G):
    H = select_view(G, types=["Bank"], focus="华川科技", depth=1)
    assert set(H) == {"华川科技", "华川银行", "青禾银行"}


def test_an_unknown_class_is_refused_and_a_super_class_kept(G, tmp_path):
    from kg.analytics import UnknownClass

    assert set(select_view(G, types=["Organization"])) == set(select_view(G, types=["Company"]))
    assert "华川银行" in select_view(G, types=["Organization"])
    for types in (["NoSuchType"], ["Bank", "Insurer"]):  # Insurer: a class, but no entity of it here
        with pytest.raises(ValueError, match="no entity of class .* its classes are Bank, Company,"):
            select_view(G, types=types)
    with pytest.raises(UnknownClass, match="NoSuchType"):
        render_html(G, tmp_path / "g.html", types=["NoSuchType"])
    assert not (tmp_path / "g.html").exists()


def test_min_degree_and_max_nodes(G):
    assert set(select_view(G, min_degree=3)) == {"云启科技", "华川科技"}
    assert set(select_view(G, min_degree=3, focus="华川银行", depth=9)) == {"云启科技", "华川科技", "华川银行"}
    H = select_view(G, max_nodes=3, focus="李明", depth=5)
    assert len(H) == 3 and "李明" in H


def test_page_counts_match_the_graph(G):
    data = page_data(page_html(G))
    assert len(data["nodes"]) == NODES + 1 and len(data["edges"]) == FACTS + 1
    assert {(e["from"], e["to"], e["predicate"]) for e in data["edges"]} == set(G.edges(keys=True))


# --- styling -------------------------------------------------------------------------------

def test_nodes_styled_by_class_and_sized_by_degree(G):
    data = page_data(page_html(G))
    node = next(n for n in data["nodes"] if n["id"] == "云启科技")
    assert node["group"] == "FintechCompany" and node["value"] == 5 and node["label"] == "云启科技"
    group = data["options"]["groups"]["Bank"]
    assert group["shape"] == class_style("Bank")["shape"]
    assert group["color"]["background"] == class_style("Bank")["color"]
    legend = {c["name"]: c["count"] for c in data["legend"]["classes"]}
    assert legend["Bank"] == 2 and legend["Person"] == 1


def test_pagerank_sizes(G):
    data = page_data(page_html(G, size_by="pagerank"))
    top = max(data["nodes"], key=lambda n: n["value"])
    assert top["id"] == "北辰控股"  # the top of a subsidiary chain collects its rank


def test_edges_coloured_and_labelled_in_chinese(G):
    edges = page_data(page_html(G))["edges"]
    sub = next(e for e in edges if e["predicate"] == "subsidiaryOf" and e["from"] == "华川科技")
    assert sub["label"] == "子公司" and sub["color"]["color"] == predicate_style("subsidiaryOf")["color"]
    inv = next(e for e in edges if (e["from"], e["to"]) == ("远山资本", "云启科技"))
    assert inv["evidence"] == 2 and [s["date"] for s in inv["sentences"]] == ["2021-03-01", "2022-05-10"]
    assert "云启科技获远山资本追加投资。" in inv["title"] and "云启科技完成B轮融资，2022-05-10" in inv["title"]


def test_node_tooltip_has_type_aliases_and_mentions(G):
    bank = next(n for n in page_data(page_html(G))["nodes"] if n["id"] == "华川银行")
    assert bank["title"] == ("<div><b>华川银行</b></div><div>银行 · Bank</div>"
                             "<div>别名：Huachuan Bank、华川</div><div>提及次数：4 · 关系数：2</div>")


# --- safety and self-containment ----------------------------------------------------------

def test_article_markup_is_escaped_everywhere(G):
    page = page_html(G)
    assert XSS_NAME not in page and "<script>window.__pwned" not in page
    assert "<img" not in page
    data = page_data(page)
    evil = next(n for n in data["nodes"] if n["id"] == XSS_NAME)
    assert evil["label"] == XSS_NAME  # drawn on the canvas as text
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in evil["title"]
    edge = next(e for e in data["edges"] if e["from"] == XSS_NAME)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;合作公告" in edge["title"]
    assert edge["sentences"][0]["text"] == XSS_TEXT


def test_title_is_escaped():
    page = page_html(nx.MultiDiGraph(), title="</title><script>alert(1)</script>")
    assert "<script>alert(1)" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


def test_page_loads_nothing_from_the_network(G):
    page = page_html(G)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "<script src" not in page
    assert "default-src 'none'" in page
    assert "vis.Network" in page and "visjs" in page  # vis-network inlined


def test_only_our_two_scripts_may_run(G):
    page = page_html(G)
    policy = re.search(r"script-src ([^;]+);", page).group(1).split()
    scripts = [s for s in re.findall(r"<script>(.*?)</script>", page, re.S)]
    assert len(scripts) == 2
    digests = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts]
    assert policy == digests


def test_rendering_is_deterministic(G, tmp_path):
    a = render_html(G, tmp_path / "a.html").read_bytes()
    b = render_html(G, tmp_path / "b.html").read_bytes()
    assert a == b


def test_unwritable_output(G, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(KgError, match="cannot write the page"):
        render_html(G, tmp_path / "file" / "g.html")


def test_cli_viz_focus(tmp_path):
    from kg.cli import cli
    from kg.graph.resolve import resolve_entities
    from kg.graph.store import write_store
    from kg.graph.triples import graph_quads

    exs = extractions()
    write_store(tmp_path / "store", graph_quads(exs, resolve_entities([(e.doc.id, e.entities) for e in exs],
                                                                       registry={})))
    out = tmp_path / "g.html"
    result = CliRunner().invoke(cli, ["viz", "--store", str(tmp_path / "store"), "-o", str(out), "--focus", "华川",
                                      "--title", "华川银行周边", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == {"华川银行", "华川科技"}
    assert data["focus"] == "华川银行" and data["title"] == "华川银行周边"
    wrong = CliRunner().invoke(cli, ["viz", "--store", str(tmp_path / "store"), "-o", str(tmp_path / "x.html"),
                                     "--types", "Bank,NoSuchType"])
    assert wrong.exit_code == 1 and "Error: no entity of class 'NoSuchType' in the graph" in wrong.output
    assert not (tmp_path / "x.html").exists()


def test_every_ontology_relation_and_class_has_a_style():
    from kg.graph.labels import class_hierarchy, relation_names
    from kg.viz.style import predicate_names

    assert set(relation_names()) <= set(predicate_names())
    for name in class_hierarchy():
        if name not in ("Document", "Evidence"):
            assert class_style(name)["color"] != "#BBBBBB" or name == "Place", name


def test_relation_count_equals_the_relations_listed():
    H = nx.MultiDiGraph()
    H.add_node("甲", type="Company")
    H.add_edge("乙", "甲", key="investsIn", predicate="investsIn")
    H.add_edge("乙", "甲", key="shareholderOf", predicate="shareholderOf")
    H.add_edge("甲", "丙", key="partnersWith", predicate="partnersWith")
    H.add_edge("甲", "甲", key="partnersWith", predicate="partnersWith")  # listed once in the panel
    node = next(n for n in page_data(page_html(H))["nodes"] if n["id"] == "甲")
    assert node["relations"] == 4 and "关系数：4" in node["title"]
    assert "degree" not in node  # the page reads relations; the size comes from the neighbours
