"""The learned name tagger: a character CRF that finds names no rule or list knows.

The rules of :mod:`kg.extract.mentions` find names they were written for (a known name, a
suffix such as 有限公司); news mostly writes short brands (蚂蚁, 拍拍贷, 某某国投) that
only context gives away. This module runs the shipped conditional random field
(``kg/models/ner.crfsuite``, trained by ``kg train ner``, see ``kg/models/README.md``) over
the characters of a sentence and returns the organisation and person names it tags.

Features are computed for a whole sentence in a few list passes (characters, their
neighbours, character classes and where a known name or an organisation ending lies), which
keeps the tagger within a small multiple of jieba's speed. The model is loaded lazily, once
per process; :func:`load` in the parent of a forked build shares it with the workers.

Learned spans pass :func:`plausible` (``kg/lexicon/entities/model_*.txt``), a filter of
general rules that rejects fragments, joined names, generic nouns and market terms, and
:func:`merge` puts them beside the rule spans (see its docstring for the policy).

>>> [(s.text, s.type, s.method) for s in model_spans("记者获悉，星火云链与北辰数科签署合作协议。")]
[('星火云链', 'Company', 'model'), ('北辰数科', 'FintechCompany', 'model')]
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick

from kg.lexicon import read_lines, read_tsv
from kg.extract.mentions import Span, gazetteer, governs_place, name_shape_ok, role_words, transliteration_chars
from kg.extract.typing import legal_forms, suffix_table, type_of_name

__all__ = ["MODEL_NAME", "model_path", "load", "features", "decode", "model_spans", "plausible", "merge"]

MODEL_NAME = "ner.crfsuite"
_PAD_L, _PAD_R = "\x02", "\x03"
_lock = threading.Lock()
_tagger = None
_NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}


def model_path() -> Path:
    """Where the shipped model lies inside the installed package."""
    return Path(str(resources.files("kg").joinpath("models", MODEL_NAME)))


def load(path: Path | None = None):
    """The process's tagger (opened on first use); *path* opens another model file instead."""
    global _tagger
    import pycrfsuite

    if path is not None:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        return tagger
    with _lock:
        if _tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(model_path()))
            _tagger = tagger
    return _tagger


# --- features ---------------------------------------------------------------------

def _char_class(ch: str) -> str:
    if "\u3400" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    return "P"


@lru_cache(maxsize=None)
def _lexicon() -> ahocorasick.Automaton:
    """Known names (gazetteer, places) and organisation endings, each with a coarse kind."""
    auto = ahocorasick.Automaton()
    kinds: dict[str, str] = {}
    for suffix, (_, kind) in suffix_table().items():
        if not suffix.isascii() and kind != "inner":
            kinds[suffix] = "S"
    for entry in gazetteer().entries.values():
        kind = {"Person": "P", "Place": "L", "Product": "D"}.get(entry.type, "O")
        for name in entry.names:
            if len(name) >= 2 and not name.isascii():
                kinds[name] = kind
    for row in read_tsv("places.tsv"):
        for name in [row["name"], *filter(None, row.get("aliases", "").split("|"))]:
            if len(name) >= 2:
                kinds.setdefault(name, "L")
    for name, kind in kinds.items():
        auto.add_word(name, (len(name), kind))
    auto.make_automaton()
    return auto


def _lexicon_marks(text: str) -> list[str]:
    """Per character: where the longest known name or ending covering it puts it (B/I/E + kind)."""
    marks = ["-"] * len(text)
    for end, (size, kind) in _lexicon().iter_long(text):
        start = end - size + 1
        marks[start] = "B" + kind
        for i in range(start + 1, end):
            marks[i] = "I" + kind
        marks[end] = "E" + kind
    return marks


_CLASSES: dict[str, str] = {}


def _classes(text: str) -> str:
    get = _CLASSES.get
    out = [get(c) for c in text]
    if None in out:
        for c in text:
            _CLASSES.setdefault(c, _char_class(c))
        out = [_CLASSES[c] for c in text]
    return "".join(out)


