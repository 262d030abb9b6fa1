"""``kg build --engine spark``: the build's map and reduce as Apache Spark stages.

The same functions as the local build (:mod:`kg.build`) do the work, so the quads are
the same: :func:`kg.build.map_document` per file in ``mapPartitions`` (jieba and the
lexicons loaded once per Python worker), :func:`kg.graph.resolve.resolve_entities` per
group of names that can merge, and :mod:`kg.graph.triples` for the quads.

What ``OUT`` holds::

    extractions/batch-NNNNNN/part-*   JSON Lines, one per file read: path, size, mtime_ns,
                                      pipeline fingerprint, and doc_id (content id) + data
                                      (the extraction), or problem (why it was skipped)
    quads/entities/part-00000         the entities graph, sorted N-Quads
    quads/documents/part-NNNNN        document graphs, each whole in one file, each file sorted

A rerun reads the finished batches and extracts only files whose (path, size, mtime)
has no extraction under the current pipeline fingerprint, so a job resubmitted after a
failure redoes only what is missing; a batch without Spark's ``_SUCCESS`` marker was cut
short and is deleted. Failed documents are logged by the worker, kept as ``problem``
rows, reported by the driver and retried on the next run.

The driver lists the input files and, to find which names can merge, holds one
entry per distinct entity name (never a document): everything else stays in Spark.
"""

from __future__ import annotations

import heapq
import json
import logging
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError, KgError
from kg.graph.resolve import (Resolution, ambiguity_note, compatible_types, core_name, name_key, resolution_key,
                              resolve_entities)
from kg.model import Entity, Extraction, Problem, from_plain

__all__ = ["SparkReport", "build_spark", "spark_session", "check_spark", "merged_nquads", "quad_part_files"]

log = logging.getLogger(__name__)

JAVA_HINT = ("--engine spark needs a Java runtime (17 or newer): install it with "
             "`apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or set JAVA_HOME")
PYSPARK_HINT = "--engine spark needs PySpark: pip install 'fintech-kg[spark]'"
_DATA = ', "data": '
_CORE = "\x00"  # prefix of the vertex that stands for a core name (kg.graph.resolve.core_name)


@dataclass
class SparkReport:
    """What a Spark build did, for the summary line and for tests."""

    out: str
    partitions: int = 0
    documents: int = 0  # documents in the graph
    extracted: int = 0  # files extracted by this run
    reused: int = 0  # files whose extraction an earlier run wrote
    problems: list[Problem] = field(default_factory=list)
    entities: int = 0
    quads: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"out": self.out, "partitions": self.partitions, "documents": self.documents,
                "extracted": self.extracted, "reused": self.reused, "skipped": [str(p) for p in self.problems],
                "entities": self.entities, "quads": self.quads, "seconds": round(self.seconds, 2)}


