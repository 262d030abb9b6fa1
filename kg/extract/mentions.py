"""Entity mentions: where a text names an organisation, person, product or place.

Four finders run over one unit of text (a sentence or a table row) and propose
:class:`Span` candidates; :func:`find_spans` keeps the best non-overlapping ones.

- ``gazetteer``: every name, alias and English name of ``kg/lexicon/entities/*.tsv``,
  matched with an Aho-Corasick automaton (English names case-insensitively, on word
  boundaries; two-character Chinese aliases only on jieba word boundaries).
- ``pattern:suffix``: an organisation suffix (``kg/lexicon/suffixes.tsv``: 有限公司,
  银行, 研究院 …) extended to the left over the words of the name, using jieba words
  and their dictionary tags as boundary evidence: the name stops at punctuation, at
  a function word or verb (``entities/boundary_words.txt``), and must keep a
  distinctive brand once places and generic words (``generic_nouns.txt``) are set
  aside. Legal names with a bracketed place (兴业数字金融服务（上海）股份有限公司)
  and mixed names (IDG 资本, 360 金融集团) come out whole. For company names the
  brand starts after the last verb (``entities/verbs.txt``), description
  (``entities/descriptors.txt``) or role noun before the suffix, and a plain word can
  be the brand when the name's left edge is clear (a clause start, punctuation, a
  function word or a verb) and the word is rare in jieba's dictionary: "晨光资本投资了
  极光科技" names two firms, "助力江北新区建设数字金融" none. A known name takes no
  words from its left but places (我欠|中信银行, 上海|工行).
- ``pattern:english``: capitalised English names ending in an English organisation
  word (Temasek Holdings, Fidelity Investments Inc.), and capitalised names listed
  next to an organisation noun (智能投顾公司 Betterment、Wealthfront).
- ``pattern:person``: a surname and one or two characters next to a role word
  (``roles.txt``: 分析师, 创始人, 女士 …), or a transliterated name with "·".
- ``pattern:listing`` / ``pattern:fund``: names that securities-market conventions make
  (a name before its stock code, ST names, share classes, named funds and plans), see
  :mod:`kg.extract.listings`.
- ``pattern:product`` / ``pattern:place``: quoted names after 推出/发布/自主研发…,
  names ending in 平台/系统, and places after 总部位于 and similar cues.

>>> [(s.text, s.type, s.method) for s in find_spans("据悉，建行携手同盾科技有限公司推出“微企链平台”。")]
[('建行', 'Bank', 'gazetteer'), ('同盾科技有限公司', 'TechCompany', 'pattern:suffix'), ('微企链平台', 'Product', 'pattern:product')]
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from kg.errors import LexiconError
from kg.lexicon import read_lines, read_tsv, lexicon_path
from kg.segment import Token, tokens, word_freq, word_tag
from kg.extract.typing import legal_forms, suffix_table, type_of_name

__all__ = ["Span", "GazEntry", "Gazetteer", "Words", "gazetteer", "find_spans", "split_place", "ascii_lower", "name_form",
           "without_country", "reporting_label", "admissible", "in_amount", "role_words", "governs_place",
           "transliteration_chars", "department_endings"]

CJK = r"\u3400-\u9fff"
_CJK_RE = re.compile(f"[{CJK}]")
_CJK_NAME = re.compile(f"[{CJK}]+")
_PUNCT = set("，。；：！？、“”‘’「」『』《》〈〉【】,.;:!?\"'|\t\n\r<>[]{}=*#…—~/\\-%+")
_OPEN = "（("
_CLOSE = "）)"
# jieba dictionary tags of words that never sit inside a name (prepositions,
# conjunctions, particles, pronouns, adverbs, numerals, measure words, time/place
# words, interjections, verbs).
_STOP_TAGS = {"p", "c", "u", "uj", "ul", "ud", "uz", "ug", "uv", "r", "rr", "rz", "d", "m", "mq", "q",
              "f", "t", "tg", "y", "e", "o", "v", "vd", "vg", "vi", "vq", "z", "zg"}
# tags that mark a word as a proper name (jieba: nr person, ns place, nt organisation,
# nz other proper noun, j abbreviation, eng Latin word)
_NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_MAX_NAME = 30
_MIXED = re.compile(rf"(?<=[A-Za-z0-9])(?=[{CJK}])|(?<=[{CJK}])(?=[A-Za-z0-9])")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so that offsets stay the same."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate mention inside one unit of text, before document-level resolution."""

    start: int
    end: int
    text: str
    type: str
    method: str
    key: str = ""  # gazetteer canonical name, when the span is a gazetteer name
    strength: int = 0  # how sure the type is: 3 gazetteer, 2 specific suffix, 1 generic suffix, 0 guess


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer row: a canonical name, its class and every other name."""

    key: str
    type: str
    names: tuple[str, ...]
    english: tuple[str, ...]
    listed: bool = False  # a row with a stock code: the listed arm, not its parent group


@dataclass(frozen=True)
class Gazetteer:
    entries: dict  # key -> GazEntry
    by_name: dict  # normalised name -> tuple of keys
    chinese: ahocorasick.Automaton  # exact names -> (name, keys)
    english: ahocorasick.Automaton  # ascii-lowered English names -> (name, keys)
    places: dict  # place name -> canonical place


def name_form(name: str) -> str:
    """Form names are compared in: no white space, ASCII letters lower-cased."""
    return ascii_lower("".join(name.split()))


def _nfkc(name: str) -> str:
    """Names as they appear in analysed text, which is NFKC-folded (（深圳） → (深圳))."""
    return unicodedata.normalize("NFKC", name)


@lru_cache(maxsize=None)
def gazetteer() -> Gazetteer:
    """The gazetteers of ``kg/lexicon/entities/`` and ``places.tsv``, with the alias registry applied."""
    from kg.extract.aliases import alias_registry  # the registry renames canonical keys

    registry = alias_registry()
    entries: dict[str, GazEntry] = {}
    rows = []
    for path in sorted(lexicon_path("entities").glob("*.tsv")):
        rows.extend(r for r in read_tsv(f"entities/{path.name}") if "name" in r)
    rows.extend(read_tsv("places.tsv"))
    for row in rows:
        names = [_nfkc(n) for n in [row["name"], *filter(None, row.get("aliases", "").split("|"))]]
        english = tuple(_nfkc(n) for n in filter(None, row.get("english", "").split("|")))
        key = next((registry[n] for n in names if n in registry), row["name"])
        extra = [n for n, k in registry.items() if k == key]
        all_names = tuple(dict.fromkeys([key, *names, *extra]))
        entries[key] = GazEntry(key, row.get("type", "Place"), all_names, english, bool(row.get("code")))
    by_name: dict[str, list[str]] = {}
    for entry in entries.values():
        for name in (*entry.names, *entry.english):
            keys = by_name.setdefault(name_form(name), [])
            if entry.key not in keys:
                keys.append(entry.key)
    chinese, english = ahocorasick.Automaton(), ahocorasick.Automaton()
    for entry in entries.values():
        if entry.type == "Place":
            continue  # places are matched only after a cue (see _places)
        for name in entry.names:
            if name.isascii():
                english.add_word(ascii_lower(name), (name, tuple(by_name[name_form(name)])))
                continue
            keys = tuple(by_name[name_form(name)])
            chinese.add_word(name, (name, keys))
            spaced = _MIXED.sub(" ", name)
            if spaced != name:  # "IDG 资本" for IDG资本
                chinese.add_word(spaced, (spaced, keys))
        for name in entry.english:
            english.add_word(ascii_lower(name), (name, tuple(by_name[name_form(name)])))
    chinese.make_automaton()
    english.make_automaton()
    places = {}
    for entry in entries.values():
        if entry.type == "Place":
            for name in entry.names:
                places.setdefault(name, entry.key)
    return Gazetteer(entries, {k: tuple(v) for k, v in by_name.items()}, chinese, english, places)


@lru_cache(maxsize=None)
def _lexicon():
    boundary = frozenset(read_lines("entities/boundary_words.txt")) | _word_set("measure_words")
    generic = frozenset(read_lines("generic_nouns.txt"))
    roles = read_lines("roles.txt")
    role_any = tuple(r for r in roles if not r.startswith("~"))
    role_after = tuple(r.lstrip("~") for r in roles)
    surnames = frozenset(w for line in read_lines("entities/surnames.txt") for w in line.split())
    product_cues = read_lines("entities/product_cues.txt")
    product_heads = read_lines("entities/product_heads.txt")
    place_cues = read_lines("entities/place_cues.txt")
    return boundary, generic, role_any, role_after, surnames, product_cues, product_heads, place_cues


@lru_cache(maxsize=None)
def _suffix_re() -> re.Pattern:
    words = sorted((s for s in suffix_table() if not s.isascii()), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=None)
def _english_org_re() -> re.Pattern:
    words = sorted((s for s in suffix_table() if s.isascii()), key=len, reverse=True)
    word = r"[A-Z][A-Za-z0-9&'\-]*\.?"
    tail = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{word}\s+){{0,4}}(?:{tail})(?![A-Za-z0-9])")


_ENGLISH_NAME = re.compile(r"(?<![A-Za-z0-9.])[A-Z][A-Za-z0-9]*(?:[ .&'\-][A-Z][A-Za-z0-9]*)*")
_LEGAL_EN = re.compile(r"\s*(?:Co\.,?\s*Ltd\.?|CO\.,?\s*LTD\.?|Inc\.?|INC\.?|Corp\.?|Corporation|LLC\.?|Ltd\.?|LTD\.?|"
                       r"Limited|Group|Holdings|PLC|plc)(?![A-Za-z])")


def _is_place(word: str) -> bool:
    places = gazetteer().places
    if word in places:
        return True
    return len(word) >= 2 and word[-1] in "省市区县" and word[:-1] in places


def split_place(name: str) -> tuple[str, str]:
    """Split a leading place (one or two levels) off a name.

    >>> split_place("成都数联铭品科技有限公司")
    ('成都', '数联铭品科技有限公司')
    >>> split_place("广东省深圳市前海微众银行")
    ('广东省深圳市', '前海微众银行')
    >>> split_place("中国银行")
    ('', '中国银行')
    """
    place = ""
    rest = name
    for _ in range(2):
        for n in range(min(len(rest) - 2, 9), 1, -1):
            if _is_place(rest[:n]) and rest[:n] != "中国":
                place, rest = place + rest[:n], rest[n:]
                break
        else:
            break
    return place, rest


def _bracket_place(text: str, close: int) -> int:
    """Start of a bracketed place "（上海）" whose closing bracket is at *close*, or -1."""
    open_at = max(text.rfind("（", max(0, close - 10), close), text.rfind("(", max(0, close - 10), close))
    if open_at < 0:
        return -1
    inner = text[open_at + 1:close].strip()
    return open_at if inner and _is_place(inner) else -1


_CLAUSE_BREAK = re.compile(r"[，。；：！？、“”‘’「」『』《》【】()（）|\n\t,;:!?\"]")


class Words:
    """The jieba words of a text, segmented clause by clause only where a finder asks.

    Most clauses of an article name nothing, so segmenting on demand keeps entity
    recognition faster than segmenting everything. ``pos in words`` tells whether a
    word boundary falls at *pos*.

    >>> w = Words("据悉，建行携手同盾科技有限公司")
    >>> 5 in w, 6 in w, w.ending_at(5).text
    (True, False, '建行')
    """

    def __init__(self, text: str):
        self.text = text
        self._breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        self._clauses: dict[int, tuple[dict, dict, dict]] = {}

    def _clause(self, pos: int):
        i = bisect.bisect_right(self._breaks, pos - 1) if pos > 0 else 0
        start = self._breaks[i - 1] + 1 if i > 0 else 0
        if start > pos:
            start = pos
        got = self._clauses.get(start)
        if got is None:
            end = self._breaks[i] if i < len(self._breaks) else len(self.text)
            if end < pos:
                end = pos
            toks = [Token(t.text, t.start + start, t.end + start) for t in tokens(self.text[start:end])]
            got = ({t.end: t for t in toks}, {t.start: t for t in toks},
                   {p: t for t in toks for p in range(t.start, t.end)})
            self._clauses[start] = got
        return got

    def __contains__(self, pos: int) -> bool:
        if pos <= 0 or pos >= len(self.text) or not _CJK_RE.match(self.text[pos]) \
                or not _CJK_RE.match(self.text[pos - 1]):
            return True  # jieba always splits between a Chinese character and anything else
        return pos in self._clause(pos)[1] or pos in self._clause(pos - 1)[0]

    def ending_at(self, pos: int) -> Token | None:
        """The word that ends at *pos*, if any."""
        return self._clause(pos - 1)[0].get(pos) if pos > 0 else None

    def starting_at(self, pos: int) -> Token | None:
        """The word that starts at *pos*, if any."""
        return self._clause(pos)[1].get(pos) if pos < len(self.text) else None

    def covering(self, pos: int) -> Token | None:
        """The word that holds the character at *pos*."""
        return self._clause(pos)[2].get(pos) if 0 <= pos < len(self.text) else None



def find_spans(text: str, words: Words | None = None) -> list[Span]:
    """Candidate mentions in one unit of text, non-overlapping, in text order.

    >>> [s.text for s in find_spans("兴业数字金融服务（上海）股份有限公司由兴业银行发起")]
    ['兴业数字金融服务（上海）股份有限公司', '兴业银行']
    """
    if words is None:
        words = Words(text)
    spans = _gazetteer_spans(text, words)
    spans += _suffix_spans(text, words)
    spans += _english_spans(text)
    spans += _person_spans(text, words)
    spans += _product_spans(text)
    spans += _english_product_spans(text)
    spans += _place_spans(text)
    spans += _listing_spans(text)
    spans += _fund_product_spans(text, words, spans)
    spans += _department_spans(text, spans)
    spans += _local_government_spans(text, words, spans)
    chosen = _select(admissible(text, spans))
    listed = _listed_products(text, chosen)
    return _select(chosen + listed) if listed else chosen


def admissible(text: str, spans: list[Span]) -> list[Span]:
    """The spans of *text* that may be names, from the rules or the tagger alike: a place before a
    Latin brand set aside (:func:`without_country`), no column label or byline
    (:func:`reporting_label`), no unit of a figure (:func:`in_amount`)."""
    return [s for s in map(without_country, spans) if not reporting_label(text, s) and not in_amount(text, s.start)]


def in_amount(text: str, start: int) -> bool:
    """Whether a name starting at *start* starts with the unit of a figure: 9.93|亿欧|元 is an amount.

    >>> in_amount("以9.93亿欧元收购", 5), in_amount("亿欧网报道", 0)
    (True, False)
    """
    return start > 0 and text[start] in "亿万千百" and text[start - 1] in _FIGURE


_FIGURE = set("0123456789.０１２３４５６７８９零一二三四五六七八九十两")


_LATIN_BRAND = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]{2,}")
def without_country(span: Span) -> Span:
    """A place before a Latin brand describes the firm, it is no part of its name: 加拿大|Grafoid公司.

    >>> without_country(Span(0, 13, "加拿大Grafoid公司", "Company", "pattern:suffix")).text
    'Grafoid公司'
    """
    if span.method == "gazetteer" or span.text[:1].isascii():
        return span
    place, rest = split_place(span.text)
    if not place or not _LATIN_BRAND.match(rest) or rest.endswith(legal_forms()):
        return span  # a registered name keeps its place: 北京ABC科技有限公司
    return Span(span.start + len(place), span.end, rest, span.type, span.method, span.key, span.strength)


def _listing_spans(text: str) -> list[Span]:
    from kg.extract.listings import listing_spans  # listings builds on Span, defined here

    return listing_spans(text)


_BYLINE = re.compile(r"\s*[(（]?(?:记者[^)）]{0,12}[)）])?\s*[，,：:\s]|\s*$")


_COLUMN_LABEL = re.compile(r"\s*[\[【]([^\]】]{2,12})[\]】]")


def reporting_label(text: str, span: Span) -> bool:
    """Whether a span names who reports or the column, not what the article is about: a
    byline (:func:`_byline`) or the end of a column label that opens the text ("[财经雷达]").

    >>> reporting_label("[财经雷达]--行情分析", Span(3, 5, "雷达", "Company", "model"))
    True
    >>> reporting_label("【甲科技】发布新品", Span(1, 4, "甲科技", "Company", "model"))
    False
    """
    label = _COLUMN_LABEL.match(text)
    if label and label.start(1) < span.start and span.end == label.end(1):
        return True
    return _byline(text, span)


def _byline(text: str, span: Span) -> bool:
    """Whether a span is the news source of a byline ("证券时报e公司讯，…", "本报讯（记者…）"):
    it names who reports, not what the article is about, and is no topic for the sentence.

    >>> _byline("甲报网讯，乙公司今日公告", Span(0, 3, "甲报网", "Company", "pattern:suffix"))
    True
    >>> _byline("据甲报网讯称", Span(1, 4, "甲报网", "Company", "pattern:suffix"))
    False
    """
    if text[span.end:span.end + 1] != "讯" or (span.start > 0 and text[span.start - 1] not in _PUNCT | {" "}):
        return False
    return _BYLINE.match(text, span.end + 1) is not None


def _select(spans: list[Span]) -> list[Span]:
    """Longest first (gazetteer before pattern at equal length), then nested sub-units."""
    rank = {"gazetteer": 0}
    chosen: list[Span] = []
    taken = bytearray(max((s.end for s in spans), default=0))
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), rank.get(s.method, 1), s.start)):
        if s.method == "nested" or any(taken[s.start:s.end]):
            continue
        chosen.append(s)
        taken[s.start:s.end] = b"\x01" * (s.end - s.start)
    nested = [s for s in spans if s.method == "nested"
              and any(c.start <= s.start and s.end <= c.end and c.method != "nested" for c in chosen)]
    return sorted(chosen + nested, key=lambda s: (s.start, -s.end))


# --- gazetteer ---------------------------------------------------------------

def _gazetteer_spans(text: str, bounds: Words) -> list[Span]:
    gaz = gazetteer()
    out = []
    for end, (name, keys) in gaz.chinese.iter_long(text):
        start = end - len(name) + 1
        if len(name) <= 2 and not (start in bounds and end + 1 in bounds):
            continue  # 建行 yes, 重建行动 no
        if end + 2 <= len(text) and word_freq(text[end:end + 2]) >= _STRADDLE_FREQ and end + 1 not in bounds:
            continue  # 财政部|门, 中国银行|业协会: the last character starts a common word with the next
        if text[end + 1:end + 2] == "业" and word_freq(name[-2:] + "业") and not word_freq(text[end + 1:end + 3]):
            continue  # 上海银行|业协会: the industry (银行业) of a place's body, not the bank (上海银行|业务 is)
        stop = end + 1
        if name in _word_set("national_bodies") and (place := _place_before(text, start)):
            # 南非央行, 美国财政部: that country's body, not China's
            out.append(Span(start - len(place), stop, text[start - len(place):stop], "GovernmentBody",
                            "pattern:national", "", 2))
            continue
        tail = _group_tail().match(text, stop)
        tail = tail.group() if tail and tail.end() in bounds else ""
        if not tail and name.endswith(("集团", "控股")) and text.startswith("公司", stop) and stop + 2 in bounds:
            tail = "公司"  # 中石油集团|公司: the group's name, not another firm's
        if tail:
            stop += len(tail)  # 360 金融集团, 腾讯控股有限公司: the known name with its legal form
            if _names_other_arm(keys, tail):
                # 东航 is the listed 东方航空, 东航集团 its parent; 首钢 is 首钢集团, 首钢股份 its listed arm
                out.append(Span(start, stop, text[start:stop], "Company", "pattern:group", "", 2))
                continue
        region = _REGION_ARM.match(text, stop)
        if region and _is_place(region.group(1)) and keys and not _legal_after().match(text, region.end()):
            # 国信证券（香港）, 中国银行（香港）: the firm's arm in that place, another entity than the firm
            out.append(Span(start, region.end(), text[start:region.end()], _gaz_span(start, stop, "", keys).type,
                            "pattern:group", "", 2))
            continue
        out.append(_gaz_span(start, stop, text[start:stop], keys))
    low = ascii_lower(text)
    for end, (name, keys) in gaz.english.iter(low):
        start = end - len(name) + 1
        if (start > 0 and low[start - 1].isalnum() and low[start - 1].isascii()) or \
                (end + 1 < len(low) and low[end + 1].isalnum() and low[end + 1].isascii()):
            continue
        if name.isupper() and len(name) <= 4 and text[start:end + 1] != name:
            continue  # an acronym must keep its case: "Fed" is not "fed"
        stop = end + 1
        legal = _LEGAL_EN.match(text, stop)
        if legal:
            stop = legal.end()
        out.append(_gaz_span(start, stop, text[start:stop], keys))
    return out


# a bracketed place right after a known name (国信证券（香港）)
_REGION_ARM = re.compile(rf"[（(]([{CJK}]{{2,4}})[）)]")


@lru_cache(maxsize=None)
def _legal_after() -> re.Pattern:
    """A legal or group form (``suffixes.tsv``) or 公司 a few characters on: after a known name and a
    bracketed place it makes the whole a registered name the suffix rules read (腾讯（深圳）有限公司)."""
    return re.compile(rf"[{CJK}]{{0,8}}?(?:{_group_tail().pattern}|公司)")


def _names_other_arm(keys: tuple[str, ...], tail: str) -> bool:
    """Whether a known name plus *tail* names the other arm of a company group: 集团 after a
    listed company's name (东航|集团), 股份 after a group's (首钢|股份), or 控股 after any
    (联想|控股, the holding company), where the row has no such form of its own (阿里巴巴集团 is a
    name of 阿里巴巴, 腾讯控股 of 腾讯, 招商银行股份有限公司 of 招商银行)."""
    if len(keys) != 1:
        return False
    entry = gazetteer().entries[keys[0]]
    if "集团" in tail:
        return entry.listed and not any("集团" in n for n in entry.names)
    if "股份" in tail:
        return entry.key.endswith(("集团", "控股")) and not any("股份" in n for n in entry.names)
    if "控股" in tail:  # 联想|控股 is the holding company above 联想集团
        return not any("控股" in n for n in entry.names)
    return False


def _place_before(text: str, start: int) -> str:
    """The place name that ends right before *start*, other than 中国 ("" when none).

    >>> _place_before("南非央行副总裁", 2), _place_before("中国央行", 2)
    ('南非', '')
    """
    for n in range(min(start, 6), 1, -1):
        word = text[start - n:start]
        if _is_place(word) and word != "中国":
            return word
    return ""


@lru_cache(maxsize=None)
def _group_tail() -> re.Pattern:
    words = sorted((w for w, (_, kind) in suffix_table().items() if kind in ("legal", "group")), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, words))})+")


def _gaz_span(start: int, end: int, surface: str, keys: tuple[str, ...]) -> Span:
    entries = gazetteer().entries
    key = keys[0] if len(keys) == 1 else ""
    typ = entries[keys[0]].type if len({entries[k].type for k in keys}) == 1 else "Organization"
    return Span(start, end, surface, typ, "gazetteer", key, 3)


# --- organisation names from their suffix -------------------------------------

def _suffix_spans(text: str, words: Words) -> list[Span]:
    table = suffix_table()
    matches = [(m.start(), m.end()) for m in _suffix_re().finditer(text)]
    out = []
    i = 0
    while i < len(matches):
        if i + 1 < len(matches) and matches[i][1] == matches[i + 1][0] and table[text[slice(*matches[i])]][1] == "weak" \
                and table[text[slice(*matches[i + 1])]][1] == "org":
            i += 1  # 中国中小企业|协会, 甲投资金融|研究院: the weak ending is the field of the body whose ending follows
            continue
        # chain adjacent suffix words: 科技 + 股份有限公司, 金融服务 + （上海） + 股份有限公司
        j = i
        while j + 1 < len(matches) and table[text[matches[j][0]:matches[j][1]]][1] != "legal":
            # a legal form ends the name: 甲股份有限公司|资产管理事业部 is a department of 甲
            gap = text[matches[j][1]:matches[j + 1][0]]
            if gap == "" or (_is_bracket_place(gap)) or gap == "业" and _known_before_industry(text, words, matches[j]):
                j += 1
            else:
                break
        for k in range(j, i - 1, -1):  # every chain end is a possible name end, longest first
            start, end = matches[i][0], matches[k][1]
            kinds = [table[text[a:b]][1] for a, b in matches[i:k + 1]]
            if kinds[-1] == "inner" or start == 0 or text[start - 1] in _PUNCT:
                continue  # no name before the suffix, or a word that cannot end a name
            if end not in words and end < len(text) and not _role_glued(text, words, end):
                continue  # 银行卡, 银行业: the suffix is part of a longer word
            nxt = words.starting_at(end)
            if matches[k][1] - matches[k][0] == 1 and nxt and len(nxt.text) == 1 \
                    and _CJK_RE.match(text[end]) and text[end] not in _lexicon()[0]:
                continue  # 百融云|创: a one-character ending followed by more of the name
            if k > i and nxt and nxt.text.endswith(department_endings()):
                continue  # 甲银行|金融|市场部: the last ending starts a department's name; the chain ends before it
            if nxt and (nxt.text in _word_set("suffix_followers") or
                        f"{text[matches[k][0]:end]} {nxt.text}" in _word_set("suffix_followers")):
                continue  # 恒生科技|指数, 明星基金|经理, 甲股份控股|股东: the suffix word belongs to a longer noun
            span = _extend_left(text, words, start, end, kinds)
            if span:
                out.append(span)
                out.extend(_nested(span))
                break
        i = j + 1
    return out


def _known_before_industry(text: str, words: Words, match: tuple[int, int]) -> bool:
    """Whether an industry ending closes a known name that jieba reads as one word, right before
    业 (上海银行|业|协会): the place's industry body, chained through 业, not the bank."""
    cover = words.covering(match[0])
    return suffix_table()[text[match[0]:match[1]]][1] == "industry" and cover is not None \
        and cover.end == match[1] and cover.text in _gazetteer_words()


