"""``kg build``: articles in, graph store out, incrementally.

The build is a map step and a reduce step:

* map (per document, in ``jobs`` worker processes): read, clean, extract →
  :class:`~kg.model.Extraction`, cached in ``DIR/cache.sqlite`` by content id and
  pipeline fingerprint, so unchanged documents are never extracted twice;
* reduce (one process): resolve entities across all cached extractions of the
  current files, turn them into quads and write a new store generation, swapped
  in atomically (:mod:`kg.graph.store`).

A build whose documents and pipeline are unchanged writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
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

from kg.errors import InputError, StoreError
from kg.graph.resolve import resolve_entities
from kg.graph.stats import QuadTally
from kg.graph.store import ensure_store_dir, store_generation, write_store
from kg.graph.triples import graph_quads
from kg.model import Entity, Extraction, Problem, from_plain

__all__ = ["BuildReport", "build_store", "pipeline_fingerprint", "map_document", "cached_extractions"]

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

    def to_dict(self) -> dict:
        return {
            "store": self.store, "documents": self.documents, "extracted": self.extracted,
            "reused": self.reused, "skipped": [str(p) for p in self.problems],
            "entities": self.entities, "relations": dict(sorted(self.relations.items())),
            "evidence": self.evidence, "written": self.written,
            "seconds": round(self.seconds, 2), "peak_rss_mb": round(self.peak_rss_mb, 1),
        }


def pipeline_fingerprint() -> str:
    """Hash of the code and language data that decide what a document yields.

    A change to any of them invalidates cached extractions.
    """
    digest = hashlib.sha256()
    roots = [_PACKAGE / "ingest", _PACKAGE / "extract", _PACKAGE / "lexicon", _PACKAGE / "segment.py",
             _PACKAGE / "model.py"]
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


def map_document(path: str, timeout: float = 60.0) -> tuple[str, str | None, str | None, str | None]:
    """The map step for one file: (path, doc id, extraction JSON, problem message).

    Inputs and outputs are plain strings so any process, or a cluster engine, can run it.
    """
    from kg.extract.pipeline import extract_document
    from kg.ingest import read_document

    try:
        with _time_limit(timeout):
            doc = read_document(path)
            extraction = extract_document(doc)
    except InputError as err:
        return path, None, None, err.problem
    except _Timeout:
        return path, None, None, f"extraction took longer than {timeout:g} s; skipped"
    payload = extraction.to_dict()
    payload.pop("mentions", None)  # resolution needs entity names only; keep the cache small
    return path, doc.id, json.dumps(payload, ensure_ascii=False, sort_keys=True), None


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

    def _rows(self, column: str, doc_ids: list[str], fingerprint: str) -> Iterator[tuple[str, str]]:
        """(doc id, JSON) for *doc_ids*, in id order, in one streaming query (not one per document)."""
        wanted = set(doc_ids)
        rows = self.db.execute(f"SELECT doc_id, {column} FROM extractions WHERE fingerprint=? ORDER BY doc_id",
                               (fingerprint,))
        for doc_id, data in rows:
            if doc_id in wanted:
                yield doc_id, data

    def extractions(self, sources: dict[str, str], fingerprint: str) -> Iterator[Extraction]:
        """Cached extractions of the documents in *sources* (doc id -> path), in id order. The cache
        is keyed by content, so the same text may now live at another path: *sources* says where."""
        for doc_id, data in self._rows("data", list(sources), fingerprint):
            payload = json.loads(data)
            payload["doc"]["path"] = sources[doc_id]
            yield Extraction.from_dict(payload)

    def entities(self, doc_ids: list[str], fingerprint: str) -> Iterator[tuple[str, list[Entity]]]:
        """(doc id, entities) of cached extractions: all that resolution reads. SQLite cuts the
        entity list out of each row, so the rest of the extraction is never decoded."""
        for doc_id, data in self._rows("json_extract(data, '$.entities')", doc_ids, fingerprint):
            yield doc_id, [from_plain(Entity, e) for e in json.loads(data)]

    def set_files(self, files: dict[str, tuple[int, int, str]]) -> None:
        with self.db:
            self.db.execute("DELETE FROM files")
            self.db.executemany("INSERT INTO files VALUES (?,?,?,?)",
                                ((p, s, m, d) for p, (s, m, d) in sorted(files.items())))

    def prune(self, keep: set[str], fingerprint: str) -> None:
        with self.db:
            rows = self.db.execute("SELECT doc_id, fingerprint FROM extractions").fetchall()
            stale = [(d, f) for d, f in rows if f != fingerprint or d not in keep]
            self.db.executemany("DELETE FROM extractions WHERE doc_id=? AND fingerprint=?", stale)

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def _signature(fingerprint: str, sources: Iterable[tuple[str, str]]) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for doc_id, path in sources:
        digest.update(f"{doc_id}\x1f{path}\x1e".encode())
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
        sources = _sources(cache.db.execute("SELECT path, doc_id FROM files"))
        yield from cache.extractions(sources, pipeline_fingerprint())
    finally:
        cache.close()


def _sources(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Doc id -> path for (path, doc id) pairs: one document per content id, named by its
    first path in sorted order."""
    sources: dict[str, str] = {}
    for path, doc_id in sorted(files):
        sources.setdefault(doc_id, path)
    return dict(sorted(sources.items()))