def check_spark() -> None:
    """Raise a one-line KgError saying what to install when PySpark or Java is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError as err:
        raise KgError(PYSPARK_HINT) from err
    home = os.environ.get("JAVA_HOME")
    if not (home and Path(home, "bin", "java").exists()) and not shutil.which("java"):
        raise KgError(JAVA_HINT)


def spark_session(master: str = "local[2]", *, quiet: bool = True, app: str = "kg build"):
    """A SparkSession on *master* whose Python workers run this interpreter (locally)."""
    check_spark()
    import warnings

    with warnings.catch_warnings():
        # PySpark's SQL layer checks the pandas version on import; kg does not use pandas on Spark.
        warnings.simplefilter("ignore", FutureWarning)
        from pyspark.sql import SparkSession

    # Local workers must import kg from the same environment as the driver; on a cluster
    # spark-submit's own settings (docs/spark.md) take precedence.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    log4j = Path(__file__).with_name("log4j2.properties")
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false" if quiet else "true")
               .config("spark.python.worker.reuse", "true")
               .config("spark.python.daemon.module", "kg.engines.spark_daemon")
               .config("spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile={log4j}"))
    try:
        spark = builder.getOrCreate()
    except Exception as err:  # the JVM failed to start: say why in one line
        raise KgError(f"Spark did not start on {master} ({str(err).strip().splitlines()[-1]}); "
                      f"{JAVA_HINT}") from err
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _active_session():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


# ---------------------------------------------------------------- map (runs on executors)

_WARM = False


def _warm() -> None:
    """Load the segmenter and lexicons once per Python worker (workers are reused across tasks)."""
    global _WARM
    if not _WARM:
        from kg.build import _warm_up

        _warm_up()
        _WARM = True


def _extract_partition(fingerprint: str, timeout: float, counter, skipped):
    def run(rows: Iterable[tuple[str, int, int]]) -> Iterator[str]:
        from kg.build import map_document

        _warm()
        # The per-document time limit uses SIGALRM, which only the main thread may set.
        limit = timeout if threading.current_thread() is threading.main_thread() else 0
        for path, size, mtime_ns in rows:
            try:
                _, doc_id, data, problem = map_document(path, limit)
            except Exception as err:  # a bug on one document must not kill the job
                doc_id, data, problem = None, None, f"extraction failed ({type(err).__name__}: {err})"
            where = {"path": path, "size": size, "mtime_ns": mtime_ns, "fingerprint": fingerprint}
            if problem is not None:
                log.warning("skipped %s: %s", path, problem)
                skipped.add([(path, problem)])
                # "problem" first, so the driver finds these rows by prefix without parsing the rest
                yield json.dumps({"problem": problem, **where}, ensure_ascii=False)
            else:
                counter.add(1)
                head = json.dumps({"doc_id": doc_id, **where}, ensure_ascii=False)
                yield head[:-1] + _DATA + data + "}"
    return run


def _is_problem(line: str) -> bool:
    return line.startswith('{"problem"')


def _record_key(record: dict) -> tuple[str, int, int]:
    return record["path"], record["size"], record["mtime_ns"]


# ---------------------------------------------------------------- reduce (runs on executors)

_REGISTRY: dict | None = None


def _registry() -> dict[str, str]:
    global _REGISTRY
    if _REGISTRY is None:
        from kg.graph.resolve import registry_keys

        _REGISTRY = registry_keys()
    return _REGISTRY


def _first_path(a, b):
    """Of two records of one content id, the one at the first path (as the local build names it)."""
    return a if a[0] <= b[0] else b


def _split_record(line: str) -> tuple[dict, str]:
    """(where, extraction JSON) of an extraction row. The extraction stays a string through
    the shuffles (strings pickle fast) and is parsed only where it is read. The separator
    cannot occur inside the JSON of the leading fields: a quote in a value is escaped there."""
    cut = line.index(_DATA)
    return json.loads(line[:cut] + "}"), line[cut + len(_DATA):-1]


def _entity_items(kv):
    """(resolution key, (doc id, position, entity)) for each entity of one document."""
    doc_id, (_, data) = kv
    registry = _registry()
    for index, plain in enumerate(json.loads(data)["entities"]):
        yield resolution_key(plain["key"], registry), (doc_id, index, plain)


def _key_facts(kv):
    """What one entity says about the graph of names: its own key (with its position and
    type), the keys of its other names, and its core name."""
    key, (doc_id, index, plain) = kv
    registry = _registry()
    yield key, ("key", (doc_id, index), plain["type"])
    for name in plain["names"]:
        alias = resolution_key(name, registry)
        if alias != key:
            yield alias, ("alias", key, plain["type"])
    if core := core_name(plain["key"]):
        yield key, ("core", _CORE + core, None)


def _key_edges(kv):
    """Edges of the graph of names at one key, as :func:`resolve_entities` links items: a
    core name shared, or another entity's name that is this key, when the types agree with
    the type of this key's first entity."""
    key, facts = kv
    facts = list(facts)
    own = [(pos, kind) for tag, pos, kind in facts if tag == "key"]
    cores = {fact[1] for fact in facts if fact[0] == "core"}
    yield from ((key, core) for core in sorted(cores))
    if own:
        first_type = min(own)[1]
        linked = {other for tag, other, kind in facts if tag == "alias" and compatible_types(kind, first_type)}
        yield from ((other, key) for other in sorted(linked))


def _components(edges: Iterator[tuple[str, str]]) -> dict[str, str]:
    """Vertex -> smallest vertex of its connected component."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
    return {v: find(v) for v in parent}


def _resolve_group(kv):
    """Resolve one connected group of names with the local build's own function.

    Every entity that can merge with another is in the same group, in the local build's
    order (document id, then position), so the group resolves exactly as in one big call.
    """
    _, members = kv
    members = sorted(members, key=lambda m: (m[0], m[1]))
    first = (members[0][0], members[0][1])
    resolution = resolve_entities(((doc_id, [from_plain(Entity, plain)]) for doc_id, _, plain in members),
                                  _registry(), ambiguity_notes=False)
    for name, node in resolution.entities.items():
        yield "node", name, (first, node)
    for (doc_id, key), name in resolution.by_doc.items():
        yield "doc", doc_id, (key, name)


def _merge_nodes(parts):
    """Groups that chose one canonical name are one node, as in the local build's dict."""
    parts = sorted(parts, key=lambda item: item[0])
    node = parts[0][1]
    for _, other in parts[1:]:
        node.names |= other.names
        node.english |= other.english
        node.codes |= other.codes
        node.notes |= other.notes
        node.mentions += other.mentions
        node.documents += other.documents
    return node


def _owned_names(kv):
    owner, (_, node) = kv
    for name in node.names:
        yield name_key(name), (owner, name)


