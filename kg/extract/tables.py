"""Facts stated by tables: key–value profile tables and column tables.

* Key–value tables ("成立时间 | 2015年12月", "总部地址 | 上海") describe one company: the one
  named in the caption just above, else the company of the section. Keys are read through
  ``kg/lexicon/table_headers.tsv`` (kind ``key``).
* Column tables ("商业银行 | 金融科技子公司 | 成立时间") state one fact per row; the header
  cells say which column is the subject and which the object of which predicate (kind
  ``column``). A category table ("企业 | 类别") gives each row's company its category as
  written (互联网系, 金融系); :func:`row_categories` lets the entity stage type a company by a
  category the lexicon calls unambiguous (银行 → Bank, see ``table_categories.tsv``).

The evidence of a table fact is the original text of its row.

>>> from kg.model import Document, Table, Mention
>>> text = "商业银行|子公司\\n甲银行|甲科技"
>>> table = Table(0, 0, len(text), ("商业银行", "子公司"), (("甲银行", "甲科技"),), ((9, 16),))
>>> doc = Document("d", "p", "utf-8", text, text, text, tuple(range(len(text) + 1)), tables=(table,))
>>> ms = (Mention(9, 12, "甲银行", "Bank", "甲银行"), Mention(13, 16, "甲科技", "FintechCompany", "甲科技"))
>>> rels, attrs = table_facts(doc, ms, (), {})
>>> [(r.subject, r.predicate, r.object, r.evidence.method) for r in rels]
[('甲科技', 'subsidiaryOf', '甲银行', 'table:column')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from kg.errors import LexiconError
from kg.extract.attributes import normalize_value
from kg.extract.discourse import is_org
from kg.extract.relations import apply_signature
from kg.lexicon import lexicon_path, read_tsv
from kg.model import Attribute, Document, Entity, Evidence, Mention, Relation, Table

__all__ = ["table_facts", "header_roles", "row_categories"]

_MARKUP = re.compile(r"<[^>]+>|\*\*|[\s\u3000]")
# the role of a column header naming the entity each row is about (企业, 公司名称)
_ROW_SUBJECT = "row:subject"


def _clean(cell: str) -> str:
    return _MARKUP.sub("", cell)


@lru_cache(maxsize=None)
def header_roles() -> dict[tuple[str, str], tuple[str, ...]]:
    """(kind, header) -> roles, from ``table_headers.tsv``."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in read_tsv("table_headers.tsv"):
        if row["kind"] not in ("key", "column") or not row["role"].startswith(("attr:", "rel:")) \
                and not (row["kind"] == "column" and row["role"] == _ROW_SUBJECT):
            raise LexiconError(f"{lexicon_path('table_headers.tsv')}: bad kind or role for {row['header']!r}")
        key = (row["kind"], row["header"])
        out[key] = out.get(key, ()) + (row["role"],)
    return out


