"""``kg build``: articles in, graph store out, incrementally.

The build is a map step and a reduce step:

* map (per document, in ``jobs`` worker processes): read, clean, extract →
  :class:`~kg.model.Extraction`, cached in ``DIR/cache.sqlite`` by content id and
  pipeline fingerprint, so unchanged documents are never extracted twice;
* reduce (one process): resolve entities across all cached extractions of the
  current files, turn them into quads and write a new store generation, swapped
  in atomically (:mod:`kg.graph.store`).

A build adds and updates: documents already in the store that lie outside the given paths
are kept, and a file deleted from a given folder drops its document only while that removes
fewer documents than it keeps. ``prune=True`` makes the store hold exactly the given paths;
:func:`remove_documents` drops documents by path or id. A build whose documents and pipeline
are unchanged writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError, NoDocuments, StoreError
from kg.graph.resolve import resolve_entities
from kg.graph.stats import QuadTally
from kg.graph.store import ensure_store_dir, store_generation, write_store
from kg.graph.triples import graph_quads
from kg.model import Entity, Extraction, Problem, from_plain

__all__ = ["BuildReport", "build_store", "remove_documents", "pipeline_fingerprint", "map_document",
           "article_files", "cached_extractions", "plan_manifest"]

_PACKAGE = Path(__file__).parent


@dataclass
class BuildReport:
    """What a build did, for the summary line and for tests."""

    store: str
    documents: int = 0  # documents in the store after the build
    extracted: int = 0  # documents extracted by this build
    reused: int = 0  # documents whose cached extraction was reused
    problems: list[Problem] = field(default_factory=list)
    entities: int = 0
    relations: Counter = field(default_factory=Counter)
    evidence: int = 0
    written: bool = False  # a new generation was written
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    # documents against the store before the build: new, a new version at the same path,
    # dropped, and there before and after
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0

    def to_dict(self) -> dict:
        return {
            "store": self.store, "documents": self.documents, "extracted": self.extracted,
            "reused": self.reused, "added": self.added, "updated": self.updated, "removed": self.removed,
            "kept": self.kept, "skipped": [str(p) for p in self.problems],
            "entities": self.entities, "relations": dict(sorted(self.relations.items())),
            "evidence": self.evidence, "written": self.written,
            "seconds": round(self.seconds, 2), "peak_rss_mb": round(self.peak_rss_mb, 1),
        }


def pipeline_fingerprint() -> str:
    """Hash of the code and language data that decide what a document yields.

    A change to any of them invalidates cached extractions.
    """
    digest = hashlib.sha256()
    roots = [_PACKAGE / "ingest", _PACKAGE / "extract", _PACKAGE / "lexicon", _PACKAGE / "models",
             _PACKAGE / "segment.py", _PACKAGE / "model.py", _PACKAGE / "bounded.py"]
    for root in roots:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix not in {".pyc"} and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(_PACKAGE)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Interrupt a pathological document after *seconds* (POSIX main thread only)."""
    if not seconds or not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def map_document(path: str, timeout: float = 60.0, data: bytes | None = None
                 ) -> tuple[str, str | None, str | None, str | None]:
    """The map step for one file: (path, doc id, extraction JSON, problem message).

    Inputs and outputs are plain strings so any process, or a cluster engine, can run it; a
    cluster engine that read the file itself (a Hadoop URI) passes its bytes as *data*.
    """
    from kg.bounded import extract_in_parts
    from kg.extract.pipeline import extract_document
    from kg.ingest import document_from_bytes, read_document

    started = time.monotonic()
    doc = None
    try:
        with _time_limit(timeout):
            doc = read_document(path) if data is None else document_from_bytes(data, path)
            extraction = extract_in_parts(doc, extract_document)
    except InputError as err:
        return path, None, None, err.problem
    except _Timeout:
        what = (f"extracting {_thousands(len(doc.text))} characters in {_thousands(len(doc.sentences))} sentences"
                if doc is not None else "reading the file")
        return path, None, None, (f"extraction took longer than {timeout:g} s (stopped after "
                                  f"{time.monotonic() - started:.1f} s while {what}); skipped")
    payload = extraction.to_dict()
    payload.pop("mentions", None)  # resolution needs entity names only; keep the cache small
    return path, doc.id, json.dumps(payload, ensure_ascii=False, sort_keys=True), None


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _warm_up() -> None:
    """Load the segmenter, the lexicons and the name tagger's model once per process (one tiny
    document does it all), so the per-document time limit measures extraction only and forked
    workers inherit them."""
    from kg.extract.pipeline import extract_document
    from kg.ingest import document_from_text

    extract_document(document_from_text("中国建设银行旗下的建信金科与蚂蚁金服达成合作。"))


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def _map_star(args):
    return map_document(*args)