def _role_glued(text: str, words: Words, end: int) -> bool:
    """Whether jieba glued the suffix ending at *end* to the role that follows it (协会|会长 read
    as one word 协会会长): the name still ends there."""
    cover = words.covering(end)
    return cover is not None and text[end:cover.end] in role_words()


def _is_bracket_place(gap: str) -> bool:
    gap = gap.strip()
    return len(gap) >= 3 and gap[0] in _OPEN and gap[-1] in _CLOSE and _is_place(gap[1:-1].strip())


def _extend_left(text: str, words_of: Words, start: int, end: int, kinds: list[str]) -> Span | None:
    boundary, generic, *_ = _lexicon()
    table = suffix_table()
    chinese_names = _gazetteer_words()
    legal = "legal" in kinds
    subunit = text[start:end].endswith(_SUBUNIT)
    company = not legal and kinds[-1] != "org" and table[_last_suffix(text[start:end])][0] in _COMPANY_TYPES
    verbs = _word_set("verbs")
    pos = start
    words: list[str] = []  # the words before the suffix, left to right
    known = False  # the name so far is a gazetteer name: only places may come before it (上海|工行)
    edge = False  # the name's left edge is a clause start, punctuation, a function word or a verb
    cover = words_of.covering(start)
    if (cover is None or cover.start == start) and text.endswith(legal_forms(), 0, start):
        return None  # 甲股份有限公司|投资银行部: a registered name ends at its legal form, a unit follows
    if cover is not None and cover.start < start:
        word = cover.text
        tag = word_tag(word)
        if tag and tag not in _NAME_TAGS and word not in table:
            return None  # a common word that merely ends like a name: 注册资本, 商业银行
        words.append(text[cover.start:start])
        pos = cover.start
        known = word in chinese_names and not legal and not subunit
        if known and cover.end < end and not all(k in ("legal", "group", "weak") for k in kinds[1:]) \
                and text[cover.end] != "业":
            return None  # 招商银行|金融科技, 蚂蚁金服|保险: a known name, then a description (上海银行|业协会
            # is the place's industry body)
    while True:
        if pos == 0:
            edge = True
            break
        if start - pos >= _MAX_NAME:
            break
        ch = text[pos - 1]
        if ch in _CLOSE:
            open_at = _bracket_place(text, pos - 1)
            if open_at < 0:
                edge = True
                break
            words.insert(0, text[open_at:pos])
            pos = open_at
            continue
        if ch == " ":
            # a space inside a mixed name: "IDG 资本", "360 金融集团", "百融至信(北京) 信用管理"
            before = text[pos - 2] if pos >= 2 else ""
            if before.isascii() and before.isalnum() or before in _CLOSE:
                pos -= 1
                continue
            edge = True
            break
        if ch in _PUNCT or ch.isspace() or ch in _OPEN:
            edge = True
            break
        tok = words_of.ending_at(pos)
        if tok is None:
            break
        word = tok.text
        edge = True  # every stop below is a word that cannot be part of a name
        if word in _NAME_JOINERS and kinds[-1] == "org" and words and _noun_before(words_of, tok.start) \
                and not (words[0] in _gazetteer_words() or _is_place(words[0]) or word_tag(words[0]) not in _FIELD_TAGS):
            # a body's name may join two fields (公司治理与企业发展研究中心), not a party to a known or
            # place-named body (中方联合体与|达卡交易所)
            field = words_of.ending_at(tok.start)
            words[:0] = [field.text, word]
            pos = field.start
            continue
        if word in boundary and not (word in _word_set("measure_words") and not _after_number(text, tok.start)) \
                or word in role_words():
            break  # 300 家|…, 2019 年|… stop the name; 万集科技 does not
        if len(word) > 1 and word_tag(word) in _STOP_TAGS and word not in table and not _is_place(word) \
                and not word.startswith("第"):
            if not company and not legal and word_tag(word) in _NAME_VERB_TAGS \
                    and text[start:end].endswith(tuple(_word_set("body_endings"))) \
                    and not (words and _is_place(words[0])):  # 某证监局组织|黑龙江省…协会
                reach = _place_led_reach(text, words_of, pos)
                if reach is not None:  # 中国卫星导航|定位协会: a body's name may hold a verb
                    words.insert(0, text[reach:pos])
                    pos = reach
            break
        if company and word in verbs and word not in table and not (pos == start and kinds[-1] == "group"):
            break  # 助力|…, 投资了|…: a verb, whatever jieba's tag says (中核建设集团, 发展研究院 keep theirs)
        if word.isascii() and word.isdigit():
            after = text[pos:pos + 2].strip()[:1]
            if not 2 <= len(word) <= 3 or not after or after in boundary or \
                    not (tok.start == 0 or not text[tok.start - 1].isalnum()):
                break  # 2019 年, 300 家, a section number: a number, not the 360 of 360 金融
        if word in chinese_names and not legal and not subunit:
            if text[start:end].endswith(_COMMITTEE) and _public_body(word) \
                    and not any(word_tag(w) in _FUNCTION_TAGS for w in words):
                words.insert(0, word)  # 国务院|关税税则委员会, 全国人大|财经委员会: a public body's committee
                # (not across a verb: 教育部|会同|国家卫生健康委员会 are two bodies)
                pos = tok.start
                break
            if pos == start and text[start:end] in _word_set("sponsored_suffixes") and _sponsor(word):
                words.insert(0, word)  # 中国国新|基金: the fund a known organisation sponsors
                pos = tok.start
                break
            edge = False  # 新浪|乐居地产: the unknown name may go on to the left
            break  # 蚂蚁金服|人工智能金融: a known name is not the start of another
        if known and not (_is_place(word) or word == "中国"):
            break  # 我欠|中信银行, 战略股东|花旗银行
        edge = False
        words.insert(0, word)
        pos = tok.start
    while words and words[0] == " ":
        words.pop(0)
        pos += 1
    if company:
        cut = _descriptive_cut(words, kinds[-1] in ("group", "legal"))
        if cut:
            pos += len("".join(words[:cut]))
            words = words[cut:]
            edge = True
    while len(words) > 1 and len(words[0]) > 1 and words[0] in generic and not _is_bracket_place("".join(words)) \
            and not any(_is_bracket_place(w) for w in words) \
            and not (words[0] in _word_set("body_scopes") and kinds[-1] == "org" and edge):
        pos += len(words.pop(0))  # 客户|stonecastle公司, 国有|…: a description before the name
        edge = True
    name = text[pos:end].strip()
    pos = end - len(name)
    if not name or not words and pos == start or name in generic:
        return None
    if not _has_brand(words, kinds, text[start:end], company and edge):
        return None
    if not governs_place(name):
        return None
    typ, strength = type_of_name(name)
    return Span(pos, end, name, typ, "pattern:suffix", "", strength)


