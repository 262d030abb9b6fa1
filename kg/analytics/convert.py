"""From the RDF store to a ``networkx.MultiDiGraph`` of entities and relations.

Nodes are entities, keyed by canonical name (the name the entity IRI was minted
from), with attributes

``iri``, ``name``, ``type`` (ontology class local name), ``aliases`` (sorted
list), ``mentions`` (int), and, when the store has them, ``codes`` (stock
codes), ``note`` (resolution note) and one string attribute per literal fact
(``foundingDate``, ``registeredCapital``, … several values joined by "; ").

Edges run subject → object, keyed by predicate local name, so a pair of
entities has at most one edge per predicate, with attributes

``predicate``, ``label_zh``, ``label_en`` (ontology labels), ``evidence``
(number of statements), ``documents`` (sorted document ids), ``confidence``
(highest of its statements) and ``sentences``: one dict per statement with
``text``, ``doc``, ``title``, ``date``, ``file`` (the file name), ``confidence``, ``method``, ``start``,
``end``, in document then offset order.

Documents and evidence nodes are not graph nodes. Evidence whose status is not
``asserted`` (planned, ended, denied, rumoured) makes no edge, as it makes no
fact triple in the store.
"""

from __future__ import annotations

import os
from collections import defaultdict

import networkx as nx
import pyoxigraph as ox

from kg.errors import EntityNotFound
from kg.graph.iris import DOC, ENTITIES_GRAPH, ENTITY, KG, PREFIXES, name_from_iri

__all__ = ["store_to_networkx", "resolve_name", "predicate_labels", "document_names"]

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]

_TYPE = _RDF + "type"
# Entity properties that become fixed node attributes, not free-form literal ones.
_ENTITY_PROPS = {
    _SKOS + "prefLabel": "pref",
    _RDFS + "label": "label",
    _SKOS + "altLabel": "alias",
    KG + "mentionCount": "mentions",
    KG + "stockCode": "code",
    KG + "resolutionNote": "note",
}


def predicate_labels() -> dict[str, tuple[str, str]]:
    """Predicate local name → (Chinese label, English label), from the ontology.

    >>> predicate_labels()["investsIn"][1]
    'invests in'
    """
    from kg.graph.labels import predicate_labels as ontology_labels  # lazy: reads the ontology file

    return {name: _zh_en(value) for name, value in ontology_labels().items()}


def _zh_en(value) -> tuple[str, str]:
    if isinstance(value, dict):
        return value.get("zh", ""), value.get("en", "")
    zh, en = value
    return zh, en


def _open(store) -> ox.Store:
    if isinstance(store, ox.Store):
        return store
    if isinstance(store, (str, os.PathLike)):
        from kg.graph.store import open_store  # lazy: only paths need the on-disk layer

        return open_store(store)
    raise TypeError(f"store_to_networkx needs a pyoxigraph.Store or a store directory, not {type(store).__name__}")


