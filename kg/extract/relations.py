"""Relations and attributes stated by a document: sentence cues, tables, discourse, hedges.

Each sentence is *masked*: every mention becomes one placeholder character, so a cue from
``kg/lexicon/relations/<predicate>.tsv`` is one regex search over a short string, and a
slot matches a whole list of entities ("A与B、C及D"). Anaphors (公司, 其, 该公司) become
mentions of the organisation they stand for (:func:`kg.extract.discourse.resolve_anaphors`),
so "甲公司公告称，公司与乙签约" needs no cue of its own. Table rows go through
:mod:`kg.extract.tables`; the omitted subject of a company-profile section comes from
:mod:`kg.extract.discourse`; hedged statements get a status from :mod:`kg.extract.hedges`.

>>> from kg.model import Document, Sentence, Mention, Entity
>>> text = "甲银行旗下的乙科技与丙公司达成战略合作。"
>>> doc = Document("d1", "a.txt", "utf-8", text, text, text, tuple(range(len(text) + 1)),
...                (Sentence(0, 0, len(text), text),))
>>> ms = (Mention(0, 3, "甲银行", "Bank", "甲银行", 0), Mention(6, 9, "乙科技", "FintechCompany", "乙科技", 0),
...       Mention(10, 13, "丙公司", "Company", "丙公司", 0))
>>> rels, _ = find_relations(doc, ms, ())
>>> sorted((r.subject, r.predicate, r.object) for r in rels)
[('乙科技', 'partnersWith', '丙公司'), ('乙科技', 'subsidiaryOf', '甲银行')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from kg.extract.classifier import LEARNT, load_model
from kg.extract.cues import ENTITY, Cue, list_joiners, load_cues, load_signatures
from kg.extract.discourse import announcers, is_org, previous_topics, resolve_anaphors, section_subjects
from kg.extract.hedges import hedge_status
from kg.extract.units import fund_managers, unit_parents
from kg.extract.pairs import SYMMETRIC, describe_sentence, mention_key as _key, relation_of
from kg.lexicon import read_lines, read_tsv
from kg.model import Attribute, Document, Entity, Evidence, Mention, Relation, Sentence
from kg.segment import tokens, word_tag

__all__ = ["find_relations", "sentence_relations", "model_relations", "expand_lists", "masked_sentences",
           "pair_batch", "mask_sentence", "Masked", "apply_signature"]

# Dropped from the masked text: they only get between a cue and its slots.
_DROP = set(" \r\n\u3000*“”‘’\"「」『』")
# Stock-status prefixes glued to a company name ("*ST华源", "S*ST光明"): not part of any cue.
_STOCK_PREFIX = re.compile(r"(?:\*?S)?\*?ST$")
# Table cells joined by tabs (or pipes) stay apart: no cue gap crosses a cell boundary.
_CELL = str.maketrans({"\t": "|"})
# A parenthesis with no mention in it (English names, "(G7)", "(见图 4-5)").
_PAREN = re.compile(r"[（(][^（）()" + ENTITY + r"]{0,60}[）)]")
_CLAUSE = re.compile(r"[，,；;：:]")
_BOOK_TITLE = re.compile(r"《[^《》]{1,60}》")


@dataclass(frozen=True, slots=True)
class Masked:
    """A sentence with each mention replaced by :data:`~kg.extract.cues.ENTITY`."""

    text: str
    mentions: tuple[Mention, ...]  # k-th placeholder -> k-th mention
    positions: tuple[int, ...]  # position of the k-th placeholder in ``text``


def mask_sentence(text: str, start: int, mentions: Sequence[Mention]) -> Masked:
    """Mask the mentions (sorted, analysed offsets) of a sentence starting at *start*.

    >>> m = mask_sentence("甲 银行(Bank)投资“乙”", 0, [Mention(0, 4, "甲 银行", "Bank", "甲银行"),
    ...                                                Mention(13, 14, "乙", "Company", "乙")])
    >>> m.text == ENTITY + "投资" + ENTITY
    True
    """
    out: list[str] = []
    kept: list[Mention] = []
    pos = start
    titles = [(a.start() + start, a.end() + start) for a in _BOOK_TITLE.finditer(text)]
    for m in mentions:
        if m.start < pos:  # overlapping mention: the earlier (longer) one wins
            continue
        if any(a < m.start and m.end < b and (m.start, m.end) != (a + 1, b - 1) for a, b in titles):
            # a name inside a 《title》 is one of the title's words (签署《…设立甲基金的备忘录》); a
            # title that is the name alone names a newspaper or a book (《甲日报》记者)
            continue
        chunk = _STOCK_PREFIX.sub("", text[pos - start:m.start - start])
        out.extend(c for c in chunk if c not in _DROP)
        out.append(ENTITY)
        kept.append(m)
        pos = m.end
    out.extend(c for c in text[pos - start:] if c not in _DROP)
    masked = "".join(out).translate(_CELL)
    # nested parentheses are rare; two passes remove "（A（B））"
    masked = _PAREN.sub("", _PAREN.sub("", masked))
    positions = tuple(i for i, c in enumerate(masked) if c == ENTITY)
    return Masked(masked, tuple(kept), positions)


def _slot_entities(masked: Masked, start: int, end: int) -> list[Mention]:
    """The list elements of a slot spanning masked ``[start, end)``; aliases in parentheses fold in."""
    text = masked.text
    lo, hi = bisect_left(masked.positions, start), bisect_left(masked.positions, end)
    out: list[Mention] = []
    for k in range(lo, hi):
        p = masked.positions[k]
        before = text[start:p]
        depth = before.count("（") + before.count("(") - before.count("）") - before.count(")")
        if p + 1 < end and text.startswith("旗下", p + 1):
            continue  # "A旗下的B": A qualifies B
        if depth > 0 and out:
            # "A（现B）": the current name wins; "A（以下简称B）" is the same entity
            if "现" in text[max(start, p - 4):p]:
                out[-1] = masked.mentions[k]
            continue
        out.append(masked.mentions[k])
    return out


def apply_signature(predicate: str, subject_type: str, object_type: str) -> list[tuple[str, bool]]:
    """Predicates to emit for a pair of types: ``[(predicate, swapped)]``, empty when none fits.

    >>> apply_signature("subsidiaryOf", "Product", "TechCompany")
    [('developedBy', False)]
    >>> apply_signature("foundedBy", "FintechCompany", "Person")
    [('foundedBy', False), ('executiveOf', True)]
    >>> apply_signature("headquarteredIn", "Bank", "Bank")
    []
    """
    candidates = [(predicate, False)]
    for row in read_tsv("relation_coercions.tsv"):
        if row["predicate"] == predicate and row["subject_type"] in ("*", subject_type) \
                and row["object_type"] in ("*", object_type):
            swap = row["swap"] == "yes"
            rewritten = (row["becomes"], swap)
            candidates = [*candidates, rewritten] if row["keep"] == "yes" else [rewritten]
    signatures = load_signatures()
    out = []
    for name, swapped in candidates:
        sig = signatures[name]
        s_type, o_type = (object_type, subject_type) if swapped else (subject_type, object_type)
        if (s_type or "Company") in sig.subject_types and (o_type or "Company") in sig.object_types:
            out.append((name, swapped))
    return out


@lru_cache(maxsize=None)
def _no_topic_before() -> re.Pattern:
    leads = read_lines("relations/source_leads.txt") + read_lines("relations/role_leads.txt")
    return re.compile("(?:" + "|".join(leads) + ")$")


def _topic(masked: Masked, before: int, opening: bool = False) -> Mention | None:
    """The sentence topic: the last organisation opening a clause before position *before*;
    failing one (and unless *opening*), the only organisation named before it
    ("以火锅为主的甲食品…，前十大股东中…")."""
    best = None
    named = {}
    listed = set()  # members of a list "甲、乙": things enumerated, not the one the sentence is about
    for k, p in enumerate(masked.positions):
        if p >= before:
            break
        m = masked.mentions[k]
        if p > 0 and masked.text[p - 1] == "、":
            listed.update((_key(m), _key(masked.mentions[k - 1]) if k else ""))
        if is_org(m.type):
            if p == 0 or _CLAUSE.match(masked.text, p - 1):
                best = m
            if not _no_topic_before().search(masked.text, 0, p) and not masked.text.startswith(read_lines("relations/source_markers.txt"), p + 1):
                # "据甲统计" and "甲记者" cite a source, "股东甲" holds a role: they are no topic
                named.setdefault(_key(m), m)
    named = {key: m for key, m in named.items() if key not in listed}
    if best is None and len(named) == 1 and not opening:
        best = next(iter(named.values()))
    return best


# Words that may stand between a clause's subject and its verb without being the subject
# (同时, 还, 已, 此前, 正式): jieba tags of adverbs, conjunctions, time words, prepositions, particles.
_SUBJECT_GAP_TAGS = {"d", "c", "t", "p", "u", "uj", "ul", "ud", "uz", "ug", "uv", "m", "f", "vd", "ad"}


def _own_subject(text: str, before: int) -> bool:
    """Whether the clause of a cue starting at *before* has its own subject that is no entity
    ("委托省市与乙签约", "该酒店是乙的全资子公司", "丙集团及其全资子公司丁"): then the missing end
    of the cue is stated but unrecognised, and the discourse must not fill it in.

    >>> _own_subject("甲公司公告称，已与乙签署协议", 8)
    False
    >>> _own_subject("甲公司首席分析师表示，委托省市与乙签订合同", 15)
    True
    """
    clause = text[:before]
    cut = max(clause.rfind(c) for c in "，,；;：:。！？!?|" + ENTITY)
    if cut >= 0 and clause[cut] == ENTITY:
        return False  # an entity opens the clause: the topic is right there
    words = [t.text for t in tokens(clause[cut + 1:]) if t.text.strip()]
    while words and word_tag(words[-1]) in _SUBJECT_GAP_TAGS:
        words.pop()
    if not words:
        return False
    last = words[-1]
    return last == "其" or (len(last) > 1 and word_tag(last).startswith("n"))


@dataclass(frozen=True, slots=True)
class _Candidate:
    subject: str
    predicate: str
    object: str
    confidence: float
    method: str
    status: str
    features: tuple[str, ...] = ()  # what made the classifier decide (``kg extract --explain``)


@lru_cache(maxsize=None)
def _trigger_automaton():
    """One automaton over every cue's trigger words: a sentence is scanned once, not once per cue."""
    automaton = ahocorasick.Automaton()
    for cue in load_cues():
        for word in cue.trigger:
            automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def _predicate_triggers() -> dict[str, frozenset[str]]:
    """The trigger words of each predicate's cues: the words that can state it."""
    out: dict[str, set[str]] = {}
    for cue in load_cues():
        out.setdefault(cue.predicate, set()).update(cue.trigger)
    return {p: frozenset(words) for p, words in out.items()}