class _Cache:
    """Extractions by (content id, fingerprint) and the file manifest, in SQLite."""

    def __init__(self, path: Path):
        try:
            self.db = sqlite3.connect(str(path))
            self.db.executescript(
                "PRAGMA journal_mode=WAL;"
                "CREATE TABLE IF NOT EXISTS extractions (doc_id TEXT, fingerprint TEXT, data TEXT,"
                " PRIMARY KEY (doc_id, fingerprint));"
                "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
                " doc_id TEXT);"
            )
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{path}: damaged build cache ({err}); delete it and rebuild") from err

    def known_file(self, path: str, size: int, mtime_ns: int) -> str | None:
        row = self.db.execute("SELECT doc_id FROM files WHERE path=? AND size=? AND mtime_ns=?",
                              (path, size, mtime_ns)).fetchone()
        return row[0] if row else None

    def has(self, doc_id: str, fingerprint: str) -> bool:
        return self.db.execute("SELECT 1 FROM extractions WHERE doc_id=? AND fingerprint=?",
                               (doc_id, fingerprint)).fetchone() is not None

    def put(self, doc_id: str, fingerprint: str, data: str) -> bool:
        """Store an extraction unless one is cached already (two files with one text); True if stored."""
        return self.db.execute("INSERT OR IGNORE INTO extractions VALUES (?,?,?)",
                               (doc_id, fingerprint, data)).rowcount == 1

    def ids(self, fingerprint: str) -> set[str]:
        """Doc ids with an extraction by the pipeline *fingerprint* (one query for a whole archive)."""
        return {d for (d,) in self.db.execute("SELECT doc_id FROM extractions WHERE fingerprint=?", (fingerprint,))}

    def latest_fingerprint(self, doc_id: str) -> str | None:
        """The fingerprint of the newest cached extraction of *doc_id*, whatever pipeline made it."""
        row = self.db.execute("SELECT fingerprint FROM extractions WHERE doc_id=? ORDER BY rowid DESC LIMIT 1",
                              (doc_id,)).fetchone()
        return row[0] if row else None

    def files(self) -> dict[str, tuple[int, int, str]]:
        """The manifest of the live store: path -> (size, mtime_ns, doc id)."""
        return {p: (s, m, d) for p, s, m, d in self.db.execute("SELECT path, size, mtime_ns, doc_id FROM files")}

    def _rows(self, column: str, fingerprints: dict[str, str]) -> Iterator[tuple[str, str]]:
        """(doc id, JSON) for the doc ids of *fingerprints*, in id order, in one streaming query (not
        one per document). Each document has its own fingerprint: a kept document whose file is gone
        keeps the extraction an older pipeline made."""
        rows = self.db.execute(f"SELECT doc_id, fingerprint, {column} FROM extractions ORDER BY doc_id")
        for doc_id, fp, data in rows:
            if fingerprints.get(doc_id) == fp:
                yield doc_id, data

    def extractions(self, sources: dict[str, str], fingerprints: dict[str, str]) -> Iterator[Extraction]:
        """Cached extractions of the documents in *sources* (doc id -> path; the ids of *fingerprints*),
        in id order. The cache is keyed by content, so the same text may now live at another path:
        *sources* says where."""
        for doc_id, data in self._rows("data", fingerprints):
            payload = json.loads(data)
            payload["doc"]["path"] = sources[doc_id]
            yield Extraction.from_dict(payload)

    def entities(self, fingerprints: dict[str, str]) -> Iterator[tuple[str, list[Entity]]]:
        """(doc id, entities) of the cached extractions *fingerprints* names: all that resolution reads.
        SQLite cuts the entity list out of each row, so the rest of the extraction is never decoded."""
        for doc_id, data in self._rows("json_extract(data, '$.entities')", fingerprints):
            yield doc_id, [from_plain(Entity, e) for e in json.loads(data)]

    def set_files(self, files: dict[str, tuple[int, int, str]]) -> None:
        with self.db:
            self.db.execute("DELETE FROM files")
            self.db.executemany("INSERT INTO files VALUES (?,?,?,?)",
                                ((p, s, m, d) for p, (s, m, d) in sorted(files.items())))

    def prune(self, keep: dict[str, str]) -> None:
        """Keep only the extraction of each doc id in *keep* by its fingerprint there."""
        with self.db:
            rows = self.db.execute("SELECT doc_id, fingerprint FROM extractions").fetchall()
            stale = [(d, f) for d, f in rows if keep.get(d) != f]
            self.db.executemany("DELETE FROM extractions WHERE doc_id=? AND fingerprint=?", stale)

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def _signature(fingerprint: str, sources: Iterable[tuple[str, str]], stale: dict[str, str] | None = None) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for doc_id, path in sources:
        digest.update(f"{doc_id}\x1f{path}\x1e".encode())
        if stale and doc_id in stale:
            digest.update(f"{stale[doc_id]}\x1d".encode())
    return digest.hexdigest()[:24]


