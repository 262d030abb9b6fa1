"""Literal attributes (founding date, capital, funding, valuation, round, address) and their values.

Sentence patterns live in ``kg/lexicon/attributes.tsv``; table keys in
``kg/lexicon/table_headers.tsv``. Values are normalised so that the same fact written two
ways compares equal.

>>> normalize_value("2015年12月", "date")
('2015-12', '', '')
>>> normalize_value("2.4亿美元+", "money")
('240000000', 'USD', '')
>>> normalize_value("1,500亿美元 (2018年)", "money")
('150000000000', 'USD', '2018')
>>> normalize_value("B+", "round")
('B+轮', '', '')
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kg.errors import LexiconError
from kg.extract.cues import ENTITY
from kg.lexicon import lexicon_path, read_tsv
from kg.model import Mention

__all__ = ["normalize_value", "sentence_attributes", "ATTRIBUTE_NAMES"]

ATTRIBUTE_NAMES = ("foundingDate", "headquartersAddress", "registeredCapital", "totalFunding",
                   "fundingRound", "valuation", "category")

_DATE = r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?"
_MONEY = r"\d[\d,.]*(?:万亿|千亿|百亿|十亿|亿|千万|百万|万|千)?(?:元|美元|港元|港币|欧元)(?:人民币)?\+?"
_ROUND = r"(?:天使|种子|Pre-?A\+?|Pre-?B|Pre-?IPO|[A-F]\+?|战略)轮?"
# an address may be (or contain) a place mention, masked in the sentence
_VALUE = {"date": _DATE, "money": _MONEY, "round": _ROUND, "text": r"[^，。；;、]{2,20}?(?=[，。；;]|$)|" + ENTITY}
_SCALE = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8, "千万": 10**7,
          "百万": 10**6, "万": 10**4, "千": 10**3, "": 1}
_CURRENCY = {"元": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR"}


def normalize_value(text: str, kind: str) -> tuple[str, str, str]:
    """``(value, unit, as_of)`` of a raw value; the raw text stripped when it cannot be read."""
    text = text.strip()
    as_of_match = re.search(r"[（(]\s*(\d{4})\s*年?\s*[）)]", text)
    as_of = as_of_match.group(1) if as_of_match else ""
    if kind == "date":
        m = re.search(r"(\d{4})(?:年|[-/.])(?:(\d{1,2})(?:月|[-/.])?(?:(\d{1,2})日?)?)?", text)
        if m:
            parts = [m.group(1)] + [f"{int(g):02d}" for g in m.groups()[1:] if g]
            return "-".join(parts), "", ""
    elif kind == "money":
        m = re.search(r"(\d[\d,.]*)\s*(万亿|千亿|百亿|十亿|亿|千万|百万|万|千)?\s*(元|美元|港元|港币|欧元)", text)
        if m:
            try:
                amount = Decimal(m.group(1).replace(",", "")) * _SCALE[m.group(2) or ""]
            except InvalidOperation:
                return text, "", as_of
            return str(amount.to_integral_value()), _CURRENCY[m.group(3)], as_of
    elif kind == "round":
        m = re.search(_ROUND, text)
        if m:
            value = m.group().replace("Pre-", "Pre").replace("PreA", "Pre-A")
            return (value if value.endswith("轮") else value + "轮"), "", ""
    return re.sub(r"\s+", " ", text), "", as_of


@lru_cache(maxsize=None)
def _patterns() -> tuple[tuple[str, re.Pattern, str], ...]:
    out = []
    for row in read_tsv("attributes.tsv"):
        kind = row["kind"]
        if kind not in _VALUE or row["name"] not in ATTRIBUTE_NAMES:
            raise LexiconError(f"{lexicon_path('attributes.tsv')}: unknown attribute {row['name']!r} "
                               f"or kind {kind!r}")
        source = row["pattern"].replace("……", r"[^。；;" + ENTITY + r"]{0,30}?")
        source = source.replace("…", r"[^，。；;" + ENTITY + r"]{0,12}?")
        source = source.replace("X", f"(?P<X>{ENTITY})").replace("V", f"(?P<V>{_VALUE[kind]})")
        out.append((row["name"], re.compile(source), kind))
    return tuple(out)


def sentence_attributes(masked, section: Mention | None = None
                        ) -> Iterator[tuple[str, str, str, str, str, str]]:
    """``(name, subject_key, value, unit, as_of, method)`` for each attribute a masked sentence states."""
    from kg.extract.discourse import is_org
    from kg.extract.relations import _topic

    seen = set()
    for name, regex, kind in _patterns():
        for match in regex.finditer(masked.text):
            if match.groupdict().get("X") is not None:
                k = masked.positions.index(match.start("X"))
                subject = masked.mentions[k]
            else:
                subject = _topic(masked, match.start()) or section
            if subject is None or not is_org(subject.type):
                continue
            raw = match.group("V")
            if ENTITY in raw:
                first = bisect_left(masked.positions, match.start("V"))
                names = iter(m.text for m in masked.mentions[first:])
                raw = "".join(next(names) if c == ENTITY else c for c in raw)
            value, unit, as_of = normalize_value(raw, kind)
            key = (name, match.start("V"))  # one value, one subject: the first pattern wins
            if key not in seen:
                seen.add(key)
                yield (name, subject.entity or subject.text, value, unit, as_of, f"attr:{name}")
