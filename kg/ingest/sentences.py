"""Sentence splitting on Chinese and Western terminators, keeping quotes and brackets balanced.

A sentence ends after a run of terminators (。!?;… in analysed form, see
``kg/lexicon/ingest/punctuation.tsv``) together with the closing quotes that
follow it, but never inside a matched pair of quotes or brackets. A quote or
bracket with no partner (a typo such as ``“向上“``) does not hold the sentence
open. A Western full stop ends a sentence only before a space and a capital, a
Chinese character or the end (not ``18.74``, not ``Co. Ltd``). Very long
"sentences" are cut at inner terminators, then at commas, so that one runaway
line cannot make a sentence of a megabyte.

>>> text = "他说：“好。我们走。”然后离开了!Is it ok? Yes.金融科技"
>>> [text[a:b] for a, b in split_sentences(text)]
['他说：“好。我们走。”', '然后离开了!', 'Is it ok?', 'Yes.', '金融科技']
>>> text = "提出“向上AI化，向下边缘化“的策略。收入18.74亿元。"
>>> [text[a:b] for a, b in split_sentences(text)]
['提出“向上AI化，向下边缘化“的策略。', '收入18.74亿元。']
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicon import read_lines, read_tsv

__all__ = ["split_sentences", "ends_sentence"]

# A sentence longer than this is split at terminators even inside quotes; one longer
# than _HARD is split at a comma or space, or cut.
_LONG = 300
_HARD = 1000
_SOFT_BREAKS = re.compile(r"[,，、 \t]")
_WORD = re.compile(r"[^\W_]")  # a letter or digit


class _Rules:
    def __init__(self):
        rows = read_tsv("ingest/punctuation.tsv")
        self.terminators = frozenset("".join(r["chars"] for r in rows if r["kind"] == "terminator"))
        pairs = [r["chars"] for r in rows if r["kind"] == "pair"]
        self.opens = {p[0]: p[1] for p in pairs}
        self.closes = {p[1]: p[0] for p in pairs}
        self.closers = frozenset("".join(r["chars"] for r in rows if r["kind"] == "closer"))
        chars = "".join(self.terminators) + "".join(pairs) + '"."\n'
        self.special = re.compile("[" + re.escape("".join(sorted(set(chars)))) + "]")
        self.abbreviations = frozenset(w.lower() for w in read_lines("ingest/abbreviations.txt"))
        self.closer_chars = "".join(sorted(self.closers))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def ends_sentence(text: str) -> bool:
    """Whether *text* ends with a terminator, possibly followed by closing quotes.

    >>> ends_sentence("好。”"), ends_sentence("标题"), ends_sentence("")
    (True, False, False)
    """
    rules = _rules()
    stripped = text.rstrip().rstrip(rules.closer_chars)
    return bool(stripped) and (stripped[-1] in rules.terminators or stripped.endswith("."))


def _matched(text: str, specials: list[tuple[int, str]], rules: _Rules) -> tuple[set[int], set[int]]:
    """Positions of the openers and closers that have a partner."""
    stack: list[tuple[str, int]] = []
    opens: set[int] = set()
    closes: set[int] = set()
    for pos, char in specials:
        if char == '"':
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == '"':
                    opens.add(stack[k][1])
                    closes.add(pos)
                    del stack[k:]
                    break
            else:
                stack.append((char, pos))
        elif char in rules.opens:
            stack.append((char, pos))
        elif char in rules.closes:
            want = rules.closes[char]
            for k in range(len(stack) - 1, max(-1, len(stack) - 4), -1):
                if stack[k][0] == want:
                    opens.add(stack[k][1])
                    closes.add(pos)
                    del stack[k:]
                    break
    return opens, closes


def _western_stop(text: str, pos: int, end: int, rules: _Rules) -> bool:
    """Whether the full stop at *pos* ends a sentence."""
    after = pos + 1
    if after < end and text[after] == ".":
        return False  # inside "..."; the last dot decides
    if after < end and not text[after].isspace() and text[after] not in rules.closers:
        return after < end and not text[after].isascii()  # "Yes.金融" ends, "18.74" does not
    before = text[pos - 1] if pos > 0 else ""
    if not before or before.isdigit() or before == ".":
        return False  # "2019." is a list number; "....." a dot leader or an ellipsis
    word_start = pos
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == ".") \
            and text[word_start - 1].isascii():
        word_start -= 1
    word = text[word_start:pos].lower()
    if word in rules.abbreviations or (len(word) == 1 and text[word_start].isupper()):
        return False
    nxt = after
    while nxt < end and text[nxt].isspace():
        nxt += 1
    return nxt >= end or not (text[nxt].isascii() and text[nxt].islower())


def _split(text: str, start: int, end: int, balanced: bool) -> list[tuple[int, int]]:
    rules = _rules()
    specials = [(m.start(), m.group()) for m in rules.special.finditer(text, start, end)]
    opens, closes = _matched(text, specials, rules) if balanced else (set(), set())
    spans = []
    cut = start
    depth = 0
    for pos, char in specials:
        if pos < cut:
            continue
        boundary = False
        if pos in opens:
            depth += 1
        elif pos in closes:
            depth = max(depth - 1, 0)
            if depth == 0:
                prev = pos - 1
                while prev > cut and text[prev].isspace():
                    prev -= 1
                boundary = text[prev] in rules.terminators or (text[prev] == "." and prev > cut)
        elif char == "\n":
            boundary, depth = True, 0
        elif depth == 0 and char in rules.terminators:
            boundary = True
        elif depth == 0 and char == "." and _western_stop(text, pos, end, rules):
            boundary = True
        if boundary:
            after = pos + 1
            while after < end and (text[after] in rules.terminators or
                                   (text[after] in rules.closers and after not in opens)):
                if text[after] in rules.closes and after in closes:
                    depth -= 1
                after += 1
            spans.append((cut, after))
            cut = after
            depth = max(depth, 0)
    if cut < end:
        spans.append((cut, end))
    return spans


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _hard_split(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans = []
    while b - a > _HARD:
        limit = a + _HARD
        soft = [m.end() for m in _SOFT_BREAKS.finditer(text, a + _HARD // 2, limit)]
        cut = soft[-1] if soft else limit
        spans.append((a, cut))
        a = cut
    spans.append((a, b))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: trimmed, non-empty, in order.

    A piece with no letter or digit (a stray ``”`` or ``。``) joins the sentence before it.
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for a, b in _split(text, start, end, balanced=True):
        pieces = _split(text, a, b, balanced=False) if b - a > _LONG else [(a, b)]
        for x, y in pieces:
            for p, q in _hard_split(text, x, y) if y - x > _HARD else [(x, y)]:
                p, q = _trim(text, p, q)
                if p >= q:
                    continue
                if out and not _WORD.search(text, p, q):
                    out[-1] = (out[-1][0], q)
                else:
                    out.append((p, q))
    return out
