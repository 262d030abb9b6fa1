"""Counts that describe a store: documents, entities by class, relations by predicate, evidence."""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.graph.iris import ENTITIES_GRAPH, ENTITY, KG, PREFIXES
from kg.graph.store import open_store

__all__ = ["store_stats", "QuadTally"]

_RDF_TYPE = PREFIXES["rdf"] + "type"


class QuadTally:
    """The counts of :func:`store_stats` taken from quads on their way into a store,
    so a build can report them without querying what it has just written.

    >>> g, e = ox.NamedNode(ENTITIES_GRAPH), ox.NamedNode(ENTITY + "甲")
    >>> quads = [ox.Quad(e, ox.NamedNode(_RDF_TYPE), ox.NamedNode(KG + "Bank"), g),
    ...          ox.Quad(e, ox.NamedNode(KG + "investsIn"), ox.NamedNode(ENTITY + "乙"), ox.NamedNode("urn:d")),
    ...          ox.Quad(e, ox.NamedNode(KG + "investsIn"), ox.NamedNode(ENTITY + "乙"), ox.NamedNode("urn:d2"))]
    >>> tally = QuadTally()
    >>> n = sum(1 for _ in tally.count(quads))
    >>> tally.entities, tally.relations
    (1, Counter({'investsIn': 1}))
    """

    def __init__(self):
        self._entities: set[str] = set()
        self._evidence: set[tuple[str, str]] = set()
        self._facts: set[tuple[str, str, str]] = set()

    def count(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        """Pass *quads* through unchanged, counting them."""
        mentions = KG + "mentions"
        for quad in quads:
            p, o, g = quad.predicate.value, quad.object, quad.graph_name
            if p == _RDF_TYPE:
                if g.value == ENTITIES_GRAPH:
                    self._entities.add(quad.subject.value)
                elif o.value == KG + "Evidence":
                    self._evidence.add((quad.subject.value, g.value))
            elif (p.startswith(KG) and p != mentions and isinstance(o, ox.NamedNode)
                  and o.value.startswith(ENTITY) and g.value != ENTITIES_GRAPH):
                self._facts.add((quad.subject.value, p, o.value))
            yield quad

    @property
    def entities(self) -> int:
        return len(self._entities)

    @property
    def evidence(self) -> int:
        return len(self._evidence)

    @property
    def relations(self) -> Counter:
        return Counter(p[len(KG):] for _, p, _ in self._facts)


def store_stats(store_dir) -> dict:
    """Counts of the live store.

    Returns
    -------
    dict
        ``{"documents": int, "entities": int, "classes": {class: n}, "relations": {predicate: n},
        "facts": int, "evidence": int}``; relations count distinct facts (a fact stated by three
        documents counts once), evidence counts every statement.
    """
    store = open_store(store_dir)

    def rows(q):
        return list(store.query(q))

    classes = {r["c"].value[len(KG):]: int(r["n"].value) for r in rows(
        f"SELECT ?c (COUNT(?e) AS ?n) WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a ?c }} }} GROUP BY ?c ORDER BY ?c")}
    relations = {r["p"].value[len(KG):]: int(r["n"].value) for r in rows(
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }}"
        f" FILTER(?g != <{ENTITIES_GRAPH}> && STRSTARTS(STR(?p), \"{KG}\") && ?p != <{KG}mentions> && isIRI(?o)"
        f" && STRSTARTS(STR(?o), \"{ENTITY}\")) }} }} GROUP BY ?p ORDER BY ?p")}
    documents = int(rows(f"SELECT (COUNT(?d) AS ?n) WHERE {{ GRAPH ?d {{ ?d a <{KG}Document> }} }}")[0]["n"].value)
    evidence = int(rows(f"SELECT (COUNT(?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a <{KG}Evidence> }} }}")[0]["n"].value)
    return {
        "documents": documents,
        "entities": sum(classes.values()),
        "classes": classes,
        "relations": relations,
        "facts": sum(relations.values()),
        "evidence": evidence,
    }