def features(text: str) -> list[list[str]]:
    """CRF features of every character of *text*: the same for training and tagging."""
    n = len(text)
    padded = _PAD_L + _PAD_L + text + _PAD_R + _PAD_R
    classes = _classes(padded)
    marks = _lexicon_marks(text)
    out = []
    for i, mark in enumerate(marks):
        j = i + 2
        out.append([
            "c" + padded[j], "p" + padded[j - 1], "n" + padded[j + 1],
            "P" + padded[j - 2], "N" + padded[j + 2],
            "pc" + padded[j - 1:j + 1], "cn" + padded[j:j + 2], "pn" + padded[j - 1] + padded[j + 1],
            "k" + classes[j - 1:j + 2], "m" + mark,
            "mp" + (marks[i - 1] if i else "^") + mark, "mn" + mark + (marks[i + 1] if i + 1 < n else "$"),
        ])
    return out


def decode(labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each B-/I- run of *labels*.

    >>> decode(["O", "B-ORG", "I-ORG", "O", "B-PER", "I-PER", "I-ORG"])
    [(1, 3, 'ORG'), (4, 6, 'PER')]
    """
    out, start, kind = [], -1, ""
    for i, label in enumerate([*labels, "O"]):
        if label.startswith("I-") and start >= 0 and label[2:] == kind:
            continue
        if start >= 0:
            out.append((start, i, kind))
            start = -1
        if label.startswith("B-"):
            start, kind = i, label[2:]
    return out


# --- spans --------------------------------------------------------------------------

def model_spans(text: str, tagger=None, words=None) -> list[Span]:
    """Organisation and person names the model tags in *text* that pass :func:`plausible`;
    with *words* (:class:`kg.extract.mentions.Words`) a name must also start and end on a word
    boundary (技有限公司 is the tail of 科技有限公司, no name)."""
    if not text.strip():
        return []
    tagger = tagger or load()
    labels = tagger.tag(features(text))
    out = []
    for start, end, kind in decode(labels):
        if kind not in ("ORG", "PER"):
            continue
        name = text[start:end].strip()
        start += len(text[start:end]) - len(text[start:end].lstrip())
        end = start + len(name)
        if kind == "ORG" and _after_role(text, start) and plausible(name, "PER") and not _ends_in_suffix(name):
            kind = "PER"  # 副主任|朱之鑫: right after a post, a surname and a given name are a person
        if kind == "ORG" and text.startswith(_field_posts(), end) and not _ends_in_suffix(name):
            name = _without_field(name)  # 甲乙|策略|分析师: the analyst's field is no part of the name
            end = start + len(name)
        if not plausible(name, kind):
            continue
        if words is not None and not (start in words and end in words):
            continue
        if name.isascii() and (_latin_near(text, start - 1) or _latin_near(text, end)):
            continue  # a Latin brand stands in Chinese text; inside English text it is any word
        if _cuts_latin(text, start, end):
            continue  # ETF|齐齐: a span that starts or ends inside a Latin word is a fragment
        if kind == "ORG" and (_cut_quote(text, start, end) or _cut_short(text, end)
                              or text.startswith(_noun_followers(), end)):
            continue  # “甲乙|丙丁”, 甲乙|基金: the tagger stopped inside a longer name; 甲科技|指数 names none
        if kind == "PER":
            out.append(Span(start, end, name, "Person", "model", "", 0))
        else:
            typ, strength = type_of_name(name)
            out.append(Span(start, end, name, typ, "model", "", min(strength, 1)))
    return out


@lru_cache(maxsize=1)
def _field_then_post() -> re.Pattern:
    """Up to eight characters of a field, then an analyst's post: 甲银行|亚洲外汇策略分析师."""
    return re.compile(r"[\u4e00-\u9fff]{0,8}?(?:" + "|".join(map(re.escape, _field_posts())) + ")")


@lru_cache(maxsize=1)
def _field_posts() -> tuple[str, ...]:
    return tuple(read_lines("entities/field_posts.txt"))


def _without_field(name: str) -> str:
    """*name* without the research fields that end it (甲乙策略 → 甲乙, 甲乙宏观 → 甲乙,
    ``entities/research_fields.txt``): before an analyst's post they are the post's field, not the
    firm's name; unchanged when no name would remain.

    >>> _without_field("甲乙策略"), _without_field("甲乙国际"), _without_field("策略")
    ('甲乙', '甲乙国际', '策略')
    """
    fields = _research_fields()
    rest = name
    while (field := next((f for f in fields if rest.endswith(f) and len(rest) - len(f) >= 2), None)):
        rest = rest[:-len(field)]
    return rest


@lru_cache(maxsize=1)
def _research_fields() -> tuple[str, ...]:
    return tuple(sorted(read_lines("entities/research_fields.txt"), key=len, reverse=True))


def _holder(tail: str) -> bool:
    """Whether what follows a post inside a learned span is a person's name: a Chinese name or a
    transcribed foreign one (总统|特朗普)."""
    return plausible(tail, "PER") or 2 <= len(tail) <= 6 and all(c in transliteration_chars() for c in tail)


def _after_role(text: str, start: int) -> bool:
    """Whether a role word (``roles.txt``: 副主任, 董事长 …) ends right at *start*."""
    return any(text.endswith(r, 0, start) for r in role_words())


# a public body's name + 基金 or 中心 is a department, a place's a region: only companies have arms
_NOT_COMPANY = {"Person", "Product", "Place", "GovernmentBody", "Organization"}


def _cut_short(text: str, end: int) -> bool:
    """Whether an organisation ending follows *end* directly or after one or two characters that
    could belong to the name (甲乙|基金, 中国国家主权|财富基金); 甲乙|旗下公司 is not cut short.

    >>> _cut_short("甲乙主权财富基金的", 4), _cut_short("甲乙旗下公司", 2), _cut_short("甲乙与丙公司", 2)
    (True, False, False)
    """
    if text.startswith(_suffix_words(), end):
        return True
    m = _NEAR_SUFFIX.match(text, end)
    if m is None:
        return False
    from kg.segment import cut

    gap = m.group(1)
    at = next((i for i in range(1, len(gap) + 1) if text.startswith(_suffix_words(), end + i)), 0)
    if not at:
        return False
    return not any(w in _boundary_words() or w in _verbs() for w in cut(text[end:end + at]))


_NEAR_SUFFIX = re.compile(r"([\u3400-\u9fff]{1,2})")


def _cuts_latin(text: str, start: int, end: int) -> bool:
    """Whether a span's first or last letter is Latin and the word goes on beyond it.

    >>> _cuts_latin("中日互通ETF齐齐发布", 6, 9), _cuts_latin("中日互通ETF齐齐发布", 4, 7)
    (True, False)
    """
    def letter(at: int) -> bool:
        return 0 <= at < len(text) and text[at].isascii() and text[at].isalnum()

    return letter(start) and letter(start - 1) or letter(end - 1) and letter(end)


def _latin_near(text: str, at: int) -> bool:
    """Whether a Latin letter or a space stands at *at* (or a space then a letter)."""
    return 0 <= at < len(text) and (text[at].isascii() and text[at].isalpha() or text[at] == " ")


_DATE = re.compile(r"[0-9０-９][年月日号]|[0-9０-９]$")
_JOINERS = "和与及"


def _joined(name: str) -> bool:
    """Two names joined by 和, 与 or 及 (甲科技和乙股份): a left part that is a name by its ending.

    >>> _joined("甲乙科技和丙丁股份"), _joined("中和农信")
    (True, False)
    """
    for i, c in enumerate(name):
        if c in _JOINERS and i >= 2 and len(name) - i > 2 and _ends_in_suffix(name[:i]):
            return True
    return False


@lru_cache(maxsize=None)
def _starts() -> tuple[str, ...]:
    return read_lines("entities/model_stop_starts.txt")


@lru_cache(maxsize=None)
def _verbs() -> frozenset[str]:
    return frozenset(read_lines("entities/verbs.txt"))


_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}


