"""Cue lexicons: load ``kg/lexicon/relations/<predicate>.tsv`` and compile each cue to a regex.

A cue is matched against a *masked* sentence (see :func:`kg.extract.relations.mask_sentence`):
every entity mention is replaced by :data:`ENTITY` (one private-use character), white
space and emphasis marks are dropped, and parentheses holding no mention are removed.

Cue pattern syntax (one pattern per line of a cue file)
-------------------------------------------------------
``X`` / ``X2``
    the subject slot(s): one entity or a list of entities (``A、B和C``).
``Y`` / ``Y2``
    the object slot(s).
``X1`` / ``Y1``
    a slot that takes exactly one entity, never a list.
``TITLE``
    any post a person holds (``kg/lexicon/relations/titles.txt``: 董事长, 首席…官, 副部长 …),
    after up to two modifiers (``relations/title_modifiers.txt``: 常务, 行政, 亚太区 …), and a scope
    before them (``relations/title_scopes.txt``: 中国, 全球, 第一).
``@``
    one entity mention that is no slot (for lookaheads: ``(?!…成立@)``, "not before founding a
    named company").
``…``
    a short gap (up to 16 characters, no entity, no comma or clause-ending punctuation).
``……``
    a longer gap (up to 30 characters, no entity; commas allowed).
anything else
    a regular expression over the masked text (``(投资|入股)``, ``了?``).

A pattern without an ``X`` slot (or without a ``Y`` slot) takes that end from the discourse:
the sentence's topic, or the company of the section (see :mod:`kg.extract.discourse`).

>>> cue = compile_cue("investsIn", "X…(投资|入股)了?Y", "active", "forward", 0.9)
>>> bool(cue.regex.search("\\ue000近日投资了\\ue000"))
True
>>> [c.predicate for c in load_cues() if c.predicate == "investsIn"][:1]
['investsIn']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import LexiconError
from kg.lexicon import lexicon_path, read_lines, read_tsv

__all__ = [
    "ENTITY",
    "PREDICATES",
    "Cue",
    "Signature",
    "compile_cue",
    "load_cues",
    "load_signatures",
    "load_hedges",
    "list_joiners",
    "cue_trigger",
]

ENTITY = "\ue000"  # stands for one entity mention in a masked sentence

PREDICATES = (
    "investsIn", "subsidiaryOf", "shareholderOf", "foundedBy", "acquired", "servesClient",
    "partnersWith", "memberOf", "executiveOf", "headquarteredIn", "developedBy",
)

# One list element: a mention, optionally "公司" after it, optionally a parenthesised alias.
_ELEMENT = ENTITY + r"(?:公司)?(?:[（(][^（）()" + ENTITY + r"]{0,12}?" + ENTITY + r"[^（）()" + ENTITY + r"]{0,6}[）)])?"
# Between list elements: a conjunction, possibly with a short modifier ending in 的
# ("、代表保险业资本的"), or "等…以及" ("A等国际基金以及B").
_MODIFIER = r"(?:[^" + ENTITY + r"，。；;、]{1,10}?的)?"
_SEP = (
    r"(?:(?:、|及|以及|、以及|或|/)" + _MODIFIER
    + r"|等[^" + ENTITY + r"。；;]{0,14}?(?:以及|及|和|、)" + _MODIFIER
    # "A、地方产业基金等，以及B": an unnamed member between named ones
    + r"|、[^" + ENTITY + r"，。；;、]{1,10}?等[，,]?(?:以及|及|和)" + _MODIFIER
    # "A旗下(的)B": B is the list element, A only qualifies it (see relations._slot_entities)
    + r"|旗下的?"
    + ")"
)
# 与/和 join a list only when no verb of joint action follows (kg/lexicon/joint_verbs.txt).
_SEP_WITH = r"(?:与|和|同|跟)" + _MODIFIER
_GAP_SHORT = r"[^" + ENTITY + r"，,。；;！？!?|]{0,16}?"
_GAP_LONG = r"[^" + ENTITY + r"。；;！？!?|]{0,30}?"
_SLOT = re.compile(r"[XY][12]?")
_LOOKAROUND = re.compile(r"\(\?<?[!=]")


@dataclass(frozen=True, slots=True)
class Cue:
    """One compiled cue of one predicate."""

    predicate: str
    pattern: str  # as written in the cue file
    voice: str  # active | passive | possessive | copular | ... (goes into the method name)
    direction: str  # forward (X is the subject) | symmetric
    confidence: float
    regex: re.Pattern
    has_subject: bool  # False: the subject comes from the discourse
    has_object: bool  # False: the object comes from the discourse
    trigger: tuple[str, ...]  # one of these words must be in the sentence (see cue_trigger)

    @property
    def method(self) -> str:
        return f"cue:{self.predicate}/{self.voice}"


@dataclass(frozen=True, slots=True)
class Signature:
    """Entity types a predicate accepts, and the predicate to use instead for other pairs."""

    predicate: str
    subject_types: frozenset[str]
    object_types: frozenset[str]


def _drop_lookarounds(pattern: str) -> str:
    """The pattern without its lookahead and lookbehind groups (nested ones included)."""
    out, depth, i = [], 0, 0
    while i < len(pattern):
        if depth == 0 and _LOOKAROUND.match(pattern, i):
            depth, i = 1, i + 1
            continue
        if depth:
            if pattern[i] == "\\":
                i += 1
            elif pattern[i] == "(":
                depth += 1
            elif pattern[i] == ")":
                depth -= 1
        else:
            out.append(pattern[i])
        i += 1
    return "".join(out)


def cue_trigger(pattern: str) -> tuple[str, ...]:
    """Words one of which must be in a sentence for the pattern to match (empty: no filter).

    Among the plain runs and the required groups of plain alternatives, the most selective:
    the one whose shortest word is longest, then the one with the fewest words.

    >>> cue_trigger("Y获得X的(战略)?投资")
    ('获得',)
    >>> cue_trigger("X(领投|跟投)(了)?Y")
    ('领投', '跟投')
    >>> cue_trigger("X(收购|并购)Y(?!持有|…(?<!100)%|在)")
    ('收购', '并购')
    >>> cue_trigger("X(是|为)……Y(的)?(子公司|附属公司)")
    ('子公司', '附属公司')
    """
    pattern = _drop_lookarounds(pattern.replace("TITLE", "(" + "|".join(_title_words()) + ")"))
    plain = _SLOT.sub(" ", re.sub(r"\([^)]*\)[?*]?|\[[^]]*\]|.[?*]|…", " ", pattern))
    candidates = [(run,) for run in re.findall(r"[\u4e00-\u9fffA-Za-z]+", plain)]
    for group in re.finditer(r"\(([^()?]*)\)(?![?*{])", pattern):
        words = tuple(group.group(1).split("|"))
        if _depth(pattern, group.start()) == 0 and all(re.fullmatch(r"[\u4e00-\u9fffA-Za-z]+", w) for w in words):
            candidates.append(words)
    if not candidates:
        return ()
    return max(candidates, key=lambda words: (min(map(len, words)), -len(words)))


def _depth(pattern: str, end: int) -> int:
    """How many groups are open at position *end* of a pattern."""
    depth = 0
    for i, c in enumerate(pattern[:end]):
        if c == "(" and (i == 0 or pattern[i - 1] != "\\"):
            depth += 1
        elif c == ")" and (i == 0 or pattern[i - 1] != "\\"):
            depth -= 1
    return depth


def compile_cue(predicate: str, pattern: str, voice: str, direction: str, confidence: float) -> Cue:
    """Compile one cue pattern (syntax in the module docstring) to a :class:`Cue`."""
    slots = _SLOT.findall(pattern)
    has_x, has_y = any(s[0] == "X" for s in slots), any(s[0] == "Y" for s in slots)
    if not (has_x or has_y) or len({s[0] + s[1:].lstrip("1") for s in slots}) != len(slots):
        raise LexiconError(f"relations/{predicate}.tsv: pattern {pattern!r} needs an X or a Y slot "
                           "and no repeated slot")
    # A list in a later slot must not swallow the first slot of the next statement of the same
    # cue: in "A旗下的B、C旗下的D" the list after the first 旗下 stops before C.
    stop = ""
    stop_from = 0  # slots before this position of the pattern take no stop
    # the first slot may follow lookbehinds on what comes before the statement ((?<!由)X…)
    first = _SLOT.match(pattern, re.match(r"(?:\(\?<[!=][^()]*\))*", pattern).end())
    if first:
        rest = re.sub(r"\([^()]*\)[?*]|…", "", pattern[first.end():])
        # "Y1的X" leads with 的 alone: in "A的B、C的D" the list after the first 的 stops before C
        lead = re.match(r"(?:的)?[\u4e00-\u9fff]{2}|的", rest)
        if lead:
            # a parenthesised alias may stand between (A（B）的D)
            stop = f"(?!(?:[（(][^（）()]{{0,30}}[）)])?{re.escape(lead.group())})"
        elif (words := [w for w in cue_trigger(pattern) if w in pattern[first.end():]]):
            # a gap leads: "甲买入乙、丙买入丁" — a list after the first 买入 stops before 丙, whose
            # own verb follows it within a few characters (a list before the verb keeps it: 由甲、乙共同出资)
            stop = f"(?![^{ENTITY}，,。；;、]{{0,4}}?(?:{'|'.join(map(re.escape, words))}))"
            stop_from = min(pattern.find(w, first.end()) for w in words)
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("……", i):
            out.append(_GAP_LONG)
            i += 2
            continue
        if pattern[i] == "…":
            out.append(_GAP_SHORT)
            i += 1
            continue
        if pattern[i] == "@":
            out.append(ENTITY)
            i += 1
            continue
        if pattern.startswith("TITLE", i):
            out.append(_titles())
            i += len("TITLE")
            continue
        m = _SLOT.match(pattern, i)
        if m:
            name = m.group()
            tail = "" if first and i == first.start() or i < stop_from else stop
            if name.endswith("1"):
                out.append(f"(?P<{name}>{_ELEMENT})")
            else:
                out.append(f"(?P<{name}>{_ELEMENT}(?:{_SEP}{_ELEMENT}{tail}|{_SEP_WITH}{_ELEMENT}{tail}{_joint()})*)")
            i = m.end()
            continue
        out.append(pattern[i])
        i += 1
    try:
        regex = re.compile("".join(out))
    except re.error as err:
        raise LexiconError(f"relations/{predicate}.tsv: pattern {pattern!r} is not a valid regex ({err})") from err
    return Cue(predicate, pattern, voice, direction, confidence, regex, has_x, has_y, cue_trigger(pattern))


@lru_cache(maxsize=None)
def _joint() -> str:
    words = sorted(read_lines("joint_verbs.txt"), key=len, reverse=True)
    return "(?!" + _GAP_SHORT + "(?:" + "|".join(map(re.escape, words)) + "))"


def _confidence(value: str, name: str, pattern: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise LexiconError(f"{name}: confidence {value!r} of {pattern!r} is not a number") from None
    if not 0.0 < number <= 1.0:
        raise LexiconError(f"{name}: confidence {value!r} of {pattern!r} is outside (0, 1]")
    return number


@lru_cache(maxsize=None)
def load_cues() -> tuple[Cue, ...]:
    """Every cue of every predicate, in file order (predicates in ontology order)."""
    cues = []
    for predicate in PREDICATES:
        name = f"relations/{predicate}.tsv"
        if not lexicon_path(name).exists():
            raise LexiconError(f"{lexicon_path(name)}: missing cue file for predicate {predicate}")
        for row in read_tsv(name):
            pattern = row.get("pattern", "")
            if not pattern:
                raise LexiconError(f"{lexicon_path(name)}: a row has no pattern")
            direction = row.get("direction") or "forward"
            if direction not in ("forward", "symmetric"):
                raise LexiconError(f"{lexicon_path(name)}: direction {direction!r} of {pattern!r} "
                                   "is not forward or symmetric")
            cues.append(compile_cue(predicate, pattern, row.get("voice") or "active", direction,
                                    _confidence(row.get("confidence") or "0.8", name, pattern)))
    return tuple(cues)


@lru_cache(maxsize=None)
def list_joiners() -> frozenset[str]:
    """What may join two members of one list (``relations/list_joiners.txt``)."""
    return frozenset(read_lines("relations/list_joiners.txt"))


@lru_cache(maxsize=None)
def _title_words() -> tuple[str, ...]:
    """Literal words of the posts: a sentence holds one of them wherever TITLE matches.

    A post written as a regex gives its longest literal run (首席 of 首席…官), or every run when
    it has alternatives (分析师|研究员).
    """
    words = set()
    for post in read_lines("relations/titles.txt"):
        # lookaheads, character classes and optional groups (投资|研究)? hold no required word
        post = re.sub(r"\(\?![^)]*\)|\[[^]]*\](?:\{[^}]*\})?\??|\((?:\?:)?[^()]*\)\?", " ", post)
        runs = re.findall(r"[\u4e00-\u9fffA-Za-z]+", post)
        words.update(runs if "|" in post else [max(runs, key=len)])
    return tuple(sorted(words))


@lru_cache(maxsize=None)
def _titles() -> str:
    # a scope (中国, 全球) leads the modifiers: 甲中国区首席执行官 is read by the modifiers alone
    scopes = "|".join(read_lines("relations/title_scopes.txt"))
    modifiers = "|".join(read_lines("relations/title_modifiers.txt"))
    return f"(?:(?:{scopes})?(?:{modifiers}){{0,2}}(?:" + "|".join(read_lines("relations/titles.txt")) + "))"


@lru_cache(maxsize=None)
def load_signatures() -> dict[str, Signature]:
    """Predicate -> accepted subject and object types (``*`` = any type)."""
    out = {}
    for row in read_tsv("relation_signatures.tsv"):
        out[row["predicate"]] = Signature(
            row["predicate"],
            frozenset(row["subject_types"].split(",")),
            frozenset(row["object_types"].split(",")),
        )
    return out


@lru_cache(maxsize=None)
def load_hedges() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """A regex finding hedge words (longest first) and word -> (status, scope).

    Status ``asserted`` marks words that look like a hedge but are not one (未披露).
    """
    table = {}
    for row in read_tsv("hedges.tsv"):
        if row["scope"] not in ("statement", "clause", "sentence", "after", "before"):
            raise LexiconError(f"{lexicon_path('hedges.tsv')}: scope {row['scope']!r} of {row['cue']!r} "
                               "is not statement, clause, sentence, after or before")
        if row["status"] not in ("asserted", "planned", "ended", "denied", "rumoured"):
            raise LexiconError(f"{lexicon_path('hedges.tsv')}: status {row['status']!r} of {row['cue']!r} "
                               "is not asserted, planned, ended, denied or rumoured")
        table[row["cue"]] = (row["status"], row["scope"])
    words = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), table