def _present_triggers(text: str) -> frozenset[str]:
    automaton = _trigger_automaton()
    return frozenset(word for _, word in automaton.iter(text)) if len(automaton) else frozenset()


def _triggered(cue: Cue, text: str, present: frozenset[str] | None) -> bool:
    if not cue.trigger:
        return True
    if present is None:
        return any(w in text for w in cue.trigger)
    return not present.isdisjoint(cue.trigger)


def sentence_relations(masked: Masked, cues: Iterable[Cue] | None = None,
                       section_subject: Mention | None = None) -> list[_Candidate]:
    """Candidate relations of one masked sentence (best cue per pair and predicate)."""
    text = masked.text
    # The shipped cues share one trigger automaton; cues passed in (tests) are checked one by one.
    present = _present_triggers(text) if cues is None else None
    cues = load_cues() if cues is None else cues
    found: dict[tuple[str, str, str], _Candidate] = {}
    explicit_objects: set[tuple[str, str]] = set()
    explicit_subjects: set[tuple[str, str]] = set()
    at = _positions(masked)
    for discourse_pass in (False, True):
        for cue in cues:
            complete = cue.has_subject and cue.has_object
            if complete == discourse_pass or not _triggered(cue, text, present):
                continue
            if complete and len(masked.positions) < 2:
                continue
            for match in cue.regex.finditer(text):
                ends = {"X": [], "Y": []}
                for name, span in match.groupdict().items():
                    if span is not None and name[0] in ends:
                        ends[name[0]].extend(_slot_entities(masked, *match.span(name)))
                if any(_in_title(text, match.start(), at[id(m)]) for m in ends["X"] + ends["Y"]):
                    continue  # 甲发布《…投资乙…指引》: a title's words state nothing of 甲
                if cue.direction == "symmetric":
                    ends["X"], ends["Y"] = _counterparts(text, at, ends["X"], ends["Y"])
                if cue.predicate == "partnersWith" and _share_deal(text, match.start(), match.end()):
                    continue  # 甲与乙签署《股份转让协议》: a seller and a buyer, no partners
                if cue.predicate == "partnersWith" and _co_hosting(text[match.start():match.end()]):
                    continue  # 甲与乙联合召开的…合作论坛: co-hosts of an event, no partners
                confidence = cue.confidence
                statement_start = match.start()
                if not complete:
                    if _own_subject(text, match.start()):
                        continue
                    topic = _topic(masked, match.start())
                    outside = topic is None  # the end comes from beyond the sentence
                    topic = topic or section_subject
                    if topic is None:
                        continue
                    ends["Y" if cue.has_subject else "X"] = [topic]
                    confidence = round(confidence * 0.9, 3)
                    # an act's statement runs from the topic the sentence names ("甲计划…，与乙合作" is a
                    # plan); a state is no act ("甲拟通过其全资子公司乙…": 乙 is its subsidiary now)
                    if cue.voice in _ACT_VOICES:
                        statement_start = min(statement_start, at.get(id(topic), statement_start))
                status = hedge_status(text, statement_start, match.end())
                for s, o in _slot_pairs(text, at, ends["X"], ends["Y"]):
                    if _key(s) == _key(o):
                        continue
                    # a discourse reading never adds to what the sentence says outright; the
                    # sentence's own topic may go on acting ("甲增持乙，增持丙": 甲 holds both), but
                    # a state it is in is said once ("甲的控股股东为乙，为丙的子公司" is 乙's)
                    if discourse_pass and ((cue.predicate, _key(o)) in explicit_objects
                                           or (outside or cue.voice != "active")
                                           and (cue.predicate, _key(s)) in explicit_subjects):
                        continue
                    for predicate, swapped in apply_signature(cue.predicate, s.type, o.type):
                        a, b = (o, s) if swapped else (s, o)
                        subject, obj = _key(a), _key(b)
                        # one key for both orders of a symmetric pair; the text's order is kept
                        key = (subject, predicate, obj)
                        if cue.direction == "symmetric" and obj < subject:
                            key = (obj, predicate, subject)
                        old = found.get(key)
                        if old is None or old.confidence < confidence:
                            found[key] = _Candidate(subject, predicate, obj, confidence,
                                                    cue.method, status)
                        if not discourse_pass:
                            explicit_objects.add((cue.predicate, _key(o)))
                            explicit_subjects.add((cue.predicate, _key(s)))
    return list(found.values())