def _live_signature(store_dir: Path) -> str | None:
    gen = store_generation(store_dir)
    if gen is None:
        return None
    try:
        return (gen / "SIGNATURE").read_text(encoding="utf-8").strip()
    except OSError:
        return None


def cached_extractions(store_dir) -> Iterator[Extraction]:
    """The extractions behind the live store, in document-id order (for analysis and tests)."""
    store_dir = Path(store_dir)
    cache = _Cache(store_dir / "cache.sqlite")
    try:
        sources = _sources((path, doc_id) for path, (_, _, doc_id) in cache.files().items())
        yield from cache.extractions(sources, _fingerprints(cache, sources, pipeline_fingerprint()))
    finally:
        cache.close()


def _sources(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Doc id -> path for (path, doc id) pairs: one document per content id, named by its
    first path in sorted order."""
    sources: dict[str, str] = {}
    for path, doc_id in sorted(files):
        sources.setdefault(doc_id, path)
    return dict(sorted(sources.items()))


def _fingerprints(cache: _Cache, doc_ids: Iterable[str], fingerprint: str) -> dict[str, str]:
    """Doc id -> the fingerprint of the extraction to use: the current pipeline's, else the newest
    cached one (a kept document whose file is gone cannot be extracted again)."""
    current = cache.ids(fingerprint)
    return {d: fingerprint if d in current else (cache.latest_fingerprint(d) or fingerprint) for d in doc_ids}


def _under(path: str, roots: list[str]) -> bool:
    """Whether *path* is one of *roots* or inside one of them (compared as absolute paths)."""
    path = os.path.abspath(path)
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def plan_manifest(old: dict[str, tuple], found: dict[str, tuple], given: Iterable, *, failed: Iterable[str] = (),
                  prune: bool = False) -> tuple[dict[str, tuple], dict[str, int]]:
    """The store's new manifest and what it does to the documents: (path -> (size, mtime_ns, doc id),
    counts of added, updated, removed and kept documents).

    *old* is the live manifest, *found* the files read under the *given* paths, *failed* the
    paths under them that could not be read or listed now (the old documents there stay). Without *prune*,
    documents outside the given paths stay; a file gone from a given folder drops its document.
    With *prune*, the store holds exactly what was found.

    >>> old = {"a/1.txt": (1, 1, "d1"), "a/2.txt": (1, 1, "d2"), "b/3.txt": (1, 1, "d3")}
    >>> new, counts = plan_manifest(old, {"a/1.txt": (2, 2, "d9")}, ["a"])
    >>> sorted(new), counts
    (['a/1.txt', 'b/3.txt'], {'added': 0, 'updated': 1, 'removed': 1, 'kept': 1})
    """
    roots = [os.path.abspath(str(p)) for p in given]
    unread = [os.path.abspath(p) for p in failed]  # a file, or a folder that could not be listed
    new = dict(found)
    for path, entry in old.items():
        if path in new or prune:
            continue
        if _under(path, unread) or not _under(path, roots):
            new[path] = entry
    old_docs = {entry[2] for entry in old.values()}
    new_docs = {entry[2] for entry in new.values()}
    replaced = {(old[p][2], new[p][2]) for p in old.keys() & new.keys() if old[p][2] != new[p][2]}
    updated_old = {o for o, _ in replaced if o not in new_docs}
    updated_new = {n for o, n in replaced if o in updated_old and n not in old_docs}
    return new, {"added": len(new_docs - old_docs - updated_new), "updated": len(updated_new),
                 "removed": len(old_docs - new_docs - updated_old), "kept": len(new_docs & old_docs)}


def build_store(paths: Iterable, store_dir, *, jobs: int = 1, quiet: bool = True, strict: bool = False,
                timeout: float = 60.0, progress=None, prune: bool = False,
                min_confidence: float | None = None) -> BuildReport:
    """Read, extract and write every article under *paths* into the store at *store_dir*.

    Documents already in the store are kept unless *prune* is given (see :func:`plan_manifest`).

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders (read recursively, in sorted order).
    store_dir : str or Path
        The store directory (created if needed; removed again when a first build fails).
    jobs : int
        Worker processes for the map step.
    strict : bool
        Raise on the first unreadable file instead of skipping it.
    timeout : float
        Seconds one document may take before it is skipped.
    progress : callable, optional
        ``progress(total)`` returning an object with ``advance()`` and ``close()``;
        the CLI passes a progress bar.
    prune : bool
        Remove the documents that are not under *paths*, and allow a build that removes more
        documents than it keeps.
    min_confidence : float, optional
        Facts the relation classifier found with less confidence keep their evidence
        (``kg:status "low-confidence"``) but are not asserted; default: the model's threshold.

    Raises
    ------
    NoDocuments
        When no given file could be read (its ``problems`` say why, file by file); the store is unchanged.
    StoreError
        When the build would remove more documents than it keeps and *prune* is not given.
    """
    started = time.perf_counter()
    paths = list(paths)
    fresh = not Path(store_dir).exists()
    had_cache = (Path(store_dir) / "cache.sqlite").exists()
    store_dir = ensure_store_dir(store_dir)
    report = BuildReport(store=str(store_dir))
    try:
        _build(paths, store_dir, report, jobs=jobs, strict=strict, timeout=timeout, progress=progress,
               prune=prune, min_confidence=min_confidence)
    except BaseException:
        try:
            half_made = store_generation(store_dir) is None
        except StoreError:
            half_made = False  # a damaged pointer is reported as it is, and nothing is deleted
        if half_made:
            _remove_half_made(store_dir, fresh, had_cache)
        raise
    return _finish(report, started)


def _remove_half_made(store_dir: Path, fresh: bool, had_cache: bool) -> None:
    """A first build that failed leaves nothing behind: no folder that looks like a store but is none."""
    if fresh:
        shutil.rmtree(store_dir, ignore_errors=True)
    elif not had_cache:
        for name in ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"):
            (store_dir / name).unlink(missing_ok=True)


def _finish(report: BuildReport, started: float) -> BuildReport:
    report.seconds = time.perf_counter() - started
    usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    report.peak_rss_mb = usage / 1024 if sys.platform != "darwin" else usage / 2**20
    return report


def article_files(paths: Iterable, strict: bool, problems: list[Problem]) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every article under *paths*, in sorted order, as every engine
    lists them. A path that cannot be read or listed is appended to *problems* (raised as an
    InputError instead with *strict*), so the caller can say why it was left out."""
    from kg.ingest import iter_files

    for item in iter_files(paths):
        if isinstance(item, Problem):
            if strict:
                raise InputError(item.path, item.message)
            problems.append(item)
            continue
        try:
            stat = os.stat(item)
        except OSError as err:
            problems.append(Problem(str(item), f"cannot read ({err.strerror})"))
            continue
        yield str(item), stat.st_size, stat.st_mtime_ns


