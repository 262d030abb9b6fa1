"""Chinese and English names of the ontology's classes and properties, read from the ontology.

``ontology/fintech-kg.ttl`` is the one place where terms are named and defined;
analytics, viz and the CLI ask this module instead of keeping their own lists.

>>> predicate_labels()["investsIn"]
{'zh': '投资', 'en': 'invests in'}
>>> class_labels()["FintechCompany"]["zh"]
'金融科技公司'
>>> class_hierarchy()["Bank"], class_hierarchy()["Organization"]
('Company', None)
>>> ancestors("Bank")
['Bank', 'Company', 'Organization']
>>> relation_names()[:3]
('acquired', 'developedBy', 'executiveOf')
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.graph.iris import KG, ONTOLOGY_IRI

__all__ = [
    "ONTOLOGY_PATH",
    "SHAPES_PATH",
    "load_ontology",
    "ontology_version",
    "class_labels",
    "predicate_labels",
    "definitions",
    "class_hierarchy",
    "ancestors",
    "relation_names",
]

# kg/ontology links to the checkout's ontology/ (a built wheel holds copies); fall back to the checkout.
_PACKAGED = Path(__file__).resolve().parents[1] / "ontology"
_FOLDER = _PACKAGED if (_PACKAGED / "fintech-kg.ttl").is_file() else Path(__file__).resolve().parents[2] / "ontology"
ONTOLOGY_PATH = _FOLDER / "fintech-kg.ttl"
SHAPES_PATH = _FOLDER / "shapes.ttl"

_LANGS = ("zh", "en")


@lru_cache(maxsize=None)
def _parsed(path: Path) -> rdflib.Graph:
    try:
        return rdflib.Graph().parse(path, format="turtle")
    except FileNotFoundError as err:
        raise KgError(f"{path}: ontology file missing; reinstall fintech-kg from a checkout") from err


def load_ontology(path=None) -> rdflib.Graph:
    """The ontology as a new rdflib graph (the parsed file is cached; the copy is yours)."""
    graph = rdflib.Graph()
    graph += _parsed(Path(path) if path else ONTOLOGY_PATH)
    return graph


def ontology_version() -> str:
    """``owl:versionInfo`` of the ontology.

    >>> ontology_version()
    '0.1.0'
    """
    return str(_parsed(ONTOLOGY_PATH).value(rdflib.URIRef(ONTOLOGY_IRI), OWL.versionInfo))


def _local(term) -> str | None:
    text = str(term)
    return text[len(KG):] if isinstance(term, rdflib.URIRef) and text.startswith(KG) else None


def _terms(*kinds) -> list[rdflib.URIRef]:
    graph = _parsed(ONTOLOGY_PATH)
    found = {t for kind in kinds for t in graph.subjects(RDF.type, kind) if _local(t)}
    return sorted(found)


def _by_language(prop) -> Callable[[rdflib.term.Node], dict[str, str]]:
    graph = _parsed(ONTOLOGY_PATH)

    def texts(term) -> dict[str, str]:
        out = {}
        for value in graph.objects(term, prop):
            lang = getattr(value, "language", None)
            if lang in _LANGS and lang not in out:
                out[lang] = str(value)
        return {lang: out[lang] for lang in _LANGS if lang in out}

    return texts


@lru_cache(maxsize=None)
def _labels(kind: str) -> dict[str, dict[str, str]]:
    kinds = (OWL.Class,) if kind == "class" else (OWL.ObjectProperty, OWL.DatatypeProperty)
    texts = _by_language(RDFS.label)
    return {_local(t): texts(t) for t in _terms(*kinds)}


def class_labels() -> dict[str, dict[str, str]]:
    """Class local name -> ``{"zh": …, "en": …}`` for every class of the ontology."""
    return {k: dict(v) for k, v in _labels("class").items()}


def predicate_labels() -> dict[str, dict[str, str]]:
    """Property local name -> ``{"zh": …, "en": …}`` for every object and datatype property."""
    return {k: dict(v) for k, v in _labels("property").items()}


def definitions() -> dict[str, dict[str, str]]:
    """Local name -> ``{"zh": …, "en": …}`` ``skos:definition`` of every class and property."""
    texts = _by_language(SKOS.definition)
    return {_local(t): texts(t) for t in _terms(OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)}


@lru_cache(maxsize=None)
def _hierarchy() -> dict[str, str | None]:
    graph = _parsed(ONTOLOGY_PATH)
    out = {}
    for term in _terms(OWL.Class):
        parents = sorted(p for p in graph.objects(term, RDFS.subClassOf) if _local(p))
        out[_local(term)] = _local(parents[0]) if parents else None
    return out


def class_hierarchy() -> dict[str, str | None]:
    """Class local name -> local name of its parent class in the ontology (None at the top)."""
    return dict(_hierarchy())


def ancestors(name: str) -> list[str]:
    """*name* and its super-classes, most specific first (``[]`` for an unknown class)."""
    tree = _hierarchy()
    chain: list[str] = []
    while name in tree and name not in chain:
        chain.append(name)
        name = tree[name]
    return chain


@lru_cache(maxsize=None)
def relation_names() -> tuple[str, ...]:
    """Local names of the relations extracted from text (direct sub-properties of ``kg:relatedTo``)."""
    graph = _parsed(ONTOLOGY_PATH)
    subs = graph.subjects(RDFS.subPropertyOf, rdflib.URIRef(KG + "relatedTo"))
    return tuple(sorted(_local(t) for t in subs if _local(t)))