# cue voices that state an act (a deal, a launch, a partnership), which a plan or a denial can govern
_ACT_VOICES = frozenset({"active", "passive", "partnership"})


def _positions(masked: Masked) -> dict[int, int]:
    """The placeholder position of each mention of *masked*, keyed by the mention's identity."""
    return {id(m): p for m, p in zip(masked.mentions, masked.positions)}


def _counterparts(text: str, at: dict[int, int], subjects: list[Mention], objects: list[Mention]):
    """A joint statement's parties when its subject list opens "甲与乙": 甲 is the subject, the
    rest are its counterparts ("甲与乙和丙签署协议" is 甲–乙 and 甲–丙, not 乙–丙). *at* gives
    the mentions' positions in the masked *text* (:func:`_positions`).

    >>> ms = [Mention(0, 1, "甲", "Company", "甲"), Mention(2, 3, "乙", "Company", "乙"), Mention(4, 5, "丙", "Company", "丙")]
    >>> m = mask_sentence("甲与乙和丙签署协议", 0, ms)
    >>> [[x.text for x in side] for side in _counterparts(m.text, _positions(m), list(m.mentions[:2]), [m.mentions[2]])]
    [['甲'], ['乙', '丙']]
    """
    if len(subjects) < 2 or id(subjects[0]) not in at or id(subjects[1]) not in at:
        return subjects, objects
    joiner = text[at[id(subjects[0])] + 1:at[id(subjects[1])]]
    if joiner not in ("与", "同", "跟"):
        return subjects, objects
    return subjects[:1], [*subjects[1:], *objects]