def _build(paths: list, store_dir: Path, report: BuildReport, *, jobs: int, strict: bool, timeout: float,
           progress, prune: bool, min_confidence: float | None = None) -> None:
    fingerprint = pipeline_fingerprint()
    cache = _Cache(store_dir / "cache.sqlite")
    try:
        old = cache.files()
        found: dict[str, tuple[int, int, str]] = {}  # path -> (size, mtime_ns, doc id)
        todo: list[tuple[str, int, int]] = []
        for path, size, mtime_ns in article_files(paths, strict, report.problems):
            doc_id = cache.known_file(path, size, mtime_ns)
            if doc_id and cache.has(doc_id, fingerprint):
                found[path] = (size, mtime_ns, doc_id)
            else:
                todo.append((path, size, mtime_ns))
        # Kept documents that the current pipeline has not extracted yet: read again when
        # their file is unchanged (a changed file outside the given paths keeps its old version).
        kept_found = {}
        if not prune:
            given_paths = found.keys() | {t[0] for t in todo}
            current = cache.ids(fingerprint)
            for path, (size, mtime_ns, doc_id) in sorted(old.items()):
                if path in given_paths or doc_id in current:
                    continue
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                if (stat.st_size, stat.st_mtime_ns) == (size, mtime_ns):
                    todo.append((path, size, mtime_ns))
                    kept_found[path] = None

        stats = {path: (size, mtime_ns) for path, size, mtime_ns in todo}
        bar = progress(len(todo)) if progress and todo else None
        for path, doc_id, data, problem in _run_map(todo, jobs, timeout):
            if bar:
                bar.advance()
            if problem is not None:
                if strict:
                    raise InputError(path, problem)
                if path not in kept_found:
                    report.problems.append(Problem(path, problem))
                continue
            size, mtime_ns = stats[path]
            if cache.put(doc_id, fingerprint, data):
                report.extracted += 1
            found[path] = (size, mtime_ns, doc_id)
        cache.commit()
        if bar:
            bar.close()

        if not any(path not in kept_found for path in found):
            raise NoDocuments(", ".join(map(str, paths)) or ".",
                              "no document could be read" + ("; the store is unchanged" if old else ""),
                              report.problems)
        files, counts = plan_manifest(old, found, paths, failed={p.path for p in report.problems}, prune=prune)
        report.added, report.updated, report.removed, report.kept = (counts[k] for k in
                                                                     ("added", "updated", "removed", "kept"))
        if report.removed > report.kept + report.updated and not prune:
            raise StoreError(f"{store_dir}: this build would remove {report.removed} documents and keep "
                             f"{report.kept + report.updated}; run it again with --prune to remove them")
        _commit(store_dir, cache, files, fingerprint, report, min_confidence)
    finally:
        cache.close()


