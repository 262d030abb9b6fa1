"""Analysed text: full-width forms folded (NFKC) and Traditional Chinese made Simplified.

The analysed text has exactly one character for each original character, so the
two share offsets. A character whose NFKC form or Simplified form is not a single
character (``…`` → ``...``, ``㈠`` → ``(一)``) is kept as it is. Simplified forms are
OpenCC's ``t2s`` conversion, run on each stretch of Chinese characters that holds
a Traditional one, so that its phrase table picks the right form (瞭解 → 了解,
乾淨 → 干净, 乾隆 stays); a stretch whose length would change is converted character
by character. A character Simplified text also uses as it is (``ingest/simplified_keep.txt``:
乾) makes no stretch Traditional by itself: 乾照光电 stays as written in Simplified text. Normalising twice changes nothing, so lexicon patterns can be
normalised the same way as the text they are matched in.

>>> normalize_text("ＡＢＣ１２３，（註冊資本）")
'ABC123,(注册资本)'
>>> len(normalize_text("……㈠")) == len("……㈠")
True
>>> normalize_text("瞭解乾淨，乾隆年間")
'了解干净,乾隆年间'
>>> normalize_text("乾照光电公告，李兴乾成立於2015年")
'乾照光电公告,李兴乾成立于2015年'

"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from kg.lexicon import read_lines

__all__ = ["normalize_text", "normalize_char"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_HAN_RUN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def _opencc_characters() -> dict[str, str]:
    """Traditional -> Simplified for single characters, from OpenCC's t2s character table."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    out: dict[str, str] = {}
    try:
        lines = table.read_text(encoding="utf-8").splitlines()
    except OSError:  # a packaging without the table file: ask the converter, character by character
        converter = opencc.OpenCC("t2s")
        return {c: converter.convert(c) for c in map(chr, range(0x3400, 0xA000))}
    for line in lines:
        key, _, values = line.partition("\t")
        first = values.split(" ")[0] if values else ""
        if len(key) == 1 and len(first) == 1:
            out[key] = first
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], re.Pattern, dict[str, str], re.Pattern]:
    """Full-width folding and Traditional characters of the Basic Multilingual Plane.

    Returns the NFKC table and a regex finding its characters, then OpenCC's
    character table and a regex finding its Traditional characters.
    """
    simple = {k: v for k, v in _opencc_characters().items() if k != v}
    fold: dict[str, str] = {}
    for code in range(0x10000):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1 and folded != char:
            fold[char] = folded
    # a character Simplified text uses as it is (乾 of 乾照光电) marks no run as Traditional
    traditional = (c for c in simple if ord(c) < 0x10000 and c not in _keep())
    return (fold, _charset(fold), simple, _charset(traditional))


def _charset(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def _simplify_run(run: str) -> str:
    """One run of Chinese characters in Simplified form, as long as the run.

    OpenCC's phrase table decides where a character has several Simplified forms
    (瞭解 → 了解, 乾淨 → 干净, but 乾隆 stays); a run whose phrases change its length
    falls back to the character table.
    """
    converted = _converter().convert(run)
    if len(converted) != len(run):
        simple = _tables()[2]
        converted = "".join(simple.get(c, c) for c in run)
    keep, traditional = _keep(), _tables()[3]
    if not keep.intersection(run):
        return converted
    # a kept character changes only inside a Traditional word (乾淨 → 干净), not beside Simplified
    # neighbours (李兴乾 in "李兴乾成立於")
    out = list(converted)
    for i, char in enumerate(run):
        if char in keep and not traditional.match(run[i - 1:i] or " ") and not traditional.match(run[i + 1:i + 2] or " "):
            out[i] = char
    return "".join(out)


@lru_cache(maxsize=1)
def _keep() -> frozenset[str]:
    return frozenset(read_lines("ingest/simplified_keep.txt"))


def normalize_char(char: str) -> str:
    """The analysed form of one character (itself when no single-character form exists).

    >>> normalize_char("後"), normalize_char("！"), normalize_char("…")
    ('后', '!', '…')
    """
    folded = unicodedata.normalize("NFKC", char)
    folded = folded if len(folded) == 1 else char
    return _tables()[2].get(folded, folded)


def normalize_text(text: str) -> str:
    """Fold *text* (NFKC, then Traditional to Simplified); the result has the same length."""
    fold, fold_pattern, _, traditional = _tables()
    # Only the few distinct characters that change are replaced, each with one C-level pass.
    for char in set(fold_pattern.findall(text)):
        text = text.replace(char, fold[char])
    if text and max(text) > "\uffff":
        for char in set(_ASTRAL.findall(text)):
            mapped = normalize_char(char)
            if mapped != char:
                text = text.replace(char, mapped)
    if traditional.search(text):
        text = _HAN_RUN.sub(lambda m: _simplify_run(m.group()) if traditional.search(m.group()) else m.group(),
                            text)
    return text