_SIGNED = re.compile(r"签署|签订|签约|签|达成|订立")


@lru_cache(maxsize=1)
def _hosting() -> re.Pattern:
    return re.compile("|".join(map(re.escape, read_lines("relations/hosting_verbs.txt"))))


def _co_hosting(statement: str) -> bool:
    """Whether a partnership cue's statement is two bodies holding an event together ("甲与乙联合
    召开的…合作论坛"), with no agreement signed in it.

    >>> _co_hosting("甲与乙在布拉格联合召开的金融合作"), _co_hosting("甲与乙在论坛上签署合作")
    (True, False)
    """
    return _hosting().search(statement) is not None and _SIGNED.search(statement) is None


def _share_deal(text: str, start: int, end: int) -> bool:
    """Whether the agreement a partnership cue matched (``text[start:end]``) is a share
    transaction: a word of ``relations/transaction_words.txt`` between the last signing verb and
    the end of what was signed, up to the clause's end.

    >>> _share_deal("甲与乙签署《配售及认购协议》，", 0, 12), _share_deal("甲与乙签署战略合作协议，", 0, 11)
    (True, False)
    """
    signed = [m.start() for m in _SIGNED.finditer(text, start, end)]
    if not signed:
        return False
    stop = _CLAUSE_END.search(text, end)
    window = text[signed[-1]:stop.start() if stop else len(text)]
    return any(w in window for w in read_lines("relations/transaction_words.txt"))


def _in_title(text: str, start: int, at: int) -> bool:
    """Whether position *at* lies inside a 《book title》 that opens after *start*: the title's
    words name a document, they state nothing about what stands before it.

    >>> _in_title("甲发布《乙投资丙的指引》", 0, 6), _in_title("甲与乙签署《合作协议》", 0, 2)
    (True, False)
    """
    opened = text.rfind("《", start, at)
    return opened >= 0 and text.find("》", opened, at) < 0


def _slot_pairs(text: str, at: dict[int, int], subjects: list[Mention], objects: list[Mention]
                ) -> list[tuple[Mention, Mention]]:
    """Every subject with every object, but member by member when 分别 ("respectively") stands
    between two lists of one length: "甲、乙分别举牌丙、丁" is 甲–丙 and 乙–丁.

    >>> ms = [Mention(0, 1, "甲", "Company", "甲"), Mention(2, 3, "乙", "Company", "乙"),
    ...       Mention(7, 8, "丙", "Company", "丙"), Mention(9, 10, "丁", "Company", "丁")]
    >>> m = mask_sentence("甲、乙分别举牌丙、丁", 0, ms)
    >>> [(a.text, b.text) for a, b in _slot_pairs(m.text, _positions(m), list(ms[:2]), list(ms[2:]))]
    [('甲', '丙'), ('乙', '丁')]
    """
    if len(subjects) == len(objects) > 1 and all(id(m) in at for m in (*subjects, *objects)):
        subjects = sorted(subjects, key=lambda m: at[id(m)])
        objects = sorted(objects, key=lambda m: at[id(m)])
        earlier, later = sorted((subjects, objects), key=lambda ms: at[id(ms[0])])
        lo, hi = at[id(earlier[-1])], at[id(later[0])]
        if lo < hi and "分别" in text[lo:hi]:
            return list(zip(subjects, objects))
    return [(s, o) for s in subjects for o in objects]