def _ambiguity_notes(kv):
    _, pairs = kv
    pairs = list(pairs)
    owners = {owner for owner, _ in pairs}
    if len(owners) > 1:
        for owner, name in pairs:
            yield owner, ambiguity_note(name, owners - {owner})


_SCRATCH = None


def _nquads(quads) -> list[str]:
    """N-Quads lines of *quads* as the store writes them back: it keeps values, not lexical
    forms ("0.80"^^xsd:decimal reads back as "0.8"), so they pass through an in-memory store."""
    global _SCRATCH
    import pyoxigraph as ox

    if _SCRATCH is None:
        _SCRATCH = ox.Store()
    _SCRATCH.clear()
    _SCRATCH.extend(quads)
    data = ox.serialize(_SCRATCH.quads_for_pattern(None, None, None), format=ox.RdfFormat.N_QUADS)
    return data.decode("utf-8").splitlines()


def _entity_lines(counter):
    def run(kv):
        from kg.graph.triples import entity_quads

        _, (nodes, notes) = kv
        node = _merge_nodes(nodes)
        node.notes.update(notes)
        counter.add(1)
        return [(line, None) for line in _nquads(entity_quads(node))]
    return run


def _document_lines(parts: int, counter):
    def run(kv):
        from kg.graph.triples import document_quads

        doc_id, (sources, names) = kv
        path, data = next(iter(sources))
        data = json.loads(data)
        data["doc"]["path"] = path
        by_doc = {(doc_id, key): name for key, name in names}
        counter.add(1)
        part = int(doc_id[:8], 16) % parts
        quads = document_quads(Extraction.from_dict(data), Resolution(by_doc=by_doc, entities={}))
        return [((part, line), None) for line in _nquads(quads)]
    return run


def _unique_lines(counter):
    def run(lines: Iterator[str]) -> Iterator[str]:
        last = None
        for line in lines:
            if line != last:
                counter.add(1)
                yield line
            last = line
    return run


# ---------------------------------------------------------------- driver

class _ListParam:
    """Accumulates lists: the few skipped files reach the driver without a pass over the output."""

    def zero(self, value):
        return []

    def addInPlace(self, a, b):
        a.extend(b)
        return a


def _listing(paths: Iterable, strict: bool) -> tuple[list[tuple[str, int, int]], list[Problem]]:
    from kg.ingest import iter_files

    files, problems = [], []
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
        files.append((str(item), stat.st_size, stat.st_mtime_ns))
    return files, problems


def _finished_batches(folder: Path) -> list[Path]:
    """Batches Spark committed; the rest were cut short and are removed."""
    if not folder.is_dir():
        return []
    done = []
    for batch in sorted(folder.glob("batch-*")):
        if (batch / "_SUCCESS").exists():
            done.append(batch)
        else:
            shutil.rmtree(batch, ignore_errors=True)
    return done


def _records(sc, batches: list[Path], fingerprint: str):
    """Extraction rows of *batches* under the current pipeline, or None when there are none."""
    if not batches:
        return None
    lines = sc.textFile(",".join(str(b) for b in batches))
    return (lines.filter(lambda line: not _is_problem(line)).map(_split_record)
            .filter(lambda r: r[0]["fingerprint"] == fingerprint))


def _replace_dir(partial: Path, final: Path) -> None:
    """Swap a finished output folder in; a reader sees the old one or the new one."""
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(partial, final)
    shutil.rmtree(old, ignore_errors=True)


def build_spark(paths: Iterable, out, *, spark=None, master: str = "local[2]", partitions: int | None = None,
                timeout: float = 60.0, strict: bool = False, quiet: bool = True) -> SparkReport:
    """Build the graph of every article under *paths* on Spark into the folder *out*.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders, visible at the same path to every executor (local disk in
        local mode, a shared file system on a cluster).
    out : str or Path
        Output folder (see the module docstring); reused by reruns.
    spark : SparkSession, optional
        A running session (tests share one); otherwise one is started on *master* and stopped.
    partitions : int, optional
        Partitions of the map and the reduce; default 4 per core, at most 1 000 documents each.
    """
    started = time.perf_counter()
    paths = list(paths)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise KgError(f"{out}: not a directory; --out needs a directory")
    check_spark()
    files, problems = _listing(paths, strict)
    if not files:
        raise InputError(", ".join(map(str, paths)) or ".", "no document could be read")
    own = spark is None and _active_session() is None
    if spark is None:
        # A session already running in this process (a notebook's, a test's) is used, not stopped.
        spark = _active_session() or spark_session(master, quiet=quiet)
    try:
        report = _run(spark.sparkContext, files, out, partitions, timeout, strict)
    finally:
        if own:
            spark.stop()
    report.problems[:0] = problems
    report.seconds = time.perf_counter() - started
    return report


