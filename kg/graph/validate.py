"""Check a graph store against ``ontology/shapes.ttl`` (SHACL, run by pyshacl).

The shapes require of every entity one Chinese preferred label and one ontology
class; of every relation its domain and range, a subject other than its object
and at least one asserted ``kg:Evidence``; no ``subsidiaryOf`` cycle; and
well-formed evidence and document nodes.

The data graph is the store's union default graph (one CONSTRUCT in Oxigraph,
handed to rdflib as N-Triples) plus the ontology, so ``sh:class kg:Organization``
accepts a ``kg:Bank`` through ``rdfs:subClassOf`` without running inference.

>>> from rdflib import Graph
>>> report = validate_graph(Graph())
>>> report.conforms, report.violations
(True, [])
>>> relation_allowed("investsIn", "Person", "Bank"), relation_allowed("headquarteredIn", "Bank", "Bank")
(True, False)
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.errors import KgError, ShapeViolation
from kg.graph.iris import DOC, ENTITY, EVIDENCE, KG, ONTOLOGY_IRI, name_from_iri
from kg.graph.labels import ONTOLOGY_PATH, SHAPES_PATH, ancestors, load_ontology, relation_names
from kg.graph.shacl import Check, compile_shapes
from kg.graph.store import open_store

__all__ = [
    "Violation",
    "ValidationReport",
    "validate_graph",
    "validate_store",
    "format_report",
    "relation_allowed",
]


class Violation(NamedTuple):
    """One failed check: who, which shape or constraint, and what is wrong."""

    focus: str  # label of the focus node: the entity's Chinese name, or a short IRI
    shape: str  # name of the shape or constraint (rdfs:label / sh:name in shapes.ttl)
    message: str


@dataclass
class ValidationReport:
    """Outcome of a SHACL run: ``conforms`` and the violations, sorted."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0  # size of the data graph checked, ontology excluded
    source: str = ""  # the store directory, or "" for an in-memory graph

    def raise_for_violations(self) -> None:
        """Raise :class:`~kg.errors.ShapeViolation` (one line) unless the graph conforms."""
        if not self.conforms:
            where = self.source or "graph"
            first = self.violations[0] if self.violations else None
            detail = f"; first: {first.focus}: {first.message}" if first else ""
            raise ShapeViolation(
                f"{where}: {len(self.violations)} shape violation(s){detail}; run `kg validate` for all"
            )


@lru_cache(maxsize=1)
def _shapes() -> tuple[rdflib.Graph, tuple[Check, ...]]:
    try:
        shapes = rdflib.Graph().parse(SHAPES_PATH, format="turtle")
    except FileNotFoundError as err:
        raise KgError(f"{SHAPES_PATH}: SHACL shapes file missing; reinstall fintech-kg from a checkout") from err
    return shapes, tuple(compile_shapes(shapes))


def validate_graph(graph: rdflib.Graph, *, engine: str = "oxigraph", source: str = "") -> ValidationReport:
    """Validate an rdflib graph holding the union of a store's graphs (the graph is left alone).

    *engine* ``"oxigraph"`` runs the shapes compiled to SPARQL (:mod:`kg.graph.shacl`);
    ``"pyshacl"`` runs pyshacl, the reference implementation, which is far slower.
    """
    if engine == "pyshacl":
        return _validate_pyshacl(graph, source)
    memory = ox.Store()
    memory.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return _validate_oxigraph(memory, len(graph), source)


def validate_store(store_dir, *, engine: str = "oxigraph") -> ValidationReport:
    """Validate the live generation of the store at *store_dir* (its union default graph).

    Raises :class:`~kg.errors.StoreError` when there is no store there.
    """
    store = open_store(store_dir)
    if engine == "pyshacl":
        union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        graph = rdflib.Graph().parse(data=union.serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
        return _validate_pyshacl(graph, str(store_dir))
    count = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    triples = int(next(store.query(count, use_default_graph_as_union=True))["n"].value)
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as scratch:
        # A checkpoint (hard links, instant) that may take the ontology in; the live generation stays read-only.
        store.backup(str(Path(scratch) / "copy"))
        copy = ox.Store(str(Path(scratch) / "copy"))
        try:
            return _validate_oxigraph(copy, triples, str(store_dir))
        finally:
            del copy  # closes RocksDB before the directory goes


def _validate_oxigraph(store: ox.Store, triples: int, source: str) -> ValidationReport:
    """Run every compiled check over the union of *store*'s graphs plus the ontology."""
    store.load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_IRI))
    labels = _Labels(store=store)
    found = set()
    for check in _shapes()[1]:
        solutions = store.query(check.query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            values = {name: _from_ox(row[name]) for name in names if row[name] is not None}
            text = _VARIABLE.sub(lambda m: _text(labels, values.get(m.group(1))), check.message)
            found.add(_make(labels, values["this"], values.get("value"), check.shape, text))
    violations = sorted(found)
    return ValidationReport(conforms=not violations, violations=violations, triples=triples, source=source)


def _validate_pyshacl(graph: rdflib.Graph, source: str) -> ValidationReport:
    data = rdflib.Graph()
    data += graph
    data += load_ontology()
    shapes = _shapes()[0]
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        do_owl_imports=False,
    )
    labels = _Labels(graph=data)
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        shape = _shape_name(results, result, shapes)
        text = str(message) if message is not None else f"fails {shape}"
        found.add(_make(labels, results.value(result, SH.focusNode), results.value(result, SH.value), shape, text))
    violations = sorted(found)
    return ValidationReport(conforms=bool(conforms) and not violations, violations=violations, triples=len(graph),
                            source=source)