def model_relations(masked: Masked, cue_found: list[_Candidate], explain: bool = False) -> list[_Candidate]:
    """The cue candidates of one masked sentence, merged with the relation classifier's verdicts.

    Every candidate pair (:func:`kg.extract.pairs.sentence_pairs`) gets one decision. A pair a
    cue states keeps the cue's reading (the cues are high-precision overrides); when the model
    agrees, the confidence is the higher of the two. Other pairs get the model's reading when the
    predicate's types fit (``relation_signatures.tsv``) and the probability reaches the model's
    floor, with the status the sentence gives them (asserted, planned …); whether a build asserts
    them is the threshold's business (:func:`kg.extract.classifier.status_at`). A predicate
    none of whose cue trigger words (入股, 合作, 子公司 …) stands before the end of the pair's
    statement is not read (:func:`_stated_by`): the classifier weighs where and how the words
    stand, it does not invent a relation from names alone. :func:`_plausible` then applies the
    sentence's structure.
    """
    model = load_model()
    present = _present_triggers(masked.text)
    pairs, batch = pair_batch(masked, cue_found, present)
    triggers = _predicate_triggers()
    by_pair: dict[frozenset, list[int]] = {}
    for n, c in enumerate(cue_found):
        by_pair.setdefault(frozenset((c.subject, c.object)), []).append(n)
    merged = list(cue_found)
    learnt: list[tuple[int, int, _Candidate]] = []  # (placeholder of subject, of object, candidate)
    for pair, decision in zip(pairs, model.decide(batch, explain)):
        reading = relation_of(decision.label)
        if reading is None:
            continue  # "none", or a verdict below the model's floor
        predicate, subject_first = reading
        if not _stated_by(masked, pair.j, triggers.get(predicate, ()), present):
            continue  # no word of this relation where the pair stands: nothing states it
        s, o = (pair.a, pair.b) if subject_first else (pair.b, pair.a)
        stated = by_pair.get(frozenset((_key(s), _key(o))))
        for name, swapped in apply_signature(predicate, s.type, o.type):
            a, b = (o, s) if swapped else (s, o)
            subject, obj = _key(a), _key(b)
            if stated is not None:
                for n in stated:
                    c = merged[n]
                    same = c.predicate == name and (c.subject == subject or name in SYMMETRIC)
                    if same and c.confidence < decision.probability:
                        merged[n] = _Candidate(c.subject, c.predicate, c.object,
                                               round(decision.probability, 3), c.method, c.status,
                                               decision.features)
                continue
            # the statement runs to the end of the clause: "甲正与乙研究组建…" is a plan
            end = _CLAUSE_END.search(masked.text, masked.positions[pair.j])
            status = hedge_status(masked.text, masked.positions[pair.i], end.start() if end else len(masked.text))
            at = {pair.a: pair.i, pair.b: pair.j}
            learnt.append((at[a], at[b], _Candidate(subject, name, obj, round(decision.probability, 3),
                                                    LEARNT + name, status, decision.features)))
    return merged + _plausible(masked, merged, learnt)


_CLAUSE_END = re.compile(r"[，,；;。！？!?]")


def _stated_by(masked: Masked, j: int, words, present: frozenset[str]) -> bool:
    """Whether one of *words* stands where it can state a relation of a pair whose second
    mention is *j*: before the end of that mention's statement, which runs on through clauses
    with no subject of their own ("甲与乙已同意，将成立合资公司"; but "甲与乙的政策形成组合拳，
    监管合作的时代已经来临": 合作 is another clause's).

    >>> ms = [Mention(0, 2, "甲行", "Bank", "甲行"), Mention(3, 5, "乙行", "Bank", "乙行")]
    >>> _stated_by(mask_sentence("甲行与乙行已同意，将成立合资公司。", 0, ms), 1, {"合资"}, frozenset({"合资"}))
    True
    >>> _stated_by(mask_sentence("甲行与乙行形成组合拳，监管合资的时代来临。", 0, ms), 1, {"合资"}, frozenset({"合资"}))
    False
    """
    found = present.intersection(words)
    if not found:
        return False
    text, pos = masked.text, masked.positions
    end = pos[j]
    while True:  # the statement runs on through clauses without a subject of their own
        brk = _CLAUSE_END.search(text, end)
        if brk is None:
            end = len(text)
            break
        end = brk.start()
        if brk.group() not in "，," or _opens_with_subject(text, brk.end()):
            break
        end = brk.end()
    return any(0 <= text.find(word, 0, end) for word in found)


def _opens_with_subject(text: str, start: int) -> bool:
    """Whether the clause at *start* opens with a subject of its own (a name, a noun, a pronoun)
    rather than an adverb, a preposition or a verb: "，监管合作的时代已经来临" does, "，将在全球
    成立合资公司" not."""
    for t in tokens(text[start:start + 12]):
        if t.text.strip():
            return t.text[0] == ENTITY or word_tag(t.text)[:1] in ("n", "r") or word_tag(t.text) == "vn"
    return False


_CO_OBJECT = re.compile(r"(?:与|和|同|跟|对|向|为)$")


def _opened_by_other(masked: Masked, lo: int, hi: int) -> bool:
    """Whether the clause of mention *hi* opens with another mention than *lo*: that one is its
    subject ("为落实甲的规划，乙、丙联合印发…" is no statement of 甲's)."""
    start = _clause_start(masked.text, masked.positions[hi])
    return any(start <= masked.positions[k] and _opens_clause(masked, k) for k in range(lo + 1, hi))


def _clause_start(text: str, at: int) -> int:
    return max(text.rfind(c, 0, at) for c in "，,；;：:") + 1


def _opens_clause(masked: Masked, k: int) -> bool:
    """Whether mention *k* opens its clause: only time words, adverbs or conjunctions before it
    (日前, 同时)."""
    text, at = masked.text, masked.positions[k]
    return all(word_tag(t.text) in _SUBJECT_GAP_TAGS
               for t in tokens(text[_clause_start(text, at):at]) if t.text.strip())


def _states_own(masked: Masked, k: int, predicate: str) -> bool:
    """Whether mention *k* opens its clause and a word of *predicate* follows it: the subject of
    a parallel statement ("甲持有五万股，乙持有三万股": 乙 holds shares, it is not 甲's object).

    >>> ms = [Mention(0, 3, "甲公司", "Company", "甲公司"), Mention(9, 12, "乙公司", "Company", "乙公司")]
    >>> masked = mask_sentence("甲公司持有五万股，乙公司持有三万股。", 0, ms)
    >>> _states_own(masked, 1, "shareholderOf"), _states_own(masked, 1, "investsIn")
    (True, False)
    """
    if not _opens_clause(masked, k):
        return False
    at = masked.positions[k]
    after = masked.text[at + 1:at + 6]
    # the word must start the predicate right after the name (乙持有, 乙也持有), not 乙的全资子公司
    return any(after.find(word) in (0, 1) for word in _predicate_triggers().get(predicate, ())) \
        and not after.startswith("的")


