"""Analysed text: full-width forms folded (NFKC) and Traditional Chinese made Simplified.

The analysed text has exactly one character for each original character, so the
two share offsets. A character whose NFKC form or Simplified form is not a single
character (``…`` → ``...``, ``㈠`` → ``(一)``) is kept as it is. Simplified forms are
OpenCC's character table (``t2s``: the first candidate of each Traditional
character), applied character by character. Normalising twice changes nothing, so
lexicon patterns can be normalised the same way as the text they are matched in.

>>> normalize_text("ＡＢＣ１２３，（註冊資本）")
'ABC123,(注册资本)'
>>> len(normalize_text("……㈠")) == len("……㈠")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = ["normalize_text", "normalize_char"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


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
def _tables() -> tuple[dict[str, str], re.Pattern]:
    """The mapping of every Basic-Multilingual-Plane character that changes, and a regex finding them."""
    simple = _opencc_characters()
    table: dict[str, str] = {}
    for code in range(0x10000):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        folded = folded if len(folded) == 1 else char
        mapped = simple.get(folded, folded)
        if mapped != char:
            table[char] = mapped
    # make every target final, so that replacing one character after another equals one pass
    for char, mapped in table.items():
        seen = {char}
        while mapped in table and mapped not in seen:
            seen.add(mapped)
            mapped = table[mapped]
        table[char] = mapped
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]")
    return table, pattern


def normalize_char(char: str) -> str:
    """The analysed form of one character (itself when no single-character form exists).

    >>> normalize_char("後"), normalize_char("！"), normalize_char("…")
    ('后', '!', '…')
    """
    table, _ = _tables()
    if char in table:
        return table[char]
    if len(char) != 1 or ord(char) < 0x10000:
        return char
    folded = unicodedata.normalize("NFKC", char)
    folded = folded if len(folded) == 1 else char
    if folded in table:
        return table[folded]
    return _opencc_characters().get(folded, folded) if folded != char else char


def normalize_text(text: str) -> str:
    """Fold *text* character by character; the result has the same length."""
    table, pattern = _tables()
    # Only the few distinct characters that change are replaced, each with one C-level pass.
    for char in set(pattern.findall(text)):
        text = text.replace(char, table[char])
    if text and max(text) > "\uffff":
        for char in set(_ASTRAL.findall(text)):
            mapped = normalize_char(char)
            if mapped != char:
                text = text.replace(char, mapped)
    return text