# administrative units after a known place: 青羊区, 金堂县, 某某镇, 高新技术开发区
# the characters that end an administrative unit's name (广东省, 深圳市, 苍梧县, 南山区 …)
_ADMIN_CHARS = "省市县区州旗盟镇乡"
_ADMIN_UNITS = re.compile(rf"(?:[\u4e00-\u9fff]{{1,6}}?[{_ADMIN_CHARS}])*")


def governs_place(name: str) -> bool:
    """Whether *name*, if it ends in a government ending (``entities/government_endings.txt``),
    names the place it governs before it (上海市人民政府 yes, 发展政府 no); other names pass.

    >>> governs_place("上海市人民政府"), governs_place("优惠政策来发展政府"), governs_place("甲银行")
    (True, False, True)
    """
    ending = next((e for e in sorted(_word_set("government_endings"), key=len, reverse=True) if name.endswith(e)), "")
    return not ending or _governs_place(name[:-len(ending)])


def _governs_place(head: str) -> bool:
    """Whether the words before a government ending name what it governs.

    >>> [_governs_place(h) for h in ("上海市", "印度", "成都市青羊区人民", "中央", "健全", "交还给", "上海市人民政府作", "谷城县人民")]
    [True, True, True, True, False, False, False, True]
    """
    head = head.removesuffix("人民")
    if head in _word_set("government_heads"):
        return True
    place, rest = split_place(head)
    if not place and (_is_place(head) or word_tag(head) == "ns"):
        return True  # 印度: split_place keeps a name's last part; 谷城县: a county jieba knows as a place
    return bool(place) and _ADMIN_UNITS.fullmatch(rest) is not None


