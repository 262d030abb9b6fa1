"""Property tests: for any input, sentences slice the text they were built from and offsets map back."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import CELL_LINE_SEPARATOR, document_from_text, normalize_text
from kg.model import Document

# Characters that stress splitting and mapping: Chinese (Simplified and Traditional),
# full-width forms, terminators, quotes and brackets, whitespace of every kind, Latin.
ALPHABET = st.sampled_from(list(
    "银行科技金融投资兴業銀發後乾隆瞭解甲乙丙"
    "。！？；…，、：“”‘’「」（）《》【】()[]\"'.!?;:,"
    "ＡＢ１２％＋　 \t\n\r\xa0\u3000\u2028"
    "abcXYZ0189-_#*|<>&"))
TEXT = st.text(ALPHABET, max_size=300)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _document(text: str, fmt: str) -> Document | None:
    try:
        return document_from_text(text, fmt=fmt)
    except InputError as err:
        assert "empty file" in err.problem or "no article text" in err.problem
        return None


def _check(doc: Document, markup: bool = False) -> None:
    assert len(doc.text) == len(doc.plain) == len(doc.offsets) - 1
    assert all(a <= b for a, b in zip(doc.offsets, doc.offsets[1:]))
    assert normalize_text(doc.text) == doc.text
    previous_end = 0
    for s in doc.sentences:
        assert previous_end <= s.start < s.end <= len(doc.text)
        previous_end = s.end
        assert doc.text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        for i in range(s.start, s.end):
            char, raw = doc.plain[i], doc.raw[doc.offsets[i]]
            # every analysed character is the original character it was built from, except
            # a collapsed line break and, with markup, an entity or what stands for a tag
            assert char == raw or char.isspace() or (
                markup and (raw in "&<" or char in CELL_LINE_SEPARATOR + "\t")), (i, char, raw)


@SETTINGS
@given(TEXT)
def test_plain_text_sentences_slice_the_original_characters(text):
    doc = _document(text, "text")
    if doc is None:
        assert not text.strip() or all(c.isspace() for c in text)
        return
    _check(doc)
    for s in doc.sentences:
        # plain text has no markup: each sentence is a stretch of one line of the file
        start, end = doc.raw_span(s.start, s.end)
        assert "".join(doc.raw[start:end].split()) == "".join(doc.plain[s.start:s.end].split())
        assert "\n" not in doc.raw[start:end]


@SETTINGS
@given(TEXT)
def test_markdown_sentences_slice_the_original_characters(text):
    doc = _document(text, "markdown")
    if doc is not None:
        _check(doc, markup=True)


PIECE = st.one_of(
    TEXT.map(html.escape),
    st.sampled_from(["<p>", "</p>", "<br>", "<b>", "</b>", "<div class='x'>", "</div>", "<h2>", "</h2>",
                     "<table><tr><td>", "</td><td>", "</td></tr><tr><th>", "</table>", "<li>", "<ul>",
                     "&amp;", "&nbsp;", "&#26032;", "&#x4e2d;", "&lt;", "<script>SCRIPT</script>", "<!-- NOTE -->",
                     "<img src=a.png>", "<footer>", "</footer>", "&unknown;", "< notatag", "&"]))


@SETTINGS
@given(st.lists(PIECE, max_size=30).map("".join))
@example("&#<p>甲乙丙丁戊己")  # "&#" starting no reference: html.parser would keep the tag as text
@example("丙&#x<p>甲乙丙丁戊己")
def test_html_sentences_slice_the_original_characters(markup):
    doc = _document(markup, "html")
    if doc is None:
        return
    _check(doc, markup=True)
    assert "SCRIPT" not in doc.plain and "NOTE" not in doc.plain
    for s in doc.sentences:
        start, end = doc.raw_span(s.start, s.end)
        # a sentence that ends on a character reference keeps the whole reference
        assert not re.match(r"&(#\w+|[A-Za-z]\w*);", doc.raw[end - 1:]), doc.raw[start:end + 8]
    if "&lt;" not in markup and "< notatag" not in markup:
        assert "<" not in doc.plain  # no tag is left in the text
