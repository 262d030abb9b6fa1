"""Ingestion: article files to :class:`~kg.model.Document` records.

Reads ``.txt``, ``.md``/``.markdown`` and ``.html``/``.htm`` files and folders;
decodes UTF-8, GB18030/GBK, Big5 and UTF-16; reads YAML front matter; strips HTML
and Markdown markup; normalises the analysed text (NFKC, Traditional to
Simplified) with an offset map back to the raw file; splits sentences; keeps
tables as rows; marks boilerplate. A file that cannot be read becomes one
:class:`~kg.model.Problem` line, never an exception, in :func:`load_documents`.

>>> doc = document_from_text("兴业数金是兴業銀行的子公司。")
>>> doc.text, doc.sentences[0].text
('兴业数金是兴业银行的子公司。', '兴业数金是兴业银行的子公司。')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from kg.errors import InputError
from kg.ingest.blocks import CELL_LINE_SEPARATOR
from kg.ingest.decode import decode_bytes
from kg.ingest.document import build_document, content_id
from kg.ingest.files import ARTICLE_SUFFIXES, MAX_FILE_BYTES, iter_files, read_bytes, too_large
from kg.ingest.normalize import normalize_text
from kg.ingest.sentences import split_sentences
from kg.model import Document, Problem

__all__ = [
    "load_documents", "read_document", "document_from_bytes", "document_from_text", "ingest_rows", "iter_files",
    "normalize_text", "split_sentences", "content_id", "CELL_LINE_SEPARATOR", "ARTICLE_SUFFIXES",
    "MAX_FILE_BYTES",
]


def read_document(path: str | os.PathLike, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read one article file.

    Raises
    ------
    InputError
        One line naming the file and the problem: missing, unreadable, empty,
        binary, undecodable, too large, or without text.
    """
    return document_from_bytes(read_bytes(path, max_bytes), str(path), max_bytes=max_bytes)


def document_from_bytes(data: bytes, path: str, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """An article from its bytes, named *path* (a file that is no local path: a Hadoop URI).

    Raises
    ------
    InputError
        As :func:`read_document`: empty, binary, undecodable, too large, or without text.
    """
    if len(data) > max_bytes:
        raise InputError(path, too_large(len(data), max_bytes))
    raw, encoding = decode_bytes(data, path)
    return build_document(raw, str(path), encoding, suffix=PurePosixPath(str(path)).suffix)


def document_from_text(text: str, path: str = "<text>", fmt: str = "text") -> Document:
    """A document from a string (``fmt``: ``text``, ``markdown``, ``html`` or ``auto``).

    Raises
    ------
    InputError
        When *text* holds nothing but whitespace or markup.
    """
    return build_document(text, path, "utf-8", fmt=fmt)


def load_documents(paths: Iterable[str | os.PathLike], *, strict: bool = False,
                   max_bytes: int = MAX_FILE_BYTES) -> Iterator[Document | Problem]:
    """Every article under *paths*, in order: a Document per readable file, a Problem per other.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders (searched recursively, in sorted order).
    strict : bool
        Raise :class:`~kg.errors.InputError` at the first problem instead of yielding it.
    max_bytes : int
        Larger files are refused (a crawl glitch, not an article).
    """
    for item in iter_files(paths):
        if isinstance(item, Problem):
            if strict:
                raise InputError(item.path, item.message)
            yield item
            continue
        try:
            yield read_document(item, max_bytes=max_bytes)
        except InputError as err:
            if strict:
                raise
            yield Problem(err.path, err.problem)


def ingest_rows(paths: Iterable[str | os.PathLike], *, max_bytes: int = MAX_FILE_BYTES
                ) -> Iterator[dict | Problem]:
    """One summary row per document (``kg ingest``), or a Problem per unreadable file."""
    for item in load_documents(paths, max_bytes=max_bytes):
        if isinstance(item, Problem):
            yield item
        else:
            yield {"id": item.id, "file": item.path, "encoding": item.encoding, "format": item.format,
                   "title": item.title, "date": item.date, "sentences": len(item.sentences),
                   "tables": len(item.tables)}
