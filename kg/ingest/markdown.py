"""Markdown to blocks: headings, paragraphs, list items, pipe tables, page breaks.

Written for the Markdown that PDF converters and note tools produce: ATX and
setext headings, ``-``/``*``/``1.`` list items, GFM pipe tables (with inline HTML
such as ``<b>``, ``<br>`` and ``<ul><li>`` inside cells), thematic breaks (which
converters write at page ends), fenced code, links and emphasis. Markup is
removed and every remaining character keeps its raw position. Inside a table
cell, ``<br>`` and list items become :data:`~kg.ingest.blocks.CELL_LINE_SEPARATOR`;
in running text, ``<br>`` ends a block.

>>> raw = "## 标题\\n\\n**兴业数金**是[兴业银行](http://x)旗下公司。\\n\\n| 银行 | 子公司 |\\n|--|--|\\n| 兴业银行<br>CIB | 兴业数金 |\\n"
>>> [(b.kind, b.text) for b in markdown_blocks(raw)]
[('heading', '标题'), ('paragraph', '兴业数金是兴业银行旗下公司。'), ('table', '')]
>>> [[c.text for c in row] for row in markdown_blocks(raw)[2].rows]
[['银行', '子公司'], ['兴业银行 / CIB', '兴业数金']]
"""

from __future__ import annotations

import re
from html import unescape

from kg.ingest.blocks import Block, Cell, TextRun, cell_break, finish_cell, tidy

__all__ = ["markdown_blocks"]