# words that join two fields inside a body's name (世界经济与政治研究所)
_NAME_JOINERS = ("与", "及", "和")
# jieba tags of a field on either side of such a join: common nouns and verbs, not names of people,
# places or organisations (联合体|与|达卡…: nt, nrt)
_FIELD_TAGS = frozenset({"n", "vn", "v", "nz", "an"})


def _noun_before(words_of: Words, at: int) -> bool:
    """Whether a field noun of two characters or more ends at *at* (治理 in 治理|与, not 将 or 已,
    nor an organisation: 甲集团|与 乙研究院 are two names). A field that is also an industry ending
    (金融, 经济; 国际金融 with its scope) is one only after its owner's name or place
    (上海|金融与法律研究院, 上海|国际金融与经济研究院, 某商学院|金融与…),
    where no brand can stand before it (东川|银行|与 is a bank)."""
    tok = words_of.ending_at(at)
    if tok is None or len(tok.text) < 2 or word_tag(tok.text) not in _FIELD_TAGS \
            or tok.text in _word_set("verbs") or tok.text in _gazetteer_words():
        return False
    if not tok.text.endswith(tuple(suffix_table())):
        return True
    owner = words_of.ending_at(tok.start)
    # 上海|国际金融|与经济研究院: a scope word may stand before the field
    field = any(tok.text.startswith(scope) and tok.text[len(scope):] in suffix_table()
                for scope in ("", *_word_set("body_scopes")))
    return field and owner is not None \
        and (_is_place(owner.text) or owner.text in _gazetteer_words() or word_tag(owner.text) == "nt")


# tags of words inside a public body's name that jieba reads as a verb or a time word (导航, 未来)
_NAME_VERB_TAGS = {"v", "vn", "t"}
# tags that a place-led chunk before a body's name never holds: function words, pronouns, numbers
_CHUNK_STOP_TAGS = _STOP_TAGS - _NAME_VERB_TAGS - {"f"}


def _place_led_reach(text: str, words_of: Words, pos: int) -> int | None:
    """Where a public body's name that stopped at *pos* really starts, when the clause before it
    is a short run of name words led by a place: "，中国卫星导航|定位协会" starts at 中国. No run
    with a verb of ``verbs.txt``, a function word, a role or a known name qualifies
    ("，参加|中国证券业协会" keeps its edge).

    >>> text = "日前，中国卫星导航定位协会副会长表示"
    >>> _place_led_reach(text, Words(text), 9)
    3
    """
    start = max(text.rfind(c, 0, pos) for c in _PUNCT) + 1
    if not 2 <= pos - start <= 10:
        return None
    toks: list[str] = []  # the words of the run, as the name's own walk cut them
    at = pos
    while at > start:
        tok = words_of.ending_at(at)
        if tok is None or tok.start < start:
            return None
        toks.insert(0, tok.text)
        at = tok.start
    if not _is_place(toks[0]):
        return None
    verbs, boundary, roles, known = _word_set("verbs"), _lexicon()[0], role_words(), _gazetteer_words()
    for w in toks:
        if w in verbs or w in boundary or w in roles or (w in known and not _is_place(w)) \
                or word_tag(w) in _CHUNK_STOP_TAGS or not _CJK_RE.match(w):
            return None
    return start


# classes of names whose brand may be a plain word (极光科技, 晨光资本) when its left edge is clear
_COMPANY_TYPES = {"Bank", "Insurer", "SecuritiesFirm", "AssetManager", "InvestmentFirm", "FintechCompany",
                  "TechCompany", "Company"}
# a word this common that starts with a known name's last character and runs on past it
# (部门 after 财政部) means the name was only the start of another word
_STRADDLE_FREQ = 1000
# a dictionary word seen at most this often is no description but a piece of an unknown name
_RARE_FREQ = 5
# suffix kinds that, between a place and a legal form, make a registered name (上海|资信|有限公司)
_LEGAL_BRAND_KINDS = ("industry", "inner", "group")
# a dictionary noun seen more often than this describes (传统, 部分, 整体) rather than names (极光, 晨光)
_BRAND_MAX_FREQ = 1000
# tags of single characters that are verbs or particles: a brand made only of them is a
# phrase (暗|增银行), and one before a word ends a phrase (令|光耀东方集团), unlike 高 of 高伟达
_LOOSE_SINGLE_TAGS = {"v", "p", "c", "u", "uj", "ul", "d", "r", "m"}


