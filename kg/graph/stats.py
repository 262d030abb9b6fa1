"""Counts that describe a store: documents, entities by class, relations by predicate, evidence."""

from __future__ import annotations

from kg.graph.iris import ENTITIES_GRAPH, ENTITY, KG
from kg.graph.store import open_store

__all__ = ["store_stats"]


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