def _run(sc, files, out: Path, partitions: int | None, timeout: float, strict: bool) -> SparkReport:
    from kg.build import pipeline_fingerprint

    out.mkdir(parents=True, exist_ok=True)
    # The map is the expensive step: enough partitions to keep every core busy to the end.
    # The reduce moves little data and pays ~0.1 s per task: a partition per core, up to
    # 50 000 documents each.
    parts = partitions or max(4 * sc.defaultParallelism, -(-len(files) // 1000))
    reduce_parts = partitions or max(sc.defaultParallelism, -(-len(files) // 50_000))
    report = SparkReport(out=str(out), partitions=parts)
    fingerprint = pipeline_fingerprint()
    batches = out / "extractions"
    done = _finished_batches(batches)

    listed = sc.parallelize(files, parts).map(lambda f: (f, None))
    previous = _records(sc, done, fingerprint)
    todo = listed if previous is None else listed.subtractByKey(previous.map(lambda r: (_record_key(r[0]), None)),
                                                                parts)
    batch = batches / f"batch-{max([int(b.name[6:]) for b in done] or [0]) + 1:06d}"
    extracted, skipped = sc.accumulator(0), sc.accumulator([], _ListParam())
    (todo.keys().mapPartitions(_extract_partition(fingerprint, timeout, extracted, skipped))
     .saveAsTextFile(str(batch)))
    for path, problem in sorted(skipped.value):
        if strict:
            raise InputError(path, problem)
        report.problems.append(Problem(path, problem))
    records = _records(sc, _finished_batches(batches), fingerprint)
    # Rows of files no longer listed are left out; a file extracted twice (two runs racing)
    # gives one content id twice, which _first_path keeps once.
    parts = reduce_parts
    docs = (records.map(lambda r: (_record_key(r[0]), (r[0]["doc_id"], r[0]["path"], r[1])))
            .join(listed, parts).map(lambda kv: (kv[1][0][0], kv[1][0][1:]))
            .reduceByKey(_first_path, parts).persist())

    items = docs.flatMap(_entity_items).persist()
    edges = items.flatMap(_key_facts).groupByKey(parts).flatMap(_key_edges)
    roots = sc.broadcast(_components(edges.toLocalIterator()))

    resolved = (items.map(lambda kv: (roots.value.get(kv[0], kv[0]), kv[1])).groupByKey(parts)
                .flatMap(_resolve_group).persist())
    nodes = resolved.filter(lambda r: r[0] == "node").map(lambda r: (r[1], r[2]))
    notes = nodes.flatMap(_owned_names).groupByKey(parts).flatMap(_ambiguity_notes)
    by_doc = resolved.filter(lambda r: r[0] == "doc").map(lambda r: (r[1], r[2]))

    entities, documents, quads = (sc.accumulator(0) for _ in range(3))
    partial = out / "quads.partial"
    shutil.rmtree(partial, ignore_errors=True)
    (nodes.cogroup(notes, parts).flatMap(_entity_lines(entities))
     .repartitionAndSortWithinPartitions(1, lambda _: 0).keys()
     .mapPartitions(_unique_lines(quads)).saveAsTextFile(str(partial / "entities")))
    (docs.cogroup(by_doc, parts).flatMap(_document_lines(parts, documents))
     .repartitionAndSortWithinPartitions(parts, lambda key: key[0]).keys().map(lambda key: key[1])
     .mapPartitions(_unique_lines(quads)).saveAsTextFile(str(partial / "documents")))
    _replace_dir(partial, out / "quads")
    for rdd in (docs, items, resolved):
        rdd.unpersist()
    roots.destroy()

    report.entities, report.documents, report.quads = entities.value, documents.value, quads.value
    report.extracted = extracted.value
    report.reused = len(files) - report.extracted - len(report.problems)
    if not report.extracted and not report.problems:
        shutil.rmtree(batch, ignore_errors=True)  # nothing new: keep no empty batch
    return report


# ---------------------------------------------------------------- reading the output

def quad_part_files(folder) -> list[Path]:
    """The N-Quads files of a Spark build's ``quads`` folder (or any folder of .nq files), sorted."""
    folder = Path(folder)
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))
                  and (p.name.startswith("part-") or p.suffix == ".nq"))


def merged_nquads(folder) -> Iterator[str]:
    """Every line of a Spark build's quads, merged into one sorted stream (as ``kg export --format nq``).

    Each part file is sorted, so this streams: it never holds the graph in memory.
    """
    handles = [open(p, encoding="utf-8") for p in quad_part_files(folder)]
    try:
        last = None
        for line in heapq.merge(*handles):
            if line != last:
                yield line
            last = line
    finally:
        for handle in handles:
            handle.close()