_VARIABLE = re.compile(r"\{[?$](\w+)\}")


def _make(labels, focus, value, shape: str, text: str) -> Violation:
    if value is not None and value != focus and not isinstance(value, rdflib.BNode):
        shown = labels(value)
        text += "" if shown in text else f" (value: {shown})"
    return Violation(labels(focus), shape, text)


def _shape_name(results: rdflib.Graph, result, shapes: rdflib.Graph) -> str:
    for node in (results.value(result, SH.sourceConstraint), results.value(result, SH.sourceShape)):
        for prop in (SH.name, RDFS.label):
            name = shapes.value(node, prop) if node is not None else None
            if name is not None:
                return str(name)
    return "shape"


def _from_ox(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.Literal):
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.BNode(term.value)


def _text(labels, term) -> str:
    if term is None:
        return ""
    return str(term) if isinstance(term, rdflib.Literal) else labels(term)


class _Labels:
    """Chinese label of a node (its skos:prefLabel or rdfs:label @zh), else a short form of its IRI."""

    _PROPS = (SKOS.prefLabel, RDFS.label)

    def __init__(self, store: ox.Store | None = None, graph: rdflib.Graph | None = None):
        self.store, self.graph = store, graph

    def _names(self, node) -> list[str]:
        if self.graph is not None:
            found = (o for p in self._PROPS for o in self.graph.objects(node, p))
            return [str(o) for o in found if isinstance(o, rdflib.Literal) and (o.language or "").startswith("zh")]
        subject = ox.NamedNode(str(node))
        found = (q.object for p in self._PROPS for q in self.store.quads_for_pattern(subject, ox.NamedNode(str(p)), None))
        return [o.value for o in found if isinstance(o, ox.Literal) and (o.language or "").startswith("zh")]

    def __call__(self, node) -> str:
        if isinstance(node, rdflib.Literal):
            return _literal(node)
        names = self._names(node) if isinstance(node, rdflib.URIRef) else []
        return min(names) if names else _short(node)


def _literal(node: rdflib.Literal) -> str:
    text = str(node)
    return repr(text) if len(text) <= 40 else repr(text[:40] + "…")


def format_report(report: ValidationReport) -> str:
    """The report as the CLI prints it: a summary line, then one line per violation.

    >>> print(format_report(ValidationReport(False, [Violation("兴业数金", "no self-relation",
    ...       "is related to itself by kg:partnersWith")], triples=9)), end="")
    1 violation (9 triples checked against ontology/shapes.ttl):
      兴业数金  [no self-relation]  is related to itself by kg:partnersWith
    """
    where = f" in {report.source}" if report.source else ""
    if report.conforms:
        return f"OK: {report.triples} triples{where} conform to ontology/shapes.ttl\n"
    count = len(report.violations)
    lines = [f"{count} violation{'s' if count != 1 else ''}{where} "
             f"({report.triples} triples checked against ontology/shapes.ttl):"]
    lines += [f"  {v.focus}  [{v.shape}]  {v.message}" for v in report.violations]
    return "\n".join(lines) + "\n"


def relation_allowed(predicate: str, subject_class: str, object_class: str) -> bool:
    """Whether the ontology's domain and range admit ``subject_class --predicate--> object_class``.

    Names are ontology local names. A writer can drop (or report) a relation that
    would fail the shapes before it reaches the store.
    """
    domain, range_ = _signatures().get(predicate, ((), ()))
    return bool(set(ancestors(subject_class)) & set(domain)) and bool(set(ancestors(object_class)) & set(range_))


@lru_cache(maxsize=1)
def _signatures() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    onto = load_ontology()

    def classes(node) -> tuple[str, ...]:
        if node is None:
            return ()
        members = onto.value(node, OWL.unionOf)
        nodes = list(Collection(onto, members)) if members is not None else [node]
        return tuple(str(n)[len(KG):] for n in nodes)

    out = {}
    for name in relation_names():
        term = rdflib.URIRef(KG + name)
        out[name] = (classes(onto.value(term, RDFS.domain)), classes(onto.value(term, RDFS.range)))
    return out


def _short(node) -> str:
    text = str(node)
    if text.startswith(ENTITY):
        return name_from_iri(text)
    for base, prefix in ((KG, "kg:"), (DOC, "kgd:"), (EVIDENCE, "evidence/"), (str(SH), "sh:")):
        if text.startswith(base):
            return prefix + text[len(base):]
    return text if not isinstance(node, rdflib.BNode) else "_:" + text[:8]
