"""A synthetic graph shaped like a built store, for benchmarks at archive scale.

``synthetic_quads(n_entities, n_docs, seed)`` yields the quads a ``kg build`` of a
large news archive would write (see ``docs/architecture.md``): an entities graph
(class, ``rdfs:label``/``skos:prefLabel`` @zh, ``skos:altLabel`` @zh and @en,
mention counts, some stock codes) and one named graph per document (metadata,
``kg:mentions``, facts of the 11 predicates, literal attributes, and one
``kg:Evidence`` node per statement, some of them planned/denied with no fact).

Popularity is skewed (a few banks and funds appear in many articles), the same
fact is restated by several documents, and ``subsidiaryOf`` never forms a cycle
(its children are drawn uniformly: groups have hundreds of members, not thousands).
The names are invented from random CJK characters, so nothing here is real.
``synthetic_quads(20_000, 10_000, seed=0)`` gives about one million quads.

>>> quads = list(synthetic_quads(200, 20, seed=1))
>>> quads == list(synthetic_quads(200, 20, seed=1))
True
>>> len({q.graph_name for q in quads})
21
"""

from __future__ import annotations

import bisect
import random
import sys
from itertools import accumulate
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.graph.iris import ENTITIES_GRAPH, KG, PREFIXES, document_iri, entity_iri, evidence_iri  # noqa: E402

__all__ = ["synthetic_quads", "PREDICATES", "sample_params"]

# class -> (share of entities, Chinese suffix, English suffix); invented benchmark data, not a lexicon
_CLASSES = {
    "Bank": (0.05, "银行", "Bank"),
    "Insurer": (0.03, "保险", "Insurance"),
    "SecuritiesFirm": (0.03, "证券", "Securities"),
    "AssetManager": (0.03, "基金", "Fund Management"),
    "InvestmentFirm": (0.12, "资本", "Capital"),
    "FintechCompany": (0.20, "金服", "Fintech"),
    "TechCompany": (0.12, "科技", "Technology"),
    "Company": (0.10, "集团", "Group"),
    "GovernmentBody": (0.02, "管理局", "Authority"),
    "Organization": (0.04, "联盟", "Alliance"),
    "Person": (0.16, "", ""),
    "Product": (0.05, "平台", "Platform"),
    "Place": (0.05, "市", "City"),
}
_ORGS = ("Bank", "Insurer", "SecuritiesFirm", "AssetManager", "InvestmentFirm", "FintechCompany",
         "TechCompany", "Company")
_FINANCIAL = ("Bank", "Insurer", "SecuritiesFirm", "AssetManager")
_VENDORS = ("FintechCompany", "TechCompany")

# predicate -> (share of statements, subject classes, object classes)
PREDICATES = {
    "investsIn": (0.22, ("InvestmentFirm", "AssetManager", "Bank", "TechCompany", "Company"),
                  ("FintechCompany", "TechCompany", "Company")),
    "subsidiaryOf": (0.10, _ORGS, _ORGS),
    "shareholderOf": (0.05, _ORGS, _ORGS),
    "foundedBy": (0.04, ("FintechCompany", "TechCompany", "Company"), ("Person", "Bank", "Company")),
    "acquired": (0.03, _ORGS, ("FintechCompany", "TechCompany", "Company")),
    "servesClient": (0.16, _VENDORS, _FINANCIAL),
    "partnersWith": (0.15, _ORGS, _ORGS),
    "memberOf": (0.04, _ORGS, ("Organization",)),
    "executiveOf": (0.09, ("Person",), _ORGS),
    "headquarteredIn": (0.06, _ORGS, ("Place",)),
    "developedBy": (0.06, ("Product",), _VENDORS + ("Bank",)),
}
_ATTRIBUTES = ("foundingDate", "registeredCapital", "totalFunding")
_STATUSES = ("asserted",) * 18 + ("planned", "denied")

_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
_DCT, _PROV, _XSD = PREFIXES["dcterms"], PREFIXES["prov"], PREFIXES["xsd"]
_TYPE = ox.NamedNode(_RDF + "type")
_ENT_GRAPH = ox.NamedNode(ENTITIES_GRAPH)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _kg(local: str) -> ox.NamedNode:
    return ox.NamedNode(KG + local)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(_XSD + "integer"))


