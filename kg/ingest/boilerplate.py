"""Boilerplate: which blocks are not article content (credits, captions, furniture, web junk).

Each block gets a reason, or "" when it is content:

* from the markup: ``footer`` (``<footer>``, ``<aside>``, furniture classes), ``caption``
  (``<figcaption>``), ``code``;
* from the line patterns of ``kg/lexicon/ingest/boilerplate.tsv``: ``source``
  ("来源：…编辑整理"), ``caption`` ("图 2-1 …"), ``furniture`` (bylines, "返回首页",
  share prompts), ``toc`` (dot leaders and page numbers), ``debris`` (HTML fragments);
* ``caption`` for a short line right after an image, ``links`` for a block that is
  mostly links or URLs;
* ``tail`` for short lines in the run of junk that ends a web page (after the last
  real paragraph), when that run holds at least one sure sign of junk.

>>> from kg.ingest.blocks import Block
>>> texts = ["金山云发布财报,营收同比增长39%。", "来源:头豹研究院编辑整理", "秋的味道",
...          'href="//www.chinanews.com/a.shtml">秋的味道!']
>>> mark_boilerplate([Block("paragraph") for _ in texts], texts)
['', 'source', 'tail', 'debris']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kg.ingest.blocks import Block
from kg.ingest.sentences import ends_sentence
from kg.errors import LexiconError
from kg.lexicon import lexicon_path, read_tsv

__all__ = ["mark_boilerplate", "source_name"]

_SHORT = 80  # source, caption and furniture patterns apply to lines up to this long
_CAPTION_AFTER_IMAGE = 60
_WEAK = 30  # a line this short that ends no sentence may be junk, if junk surrounds it
_LINK_SHARE = 0.6
_URLS = re.compile(r"\[[^\]]*\]\([^)]*\)|(?:https?:)?//\S+|www\.\S+")
_GROUP = re.compile(r"\(\?P<\w+>")
_STRONG = frozenset(("debris", "links", "furniture", "source", "footer"))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, tuple[re.Pattern, ...]]:
    out: dict[str, list[re.Pattern]] = {}
    for row in read_tsv("ingest/boilerplate.tsv"):
        try:
            out.setdefault(row["kind"], []).append(re.compile(row["pattern"], re.I))
        except re.error as err:
            raise LexiconError(f"{lexicon_path('ingest/boilerplate.tsv')}: bad pattern "
                               f"{row['pattern']!r} ({err})") from err
    return {kind: tuple(patterns) for kind, patterns in out.items()}


@lru_cache(maxsize=1)
def _combined() -> dict[str, re.Pattern]:
    """One regex per kind (one search per line instead of one per pattern)."""
    return {kind: re.compile("|".join(f"(?:{_GROUP.sub('(?:', p.pattern)})" for p in patterns), re.I)
            for kind, patterns in _patterns().items()}


def _any(kind: str, text: str) -> bool:
    pattern = _combined().get(kind)
    return pattern is not None and pattern.search(text) is not None


def source_name(text: str) -> str | None:
    """The publisher named by a source line, or None.

    >>> source_name("(文章来源:国际金融报)"), source_name("金融科技发展迅速。")
    ('国际金融报', None)
    """
    if len(text) > _SHORT:
        return None
    for pattern in _patterns().get("source", ()):
        match = pattern.search(text)
        if match and "name" in pattern.groupindex and match.group("name"):
            return match.group("name")
    return None


def _link_share(block: Block, text: str) -> float:
    size = len(text) - text.count(" ")
    if not size:
        return 0.0
    in_text = sum(len(m.group()) for m in _URLS.finditer(text))
    return max(block.link_chars, in_text) / size


def _reason(block: Block, text: str, previous: Block | None) -> str:
    if block.boilerplate:
        return block.boilerplate
    if block.kind == "code":
        return "code"
    if block.kind == "table":
        rows = text.split("\n")
        return "toc" if sum(1 for r in rows if _any("toc", r)) * 2 >= len(rows) else ""
    if _any("debris", text):
        return "debris"
    closed = ends_sentence(text)
    if not closed and (block.link_chars or "/" in text or "www." in text) \
            and _link_share(block, text) >= _LINK_SHARE:  # (no URL without "/" or "www.")
        return "links"
    if text[-1:].isdigit() and _any("toc", text):  # an entry ends with its page number
        return "toc"
    if len(text) <= _SHORT:
        if _any("source", text):
            return "source"
        if not closed and _any("caption", text):
            return "caption"
        if len(text) <= _CAPTION_AFTER_IMAGE and not closed and previous is not None \
                and previous.kind == "image" and block.kind == "paragraph":
            return "caption"
        if _any("furniture", text):
            return "furniture"
    return ""


def mark_boilerplate(blocks: Sequence[Block], texts: Sequence[str]) -> list[str]:
    """Why each block is not article content ("" for content).

    Parameters
    ----------
    blocks : sequence of Block
    texts : sequence of str
        The analysed text of each block (table rows joined by line breaks); "" for
        blocks without text (images, page breaks).
    """
    reasons = []
    previous = None
    for block, text in zip(blocks, texts):
        reasons.append(_reason(block, text, previous) if text else "")
        previous = block
    _mark_tail(blocks, texts, reasons)
    return reasons


def _mark_tail(blocks: Sequence[Block], texts: Sequence[str], reasons: list[str]) -> None:
    """Mark the short lines of the junk run that ends a page."""
    weak: list[int] = []
    strong = False
    first = len(blocks)
    for i in range(len(blocks) - 1, -1, -1):
        block, text = blocks[i], texts[i]
        if not text:
            continue
        if reasons[i]:
            strong = strong or reasons[i] in _STRONG
        elif block.kind == "heading" or (block.kind in ("paragraph", "item") and len(text) <= _WEAK
                                         and not ends_sentence(text)):
            weak.append(i)
        else:
            break
        first = i
    if not strong:
        return
    if not any(texts[i] and not reasons[i] and blocks[i].kind != "heading" for i in range(first)):
        return  # the whole document would go: keep it
    for i in weak:
        reasons[i] = "tail"
