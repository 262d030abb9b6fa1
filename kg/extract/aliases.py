"""Aliases: the other names an article gives an entity, and which names are the same entity.

Within one document, names are linked when

- the text says so: （以下简称“兴业数金”）, （简称 X）, an English name in brackets or
  beside the Chinese one (淡马锡控股公司（Temasek Holdings）), 原名/前身为/更名为/（现 X）
  (cues in ``kg/lexicon/entities/alias_cues.tsv``);
- one is a short form of the other: the legal form, group word or bracketed place
  removed (同盾科技有限公司 → 同盾科技, 阿里巴巴集团 → 阿里巴巴), or a leading place
  removed where that picks one full name only;
- the gazetteer or the alias registry (``kg/lexicon/aliases.tsv``) gives them one key.

Two different gazetteer entities are never merged (平安银行 and 平安集团, 阿里云 and
阿里巴巴 stay apart), and a short form that fits two full names is left alone.

>>> reduce_name("兴业数字金融服务（上海）股份有限公司")
'兴业数字金融服务'
>>> reduce_name("阿里巴巴集团")
'阿里巴巴'
>>> core_name("成都数联铭品科技有限公司")
'数联铭品'
>>> alias_registry()["蚂蚁金服"]
'蚂蚁集团'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import LexiconError
from kg.lexicon import lexicon_path, read_lines, read_tsv
from kg.extract.typing import suffix_table

__all__ = ["AliasLink", "alias_registry", "alias_cues", "find_alias_links", "reduce_name", "core_name",
           "UnionFind"]

_BRACKETS = re.compile(r"\s*[（(][^（）()]{1,10}[）)]\s*")
_QUOTES = "“”\"‘’'「」『』《》"


@dataclass(frozen=True, slots=True)
class AliasLink:
    """The text says that *alias* (at alias_start:alias_end) names the entity of *name*."""

    name: str
    alias: str
    kind: str  # short | english | former | new
    alias_start: int
    alias_end: int


@lru_cache(maxsize=None)
def alias_registry() -> dict[str, str]:
    """name -> canonical name, from ``kg/lexicon/aliases.tsv`` ("蚂蚁集团 = 蚂蚁金服")."""
    out: dict[str, str] = {}
    for line in read_lines("aliases.tsv"):
        names = [n.strip() for n in line.split("=")]
        if len(names) < 2 or not all(names):
            raise LexiconError(f"{lexicon_path('aliases.tsv')}: line {line!r} is not 'name = alias [= alias…]'")
        for name in names:
            out[name] = names[0]
    return out


@lru_cache(maxsize=None)
def alias_cues() -> tuple[tuple[str, str], ...]:
    """(cue, kind) pairs, longest cue first."""
    rows = read_tsv("entities/alias_cues.tsv")
    return tuple(sorted(((r["cue"], r["kind"]) for r in rows), key=lambda c: -len(c[0])))


def reduce_name(name: str) -> str:
    """The name without bracketed places and trailing legal forms or group words."""
    table = suffix_table()
    rest = _BRACKETS.sub("", name).strip()
    changed = True
    while changed:
        changed = False
        for size in range(min(len(rest) - 2, 6), 1, -1):
            hit = table.get(rest[-size:])
            if hit and hit[1] in ("legal", "group") or rest[-size:] == "公司":
                rest, changed = rest[:-size].rstrip(), True
                break
    return rest or name


def core_name(name: str) -> str:
    """The brand alone: reduced name without a leading place and trailing industry words."""
    from kg.extract.mentions import split_place

    table = suffix_table()
    _, rest = split_place(reduce_name(name))
    changed = True
    while changed and len(rest) > 2:
        changed = False
        for size in range(min(len(rest) - 2, 8), 0, -1):
            if rest[-size:] in table:
                rest, changed = rest[:-size], True
                break
    return rest


def find_alias_links(text: str, spans) -> list[AliasLink]:
    """Aliases stated in one unit of text about the names in *spans* (offsets into *text*)."""
    links = []
    orgs = [s for s in spans if s.type not in ("Place", "Person")]
    for s in orgs:
        links.extend(_bracket_links(text, s))
        links.extend(_beside_links(text, s, spans))
    links.extend(_running_links(text, orgs))
    return links


def _bracket_links(text: str, span) -> list[AliasLink]:
    pos = span.end
    while pos < len(text) and text[pos] in "”\"」 ":
        pos += 1
    if pos >= len(text) or text[pos] not in "（(":
        return []
    close = _closing(text, pos)
    if close < 0:
        return []
    inner = text[pos + 1:close]
    body = inner.strip()
    offset = pos + 1 + (len(inner) - len(inner.lstrip()))
    for cue, kind in alias_cues():
        if body.startswith(cue):
            rest = body[len(cue):]
            skip = len(cue) + (len(rest) - len(rest.lstrip(" ：:")))
            name, start = _first_name(body[skip:], offset + skip)
            if name and name != span.text and (cue != "现" or len(name) >= 4) \
                    and (body[skip:skip + 1] in _QUOTES or not _is_clause(name)):
                return [AliasLink(span.text, name, kind, start, start + len(name))]
            return []
    if body.isascii() and body[:1].isupper() and len(body) > 1:
        return [AliasLink(span.text, body, "english", offset, offset + len(body))]
    return []


def _is_clause(name: str) -> bool:
    """Whether an unquoted bracket text is a remark rather than a name: （现被华铭智能收购）."""
    from kg.segment import cut

    stops = _clause_words()
    return any(w in stops for w in cut(name))


@lru_cache(maxsize=None)
def _clause_words() -> frozenset[str]:
    return frozenset(read_lines("entities/boundary_words.txt")) | frozenset(read_lines("entities/verbs.txt"))


def _closing(text: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, min(len(text), open_at + 80)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _first_name(body: str, offset: int) -> tuple[str, int]:
    """A quoted name, or the text up to the first separator."""
    if body[:1] in _QUOTES:
        end = next((i for i in range(1, len(body)) if body[i] in _QUOTES), -1)
        if end > 1:
            return body[1:end].strip(), offset + 1
        return "", offset
    m = re.match(r"[^，,；;。、）)”\"]+", body)
    name = m.group().strip() if m else ""
    return name, offset


def _beside_links(text: str, span, spans) -> list[AliasLink]:
    """An English name right after a Chinese one in a table cell or heading: "兴业银行 INDUSTRIAL BANK CO.,LTD."."""
    if span.text.isascii():
        return []
    m = re.match(r"(?:[ \t\n]{1,4}|\s*/\s*)([A-Z][A-Za-z0-9&.,' \-]{1,60}?)\s*(?=$|[|\n\t]|\s{2,})", text[span.end:])
    if not m:
        return []
    name = m.group(1).strip()
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return []
    start = span.end + m.start(1)
    if any(s.start < start + len(name) and start < s.end and s.type != span.type and s.key and s.key != span.key
           for s in spans):
        return []
    return [AliasLink(span.text, name, "english", start, start + len(name))]


def _running_links(text: str, orgs) -> list[AliasLink]:
    """原名X / 前身为X / 更名为X in running text, about the first organisation of the unit."""
    links = []
    if not orgs:
        return links
    for cue, kind in alias_cues():
        if kind not in ("former", "new") or len(cue) < 2:
            continue
        at = text.find(cue)
        while at >= 0:
            before = [s for s in orgs if s.end <= at]
            after = [s for s in orgs if s.start >= at + len(cue) and s.start - at - len(cue) <= 12]
            if before and after and before[0].text != after[0].text:
                a = after[0]
                links.append(AliasLink(before[0].text, a.text, kind, a.start, a.end))
            at = text.find(cue, at + 1)
    return links


class UnionFind:
    """Disjoint sets of names, with a veto: two sets that hold different gazetteer keys never merge."""

    def __init__(self):
        self.parent: dict[str, str] = {}
        self.keys: dict[str, set[str]] = {}

    def add(self, item: str, key: str = "") -> None:
        if item not in self.parent:
            self.parent[item] = item
            self.keys[item] = set()
        if key:
            self.keys[self.find(item)].add(key)

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.keys[ra] and self.keys[rb] and self.keys[ra] != self.keys[rb]:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.keys[ra] |= self.keys.pop(rb)
        return True