class _Pool:
    """Entities of some classes, drawn with a Zipf-like skew (rank r has weight 1/(r+3))."""

    def __init__(self, members: list[int]):
        self.members = members
        self.cum = list(accumulate(1.0 / (r + 3) for r in range(len(members))))

    def draw(self, rng: random.Random) -> int:
        return self.members[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


def _names(rng: random.Random, n_entities: int) -> list[tuple[str, str, str, str]]:
    """(class, canonical name, Chinese alias, English alias) for each entity, names unique."""
    classes = list(_CLASSES)
    weights = [_CLASSES[c][0] for c in classes]
    seen: set[str] = set()
    out = []
    while len(out) < n_entities:
        cls = rng.choices(classes, weights)[0]
        _, zh, en = _CLASSES[cls]
        stem = "".join(chr(0x4E00 + rng.randrange(0x5000)) for _ in range(rng.randint(2, 3)))
        name = stem + zh
        if name in seen:
            continue
        seen.add(name)
        roman = "".join(chr(97 + rng.randrange(26)) for _ in range(rng.randint(4, 8))).capitalize()
        if cls == "Person":
            out.append((cls, name, "", roman + " " + "".join(chr(97 + rng.randrange(26)) for _ in range(4))))
        elif cls in ("Place", "Product"):
            out.append((cls, name, "", f"{roman} {en}"))
        else:
            out.append((cls, name, name + "股份有限公司", f"{roman} {en}"))
    return out


def synthetic_quads(n_entities: int = 20_000, n_docs: int = 10_000, seed: int = 0) -> Iterator[ox.Quad]:
    """Yield the quads of a synthetic store (deterministic for a given *seed*).

    Parameters
    ----------
    n_entities : int
        Entities in the entities graph.
    n_docs : int
        Documents, each its own named graph with about six statements.
    seed : int
        Seed of the private random generator.
    """
    rng = random.Random(seed)
    entities = _names(rng, n_entities)
    iris = [_n(entity_iri(name)) for _, name, _, _ in entities]
    by_class: dict[str, list[int]] = {}
    for i, (cls, *_rest) in enumerate(entities):
        by_class.setdefault(cls, []).append(i)
    pools: dict[tuple[str, ...], _Pool] = {}

    def pool(classes: tuple[str, ...]) -> _Pool:
        if classes not in pools:
            pools[classes] = _Pool(sorted(i for c in classes for i in by_class.get(c, ())))
        return pools[classes]

    mentions = [0] * n_entities
    preds = list(PREDICATES)
    pred_weights = [PREDICATES[p][0] for p in preds]
    parent: dict[int, int] = {}
    said: list[tuple[int, str, int]] = []
    docs = []
    for d in range(n_docs):
        statements = []
        for _ in range(max(1, int(rng.gauss(6, 2)))):
            if said and rng.random() < 0.3:
                statements.append(rng.choice(said))  # the same fact restated by another article
                continue
            p = rng.choices(preds, pred_weights)[0]
            _, subj, obj = PREDICATES[p]
            s, o = pool(subj).draw(rng), pool(obj).draw(rng)
            if s == o:
                continue
            if p == "subsidiaryOf":
                # Subsidiaries are mostly little-known firms: the child is drawn uniformly (the
                # parent keeps the skew). A child has one parent, and parents come before
                # children in entity order, so there is no cycle.
                s = rng.choice(pool(subj).members)
                if s <= o:
                    continue
                o = parent.setdefault(s, o)
            statements.append((s, p, o))
            said.append((s, p, o))
        attrs = [(pool(_ORGS).draw(rng), rng.choice(_ATTRIBUTES)) for _ in range(rng.randint(0, 2))]
        for s, _, o in statements:
            mentions[s] += 1
            mentions[o] += 1
        docs.append((statements, attrs))

    for i, (cls, name, zh_alias, en_alias) in enumerate(entities):
        s = iris[i]
        label = ox.Literal(name, language="zh")
        yield ox.Quad(s, _TYPE, _kg(cls), _ENT_GRAPH)
        yield ox.Quad(s, _n(_RDFS + "label"), label, _ENT_GRAPH)
        yield ox.Quad(s, _n(_SKOS + "prefLabel"), label, _ENT_GRAPH)
        if zh_alias:
            yield ox.Quad(s, _n(_SKOS + "altLabel"), ox.Literal(zh_alias, language="zh"), _ENT_GRAPH)
        yield ox.Quad(s, _n(_SKOS + "altLabel"), ox.Literal(en_alias, language="en"), _ENT_GRAPH)
        yield ox.Quad(s, _kg("mentionCount"), _int(mentions[i]), _ENT_GRAPH)
        if cls in _ORGS and i % 10 == 0:
            yield ox.Quad(s, _kg("stockCode"), ox.Literal(f"{i % 10000:05d}.HK"), _ENT_GRAPH)

    for d, (statements, attrs) in enumerate(docs):
        doc_id = f"{d:016x}"
        g = _n(document_iri(doc_id))
        yield ox.Quad(g, _TYPE, _kg("Document"), g)
        yield ox.Quad(g, _n(_DCT + "identifier"), ox.Literal(doc_id), g)
        yield ox.Quad(g, _n(_DCT + "source"), ox.Literal(f"archive/{d:06d}.txt"), g)
        yield ox.Quad(g, _kg("encoding"), ox.Literal("utf-8"), g)
        yield ox.Quad(g, _n(_DCT + "title"), ox.Literal(f"金融科技快讯第{d}期", language="zh"), g)
        date = f"20{15 + d % 10}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        yield ox.Quad(g, _n(_DCT + "date"), ox.Literal(date, datatype=_n(_XSD + "date")), g)
        for e in sorted({x for s, _, o in statements for x in (s, o)} | {s for s, _ in attrs}):
            yield ox.Quad(g, _kg("mentions"), iris[e], g)
        offset = 20
        for s, p, o in statements:
            status = rng.choice(_STATUSES)
            if status == "asserted":
                yield ox.Quad(iris[s], _kg(p), iris[o], g)
            text = f"{entities[s][1]}与{entities[o][1]}（{p}）。"
            yield from _evidence(doc_id, g, iris[s], _kg(p), iris[o], text, offset, status, rng)
            offset += len(text) + rng.randint(10, 200)
        for s, attr in attrs:
            value = ox.Literal(f"{rng.randint(2000, 2020)}-{rng.randint(1, 12):02d}"
                               if attr == "foundingDate" else f"{rng.randint(1, 500)}亿元")
            yield ox.Quad(iris[s], _kg(attr), value, g)
            text = f"{entities[s][1]}的{attr}为{value.value}。"
            yield from _evidence(doc_id, g, iris[s], _kg(attr), value, text, offset, "asserted", rng)
            offset += len(text) + rng.randint(10, 200)


def _evidence(doc_id, g, s, p, o, text, start, status, rng) -> Iterator[ox.Quad]:
    e = _n(evidence_iri(doc_id, s.value, p.value, str(o), start))
    yield ox.Quad(e, _TYPE, _kg("Evidence"), g)
    yield ox.Quad(e, _n(_RDF + "subject"), s, g)
    yield ox.Quad(e, _n(_RDF + "predicate"), p, g)
    yield ox.Quad(e, _n(_RDF + "object"), o, g)
    yield ox.Quad(e, _kg("evidenceText"), ox.Literal(text), g)
    yield ox.Quad(e, _kg("startOffset"), _int(start), g)
    yield ox.Quad(e, _kg("endOffset"), _int(start + len(text)), g)
    yield ox.Quad(e, _kg("extractionMethod"), ox.Literal(f"cue:{p.value[len(KG):]}/synthetic"), g)
    yield ox.Quad(e, _kg("confidence"), ox.Literal(f"{rng.uniform(0.5, 0.95):.2f}",
                                                   datatype=_n(_XSD + "decimal")), g)
    yield ox.Quad(e, _kg("status"), ox.Literal(status), g)
    yield ox.Quad(e, _n(_PROV + "wasDerivedFrom"), g, g)


def sample_params(store: ox.Store) -> dict[str, str]:
    """A value for every saved-question parameter that has answers in a synthetic store.

    Entity parameters get the busiest entity of their role (the slowest case); ``subject``,
    ``predicate`` and ``object`` name a ``subsidiaryOf`` fact two levels deep.
    """

    def top(query: str) -> list[str]:
        rows = list(store.query(_PREFIX + query, use_default_graph_as_union=True))
        return [term.value for term in rows[0]] if rows else [""]

    def busiest(pattern: str, var: str) -> str:
        return top(f"SELECT ?l WHERE {{ GRAPH ?g {{ {pattern} }} GRAPH kgg:entities {{ ?{var} rdfs:label ?l }} }} "
                   f"GROUP BY ?l ORDER BY DESC(COUNT(*)) ?l LIMIT 1")[0]

    child, parent = top("SELECT ?c ?p WHERE { GRAPH ?g1 { ?x kg:subsidiaryOf ?s } GRAPH ?g2 { ?s kg:subsidiaryOf ?t } "
                        "GRAPH kgg:entities { ?x rdfs:label ?c . ?s rdfs:label ?p } } ORDER BY ?c LIMIT 1")
    return {
        "company": busiest("?x kg:investsIn ?c", "c"),
        "investor": busiest("?i kg:investsIn ?x", "i"),
        "vendor": busiest("?v kg:servesClient ?x", "v"),
        "name": top("SELECT ?a WHERE { GRAPH kgg:entities { ?e skos:altLabel ?a FILTER(LANG(?a) = 'en') } } "
                    "ORDER BY ?a LIMIT 1")[0],
        "text": "资本",
        "subject": child,
        "predicate": "subsidiaryOf",
        "object": parent,
        "document": top("SELECT ?id WHERE { GRAPH ?d { ?d dcterms:identifier ?id } } ORDER BY ?id LIMIT 1")[0],
    }


_PREFIX = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items()) + "PREFIX kgg: <https://w3id.org/fintech-kg/graph/>\n"