def _cut_quote(text: str, start: int, end: int) -> bool:
    """Whether a span starts a short quoted name but stops before its closing quote.

    >>> _cut_quote("简称“甲乙丙丁”）", 3, 5), _cut_quote("简称“甲乙丙丁”）", 3, 7)
    (True, False)
    """
    close = _QUOTES.get(text[start - 1]) if start > 0 else None
    if close is None:
        return False
    at = text.find(close, start)
    return at > end and at - start <= 12


@lru_cache(maxsize=None)
def _filters() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...], frozenset[str]]:

    names = frozenset(read_lines("entities/model_stop_names.txt")) | frozenset(read_lines("generic_nouns.txt"))
    endings = tuple(read_lines("entities/model_stop_endings.txt"))
    inner = tuple(read_lines("entities/model_stop_inner.txt"))
    surnames = frozenset(w for line in read_lines("entities/surnames.txt") for w in line.split())
    return names, endings, inner, surnames


_NAME_CHARS = set("()（）·&-. ")
# jieba tags that a brand may carry (organisation, other proper noun, abbreviation, place, Latin)
_BRAND_TAGS = {"nt", "nz", "j", "ns", "eng", "nrt"}
# tags of words that make a name without an ending a phrase instead (verbs, numerals, function words);
# jieba's adjective and adverb tags are too loose for it (宏远 a, 高新 d)
_PLAIN_TAGS = {"v", "vd", "m", "p", "c"}
# a dictionary word this frequent, with no proper-noun tag, is an ordinary word (智慧, 海量), no brand
_COMMON = 30
_COMMON_BRAND = 20000
_COMMON_WORDS = 2000
_COMMON_VERB = 500