def _plausible(masked: Masked, stated: list[_Candidate], learnt) -> list[_Candidate]:
    """The learnt facts the sentence's structure allows.

    - No nearer mention claims it: when a mention between the two ends has the same relation
      with one of them ("甲旗下的乙与丙": 乙 is 甲's), the far end does not get it too, unless
      the classifier is surer of it.
    - A pair across a clause break whose second clause has a subject of its own, an entity or
      not ("甲…表示，随着多个省市与乙签订合同", "为落实甲的规划，乙、丙联合印发…"), or whose
      second end states the same relation of its own ("甲持有五万股，乙持有三万股"), is that
      subject's business, not the first end's.
    - Two members of one list after a preposition ("与乙和丙成立合资公司", "甲与乙、丙签约")
      are co-objects of someone else's action, not related to each other.
    - An end followed by 旗下/下属 that owns something else ("投资了乙旗下的机器人公司") only
      qualifies that thing.
    """
    text, pos = masked.text, masked.positions
    co_objects = set()
    for first, last in _list_groups(masked):
        if first > 0 and _CO_OBJECT.search(text, 0, pos[first]):
            members = masked.mentions[first:last + 1]
        elif last > first + 1 and _CO_OBJECT.fullmatch(text[pos[first] + 1:pos[first + 1]]):
            # "甲与乙、丙签约": 乙 and 丙 are 甲's counterparts
            members = [m for m in masked.mentions[first + 1:last + 1] if _key(m) != _key(masked.mentions[first])]
        else:
            continue
        co_objects |= {frozenset((_key(a), _key(b))) for a in members for b in members if _key(a) != _key(b)}
    best: dict[tuple[str, str, str], float] = {}
    for c in stated:
        best[(c.subject, c.predicate, c.object)] = 1.0
    for _, _, c in learnt:
        best[(c.subject, c.predicate, c.object)] = max(best.get((c.subject, c.predicate, c.object), 0), c.confidence)
    kept = []
    for i, j, c in learnt:
        lo, hi = sorted((i, j))
        between = {_key(m) for m in masked.mentions[lo + 1:hi]} - {c.subject, c.object}
        claimed = any(best.get((x, c.predicate, c.object), 0) > c.confidence
                      or best.get((c.subject, c.predicate, x), 0) > c.confidence for x in between)
        crossed = _CLAUSE_END.search(text, pos[lo], pos[hi]) is not None and (
            _own_subject(text, pos[hi]) or _opened_by_other(masked, lo, hi)
            or (_key(masked.mentions[hi]) == c.object and _states_own(masked, hi, c.predicate)))
        if not (claimed or crossed or frozenset((c.subject, c.object)) in co_objects
                or _owns_another(masked, lo, hi, c)):
            kept.append(c)
    return kept


_OWNS = re.compile(r"(?:旗下|下属|所属)的?|的?(?:全资|控股)?子公司(?=" + ENTITY + ")")


def _owns_another(masked: Masked, lo: int, hi: int, fact: _Candidate) -> bool:
    """Whether one end only qualifies what it owns: "投资了乙旗下的机器人公司", "甲旗下的网站
    承担了乙的建设", "甲与乙全资子公司丙签约" (a holding that is no end of this pair)."""
    text, pos = masked.text, masked.positions
    if pos[hi] == pos[lo] + 1:
        return False  # one names the other's group: "甲集团乙公司旗下的…"
    for k in (lo, hi):
        owned = _OWNS.match(text, pos[k] + 1)
        if not owned or (k == lo and owned.end() == pos[hi]):
            continue
        if k == hi and fact.predicate == "subsidiaryOf" and fact.object == _key(masked.mentions[hi]):
            continue  # "乙是甲旗下的公司": the far end is the parent
        return True
    return False


_NO_CLAUSE_BREAK = re.compile(r"[^，,。；;：:！？!?|]*")
_JOINT_AFTER = re.compile(r"[^，,。；;：:！？!?|\ue000]{0,6}?(?:" + "|".join(map(re.escape, read_lines("joint_verbs.txt"))) + ")")


def _list_groups(masked: Masked) -> list[tuple[int, int]]:
    """(first, last) placeholder indexes of each run of two or more mentions joined as a list."""
    groups, first = [], 0
    pos = masked.positions
    for k in range(1, len(pos) + 1):
        if k < len(pos) and masked.text[pos[k - 1] + 1:pos[k]] in list_joiners():
            continue
        if k - 1 > first:
            groups.append((first, k - 1))
        first = k
    return groups


