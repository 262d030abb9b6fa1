"""Chinese word segmentation: the one jieba tokenizer of the process.

Every module that needs words calls this one; nobody else touches jieba's global
tokenizer. The tokenizer is created lazily on first use (about one second to load
jieba's dictionary) and then gets a *domain user dictionary*: every name and alias
of the gazetteers under ``kg/lexicon/entities/`` and ``kg/lexicon/places.tsv``, plus
the organisation suffixes of ``kg/lexicon/suffixes.tsv``, so that "建设银行" or
"有限公司" come out as one word.

Part-of-speech tags come from jieba's dictionary (and the user dictionary), looked
up per word: that is as fast as :func:`cut`, unlike ``jieba.posseg`` (about eight
times slower), and is what the entity recogniser uses as boundary evidence.

>>> cut("中国建设银行与同盾科技有限公司合作")
['中国建设银行', '与', '同', '盾', '科技', '有限公司', '合作']
>>> [(t.text, t.start, t.end) for t in tokens("建行在北京")]
[('建行', 0, 2), ('在', 2, 3), ('北京', 3, 5)]
>>> word_tag("建设银行"), word_tag("与"), word_tag("同盾")
('nt', 'p', '')
>>> word_freq("部分") > word_freq("极光") > word_freq("同盾") == 0
True
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import NamedTuple

import jieba

from kg.lexicon import lexicon_path, read_tsv

__all__ = ["Token", "tokenizer", "cut", "tokens", "word_tag", "word_freq", "user_words"]

# Frequency given to user-dictionary words: high enough to beat the split of a
# name into common words ("建设|银行"), low enough not to swallow neighbours.
_USER_FREQ = 20000

# Tags for user words, by ontology class: jieba's own convention (nt = organisation).
_CLASS_TAGS = {"Person": "nr", "Place": "ns", "Product": "nz"}

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_tags: dict[str, str] = {}


class Token(NamedTuple):
    """A word with its offsets in the segmented text."""

    text: str
    start: int
    end: int


def user_words() -> list[tuple[str, str]]:
    """(word, tag) pairs of the domain user dictionary, in a stable order.

    >>> ("建设银行", "nt") in user_words()
    True
    """
    words: dict[str, str] = {}
    for path in sorted(lexicon_path("entities").glob("*.tsv")):
        for row in read_tsv(f"entities/{path.name}"):
            if "name" not in row:
                continue
            tag = _CLASS_TAGS.get(row.get("type", ""), "nt")
            for name in [row["name"], *row.get("aliases", "").split("|")]:
                if len(name) >= 2 and not name.isascii():
                    words.setdefault(name, tag)
    for row in read_tsv("places.tsv"):
        for name in [row["name"], *row.get("aliases", "").split("|")]:
            if len(name) >= 2:
                words.setdefault(name, "ns")
    for row in read_tsv("suffixes.tsv"):
        if len(row["suffix"]) >= 2 and not row["suffix"].isascii():
            words.setdefault(row["suffix"], "n")
    return sorted(words.items())


def tokenizer() -> jieba.Tokenizer:
    """The process-wide jieba tokenizer, with the domain user dictionary loaded."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(60)  # jieba logs its cache use at INFO; kg never prints
                tk = jieba.Tokenizer()
                tk.initialize()
                tags = _dictionary_tags(tk.get_dict_file())
                for word, tag in user_words():
                    tk.add_word(word, max(tk.FREQ.get(word, 0), _USER_FREQ), tag)
                    tags[word] = tag
                _tags.update(tags)
                _tokenizer = tk
    return _tokenizer


def _dictionary_tags(dict_file) -> dict[str, str]:
    tags = {}
    with dict_file as f:
        for line in f:
            parts = line.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def cut(text: str, hmm: bool = False) -> list[str]:
    """Words of *text* (they join back into *text*).

    ``hmm=False`` by default: unknown names come out as single characters rather
    than as HMM guesses that may straddle a name boundary ("有同盾").
    """
    return tokenizer().lcut(text, HMM=hmm)


def tokens(text: str, hmm: bool = False) -> list[Token]:
    """Words of *text* with their offsets: ``text[t.start:t.end] == t.text``."""
    out, pos = [], 0
    for word in cut(text, hmm):
        out.append(Token(word, pos, pos + len(word)))
        pos += len(word)
    return out


@lru_cache(maxsize=None)
def _ensure_tags() -> None:
    tokenizer()


def word_tag(word: str) -> str:
    """The dictionary part-of-speech tag of *word* ("nt", "v", "ns", …), "" when unknown."""
    _ensure_tags()
    return _tags.get(word, "")


def word_freq(word: str) -> int:
    """How often jieba's dictionary saw *word* (user-dictionary words count as at least 20000); 0 when unknown.

    A rare dictionary noun (极光, 晨光) can be a firm's brand; a frequent one (部分, 传统)
    describes rather than names.
    """
    return tokenizer().FREQ.get(word, 0) or 0