@lru_cache(maxsize=1 << 16)
def plausible(name: str, kind: str) -> bool:
    """Whether a learned span can be a name: general rules from ``entities/model_stop_*.txt``,
    ``generic_nouns.txt`` and the descriptors; an organisation must keep a brand that is no
    place, generic noun or ordinary word once its endings are set aside.

    >>> plausible("村镇银行", "ORG"), plausible("甲乙研究部", "ORG"), plausible("甲方、乙方", "ORG")
    (False, False, False)
    >>> plausible("中国中小银行", "ORG"), plausible("智慧银行", "ORG"), plausible("俄罗斯", "ORG")
    (False, False, False)
    >>> plausible("星火云链", "ORG"), plausible("王某", "PER"), plausible("王小明", "PER"), plausible("董秘", "PER")
    (True, False, True, False)
    """
    names, endings, inner, surnames = _filters()
    if len(name) < 2 or name in names or name.endswith(endings) or any(w in name for w in inner) \
            or name.startswith(_starts()) or _DATE.search(name) or _joined(name):
        return False
    if name.count("（") != name.count("）") or name.count("(") != name.count(")") or name[0] in "（(":
        return False
    if not all(c.isalnum() or c in _NAME_CHARS for c in name):
        return False
    if name.isascii():
        # a Latin brand (Netflix), not an acronym (ETF, MLF, GDP): those the rules know by name
        return len(name) >= 3 and name[0].isupper() and " " not in name and not (name.isupper() and len(name) <= 5) \
            and kind == "ORG"
    if kind == "PER":
        return 2 <= len(name) <= 4 and (name[0] in surnames or name[:2] in surnames) and name[-1] not in "某等" \
            and not _function_word(name) and name not in role_words() and name_shape_ok(name)  # 董秘: 董 is a surname too
    if not governs_place(name):
        return False  # 优惠政策来发展政府: prose ending in 政府, no government
    if any(0 < (i := name.find(r)) and (i + len(r) == len(name) or _holder(name[i + len(r):]))
           for r in role_words() if len(r) >= 2):
        return False  # 美国总统特朗普: a post and its holder; 香港财政司司长: a post, no organisation
    brand = _brand(name)
    if brand and _legal(name):
        return True  # a registered name (…开发有限公司, …投资集团) may hold any word
    if not brand or brand in names or len(brand) < 2 and not _ends_in_suffix(name):
        return False
    if not name.startswith(brand) and _industry_word(brand):
        return True  # 上海|电气, 中国|化工: a place's industry names its firm
    if brand in _industries():
        return False
    return not _ordinary(name, brand)


def _function_word(name: str) -> bool:
    """A two-character "name" whose surname is a preposition, conjunction or adverb (向|云)."""
    from kg.segment import word_tag

    return len(name) == 2 and word_tag(name[0]) in ("p", "c", "d")


