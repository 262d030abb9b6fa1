"""Named employers: an unknown name right before a company post and its holder.

News names most firms once, in passing, by the post of the person it quotes: "甲乙副董事长丙丁
表示", "甲乙首席战略官丙丁指出". A firm no gazetteer lists and no ending marks (a listed
company's short name, a platform's brand) is then found by nothing else, and the post is lost
with it. Where a company post (``entities/employer_posts.txt``) stands between a person the
finders found and a run of characters that opens its clause, that run is the employer's name
if it passes the learned tagger's filter for names (:func:`kg.extract.tagger.plausible`): no
verb, no generic noun, no place alone, a brand of its own.

>>> from kg.extract.mentions import Span
>>> [(s.text, s.method) for s in employer_spans("昨日，东川天路副董事长刘光华指出", [Span(11, 14, "刘光华", "Person", "pattern:person")])]
[('东川天路', 'pattern:employer')]
>>> employer_spans("昨日，公司副董事长刘光华指出", [Span(9, 12, "刘光华", "Person", "pattern:person")])
[]
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.mentions import CJK, Span, department_endings
from kg.extract.tagger import plausible
from kg.extract.typing import suffix_table, type_of_name
from kg.lexicon import read_lines
from kg.segment import tokens, word_tag

__all__ = ["employer_spans"]

_MAX_NAME = 8
# the tags of the words a name is made of (nouns, names, places, abbreviations, unknown words)
_NAME_TAGS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "x", "", "l", "vn", "an", "ng"}
# more tags a brand may have when an organisation ending closes the name: idioms, distinguishing
# words, adjectives (心连心|集团, 中金|在线|集团), never verbs or function words
_BRAND_TAGS = {"i", "b", "a", "ad", "z"}
# the tags of words that may open the clause before the name and are no part of it
_LEAD_TAGS = {"p", "c", "d", "t", "f", "r", "m", "q", "u", "uj", "ul", "ud", "uz", "ug", "uv", "tg"}


@lru_cache(maxsize=1)
def _posts() -> tuple[str, ...]:
    return tuple(sorted(read_lines("entities/employer_posts.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _org_endings() -> tuple[str, ...]:
    """Endings that make a company's name (集团, 公司, 银行 …: ``suffixes.tsv``), longest first."""
    return tuple(sorted(suffix_table(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _unit_endings() -> tuple[str, ...]:
    return (*read_lines("relations/unit_endings.txt"), *department_endings())


@lru_cache(maxsize=1)
def _post_before() -> re.Pattern:
    """A company post, with the modifiers of ``relations/title_modifiers.txt`` before it, at the end."""
    posts = _posts()
    modifiers = "|".join(read_lines("relations/title_modifiers.txt"))
    return re.compile(rf"(?:{modifiers}){{0,2}}(?:{'|'.join(map(re.escape, posts))})\s?$")


def employer_spans(text: str, spans: list[Span]) -> list[Span]:
    """Employers named right before a company post whose holder is among *spans*."""
    taken = bytearray(len(text) + 1)
    for s in spans:
        taken[s.start:s.end] = b"\x01" * (s.end - s.start)
    out = []
    for person in spans:
        if person.type != "Person":
            continue
        post = _post_before().search(text, max(0, person.start - 16), person.start)
        if post is None:
            continue
        end = post.start()
        start = end
        while start > 0 and end - start < _MAX_NAME + 4 and not taken[start - 1] and _name_char(text[start - 1]):
            start -= 1
        if start == end or start > 0 and (taken[start - 1] or _name_char(text[start - 1])):
            continue  # a known name or a long run before the post: a department, or no clause start
        span = _name_in(text, start, end)
        if span is not None:
            out.append(span)
            taken[span.start:span.end] = b"\x01" * (span.end - span.start)
    return out


_NAME_CHAR = re.compile(rf"[{CJK}A-Za-z0-9]")


def _name_char(c: str) -> bool:
    """Whether *c* can be part of a name: a Chinese character, a Latin letter or a digit."""
    return _NAME_CHAR.match(c) is not None


def _name_in(text: str, start: int, end: int) -> Span | None:
    """The name that ends the clause opening text[start:end], after its leading function words."""
    words = [t for t in tokens(text[start:end]) if t.text.strip()]
    # a clause may open with a time word or a preposition (昨日, 此前, 在); a single character that
    # jieba cuts off a name (特|锐德) is no such word unless it is one of the listed leads
    while words and (words[0].text in _leads() or len(words[0].text) > 1 and word_tag(words[0].text) in _LEAD_TAGS):
        words.pop(0)
    name = text[start + words[0].start:end] if words else ""
    loose = name.endswith(_org_endings())  # an organisation ending closes it: 心连心集团, 中金在线集团
    if not words or any(word_tag(w.text) not in _NAME_TAGS and not (loose and word_tag(w.text) in _BRAND_TAGS)
                        for w in words):
        return None  # a verb, a function word inside: prose, no name
    if not 2 <= len(name) <= _MAX_NAME or not plausible(name, "ORG") or name.endswith(_unit_endings()) \
            or any(post in name for post in _posts()):
        return None  # 甲乙权益投资部: a department; 总裁兼国际形象: a post
    typ, _ = type_of_name(name)
    return Span(end - len(name), end, name, typ, "pattern:employer", "", 0)


@lru_cache(maxsize=1)
def _leads() -> frozenset[str]:
    """Words that open a clause before a name and describe the post, not the employer (原, 时任)."""
    return frozenset(read_lines("entities/employer_leads.txt"))