def _descriptive_cut(words: list[str], group: bool) -> int:
    """How many leading words to drop so that the brand starts after the last description
    or verb: 中国最大制笔企业|贝发集团, 助力江北新区建设|数字金融, 战略股东|X资本."""
    _, generic, *_ = _lexicon()
    table = suffix_table()
    verbs = _word_set("verbs")
    descriptors, endings = _descriptors()
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        last = all(x in table for x in words[i + 1:])  # 广播|公司, 教育|咨询|公司: an industry word
        if len(w) == 1:
            run = i  # a run of loose single characters ending here: 约|占 in 养老金|约|占|委托专业资产管理
            while run > 0 and len(words[run - 1]) == 1 and word_tag(words[run - 1]) in _LOOSE_SINGLE_TAGS:
                run -= 1
            if not last and len(words[i + 1]) > 1 and word_tag(w) in _LOOSE_SINGLE_TAGS \
                    and (run == 0 or len(words[run - 1]) > 1):
                return i + 1  # 令|光耀东方集团, 占到|整体银行: a loose verb or particle before a word (美盛环球 stays)
            continue
        if _is_place(w) or _is_bracket_place(w):
            continue
        if w in verbs and not (last and group) or not last and (
                w in generic or w in descriptors or w.endswith(endings) and w not in table
                or word_tag(w) in ("v", "vn", "vd", "vi") and w not in table):
            return i + 1  # 建设|数字金融, 制笔企业|贝发集团; 广播公司, 中核建设集团 keep their industry word
    return 0


@lru_cache(maxsize=None)
def _word_set(name: str) -> frozenset[str]:
    """The words of ``kg/lexicon/entities/<name>.txt`` (verbs, measure_words, brand_suffixes …)."""
    return frozenset(read_lines(f"entities/{name}.txt"))


@lru_cache(maxsize=None)
def _descriptors() -> tuple[frozenset[str], tuple[str, ...]]:
    lines = read_lines("entities/descriptors.txt")
    return frozenset(w for w in lines if not w.startswith("-")), tuple(w[1:] for w in lines if w.startswith("-"))


_NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两几多数]\s*$")


def _after_number(text: str, pos: int) -> bool:
    return bool(_NUMERAL.search(text[max(0, pos - 3):pos]))


@lru_cache(maxsize=None)
def role_words() -> frozenset[str]:
    """The person roles and honorifics of ``roles.txt`` (董事长, 分析师, 女士 …)."""
    return frozenset(r.lstrip("~") for r in read_lines("roles.txt"))


def _sponsor(name: str) -> bool:
    """A known company that may lend its name to a fund or a foundation (中国国新基金, 腾讯基金会);
    a public body's name before 基金 starts one of its departments (证监会基金部)."""
    gaz = gazetteer()
    types = {gaz.entries[k].type for k in gaz.by_name.get(name_form(name), ())}
    return bool(types) and types <= _COMPANY_TYPES


@lru_cache(maxsize=None)
def _public_body(name: str) -> bool:
    """Whether a gazetteer name is a government body or a non-company organisation (国务院, 上交所)."""
    gaz = gazetteer()
    return any(gaz.entries[k].type in ("GovernmentBody", "Organization") for k in gaz.by_name.get(name_form(name), ()))


@lru_cache(maxsize=None)
def _gazetteer_words() -> frozenset[str]:
    gaz = gazetteer()
    return frozenset(n for e in gaz.entries.values() if e.type != "Place" for n in e.names if not n.isascii())


def _has_brand(words: list[str], kinds: list[str], suffix: str, clear_edge: bool = False) -> bool:
    """Whether the words before the suffix name something rather than describe it.

    *clear_edge*: the name starts at a clause start, punctuation, a function word or a
    verb, so a short plain word there is a brand (晨光资本投资了|极光科技).
    """
    boundary, generic, *_ = _lexicon()
    table = suffix_table()
    if any(_is_bracket_place(w) for w in words) and len("".join(words)) >= 4:
        return True  # a legal name with a bracketed place: 中小银行互联网金融（深圳）联盟
    rest = [w.strip() for w in words if w.strip()]
    had_place = False
    while rest and (_is_place(rest[0]) or rest[0] == "中国"):
        rest.pop(0)
        had_place = True
    # single characters count as part of an unknown name even when they are generic words alone (云帆)
    distinct = [w for w in rest if (len(w) == 1 or w not in generic) and w not in table and not _is_place(w)]
    if not distinct:
        # 上海市政府, 马来西亚征信局: a place and a body's name; 吉林银行: a city's bank
        last = _last_suffix(suffix)
        if had_place and not rest and suffix in _word_set("place_suffixes") and not (words and words[0] == "中国") \
                and not words[-1].endswith("省"):
            return True
        if had_place and not rest and kinds[-1] == "legal" and any(k in _LEGAL_BRAND_KINDS for k in kinds[:-1]):
            return True  # 上海资信有限公司: a place, an industry word and a legal form are a registered name
        if had_place and (rest or len(kinds) > 1) and words[0] != "中国" and last in _word_set("place_body_endings"):
            return True  # 深圳市金融科技协会, 上海国际能源交易中心: a place, its field and a body's ending
        return had_place and kinds[-1] == "org" and table[last][0] in ("GovernmentBody", "FintechCompany") \
            and not (words and words[0] == "中国" and len(rest) == 0 and len(words) == 1)
    if "weak" in kinds[:-1] and kinds[-1] == "group":
        return False  # 公司股份, 企业集团: shares of a company, not a name
    if "legal" in kinds or kinds[-1] == "org":
        return len("".join(distinct)) >= 2 or "".join(distinct).isascii()
    # 银行, 金融, 科技, 公司 alone: the brand must look like a name, not a common word
    if any(_name_like(w) for w in distinct if len(w) > 1 or w.isascii()):
        return True
    if clear_edge and distinct == rest and _last_suffix(suffix) in _word_set("brand_suffixes") and _plain_brand(rest, suffix):
        return True
    if all(k == "weak" for k in kinds):
        return False
    # characters jieba could not join into a dictionary word are an unknown name (中邮资本), and so
    # are pieces it joined only into a word it has hardly ever seen (高|伟达软件公司)
    pieces = [w for w in distinct if not w.isascii() and (len(w) == 1 or _rare_piece(w))]
    return len(pieces) >= 2 and not all(len(w) == 1 and word_tag(w) in _LOOSE_SINGLE_TAGS for w in pieces)


def _rare_piece(word: str) -> bool:
    """A two-character dictionary word too rare to describe anything, so part of an unknown
    name (伟达); longer rare entries are set phrases (金融资产, 明确规定), not name pieces."""
    return len(word) == 2 and bool(_CJK_NAME.fullmatch(word)) and word_freq(word) <= _RARE_FREQ \
        and word_tag(word) not in _STOP_TAGS


def _plain_brand(words: list[str], suffix: str = "") -> bool:
    """A brand of two to four characters made of rare dictionary nouns or loose characters
    (极光, 晨光, 云|启, 数|衡), none of them a description, verb or frequent word."""
    _, generic, *_ = _lexicon()
    descriptors, endings = _descriptors()
    brand = "".join(words)
    if not 2 <= len(brand) <= 4 or not _CJK_RE.match(brand[0]) or brand in suffix_table() \
            or any(brand + suffix[:n] in generic for n in range(len(suffix) + 1)) \
            or brand in descriptors or brand.endswith(endings):
        return False  # 区|块|链 is still 区块链, 对冲|基金集团 starts with 对冲基金, 证券类
    singles = 0
    for w in words:
        tag = word_tag(w)
        if len(w) == 1:
            singles += tag in _LOOSE_SINGLE_TAGS
            continue
        if tag not in ("", "n", "nr", "ns", "nz", "nt", "nrt", "nrfg", "j", "a") or word_freq(w) > _BRAND_MAX_FREQ \
                or w in descriptors or w.endswith(endings):
            return False  # 保险业, 餐饮: an industry, not a brand
    return singles < sum(len(w) == 1 for w in words) or singles == 0


def _last_suffix(suffix: str) -> str:
    table = suffix_table()
    for size in range(len(suffix), 0, -1):
        if suffix[-size:] in table:
            return suffix[-size:]
    return suffix


def _name_like(word: str) -> bool:
    if word.isascii():
        return any(c.isalnum() for c in word)
    return word_tag(word) in _NAME_TAGS


# a committee is named with the public body it belongs to (国务院关税税则委员会, 央行货币政策委员会);
# its own name may hold verbs (科技监管工作委员会) but no function word between it and the body
_COMMITTEE = "委员会"
_FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "r", "d"})
_SUBUNIT = ("学院", "研究中心", "研究所", "研究院", "实验室", "中心", "分行", "支行", "分公司")


def _nested(span: Span) -> list[Span]:
    """An organisation named inside a sub-unit's name: 清华大学 in 清华大学五道口金融学院."""
    if not span.text.endswith(_SUBUNIT):
        return []
    out = []
    gaz = gazetteer()
    # the longest known name that opens the unit's name and is not all of it (招商银行 in the known
    # 招商银行研究院)
    prefixes = [(end, hit) for end, hit in gaz.chinese.iter(span.text)
                if end + 1 < len(span.text) and end + 1 == len(hit[0])]
    if prefixes:
        end, (name, keys) = max(prefixes, key=lambda p: p[0])
        inner = _gaz_span(span.start, span.start + end + 1, name, keys)
        out.append(Span(inner.start, inner.end, inner.text, inner.type, "nested", inner.key, inner.strength))
        return out
    m = re.match(f"[{CJK}]{{2,12}}?大学", span.text) or _firm_before_research().match(span.text)
    if m and m.end() < len(span.text):
        typ, strength = type_of_name(m.group())
        out.append(Span(span.start, span.start + m.end(), m.group(), typ, "nested", "", strength))
    return out


