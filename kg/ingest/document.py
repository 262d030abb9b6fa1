"""Decoded text to :class:`~kg.model.Document`: parse, lay out, normalise, split, find metadata.

Layout of ``Document.plain``: blocks are separated by one line break; a table is
written one row per line with cells separated by a tab (and
:data:`~kg.ingest.blocks.CELL_LINE_SEPARATOR` for a line break inside a cell), so
each row is one sentence and the table text is analysed like any other text.
Characters that stand for markup (separators, unescaped entities) are tied to the
position of that markup in ``raw``; ``offsets`` never decreases.

>>> doc = build_document("# 标题\\n\\n兴业银行旗下的兴业数金成立于2015年。来源:本报\\n", "a.md", "utf-8")
>>> doc.title, [(s.text, s.heading, s.section) for s in doc.sentences]
('标题', [('标题', True, ''), ('兴业银行旗下的兴业数金成立于2015年。', False, '标题'), ('来源:本报', False, '标题')])
>>> s = doc.sentences[1]; doc.raw[doc.offsets[s.start]:doc.offsets[s.end - 1] + 1] == doc.plain[s.start:s.end]
True
"""

from __future__ import annotations

import hashlib
import re

from kg.errors import InputError
from kg.ingest.blocks import Block
from kg.ingest.boilerplate import mark_boilerplate, source_name
from kg.ingest.dates import find_date
from kg.ingest.formats import FORMATS, parse_blocks, sniff_format
from kg.ingest.frontmatter import FrontMatter, read_front_matter
from kg.ingest.html import html_title
from kg.ingest.normalize import normalize_text
from kg.ingest.sentences import split_sentences
from kg.ingest.structure import join_page_breaks, promote_headings, title_line
from kg.model import Document, Sentence, Table

__all__ = ["build_document", "content_id"]

_HEAD_BLOCKS = 8  # date and source lines are looked for this near the start (and end)
_DATELINE_CHARS = 60
_DATELINE_REST_CHARS = 12  # what a date line may hold besides date and time: "来源:示例日报"
_DATELINE_REST = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}:\d{2}(?::\d{2})?|[\W_]")
_TITLE_CHARS = 200
_CAPTION_LOOKBACK = 2


def content_id(raw: str) -> str:
    """Stable id of a document: the first 16 hex digits of the SHA-256 of its decoded text.

    >>> content_id("金融科技")
    'd81fef1c14f18272'
    """
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class _Layout:
    """``plain`` and its offsets, built block by block."""

    def __init__(self, start: int):
        self.parts: list[str] = []
        self.offs: list[int] = []
        self.size = 0
        self.last = start  # raw position of the last character written

    def put(self, text: str, offs: list[int]) -> None:
        self.parts.append(text)
        self.offs.extend(offs)
        self.size += len(text)
        if offs:
            self.last = offs[-1]

    def mark(self, char: str, pos: int) -> None:
        """A character standing for markup at *pos* (never before what was written)."""
        self.put(char, [max(pos, self.last)])

    def separate(self) -> None:
        if self.size:
            self.mark("\n", self.last + 1)


def _layout(blocks: list[Block], start: int) -> tuple[_Layout, list, list]:
    """Write the blocks; return the layout, each block's span, and each table's row and cell spans."""
    out = _Layout(start)
    spans: list[tuple[int, int] | None] = []
    grids: list[list[tuple[tuple[int, int], list[tuple[int, int]]]] | None] = []
    for block in blocks:
        if block.kind == "image":
            spans.append(None)
            grids.append(None)
            continue
        out.separate()
        begin = out.size
        if block.kind == "table":
            grid = []
            for r, row in enumerate(block.rows):
                if r:
                    out.mark("\n", row[0].pos)
                row_start = out.size
                cells = []
                for c, cell in enumerate(row):
                    if c:
                        out.mark("\t", cell.pos)
                    cells.append((out.size, out.size + len(cell.text)))
                    out.put(cell.text, cell.offs)
                grid.append(((row_start, out.size), cells))
            grids.append(grid)
        else:
            out.put(block.text, block.offs)
            grids.append(None)
        spans.append((begin, out.size))
    return out, spans, grids


def _near(texts) -> list[int]:
    """Blocks with text near the start and the end, where date and source lines are."""
    found = [i for i, text in enumerate(texts) if text]
    return found[:_HEAD_BLOCKS] + found[_HEAD_BLOCKS:][-_HEAD_BLOCKS:]


def _date_line(blocks, texts, reasons) -> str | None:
    """The date of the first date line near the start; a line that is only metadata is marked."""
    for i in _near(texts)[:_HEAD_BLOCKS]:
        text = texts[i]
        if blocks[i].kind != "table" and len(text) <= _DATELINE_CHARS and not any(c in text for c in "。!?"):
            found = find_date(text)
            if found:
                # a line of date, time and source is metadata; a title with a date in it is not
                if blocks[i].kind != "heading" and len(_DATELINE_REST.sub("", text)) <= _DATELINE_REST_CHARS:
                    reasons[i] = reasons[i] or "dateline"
                return found
    return None


