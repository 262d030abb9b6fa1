"""IRIs of the project: namespaces and the rules that mint entity, document and evidence IRIs.

Entity IRIs are derived from the canonical name alone, so the same entity gets
the same IRI in every build.

>>> entity_iri("建设银行")
'https://w3id.org/fintech-kg/entity/%E5%BB%BA%E8%AE%BE%E9%93%B6%E8%A1%8C'
>>> name_from_iri(entity_iri("建设银行"))
'建设银行'
"""

import hashlib
from functools import lru_cache
from urllib.parse import quote, unquote

__all__ = [
    "BASE", "KG", "ENTITY", "DOC", "EVIDENCE", "ENTITIES_GRAPH", "ONTOLOGY_IRI",
    "PREFIXES", "entity_iri", "document_iri", "evidence_iri", "name_from_iri",
]

BASE = "https://w3id.org/fintech-kg/"
ONTOLOGY_IRI = BASE + "ontology"
KG = BASE + "ontology#"
ENTITY = BASE + "entity/"
DOC = BASE + "doc/"
EVIDENCE = BASE + "evidence/"
ENTITIES_GRAPH = BASE + "graph/entities"

PREFIXES = {
    "kg": KG,
    "kge": ENTITY,
    "kgd": DOC,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
}


@lru_cache(maxsize=200_000)
def entity_iri(name: str) -> str:
    """IRI of the entity whose canonical name is *name* (percent-encoded UTF-8)."""
    return ENTITY + quote(name.strip(), safe="")


def name_from_iri(iri: str) -> str:
    """The canonical name an entity IRI was minted from."""
    return unquote(iri[len(ENTITY):]) if iri.startswith(ENTITY) else iri


def document_iri(doc_id: str) -> str:
    """IRI (and named-graph name) of a document, from its content id."""
    return DOC + doc_id


def evidence_iri(doc_id: str, *parts) -> str:
    """A deterministic IRI for one piece of evidence of one document."""
    digest = hashlib.sha1("\x1f".join(map(str, (doc_id, *parts))).encode("utf-8")).hexdigest()
    return f"{EVIDENCE}{doc_id}-{digest[:12]}"
