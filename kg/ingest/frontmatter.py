"""YAML front matter: the ``---`` block at the top of a file, read into document metadata.

Keys are mapped to fields by ``kg/lexicon/ingest/front_matter.tsv`` (``title``,
``标题``, ``categories`` …). YAML that does not parse (an unquoted colon in a title)
falls back to one ``key: value`` per line.

>>> raw = "---\\ntitle: '甲：乙'\\ndate: Thu, 03 Jun 2021 04:58:00 GMT\\ncategories:\\n - 新闻\\ntags: 金融\\n---\\n<p>x</p>"
>>> fm = read_front_matter(raw)
>>> fm.title, fm.date, fm.tags, raw[fm.end:]
('甲：乙', '2021-06-03', ('新闻', '金融'), '<p>x</p>')
>>> raw[fm.title_span[0]:fm.title_span[1]]
'甲：乙'
>>> read_front_matter("# no front matter").end
0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from kg.ingest.dates import parse_date
from kg.lexicon import read_tsv

__all__ = ["FrontMatter", "read_front_matter"]

_BLOCK = re.compile(r"\A\s*?^---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_LINE = re.compile(r"^([^\s:#][^:]*?)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_MAX_FRONT_MATTER = 65536  # a longer "front matter" is not one
_MAX_TAGS = 100


@dataclass(frozen=True)
class FrontMatter:
    """Metadata from front matter; ``end`` is where the body starts (0 without front matter)."""

    end: int = 0
    title: str = ""
    title_span: tuple[int, int] | None = None  # raw span of the title value, when written verbatim
    date: str | None = None
    author: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _fields() -> dict[str, str]:
    return {row["key"].lower(): row["field"] for row in read_tsv("ingest/front_matter.tsv")}


def _load(block: str) -> dict | None:
    """The mapping in *block*: YAML, or else ``key: value`` lines of which one key is known."""
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        return data
    pairs = {m[1]: m[2].strip("'\"") for m in _LINE.finditer(block)}
    fields = _fields()
    return pairs if any(key.strip().lower() in fields for key in pairs) else None


def _flat(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        out = []
        for item in value[:_MAX_TAGS]:
            if isinstance(item, str | int | float):
                out.append(str(item))
        return out
    if isinstance(value, str):
        return [v for v in re.split(r"[,，;；、]\s*", value) if v]
    return [str(value)]


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return "、".join(_flat(value))
    return " ".join(str(value).split()) if value is not None else ""


def read_front_matter(raw: str) -> FrontMatter:
    """The front matter at the top of *raw*, or an empty :class:`FrontMatter` (``end == 0``)."""
    match = _BLOCK.match(raw, 0, min(len(raw), _MAX_FRONT_MATTER))
    if not match:
        return FrontMatter()
    data = _load(match.group(1))
    if not data:
        return FrontMatter()  # a page break and text, not metadata
    fields = _fields()
    found: dict[str, list] = {}
    for key, value in data.items():
        field = fields.get(str(key).strip().lower())
        if field:
            found.setdefault(field, []).append(value)
    title = _text(found.get("title", [""])[0])
    span = None
    if title:
        at = raw.find(title, match.start(1), match.end(1))
        if at >= 0:
            span = (at, at + len(title))
    date = next((d for d in map(parse_date, found.get("date", [])) if d), None)
    tags: list[str] = []
    for value in found.get("tags", []):
        tags.extend(t.strip() for t in _flat(value) if t.strip() and t.strip() not in tags)
    return FrontMatter(end=match.end(), title=title, title_span=span, date=date,
                       author=_text(found.get("author", [""])[0]), source=_text(found.get("source", [""])[0]),
                       tags=tuple(dict.fromkeys(tags))[:_MAX_TAGS])
