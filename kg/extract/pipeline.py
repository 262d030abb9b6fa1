"""The map step: one document in, everything it states out.

``extract_document`` is a pure function of the document; it touches no store
and no other document, so a build can run it in worker processes (or on a
cluster engine) and cache its result by content id.
"""

from __future__ import annotations

from kg.extract.entities import find_entities
from kg.extract.relations import find_relations
from kg.model import Document, Extraction

__all__ = ["extract_document"]


def extract_document(doc: Document, explain: bool = False) -> Extraction:
    """Entities, relations and attributes stated by *doc*, with their evidence.

    With *explain*, each fact the relation classifier weighed keeps the features behind it.
    """
    mentions, entities = find_entities(doc)
    relations, attributes = find_relations(doc, mentions, entities, explain)
    known = {e.key for e in entities}
    relations = tuple(r for r in relations if r.subject in known and r.object in known)
    attributes = tuple(a for a in attributes if a.subject in known)
    return Extraction(doc=doc.info, entities=tuple(entities), relations=relations,
                      attributes=attributes, mentions=tuple(mentions))
