"""The on-disk graph store: Oxigraph generations behind an atomically swapped pointer.

A store directory holds ``CURRENT`` (one line: the name of the live generation),
``gen-NNNNNN/`` Oxigraph stores that are never modified once live, and
``cache.sqlite`` (extractions kept for incremental builds, see :mod:`kg.build`).

A write makes a new generation beside the live one, then replaces ``CURRENT``
with :func:`os.replace`, which is atomic on POSIX and Windows. A build killed at
any moment leaves ``CURRENT`` naming a complete generation: the old one or the
new one. Readers open the live generation read-only, so ``kg serve`` and
``kg query`` keep working while a build runs.

>>> import tempfile, pyoxigraph as ox
>>> d = tempfile.mkdtemp()
>>> q = ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
>>> _ = write_store(d, [q])
>>> len(list(open_store(d).quads_for_pattern(None, None, None)))
1
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["open_store", "write_store", "store_generation", "ensure_store_dir"]

_GEN = re.compile(r"^gen-(\d{6})$")
# Quads per bulk write: every batch becomes its own sorted files that optimize() must merge
# afterwards, so fewer, larger batches are faster overall (~300 B of memory per quad).
_BATCH = 250_000


def ensure_store_dir(store_dir) -> Path:
    """Create the store directory if needed and refuse paths that are not directories."""
    path = Path(store_dir)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a directory; --store needs a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"{path}: cannot create the store directory ({err.strerror})") from err
    return path


def store_generation(store_dir) -> Path | None:
    """Path of the live Oxigraph directory of *store_dir*, or None when there is none."""
    path = Path(store_dir)
    try:
        name = (path / "CURRENT").read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:
        raise StoreError(f"{path}: cannot read the store ({err.strerror})") from err
    if not _GEN.match(name) or not (path / name).is_dir():
        raise StoreError(f"{path}: CURRENT names a missing generation {name!r}; rebuild with `kg build`")
    return path / name


def open_store(store_dir) -> ox.Store:
    """Open the live generation read-only.

    Raises
    ------
    StoreError
        When *store_dir* holds no graph store yet.
    """
    gen = store_generation(store_dir)
    if gen is None:
        raise StoreError(f"{store_dir}: no graph store here; run `kg build PATH --store {store_dir}` first")
    try:
        return ox.Store.read_only(str(gen))
    except OSError as err:
        raise StoreError(f"{store_dir}: cannot open the graph store ({err})") from err


def write_store(store_dir, quads: Iterable[ox.Quad], *, signature: str = "") -> Path:
    """Write *quads* as a new generation and make it the live one; return its path.

    *signature* (what the generation was built from) is kept beside it, so a build
    can tell that the live generation is already up to date.
    """
    path = ensure_store_dir(store_dir)
    _remove_stale(path)
    live = store_generation(path)
    number = int(_GEN.match(live.name).group(1)) + 1 if live else 1
    gen = path / f"gen-{number:06d}"
    if gen.exists():
        shutil.rmtree(gen)
    store = ox.Store(str(gen))
    batch: list[ox.Quad] = []
    for quad in quads:
        batch.append(quad)
        if len(batch) >= _BATCH:
            store.bulk_extend(batch)
            batch.clear()
    if batch:
        store.bulk_extend(batch)
    store.flush()
    store.optimize()
    del store  # closes RocksDB before the generation goes live
    if signature:
        (gen / "SIGNATURE").write_text(signature + "\n", encoding="utf-8")
    pointer = path / "CURRENT.tmp"
    with open(pointer, "w", encoding="utf-8") as out:
        out.write(gen.name + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(pointer, path / "CURRENT")
    _remove_stale(path)
    return gen


def _remove_stale(path: Path) -> None:
    """Delete generations that are neither live nor the one before it (a reader may still hold it)."""
    live = store_generation(path)
    keep = set()
    if live is not None:
        n = int(_GEN.match(live.name).group(1))
        keep = {f"gen-{n:06d}", f"gen-{n - 1:06d}"}
    for child in path.iterdir():
        if _GEN.match(child.name) and child.name not in keep and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
