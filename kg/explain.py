"""``kg explain``: everything the graph knows about one entity, found by any of its names."""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import EntityNotFound
from kg.graph.iris import ENTITIES_GRAPH, ENTITY, KG, PREFIXES, name_from_iri
from kg.graph.resolve import name_key
from kg.graph.store import open_store

__all__ = ["known_names", "find_entity", "explain_entity", "format_explanation"]

_PREFIX = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def known_names(name: str) -> set[str]:
    """Every name the gazetteers and the alias registry give the entity called *name*, normalised
    with :func:`~kg.graph.resolve.name_key` (empty when they do not know it).

    >>> name_key("中国建设银行") in known_names("建行")
    True
    """
    import unicodedata

    from kg.extract.mentions import ascii_lower, gazetteer  # lazy: builds the name automata

    gaz = gazetteer()
    keys = gaz.by_name.get(ascii_lower("".join(unicodedata.normalize("NFKC", name).split())), ())
    return {name_key(other) for key in keys for other in (key, *gaz.entries[key].names, *gaz.entries[key].english)}


def find_entity(store: ox.Store, name: str) -> list[str]:
    """IRIs of the entities one of whose labels or aliases is *name* (NFKC, case and space folded);
    failing that, the one entity named by another of the names the gazetteers know for *name*
    (建行 finds 建设银行 even when no article wrote 建行)."""
    q = _PREFIX + f"""SELECT DISTINCT ?e ?l WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{
        ?e rdfs:label|skos:prefLabel|skos:altLabel ?l }} }}"""
    labels = [(row["e"].value, name_key(row["l"].value)) for row in store.query(q)]
    wanted = name_key(name)
    hits = sorted({e for e, label in labels if label == wanted})
    if not hits:
        others = known_names(name)
        hits = sorted({e for e, label in labels if label in others})
        hits = hits if len(hits) == 1 else []
    return hits


def _not_found(store: ox.Store, name: str, show: int = 5) -> str:
    """The error for an unknown *name*: the canonical names that contain it, as the saved
    ``search`` question finds them, and that question, which lists them all."""
    from kg.query import run_query

    result = run_query(store, "search", {"text": name})
    at = result.variables.index("canonicalName")
    near = list(dict.fromkeys(row[at].value for row in result.rows))  # the question's order: shortest first
    hint = f"; try `kg query search --param text={name}`"
    if not near:
        return f"no entity is named {name!r} and no name contains it" + hint
    more = f" and {len(near) - show} more" if len(near) > show else ""
    return f"no entity is named {name!r}; names containing it: {'、'.join(near[:show])}{more}" + hint


def explain_entity(store_dir, name: str) -> dict:
    """The entity named *name*: canonical name, class, aliases, facts both ways, each with evidence.

    Raises
    ------
    EntityNotFound
        When no entity has that name or alias.
    """
    store = open_store(store_dir)
    iris = find_entity(store, name)
    if not iris:
        raise EntityNotFound(_not_found(store, name))
    iri = iris[0]
    node = f"<{iri}>"
    info = {"iri": iri, "name": name_from_iri(iri), "query": name, "types": [], "aliases": [],
            "mentions": 0, "notes": [], "facts": [], "attributes": [], "other_matches": iris[1:]}
    q = _PREFIX + f"SELECT ?p ?o WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ {node} ?p ?o }} }}"
    for row in store.query(q):
        p, o = row["p"].value, row["o"]
        if p == PREFIXES["rdf"] + "type":
            info["types"].append(o.value[len(KG):])
        elif p == PREFIXES["skos"] + "altLabel":
            info["aliases"].append(o.value)
        elif p == KG + "mentionCount":
            info["mentions"] = int(o.value)
        elif p == KG + "resolutionNote":
            info["notes"].append(o.value)
    info["aliases"].sort()
    q = _PREFIX + f"""SELECT ?s ?p ?o ?text ?start ?end ?method ?conf ?doc ?title WHERE {{
        ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidenceText ?text ;
            kg:startOffset ?start ; kg:endOffset ?end ; kg:extractionMethod ?method ; kg:confidence ?conf ;
            kg:status "asserted" ; prov:wasDerivedFrom ?doc .
        OPTIONAL {{ ?doc dcterms:title ?title }}
        FILTER(?s = {node} || ?o = {node})
    }} ORDER BY ?p ?s ?o ?doc ?start"""
    for row in store.query(q, use_default_graph_as_union=True):
        o = row["o"]
        item = {
            "subject": name_from_iri(row["s"].value),
            "predicate": row["p"].value[len(KG):],
            "object": name_from_iri(o.value) if isinstance(o, ox.NamedNode) and o.value.startswith(ENTITY)
            else o.value,
            "evidence": row["text"].value, "start": int(row["start"].value), "end": int(row["end"].value),
            "method": row["method"].value, "confidence": float(row["conf"].value),
            "document": row["title"].value if row["title"] else row["doc"].value,
        }
        target = info["facts"] if isinstance(o, ox.NamedNode) else info["attributes"]
        target.append(item)
    return info


def format_explanation(info: dict) -> str:
    """A readable page for the terminal."""
    lines = [f"{info['name']}  [{', '.join(info['types']) or '?'}]  mentions: {info['mentions']}",
             f"  IRI: {info['iri']}"]
    if info["aliases"]:
        lines.append(f"  aliases: {'、'.join(info['aliases'])}")
    for note in info["notes"]:
        lines.append(f"  note: {note}")
    if info["other_matches"]:
        lines.append(f"  also named {info['query']!r}: " + "、".join(map(name_from_iri, info["other_matches"])))
    for title, items in (("facts", info["facts"]), ("attributes", info["attributes"])):
        if items:
            lines.append(f"{title}:")
        for it in items:
            lines.append(f"  {it['subject']} —{it['predicate']}→ {it['object']}  ({it['confidence']:.2f}, {it['method']})")
            lines.append(f"      “{it['evidence']}”  [{it['document']} @{it['start']}-{it['end']}]")
    return "\n".join(lines) + "\n"