@lru_cache(maxsize=None)
def _firm_before_research() -> re.Pattern:
    """A bank's name before a research unit named for its field (东川银行|金融研究中心): the bank is
    named inside the unit's name. Only a bank: before other industry words (房地产, 证券, 光电) the
    words often name a field or an institute of its own (某市房地产研究中心, 某证券期货研究院)."""
    research = _alternation(read_lines("relations/research_endings.txt"))
    return re.compile(rf"[{CJK}]{{2,8}}?银行(?=[{CJK}]{{1,8}}(?:{research})$)")


# --- public funds named after their manager -------------------------------------

def _fund_product_spans(text: str, words: Words, spans: list[Span]) -> list[Span]:
    """A public fund named after its manager's brand (``entities/fund_brands.tsv``): 华夏|上证50ETF,
    易方达|消费行业基金, 银华|内需精选基金. The fund is a product and the manager stays nested in it
    (the name states who runs it, :mod:`kg.extract.units`).

    >>> [(s.text, s.type, s.key) for s in _fund_product_spans("华夏上证50ETF逆市流入", Words("华夏上证50ETF逆市流入"), [])]
    [('华夏上证50ETF', 'Product', ''), ('华夏', 'AssetManager', '华夏基金')]
    """
    out = []
    brands = _fund_brands()
    for m in _fund_re().finditer(text):
        start, brand, body = m.start(), m.group("brand"), m.group("body")
        if start not in words or _FUND_STOPS & set(body) or body.startswith(("基金", "资产", "资本", "证券")):
            continue  # 易方达基金和南方基金, 招商证券: the company, not one of its funds
        if m.group("end").endswith("基金") and not m.group("end").startswith(("ETF", "联接")) \
                and not any(k in body for k in _fund_kinds()):
            continue  # 招商|引资基金: a fund's name says what it holds or how
        if any(s.start <= start < s.end and s.end > start + len(brand) and s.end < m.end() for s in spans):
            continue  # 招商银行, 南方电网: a longer name opens at the brand
        out.append(Span(start, m.end(), m.group(), "Product", "pattern:fund", "", 2))
        out.append(Span(start, start + len(brand), brand, "AssetManager", "nested", brands[brand], 3))
    return out


# what a fund's name never holds: a list, a particle, a count of funds (两只), an owner (旗下), an
# amount or the preposition before it (以百亿…)
_FUND_STOPS = frozenset("的和与及等在为是了家或只下以亿元")


@lru_cache(maxsize=None)
def _fund_brands() -> dict[str, str]:
    """Brand -> the manager's gazetteer key."""
    gaz = gazetteer()
    out = {}
    for row in read_tsv("entities/fund_brands.tsv"):
        keys = gaz.by_name.get(name_form(row["manager"]))
        if not keys:
            raise LexiconError(f"{lexicon_path('entities/fund_brands.tsv')}: manager {row['manager']!r} "
                               f"of brand {row['brand']!r} is no gazetteer name")
        out[row["brand"]] = keys[0]
    return out


@lru_cache(maxsize=None)
def _fund_kinds() -> tuple[str, ...]:
    return read_lines("entities/fund_kinds.txt")


@lru_cache(maxsize=None)
def _fund_re() -> re.Pattern:
    brands = "|".join(map(re.escape, sorted(_fund_brands(), key=len, reverse=True)))
    return re.compile(rf"(?P<brand>{brands})(?P<body>[{CJK}A-Za-z0-9]{{2,16}}?)"
                      r"(?P<end>ETF联接基金|ETF联接|ETF|LOF|联接基金|基金)(?:[A-C](?![A-Za-z0-9]))?"
                      # 某某精选|基金经理 is a post, 某某|基金公司 the manager
                      r"(?!经理|公司|管理|业|会|份额)")


# --- departments of public bodies ---------------------------------------------

def _department_spans(text: str, spans: list[Span]) -> list[Span]:
    """A public body's named department, read where its head's post follows (商务部|外贸司|副司长,
    证监会|上市部|主任) or what it publishes (国家统计局|投资司|发布, 国务院|办公厅|印发). The
    department is a mention of its own (its head works there) and the body stays nested in it (the
    department is its unit, :mod:`kg.extract.units`)."""
    out = []
    for span in spans:
        if span.type != "GovernmentBody" or span.method == "nested":
            continue
        m = _department_re().match(text, span.end)
        if m is None:
            continue
        part = m.group(1)
        if part.startswith(read_lines("entities/department_stop_starts.txt")) or not _one_unit(part, _DEPARTMENT_STOPS) \
                or part.endswith(legal_forms()) or any(o.start < m.end(1) and span.end < o.end for o in spans):
            continue  # 相关司局|负责人, 首席风险官兼办公厅|主任, 会见了腾讯公司|董事长: no one department
        out.append(Span(span.start, m.end(1), text[span.start:m.end(1)], "GovernmentBody", "pattern:department",
                        "", span.strength))
        out.append(Span(span.start, span.end, span.text, span.type, "nested", span.key, span.strength))
    return out


def _local_government_spans(text: str, words: Words, spans: list[Span]) -> list[Span]:
    """A place's government named by its official's post (``entities/local_government.tsv``):
    深圳市|市长, 深圳|市委|书记, 广东省人力资源社会保障|厅|厅长. The longest run of words before
    the post that is a place, or a place and its committee or department, is the body."""
    kinds = _local_kinds()
    taken = [(s.start, s.end) for s in spans if s.method != "nested"]
    out = []
    for m in _local_post_re().finditer(text):
        end, post = m.start(), m.group("post")
        for start in range(max(0, end - _MAX_LOCAL), end - 1):
            name = text[start:end]
            if not _CJK_NAME.fullmatch(name) or any(a < end and start < b and not start <= a < b <= end for a, b in taken):
                continue  # a name across the body's edge; one inside it is part of it (深圳市发展和|改革委员会)
            first = words.starting_at(start)
            if first is None or word_tag(first.text) in _STOP_TAGS and not _is_place(first.text):
                continue  # 与|上海市: the name starts at a word that may open a name
            if name[-1] != post[0] and kinds.get(post) == "place" and m.end() not in words:
                continue  # 马鞍山市长江钢厂 is 马鞍山市|长江: the holder's name must start a word
            if _local_body(name, post, kinds):
                out.append(Span(start, end, name, "GovernmentBody", "pattern:local-government", "", 2))
                break
    return out


# the longest local body read before a post (武汉市东湖高新区发展改革局: 15)
_MAX_LOCAL = 18


def _local_body(name: str, post: str, kinds: dict[str, str]) -> bool:
    """Whether *name*, right before *post*, is a place's government, committee or department."""
    if kinds.get(post) == "place":
        # the post heads the kind of place the name ends with (深圳市|市长, 岑溪市|副市长, 深圳|市长)
        return _governs_place(name) or name[-1] == post[0] and 2 <= len(name) <= 4
    if post not in role_words():
        return False
    for word, kind in kinds.items():
        if kind == "place" or not name.endswith(word) or len(name) <= len(word):
            continue
        head = name[:-len(word)]
        if kind == "committee":
            # 深圳|市委: the committee's 市 closes the place (深圳市); 雄安新区|党工委
            closes = word[0] in _ADMIN_CHARS
            if _governs_place(head + word[0] if closes else head) and not (closes and head.endswith(tuple(_ADMIN_CHARS))):
                return True
        elif kind == "body":
            place, rest = split_place(head)
            if not place and _governs_place(head):
                return True  # 深圳市|政府
            if not place:  # 国家|测绘地理信息|局: a national body, led by what it governs
                place = next((w for w in _word_set("government_heads") if head.startswith(w)), "")
                rest = head[len(place):]
            if place and rest and _one_unit(rest, _LOCAL_BODY_STOPS) \
                    and not any(w in rest for w in _body_words()) and _governs_place(place):
                return True  # 广东省|人力资源和社会保障|厅 (a ministry's full name holds 和), not 福建|企业总商会党|委
                # nor 深圳市|国资委党|委: a party committee is read as one, after a place
    return False


@lru_cache(maxsize=None)
def _body_words() -> tuple[str, ...]:
    """Endings of organisations' own names (协会, 商会, 公司, 集团): a place's department holds none."""
    return tuple(w for w, (_, kind) in suffix_table().items() if kind in ("org", "legal", "group") and len(w) > 1)


@lru_cache(maxsize=None)
def _local_kinds() -> dict[str, str]:
    return {row["word"]: row["kind"] for row in read_tsv("entities/local_government.tsv")}


@lru_cache(maxsize=None)
def _local_post_re() -> re.Pattern:
    places = [w for w, k in _local_kinds().items() if k == "place"]
    return re.compile(f"(?:常务)?(?:副|代)?(?P<post>{_alternation((*places, *_post_words()))})")


# characters a department's name never holds: a list, a verb's particle, a second post (兼), an
# addressee (向) or a day (近日); a place's department may hold 和 (人力资源和社会保障厅) but no 党
# (深圳市国资委党委 is a committee)
_DEPARTMENT_STOPS = frozenset("兼、和与及的了在向日")
_LOCAL_BODY_STOPS = _DEPARTMENT_STOPS - {"和"} | {"党"}


def _one_unit(part: str, stops: frozenset[str]) -> bool:
    """Whether *part* can name one department: no character of *stops*, no post inside it."""
    return not stops & set(part) and not any(role in part for role in role_words())


@lru_cache(maxsize=None)
def _post_words() -> tuple[str, ...]:
    """The posts of ``roles.txt`` that may follow a body's name (two characters or more)."""
    return tuple(r for r in role_words() if len(r) > 1)


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w))))


@lru_cache(maxsize=None)
def _department_re() -> re.Pattern:
    endings = "|".join(map(re.escape, read_lines("entities/government_departments.txt")))
    # the department is named before its head's post, or before what it publishes (国家统计局|投资司|发布)
    publishes = "|".join(map(re.escape, read_lines("entities/department_acts.txt")))
    when = _alternation(read_lines("relations/time_words.txt"))
    return re.compile(f"([{CJK}]{{1,10}}?(?:{endings}))(?=(?:有关|相关)?副?(?:{_alternation(_post_words())})"
                      rf"|(?:{when}|\d{{1,2}}月\d{{1,2}}日)?(?:{publishes}))")