def _commit(store_dir: Path, cache: _Cache, files: dict[str, tuple[int, int, str]], fingerprint: str,
            report: BuildReport, min_confidence: float | None = None) -> None:
    """Make *files* the store's manifest and write the generation they make, unless it is live already."""
    sources = _sources((path, doc_id) for path, (_, _, doc_id) in files.items())
    fingerprints = _fingerprints(cache, sources, fingerprint)
    current = cache.ids(fingerprint)
    missing = [d for d in sources if fingerprints[d] != fingerprint or d not in current]
    missing = [d for d in missing if not cache.has(d, fingerprints[d])]
    if missing:  # only when the cache was deleted behind a kept document whose file is gone
        for doc_id in missing:
            report.problems.append(Problem(sources.pop(doc_id), "no cached extraction and no file; dropped"))
            del fingerprints[doc_id]
        files = {p: e for p, e in files.items() if e[2] in sources}
    report.documents = len(sources)
    report.reused = max(0, report.documents - report.extracted)
    stale = {d: f for d, f in fingerprints.items() if f != fingerprint}
    # the threshold changes what is asserted, not what is extracted: a new graph, same cache
    signature = _signature(fingerprint if min_confidence is None else f"{fingerprint}|{min_confidence}",
                           sorted(sources.items()), stale)
    if signature != _live_signature(store_dir):
        _write(store_dir, cache, sources, fingerprints, signature, report, min_confidence)
        report.written = True
    else:
        _count(store_dir, report)
    cache.set_files(files)
    cache.prune(fingerprints)


