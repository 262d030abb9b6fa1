"""The entity stage: every named entity of a document, typed, with its names merged.

:func:`find_entities` runs the mention finders of :mod:`kg.extract.mentions` over every
content sentence and table row, reads the aliases the text states
(:mod:`kg.extract.aliases`), looks for the short names and aliases it learnt again over
the whole document, merges the names of one entity and types each entity
(:mod:`kg.extract.typing`). Sentences marked ``content=False`` (footers, sources,
captions) are skipped.

>>> from kg.model import Document, Sentence
>>> text = "同盾科技有限公司（以下简称“同盾科技”）是一家金融科技公司。同盾科技与建行合作。"
>>> doc = Document(id="x", path="x.txt", encoding="utf-8", raw=text, plain=text, text=text,
...                offsets=tuple(range(len(text) + 1)),
...                sentences=(Sentence(0, 0, 29, text[:29]), Sentence(1, 29, len(text), text[29:])))
>>> mentions, entities = find_entities(doc)
>>> [(e.key, e.type, e.names, e.mentions) for e in entities]
[('同盾科技', 'FintechCompany', ('同盾科技', '同盾科技有限公司'), 3), ('建设银行', 'Bank', ('建设银行', '建行'), 1)]
>>> all(doc.text[m.start:m.end] == m.text for m in mentions)
True
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from kg.lexicon import read_lines
from kg.model import Document, Entity, Mention, Problem
from kg.segment import word_tag
from kg.extract.aliases import AliasLink, UnionFind, core_name, find_alias_links, reduce_name
from kg.extract.mentions import (Span, Words, _descriptors, admissible, ascii_lower, find_spans, gazetteer,
                                 name_form, split_place)
from kg.extract.employers import employer_spans
from kg.extract.tagger import merge, model_spans
from kg.extract.typing import describe_cues, type_from_context, type_of_category

__all__ = ["find_entities", "entity_rows"]

_ORG_EXCLUDED = {"Person", "Place", "Product"}
_CODE = re.compile(r"\s*[（(]\s*(?:股票代码[:：]?\s*)?((?:\d{6}\.(?:SH|SZ|SS|BJ))|(?:\d{4,5}\.HK)|"
                   r"(?:(?:NYSE|NASDAQ|Nasdaq)\s*[:：]\s*[A-Z]{1,5})|(?:[A-Z]{1,5}\.(?:US|N|O)))\s*[)）]")


@dataclass
class _Unit:
    start: int
    text: str
    sentence: int
    words: Words
    spans: list[Span]
    links: list[AliasLink]


def find_entities(doc: Document) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """Mentions and document-level entities of *doc* (see the module docstring)."""
    units = [_read_unit(doc, start, end, index) for start, end, index in _units(doc)]
    _second_pass(units)
    return _resolve(doc, units)


def entity_rows(paths) -> Iterator[dict | Problem]:
    """Rows for ``kg entities``: one per entity of each readable file, or a Problem per unreadable one.

    Keys: doc, entity, type, finder, aliases, mentions, evidence (the original sentence of the first
    mention). The finder is ``gazetteer`` when a name list knows the entity, ``rule`` when a pattern
    found it, else ``model`` (the learned tagger).
    """
    from kg.ingest import load_documents

    for doc in load_documents(paths):
        if isinstance(doc, Problem):
            yield doc
            continue
        mentions, entities = find_entities(doc)
        first: dict[str, Mention] = {}
        methods: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            first.setdefault(m.entity, m)
            methods[m.entity].add(m.method)
        for e in entities:
            m = first.get(e.key)
            sentence = doc.sentences[m.sentence] if m is not None and 0 <= m.sentence < len(doc.sentences) else None
            yield {"doc": doc.id, "entity": e.key, "type": e.type, "finder": finder(methods[e.key]), "aliases": [n for n in e.names if n != e.key],
                   "mentions": e.mentions,
                   "evidence": doc.original(sentence.start, sentence.end) if sentence else ""}


def finder(methods: set[str]) -> str:
    """Which finder an entity owes its mentions to: ``gazetteer``, ``rule`` or ``model``.

    >>> finder({"model", "alias"}), finder({"model", "pattern:suffix"}), finder({"gazetteer", "model"})
    ('model', 'rule', 'gazetteer')
    """
    if "gazetteer" in methods:
        return "gazetteer"
    if any(m.startswith("pattern:") for m in methods) or "model" not in methods:
        return "rule"
    return "model"


def _units(doc: Document):
    """(start, end, sentence index) of every content sentence and of table rows outside them."""
    if not doc.sentences:
        yield 0, len(doc.text), -1
        return
    covered = []
    for s in doc.sentences:
        covered.append((s.start, s.end))
        if s.content and s.end > s.start:
            yield s.start, s.end, s.index
    for table in doc.tables:
        for start, end in table.row_spans:
            if not any(a <= start and end <= b for a, b in covered):
                yield start, end, _sentence_at(doc, start)


def _sentence_at(doc: Document, pos: int) -> int:
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return s.index
    return -1


def _read_unit(doc: Document, start: int, end: int, index: int) -> _Unit:
    text = doc.text[start:end]
    words = Words(text)
    spans = merge(find_spans(text, words), admissible(text, model_spans(text, words=words)), text)
    if (employers := employer_spans(text, spans)):
        spans = sorted(spans + employers, key=lambda s: (s.start, -s.end))
    links = find_alias_links(text, spans)
    return _Unit(start, text, index, words, spans, links)


# --- second pass: names learnt in this document, looked for everywhere ----------

def _second_pass(units: list[_Unit]) -> None:
    learnt: dict[str, tuple[str, str, int]] = {}  # name -> (source name, type, strength)
    spans_by_text = {}
    for u in units:
        for s in u.spans:
            spans_by_text.setdefault(s.text, s)
    for u in units:
        for link in u.links:
            source = spans_by_text.get(link.name)
            if source is None:
                continue
            learnt.setdefault(link.alias, (link.name, source.type, source.strength))
    for name, s in spans_by_text.items():
        if s.type in _ORG_EXCLUDED or s.method == "gazetteer":
            continue
        reduced = reduce_name(name)
        place, unplaced = split_place(reduced)
        if place and (not _names_alone(unplaced) or name_form(unplaced) in gazetteer().by_name):
            # 宁夏|上市公司协会: without its place the name is a kind of body; 深圳市|国资委: without it,
            # another, known body (the national one) — no short form of this one either way
            unplaced = reduced
        if s.method in _CONTEXT_FINDERS and len(name) >= 3 and not name.isascii() and _learnable(name):
            # a name only its context revealed (the tagger's, or an employer's before a post) is
            # the same name where the context is missing: 甲乙副董事长丙…。丁与甲乙的合作…
            learnt.setdefault(name, (name, s.type, s.strength))
        for form in (reduced, unplaced, core_name(name)):
            if form != name and (len(form) >= 3 or form.isascii() and len(form) >= 2) and \
                    form not in _generic() and _learnable(form) and not form.endswith(_descriptors()[1]):
                learnt.setdefault(form, (name, s.type, s.strength))
    if not learnt:
        return
    chinese, english = ahocorasick.Automaton(), ahocorasick.Automaton()
    for name, value in learnt.items():
        if name.isascii():
            english.add_word(ascii_lower(name), (name, *value))
        else:
            chinese.add_word(name, (name, *value))
    for automaton in (chinese, english):
        if len(automaton):
            automaton.make_automaton()
    for u in units:
        taken = bytearray(len(u.text))
        for s in u.spans:
            taken[s.start:s.end] = b"\x01" * (s.end - s.start)
        bounds = u.words
        found = []
        starts: dict[str, list[int]] = defaultdict(list)  # where each learnt name occurs in the unit
        if len(chinese):
            for end, (name, source, typ, strength) in chinese.iter(u.text):
                start = end + 1 - len(name)
                starts[name].append(start)
                if start in bounds and end + 1 in bounds and not any(taken[start:end + 1]):
                    found.append(Span(start, end + 1, name, typ, "alias", "", strength))
        if len(english):
            low = ascii_lower(u.text)
            for end, (name, source, typ, strength) in english.iter_long(low):
                start = end + 1 - len(name)
                if (start == 0 or not low[start - 1].isalnum()) and \
                        (end + 1 == len(low) or not low[end + 1].isalnum()) and not any(taken[start:end + 1]):
                    found.append(Span(start, end + 1, u.text[start:end + 1], typ, "alias", "", strength))
        for s in found:
            if not any(taken[s.start:s.end]):
                taken[s.start:s.end] = b"\x01" * (s.end - s.start)
                u.spans.append(s)
        for s in _displacing(u, learnt, starts, bounds):
            u.spans = [o for o in u.spans if not (o.start < s.end and s.start < o.end)] + [s]
        u.spans.sort(key=lambda s: (s.start, -s.end))


def _displacing(u: _Unit, learnt: dict, starts: dict[str, list[int]], bounds: Words) -> list[Span]:
    """Names the text introduced that a weaker pattern or the tagger cut short: 百融云创 over 百融云.

    *starts* gives where each learnt Chinese name occurs in the unit (one automaton pass for the
    whole unit; a scan per span and name was quadratic on long documents). Each weak span takes,
    in the order names were learnt, the first occurrence of each longer name that covers it and
    starts on a word boundary."""
    weak = [s for s in u.spans if (s.method.startswith("pattern:") or s.method == "model") and s.strength <= 1]
    if not weak or not starts:
        return []
    names = [n for n in learnt if n in starts]
    out = []
    for s in weak:
        for name in names:
            if len(name) <= len(s.text):
                continue
            at = next((a for a in starts[name] if s.end - len(name) <= a <= s.start and a in bounds), None)
            if at is not None:
                out.append(Span(at, at + len(name), name, learnt[name][1], "alias", "", learnt[name][2]))
    return out


# finders whose names depend on the words around them (the tagger's context, a post after an
# employer, a stock code after a listed name), so another sentence may not reveal them
_CONTEXT_FINDERS = frozenset({"model", "pattern:employer", "pattern:listing"})


@lru_cache(maxsize=None)
def _generic() -> frozenset[str]:
    return frozenset(read_lines("generic_nouns.txt"))


def _learnable(form: str) -> bool:
    """A short form worth looking for: not a common word of jieba's dictionary (人民币)."""
    tag = word_tag(form)
    return not tag or tag in ("nr", "nrt", "nt", "nz", "ns", "j", "eng")


