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
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from kg.errors import InputError, KgError, NoDocuments
from kg.graph.resolve import (Resolution, UnionFind, compatible_types, core_name, name_key, resolution_key,
                              resolve_entities)
from kg.model import Entity, Extraction, Problem, from_plain
from kg.output import interactive

__all__ = ["SparkReport", "build_spark", "spark_session", "check_spark", "merged_nquads"]

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
    phases: dict = field(default_factory=dict)  # seconds of start (session), map, reduce

    def to_dict(self) -> dict:
        return {"out": self.out, "partitions": self.partitions, "documents": self.documents,
                "extracted": self.extracted, "reused": self.reused, "skipped": [str(p) for p in self.problems],
                "entities": self.entities, "quads": self.quads, "seconds": round(self.seconds, 2),
                "phases": {k: round(v, 2) for k, v in self.phases.items()}}


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
    java_options = f"-Dlog4j2.configurationFile={log4j}"
    if master.startswith("local"):
        # In local mode the JVM only schedules and shuffles: the quick (C1) compiler and the
        # serial collector start it in ~4 s instead of ~6 s on two cores.
        java_options += " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false" if quiet or not interactive() else "true")
               .config("spark.python.worker.reuse", "true")
               .config("spark.python.daemon.module", "kg.engines.spark_daemon")
               .config("spark.driver.extraJavaOptions", java_options))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # as above, on the session's first use of SQL
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


def _extract_partition(fingerprint: str, timeout: float, counter, skipped, echo: bool):
    def run(rows: Iterable[tuple[tuple[str, int, int], bytes | None]]) -> Iterator[str]:
        from kg.build import map_document

        _warm()
        # The per-document time limit uses SIGALRM, which only the main thread may set.
        limit = timeout if threading.current_thread() is threading.main_thread() else 0
        for (path, size, mtime_ns), content in rows:
            try:
                # a local path is read by the worker; a Hadoop URI's bytes came with the row
                _, doc_id, data, problem = map_document(path, limit, content)
            except Exception as err:  # a bug on one document must not kill the job
                doc_id, data, problem = None, None, f"extraction failed ({type(err).__name__}: {err})"
            where = {"path": path, "size": size, "mtime_ns": mtime_ns, "fingerprint": fingerprint}
            if problem is not None:
                if echo:  # the executor's log; in local mode the driver's report says it once
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
    type), the keys of its other names, its core name and the names it shares."""
    key, (doc_id, index, plain) = kv
    registry = _registry()
    yield key, ("key", (doc_id, index), plain["type"])
    for name in {plain["key"], *plain["names"]}:
        alias = resolution_key(name, registry)
        if alias != key:
            yield alias, ("alias", key, plain["type"])
        if (shared := name_key(name)) != key:
            yield key, ("name", shared, None)
    if core := core_name(plain["key"]):
        yield key, ("core", _CORE + core, None)


def _key_edges(kv):
    """Edges of the graph of names at one key. A group of names joined by them holds whole
    nodes of :func:`resolve_entities` (it links items that share a core name, or whose name
    is another's key when the types agree with that key's first entity) and every node that
    shares a name with them (which the resolution notes as ambiguous)."""
    key, facts = kv
    facts = list(facts)
    own = [(pos, kind) for tag, pos, kind in facts if tag == "key"]
    linked = {other for tag, other, _ in facts if tag in {"core", "name"}}
    if own:
        first_type = min(own)[1]
        linked |= {other for tag, other, kind in facts if tag == "alias" and compatible_types(kind, first_type)}
    yield from ((key, other) for other in sorted(linked))


def _components(edges: Iterator[tuple[str, str]]) -> dict[str, str]:
    """Vertex -> smallest vertex of its connected component."""
    uf = UnionFind()
    for a, b in edges:
        uf.union(a, b)
    return {v: uf.find(v) for v in list(uf.parent)}


def _resolve_group(counter):
    def run(kv):
        """Resolve one group of names with the local build's own function: entity lines, and
        (doc id, (document-level key, node)) for the document graphs.

        A group holds whole nodes and every node that shares a name with them, in the local
        build's order (document id, then position), so it resolves, ambiguity notes included,
        exactly as the whole archive does in one call.
        """
        from kg.graph.triples import entity_quads

        _, members = kv
        members = sorted(members, key=lambda m: (m[0], m[1]))
        resolution = resolve_entities(((doc_id, [from_plain(Entity, plain)]) for doc_id, _, plain in members),
                                      _registry())
        for node in resolution.entities.values():
            counter.add(1)
            for line in _nquads(entity_quads(node)):
                yield "entity", line
        for (doc_id, key), name in resolution.by_doc.items():
            yield doc_id, (key, name)
    return run


def _nquads(quads) -> list[str]:
    """N-Quads lines of *quads* as the store writes them back: it keeps values, not lexical
    forms ("0.80"^^xsd:decimal reads back as "0.8"), so they pass through an in-memory store.
    A fresh one each time: clearing one keeps its history and slows every later call."""
    import pyoxigraph as ox

    scratch = ox.Store()
    scratch.extend(quads)
    data = ox.serialize(scratch.quads_for_pattern(None, None, None), format=ox.RdfFormat.N_QUADS)
    return data.decode("utf-8").splitlines()


def _document_lines(counter, min_confidence: float | None):
    def run(kv):
        from kg.graph.triples import document_quads

        doc_id, (sources, names) = kv
        path, data = next(iter(sources))
        data = json.loads(data)
        data["doc"]["path"] = path
        by_doc = {(doc_id, key): name for key, name in names}
        counter.add(1)
        resolution = Resolution(by_doc=by_doc, entities={})
        return _nquads(document_quads(Extraction.from_dict(data), resolution, min_confidence))
    return run


def _sorted_unique(counter):
    """Sort a partition's lines (spilling to disk as the worker grows past 512 MB) and drop repeats."""
    def run(lines: Iterator[str]) -> Iterator[str]:
        from pyspark.shuffle import ExternalSorter

        last = None
        for line in ExternalSorter(512).sorted(lines):
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


