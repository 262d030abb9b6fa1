"""Cross-document entity resolution: one node per real-world entity.

This is the cheap reduce step of a build. It reads only the entities of each
document's :class:`~kg.model.Extraction` (names, types, counts), never the text,
so it can be re-run over a whole archive in seconds.

Two document-level entities are merged when the canonical name of one is a name
of the other, when their names agree once a legal-form suffix is stripped
(同盾科技有限公司 ~ 同盾科技), or when the alias registry
(``kg/lexicon/aliases.tsv``, read by :func:`kg.extract.aliases.alias_registry`) says so. Merging on any shared *alias* is not
allowed: a short name used for two different canonical entities is recorded as
ambiguous on both, never used to join them.

>>> from kg.model import Entity
>>> a = Entity("建设银行", "Bank", ("建设银行", "建行"), 3)
>>> b = Entity("中国建设银行股份有限公司", "Bank", ("中国建设银行股份有限公司", "建设银行"), 1)
>>> r = resolve_entities([("d1", [a]), ("d2", [b])])
>>> r.canonical("d2", "中国建设银行股份有限公司")
'建设银行'
>>> sorted(r.entities["建设银行"].names)
['中国建设银行股份有限公司', '建行', '建设银行']
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from kg.extract.aliases import alias_registry, reduce_name
from kg.extract.mentions import split_place
from kg.model import Entity

__all__ = ["ResolvedEntity", "Resolution", "resolve_entities", "name_key", "core_name", "registry_keys",
           "resolution_key", "compatible_types", "UnionFind"]

# Specific classes win over generic ones when documents disagree on a type.
_GENERIC = {"Company": 1, "Organization": 2}


def name_key(name: str) -> str:
    """Normalised form used to compare names: NFKC, case-folded, no white space.

    >>> name_key("ANT  Financial") == name_key("ant financial")
    True
    """
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def core_name(name: str) -> str:
    """Name without a parenthesised place and legal-form or group suffix, or "" when too short to trust.

    >>> core_name("兴业数字金融服务（上海）股份有限公司")
    '兴业数字金融服务'
    >>> core_name("平安集团"), core_name("平安银行")
    ('', '平安银行')
    """
    text = name_key(reduce_name(name))
    # Two-character cores such as 平安 or 阿里 name several groups: too weak to merge on.
    return text if len(text) >= 3 else ""


def resolution_key(name: str, registry: dict[str, str]) -> str:
    """The key two names must share to be merged: that of the registry's canonical name, if any.

    >>> resolution_key("ANT Financial", {}) == resolution_key("ant financial", {})
    True
    """
    return name_key(registry.get(name_key(name), name))


def registry_keys() -> dict[str, str]:
    """Normalised alias -> canonical name, from the user-editable alias registry."""
    return {name_key(alias): canonical for alias, canonical in alias_registry().items()}


@dataclass
class ResolvedEntity:
    """One node of the graph, gathered from every document that names it."""

    name: str
    type: str
    names: set[str] = field(default_factory=set)
    english: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    mentions: int = 0
    documents: int = 0
    notes: set[str] = field(default_factory=set)


@dataclass
class Resolution:
    """Result of :func:`resolve_entities`."""

    by_doc: dict[tuple[str, str], str]  # (doc id, document-level key) -> canonical name
    entities: dict[str, ResolvedEntity]

    def canonical(self, doc_id: str, key: str) -> str:
        return self.by_doc[(doc_id, key)]


class UnionFind:
    """Disjoint sets whose root is the smallest member, whatever the order of the unions (so
    the Spark engine's groups of names match this module's). Unlike
    :class:`kg.extract.aliases.UnionFind` it has no veto and adds items on first sight.

    >>> uf = UnionFind()
    >>> uf.union("b", "c"); uf.union("c", "a")
    >>> uf.find("b"), uf.find("z")
    ('a', 'z')
    """

    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Keep the smaller root so the result does not depend on merge order.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def resolve_entities(documents: Iterable[tuple[str, Iterable[Entity]]],
                     registry: dict[str, str] | None = None) -> Resolution:
    """Merge the document-level entities of many documents into graph nodes.

    Parameters
    ----------
    documents : iterable of (doc_id, entities)
    registry : dict, optional
        Normalised alias -> canonical name; defaults to :func:`registry_keys`.
    """
    registry = registry_keys() if registry is None else registry
    items: list[tuple[str, Entity]] = [(doc_id, e) for doc_id, ents in documents for e in ents]
    # An archive repeats the same few thousand names: normalise each once.
    keys: dict[str, str] = {}
    cores: dict[str, str] = {}

    def key_of(name: str) -> str:
        if (k := keys.get(name)) is None:
            k = keys[name] = resolution_key(name, registry)
        return k

    uf = UnionFind()
    by_key: dict[str, list[int]] = defaultdict(list)  # normalised canonical key -> items
    by_core: dict[str, list[int]] = defaultdict(list)
    for i, (_, ent) in enumerate(items):
        by_key[key_of(ent.key)].append(i)
        if (core := cores.get(ent.key)) is None:
            core = cores[ent.key] = core_name(ent.key)
        if core:
            by_core[core].append(i)
    for group in (*by_key.values(), *by_core.values()):
        for i in group[1:]:
            uf.union(group[0], i)
    # An alias of one entity that is the canonical key of another links them, unless the alias is
    # only the entity's name without its leading place (宁夏上市公司协会 called 上市公司协会 later in
    # its article is no 中国上市公司协会).
    unplaced_of: dict[str, str] = {}
    for i, (_, ent) in enumerate(items):
        if (unplaced := unplaced_of.get(ent.key)) is None:
            place, rest = split_place(ent.key)
            unplaced = unplaced_of[ent.key] = rest if place else ""
        for name in ent.names:
            if name == unplaced:
                continue
            k = key_of(name)
            if k in by_key and compatible_types(ent.type, items[by_key[k][0]][1].type):
                uf.union(i, by_key[k][0])

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        clusters[uf.find(i)].append(i)

    by_doc: dict[tuple[str, str], str] = {}
    entities: dict[str, ResolvedEntity] = {}
    for members in clusters.values():
        name = _pick_name([items[i] for i in members], registry)
        kind = _pick_type([items[i][1] for i in members])
        node = entities.setdefault(name, ResolvedEntity(name=name, type=kind))
        docs = set()
        for i in members:
            doc_id, ent = items[i]
            by_doc[(doc_id, ent.key)] = name
            node.names.update(ent.names or (ent.key,))
            node.names.add(ent.key)
            node.english.update(ent.english)
            node.codes.update(ent.codes)
            node.mentions += ent.mentions
            if ent.note:
                node.notes.add(ent.note)
            docs.add(doc_id)
        node.documents += len(docs)
    _note_ambiguous(entities)
    return Resolution(by_doc=by_doc, entities=entities)


def compatible_types(a: str, b: str) -> bool:
    """Types that may name the same entity (a Person is never an organisation)."""
    special = {"Person", "Place", "Product"}
    return a == b or not ({a, b} & special)


def _pick_name(members: list[tuple[str, Entity]], registry: dict[str, str]) -> str:
    for _, ent in members:
        if (canonical := registry.get(name_key(ent.key))) is not None:
            return canonical
    docs: dict[str, set[str]] = defaultdict(set)
    mentions: Counter = Counter()
    for doc_id, ent in members:
        docs[ent.key].add(doc_id)
        mentions[ent.key] += ent.mentions
    return min(docs, key=lambda k: (-len(docs[k]), -mentions[k], len(k), k))


def _pick_type(members: list[Entity]) -> str:
    votes: Counter = Counter()
    for ent in members:
        votes[ent.type] += max(ent.mentions, 1)
    return min(votes, key=lambda t: (_GENERIC.get(t, 0), -votes[t], t))


def _note_ambiguous(entities: dict[str, ResolvedEntity]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for node in entities.values():
        for name in node.names:
            owners[name_key(name)].add(node.name)
    for node in entities.values():
        for name in sorted(node.names):
            others = owners[name_key(name)] - {node.name}
            if others:
                node.notes.add(f"“{name}” also names {'、'.join(sorted(others))}")
