"""Typed records that cross pipeline stages.

Document → Sentence/Table → Mention/Entity → Relation/Attribute → Extraction.
Every record is a frozen dataclass made of plain values, so an
:class:`Extraction` round-trips through JSON (``to_dict``/``from_dict``) and the
map step of a build can run in another process or on another machine.

Offsets
-------
``Document.text`` is the *analysed* text: markup removed, Traditional Chinese
converted to Simplified and full-width forms folded (NFKC), one character for
one character, so it has the same length as ``Document.plain`` (the same
characters before normalisation). ``Document.offsets[i]`` is the position in
``Document.raw`` (the decoded file) of analysed character ``i``.
Sentence, table and mention offsets are in analysed coordinates; the
:class:`Evidence` of a fact carries offsets into ``Document.raw`` and the
original characters, which is what users are shown.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

__all__ = [
    "Sentence",
    "Table",
    "Document",
    "Mention",
    "Entity",
    "Evidence",
    "Relation",
    "Attribute",
    "DocumentInfo",
    "Extraction",
    "Problem",
    "from_plain",
]

_CHAR_REF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or heading, or list item) of a document."""

    index: int
    start: int  # analysed offsets: doc.text[start:end] == text
    end: int
    text: str
    section: str = ""  # text of the nearest heading above, "" if none
    content: bool = True  # False for boilerplate (footers, captions, source lines)
    heading: bool = False  # the sentence is itself a heading


@dataclass(frozen=True, slots=True)
class Table:
    """A table kept as rows, for table-aware extraction."""

    index: int
    start: int  # analysed offsets of the whole table
    end: int
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_spans: tuple[tuple[int, int], ...] = ()  # analysed (start, end) of each row
    section: str = ""  # nearest heading above the table
    caption: str = ""


@dataclass(frozen=True)
class Document:
    """A decoded, cleaned, normalised and split article."""

    id: str  # stable content id (hash of the decoded text)
    path: str
    encoding: str
    raw: str  # the decoded file, unchanged
    plain: str  # text without markup, original characters
    text: str  # analysed text, same length as plain
    offsets: tuple[int, ...]  # len(text) + 1 entries: analysed index -> raw index
    sentences: tuple[Sentence, ...] = ()
    tables: tuple[Table, ...] = ()
    title: str = ""
    date: str | None = None  # ISO 8601 date, when known
    author: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    format: str = "text"  # text | markdown | html

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map an analysed span to a span of ``raw``.

        A span that ends on a character written as a character reference (``&amp;``) ends
        after the whole reference, not after its ``&``.
        """
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        last = self.offsets[end - 1]
        stop = last + 1
        if self.raw[last] == "&" and (ref := _CHAR_REF.match(self.raw, last)):
            # Not a reference when the next character was read from inside it (plain text that
            # says "&amp;"); a line break standing for a tag is not read from anywhere.
            after = self.offsets[end]
            if not (end < len(self.plain) and last < after < ref.end() and self.plain[end] == self.raw[after]):
                stop = ref.end()
        return self.offsets[start], stop

    def original(self, start: int, end: int) -> str:
        """The original characters (no markup) of an analysed span."""
        return self.plain[start:end]

    @property
    def info(self) -> "DocumentInfo":
        return DocumentInfo(
            id=self.id, path=self.path, encoding=self.encoding, title=self.title,
            date=self.date, author=self.author, source=self.source, tags=self.tags,
            format=self.format, sentences=len(self.sentences), tables=len(self.tables),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of analysed text that names an entity."""

    start: int
    end: int
    text: str
    type: str  # ontology class local name: Bank, FintechCompany, Person, ...
    entity: str = ""  # key of the document-level Entity it resolves to
    sentence: int = -1
    method: str = ""  # gazetteer | pattern:<name> | pos | alias | ...


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity as named in one document."""

    key: str  # canonical name (Chinese preferred): becomes the IRI
    type: str
    names: tuple[str, ...]  # every surface form seen, canonical first
    mentions: int = 0
    english: tuple[str, ...] = ()  # names that are English (tagged @en)
    codes: tuple[str, ...] = ()  # stock codes such as 03888.HK
    note: str = ""  # ambiguity or resolution note


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact is stated: original text and offsets into the raw file."""

    text: str
    start: int  # Document.raw offsets
    end: int
    method: str  # rule or table name, e.g. "cue:investsIn/passive" or "table:column"
    confidence: float
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class Relation:
    """subject --predicate--> object, between Entity keys of one document."""

    subject: str
    predicate: str  # local name from ontology: investsIn, subsidiaryOf, ...
    object: str
    evidence: Evidence
    status: str = "asserted"  # asserted | planned | ended | denied | rumoured | low-confidence
    features: tuple[str, ...] = ()  # classifier features behind it, kept only when explaining


@dataclass(frozen=True, slots=True)
class Attribute:
    """A literal fact about an entity: foundingDate, registeredCapital, ..."""

    subject: str
    name: str  # ontology datatype property local name
    value: str
    evidence: Evidence
    unit: str = ""  # currency or unit, e.g. CNY
    as_of: str = ""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Document metadata without its text."""

    id: str
    path: str
    encoding: str
    title: str = ""
    date: str | None = None
    author: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    format: str = "text"
    sentences: int = 0
    tables: int = 0


@dataclass(frozen=True)
class Extraction:
    """Everything one document states: the output of the map step."""

    doc: DocumentInfo
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Extraction":
        """Inverse of :meth:`to_dict` (JSON gives lists where the records hold tuples).

        >>> e = Extraction(DocumentInfo("d", "a.txt", "utf-8"), entities=(Entity("甲", "Bank", ("甲", "甲行")),))
        >>> Extraction.from_dict(e.to_dict()) == e
        True
        """
        def fact(kind, item):
            return from_plain(kind, {**item, "evidence": Evidence(**item["evidence"])})

        return cls(
            doc=from_plain(DocumentInfo, data["doc"]),
            entities=tuple(from_plain(Entity, e) for e in data.get("entities", ())),
            relations=tuple(fact(Relation, r) for r in data.get("relations", ())),
            attributes=tuple(fact(Attribute, a) for a in data.get("attributes", ())),
            mentions=tuple(from_plain(Mention, m) for m in data.get("mentions", ())),
        )


_TUPLE_FIELDS: dict[type, tuple[str, ...]] = {}


def from_plain(kind: type, item: dict):
    """A flat record from its JSON form: the fields declared as tuples get tuples back.

    >>> from_plain(Entity, {"key": "甲", "type": "Bank", "names": ["甲", "甲行"]}).names
    ('甲', '甲行')
    """
    names = _TUPLE_FIELDS.get(kind)
    if names is None:
        names = _TUPLE_FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind)
                                            if str(f.type).startswith("tuple"))
    item = dict(item)
    for name in names:
        if name in item:
            item[name] = tuple(item[name])
    return kind(**item)


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read, reported in one line."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