_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
# The joins and filters run inside Oxigraph, so Python sees one row per fact or statement,
# not every quad (evidence and document metadata are most of a store).
_FACTS = _PREFIXES + f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  ?s ?p ?o .
  FILTER(isIRI(?o) && STRSTARTS(STR(?p), "{KG}") && STRSTARTS(STR(?s), "{ENTITY}") && STRSTARTS(STR(?o), "{ENTITY}"))
}}"""
_LITERALS = _PREFIXES + f"""SELECT DISTINCT ?s ?p ?v WHERE {{
  GRAPH ?g {{ ?s ?p ?v }}
  FILTER(?g != <{ENTITIES_GRAPH}> && isLiteral(?v) && STRSTARTS(STR(?p), "{KG}") && STRSTARTS(STR(?s), "{ENTITY}"))
}}"""
_EVIDENCE = _PREFIXES + """SELECT ?s ?p ?o ?text ?confidence ?doc ?method ?start ?end WHERE {
  ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
  FILTER(isIRI(?o))
  OPTIONAL { ?ev kg:status ?status }
  FILTER(!BOUND(?status) || STR(?status) = "asserted")
  OPTIONAL { ?ev kg:evidenceText ?text }
  OPTIONAL { ?ev kg:confidence ?confidence }
  OPTIONAL { ?ev kg:extractionMethod ?method }
  OPTIONAL { ?ev kg:startOffset ?start }
  OPTIONAL { ?ev kg:endOffset ?end }
}"""
_DOCS = _PREFIXES + """SELECT ?doc ?id ?title ?date ?source WHERE {
  ?doc a kg:Document .
  OPTIONAL { ?doc dcterms:identifier ?id }
  OPTIONAL { ?doc dcterms:source ?source }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:date ?date }
}"""


def _rows(store: ox.Store, query: str):
    for row in store.query(query, use_default_graph_as_union=True):
        yield tuple(term.value if term is not None else "" for term in row)


def _read(store: ox.Store):
    """Entities, literal attributes, facts, asserted statements and documents of *store*."""
    entities: dict[str, dict] = defaultdict(lambda: defaultdict(set))
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES_GRAPH)):
        s, p, o = quad.subject.value, quad.predicate.value, quad.object
        if not s.startswith(ENTITY):
            continue
        if p == _TYPE:
            if o.value.startswith(KG):
                entities[s]["type"].add(o.value[len(KG):])
        elif p in _ENTITY_PROPS and isinstance(o, ox.Literal):
            entities[s][_ENTITY_PROPS[p]].add(o.value)
    facts = set()
    for s, p, o in _rows(store, _FACTS):
        facts.add((s, p[len(KG):], o))
        entities[s]
        entities[o]
    literals: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for s, p, v in _rows(store, _LITERALS):
        if p not in _ENTITY_PROPS:
            literals[s][p[len(KG):]].add(v)
    docs: dict[str, dict] = {}
    for doc, ident, title, date, source in sorted(_rows(store, _DOCS)):
        docs.setdefault(doc, {"id": ident, "title": title, "date": date, "file": os.path.basename(source)})
    evidence = list(_rows(store, _EVIDENCE))
    return entities, literals, facts, evidence, docs


def store_to_networkx(store) -> nx.MultiDiGraph:
    """Read every entity and fact of *store* into a ``MultiDiGraph``.

    Parameters
    ----------
    store : pyoxigraph.Store or path
        An open store, or a store directory (opened read-only).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by canonical name, edges keyed by predicate (see module docs).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from kg.graph.iris import KG, entity_iri
    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode(entity_iri("兴业数金")), ox.NamedNode(KG + "subsidiaryOf"),
    ...               ox.NamedNode(entity_iri("兴业银行")), ox.NamedNode("https://w3id.org/fintech-kg/doc/d1")))
    >>> G = store_to_networkx(s)
    >>> list(G.edges(keys=True))
    [('兴业数金', '兴业银行', 'subsidiaryOf')]
    """
    store = _open(store)
    entities, literals, facts, evidence, docs = _read(store)
    names = {iri: name_from_iri(iri) for iri in entities}
    G = nx.MultiDiGraph()
    for iri in sorted(entities, key=names.__getitem__):
        G.add_node(names[iri], **_node_attrs(iri, names[iri], entities[iri], literals.get(iri, {})))

    statements = _statements(evidence, docs)
    labels = predicate_labels() if facts else {}
    for s, p, o in sorted(facts, key=lambda f: (names[f[0]], f[1], names[f[2]])):
        said = statements.get((s, KG + p, o), [])
        zh, en = labels.get(p, ("", ""))
        G.add_edge(
            names[s], names[o], key=p,
            predicate=p, label_zh=zh, label_en=en,
            evidence=len(said),
            documents=sorted({st["doc"] for st in said}),
            confidence=max((st["confidence"] for st in said), default=0.0),
            sentences=said,
        )
    return G


def _node_attrs(iri: str, name: str, props: dict, literals: dict) -> dict:
    types = sorted(props.get("type", ()))
    attrs = {
        "iri": iri,
        "name": name,
        "type": types[0] if types else "Entity",
        "aliases": sorted(props.get("alias", set()) - {name}),
        "mentions": max((int(m) for m in props.get("mentions", ())), default=0),
    }
    if props.get("code"):
        attrs["codes"] = sorted(props["code"])
    if props.get("note"):
        attrs["note"] = "; ".join(sorted(props["note"]))
    for prop in sorted(literals):
        attrs[prop] = "; ".join(sorted(literals[prop]))
    return attrs


def document_names(data: dict) -> list[str]:
    """The documents behind an edge as a reader knows them: file name, else title, else id (sorted).

    >>> document_names({"documents": ["ab12"], "sentences": [{"doc": "ab12", "file": "news.txt", "title": "T"}]})
    ['news.txt']
    """
    named = {st["doc"]: st.get("file") or st.get("title") or st["doc"] for st in data.get("sentences", ())}
    return sorted({named.get(doc, doc) for doc in data.get("documents", ())})


def _statements(evidence: list[tuple], docs: dict) -> dict[tuple[str, str, str], list[dict]]:
    """Asserted statements of each (s, p, o), with their document's title and date."""
    out: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for s, p, o, text, confidence, doc_iri, method, start, end in evidence:
        doc = docs.get(doc_iri, {})
        out[(s, p, o)].append({
            "text": text,
            "doc": doc.get("id") or doc_iri[len(DOC):],
            "title": doc.get("title", ""),
            "date": doc.get("date", ""),
            "file": doc.get("file", ""),
            "confidence": float(confidence) if confidence else 0.0,
            "method": method,
            "start": int(start) if start else -1,
            "end": int(end) if end else -1,
        })
    for said in out.values():
        said.sort(key=lambda st: (st["doc"], st["start"], st["end"], st["text"]))
    return out


def resolve_name(G: nx.Graph, name: str) -> str:
    """The node of *G* called *name*: its canonical name or any alias.

    Matching ignores case, width and white space. A name shared by several
    entities resolves to the one whose canonical name it is, and is otherwise
    ambiguous. A name the graph does not know but the gazetteers do (建行 when
    the articles only wrote 建设银行) resolves to the node of that entity.

    Raises
    ------
    EntityNotFound
        When no entity (or more than one) has that name.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("建设银行", aliases=["建行", "CCB"])
    >>> resolve_name(G, "ccb"), resolve_name(G, "建行")
    ('建设银行', '建设银行')
    """
    from kg.graph.resolve import name_key  # the same normal form entity resolution uses

    if name in G:
        return name
    key = name_key(name)
    exact = [n for n in G if name_key(str(n)) == key]
    if len(exact) == 1:
        return exact[0]
    by_alias = sorted(n for n, aliases in G.nodes(data="aliases") if aliases
                      and any(name_key(a) == key for a in aliases))
    if len(by_alias) == 1:
        return by_alias[0]
    if by_alias:
        raise EntityNotFound(f"{name}: ambiguous name; it may be {' or '.join(by_alias)}")
    known = _gazetteer_match(G, name, name_key)
    if known is not None:
        return known
    near = sorted(n for n in G if key and key in name_key(str(n)))[:5]
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise EntityNotFound(f"{name}: no entity has this name or alias{hint}")


def _gazetteer_match(G: nx.Graph, name: str, name_key) -> str | None:
    """The one node that the gazetteers (and alias registry) name *name* by another of its names."""
    from kg.explain import known_names

    wanted = known_names(name)
    found = sorted(n for n in G if name_key(str(n)) in wanted)
    return found[0] if len(found) == 1 else None