@lru_cache(maxsize=None)
def _subsidiary_cues() -> tuple[str, ...]:
    return read_lines("entities/subsidiary_cues.txt")


# --- resolution ----------------------------------------------------------------------

def _resolve(doc: Document, units: list[_Unit]):
    uf = UnionFind()
    surfaces: dict[str, Counter] = defaultdict(Counter)  # norm -> surface counts
    info: dict[str, list[Span]] = defaultdict(list)
    short_names: set[str] = set()
    for u in units:
        for s in u.spans:
            n = name_form(s.text)
            if s.type in _ORG_EXCLUDED and not s.key:
                n = f"{s.type}:{n}"  # people, products and places never merge with organisations
            uf.add(n, s.key)
            if s.key:
                uf.add("\x00" + s.key, s.key)
                uf.union(n, "\x00" + s.key)
            surfaces[n][s.text] += 1
            info[n].append(s)
    for u in units:
        for link in u.links:
            a, b = name_form(link.name), name_form(link.alias)
            if a in uf.parent and b in uf.parent:
                uf.union(a, b)
                if link.kind in ("short", "new"):
                    short_names.add(b)  # the name the text goes on to use, or the current one
    notes: dict[str, str] = {}
    _merge_short_forms(uf, info, notes)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in info:
        groups[uf.find(n)].append(n)
    entities, key_of = [], {}
    for root, members in groups.items():
        entity, strength = _entity(members, surfaces, info, short_names, notes)
        for n in members:
            key_of[n] = entity.key
        entities.append((entity, strength))
    entities = _dedupe_keys(entities, key_of)
    types = _context_types(units, entities, key_of, info)
    _category_types(doc, units, entities, key_of, types)
    mentions = []
    for u in units:
        for s in u.spans:
            n = name_form(s.text)
            if s.type in _ORG_EXCLUDED and not s.key:
                n = f"{s.type}:{n}"
            key = key_of[n]
            mentions.append(Mention(u.start + s.start, u.start + s.end, s.text, types[key], key, u.sentence, s.method))
    codes = _codes(doc, mentions)
    order = {}
    for m in mentions:
        order.setdefault(m.entity, m.start)
    final = []
    for e, _ in sorted(entities, key=lambda e: order.get(e[0].key, 0)):
        final.append(Entity(e.key, types[e.key], e.names, e.mentions, e.english, tuple(codes.get(e.key, ())), e.note))
    return tuple(sorted(mentions, key=lambda m: (m.start, -m.end))), tuple(final)


