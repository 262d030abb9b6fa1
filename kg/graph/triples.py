"""Extractions to RDF quads: pure functions, no store.

The schema is described in ``docs/architecture.md`` and ``ontology/README.md``:
an entities graph with one node per resolved entity, and one named graph per
document with its metadata, its facts, its literal attributes and one
``kg:Evidence`` node (a reified statement) per statement of a fact.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.graph.iris import ENTITIES_GRAPH, KG, PREFIXES, document_iri, entity_iri, evidence_iri
from kg.graph.resolve import Resolution, ResolvedEntity
from kg.extract.classifier import status_at
from kg.model import Extraction

__all__ = ["entity_quads", "document_quads", "graph_quads", "is_english"]

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
DCT = PREFIXES["dcterms"]
PROV = PREFIXES["prov"]
XSD = PREFIXES["xsd"]

_TYPE = ox.NamedNode(RDF + "type")
_ENTITIES = ox.NamedNode(ENTITIES_GRAPH)
_ENGLISH = re.compile(r"^[A-Za-z][A-Za-z0-9 .,&'()\-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _kg(local: str) -> ox.NamedNode:
    return ox.NamedNode(KG + local)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


def is_english(name: str) -> bool:
    """True for names written in Latin letters only, which get the ``@en`` tag.

    >>> is_english("China Construction Bank"), is_english("IDG资本")
    (True, False)
    """
    return bool(_ENGLISH.match(name))


def entity_quads(node: ResolvedEntity) -> Iterator[ox.Quad]:
    """Type, labels, aliases and counts of one resolved entity, in the entities graph."""
    s = _n(entity_iri(node.name))
    g = _ENTITIES
    label = ox.Literal(node.name, language="zh")
    yield ox.Quad(s, _TYPE, _kg(node.type), g)
    yield ox.Quad(s, _n(RDFS + "label"), label, g)
    yield ox.Quad(s, _n(SKOS + "prefLabel"), label, g)
    for name in sorted(node.names - {node.name}):
        lang = "en" if name in node.english or is_english(name) else "zh"
        yield ox.Quad(s, _n(SKOS + "altLabel"), ox.Literal(name, language=lang), g)
    yield ox.Quad(s, _kg("mentionCount"), _int(node.mentions), g)
    for code in sorted(node.codes):
        yield ox.Quad(s, _kg("stockCode"), ox.Literal(code), g)
    for note in sorted(node.notes):
        yield ox.Quad(s, _kg("resolutionNote"), ox.Literal(note, language="zh"), g)


def document_quads(extraction: Extraction, resolution: Resolution,
                   min_confidence: float | None = None) -> Iterator[ox.Quad]:
    """Metadata, facts, attributes and evidence of one document, in its own named graph.

    A fact the classifier found with less than *min_confidence* (None: the model's own
    threshold) keeps its evidence, with ``kg:status "low-confidence"``, and is not asserted.
    """
    info = extraction.doc
    d = _n(document_iri(info.id))
    yield ox.Quad(d, _TYPE, _kg("Document"), d)
    yield ox.Quad(d, _n(DCT + "identifier"), ox.Literal(info.id), d)
    yield ox.Quad(d, _n(DCT + "source"), ox.Literal(info.path), d)
    yield ox.Quad(d, _kg("encoding"), ox.Literal(info.encoding), d)
    if info.title:
        yield ox.Quad(d, _n(DCT + "title"), ox.Literal(info.title, language="zh"), d)
    if info.date:
        kind = XSD + "date" if _DATE.match(info.date) else XSD + "string"
        yield ox.Quad(d, _n(DCT + "date"), ox.Literal(info.date, datatype=_n(kind)), d)
    if info.author:
        yield ox.Quad(d, _n(DCT + "creator"), ox.Literal(info.author), d)
    for tag in info.tags:
        yield ox.Quad(d, _n(DCT + "subject"), ox.Literal(tag, language="zh"), d)

    def node(key: str) -> ox.NamedNode:
        return _n(entity_iri(resolution.canonical(info.id, key)))

    for ent in extraction.entities:
        yield ox.Quad(d, _kg("mentions"), node(ent.key), d)

    for rel in extraction.relations:
        s, o = node(rel.subject), node(rel.object)
        if s == o:
            continue  # two names of one entity: not a relation
        p = _kg(rel.predicate)
        status = status_at(rel, min_confidence)
        if status == "asserted":
            yield ox.Quad(s, p, o, d)
        ev = rel.evidence
        e = _n(evidence_iri(info.id, s.value, rel.predicate, o.value, ev.start, ev.end, ev.method))
        yield from _evidence(e, s, p, o, ev, status, d)

    for attr in extraction.attributes:
        s = node(attr.subject)
        p = _kg(attr.name)
        value = ox.Literal(attr.value)
        yield ox.Quad(s, p, value, d)
        if attr.name == "valuation":
            # A valuation is amount + currency + as-of date (ontology: valuationCurrency, valuationDate).
            if attr.unit:
                yield ox.Quad(s, _kg("valuationCurrency"), ox.Literal(attr.unit), d)
            if attr.as_of:
                yield ox.Quad(s, _kg("valuationDate"), ox.Literal(attr.as_of), d)
        ev = attr.evidence
        e = _n(evidence_iri(info.id, s.value, attr.name, attr.value, ev.start, ev.end, ev.method))
        yield from _evidence(e, s, p, value, ev, "asserted", d)


def _evidence(e, s, p, o, ev, status, d) -> Iterator[ox.Quad]:
    yield ox.Quad(e, _TYPE, _kg("Evidence"), d)
    yield ox.Quad(e, _n(RDF + "subject"), s, d)
    yield ox.Quad(e, _n(RDF + "predicate"), p, d)
    yield ox.Quad(e, _n(RDF + "object"), o, d)
    yield ox.Quad(e, _kg("evidenceText"), ox.Literal(ev.text), d)
    yield ox.Quad(e, _kg("startOffset"), _int(ev.start), d)
    yield ox.Quad(e, _kg("endOffset"), _int(ev.end), d)
    yield ox.Quad(e, _kg("extractionMethod"), ox.Literal(ev.method), d)
    yield ox.Quad(e, _kg("confidence"), ox.Literal(f"{ev.confidence:.2f}", datatype=_n(XSD + "decimal")), d)
    yield ox.Quad(e, _kg("status"), ox.Literal(status), d)
    if ev.sentence >= 0:
        yield ox.Quad(e, _kg("sentenceIndex"), _int(ev.sentence), d)
    yield ox.Quad(e, _n(PROV + "wasDerivedFrom"), d, d)


def graph_quads(extractions: Iterable[Extraction], resolution: Resolution,
                min_confidence: float | None = None) -> Iterator[ox.Quad]:
    """Every quad of a store: the entities graph, then each document's graph."""
    for name in sorted(resolution.entities):
        yield from entity_quads(resolution.entities[name])
    for extraction in extractions:
        yield from document_quads(extraction, resolution, min_confidence)
