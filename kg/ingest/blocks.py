"""Blocks: the paragraphs, headings, list items and tables a parser finds, tied to the raw text.

Every parser (:mod:`kg.ingest.html`, :mod:`kg.ingest.markdown`, :mod:`kg.ingest.text`)
turns a document into a list of :class:`Block`. A block's ``text`` holds original
characters without markup, and ``offs[i]`` is the position in the raw text of
``text[i]``. Text copied from the raw string is tied to its own positions;
characters a parser makes up (an unescaped entity, the separator standing for a
``<br>`` inside a table cell) are tied to the position of the markup they replace.

>>> run = TextRun()
>>> run.copy("  a&amp;b  ", 2, 3); run.put("&", 3); run.copy("  a&amp;b  ", 8, 11)
>>> tidy(*run.finish())
('a&b', [2, 3, 8])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Block", "Cell", "TextRun", "tidy", "cell_break", "finish_cell", "CELL_LINE_SEPARATOR", "is_cjk"]

# What a line break inside a table cell becomes (``<br>``, list items in a cell):
# "兴业银行<br>INDUSTRIAL BANK" -> "兴业银行 / INDUSTRIAL BANK".
CELL_LINE_SEPARATOR = " / "

# Whitespace that separates words; zero-width characters are dropped.
_SPACE = re.compile(r"[\s\xa0\u3000\u200b\ufeff]+")
_ZERO_WIDTH = "\u200b\ufeff"
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


def is_cjk(char: str) -> bool:
    """Whether *char* is a CJK character or CJK punctuation (no space needed beside it)."""
    return bool(char) and _CJK.match(char) is not None


class TextRun:
    """Text being collected for one block, with the raw position of each character."""

    __slots__ = ("parts", "offs")

    def __init__(self):
        self.parts: list[str] = []
        self.offs: list[int] = []

    def copy(self, raw: str, start: int, end: int) -> None:
        """Append ``raw[start:end]`` verbatim."""
        if end > start:
            self.parts.append(raw[start:end])
            self.offs.extend(range(start, end))

    def put(self, text: str, pos: int) -> None:
        """Append characters that stand for the markup at *pos*."""
        if text:
            self.parts.append(text)
            self.offs.extend([pos] * len(text))

    def extend(self, text: str, offs: list[int]) -> None:
        self.parts.append(text)
        self.offs.extend(offs)

    def __bool__(self) -> bool:
        return bool(self.offs)

    def finish(self) -> tuple[str, list[int]]:
        text, offs = "".join(self.parts), self.offs
        self.parts, self.offs = [], []
        return text, offs


def cell_break(run: TextRun, pos: int) -> None:
    """Append :data:`CELL_LINE_SEPARATOR` for a line break in a table cell, unless the
    cell is still empty or already ends with one."""
    for part in reversed(run.parts):
        if part == CELL_LINE_SEPARATOR:
            return
        if part.strip():
            run.put(CELL_LINE_SEPARATOR, pos)
            return


def finish_cell(run: TextRun) -> tuple[str, list[int]]:
    """The tidied text of a table cell, without a line break at its end."""
    while run.parts and (run.parts[-1] == CELL_LINE_SEPARATOR or not run.parts[-1].strip()):
        size = len(run.parts.pop())
        del run.offs[len(run.offs) - size:]
    return tidy(*run.finish())


def tidy(text: str, offs: list[int], keep_lines: bool = False) -> tuple[str, list[int]]:
    """Trim the ends and collapse each inner run of whitespace to one character.

    A run that holds a line break between two CJK characters is dropped (Chinese
    has no spaces between words); any other run keeps its first character, or a
    space standing for a line break. With *keep_lines*, only the ends are trimmed.
    """
    n = len(text)
    start, end = 0, n
    while start < end and (text[start].isspace() or text[start] in _ZERO_WIDTH):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _ZERO_WIDTH):
        end -= 1
    if keep_lines:
        return text[start:end], offs[start:end]
    out: list[str] = []
    out_offs: list[int] = []
    pos = start
    for match in _SPACE.finditer(text, start, end):
        a, b = match.span()
        run = match.group()
        if b - a == 1 and run == " ":
            continue
        out.append(text[pos:a])
        out_offs.extend(offs[pos:a])
        pos = b
        kept = run.replace("\u200b", "").replace("\ufeff", "")
        if not kept:
            continue
        if "\n" in kept or "\r" in kept:
            if is_cjk(text[a - 1]) and is_cjk(text[b]):
                continue
            out.append(" ")
        else:
            out.append(kept[0])
        out_offs.append(offs[a + run.index(kept[0])])
    out.append(text[pos:end])
    out_offs.extend(offs[pos:end])
    return "".join(out), out_offs


@dataclass
class Cell:
    """One table cell: text and raw positions, plus the raw position where the cell starts."""

    text: str
    offs: list[int]
    pos: int


@dataclass
class Block:
    """One paragraph, heading, list item, table, image or page break of a document.

    ``kind`` is ``paragraph``, ``heading``, ``item``, ``table``, ``code``, ``image``
    (no text; only its place matters, for captions) or ``break`` (a thematic break,
    which PDF converters write at page ends).
    """

    kind: str
    text: str = ""
    offs: list[int] = field(default_factory=list)
    level: int = 0  # heading level, 1-6
    rows: list[list[Cell]] = field(default_factory=list)  # tables only
    header: bool = False  # tables: the first row is a header row
    caption: str = ""  # tables: an explicit <caption>
    link_chars: int = 0  # characters inside links
    strong: bool = False  # every character is bold
    centered: bool = False
    boilerplate: str = ""  # why the markup says this is not content ("footer", "caption", …)
    pos: int = 0  # raw position where the block starts
