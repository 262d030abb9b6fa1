"""Names that follow the conventions of securities markets, whatever the brand:

- a name right before its stock code in brackets: 甲乙股份（600000）, 甲乙(00700.HK);
- a special-treatment prefix: ST甲乙, *ST甲乙;
- a share-class letter after a short name in a list: 、甲乙丙A、;
- named funds, asset-management plans and pension portfolios: a brand, maybe a series, and an
  ending of ``kg/lexicon/entities/fund_endings.txt`` (甲乙三期私募证券投资基金, 社保基金105组合).

A name's left edge is where the clause, a verb (``entities/verbs.txt``) or a word that never sits
in a name (``entities/boundary_words.txt``) leaves it.

>>> [(s.text, s.type) for s in listing_spans("公司股东甲乙汇涌三期私募证券投资基金减持了丙丁科技（300999）。")]
[('甲乙汇涌三期私募证券投资基金', 'InvestmentFirm'), ('丙丁科技', 'TechCompany')]
>>> [s.text for s in listing_spans("今日*ST甲乙、丙丁戊A。")]
['*ST甲乙', '丙丁戊A']
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicon import read_lines
from kg.extract.mentions import Span
from kg.extract.typing import type_of_name

__all__ = ["listing_spans"]

_CJK = "\u3400-\u9fff"
_CODE = re.compile(rf"([{_CJK}A-Za-z*]{{2,12}})\s*[（(]\s*(?:(?:股票|证券)代码[:：]?\s*)?"
                   r"(?:\d{6}(?:\.(?:SH|SZ|SS|BJ))?|\d{4,5}\.HK)\s*[)）]")
_ST = re.compile(rf"(?<![A-Za-z])(?:\*|S\*|S)?ST[{_CJK}]{{2,4}}")
_CLASS = re.compile(rf"(?:^|(?<=[，、。；：\s,;:（(]))([{_CJK}]{{2,4}}[AB])(?=[，、。；：\s,;:）)]|$)")
_SERIES = r"(?:\d+号|[一二三四五六七八九十零〇\d]+期|\d+)"


def listing_spans(text: str) -> list[Span]:
    """Spans of the names in *text* that the market conventions above make."""
    out = []
    brackets = "（" in text or "(" in text
    for m in _CODE.finditer(text) if brackets else ():
        start = _left_edge(text, m.start(1), m.end(1), described=True)
        if m.end(1) - start >= 2:
            name = text[start:m.end(1)]
            typ, strength = type_of_name(name)
            out.append(Span(start, m.end(1), name, typ, "pattern:listing", "", max(strength, 1)))
    for m in _ST.finditer(text) if "ST" in text else ():
        end = _right_edge(text, m.start() + m.group().index("ST") + 2, m.end())
        if end:
            out.append(Span(m.start(), end, text[m.start():end], "Company", "pattern:listing", "", 1))
    for m in _CLASS.finditer(text) if "A" in text or "B" in text else ():
        out.append(Span(m.start(1), m.end(1), m.group(1), "Company", "pattern:listing", "", 1))
    for m in _fund_re().finditer(text) if _ending_re().search(text) else ():
        start = _left_edge(text, m.start(), m.start("end") if not m.group("series") else m.start("series"))
        series_only = m.group("end") in _series_endings()
        if series_only and not m.group("series"):
            continue
        brand = text[start:m.start("series") if m.group("series") else m.start("end")]
        kind_only = m.group("end") in _kind_endings() and not m.group("series")
        if len(brand) >= 2 and brand not in _generic() and not _common_words(brand) \
                and not (kind_only and not _proper(brand)):
            out.append(Span(start, m.end(), text[start:m.end()], "InvestmentFirm", "pattern:fund", "", 2))
    return sorted(out, key=lambda s: (s.start, -s.end))


def _left_edge(text: str, start: int, end: int, described: bool = False) -> int:
    """Where a name ending at *end* starts: after the last verb, function word, numeral, time
    word or punctuation; *described*: also after a word that describes the firm (…生产企业|甲乙,
    before a stock code; a fund's name may hold such words: 科技型中小企业创业投资引导基金)."""
    from kg.segment import tokens

    run = start
    while run > 0 and re.match(rf"[{_CJK}A-Za-z0-9*]", text[run - 1]) and end - run < 24:
        run -= 1
    stop = run
    words = tokens(text[run:end])
    for i, t in enumerate(words):
        if _stop_word(t.text) or described and i < len(words) - 1 and t.text.endswith(_description_endings()):
            stop = run + t.end  # …生产企业|维力谷（835004）: a description ends before the name
    return stop


def _right_edge(text: str, start: int, end: int) -> int:
    """Where a short name starting at *start* ends: before a verb or function word (ST甲乙|表示)."""
    from kg.segment import tokens, word_tag

    stop = start
    for t in tokens(text[start:end]):
        # a one-character verb after two characters (ST甲乙|获批, cut 获|批) starts the predicate
        if _stop_word(t.text) or (stop - start >= 2 and len(t.text) == 1 and word_tag(t.text) == "v"):
            break
        stop = start + t.end
    # jieba may join the name's last character with what follows (宏盛|大股东 cut 盛大|股东)
    stops = read_lines("entities/short_name_stops.txt")
    stop = next((p for p in range(start + 2, stop) if text.startswith(stops, p)), stop)
    return stop if stop - start >= 2 else 0


def _stop_word(word: str) -> bool:
    from kg.segment import word_tag

    if word.isdigit() or word in _SINGLE_STOPS:
        return True
    return len(word) >= 2 and (word in _stops() or word_tag(word) in _STOP_TAGS)


# jieba tags of words no fund or short name holds: verbs, numerals, measure and time words, adverbs,
# prepositions, conjunctions, pronouns, locatives, idioms (专门从事)
_STOP_TAGS = {"v", "vd", "m", "mq", "q", "t", "d", "p", "c", "r", "f", "l"}
# one-character words that end a clause before a name (most one-character words can sit in a brand)
_SINGLE_STOPS = set("的了着过是在与和及对向为将由从被把等")


def _proper(brand: str) -> bool:
    """Whether a brand holds a proper name: a place, an organisation or a word jieba hardly knows."""
    from kg.segment import cut, word_freq, word_tag

    return any(w not in _generic() and (word_tag(w) in ("ns", "nt", "j", "nr", "nrt", "eng")
                                          or len(w) >= 2 and word_freq(w) < 30) for w in cut(brand))


def _common_words(brand: str) -> bool:
    """A brand of common words only (国有|资产|风险): a kind of fund, not a named one."""
    from kg.segment import cut, word_freq, word_tag

    return all(w in _generic() or word_freq(w) >= 2000 and word_tag(w) not in ("ns", "nt", "nz", "j") for w in cut(brand))


@lru_cache(maxsize=None)
def _description_endings() -> tuple[str, ...]:
    """Endings of a word that describes the firm named after it (企业, 供应商, 厂商: the "-" lines
    of ``entities/descriptors.txt`` of two characters or more; one character, 化 or 业, ends names too)."""
    return tuple(w[1:] for w in read_lines("entities/descriptors.txt") if w.startswith("-") and len(w) > 2)


@lru_cache(maxsize=None)
def _stops() -> frozenset[str]:
    return frozenset(read_lines("entities/verbs.txt")) | frozenset(read_lines("entities/boundary_words.txt")) \
        | {"持有", "通过", "公司", "股东", "其中"}


@lru_cache(maxsize=None)
def _generic() -> frozenset[str]:
    return frozenset(read_lines("generic_nouns.txt"))


@lru_cache(maxsize=None)
def _endings() -> tuple[tuple[str, bool], ...]:
    rows = [line.split("\t") for line in read_lines("entities/fund_endings.txt")]
    return tuple((r[0].strip(), r[1].strip() if len(r) > 1 else "") for r in rows)


@lru_cache(maxsize=None)
def _series_endings() -> frozenset[str]:
    return frozenset(e for e, series in _endings() if series == "series")


@lru_cache(maxsize=None)
def _kind_endings() -> frozenset[str]:
    return frozenset(e for e, series in _endings() if series == "kind")


@lru_cache(maxsize=None)
def _ending_re() -> re.Pattern:
    return re.compile("|".join(re.escape(e) for e, _ in _endings()))


@lru_cache(maxsize=None)
def _fund_re() -> re.Pattern:
    ends = "|".join(re.escape(e) for e, _ in sorted(_endings(), key=lambda e: -len(e[0])))
    return re.compile(rf"[{_CJK}]{{2,16}}?(?P<series>{_SERIES})?(?P<end>{ends})")