def _merge_short_forms(uf: UnionFind, info: dict[str, list[Span]], notes: dict[str, str]) -> None:
    """Merge names with one reduced form (同盾科技公司, 同盾科技有限公司 → 同盾科技), then
    names without a place with the one full name that has it (数联铭品科技 → 成都数联铭品科技…)."""
    orgs = [n for n, spans in info.items() if spans[0].type not in _ORG_EXCLUDED or spans[0].key]
    by_reduced: dict[str, list[str]] = defaultdict(list)
    for n in orgs:
        by_reduced[name_form(reduce_name(info[n][0].text))].append(n)
    for reduced, names in by_reduced.items():
        arms = defaultdict(list)
        for n in names:
            arms[_arm(info[n][0])].append(n)
        if len(arms.keys() & {"group", "listed", "holding"}) >= 2:
            # 中国石油天然气集团有限公司 and 中国石油天然气股份有限公司: the parent group and its
            # listed arm are two companies; a bare 中国石油天然气公司 could be either and joins neither
            for same in arms.values():
                for other in same[1:]:
                    uf.union(same[0], other)
            continue
        for other in names[1:]:
            uf.union(names[0], other)
        if reduced in info and reduced not in names:
            uf.union(names[0], reduced)
    by_unplaced: dict[str, set[str]] = defaultdict(set)
    for n in orgs:
        place, rest = split_place(reduce_name(info[n][0].text))
        if place and info[n][0].method != "pattern:national":
            # (深圳市国资委 is that city's body: a bare 国资委 of the article is the national one)
            by_unplaced[name_form(rest)].add(uf.find(n))
    for n in orgs:
        target = by_unplaced.get(name_form(reduce_name(info[n][0].text)))
        if not target or uf.find(n) in target:
            continue
        if len(target) == 1:
            uf.union(n, next(iter(target)))
        else:
            notes[uf.find(n)] = "ambiguous short name: " + " / ".join(
                sorted(info[t][0].text for t in target if t in info) or sorted(target))