# --- English names -------------------------------------------------------------

def _english_spans(text: str) -> list[Span]:
    out = []
    for m in _english_org_re().finditer(text):
        name = m.group().strip()
        stop = m.start() + len(name)
        legal = _LEGAL_EN.match(text, stop)
        if legal:
            stop = legal.end()
            name = text[m.start():stop]
        if len(name.split()) < 2:
            continue  # a bare "Bank" or "Group" names nothing
        typ, strength = type_of_name(name)
        out.append(Span(m.start(), stop, name, typ, "pattern:english", "", strength))
    out.extend(_listed_english(text))
    return out


_ORG_NOUNS = ("公司", "企业", "机构", "厂商", "银行", "服务商", "提供商", "平台")


def _listed_english(text: str) -> list[Span]:
    """Capitalised names listed right after or before an organisation noun:
    "智能投顾公司 Betterment、Wealthfront 陆续成立", "如 UCloud、Ucloud 等云服务商"."""
    out = []
    item = r"[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*){0,2}"
    sep = r"\s*(?:、|，|,|及|和|与|以及)\s*"
    nouns = "|".join(_ORG_NOUNS)
    after = re.compile(rf"(?:{nouns})\s*((?:{item}{sep})+{item})")
    before = re.compile(rf"((?:{item}{sep})*{item})\s*等[{CJK}]{{0,8}}?(?:{nouns})")
    for rx in (after, before):
        for m in rx.finditer(text):
            for n in re.finditer(item, m.group(1)):
                name = n.group()
                if name.isupper() and len(name) <= 4 or len(name) < 3 or name in _lexicon()[1]:
                    continue  # acronyms are mostly technologies (GPU, ODM); RQFII is a kind of investor
                start = m.start(1) + n.start()
                ctx = text[max(0, m.start() - 12):m.end() + 12]
                typ, strength = _org_noun_type(ctx)
                out.append(Span(start, start + len(name), name, typ, "pattern:list", "", strength))
    return out


def _org_noun_type(context: str) -> tuple[str, int]:
    from kg.extract.typing import type_from_context
    typ = type_from_context(context)
    return (typ, 1) if typ else ("Company", 0)


# --- persons -------------------------------------------------------------------

def _person_spans(text: str, bounds: Words) -> list[Span]:
    boundary, generic, role_any, role_after, surnames, *_ = _lexicon()
    out = []
    before_role, after_role = _person_res()
    # role before a name: "创始人周曦", "CEO 张三"
    for m in after_role.finditer(text):
        start = m.end()
        foreign = _transliterated(text, start, bounds)
        if (len(foreign) >= 4 or len(foreign) == 3 and foreign[0] not in surnames and foreign[:2] not in surnames
                and word_tag(foreign) in ("", "nr", "nrt", "nrfg")) and not word_tag(text[m.start():start + 1]):
            out.append(Span(start, start + len(foreign), foreign, "Person", "pattern:person", "", 2))
            continue  # 首席经济学家|戈皮纳特, 总裁|拉加德: a foreign name of four syllables, or of three
            # that start with no surname and make no dictionary word
        # a compound surname takes one or two characters more: "主任欧阳泽华"
        for size in (4, 3) if text[start:start + 2] in surnames else (3, 2):
            cand = text[start:start + size]
            stop = start + size
            # a name is Chinese characters only: "主席肖钢19日" gives 肖钢, "王兴、" gives 王兴
            if size >= 3 and cand[-1:] in _word_set("name_followers"):
                continue  # 总裁李四说: the name is 李四
            if word_tag(text[m.start():start + 1]):
                break  # the role and the next character are one word: 主席国|后 is no 主席 and a name
            # jieba may glue the name's end to the speech word after it (局长徐德|明说)
            if len(cand) == size and (stop in bounds or text.startswith(tuple(_word_set("speech_verbs")), stop)) \
                    and _CJK_NAME.fullmatch(cand) \
                    and _person_ok(cand, text, start, None, surnames, boundary, after_role=True):
                out.append(Span(start, stop, cand, "Person", "pattern:person", "", 2))
                break
    # where a role is followed by a name ("甲国际首席执行官乙"), what stands before it is no name
    named = {s.start for s in out}
    # name before a role: "蔡宇宁 分析师", "周涛教授", "朱劲杰女士"
    more_roles = _more_roles()
    for m in before_role.finditer(text):
        if m.end() in named or more_roles.match(text, m.end()).end() in named:
            continue  # 甲国际首席经济学家、董事总经理乙: the name follows the last of the posts
        name = m.group(1)
        for size in (4, 3, 2):
            cand = text[m.end(1) - size:m.end(1)] if m.end(1) - size >= m.start(1) else ""
            if size == 4 and cand[:2] not in surnames:
                continue
            if cand[-1:] == text[m.end(1):m.end()].strip()[:1]:
                continue  # 工信厅|厅长, 某局|局长: the character is the body's, the name follows the role
            if len(cand) == size and _person_ok(cand, text, m.end(1) - size, bounds, surnames, boundary):
                out.append(Span(m.end(1) - size, m.end(1), cand, "Person", "pattern:person", "", 2))
                break
    for m in re.finditer(rf"[{CJK}]{{1,12}}·[{CJK}]{{1,8}}", text):  # 12: a long post before the name is cut off below
        left, right = m.group().split("·", 1)
        cut_left = max((left.rfind(r) + len(r) for r in role_after if r in left), default=0)
        left = left[cut_left:][-4:]
        right = re.split(f"[{''.join(w for w in boundary if len(w) == 1)}]", right, maxsplit=1)[0]
        right = _before_verb(right)  # 丹尼尔·弥内尔|出席
        name = f"{left}·{right}"
        if len(left) >= 1 and len(right) >= 1 and not name.endswith(tuple(suffix_table())):
            start = m.start() + m.group().index("·") - len(left)
            out.append(Span(start, start + len(name), name, "Person", "pattern:person", "", 2))
    return out


def _transliterated(text: str, start: int, bounds: Words | None = None) -> str:
    """The run of transcription characters (``entities/transliteration_chars.txt``) at *start*,
    up to eight, cut back to a word boundary of *bounds* (鲍威尔|本月: 本 starts the next word).

    >>> _transliterated("首席经济学家戈皮纳特预计", 6), _transliterated("行长易纲表示", 2)
    ('戈皮纳特', '')
    """
    chars = transliteration_chars()
    stop = start
    while stop < len(text) and stop - start < 8 and text[stop] in chars:
        stop += 1
    while bounds is not None and stop > start and stop < len(text) and stop not in bounds:
        stop -= 1
    return text[start:stop]


@lru_cache(maxsize=None)
def department_endings() -> tuple[str, ...]:
    """Endings of a department's name inside an organisation (``entities/department_endings.txt``)."""
    return tuple(read_lines("entities/department_endings.txt"))


@lru_cache(maxsize=None)
def transliteration_chars() -> frozenset[str]:
    """The characters of ``entities/transliteration_chars.txt`` (transcribed foreign names)."""
    return frozenset(c for line in read_lines("entities/transliteration_chars.txt") for c in line.split())


def _before_verb(part: str) -> str:
    """A transliterated name's part up to the verb, adverb, time word or speech word that follows it
    (弥内尔|出席, 马科维茨|表示, 马科维茨|公开表示, 马科维茨|昨日: the words after a name in
    ``roles.txt``); the name's own syllables are not dictionary words of those kinds of two characters.

    >>> _before_verb("马科维茨坦言"), _before_verb("马科维茨出席"), _before_verb("马科维茨公开表示")
    ('马科维茨', '马科维茨', '马科维茨')
    """
    pos = 0
    for t in tokens(part):
        if pos and len(t.text) >= 2 and (word_tag(t.text).startswith(("v", "d", "ad", "t")) or t.text in _lexicon()[3]):
            return part[:pos]
        pos = t.end
    return part


@lru_cache(maxsize=None)
def _more_roles() -> re.Pattern:
    """Further posts joined to one just read (首席|策略师、董事总经理, 兼行长, 、执行董事): the rest of the
    post, then more posts after 、 or 兼, each with up to four characters of modifier; the
    holder's name follows the last."""
    return re.compile(rf"(?:[{CJK}]{{0,6}}?[、兼及和]\s?[{CJK}]{{0,4}}?(?:{_any_role()}))*")


@lru_cache(maxsize=None)
def _any_role() -> str:
    """Every role of ``roles.txt``, before or after a name, as one alternation, longest first."""
    _, _, role_any, role_after, *_ = _lexicon()
    return "|".join(map(re.escape, sorted(set(role_any) | set(role_after), key=len, reverse=True)))


@lru_cache(maxsize=None)
def _person_res() -> tuple[re.Pattern, re.Pattern]:
    _, _, role_any, *_ = _lexicon()
    leading = "|".join(map(re.escape, sorted(role_any, key=len, reverse=True)))
    return re.compile(rf"([{CJK}]{{2,4}}?)\s?(?:{_any_role()})"), re.compile(rf"(?:{leading})\s?(?=[{CJK}]{{2}})")


def name_shape_ok(name: str) -> bool:
    """Whether *name* may be a person's, whoever found it: it ends in no character of a post or a
    unit (``entities/person_stop_endings.txt``: 党委副|书记, 财政部农业司|负责人, 周总) and opens with
    no word that names no one (``entities/model_stop_names.txt``: 高管|表示, 官网上|表示).

    >>> name_shape_ok("林舒"), name_shape_ok("农业司"), name_shape_ok("高管")
    (True, False, False)
    """
    return name[-1] not in _word_set("person_stop_endings") and name[:2] not in _word_set("model_stop_names")