def _brand(name: str) -> str:
    """What is left of *name* without its leading places and its organisation endings."""
    from kg.extract.mentions import split_place

    if _is_place(name):
        return ""
    place, rest = split_place(name)
    if not rest or _is_place(rest):
        return ""
    if place and rest in _place_suffixes():
        return name  # 吉林银行, 上海证券: a place is the brand of these
    for _ in range(3):
        if rest.startswith("中国") and len(rest) > 2:
            rest = rest[2:]
        cut = next((w for w in _suffix_words() if rest.endswith(w) and len(w) < len(rest)), "")
        if not cut:
            break
        rest = rest[:-len(cut)]
    return rest


def _legal(name: str) -> bool:
    """Whether *name* ends in a legal form or a group word (有限公司, 集团)."""
    m = _legal_re().search(name)
    return m is not None and m.start() > 0


def _industry_word(word: str) -> bool:
    """An industry's name: a descriptor, or one plain noun of two characters or more (电气, 化工)."""
    from kg.segment import cut, word_tag

    return word in _industries() or len(word) >= 2 and cut(word) == [word] and word_tag(word) == "n"


@lru_cache(maxsize=None)
def _industries() -> frozenset[str]:
    from kg.extract.mentions import _descriptors

    return _descriptors()[0]


@lru_cache(maxsize=None)
def _place_suffixes() -> frozenset[str]:
    return frozenset(read_lines("entities/place_suffixes.txt"))


def _is_place(text: str) -> bool:
    return text in gazetteer().places


def _ordinary(name: str, brand: str) -> bool:
    """Ordinary words, no brand: a name holding a common verb or a word that never sits inside a
    name (出台, ``entities/boundary_words.txt``); a brand that is one common word (智慧|银行); a
    name without an ending that holds a verb, an adjective or a numeral (拉升, 完美), is common
    words only (国家|重点), or runs past four characters over a common word (深化农村宅基地)."""
    from kg.segment import cut, word_freq, word_tag

    pieces = [(w, word_freq(w), word_tag(w)) for w in cut(name)]
    if pieces[0][0] in _verbs():
        return True  # 深化|金融: the brand of a name starts after a verb (entities/verbs.txt)
    boundary = _boundary_words()
    # the words before the endings: 银泰|投资 and 水电|开发|公司 end in name words, not in verbs
    core = pieces if brand == name else [(w, word_freq(w), word_tag(w)) for w in cut(brand)]
    for i, (w, freq, tag) in enumerate(core):
        if w in boundary and (len(w) >= 2 or w == "的"):
            return True
        if len(w) >= 2 and tag == "v" and freq >= _COMMON_VERB and i + 1 < len(core):
            return True  # a verb with its object (出台|新政): a clause; a verb at the end names (江河|创建)
    if brand != name:
        return word_freq(brand) >= _COMMON_BRAND and word_tag(brand) not in _BRAND_TAGS
    words = [(w, freq, tag) for w, freq, tag in pieces if len(w) >= 2]
    if any(tag in _PLAIN_TAGS for _, _, tag in words):
        return True
    if len(name) > 4 and any(freq >= _COMMON_WORDS and tag not in _BRAND_TAGS for _, freq, tag in words):
        return True
    if len(pieces) == 1:  # jieba tags many brands nr (肯德基, 迪士尼): only plain words are ordinary
        return len(name) >= 2 and pieces[0][1] >= _COMMON and pieces[0][2] not in _BRAND_TAGS | {"nr", "nrfg"}
    return len(words) == len(pieces) and \
        all(freq >= _COMMON_WORDS and tag not in _BRAND_TAGS for _, freq, tag in words)


@lru_cache(maxsize=None)
def _boundary_words() -> frozenset[str]:
    return frozenset(read_lines("entities/boundary_words.txt"))