def _title(blocks, spans, texts, reasons, plain: str, raw: str, fmt: str, start: int) -> str:
    """The first content heading, else the HTML <title>, else the first content line."""
    heading = next((i for i, b in enumerate(blocks) if b.kind == "heading" and texts[i] and not reasons[i]), None)
    title = plain[spans[heading][0]:spans[heading][1]] if heading is not None else ""
    if not title and fmt == "html":
        title = html_title(raw, start)
    if not title:
        first = next((i for i, t in enumerate(texts) if t and not reasons[i] and blocks[i].kind != "table"), None)
        title = plain[spans[first][0]:spans[first][1]] if first is not None else ""
    return " ".join(title.split())[:_TITLE_CHARS]


def _source(spans, texts, reasons, plain: str) -> str:
    """The publisher named by a source line near the start or the end, in original characters."""
    for i in _near(texts):
        if reasons[i] in ("source", "tail", "furniture", "dateline"):
            name = source_name(texts[i])
            if name:  # analysed and plain text share offsets
                at = spans[i][0] + texts[i].find(name)
                return plain[at:at + len(name)]
    return ""


def build_document(raw: str, path: str, encoding: str, fmt: str = "auto", suffix: str = "") -> Document:
    """Read decoded text *raw* as a :class:`Document`.

    Parameters
    ----------
    raw : str
        The decoded file.
    path, encoding : str
        Where it came from and how it was decoded (recorded in the document).
    fmt : str
        ``auto`` (front matter, then the format by *suffix* or by content), or
        ``text``, ``markdown``, ``html`` (front matter read for the latter two).

    Raises
    ------
    InputError
        When nothing but whitespace or markup is left.
    """
    if fmt not in FORMATS and fmt != "auto":
        raise InputError(path, f"unknown format {fmt!r}; expected auto, text, markdown or html")
    if not raw.strip():
        raise InputError(path, "empty file (only whitespace)")
    fm = read_front_matter(raw) if fmt != "text" else FrontMatter()
    kind = sniff_format(raw, fm.end, suffix) if fmt == "auto" else fmt
    blocks = join_page_breaks(parse_blocks(raw, fm.end, kind))
    if kind == "text":
        title_line(blocks)
    if fm.title_span:
        a, b = fm.title_span
        first = next((x for x in blocks if x.kind == "heading"), None)
        if first is None or " ".join(first.text.split()) != " ".join(fm.title.split()):
            blocks.insert(0, Block("heading", raw[a:b], list(range(a, b)), level=1, pos=a))
    layout, spans, grids = _layout(blocks, fm.end)
    plain = "".join(layout.parts)
    if not plain.strip():
        raise InputError(path, f"no article text (only markup{' and front matter' if fm.end else ''})")
    text = normalize_text(plain)
    texts = [text[s[0]:s[1]] if s else "" for s in spans]
    reasons = mark_boilerplate(blocks, texts)
    date = _date_line(blocks, texts, reasons)
    promote_headings(blocks, texts, reasons)
    title = fm.title or _title(blocks, spans, texts, reasons, plain, raw, kind, fm.end)
    source = fm.source or _source(spans, texts, reasons, plain)
    sentences, tables = _split(blocks, spans, grids, texts, reasons, text)
    offsets = tuple(layout.offs) + (layout.last + 1,)
    return Document(id=content_id(raw), path=path, encoding=encoding, raw=raw, plain=plain, text=text,
                    offsets=offsets, sentences=tuple(sentences), tables=tuple(tables), title=title,
                    date=fm.date or date, author=fm.author, source=source, tags=fm.tags, format=kind)


def _split(blocks, spans, grids, texts, reasons, text):
    sentences: list[Sentence] = []
    tables: list[Table] = []
    section = ""

    def add(a: int, b: int, content: bool, heading: bool = False) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            sentences.append(Sentence(len(sentences), a, b, text[a:b], section, content, heading))

    for i, block in enumerate(blocks):
        if spans[i] is None:
            continue
        a, b = spans[i]
        content = not reasons[i]
        if block.kind == "heading":
            add(a, b, content, heading=True)
            section = sentences[-1].text if sentences and sentences[-1].heading else section
        elif block.kind == "table":
            for row_span, _ in grids[i]:
                add(*row_span, content)
            tables.append(_table(len(tables), block, grids[i], text, section, _caption(i, blocks, texts, reasons)))
        else:
            for s, e in split_sentences(text, a, b):
                add(s, e, content)
    return sentences, tables


def _caption(i: int, blocks, texts, reasons) -> str:
    if blocks[i].caption:
        return normalize_text(blocks[i].caption)
    looked = 0
    for j in range(i - 1, -1, -1):
        if not texts[j]:
            continue
        if reasons[j] == "caption":
            return texts[j]
        looked += 1
        if looked >= _CAPTION_LOOKBACK or blocks[j].kind in ("heading", "table"):
            break
    return ""


def _table(index: int, block: Block, grid, text: str, section: str, caption: str) -> Table:
    rows = [tuple(text[a:b] for a, b in cells) for _, cells in grid]
    row_spans = [span for span, _ in grid]
    header: tuple[str, ...] = ()
    if block.header and rows:
        header, rows, row_spans = rows[0], rows[1:], row_spans[1:]
    return Table(index=index, start=grid[0][0][0], end=grid[-1][0][1], header=header, rows=tuple(rows),
                 row_spans=tuple(row_spans), section=section, caption=caption)