def _person_ok(cand, text, start, bounds, surnames, boundary, after_role=False) -> bool:
    if not (cand[0] in surnames or cand[:2] in surnames):
        return False
    if not name_shape_ok(cand):
        return False
    if cand[0] in boundary and not (after_role and cand[0] in _word_set("function_surnames") and _single_syllables(cand)):
        return False  # 由 is a surname too, but 由美国… is not a name; 副部长于某某 is one, 总裁于近日… not
    if bounds is not None and start not in bounds and not (start > 0 and not _CJK_RE.match(text[start - 1])):
        return False
    before_speech = after_role and len(cand) == 3 and text.startswith(_speech_words(), start + 3)
    given = cand[1:-1] if before_speech else cand[1:]
    if before_speech and all(len(t.text) == 1 for t in tokens(cand)):
        given = ""  # 院长盘|和|林|在接受: three single characters right before a speech word are the name
    if any(c in boundary and c not in _word_set("measure_words") for c in given):
        return False  # 李四和…; a measure word only stops a name after a number (刘士余 is a name); right
        # before a speech word a function character ends a name (主任柳东如|说, 主任陈新有|在)
    tag = word_tag(cand)
    if tag and tag not in ("nr", "nrfg", "nrt"):
        return False  # a dictionary word that is not a person name: 高级, 周期
    inner = [t.text for t in tokens(cand)]
    # a place may be the given name of a name right after a post and before what the person says
    # (发言人沈|丹阳|表示, 副会长苏|海南|指出); elsewhere it starts a phrase of its own
    given_place = after_role and len(cand) == 3 and cand[0] in surnames and text.startswith(_speech_words(), start + 3)
    return not any(len(w) > 1 and (word_tag(w) in _STOP_TAGS or _is_place(w) and not (given_place and w == cand[1:])
                                   or _public_body(w)) for w in inner)


@lru_cache(maxsize=None)
def _speech_words() -> tuple[str, ...]:
    """Words that follow a name (说, 称, 在, 表示, 指出: ``name_followers.txt`` and the words
    ``roles.txt`` lists after a name)."""
    return tuple(_word_set("name_followers")) + tuple(r.lstrip("~") for r in read_lines("roles.txt") if r.startswith("~"))


def _single_syllables(cand: str) -> bool:
    """Whether jieba reads *cand* as a surname and a given name (single characters, a person's name
    or an adjective: 于|明远, or a rare noun: 于|建军), no other dictionary
    word: after a role, 于|康|震 is a name and 于|近日, 余|额 are not.

    >>> _single_syllables("于康震"), _single_syllables("于建军"), _single_syllables("于近日"), _single_syllables("于是说")
    (True, True, False, False)
    """
    words = tokens(cand)
    return words[0].text == cand[0] and all(len(t.text) == 1 or word_tag(t.text).startswith("nr")
                                            or word_tag(t.text) == "a" or _rare_noun(t.text) for t in words)


# a noun that jieba's dictionary counts fewer times than this is read as a given name after a
# surname that is also a function word (学军: 5, 建军: 170); the nouns such a word precedes as a
# preposition (于会议上, 于大会) count thousands, and time words (于近日) are no nouns
_RARE_NOUN = 500


def _rare_noun(word: str) -> bool:
    """A noun or set phrase jieba hardly knows (学军, 鹏举), which a given name may be."""
    return word_tag(word) in ("n", "nz", "i", "l") and word_freq(word) < _RARE_NOUN


_QUOTED_PHRASE = re.compile(r"[、，,；;。！!？?]")


# --- products and places ---------------------------------------------------------

def _product_spans(text: str) -> list[Span]:
    *_, product_cues, product_heads, _ = _lexicon()
    out = []
    cues = "|".join(map(re.escape, product_cues))
    for m in re.finditer(rf"(?:{cues})(?:了|的|出|并)?[“\"「]([^”\"」]{{2,20}})[”\"」]", text):
        name = m.group(1)
        heads = tuple(_word_set("policy_heads"))
        if _QUOTED_PHRASE.search(name) or name.endswith(heads) or text.startswith(heads, m.end() + text.startswith("的", m.end())):
            continue  # “全方位、有实效”: a slogan; “36条”, “再融资新政”, “夜逛合伙人”计划: a policy or plan
        if not _suffix_re().search(name[-6:]) or name.endswith(tuple(product_heads)):
            out.append(Span(m.start(1), m.end(1), name, "Product", "pattern:product", "", 2))
    heads = "|".join(map(re.escape, sorted(product_heads, key=len, reverse=True)))
    for m in re.finditer(rf"[“\"「]([^”\"」]{{1,16}}(?:{heads}))[”\"」]", text):
        out.append(Span(m.start(1), m.end(1), m.group(1), "Product", "pattern:product", "", 2))
    return out


_LATIN_WORD = r"[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"
_LATIN_NAME = rf"(?<![A-Za-z0-9.\-]){_LATIN_WORD}(?: {_LATIN_WORD}){{0,2}}(?![A-Za-z0-9\-])"
# what may stand between a Latin name and the product noun after it: a few Chinese characters
# that are no function word (Foo 人脸识别算法, but not "Foo 和…平台")
_MODIFIER_CHARS = rf"[{CJK}]{{0,6}}?"
_LIST_SEP = r"\s*(?:、|及|和|以及|与)\s*"


@lru_cache(maxsize=None)
def _english_product_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    nouns = "|".join(map(re.escape, sorted(_word_set("product_nouns"), key=len, reverse=True)))
    before = re.compile(rf"({_LATIN_NAME})\s?({_MODIFIER_CHARS})(?:{nouns})")
    after = re.compile(rf"(?:{nouns})\s?({_LATIN_NAME})(?=\s*(?:[、，,。；;：:及和与等（(]|$))")
    # "Foo、Bar 均为开源软件", "Foo 是…区块链平台": the copula says what the names are
    copula = re.compile(rf"((?:{_LATIN_NAME}{_LIST_SEP})*{_LATIN_NAME})\s*(?:均为|均是|是|为)"
                        rf"[^，,。；;！？!?]{{0,24}}?(?:{nouns})(?=[，,。；;！？!?、\s]|$)")
    return before, after, copula


def _english_product_spans(text: str) -> list[Span]:
    """Latin-script names that the nouns around them make products: "甲公司的 Foo 人脸识别算法",
    "风险数据产品 QUX", "Foo、Bar 均为开源软件". Acronyms count only after the noun or before a
    copula (产品 ZED, "ZED 是…平台"): before a noun they are technologies (AI 芯片, GPU 算法).

    >>> [s.text for s in _english_product_spans("乙公司的 Quill Forge 云平台与产品 ZED、AI 芯片")]
    ['Quill Forge', 'ZED']
    """
    before, after, copula = _english_product_res()
    generic = _lexicon()[1]
    boundary = _lexicon()[0]
    found: list[tuple[int, int]] = []
    for m in before.finditer(text):
        name = m.group(1)
        if name.isupper() and len(name) <= 4 or any(c in boundary for c in m.group(2)):
            continue
        found.append(m.span(1))
    for m in after.finditer(text):
        found.append(m.span(1))
    for m in copula.finditer(text):
        if m.start() > 0 and text[m.start() - 1] not in _PUNCT | {" ", "的"}:
            continue  # the names must open the clause or follow 的: "…由乙管理的 Foo、Bar 是…"
        found.extend((m.start(1) + n.start(), m.start(1) + n.end())
                     for n in re.finditer(_LATIN_NAME, m.group(1)))
    out = []
    for start, end in found:
        name = text[start:end]
        if name in generic or all(w in generic for w in name.split()):
            continue
        out.append(Span(start, end, name, "Product", "pattern:product", "", 1))
    return out


def _listed_products(text: str, chosen: list[Span]) -> list[Span]:
    """Latin-script names listed with a product ("Foo 及 Bar", "Foo、Bar 和 Baz"): the list
    shares its kind, so they are products too.

    >>> [s.text for s in _listed_products("常用 Foo 及 Barnet 框架", [Span(3, 6, "Foo", "Product", "gazetteer")])]
    ['Barnet']
    """
    generic = _lexicon()[1]
    taken = {(s.start, s.end) for s in chosen}
    starts = {s.start for s in chosen}
    out: list[Span] = []
    todo = [s for s in chosen if s.type == "Product" and s.method != "nested"]
    nxt = re.compile(rf"{_LIST_SEP}({_LATIN_NAME})")
    while todo:
        s = todo.pop()
        m = nxt.match(text, s.end)
        if not m or m.start(1) in starts or m.group(1) in generic:
            continue
        if any(c.start < m.end(1) and m.start(1) < c.end for c in chosen):
            continue  # the next name is already something else
        span = Span(m.start(1), m.end(1), m.group(1), "Product", "pattern:list", "", 1)
        if (span.start, span.end) not in taken:
            taken.add((span.start, span.end))
            starts.add(span.start)
            out.append(span)
            todo.append(span)
    return out


def _place_spans(text: str) -> list[Span]:
    *_, place_cues = _lexicon()
    gaz = gazetteer()
    out = []
    for cue in place_cues:
        at = text.find(cue)
        while at >= 0:
            pos = at + len(cue)
            while pos < len(text) and text[pos] == " ":
                pos += 1
            start, last = pos, ""
            for _ in range(3):
                for n in range(min(8, len(text) - pos), 1, -1):
                    word = text[pos:pos + n]
                    if _is_place(word):
                        last, pos = word, pos + n
                        break
                else:
                    break
            if last:
                key = gaz.places.get(last) or gaz.places.get(last[:-1], last)
                out.append(Span(start, pos, text[start:pos], "Place", "pattern:place", key, 2))
            at = text.find(cue, at + 1)
    return out
