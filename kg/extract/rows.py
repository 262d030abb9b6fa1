"""Rows for ``kg extract``: one dict per relation stated by each input document, no store involved.

Each row has the keys ``doc`` (the line number with ``lines=True``, else the document id),
``subject``, ``subject_type``, ``predicate``, ``object``, ``object_type``, ``evidence``,
``start``, ``end`` (offsets into the raw document), ``confidence``, ``score`` (the same
probability, under the name the classifier's users look for), ``status`` and ``method``; with
``explain=True`` also ``features``, the classifier features that pushed most towards the fact.
Hedged statements (planned, ended, denied, rumoured) come out too, with their status; facts the
classifier found below the assertion threshold do not.

``subject`` and ``object`` are the names as the evidence sentence writes them (建行, 中国国际航空
股份有限公司), so a reader finds them in ``evidence``; ``subject_entity`` and ``object_entity``
are the entities' keys in the graph (建设银行, 中国国航), the ``rdfs:label`` that ``kg build``
gives them. A party the sentence only implies (the article's subject, a pronoun) is given by
its key in both.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Document, Extraction

__all__ = ["extract_rows", "relation_rows", "ROW_KEYS"]

ROW_KEYS = ("doc", "subject", "subject_type", "predicate", "object", "object_type", "evidence",
            "start", "end", "confidence", "score", "status", "method", "subject_entity", "object_entity")


def relation_rows(extraction: Extraction, doc_label, min_confidence: float = 0.0,
                  explain: bool = False) -> Iterator[dict]:
    """The rows of one extraction, labelled *doc_label* (learnt facts below *min_confidence* left out)."""
    from kg.extract.classifier import status_at
    from kg.extract.pairs import mention_key

    types = {e.key: e.type for e in extraction.entities}
    written: dict[tuple[int, str], str] = {}  # (sentence, entity key) -> its first name there
    for m in extraction.mentions:
        written.setdefault((m.sentence, mention_key(m)), m.text)
    for r in extraction.relations:
        status = status_at(r, min_confidence)
        if status == "low-confidence":
            continue
        row = {
            "doc": doc_label,
            "subject": written.get((r.evidence.sentence, r.subject), r.subject),
            "subject_type": types.get(r.subject, ""), "predicate": r.predicate,
            "object": written.get((r.evidence.sentence, r.object), r.object),
            "object_type": types.get(r.object, ""),
            "evidence": r.evidence.text, "start": r.evidence.start, "end": r.evidence.end,
            "confidence": r.evidence.confidence, "score": r.evidence.confidence, "status": status,
            "method": r.evidence.method, "subject_entity": r.subject, "object_entity": r.object,
        }
        if explain:
            row["features"] = list(r.features)
        yield row


def _decode_line(raw: bytes, name: str, n: int) -> str:
    # one line per document: a line that is no UTF-8 stops the run with its number, not a traceback
    try:
        return raw.decode("utf-8-sig" if n == 1 else "utf-8")  # a BOM may open the file
    except UnicodeDecodeError as err:
        raise InputError(name, f"line {n} is not UTF-8 text (byte {err.start + 1} of the line)") from err


def _documents(texts_or_paths: Iterable, lines: bool) -> Iterator[tuple[object, Document]]:
    from kg.ingest import document_from_text, read_document

    for item in texts_or_paths:
        name = str(item)
        if lines:
            try:
                stream = sys.stdin.buffer if name == "-" else open(name, "rb")
            except OSError as err:
                raise InputError(name, f"cannot read ({err.strerror})") from err
            try:
                for n, raw in enumerate(stream, 1):
                    line = _decode_line(raw, name, n)
                    if line.strip():
                        yield n, document_from_text(line.rstrip("\r\n"), f"{name}:{n}", "text")
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()
        elif name == "-":
            doc = document_from_text(sys.stdin.read(), "-", "text")
            yield doc.id, doc
        elif isinstance(item, Path) or Path(name).exists():
            doc = read_document(Path(name))
            yield doc.id, doc
        else:
            # a string that names no file is taken as the text itself (notebooks)
            doc = document_from_text(name, "<text>", "text")
            yield doc.id, doc


def extract_rows(texts_or_paths: Iterable, lines: bool = False, min_confidence: float | None = None,
                 explain: bool = False) -> Iterator[dict]:
    """Relations stated by files (``-`` is standard input) or by texts, as rows.

    With ``lines=True`` every line of every input is its own document, numbered from 1.
    *min_confidence* defaults to the relation model's threshold.
    """
    from kg.extract.classifier import default_min_confidence
    from kg.extract.pipeline import extract_document

    if min_confidence is None:
        min_confidence = default_min_confidence()
    for label, doc in _documents(texts_or_paths, lines):
        yield from relation_rows(extract_document(doc, explain=explain), label, min_confidence, explain)