@lru_cache(maxsize=4096)
def _names_alone(text: str) -> bool:
    """Whether the rules read *text* alone as one name (上海银行 yes; 上市公司协会, a kind of body, no)."""
    return any(s.start == 0 and s.end == len(text) for s in find_spans(text))


def _arm(span: Span) -> str:
    """Which arm of a company group a name names: "group" (…集团有限公司), "holding" (…控股, a
    name the gazetteer does not know), "listed" (…股份有限公司 without 集团, or a listed company
    of the gazetteer) or "" (neither said).

    >>> [_arm(Span(0, 0, n, "Company", "")) for n in ("中国甲油集团有限公司", "中国甲油股份有限公司", "中国甲油")]
    ['group', 'listed', '']
    >>> _arm(Span(0, 0, "东航", "Company", "gazetteer", "东方航空"))
    'listed'
    """
    if "集团" in span.text:
        return "group"
    if "控股" in span.text and not span.key:
        return "holding"  # 联想控股, the holding company above 联想集团
    if span.key:
        entry = gazetteer().entries.get(span.key)
        if entry is not None and entry.listed:
            return "listed"
    return "listed" if "股份" in span.text else ""


def _entity(members, surfaces, info, short_names, notes) -> tuple[Entity, int]:
    counts: Counter = Counter()
    for n in members:
        counts.update(surfaces[n])
    spans = [s for n in members for s in info[n]]
    keys = sorted({s.key for s in spans if s.key})
    key = keys[0] if keys else _choose_key(counts, short_names)
    strength = max(s.strength for s in spans)
    typ = Counter(s.type for s in spans if s.strength == strength).most_common(1)[0][0]
    names = list(dict.fromkeys([key, *sorted(counts, key=lambda t: (-counts[t], t))]))
    english = tuple(n for n in names if n.isascii())
    note = next((notes[m] for m in members if m in notes), "")
    return Entity(key, typ, tuple(names), sum(counts.values()), english, (), note), strength


