"""Structure the markup leaves implicit: paragraphs cut by page breaks, bold lines used as headings.

* PDF converters write a thematic break (``---``) at each page end, often in the
  middle of a sentence ("金融企业可以基" / ``---`` / "于贷款客户的…"). A paragraph
  that ends no sentence is joined with the paragraph after such a break.
* Web pages mark sub-headings as a short bold or centred paragraph
  (``<p><strong>行业头部营收持续向好</strong></p>``); those become headings.
* In plain text, a short first line that ends no sentence is the title.

>>> from kg.ingest.blocks import Block
>>> a = Block("paragraph", "金融企业可以基", list(range(7)))
>>> b = Block("paragraph", "于贷款客户。", list(range(20, 26)))
>>> [x.text for x in join_page_breaks([a, Block("break"), b])]
['金融企业可以基于贷款客户。']
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.ingest.blocks import Block, is_cjk
from kg.ingest.normalize import normalize_text
from kg.ingest.sentences import ends_sentence

__all__ = ["join_page_breaks", "promote_headings", "title_line"]

_HEADING_CHARS = 40  # a bold or centred paragraph this short may be a heading
_TITLE_CHARS = 100
_OPEN_ENDINGS = ":：,，、"  # a page that ends like this goes on with a list or table, not the sentence


def _ends(text: str) -> bool:
    return ends_sentence(normalize_text(text[-8:]))


def join_page_breaks(blocks: Sequence[Block]) -> list[Block]:
    """Drop page breaks, joining a paragraph cut by one with its continuation."""
    out: list[Block] = []
    after_break = False
    for block in blocks:
        if block.kind == "break":
            after_break = True
            continue
        previous = out[-1] if out else None
        if (after_break and block.kind == "paragraph" and previous is not None
                and previous.kind in ("paragraph", "item") and previous.text and block.text
                and not _ends(previous.text) and previous.text[-1] not in _OPEN_ENDINGS):
            joint = "" if is_cjk(previous.text[-1]) or is_cjk(block.text[0]) else " "
            previous.text += joint + block.text
            previous.offs += [block.offs[0]] * len(joint) + block.offs
            previous.link_chars += block.link_chars
            previous.strong = previous.strong and block.strong
        else:
            out.append(block)
        after_break = False
    return out


def promote_headings(blocks: Sequence[Block], texts: Sequence[str], reasons: Sequence[str]) -> None:
    """Make short bold or centred content paragraphs headings (in place)."""
    for block, text, reason in zip(blocks, texts, reasons):
        if (block.kind == "paragraph" and not reason and (block.strong or block.centered)
                and 0 < len(text) <= _HEADING_CHARS and not ends_sentence(text)):
            block.kind = "heading"


def title_line(blocks: Sequence[Block]) -> None:
    """Make a plain-text file's first line its title heading, when it reads as a title (in place)."""
    if len(blocks) < 2 or any(b.kind == "heading" for b in blocks[:1]):
        return
    first = blocks[0]
    if first.kind == "paragraph" and len(first.text) <= _TITLE_CHARS and not _ends(first.text):
        first.kind, first.level = "heading", 1