def expand_lists(masked: Masked, found: list[_Candidate]) -> list[_Candidate]:
    """Give every member of a list the relation one member has with the entity next to the list.

    "A、B和C共同投资了D": a cue or the classifier that reads "C投资D" speaks for A and B too.
    The other end must follow (or precede) the list with no other mention and no clause break
    in between, so "A、B、C三家中，A收购了D" does not make B and C buyers. A cue's reading
    spreads only over a list acting jointly (共同, 联合: the cue slots already take plain
    lists), so "A与B全资子公司C" keeps C to B.
    """
    if not found:
        return found
    pos = masked.positions
    types = {_key(m): m.type for m in masked.mentions}
    have = {(c.subject, c.predicate, c.object) for c in found}
    added: list[_Candidate] = []
    for first, last in _list_groups(masked):
        members = [_key(m) for m in masked.mentions[first:last + 1]]
        # (neighbour, whether a cue's reading spreads to it): only a list acting jointly on what follows
        neighbours = []
        if last + 1 < len(pos) and _NO_CLAUSE_BREAK.fullmatch(masked.text[pos[last] + 1:pos[last + 1]]):
            neighbours.append((_key(masked.mentions[last + 1]),
                               _JOINT_AFTER.match(masked.text, pos[last] + 1) is not None))
        if first > 0 and _NO_CLAUSE_BREAK.fullmatch(masked.text[pos[first - 1] + 1:pos[first]]):
            neighbours.append((_key(masked.mentions[first - 1]), False))
        for c in found:
            for other, joint in neighbours:
                if not (c.method.startswith(LEARNT) or joint):
                    continue
                if other in members:
                    continue
                if c.subject in members and c.object == other:
                    new = [(m, c.predicate, other) for m in members]
                elif c.object in members and c.subject == other:
                    new = [(other, c.predicate, m) for m in members]
                else:
                    continue
                for triple in new:
                    fits = (c.predicate, False) in apply_signature(c.predicate, types[triple[0]], types[triple[2]])
                    if fits and triple not in have and triple[0] != triple[2]:
                        have.add(triple)
                        added.append(_Candidate(*triple, c.confidence, c.method + "+list", c.status, c.features))
    return found + added


def drop_co_founder_partners(found: list[_Candidate]) -> list[_Candidate]:
    """Co-founders of one named company are no partners (GUIDELINES.md), whatever the classifier
    learnt from FinRE, where a joint venture's parents are labelled as partners."""
    founders: dict[str, set[str]] = {}
    threshold = load_model().min_confidence
    for c in found:
        if c.predicate == "foundedBy" and c.status == "asserted" \
                and (not c.method.startswith(LEARNT) or c.confidence >= threshold):
            founders.setdefault(c.subject, set()).add(c.object)
    if not founders:
        return found
    pairs = {frozenset((a, b)) for group in founders.values() for a in group for b in group if a != b}
    return [c for c in found if not (c.predicate == "partnersWith" and c.method.startswith(LEARNT)
                                     and frozenset((c.subject, c.object)) in pairs)]


def _without_sources(masked: Masked, found: list[_Candidate]) -> list[_Candidate]:
    """No relation for the medium a sentence cites as its source ("证券日报记者获悉", "《X》记者：",
    an interview's "《X》：" question) or for the venue of an act ("通过上交所交易系统增持",
    "通过上海证券交易所增持")."""
    markers = read_lines("relations/source_markers.txt")
    systems = read_lines("relations/venue_markers.txt")
    leads = tuple(read_lines("relations/venue_leads.txt"))
    venues = tuple(read_lines("relations/venue_names.txt"))
    # a venue is one after 通过/经由 (通过上交所交易系统增持); 证监会系统 alone is the body's own network
    sources = {_key(m) for m, p in zip(masked.mentions, masked.positions)
               if masked.text.startswith(markers, p + 1)
               or masked.text.startswith(tuple("》" + w for w in markers + systems) + ("》：", "》:"), p + 1)
               or (m.text.endswith(venues) or masked.text.startswith(systems, p + 1)) and masked.text.endswith(leads, 0, p)}
    if not sources:
        return found
    return [c for c in found if c.subject not in sources and c.object not in sources]


def pair_batch(masked: Masked, cue_found: list[_Candidate], present: frozenset[str] | None = None):
    """The candidate pairs of a masked sentence and their features, as the classifier sees them
    (training calls this too, so it learns from what extraction computes)."""
    if present is None:
        present = _present_triggers(masked.text)
    return describe_sentence(masked, cue_found, present)


def masked_sentences(doc: Document, mentions: Sequence[Mention], subjects: dict[int, str] | None = None
                     ) -> Iterator[tuple[Sentence, Masked, Mention | None]]:
    """Each content sentence that has mentions, masked once its anaphors are resolved, with the
    company of its section (the subject a clause may leave out; *subjects* as
    :func:`~kg.extract.discourse.section_subjects` gives them, computed when not given)."""
    if subjects is None:
        subjects = section_subjects(doc, mentions)
    by_key = {}
    for m in mentions:
        by_key.setdefault(_key(m), m)
    grouped = _mentions_by_sentence(doc, mentions)
    # 公司 opening a sentence speaks of the company whose announcement the paragraph (or the
    # article) reports, else of the company the sentence before opened with
    speakers = {**previous_topics(doc, mentions), **announcers(doc, mentions)}
    for sentence in doc.sentences:
        ms = grouped.get(sentence.index)
        if not ms or not sentence.content or sentence.heading:
            continue
        ms = resolve_anaphors(sentence.text, sentence.start, ms, speakers.get(sentence.index))
        yield sentence, mask_sentence(sentence.text, sentence.start, ms), by_key.get(subjects.get(sentence.index, ""))


