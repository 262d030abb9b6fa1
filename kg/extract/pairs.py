"""Relation candidates and their features: every pair of entity mentions in a masked sentence.

A relation classifier (:mod:`kg.extract.classifier`) decides for each candidate pair whether,
and how, the sentence relates the two. This module only *describes* the pairs, the same way
at training and at run time, so what the model learnt is what it sees:

- **candidates** (:func:`sentence_pairs`): every pair of mentions of two different entities in
  one sentence, first-in-text as ``a``, no further apart than :data:`MAX_GAP` masked characters
  (a cue that names the pair is always a candidate, whatever the distance);
- **features** (:func:`pair_features`): the cue patterns that matched the pair and how, the
  words and characters between and around the two, their types and order, list membership,
  distance, punctuation in between, hedge words, and the cue triggers anywhere in the sentence.

Features are strings (``"bw:收购"``); the model maps the ones it knows to weights.

>>> from kg.model import Mention
>>> from kg.extract.relations import mask_sentence
>>> ms = [Mention(0, 3, "甲银行", "Bank", "甲银行"), Mention(7, 10, "乙科技", "FintechCompany", "乙科技")]
>>> masked = mask_sentence("甲银行全资收购乙科技", 0, ms)
>>> [(p.a.text, p.b.text) for p in sentence_pairs(masked)]
[('甲银行', '乙科技')]
>>> feats = pair_features(SentenceView(masked), sentence_pairs(masked)[0], {})
>>> "bw:收购" in feats and "T:Bank|FintechCompany" in feats
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extract.cues import ENTITY, PREDICATES, list_joiners
from kg.extract.hedges import hedge_status
from kg.segment import cut

__all__ = ["Pair", "SentenceView", "sentence_pairs", "pair_features", "CLASSES", "MAX_GAP",
           "label_of", "relation_of", "describe_sentence", "mention_key", "SYMMETRIC"]

# A pair further apart than this (masked characters) is rarely related in news prose and
# multiplies the candidates of a long sentence; a cue that spans it still counts.
MAX_GAP = 60
# Per sentence: past this many mentions (a list of 40 names) only nearby pairs are kept.
MAX_MENTIONS = 40

SYMMETRIC = frozenset({"partnersWith"})

# One decision per pair: no relation, or a predicate with its direction ("investsIn>": the
# first-named entity is the subject; "investsIn<": the second is). Symmetric predicates have
# one direction.
CLASSES: tuple[str, ...] = ("none",) + tuple(
    f"{p}{d}" for p in PREDICATES for d in ((">",) if p in SYMMETRIC else (">", "<")))

_PUNCT = set("，,、；;：:（(）)“”《》|")


@dataclass(frozen=True, slots=True)
class Pair:
    """Two mentions of a sentence, ``a`` before ``b``, with their placeholder indexes."""

    i: int
    j: int
    a: object  # kg.model.Mention
    b: object


def label_of(predicate: str, subject_first: bool) -> str:
    """The class of a relation between a pair, given whether its subject is named first.

    >>> label_of("investsIn", False), label_of("partnersWith", False)
    ('investsIn<', 'partnersWith>')
    """
    if predicate in SYMMETRIC:
        return predicate + ">"
    return predicate + (">" if subject_first else "<")


def relation_of(label: str) -> tuple[str, bool] | None:
    """Inverse of :func:`label_of`: ``(predicate, subject_first)``, None for ``none``."""
    if label == "none":
        return None
    return label[:-1], label[-1] == ">"


def mention_key(m) -> str:
    """The entity key a mention stands for (its text when it has none)."""
    return m.entity or m.text


class SentenceView:
    """A masked sentence cut into the words between its placeholders, computed once."""

    __slots__ = ("masked", "chunks", "words")

    def __init__(self, masked):
        self.masked = masked
        self.chunks = masked.text.split(ENTITY)
        self.words = [_words(c) for c in self.chunks]


@lru_cache(maxsize=65536)
def _words(chunk: str) -> tuple[str, ...]:
    return tuple(w for w in cut(chunk) if w.strip()) if chunk else ()


def sentence_pairs(masked, forced: set[tuple[str, str]] = frozenset()) -> list[Pair]:
    """Candidate pairs of a masked sentence; *forced* key pairs (named by a cue) are always in."""
    ms = masked.mentions
    pos = masked.positions
    out = []
    seen = set()
    for i in range(len(ms)):
        for j in range(i + 1, len(ms)):
            ka, kb = mention_key(ms[i]), mention_key(ms[j])
            if ka == kb:
                continue
            near = pos[j] - pos[i] <= MAX_GAP and (len(ms) <= MAX_MENTIONS or j - i <= 4)
            if not near and (ka, kb) not in forced and (kb, ka) not in forced:
                continue
            if (ka, kb) in seen:
                continue  # the first (closest, leftmost) occurrence of a pair speaks for it
            seen.add((ka, kb))
            out.append(Pair(i, j, ms[i], ms[j]))
    return out


def describe_sentence(masked, cue_found, triggers: frozenset[str] = frozenset()
                      ) -> tuple[list[Pair], list[list[str]]]:
    """The candidate pairs of a masked sentence and the features of each, given its cue candidates."""
    cues: dict[tuple[str, str], list] = {}
    for c in cue_found:
        cues.setdefault((c.subject, c.object), []).append(c)
    view = SentenceView(masked)
    pairs = sentence_pairs(masked, set(cues))
    return pairs, [pair_features(view, p, cues, triggers) for p in pairs]


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (2, "1-2"), (4, "3-4"), (8, "5-8"), (15, "9-15"), (30, "16-30")):
        if n <= limit:
            return name
    return "31+"


def pair_features(view: SentenceView, pair: Pair, cues: dict[tuple[str, str], list],
                  triggers: frozenset[str] = frozenset()) -> list[str]:
    """Feature strings of one candidate pair.

    *cues* maps an ordered key pair (subject, object) to the cue candidates that state it.
    """
    masked = view.masked
    i, j = pair.i, pair.j
    ta, tb = pair.a.type or "Company", pair.b.type or "Company"
    f = ["bias", f"ta:{ta}", f"tb:{tb}", f"T:{ta}|{tb}"]
    between_words: list[str] = []
    for k in range(i + 1, j + 1):
        between_words.extend(view.words[k])
        if k < j:
            between_words.append("E")
    between_text = masked.text[masked.positions[i] + 1:masked.positions[j]]
    gap = len(between_text)
    f.append(f"len:{_bucket(gap)}")
    f.append(f"ne:{min(j - i - 1, 3)}")
    if gap <= 8:
        f.append("btw:" + between_text.replace(ENTITY, "E"))
    words = [w for w in between_words if w not in _PUNCT]
    if between_words and all(w in list_joiners() or w == "E" for w in between_words):
        f.append("coord")
    for w in set(between_words):
        f.append(("bp:" if w in _PUNCT else "bw:") + w)
    if words:
        f.append("bw1:" + words[0])
        f.append("bwL:" + words[-1])
        for x, y in zip(words, words[1:]):
            f.append(f"bb:{x}_{y}")
    else:
        f.append("bw:<none>")
    for c in set(between_text):
        if c != ENTITY and c not in _PUNCT:
            f.append("bc:" + c)
    for x, y in zip(between_text, between_text[1:]):
        if x not in _PUNCT and y not in _PUNCT:
            f.append("bc2:" + (x + y).replace(ENTITY, "E"))
    # How a name ends says what it is (…集团 owns, …分公司 is owned), and a name inside the
    # other (万科 / 北京万科) is a parent and its branch more often than two strangers.
    na, nb = pair.a.text, pair.b.text
    f.append("ea:" + na[-2:])
    f.append("eb:" + nb[-2:])
    f.append(f"eab:{na[-2:]}|{nb[-2:]}")
    if len(na) >= 2 and len(nb) >= 2:
        # the shorter name inside the longer is the group, the longer its unit (德勤 / 德勤华永)
        if na in nb:
            f.append("kin:a_in_b")
        elif nb in na:
            f.append("kin:b_in_a")
        elif na[:2] == nb[:2]:
            f.append("kin")
    left = view.words[i]
    right = view.words[j + 1]
    f.append("l1:" + (left[-1] if left else ("E" if i > 0 else "^")))
    if len(left) > 1:
        f.append("l2:" + left[-2])
    f.append("r1:" + (right[0] if right else ("E" if j + 1 < len(view.chunks) - 1 else "$")))
    if len(right) > 1:
        f.append("r2:" + right[1])
        f.append(f"r12:{right[0]}_{right[1]}")
    for w in right[:6]:
        f.append("rw:" + w)
    for w in left[-6:]:
        f.append("lw:" + w)
    ka, kb = mention_key(pair.a), mention_key(pair.b)
    for key, arrow in (((ka, kb), ">"), ((kb, ka), "<")):
        for c in cues.get(key, ()):
            f.append(f"cue:{c.predicate}{arrow}")
            f.append(f"cuem:{c.method}{arrow}")
            if c.status != "asserted":
                f.append(f"cue_status:{c.status}")
    status = hedge_status(masked.text, masked.positions[i], masked.positions[j] + 1)
    if status != "asserted":
        f.append(f"hedge:{status}")
    for t in triggers:
        f.append("sk:" + t)
    return f