def _is_uri(path: str) -> bool:
    return "://" in path or path.startswith("file:/")


def _listing(paths: Iterable, strict: bool, sc=None) -> tuple[list[tuple[str, int, int]], list[Problem]]:
    """(path, size, mtime_ns) of every article under *paths*, and the paths that could not be read.

    Local paths are walked as the local build walks them; a URI (``hdfs://``, ``s3a://``,
    ``file://`` …) is listed through Hadoop's FileSystem on the driver (names and sizes only,
    never contents), which needs the running context *sc*.
    """
    from kg.build import article_files

    problems: list[Problem] = []
    local, uris = [], []
    for raw in paths:
        (uris if _is_uri(str(raw)) else local).append(raw)
    files = list(article_files(local, strict, problems))
    for uri in uris:
        try:
            files.extend(_hadoop_listing(sc, str(uri)))
        except InputError as err:
            if strict:
                raise
            problems.append(Problem(str(uri), err.problem))
    return files, problems


def _hadoop_listing(sc, uri: str) -> list[tuple[str, int, int]]:
    """Article files under a Hadoop URI, recursively, hidden ones (``.x``, ``_SUCCESS``) left out."""
    from kg.ingest import ARTICLE_SUFFIXES

    jvm = sc._jvm
    try:
        root = jvm.org.apache.hadoop.fs.Path(uri)
        fs = root.getFileSystem(sc._jsc.hadoopConfiguration())
        if not fs.exists(root):
            raise InputError(uri, "no such file or directory")
        found = fs.listFiles(root, True)
        out = []
        while found.hasNext():
            status = found.next()
            path = status.getPath()
            name = path.getName()
            if name.startswith((".", "_")) or PurePosixPath(name).suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            out.append((path.toString(), status.getLen(), status.getModificationTime() * 1_000_000))
    except InputError:
        raise
    except Exception as err:  # a Java exception through py4j: no file system for the scheme, no access
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(uri, f"cannot list it through Hadoop ({message[:200]})") from err
    return sorted(out)


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


def _pipeline_of(batch: Path) -> str | None:
    """The pipeline fingerprint a batch was extracted with (Hadoop input skips names with _)."""
    try:
        return (batch / "_FINGERPRINT").read_text(encoding="utf-8").strip()
    except OSError:
        return None


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
                timeout: float = 60.0, strict: bool = False, min_confidence: float | None = None,
                quiet: bool = True) -> SparkReport:
    """Build the graph of every article under *paths* on Spark into the folder *out*.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders, visible at the same path to every executor (local disk in
        local mode, a shared file system on a cluster), or URIs of any file system Hadoop
        reads (``hdfs://``, ``s3a://``, ``file://`` …): those Spark lists and reads itself.
    out : str or Path
        Output folder (see the module docstring); reused by reruns.
    spark : SparkSession, optional
        A running session (tests share one); otherwise one is started on *master* and stopped.
    partitions : int, optional
        Partitions of the map and the reduce; default 4 per core, at most 1 000 documents each.
    min_confidence : float, optional
        As for :func:`kg.build.build_store`: the classifier probability a fact needs to be asserted.

    Raises
    ------
    NoDocuments
        When no given path holds a file to read (its ``problems`` say why, path by path).
    """
    started = time.perf_counter()
    paths = list(paths)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise KgError(f"{out}: not a directory; --out needs a directory")
    check_spark()
    own = spark is None and _active_session() is None
    if spark is None:
        # A session already running in this process (a notebook's, a test's) is used, not stopped.
        spark = _active_session() or spark_session(master, quiet=quiet)
    try:
        start = time.perf_counter() - started
        files, problems = _listing(paths, strict, spark.sparkContext)
        if not files:
            # as the local build: the caller can say why each given path was left out
            raise NoDocuments(", ".join(map(str, paths)) or ".", "no document could be read", problems)
        # None keeps the statuses the extraction gave (the model's own threshold), as the local build does
        uris = [str(p) for p in paths if _is_uri(str(p))]
        report = _run(spark.sparkContext, files, out, partitions, timeout, strict, min_confidence, uris)
        report.phases = {"start": start, **report.phases}
    finally:
        if own:
            spark.stop()
    report.problems[:0] = problems
    report.seconds = time.perf_counter() - started
    return report


