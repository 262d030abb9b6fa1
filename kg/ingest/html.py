"""HTML to blocks with Python's HTML parser, keeping the raw position of every character.

The parser (:class:`html.parser.HTMLParser`, with character references left
unconverted) reports each piece of text verbatim with its position, so text is
tied to the raw file exactly, and each entity (``&nbsp;``, ``&#26032;``) to the
position of its ``&``. A small tree builder closes what browsers close implicitly
(``<p>`` before a block, ``<li>`` before ``<li>``, cells and rows in tables).

* ``script``, ``style``, ``nav``, forms and other non-text elements are dropped;
* ``p``, ``div``, ``li``, ``h1``–``h6``, ``br`` … end a block;
* ``footer``, ``aside``, ``figcaption`` and elements whose class or id names page
  furniture (``kg/lexicon/ingest/html_boilerplate.txt``) are kept but marked;
* a data table becomes a table block (first row a header when it is in ``thead``
  or made of ``th``); a ``<br>`` or list item inside a cell becomes
  :data:`~kg.ingest.blocks.CELL_LINE_SEPARATOR`; a layout table (one holding
  another table or whole paragraphs) is read as ordinary blocks.

>>> raw = '<p>兴业银行&amp;<b>兴业数金</b></p><script>x()</script><p>第二段</p>'
>>> [(b.kind, b.text) for b in html_blocks(raw)]
[('paragraph', '兴业银行&兴业数金'), ('paragraph', '第二段')]
>>> html_blocks(raw)[0].offs[:5]
[3, 4, 5, 6, 7]
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

from kg.ingest.blocks import Block, Cell, TextRun, cell_break, finish_cell, tidy
from kg.lexicon import read_lines

__all__ = ["html_blocks", "html_title"]

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
_SKIP = frozenset("script style noscript template head nav iframe svg math button select option "
                  "textarea form object canvas audio video map datalist dialog".split())
_BLOCK = frozenset("address article aside blockquote body center dd details dialog div dl dt fieldset "
                   "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu ol "
                   "p pre section summary table tbody td tfoot th thead tr ul caption".split())
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_MARKED = {"footer": "footer", "aside": "footer", "figcaption": "caption"}
_STRONG = frozenset("b strong".split())
# Open elements that a new block start does not close a <p> across.
_P_SCOPE = frozenset("td th table li div section article blockquote body html".split())
_CELL_SCOPE = frozenset("tr table".split())
_ROW_SCOPE = frozenset("table thead tbody tfoot".split())
_MAX_DEPTH = 256  # deeper elements are treated as inline: keeps recursion bounded on broken pages
_REF = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_CENTER_STYLE = re.compile(r"text-align\s*:\s*center", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _furniture_words() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("ingest/html_boilerplate.txt"))


class _Node:
    __slots__ = ("tag", "attrs", "children", "pos")

    def __init__(self, tag: str, attrs: dict, pos: int):
        self.tag, self.attrs, self.children, self.pos = tag, attrs, [], pos


class _Text:
    __slots__ = ("start", "end", "value")

    def __init__(self, start: int, end: int, value: str | None = None):
        self.start, self.end, self.value = start, end, value  # value set for entities


class _TreeBuilder(HTMLParser):
    def __init__(self, raw: str, base: int):
        super().__init__(convert_charrefs=False)
        self.raw, self.base = raw, base
        self.lines = [0]
        self.root = _Node("#root", {}, base)
        self.stack = [self.root]
        self.title: list[_Text] = []
        self._in_title = False

    def _pos(self) -> int:
        line, col = self.getpos()
        while len(self.lines) < line:  # line starts are found lazily, as the parser advances
            self.lines.append(self.raw.index("\n", self.base + self.lines[-1]) + 1 - self.base)
        return self.base + self.lines[line - 1] + col

    def _close(self, tag: str, scope: frozenset[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            name = self.stack[i].tag
            if name == tag:
                del self.stack[i:]
                return
            if name in scope:
                return

    def handle_starttag(self, tag, attrs):
        pos = self._pos()
        if tag == "title":
            self._in_title = True
        if tag == "p" or tag in _BLOCK:
            self._close("p", _P_SCOPE)
        if tag == "li":
            self._close("li", frozenset(("ul", "ol", "menu")))
        elif tag in ("td", "th"):
            self._close("td", _CELL_SCOPE)
            self._close("th", _CELL_SCOPE)
        elif tag == "tr":
            self._close("tr", _ROW_SCOPE)
        elif tag in ("dt", "dd"):
            self._close("dt", frozenset(("dl",)))
            self._close("dd", frozenset(("dl",)))
        elif tag in ("thead", "tbody", "tfoot"):
            for name in ("thead", "tbody", "tfoot"):
                self._close(name, frozenset(("table",)))
        node = _Node(tag, {k: v or "" for k, v in attrs}, pos)
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}, self._pos()))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "br":
            self.handle_startendtag("br", [])
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        start = self._pos()
        text = _Text(start, start + len(data))
        if self._in_title:
            self.title.append(text)
        self.stack[-1].children.append(text)

    def _ref(self):
        start = self._pos()
        match = _REF.match(self.raw, start)
        end = match.end() if match else start + 1
        text = _Text(start, end, unescape(self.raw[start:end]))
        if self._in_title:
            self.title.append(text)
        self.stack[-1].children.append(text)

    def handle_entityref(self, name):
        self._ref()

    def handle_charref(self, name):
        self._ref()


# "&#" that starts no character reference: html.parser would take all that follows as text
# ("&#<p>…" keeps the tag), so the parser is fed "& " there; the text is read from *raw* by offset.
_LONE_HASH = re.compile(r"&#(?![0-9]|[xX][0-9a-fA-F])")


def _parse(raw: str, start: int) -> _TreeBuilder:
    builder = _TreeBuilder(raw, start)
    builder.feed(_LONE_HASH.sub("& ", raw[start:]))
    builder.close()
    return builder


def html_title(raw: str, start: int = 0) -> str:
    """The text of the ``<title>`` element, or ""."""
    builder = _parse(raw, start)
    return " ".join("".join(t.value if t.value is not None else raw[t.start:t.end]
                            for t in builder.title).split())


def html_blocks(raw: str, start: int = 0) -> list[Block]:
    """The blocks of the HTML in ``raw[start:]``, offsets into *raw*."""
    return _Walker(raw).walk(_parse(raw, start).root)


def _marked(node: _Node) -> str:
    reason = _MARKED.get(node.tag, "")
    if reason:
        return reason
    names = (node.attrs.get("class", "") + " " + node.attrs.get("id", "")).lower()
    if names.strip() and not _furniture_words().isdisjoint(_WORD.findall(names)):
        return "footer"
    return ""


def _hidden(node: _Node) -> bool:
    return "hidden" in node.attrs or bool(_HIDDEN_STYLE.search(node.attrs.get("style", "")))


def _centered(node: _Node) -> bool:
    return (node.tag == "center" or node.attrs.get("align", "").lower() == "center"
            or bool(_CENTER_STYLE.search(node.attrs.get("style", ""))))


class _Walker:
    """Walks the element tree and cuts it into blocks."""

    def __init__(self, raw: str):
        self.raw = raw
        self.blocks: list[Block] = []
        self.run = TextRun()
        self.pos = 0  # raw position where the current block started
        self.link_chars = 0
        self.plain_chars = 0  # characters outside bold text
        self.image = False
        self.centered = False
        self.heading = 0
        self.boilerplate = ""

    def walk(self, root: _Node) -> list[Block]:
        self._children(root, link=False, strong=False)
        self._flush()
        return self.blocks

    # -- blocks ---------------------------------------------------------------------
    def _flush(self, kind: str = "paragraph") -> None:
        text, offs = tidy(*self.run.finish(), keep_lines=kind == "code")
        if text:
            kind = "heading" if self.heading else kind
            self.blocks.append(Block(kind, text, offs, level=self.heading, link_chars=self.link_chars,
                                     strong=self.plain_chars == 0, centered=self.centered,
                                     boilerplate=self.boilerplate, pos=offs[0]))
        elif self.image:
            self.blocks.append(Block("image", pos=self.pos, boilerplate=self.boilerplate))
        self.link_chars = self.plain_chars = 0
        self.image = self.centered = False

    def _text(self, node: _Text, link: bool, strong: bool, run: TextRun | None = None) -> None:
        target = run if run is not None else self.run
        if not target:
            self.pos = node.start
        if node.value is None:
            target.copy(self.raw, node.start, node.end)
            size = len(self.raw[node.start:node.end].strip())
        else:
            target.put(node.value, node.start)
            size = len(node.value.strip())
        if run is None:
            self.link_chars += size if link else 0
            self.plain_chars += 0 if strong else size

    def _children(self, node: _Node, link: bool, strong: bool) -> None:
        for child in node.children:
            if isinstance(child, _Text):
                self._text(child, link, strong)
            else:
                self._element(child, link, strong)

    def _element(self, node: _Node, link: bool, strong: bool) -> None:
        tag = node.tag
        if tag in _SKIP or _hidden(node):
            return
        if tag == "br":
            self._flush()
            return
        if tag == "img":
            self.image = True
            return
        if tag == "table" and not _is_layout(node):
            self._flush()
            self._table(node)
            return
        outer = self.boilerplate
        reason = _marked(node)
        if tag in _BLOCK or tag in _HEADINGS or reason:
            self._flush()
            self.boilerplate = reason or outer
            self.centered = _centered(node)
            heading = self.heading
            self.heading = _HEADINGS.get(tag, heading)
            self._children(node, link, strong)
            self._flush("item" if tag == "li" else "code" if tag == "pre" else "paragraph")
            self.heading, self.boilerplate = heading, outer
            return
        if _centered(node):
            self.centered = True
        self._children(node, link or tag == "a", strong or tag in _STRONG)

    # -- tables ---------------------------------------------------------------------
    def _table(self, table: _Node) -> None:
        rows: list[list[Cell]] = []
        header = False
        caption = ""
        for row, in_head in _rows(table):
            cells = []
            for cell in row.children:
                if isinstance(cell, _Node) and cell.tag in ("td", "th"):
                    run = TextRun()
                    self._cell(cell, run)
                    text, offs = finish_cell(run)
                    span = _colspan(cell)
                    # a spanning cell fills its columns with empty cells, so columns line up
                    cells.append(Cell(text, offs, cell.pos))
                    cells.extend(Cell("", [], cell.pos) for _ in range(span - 1))
            if not any(c.text for c in cells):
                continue
            if not rows:
                header = in_head or all(isinstance(c, _Node) and c.tag == "th" for c in row.children
                                        if isinstance(c, _Node) and c.tag in ("td", "th"))
            rows.append(cells)
        for child in table.children:
            if isinstance(child, _Node) and child.tag == "caption":
                run = TextRun()
                self._cell(child, run)
                caption = tidy(*run.finish())[0]
        if rows:
            self.blocks.append(Block("table", rows=rows, header=header, caption=caption,
                                     boilerplate=self.boilerplate, pos=table.pos))

    def _cell(self, node: _Node, run: TextRun) -> None:
        for child in node.children:
            if isinstance(child, _Text):
                self._text(child, False, False, run)
            elif child.tag in _SKIP or _hidden(child):
                continue
            elif child.tag == "br" or child.tag in _BLOCK:
                cell_break(run, child.pos)
                if child.tag != "br":
                    self._cell(child, run)
            else:
                self._cell(child, run)


def _rows(table: _Node):
    """(tr node, in thead) for each row of a table, not of tables inside it."""
    for child in table.children:
        if not isinstance(child, _Node):
            continue
        if child.tag == "tr":
            yield child, False
        elif child.tag in ("thead", "tbody", "tfoot"):
            for row in child.children:
                if isinstance(row, _Node) and row.tag == "tr":
                    yield row, child.tag == "thead"


def _colspan(cell: _Node) -> int:
    try:
        return max(1, min(int(cell.attrs.get("colspan", "1")), 50))
    except ValueError:
        return 1


def _is_layout(table: _Node) -> bool:
    """A table used for page layout: it holds another table or several paragraphs in a cell."""
    stack = list(table.children)
    while stack:
        node = stack.pop()
        if isinstance(node, _Node):
            if node.tag == "table":
                return True
            if node.tag in ("td", "th"):
                blocks = sum(1 for c in node.children
                             if isinstance(c, _Node) and c.tag in ("p", "div", "h1", "h2", "h3", "ul", "ol"))
                if blocks > 1:
                    return True
            stack.extend(node.children)
    return False