def _choose_key(counts: Counter, short_names: set[str]) -> str:
    """The short name the text introduced, else the name it uses most (the shorter on a tie)."""
    shorts = [t for t in counts if name_form(t) in short_names]
    pool = [t for t in shorts if not t.isascii()] or shorts or \
        [t for t in counts if not t.isascii()] or list(counts)
    return max(pool, key=lambda t: (counts[t], -len(t), t))


def _dedupe_keys(entities: list[tuple[Entity, int]], key_of: dict[str, str]) -> list[tuple[Entity, int]]:
    """Two groups that chose one key (a merge the veto refused) become one entity."""
    by_key: dict[str, tuple[Entity, int]] = {}
    for e, strength in entities:
        if e.key in by_key:
            old, s0 = by_key[e.key]
            names = tuple(dict.fromkeys(old.names + e.names))
            e = Entity(old.key, old.type if s0 >= strength else e.type, names, old.mentions + e.mentions,
                       tuple(n for n in names if n.isascii()), (), old.note or e.note)
            strength = max(s0, strength)
        by_key[e.key] = (e, strength)
    return list(by_key.values())


def _context_types(units: list[_Unit], entities, key_of, info) -> dict[str, str]:
    """Final class of every entity: a generic class (科技 → TechCompany, 公司 → Company) is
    refined by a description (X是一家…金融科技…提供商), else by the parent in a
    "X旗下设有A、B等子公司" sentence."""
    types = {e.key: e.type for e, _ in entities}
    weak = {e.key for e, strength in entities if strength <= 1 and e.type not in _ORG_EXCLUDED}
    described = set()
    cues = describe_cues()
    for u in units:
        orgs = [s for s in u.spans if s.type not in _ORG_EXCLUDED]
        if not orgs:
            continue
        first = orgs[0]
        key = key_of[name_form(first.text)]
        if key in weak and key not in described:
            tail = u.text[first.end:]
            at = min((i for i in (tail.find(c) for c in cues) if i >= 0), default=-1)
            m = re.search(r"[,，]\s*是(?!否)", tail)
            if m and (at < 0 or m.start() < at):
                at = m.start()
            if at >= 0:
                typ = type_from_context(re.split(r"[。;；]", tail[at:at + 60])[0])
                if typ:
                    types[key] = typ
                    described.add(key)
    for u in units:
        at = min((i for i in (u.text.find(c) for c in _subsidiary_cues()) if i >= 0), default=-1)
        if at < 0:
            continue
        orgs = [s for s in u.spans if s.type not in _ORG_EXCLUDED]
        parents = [s for s in orgs if s.end <= at]
        if not parents:
            continue
        parent = types[key_of[name_form(parents[0].text)]]
        for s in orgs:
            key = key_of[name_form(s.text)]
            if s.start > at and key in weak and key not in described:
                # 旗下的金融科技子公司X: the words before the name say more than the parent's class
                said = type_from_context(u.text[max(0, at - 8):s.start])
                if said:
                    types[key] = said
                elif parent not in ("Company", "Organization", "GovernmentBody"):
                    types[key] = parent
    return types


def _category_types(doc: Document, units: list[_Unit], entities, key_of, types: dict[str, str]) -> None:
    """A category table ("企业 | 类别") whose category names one class (银行 → Bank,
    ``table_categories.tsv``) types the row's company when its name gave only a generic class."""
    from kg.extract.tables import row_categories  # tables reads relations, which need no entities

    weak = {e.key for e, strength in entities if strength <= 1 and e.type not in _ORG_EXCLUDED}
    rows = [(start, end, typ) for start, end, category in row_categories(doc) if (typ := type_of_category(category))]
    for start, end, typ in rows:
        for u in units:
            first = next((s for s in u.spans if start <= u.start + s.start and u.start + s.end <= end
                          and s.type not in _ORG_EXCLUDED), None)
            if first is not None:
                key = key_of[name_form(first.text)]
                if key in weak:
                    types[key] = typ
                break


def _codes(doc: Document, mentions: list[Mention]) -> dict[str, list[str]]:
    """Stock codes in brackets right after a company's name: 金山软件(03888.HK)."""
    codes: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        hit = _CODE.match(doc.text, m.end)
        if hit and hit.group(1) not in codes[m.entity]:
            codes[m.entity].append(re.sub(r"\s+", "", hit.group(1)))
    return codes
