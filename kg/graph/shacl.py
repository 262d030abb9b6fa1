"""SHACL shapes compiled to SPARQL queries, so Oxigraph checks a whole store at once.

pyshacl walks focus nodes one by one in Python and re-parses every SPARQL
constraint per node: minutes for a few thousand entities. Each constraint of
``ontology/shapes.ttl`` becomes instead one SELECT that returns a row per
violation (``?this``, and ``?value`` when a value is at fault), run by Oxigraph
over all focus nodes together. pyshacl stays the reference implementation:
``tests/test_validate.py`` checks that both report the same violations.

The compiler covers the SHACL Core subset the project's shapes use (targets by
class, subjects-of, objects-of and node; value constraints; counts; qualified
counts; ``sh:lessThanOrEquals``; ``sh:or``/``sh:and``/``sh:not``) and SHACL-SPARQL
``sh:select`` constraints; anything else raises, so an edit to shapes.ttl cannot be
silently skipped.

>>> import rdflib
>>> shapes = rdflib.Graph().parse(format="turtle", data='''
... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
... ex:S a sh:NodeShape ; sh:targetClass ex:Firm ;
...     sh:property [ sh:path ex:name ; sh:name "name" ; sh:minCount 1 ; sh:message "needs a name" ] .
... ''')
>>> [(c.shape, c.message) for c in compile_shapes(shapes)]
[('name', 'needs a name')]
"""

from __future__ import annotations

from dataclasses import dataclass

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import KgError

__all__ = ["Check", "compile_shapes"]

_TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

# Predicates on a shape that are not constraints, or that _property_checks handles.
_NOT_VALUE_CONSTRAINTS = {
    RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.severity, SH.order,
    SH.group, SH.deactivated, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode,
    SH.property, SH.sparql, SH.path, SH.minCount, SH.maxCount, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.lessThanOrEquals, SH.flags,
}


@dataclass(frozen=True)
class Check:
    """One constraint as a query: each row (``?this`` [, ``?value``, …]) is a violation."""

    shape: str  # name shown in reports: sh:name or rdfs:label of the (property) shape
    message: str  # sh:message; ``{?var}`` is replaced by that row's binding
    query: str


def compile_shapes(shapes: rdflib.Graph) -> list[Check]:
    """Every constraint of every node shape in *shapes*, as SPARQL checks, in a stable order."""
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape))):
        if _true(shapes.value(shape, SH.deactivated)):
            continue
        focus = _focus(shapes, shape)
        name = _name(shapes, shape)
        message = _message(shapes, shape, name)
        node_test = _conforms(shapes, shape, "?this")
        if node_test:
            checks.append(Check(name, message, f"SELECT ?this WHERE {{ {focus} FILTER (!({node_test})) }}"))
        for prop in sorted(shapes.objects(shape, SH.property)):
            if not _true(shapes.value(prop, SH.deactivated)):
                checks.extend(_property_checks(shapes, prop, focus))
        for constraint in sorted(shapes.objects(shape, SH.sparql)):
            if not _true(shapes.value(constraint, SH.deactivated)):
                checks.append(_sparql_check(shapes, shape, constraint, focus, name))
    return checks


def _property_checks(shapes: rdflib.Graph, prop, focus: str) -> list[Check]:
    path = shapes.value(prop, SH.path)
    if not isinstance(path, rdflib.URIRef):
        raise KgError(f"shapes: property shape {_name(shapes, prop)}: only plain predicate paths are supported")
    name = _name(shapes, prop)
    message = _message(shapes, prop, name)
    p = path.n3()
    out = []
    test = _conforms(shapes, prop, "?value")
    if test:
        out.append(f"SELECT ?this ?value WHERE {{ {focus} ?this {p} ?value FILTER (!({test})) }}")
    low, high = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    if low is not None and int(low) > 0:
        out.append(
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?value }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(low)})"
        )
    if high is not None:
        out.append(
            f"SELECT ?this WHERE {{ {focus} ?this {p} ?value }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(high)})"
        )
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        q_low, q_high = shapes.value(prop, SH.qualifiedMinCount), shapes.value(prop, SH.qualifiedMaxCount)
        bounds = [f"COUNT(DISTINCT ?value) < {int(q_low)}"] if q_low is not None else []
        bounds += [f"COUNT(DISTINCT ?value) > {int(q_high)}"] if q_high is not None else []
        test = _conforms(shapes, qualified, "?value") or "true"
        out.append(
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?value FILTER ({test}) }} }} "
            f"GROUP BY ?this HAVING ({' || '.join(bounds) or 'false'})"
        )
    for other in shapes.objects(prop, SH.lessThanOrEquals):
        out.append(
            f"SELECT ?this ?value WHERE {{ {focus} ?this {p} ?value . ?this {other.n3()} ?other "
            f"FILTER (!COALESCE(?value <= ?other, false)) }}"
        )
    return [Check(name, message, query) for query in out]


