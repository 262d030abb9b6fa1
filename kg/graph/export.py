"""RDF exports of a store: N-Triples, N-Quads, Turtle, TriG, JSON-LD, RDF/XML.

N-Triples is the *union* graph (each fact once, documents merged); N-Quads and
TriG keep one named graph per document. Line-based formats are sorted, so the
same input always gives byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.graph.iris import PREFIXES
from kg.graph.store import open_store

__all__ = ["RDF_FORMATS", "export_rdf"]

RDF_FORMATS = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
_QUAD_FORMATS = {"nq", "trig"}


def _sorted_quads(store: ox.Store) -> list[ox.Quad]:
    return sorted(store.quads_for_pattern(None, None, None), key=lambda q: (str(q.graph_name), str(q.subject),
                                                                             str(q.predicate), str(q.object)))


def _sorted_triples(store: ox.Store) -> list[ox.Triple]:
    unique = {(str(q.subject), str(q.predicate), str(q.object)): q.triple
              for q in store.quads_for_pattern(None, None, None)}
    return [unique[k] for k in sorted(unique)]


def export_rdf(store_dir, fmt: str, out: str | Path | None = None) -> bytes | None:
    """Serialise the store as *fmt*; write to *out*, or return bytes when *out* is None.

    >>> import tempfile, pyoxigraph as ox
    >>> from kg.graph.store import write_store
    >>> d = tempfile.mkdtemp()
    >>> g = ox.NamedNode("http://e/g")
    >>> _ = write_store(d, [ox.Quad(ox.NamedNode("http://e/b"), ox.NamedNode("http://e/p"), ox.Literal("x"), g),
    ...                     ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("y"), g)])
    >>> print(export_rdf(d, "nt").decode(), end="")
    <http://e/a> <http://e/p> "y" .
    <http://e/b> <http://e/p> "x" .
    """
    if fmt not in RDF_FORMATS:
        raise KgError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    store = open_store(store_dir)
    items = _sorted_quads(store) if fmt in _QUAD_FORMATS else _sorted_triples(store)
    prefixes = None if fmt in {"nt", "nq"} else dict(PREFIXES)
    data = ox.serialize(items, format=RDF_FORMATS[fmt], prefixes=prefixes)
    if fmt in {"nt", "nq"}:
        # Canonical line order: sort the serialised lines themselves.
        lines = sorted(set(data.decode("utf-8").splitlines()))
        data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if out is None:
        return data
    Path(out).write_bytes(data)
    return None