class _Cells:
    """Finds the mentions inside one table row, by offsets or, failing that, by entity name."""

    def __init__(self, doc: Document, mentions: Sequence[Mention], entities: Sequence[Entity]):
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        names = {}
        for e in entities:
            for name in e.names:
                if len(name) >= 2:
                    names.setdefault(name, (e.key, e.type))
        self.names = sorted(((_clean(n), v) for n, v in names.items() if _clean(n)), key=lambda kv: -len(kv[0]))

    def in_span(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def in_cell(self, cell: str, row_mentions: list[Mention]) -> list[Mention]:
        text = _clean(cell)
        found = [m for m in row_mentions if _clean(m.text) and _clean(m.text) in text]
        if found:
            # the earliest and longest name in the cell is what the cell is about
            return sorted(found, key=lambda m: (text.find(_clean(m.text)), -len(m.text)))
        for name, (key, type_name) in self.names:
            if name in text:
                return [Mention(-1, -1, name, type_name, key)]
        return []


def _row_span(table: Table, r: int) -> tuple[int, int]:
    if r < len(table.row_spans):
        return table.row_spans[r]
    return table.start, table.end


def _evidence(doc: Document, span: tuple[int, int], method: str, confidence: float) -> Evidence:
    start, end = doc.raw_span(*span)
    return Evidence(doc.original(*span), start, end, method, confidence, -1)


def _caption_subject(doc: Document, table: Table, cells: _Cells) -> Mention | None:
    """An organisation named in the caption or in the last sentence before the table."""
    i = bisect_left(cells.starts, table.start)
    before = [m for m in cells.mentions[max(0, i - 40):i] if m.end <= table.start and is_org(m.type)]
    if table.caption:
        named = [m for m in before if _clean(m.text) in _clean(table.caption)]
        if named:
            return named[-1]
    previous = [s for s in doc.sentences if s.end <= table.start]
    if previous:
        last = previous[-1]
        # only a short caption-like line ("图 4-4 兴业数金企业概况"), not a running sentence
        if len(last.text) <= 30 and not last.heading:
            inside = [m for m in before if m.start >= last.start]
            if inside:
                return inside[0]
    return None


def _is_key_value(table: Table) -> bool:
    roles = header_roles()
    keys = [_clean(row[0]) for row in table.rows if row]
    known = sum(1 for k in keys if ("key", k) in roles)
    return known >= 2 and known * 2 >= len([k for k in keys if k])


def _key_value_facts(doc, table, cells, subject, relations, attributes):
    roles = header_roles()
    rows = list(table.rows)
    spans = list(table.row_spans)
    if table.header and len(table.header) >= 2 and ("key", _clean(table.header[0])) in roles:
        rows.insert(0, table.header)
        spans.insert(0, (table.start, table.row_spans[0][0] if table.row_spans else table.end))
    for r, row in enumerate(rows):
        if len(row) < 2:
            continue
        key, value = _clean(row[0]), " ".join(row[1:]).strip()
        span = spans[r] if r < len(spans) else (table.start, table.end)
        for role in roles.get(("key", key), ()):
            parts = role.split(":")
            if parts[0] == "attr":
                kind = parts[2] if len(parts) > 2 else "text"
                val, unit, as_of = normalize_value(_clean(value) if kind != "text" else value, kind)
                if val and val not in ("-", "—"):
                    attributes.append(Attribute(subject.entity or subject.text, parts[1], val,
                                                _evidence(doc, span, "table:key-value", 0.9), unit, as_of))
                continue
            predicate, inverse = parts[1], len(parts) > 2 and parts[2] == "inverse"
            row_mentions = cells.in_span(*span)
            for other in cells.in_cell(value, row_mentions)[:8]:
                s, o = (other, subject) if inverse else (subject, other)
                for name, swapped in apply_signature(predicate, s.type, o.type):
                    a, b = (o, s) if swapped else (s, o)
                    if (a.entity or a.text) != (b.entity or b.text):
                        relations.append(Relation(a.entity or a.text, name, b.entity or b.text,
                                                  _evidence(doc, span, "table:key-value", 0.85)))


def _column_facts(doc, table, cells, relations, attributes):
    roles = header_roles()
    columns: dict[str, dict[str, int]] = {}
    attrs: list[tuple[int, str, str]] = []
    for c, header in enumerate(table.header):
        for role in roles.get(("column", _clean(header)), ()):
            parts = role.split(":")
            if parts[0] == "rel":
                columns.setdefault(parts[1], {})[parts[2]] = c
            elif parts[0] == "attr":
                attrs.append((c, parts[1], parts[2] if len(parts) > 2 else "text"))
    pairs = [(p, cols["subject"], cols["object"]) for p, cols in columns.items()
             if "subject" in cols and "object" in cols]
    if not pairs and not attrs:
        return
    subject_column = _subject_column(table)
    if subject_column is None and pairs:
        subject_column = pairs[0][1]
    for r, row in enumerate(table.rows):
        span = _row_span(table, r)
        row_mentions = cells.in_span(*span)
        for predicate, sc, oc in pairs:
            if max(sc, oc) >= len(row):
                continue
            subjects, objects = cells.in_cell(row[sc], row_mentions), cells.in_cell(row[oc], row_mentions)
            if not subjects or not objects:
                continue
            s, o = subjects[0], objects[0]
            for name, swapped in apply_signature(predicate, s.type, o.type):
                a, b = (o, s) if swapped else (s, o)
                if (a.entity or a.text) != (b.entity or b.text):
                    relations.append(Relation(a.entity or a.text, name, b.entity or b.text,
                                              _evidence(doc, span, "table:column", 0.85)))
        if subject_column is not None and subject_column < len(row):
            owners = cells.in_cell(row[subject_column], row_mentions)
            for c, name, kind in attrs:
                if owners and c < len(row) and _clean(row[c]):
                    val, unit, as_of = normalize_value(_clean(row[c]), kind)
                    attributes.append(Attribute(owners[0].entity or owners[0].text, name, val,
                                                _evidence(doc, span, "table:column", 0.85), unit, as_of))


def _subject_column(table: Table) -> int | None:
    """The column a header names as the entity each row is about (role ``row:subject``)."""
    roles = header_roles()
    return next((c for c, h in enumerate(table.header) if _ROW_SUBJECT in roles.get(("column", _clean(h)), ())),
                None)


def row_categories(doc: Document) -> list[tuple[int, int, str]]:
    """``(start, end, category)`` for each row of a category table: the analysed span of the
    row's subject cell and the category cell as written, cleaned of markup.

    >>> from kg.model import Table
    >>> text = "甲科技\\t互联网系\\t营收增长"
    >>> table = Table(0, 0, len(text), ("企业", "类别", "经营情况"), (("甲科技", "互联网系", "营收增长"),), ((0, len(text)),))
    >>> doc = Document("d", "p", "utf-8", text, text, text, tuple(range(len(text) + 1)), tables=(table,))
    >>> row_categories(doc)
    [(0, 3, '互联网系')]
    """
    roles = header_roles()
    out = []
    for table in doc.tables:
        subject = _subject_column(table)
        category = next((c for c, h in enumerate(table.header)
                         if any(r.split(":")[:2] == ["attr", "category"] for r in roles.get(("column", _clean(h)), ()))),
                        None)
        if subject is None or category is None:
            continue
        for r, row in enumerate(table.rows):
            if r >= len(table.row_spans) or max(subject, category) >= len(row) or not _clean(row[category]):
                continue
            start, end = table.row_spans[r]
            cells = doc.text[start:end].split("\t")
            if len(cells) != len(row):
                continue  # the row's text does not show its cells: no offsets to trust
            at = start + sum(len(c) + 1 for c in cells[:subject])
            out.append((at, at + len(cells[subject]), _clean(row[category])))
    return out


def table_facts(doc: Document, mentions: Sequence[Mention], entities: Sequence[Entity],
                section_subjects: dict[int, str]) -> tuple[tuple[Relation, ...], tuple[Attribute, ...]]:
    """Relations and attributes stated by the tables of *doc*.

    ``section_subjects`` maps sentence index -> entity key of the profiled company
    (:func:`kg.extract.discourse.section_subjects`); a key–value table with no caption
    naming a company describes the company of the sentence just above it.
    """
    relations: list[Relation] = []
    attributes: list[Attribute] = []
    if not doc.tables:
        return (), ()
    cells = _Cells(doc, mentions, entities)
    by_key = {}
    for m in mentions:
        by_key.setdefault(m.entity or m.text, m)
    for table in doc.tables:
        if _is_key_value(table):
            subject = _caption_subject(doc, table, cells)
            if subject is None:
                previous = [s.index for s in doc.sentences if s.end <= table.start]
                key = section_subjects.get(previous[-1], "") if previous else ""
                subject = by_key.get(key)
            if subject is not None:
                _key_value_facts(doc, table, cells, subject, relations, attributes)
        else:
            _column_facts(doc, table, cells, relations, attributes)
    return tuple(relations), tuple(attributes)
