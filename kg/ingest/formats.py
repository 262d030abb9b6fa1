"""Which parser reads a file: by extension, else by sniffing the content.

Saved articles often carry the wrong extension (web pages and Markdown saved as
``.txt``), so a ``.txt`` body is HTML when it is clearly a whole page (``<html>``,
``<body>`` or a doctype, or tags on at least as many lines as lines without any),
Markdown when Markdown headings, lists or tables are frequent, and plain text
otherwise: a text with a tag or two stays text, its heading a heading.

>>> sniff_format("<div><p>一</p><p>二</p></div>")
'html'
>>> sniff_format("## 一\\n\\n- 二\\n- 三\\n")
'markdown'
>>> sniff_format("# 标题\\n\\n正文。")
'text'
>>> sniff_format("1. 第一点。\\n2. 第二点。\\n3. 第三点。")
'text'
"""

from __future__ import annotations

import re

from kg.ingest.blocks import Block
from kg.ingest.html import html_blocks
from kg.ingest.markdown import markdown_blocks
from kg.ingest.text import text_blocks

__all__ = ["FORMATS", "sniff_format", "parse_blocks"]

FORMATS = ("text", "markdown", "html")
_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_TAG = re.compile(r"</?(?:p|div|br|span|table|tr|td|th|li|ul|ol|h[1-6]|a|img|strong|em|section|article|"
                  r"body|html|head|center|font|blockquote|pre|figure|iframe|script|style|meta)\b[^<>]*>", re.I)
# Sure signs of Markdown: headings, table delimiter rows, fences, links and images, bold.
# Counted once per line.
_MARKDOWN = re.compile(r"^(?:#{1,6}[ \t]|[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*\||```|.*?\]\([^)\s]*\)|.*?\*\*\S)", re.M)
# Lists are Markdown too, but plain text numbers its points the same way.
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}\.)[ \t]", re.M)
_PAGE = re.compile(r"<!doctype\s+html|<html\b|<body\b|<head\b", re.I)
_SAMPLE = 200_000  # characters looked at: enough to decide, cheap on a huge file
_MIN_MARKS = 3


def sniff_format(raw: str, start: int = 0, suffix: str = "") -> str:
    """``html``, ``markdown`` or ``text`` for the body ``raw[start:]`` of a file named ``*suffix``."""
    known = _BY_SUFFIX.get(suffix.lower())
    if known:
        return known
    sample = raw[start:start + _SAMPLE]
    tags = len(_TAG.findall(sample))
    marks = len(_MARKDOWN.findall(sample))
    if tags >= _MIN_MARKS and tags >= marks and (_PAGE.search(sample) or _mostly_tagged(sample)):
        return "html"
    if marks >= 2 or (marks and len(_LIST.findall(sample)) >= 2):
        return "markdown"
    return "text"


def _mostly_tagged(sample: str) -> bool:
    """Whether at least as many lines carry a tag as carry text without one."""
    lines = [line for line in sample.splitlines() if line.strip()]
    tagged = sum(1 for line in lines if _TAG.search(line))
    return tagged >= len(lines) - tagged


def parse_blocks(raw: str, start: int, fmt: str) -> list[Block]:
    """The blocks of ``raw[start:]`` read as *fmt*."""
    if fmt == "html":
        return html_blocks(raw, start)
    if fmt == "markdown":
        return markdown_blocks(raw, start)
    return text_blocks(raw, start)