def merge(rule: list[Span], learned: list[Span], text: str = "") -> list[Span]:
    """The rule spans with the learned ones put in. Policy:

    - a learned span that overlaps no rule span is added (a name nothing else knows);
    - a learned span that strictly contains one company span of the rules and ends in an
      organisation ending (a group's 消费金融 or 小贷 arm, a registered subsidiary's full name)
      replaces it, and so does one that adds a word of two characters or more to a known company's
      name (甲乙|电器, 甲乙|雪花: a group's business named after it) when that word is no product,
      generic or industry noun: the longest real name wins, the subsidiary keeps its own name (unless a word
      such as 子公司, 指数 or 投入 follows, ``entities/*followers.txt``: 甲银行金融科技|子公司);
    - otherwise the rules win: gazetteer names keep their canonical names and types, and a
      rule span that crosses a learned one keeps its boundaries.

    >>> r = [Span(0, 2, "甲乙", "Company", "gazetteer", "甲乙", 3)]
    >>> [s.text for s in merge(r, [Span(0, 6, "甲乙消费金融", "FinanceCompany", "model", "", 1)])]
    ['甲乙消费金融']
    >>> [s.text for s in merge(r, [Span(1, 4, "乙丙丁", "Company", "model", "", 0)])]
    ['甲乙']
    """
    if not learned:
        return rule
    out = list(rule)
    changed = False
    for m in learned:
        inside = [s for s in out if s.start < m.end and m.start < s.end]
        if not inside:
            out.append(m)
            changed = True
            continue
        if len(inside) == 1 and m.type != "Person" and not text.startswith(_followers(), m.end):
            s = inside[0]
            if m.start <= s.start and s.end <= m.end and m.end - m.start > s.end - s.start \
                    and s.type not in _NOT_COMPANY and (_ends_in_suffix(m.text) or _brand_arm(m, s)) \
                    and not _post_field(m, s, text) \
                    and not (m.end > s.end and s.text.endswith(legal_forms())):
                # a registered name ends at its legal form: 甲股份有限公司|投资银行部 is a department
                out.remove(s)
                out.append(m)
                changed = True
    return sorted(out, key=lambda s: (s.start, -s.end)) if changed else rule


def _brand_arm(m: Span, s: Span) -> bool:
    """Whether *m* is a known company's name *s* with a word of its own after it."""
    rest = m.text[s.end - m.start:]
    return m.start == s.start and s.method == "gazetteer" and len(rest) >= 2 \
        and rest not in _filters()[0] and rest not in _industries() and not rest.endswith(_product_words())


def _post_field(m: Span, s: Span, text: str) -> bool:
    """Whether the words *m* adds to a known name *s* are the field of the post after it
    (甲证券|银行|研究员, 甲证券|建筑工程|分析师, 甲乙|银行|分析师 for a securities firm 甲乙). Not when
    they end the known name's own form (甲乙|证券|分析师) or an institute's name
    (甲银行国际金融研究所|研究员)."""
    if m.start != s.start or s.method != "gazetteer" or not _field_then_post().match(text, m.end):
        return False
    table = suffix_table()
    ending = max((w for w in table if m.text.endswith(w)), key=len, default="")
    if not ending:
        return True  # 建筑工程, 旅游: a field, no name ends so
    kind_of, kind = table[ending]
    return kind != "org" and (any(s.text.endswith(w) for w in table) or kind_of != s.type)


@lru_cache(maxsize=None)
def _product_words() -> tuple[str, ...]:
    return (*read_lines("entities/product_heads.txt"), *read_lines("entities/product_nouns.txt"))


@lru_cache(maxsize=None)
def _noun_followers() -> tuple[str, ...]:
    return tuple(w for w in read_lines("entities/suffix_followers.txt") if " " not in w)


@lru_cache(maxsize=None)
def _followers() -> tuple[str, ...]:
    return (*_noun_followers(), *read_lines("entities/subsidiary_cues.txt"),
            *read_lines("entities/model_followers.txt"))


def _ends_in_suffix(name: str) -> bool:
    m = _ending_re().search(name)
    return m is not None and m.start() > 0


@lru_cache(maxsize=None)
def _ending_re() -> re.Pattern:
    table = suffix_table()
    words = [w for w in _suffix_words() if table[w][1] != "inner"]
    return re.compile(f"(?:{'|'.join(map(re.escape, words))})$")


@lru_cache(maxsize=None)
def _legal_re() -> re.Pattern:
    table = suffix_table()
    words = [w for w in _suffix_words() if table[w][1] in ("legal", "group")]
    return re.compile(f"(?:{'|'.join(map(re.escape, words))})$")


@lru_cache(maxsize=None)
def _suffix_words() -> tuple[str, ...]:
    return tuple(sorted((w for w in suffix_table() if not w.isascii()), key=len, reverse=True))