_ATX = re.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_BREAK = re.compile(r"[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"[ \t]{0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"([ \t]*)(?:[-*+]|\d{1,3}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"[ \t]{0,3}>[ \t]?")
_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_IMAGE_LINE = re.compile(r"[ \t]*!\[[^\]]*\]\([^)]*\)[ \t]*$")
_PIPE = re.compile(r"\\\||`[^`]*`|\|")

_INLINE = re.compile(
    r"""(?P<escape>\\[!-/:-@\[-`{-~])
      | (?P<code>`+)(?P<code_text>.+?)(?P=code)
      | (?P<image>!\[[^\]]*\]\([^)]*\))
      | \[(?P<link_text>[^\]]+)\]\([^)\s]*(?:[ \t]+"[^"]*")?\)
      | <(?P<auto>(?:https?|ftp|mailto):[^>\s]+|www\.[^>\s]+)>
      | (?P<comment><!--.*?-->)
      | <(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>
      | (?P<entity>&(?:\#[0-9]+|\#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)
      | (?P<strong>\*\*|__)
      | (?P<strike>~~)
      | (?P<em>(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*]))
    """, re.X)

# Inline HTML: tags that break a line, and every tag name that is dropped silently
# (any other <word> is text, e.g. "<金融科技>" or "a<b").
_BREAK_TAGS = frozenset("br p div li tr h1 h2 h3 h4 h5 h6 table ul ol blockquote hr".split())
_HTML_TAGS = _BREAK_TAGS | frozenset(
    "a b i u s em strong span font sup sub small big mark code img center td th thead tbody "
    "section article figure figcaption del ins abbr cite q".split())
_TERMINAL = "。！？!?；;…：:"
_WRAPPED_LINE = 30


def _wrapped(line: str) -> bool:
    """Whether the paragraph line *line* was wrapped (goes on in the next line).

    Converted and copied Chinese text puts each paragraph on one line, so only a long
    line that ends mid-sentence is taken as wrapped; a title above a date line is not.
    """
    return len(line) >= _WRAPPED_LINE and line[-1] not in _TERMINAL


class _Lines:
    """Lines of ``raw[start:]`` as (start, end) without the line break."""

    def __init__(self, raw: str, start: int):
        self.spans: list[tuple[int, int]] = []
        pos = start
        for line in raw[start:].splitlines(keepends=True):
            body = line.rstrip("\r\n")
            self.spans.append((pos, pos + len(body)))
            pos += len(line)


class _Parser:
    def __init__(self, raw: str):
        self.raw = raw
        self.blocks: list[Block] = []
        self.run = TextRun()
        self.kind = "paragraph"
        self.lines_in_block = 0
        self.plain_chars = 0
        self.link_chars = 0
        self.strong = False
        self.image = False
        self.last_line = ""

    # -- blocks ---------------------------------------------------------------------
    def flush(self) -> None:
        text, offs = tidy(*self.run.finish())
        if text:
            self.blocks.append(Block(self.kind, text, offs, link_chars=self.link_chars,
                                     strong=self.plain_chars == 0, pos=offs[0]))
        elif self.image:
            self.blocks.append(Block("image"))
        self.kind, self.lines_in_block = "paragraph", 0
        self.plain_chars = self.link_chars = 0
        self.strong = self.image = False

    def line_break(self, pos: int) -> None:
        kind = self.kind
        self.flush()
        self.kind = kind

    # -- inline ---------------------------------------------------------------------
    def inline(self, start: int, end: int, run: TextRun, cell: bool = False) -> None:
        """Copy ``raw[start:end]`` into *run* without inline markup."""
        raw = self.raw
        pos = start
        for m in _INLINE.finditer(raw, start, end):
            kind = m.lastgroup
            if kind == "tag" or kind == "close":
                name = m.group("tag").lower()
                if name not in _HTML_TAGS:
                    continue
            self._text(run, pos, m.start(), cell)
            pos = m.end()
            if kind == "escape":
                self._text(run, m.start() + 1, m.end(), cell)
            elif kind == "code_text":
                self._text(run, m.start("code_text"), m.end("code_text"), cell)
            elif kind == "image":
                self.image = self.image or not cell
            elif kind == "link_text":
                self._text(run, m.start("link_text"), m.end("link_text"), cell, link=True)
            elif kind == "auto":
                self._text(run, m.start("auto"), m.end("auto"), cell, link=True)
            elif kind in ("tag", "close"):
                name = m.group("tag").lower()
                if name in _BREAK_TAGS and not (m.group("close") and name != "br"):
                    if cell:
                        cell_break(run, m.start())
                    else:
                        self.line_break(m.start())
                        run = self.run
            elif kind == "entity":
                run.put(unescape(m.group()), m.start())
                if not cell:
                    self.plain_chars += 0 if self.strong else 1
            elif kind == "strong" and not cell:
                self.strong = not self.strong
        self._text(run, pos, end, cell)

    def _text(self, run: TextRun, start: int, end: int, cell: bool, link: bool = False) -> None:
        if end <= start:
            return
        run.copy(self.raw, start, end)
        if not cell:
            size = end - start - self.raw.count(" ", start, end)
            self.plain_chars += 0 if self.strong else size
            self.link_chars += size if link else 0

    # -- tables ---------------------------------------------------------------------
    def row(self, start: int, end: int) -> list[Cell]:
        raw = self.raw
        bounds = [m.start() for m in _PIPE.finditer(raw, start, end) if m.group() == "|"]
        if not bounds or raw[start:bounds[0]].strip():
            bounds.insert(0, start - 1)
        if raw[bounds[-1] + 1:end].strip():
            bounds.append(end)
        cells = []
        for a, b in zip(bounds, bounds[1:]):
            run = TextRun()
            self.inline(a + 1, b, run, cell=True)
            text, offs = finish_cell(run)
            cells.append(Cell(text, offs, max(a, start)))
        return cells

    def table(self, spans: list[tuple[int, int]]) -> None:
        header, *body = spans
        rows = [self.row(*header)]
        has_header = any(c.text for c in rows[0])
        rows += [self.row(*span) for span in body]
        rows = [r for r in rows if any(c.text for c in r)]
        if rows:
            self.blocks.append(Block("table", rows=rows, header=has_header, pos=header[0]))

    # -- lines ----------------------------------------------------------------------
    def parse(self, start: int) -> list[Block]:
        raw = self.raw
        spans = _Lines(raw, start).spans
        i, n = 0, len(spans)
        while i < n:
            a, b = spans[i]
            line_start = a
            line = raw[a:b]
            if not line.strip():
                self.flush()
                i += 1
                continue
            quote = _QUOTE.match(raw, a, b)
            if quote:
                a = quote.end()
                line = raw[a:b]
            fence = _FENCE.match(raw, a, b)
            if fence:
                i = self._code(spans, i, fence.group(1))
                continue
            if (self.run and self.kind == "paragraph" and self.lines_in_block == 1
                    and _SETEXT.match(raw, a, b) and self._setext(raw[a:b].strip()[0])):
                i += 1
                continue
            marker = "break" if _BREAK.match(raw, a, b) else "image" if _IMAGE_LINE.match(raw, a, b) else ""
            if marker:
                self.flush()
                self.blocks.append(Block(marker, pos=a))
                i += 1
                continue
            atx = _ATX.match(raw, a, b)
            if atx:
                self.flush()
                end = b
                close = _ATX_CLOSE.search(raw, atx.end(), b)
                if close:
                    end = close.start()
                self.kind = "heading"
                self.inline(atx.end(), end, self.run)
                level = len(atx.group(1))
                self.flush_heading(level)
                i += 1
                continue
            if "|" in line and i + 1 < n and _DELIMITER.match(raw, *spans[i + 1]) \
                    and "|" in raw[spans[i + 1][0]:spans[i + 1][1]]:
                self.flush()
                rows = [spans[i]]
                i += 2
                while i < n and "|" in raw[spans[i][0]:spans[i][1]] and raw[spans[i][0]:spans[i][1]].strip():
                    rows.append(spans[i])
                    i += 1
                self.table(rows)
                continue
            item = _ITEM.match(raw, a, b)
            if item:
                self.flush()
                self.kind = "item"
                a = item.end()
            elif self.run and line_start > 0:
                if _wrapped(self.last_line):
                    # the line break itself: tidy makes it a space, or nothing between Chinese characters
                    self.run.copy(raw, line_start - 1, line_start)
                else:  # a short line or a finished sentence: a line of its own, not a wrapped one
                    self.line_break(line_start)
            self.last_line = line.strip()
            hard = line.endswith("  ") or line.endswith("\\")
            self.inline(a, b - 1 if line.endswith("\\") else b, self.run)
            self.lines_in_block += 1
            if hard:
                self.line_break(b)
            i += 1
        self.flush()
        return self.blocks

    def flush_heading(self, level: int) -> None:
        count = len(self.blocks)
        self.flush()
        if len(self.blocks) > count:
            self.blocks[-1].level = level

    def _setext(self, char: str) -> bool:
        """Make the one-line paragraph above a ``===``/``---`` underline a heading, if it reads as one."""
        text = "".join(self.run.parts).strip()
        if char == "-" and (len(text) > 50 or text.endswith(tuple(_TERMINAL))):
            return False
        self.kind = "heading"
        self.flush_heading(1 if char == "=" else 2)
        return True

    def _code(self, spans, i: int, fence: str) -> int:
        self.flush()
        raw = self.raw
        first = i + 1
        j = first
        while j < len(spans) and not raw[spans[j][0]:spans[j][1]].strip().startswith(fence):
            j += 1
        if j > first:
            a, b = spans[first][0], spans[j - 1][1]
            text, offs = tidy(raw[a:b], list(range(a, b)), keep_lines=True)
            if text:
                self.blocks.append(Block("code", text, offs, pos=a))
        return j + 1


def markdown_blocks(raw: str, start: int = 0) -> list[Block]:
    """The blocks of the Markdown in ``raw[start:]``, offsets into *raw*."""
    return _Parser(raw).parse(start)
