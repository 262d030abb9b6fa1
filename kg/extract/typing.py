"""Entity typing: which ontology class a name belongs to.

Three sources, from strongest to weakest: the gazetteer (a known name has its class),
the name's own ending (``kg/lexicon/suffixes.tsv``: 银行 → Bank, 证券 → SecuritiesFirm,
研究院 → Organization), and the words that describe it in the text
(``kg/lexicon/entities/type_cues.tsv``: "是一家专业的金融科技应用服务提供商" →
FintechCompany), which may only refine a type taken from a generic ending
(科技, 公司). Every result carries a *strength* so the caller can tell them apart:
3 gazetteer, 2 specific ending, 1 generic ending or context, 0 guess.

>>> type_of_name("兴业数字金融服务（上海）股份有限公司")
('FintechCompany', 2)
>>> type_of_name("北京旷视科技有限公司")
('TechCompany', 1)
>>> type_of_name("中小银行互联网金融（深圳）联盟")
('Organization', 2)
>>> type_of_name("高伟达软件公司")
('TechCompany', 1)
>>> type_from_context("是一家专业的金融科技应用服务提供商")
'FintechCompany'
>>> type_of_category("银行"), type_of_category("互联网系")
('Bank', '')
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicon import read_lines, read_tsv

__all__ = ["CLASSES", "suffix_table", "legal_forms", "type_of_name", "type_from_context", "type_of_category", "describe_cues"]

CLASSES = (
    "Bank", "Insurer", "SecuritiesFirm", "AssetManager", "InvestmentFirm", "FintechCompany",
    "TechCompany", "Company", "GovernmentBody", "Organization", "Person", "Product", "Place",
)

# Classes that a generic ending gives and context may refine.
_GENERIC = {"TechCompany": 1, "Company": 0}
_BRACKETS = re.compile(r"[（(][^（）()]{1,10}[）)]\s*")


@lru_cache(maxsize=None)
def suffix_table() -> dict[str, tuple[str, str]]:
    """suffix -> (class, kind) from ``kg/lexicon/suffixes.tsv``."""
    return {r["suffix"]: (r["type"], r["kind"]) for r in read_tsv("suffixes.tsv")}


@lru_cache(maxsize=None)
def legal_forms() -> tuple[str, ...]:
    """The legal forms of ``suffixes.tsv`` (股份有限公司, 有限公司, 有限合伙 …), longest first: a name
    ending in one is registered."""
    return tuple(sorted((w for w, (_, kind) in suffix_table().items() if kind == "legal"), key=len, reverse=True))


@lru_cache(maxsize=None)
def _type_cues() -> tuple[tuple[str, str], ...]:
    rows = read_tsv("entities/type_cues.tsv")
    return tuple(sorted(((r["cue"], r["type"]) for r in rows), key=lambda c: -len(c[0])))


@lru_cache(maxsize=None)
def describe_cues() -> tuple[str, ...]:
    """Words that open a description of the entity named before them (是一家, 作为)."""
    return read_lines("entities/describe_cues.txt")


@lru_cache(maxsize=4096)
def type_of_name(name: str) -> tuple[str, int]:
    """Class of an organisation name from its ending, and how specific that ending is."""
    table = suffix_table()
    if name.isascii():
        words = re.findall(r"[A-Za-z]+", name)
        for i in range(len(words) - 1, 0, -1):
            for phrase in (" ".join(words[i - 1:i + 1]), words[i]):
                hit = table.get(phrase)
                if hit and hit[0] != "Company":
                    return hit[0], _strength(hit[0])
        return ("Company", 0)
    rest = _BRACKETS.sub("", name).strip()
    fallback = ("Company", 0)
    while rest:
        for size in range(min(len(rest) - 1, 9), 0, -1):
            hit = table.get(rest[-size:])
            if hit:
                typ, kind = hit
                if kind in ("legal", "group", "weak") and typ in _GENERIC:
                    if fallback[1] < _strength(typ):
                        fallback = (typ, _strength(typ))
                    rest = rest[:-size]
                    break
                return typ, _strength(typ)
        else:
            break
    return fallback


def _strength(typ: str) -> int:
    return _GENERIC.get(typ, 2)


def type_from_context(text: str) -> str:
    """The class that the describing words in *text* point to, or "" when none does."""
    for cue, typ in _type_cues():
        if cue in text:
            return typ
    return ""


@lru_cache(maxsize=None)
def _category_types() -> dict[str, str]:
    return {r["category"]: r["type"] for r in read_tsv("table_categories.tsv")}


def type_of_category(category: str) -> str:
    """The class a table category names without doubt (``table_categories.tsv``), else ""."""
    return _category_types().get("".join(category.split()), "")