def remove_documents(targets: Iterable, store_dir) -> BuildReport:
    """Remove documents from the store by file path (a file, or every file under a folder) or
    document id, and write the store without them.

    Raises
    ------
    InputError
        For a target that names no document of the store (nothing is removed then).
    """
    started = time.perf_counter()
    store_dir = Path(store_dir)
    if store_generation(store_dir) is None:
        raise StoreError(f"{store_dir}: no graph store here; nothing to remove")
    report = BuildReport(store=str(store_dir))
    cache = _Cache(store_dir / "cache.sqlite")
    try:
        old = cache.files()
        drop = set()
        for target in map(str, targets):
            hits = {p for p, (_, _, d) in old.items()
                    if d == target or target.endswith("/" + d) or _under(p, [os.path.abspath(target)])}
            if not hits:
                raise InputError(target, "no document in the store has this path or id")
            drop |= hits
        doc_ids = {old[p][2] for p in drop}
        files = {p: e for p, e in old.items() if e[2] not in doc_ids}
        report.removed = len(doc_ids)
        report.kept = len({e[2] for e in files.values()})
        _commit(store_dir, cache, files, pipeline_fingerprint(), report)
    finally:
        cache.close()
    return _finish(report, started)


def _run_map(todo, jobs: int, timeout: float):
    tasks = [(path, timeout) for path, _, _ in todo]
    if not tasks:
        return
    # Warmed once here, the segmenter and lexicons reach every worker through fork
    # (~2 s saved per worker start, and workers are recycled every 2000 documents).
    _warm_up()
    if jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            yield _map_star(task)
        return
    # imap keeps the input order, so builds are deterministic.
    with get_context("fork").Pool(jobs, initializer=_init_worker, maxtasksperchild=2000) as pool:
        yield from pool.imap(_map_star, tasks, chunksize=16)


def _write(store_dir: Path, cache: _Cache, sources: dict[str, str], fingerprints: dict[str, str], signature: str,
           report: BuildReport, min_confidence: float | None = None) -> None:
    resolution = resolve_entities(cache.entities(fingerprints))
    tally = QuadTally()
    quads = graph_quads(cache.extractions(sources, fingerprints), resolution, min_confidence)
    write_store(store_dir, tally.count(quads), signature=signature)
    report.entities, report.evidence, report.relations = tally.entities, tally.evidence, tally.relations


def _count(store_dir: Path, report: BuildReport) -> None:
    from kg.graph.stats import store_stats

    stats = store_stats(store_dir)
    report.entities = stats["entities"]
    report.evidence = stats["evidence"]
    report.relations = Counter(stats["relations"])
