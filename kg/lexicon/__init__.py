"""Language knowledge shipped as data files: gazetteers, suffixes, cue words, alias registry.

Every file here is UTF-8, documented by a header comment (lines starting with ``#``),
and read through :func:`read_tsv` so that a malformed line names its file and line.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import LexiconError

__all__ = ["lexicon_path", "read_lines", "read_tsv"]


def lexicon_path(name: str) -> Path:
    """Path of a data file under ``kg/lexicon/`` (e.g. ``"entities/banks.tsv"``)."""
    return Path(str(resources.files("kg.lexicon").joinpath(name)))


@lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a lexicon file, stripped."""
    path = lexicon_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise LexiconError(f"{path}: cannot read lexicon file ({err.strerror})") from err
    return tuple(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


@lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated lexicon file whose first non-comment line is the header.

    >>> rows = read_tsv("suffixes.tsv")  # doctest: +SKIP
    """
    lines = read_lines(name)
    if not lines:
        return ()
    header = lines[0].split("\t")
    rows = []
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) > len(header):
            raise LexiconError(f"{lexicon_path(name)}: row {n} has {len(cells)} cells, header has {len(header)}")
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    return tuple(rows)
