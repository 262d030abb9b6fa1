"""developedBy with the products analysts read about: frameworks, platforms and systems named
in English or mixed script, stated next to their maker ("甲公司的 Foo 框架", "由乙社区负责孵化的
Bar、Baz", "产品 QUX"). Relation cases give the mentions; recognition cases run the real finder.
Sentences, products and makers are invented for these tests."""

from __future__ import annotations

import pytest

from test_relations import make_doc  # noqa: E402

from kg.extract.mentions import find_spans
from kg.extract.relations import find_relations

P, T, O, G = "Product", "TechCompany", "Organization", "GovernmentBody"
D = "developedBy"


def triples(sentence, entities):
    doc, mentions = make_doc([sentence], entities)
    return {(r.subject, r.predicate, r.object) for r in find_relations(doc, mentions, ())[0]
            if r.status == "asserted"}


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