def _run(sc, files, out: Path, partitions: int | None, timeout: float, strict: bool,
         min_confidence: float | None, uris: list[str] = ()) -> SparkReport:
    from pyspark import StorageLevel

    from kg.build import pipeline_fingerprint

    # Reused RDDs may outgrow executor memory on a big archive: keep what does not fit on disk.
    spill = StorageLevel.MEMORY_AND_DISK

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
    # Batches of another pipeline version are of no use to this one: dropped once it succeeds.
    current = [b for b in done if _pipeline_of(b) in {fingerprint, None}]

    listed = sc.parallelize(files, parts).map(lambda f: (f, None))
    previous = _records(sc, current, fingerprint)
    todo = listed if previous is None else listed.subtractByKey(previous.map(lambda r: (_record_key(r[0]), None)),
                                                                parts)
    batch = batches / f"batch-{max([int(b.name[6:]) for b in done] or [0]) + 1:06d}"
    extracted, skipped = sc.accumulator(0), sc.accumulator([], _ListParam())
    clock = time.perf_counter()
    echo = not sc.master.startswith("local")
    keys = todo.keys()
    rows = keys.map(lambda key: (key, None))
    if uris:
        # Hadoop URIs are read by Spark (any file system Hadoop knows), not by the Python worker;
        # only the files still to extract are joined to their bytes.
        sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        contents = sc.binaryFiles(",".join(uris))
        wanted = keys.filter(lambda key: _is_uri(key[0])).map(lambda key: (key[0], key))
        rows = (keys.filter(lambda key: not _is_uri(key[0])).map(lambda key: (key, None))
                .union(wanted.join(contents, parts).values()))
    (rows.mapPartitions(_extract_partition(fingerprint, timeout, extracted, skipped, echo))
     .saveAsTextFile(str(batch)))
    (batch / "_FINGERPRINT").write_text(fingerprint + "\n", encoding="utf-8")
    for path, problem in sorted(skipped.value):
        if strict:
            raise InputError(path, problem)
        report.problems.append(Problem(path, problem))
    report.phases["map"] = time.perf_counter() - clock
    clock = time.perf_counter()
    parts = reduce_parts
    records = _records(sc, [*current, batch], fingerprint)
    if current:
        # Rows of files no longer listed are left out (a first run's batch holds only listed files).
        records = records.map(lambda r: (_record_key(r[0]), r)).join(listed, parts).map(lambda kv: kv[1][0])
    # Two files with one text are one document, named by the first path, as in the local build.
    docs = (records.map(lambda r: (r[0]["doc_id"], (r[0]["path"], r[1])))
            .reduceByKey(_first_path, parts).persist(spill))

    items = docs.flatMap(_entity_items).persist(spill)
    edges = items.flatMap(_key_facts).groupByKey(parts).flatMap(_key_edges)
    roots = sc.broadcast(_components(edges.toLocalIterator(prefetchPartitions=True)))

    entities, documents, quads = (sc.accumulator(0) for _ in range(3))
    resolved = (items.map(lambda kv: (roots.value.get(kv[0], kv[0]), kv[1])).groupByKey(parts)
                .flatMap(_resolve_group(entities)).persist(spill))
    partial = out / "quads.partial"
    shutil.rmtree(partial, ignore_errors=True)
    # Each document's quads go to the partition of its id, so every graph is whole in one file.
    (docs.cogroup(resolved.filter(lambda r: r[0] != "entity"), parts).flatMap(_document_lines(documents, min_confidence))
     .mapPartitions(_sorted_unique(quads)).saveAsTextFile(str(partial / "documents")))
    (resolved.filter(lambda r: r[0] == "entity").values().coalesce(1)
     .mapPartitions(_sorted_unique(quads)).saveAsTextFile(str(partial / "entities")))
    _replace_dir(partial, out / "quads")
    for stale in set(done) - set(current):
        shutil.rmtree(stale, ignore_errors=True)
    report.phases["reduce"] = time.perf_counter() - clock
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

def merged_nquads(folder) -> Iterator[str]:
    """Every line of a Spark build's quads, merged into one sorted stream (as ``kg export --format nq``).

    Each part file is sorted, so this streams: it never holds the graph in memory.
    """
    from kg.load import quad_files

    handles = [open(p, encoding="utf-8") for p in quad_files([folder])]
    try:
        last = None
        for line in heapq.merge(*handles):
            if line != last:
                yield line
            last = line
    finally:
        for handle in handles:
            handle.close()