def build_store(paths: Iterable, store_dir, *, jobs: int = 1, quiet: bool = True, strict: bool = False,
                timeout: float = 60.0, progress=None) -> BuildReport:
    """Read, extract and write every article under *paths* into the store at *store_dir*.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders (read recursively, in sorted order).
    store_dir : str or Path
        The store directory (created if needed).
    jobs : int
        Worker processes for the map step.
    strict : bool
        Raise on the first unreadable file instead of skipping it.
    timeout : float
        Seconds one document may take before it is skipped.
    progress : callable, optional
        ``progress(total)`` returning an object with ``advance()`` and ``close()``;
        the CLI passes a progress bar.
    """
    from kg.ingest import iter_files

    started = time.perf_counter()
    store_dir = ensure_store_dir(store_dir)
    report = BuildReport(store=str(store_dir))
    fingerprint = pipeline_fingerprint()
    cache = _Cache(store_dir / "cache.sqlite")
    try:
        files: dict[str, tuple[int, int, str]] = {}  # path -> (size, mtime_ns, doc id)
        todo: list[tuple[str, int, int]] = []
        for item in iter_files(paths):
            if isinstance(item, Problem):
                if strict:
                    raise InputError(item.path, item.message)
                report.problems.append(item)
                continue
            path = str(item)
            try:
                stat = os.stat(path)
            except OSError as err:
                report.problems.append(Problem(path, f"cannot read ({err.strerror})"))
                continue
            doc_id = cache.known_file(path, stat.st_size, stat.st_mtime_ns)
            if doc_id and cache.has(doc_id, fingerprint):
                files[path] = (stat.st_size, stat.st_mtime_ns, doc_id)
            else:
                todo.append((path, stat.st_size, stat.st_mtime_ns))

        stats = {path: (size, mtime_ns) for path, size, mtime_ns in todo}
        bar = progress(len(todo)) if progress and todo else None
        for path, doc_id, data, problem in _run_map(todo, jobs, timeout):
            if bar:
                bar.advance()
            if problem is not None:
                if strict:
                    raise InputError(path, problem)
                report.problems.append(Problem(path, problem))
                continue
            size, mtime_ns = stats[path]
            if cache.put(doc_id, fingerprint, data):
                report.extracted += 1
            files[path] = (size, mtime_ns, doc_id)
        cache.commit()
        if bar:
            bar.close()
        report.reused = len(files) - report.extracted

        sources = _sources((path, doc_id) for path, (_, _, doc_id) in files.items())
        doc_ids = sorted(sources)
        report.documents = len(doc_ids)
        signature = _signature(fingerprint, sorted(sources.items()))
        if not doc_ids and not store_generation(store_dir):
            raise InputError(", ".join(map(str, paths)) or ".", "no document could be read")
        if signature != _live_signature(store_dir):
            _write(store_dir, cache, sources, fingerprint, signature, report)
            report.written = True
        else:
            _count(store_dir, report)
        cache.set_files(files)
        cache.prune(set(doc_ids), fingerprint)
    finally:
        cache.close()
    report.seconds = time.perf_counter() - started
    usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    report.peak_rss_mb = usage / 1024 if sys.platform != "darwin" else usage / 2**20
    return report


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


def _write(store_dir: Path, cache: _Cache, sources: dict[str, str], fingerprint: str, signature: str,
           report: BuildReport) -> None:
    resolution = resolve_entities(cache.entities(sorted(sources), fingerprint))
    tally = QuadTally()
    quads = graph_quads(cache.extractions(sources, fingerprint), resolution)
    write_store(store_dir, tally.count(quads), signature=signature)
    report.entities, report.evidence, report.relations = tally.entities, tally.evidence, tally.relations


def _count(store_dir: Path, report: BuildReport) -> None:
    from kg.graph.stats import store_stats

    stats = store_stats(store_dir)
    report.entities = stats["entities"]
    report.evidence = stats["evidence"]
    report.relations = Counter(stats["relations"])