def _conforms(shapes: rdflib.Graph, node, var: str) -> str:
    """A SPARQL expression true when *var* meets every value constraint of *node* ("" if none)."""
    tests = []
    for pred, obj in sorted(shapes.predicate_objects(node)):
        if pred in _NOT_VALUE_CONSTRAINTS:
            continue
        tests.append(_value_test(shapes, node, pred, obj, var))
    return " && ".join(f"({t})" for t in tests)


def _value_test(shapes: rdflib.Graph, node, pred, obj, var: str) -> str:
    if pred == SH["class"]:
        return f"EXISTS {{ {var} {_TYPE_PATH} {obj.n3()} }}"
    if pred == SH.datatype:
        return f"COALESCE(isLiteral({var}) && DATATYPE({var}) = {obj.n3()}, false)"
    if pred == SH.nodeKind:
        kinds = {SH.IRI: "isIRI", SH.BlankNode: "isBlank", SH.Literal: "isLiteral"}
        if obj not in kinds:
            raise KgError(f"shapes: sh:nodeKind {obj} is not supported")
        return f"{kinds[obj]}({var})"
    if pred == SH.languageIn:
        langs = " || ".join(f"LANGMATCHES(LANG({var}), {lang.n3()})" for lang in Collection(shapes, obj))
        return f"COALESCE({langs or 'false'}, false)"
    if pred == SH.pattern:
        flags = shapes.value(node, SH.flags)
        extra = f", {flags.n3()}" if flags is not None else ""
        return f"COALESCE(!isBlank({var}) && REGEX(STR({var}), {obj.n3()}{extra}), false)"
    if pred in (SH.minLength, SH.maxLength):
        op = ">=" if pred == SH.minLength else "<="
        return f"COALESCE(!isBlank({var}) && STRLEN(STR({var})) {op} {int(obj)}, false)"
    comparisons = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
    if pred in comparisons:
        return f"COALESCE({var} {comparisons[pred]} {obj.n3()}, false)"
    if pred == SH["in"]:
        return " || ".join(f"sameTerm({var}, {v.n3()})" for v in Collection(shapes, obj)) or "false"
    if pred == SH.hasValue:
        return f"sameTerm({var}, {obj.n3()})"
    if pred in (SH["or"], SH["and"]):
        joiner = " || " if pred == SH["or"] else " && "
        parts = [_conforms(shapes, member, var) or "true" for member in Collection(shapes, obj)]
        return joiner.join(f"({p})" for p in parts) or ("false" if pred == SH["or"] else "true")
    if pred == SH["not"]:
        return f"!({_conforms(shapes, obj, var) or 'true'})"
    raise KgError(f"shapes: {pred} on {_name(shapes, node)} is not supported by kg.graph.shacl")


def _focus(shapes: rdflib.Graph, shape) -> str:
    """A sub-select binding ``?this`` to each focus node of *shape* (SHACL targets)."""
    parts = [f"?this {_TYPE_PATH} {c.n3()} ." for c in shapes.objects(shape, SH.targetClass)]
    parts += [f"?this {p.n3()} [] ." for p in shapes.objects(shape, SH.targetSubjectsOf)]
    parts += [f"[] {p.n3()} ?this ." for p in shapes.objects(shape, SH.targetObjectsOf)]
    parts += [f"VALUES ?this {{ {n.n3()} }}" for n in shapes.objects(shape, SH.targetNode)]
    if not parts:
        raise KgError(f"shapes: node shape {_name(shapes, shape)} has no target")
    union = " UNION ".join("{ " + part + " }" for part in sorted(parts))
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _sparql_check(shapes: rdflib.Graph, shape, constraint, focus: str, shape_name: str) -> Check:
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise KgError(f"shapes: SPARQL constraint of {shape_name} has no sh:select")
    prefixes = sorted(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for source in shapes.objects(constraint, SH.prefixes)
        for d in shapes.objects(source, SH.declare)
    )
    # $this is pre-bound in SHACL-SPARQL; joining it to the focus nodes gives the same rows for all of them.
    query = str(select).replace("$this", "?this")
    brace = query.index("{")
    query = "".join(prefixes) + query[: brace + 1] + f"\n    {focus}" + query[brace + 1 :]
    name = _name(shapes, constraint, default=shape_name)
    return Check(name, _message(shapes, constraint, name, fallback=shapes.value(shape, SH.message)), query)


def _name(shapes: rdflib.Graph, node, default: str = "") -> str:
    for prop in (SH.name, RDFS.label):
        value = shapes.value(node, prop)
        if value is not None:
            return str(value)
    if default:
        return default
    return str(node).rsplit("#", 1)[-1] if isinstance(node, rdflib.URIRef) else "shape"


def _message(shapes: rdflib.Graph, node, name: str, fallback=None) -> str:
    message = shapes.value(node, SH.message) or fallback
    return str(message) if message is not None else f"fails {name}"


def _true(value) -> bool:
    return value is not None and value.toPython() is True
