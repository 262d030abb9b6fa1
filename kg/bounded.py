"""Extraction of a very long document in parts, so its memory stays bounded.

A single-line dump of several megabytes is one document of millions of characters;
extracted at once it holds every mention and candidate of the whole text (a 7.8 MB
article needed 980 MB). Extractors read sentences and tables, so a long document is
cut at sentence boundaries into parts of at most *max_chars* analysed characters,
each part extracted alone, and the parts' entities merged by key. An ordinary article
(under the limit) is extracted in one piece, exactly as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from kg.model import Document, Entity, Extraction

__all__ = ["MAX_PART_CHARS", "extract_in_parts", "document_parts"]

MAX_PART_CHARS = 100_000  # about 130 MB of extraction state; the longest seed article has 49 000


def document_parts(doc: Document, max_chars: int = MAX_PART_CHARS) -> Iterator[Document]:
    """*doc* with its sentences and tables split into consecutive parts of at most *max_chars*
    characters (a part holds at least one sentence); the text is shared, not copied."""
    if len(doc.text) <= max_chars or len(doc.sentences) < 2:
        yield doc
        return
    part: list = []
    start = 0
    for sentence in doc.sentences:
        if part and sentence.end - start > max_chars:
            yield _part(doc, part, start, sentence.start)
            part = []
        if not part:
            start = sentence.start
        part.append(sentence)
    yield _part(doc, part, start, len(doc.text) + 1)


def _part(doc: Document, sentences: list, start: int, end: int) -> Document:
    first = start if sentences[0] is not doc.sentences[0] else -1  # tables before the first sentence
    tables = tuple(t for t in doc.tables if first <= t.start < end)
    return dataclasses.replace(doc, sentences=tuple(sentences), tables=tables)


def extract_in_parts(doc: Document, extract: Callable[[Document], Extraction],
                     max_chars: int = MAX_PART_CHARS) -> Extraction:
    """``extract(doc)``, part by part for a long document; mentions of a long document are dropped."""
    parts = document_parts(doc, max_chars)
    first = next(parts)
    if len(first.sentences) == len(doc.sentences):
        return extract(first)
    entities: dict[str, Entity] = {}
    relations, attributes = [], []
    for part in (first, *parts):
        result = extract(part)
        for entity in result.entities:
            entities[entity.key] = _merge(entities[entity.key], entity) if entity.key in entities else entity
        relations.extend(result.relations)
        attributes.extend(result.attributes)
    return Extraction(doc=doc.info, entities=tuple(entities.values()), relations=tuple(relations),
                      attributes=tuple(attributes))


def _merge(a: Entity, b: Entity) -> Entity:
    """One entity seen in two parts: every name and code, the mentions of both."""
    return dataclasses.replace(a, names=tuple(dict.fromkeys(a.names + b.names)), mentions=a.mentions + b.mentions,
                               english=tuple(dict.fromkeys(a.english + b.english)),
                               codes=tuple(dict.fromkeys(a.codes + b.codes)), note=a.note or b.note)
