"""developedBy with the products analysts read about: frameworks, platforms and systems named
in English or mixed script, stated next to their maker ("甲公司的 Foo 框架", "由乙社区负责孵化的
Bar、Baz", "产品 QUX"). Relation cases give the mentions; recognition cases run the real finder.
Sentences, products and makers are invented for these tests."""

from __future__ import annotations

import pytest

from test_relations import make_doc  # noqa: E402

from kg.extract.mentions import find_spans
from kg.extract.relations import find_relations
from kg.extract.classifier import status_at

P, T, O, G = "Product", "TechCompany", "Organization", "GovernmentBody"
D = "developedBy"


def triples(sentence, entities):
    doc, mentions = make_doc([sentence], entities)
    return {(r.subject, r.predicate, r.object) for r in find_relations(doc, mentions, ())[0]
            if status_at(r) == "asserted"}


RELATION_CASES = [
    # a list of "maker的product" pairs: each product keeps its own maker
    ("常用框架包括青禾公司的 Loomix、北辰公司的 Quarrel 及 Tidewell、南港学院的 Fennic。",
     {"青禾公司": T, "Loomix": P, "北辰公司": T, "Quarrel": P, "Tidewell": P, "南港学院": O, "Fennic": P},
     {("Loomix", D, "青禾公司"), ("Quarrel", D, "北辰公司"), ("Tidewell", D, "北辰公司"),
      ("Fennic", D, "南港学院")}),
    # an English alias in parentheses sits between the maker and 的
    ("框架有南港学院的 Fennic、东川孵化器 (Eastriver Hub) 的 Gravlet。",
     {"南港学院": O, "Fennic": P, "东川孵化器": O, "Eastriver Hub": O, "Gravlet": P},
     {("Fennic", D, "南港学院"), ("Gravlet", D, "东川孵化器")}),
]


@pytest.mark.parametrize("sentence, entities, expected", RELATION_CASES, ids=[c[0][:12] for c in RELATION_CASES])
def test_developed_by_cues(sentence, entities, expected):
    assert {t for t in triples(sentence, entities) if t[1] == D} == expected


def products(text):
    return [s.text for s in find_spans(text) if s.type == "Product"]


@pytest.mark.parametrize("text, expected", [
    # a Latin name before a product noun, maybe with a modifier between
    ("以青禾公司的 Quillon 人脸识别算法为例，误差大幅下降。", ["Quillon"]),
    ("北辰公司的 Marrow Deck 云平台提供托管服务。", ["Marrow Deck"]),
    # after a product noun, acronyms too
    ("其产品体系包括风险数据产品 QUARRY SKY、指数产品 ZED 等。", ["QUARRY SKY", "ZED"]),
    # a copula names what the listed names are
    ("Lumenchain、Hollowbit 是代表性的区块链底层平台。", ["Lumenchain", "Hollowbit"]),
    # a name listed with a product is a product too
    ("常用框架有北辰公司的 Loomix 及 Tidewell。", ["Loomix", "Tidewell"]),
])
def test_latin_products_are_recognised(text, expected, monkeypatch):
    import kg.extract.mentions as mentions
    if "Tidewell" in expected:  # the first of the list stands for a known product
        real = mentions._gazetteer_spans
        monkeypatch.setattr(mentions, "_gazetteer_spans", lambda t, w: real(t, w) + [
            mentions.Span(t.index("Loomix"), t.index("Loomix") + 6, "Loomix", P, "gazetteer", "Loomix", 3)])
    assert products(text) == expected


@pytest.mark.parametrize("text", [
    "AI 芯片和 GPU 算法发展迅速。",  # acronyms before a noun are technologies
    "SaaS 平台与 PaaS 平台各有所长。",  # generic words
    "Hollowbit 和甲公司达成合作。",  # no product noun, no copula
    "东川监管局推出“青禾新规”及 Brightline 计划。",  # a policy and a plan are launched, not developed
])
def test_technologies_and_bare_names_are_no_products(text):
    assert products(text) == []


@pytest.mark.parametrize("sentence, entities", [
    # a product with no maker in the sentence
    ("Quillon 人脸识别算法的误差在去年大幅下降。", {"Quillon": P}),
    # a regulator's policy is launched, not developed
    ("东川监管局推出“青禾新规”，北辰公司表示欢迎。", {"东川监管局": G, "青禾新规": "Policy", "北辰公司": T}),
])
def test_no_maker_no_developed_by(sentence, entities):
    assert {t for t in triples(sentence, entities) if t[1] == D} == set()


def test_maker_and_latin_product_from_the_real_finder():
    text = "北辰公司的 Marrow Deck 云平台及南港公司的 Quillon 框架均提供托管服务。"
    doc, _ = make_doc([text], {})
    from kg.extract.entities import find_entities
    mentions, entities = find_entities(doc)
    got = {(r.subject, r.predicate, r.object) for r in find_relations(doc, mentions, entities)[0]}
    assert {t for t in got if t[1] == D} == {("Marrow Deck", D, "北辰公司"), ("Quillon", D, "南港公司")}