def _mentions_by_sentence(doc: Document, mentions: Sequence[Mention]) -> dict[int, list[Mention]]:
    starts = [s.start for s in doc.sentences]
    out: dict[int, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= doc.sentences[i].end:
            out.setdefault(doc.sentences[i].index, []).append(m)
    return out


def _evidence(doc: Document, sentence: Sentence, method: str, confidence: float, since: int | None = None) -> Evidence:
    """The sentence as evidence; from *since* (an earlier sentence's start) when the fact's end was
    named there ("甲增持乙；增持丙": the holder is in the part before the "；")."""
    begin = sentence.start if since is None else since
    start, end = doc.raw_span(begin, sentence.end)
    return Evidence(doc.original(begin, sentence.end), start, end, method, confidence, sentence.index)


def _continues(doc: Document, before: Sentence | None, sentence: Sentence) -> bool:
    """Whether *sentence* goes on from *before* after a "；" in one paragraph: a clause there may
    leave out the subject *before* named."""
    return before is not None and before.index == sentence.index - 1 and before.text.rstrip().endswith((";", "；")) \
        and "\n" not in doc.text[before.end:sentence.start]


def _unit_facts(mentions: Sequence[Mention], found: list[_Candidate]) -> list[_Candidate]:
    """subsidiaryOf of each unit the sentence names after its parent (:mod:`kg.extract.units`);
    whoever holds a post in the unit holds one at the parent too (商务部外贸司副司长, 甲证券研究所
    首席分析师); a fund named after its manager is developedBy the manager (华夏|上证50ETF)."""
    stated = {(c.subject, c.predicate, c.object) for c in found}
    out = []
    for unit, parent in unit_parents(mentions):
        fact = (_key(unit), "subsidiaryOf", _key(parent))
        if fact not in stated and apply_signature("subsidiaryOf", unit.type, parent.type) == [("subsidiaryOf", False)]:
            stated.add(fact)
            out.append(_Candidate(*fact, 0.9, "cue:subsidiaryOf/name", "asserted"))
        # whoever holds a post in a unit holds one in what it belongs to: the head of a ministry's
        # department (商务部外贸司副司长), a bank branch's president, a university institute's director;
        # not a researcher of an institute a public body sponsors (国务院发展研究中心): no post at the body
        department = unit.method == "pattern:department"
        if not department and parent.type == "GovernmentBody":
            continue
        method = "cue:executiveOf/title-department" if department else "cue:executiveOf/title-unit"
        for c in found:
            post = (c.subject, "executiveOf", _key(parent))
            if c.predicate == "executiveOf" and c.object == _key(unit) and post not in stated:
                stated.add(post)
                out.append(_Candidate(*post, c.confidence, method, c.status))
    for fund, manager in fund_managers(mentions):
        fact = (_key(fund), "developedBy", _key(manager))
        if fact not in stated:
            stated.add(fact)
            out.append(_Candidate(*fact, 0.9, "cue:developedBy/name", "asserted"))
    return out


def find_relations(doc: Document, mentions: tuple[Mention, ...], entities: tuple[Entity, ...],
                   explain: bool = False) -> tuple[tuple[Relation, ...], tuple[Attribute, ...]]:
    """Relations between entity keys and literal attributes stated by *doc*.

    Parameters
    ----------
    doc : Document
        A split document (sentences and tables, analysed offsets).
    mentions : tuple of Mention
        Entity mentions; ``Mention.entity`` is the key relations use (the text when empty).
    entities : tuple of Entity
        The document's entities; their names find table cells the mentions missed.
    explain : bool
        Keep the features behind each classifier decision (``Relation.features``).

    Returns
    -------
    (relations, attributes)
        Every statement of a fact keeps its own evidence (sentence or table row), so a fact
        stated twice comes back twice; hedged statements have ``status != "asserted"``.
    """
    from kg.extract.attributes import sentence_attributes
    from kg.extract.tables import table_facts

    subjects = section_subjects(doc, mentions)
    nested = _mentions_by_sentence(doc, mentions)  # masking keeps the outer of nested names only
    relations: list[Relation] = []
    attributes: list[Attribute] = []
    carried: tuple[Mention, int] | None = None  # the topic a "；" hands on, and where it was named
    before: Sentence | None = None
    for sentence, masked, section in masked_sentences(doc, mentions, subjects):
        carry = carried if _continues(doc, before, sentence) else None
        subject = section or (carry[0] if carry else None)
        found = model_relations(masked, sentence_relations(masked, section_subject=subject), explain)
        found = _without_sources(masked, drop_co_founder_partners(expand_lists(masked, found)))
        found += _unit_facts(nested.get(sentence.index, ()), found)
        here = {_key(m) for m in masked.mentions}
        for c in sorted(found, key=lambda c: (c.subject, c.predicate, c.object, c.method)):
            since = carry[1] if carry and section is None and _key(carry[0]) in {c.subject, c.object} - here else None
            relations.append(Relation(c.subject, c.predicate, c.object,
                                      _evidence(doc, sentence, c.method, c.confidence, since), c.status,
                                      c.features))
        own = _topic(masked, len(masked.text), opening=True)
        carried = (own, sentence.start) if own is not None else carry
        before = sentence
        for name, subject, value, unit, as_of, method in sentence_attributes(masked, section):
            attributes.append(Attribute(subject, name, value, _evidence(doc, sentence, method, 0.8),
                                        unit, as_of))
    table_relations, table_attributes = table_facts(doc, mentions, entities, subjects)
    return tuple(relations) + table_relations, tuple(attributes) + table_attributes
