"""Plain text to blocks: one block per line, ``#`` headings recognised.

News copied to text has one paragraph per line, so every line break ends a block;
runs of whitespace inside a line collapse, and indentation (``　　``) is dropped.

>>> raw = "# 标题\\n\\n　　第一段。\\n第二段。\\n"
>>> [(b.kind, b.text, b.offs[0]) for b in text_blocks(raw)]
[('heading', '标题', 2), ('paragraph', '第一段。', 8), ('paragraph', '第二段。', 13)]
"""

from __future__ import annotations

import re

from kg.ingest.blocks import Block, tidy

__all__ = ["text_blocks"]

_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_ATX = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(?=\S)")


def text_blocks(raw: str, start: int = 0) -> list[Block]:
    """The blocks of the plain text in ``raw[start:]``, offsets into *raw*."""
    blocks = []
    for line in _LINE.finditer(raw, start):
        a, b = line.span()
        heading = _ATX.match(raw, a, b)
        if heading:
            a = heading.end()
        text, offs = tidy(raw[a:b], list(range(a, b)))
        if text:
            blocks.append(Block("heading" if heading else "paragraph", text, offs,
                                level=len(heading.group(1)) if heading else 0, pos=offs[0]))
    return blocks
