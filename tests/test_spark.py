"""``kg build --engine spark`` and ``kg load``: a real Spark in local[2] mode and a real
``oxigraph serve`` process. Every Spark test shares one session (starting a JVM costs seconds).

Outside CI the Spark tests are skipped where Java or PySpark is missing (``make test``
installs both); in CI (CI=true) they run or fail.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import make_article
from kg.build import build_store
from kg.cli import cli
from kg.engines.spark import JAVA_HINT, build_spark, check_spark, merged_nquads
from kg.errors import KgError
from kg.graph.export import export_rdf
from kg.graph.store import open_store
from kg.load import load_endpoint, load_store, quad_files

pytestmark = pytest.mark.slow


def _spark_missing() -> str | None:
    """Why the Spark tests cannot run here (what to install), as `kg build --engine spark` says it."""
    try:
        check_spark()
    except KgError as err:
        return f"{err} (`make install-dev java` installs both)"
    return None


@pytest.fixture(scope="session")
def spark():
    missing = _spark_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    from kg.engines.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """240 invented articles, one of them twice under another name, and two unreadable files."""
    folder = tmp_path_factory.mktemp("spark") / "archive"
    folder.mkdir()
    rng = random.Random(17)
    for i in range(240):
        (folder / f"{i:05d}.txt").write_text(make_article(rng, i), encoding="utf-8")
    shutil.copy(folder / "00007.txt", folder / "copy-of-7.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.fixture(scope="module")
def local_nq(archive, tmp_path_factory) -> tuple[Path, str]:
    store = tmp_path_factory.mktemp("local") / "store"
    build_store([archive], store, jobs=2)
    return store, export_rdf(store, "nq").decode("utf-8")


@pytest.fixture(scope="module")
def spark_build(spark, archive, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark-out") / "out"
    return out, build_spark([archive], out, spark=spark, partitions=3)


def test_spark_quads_are_byte_identical_to_the_local_build(spark_build, local_nq):
    out, report = spark_build
    _, expected = local_nq
    assert "".join(merged_nquads(out / "quads")) == expected
    assert report.documents == 240  # the copy is one document, as in the local build
    assert report.extracted == 241 and report.reused == 0
    assert report.quads == len(expected.splitlines())


def test_each_part_file_is_sorted_and_holds_whole_document_graphs(spark_build):
    out, _ = spark_build
    entities = quad_files([out / "quads" / "entities"])
    documents = quad_files([out / "quads" / "documents"])
    assert len(entities) == 1 and len(documents) == 3
    seen: dict[str, Path] = {}
    for path in entities + documents:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines == sorted(set(lines)), path
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            graph = quad.graph_name.value
            assert seen.setdefault(graph, path) == path, f"{graph} split over two files"
    assert all("/doc/" in g for g, p in seen.items() if p in documents)


def test_failed_documents_are_reported_with_path_and_reason_and_the_job_goes_on(spark_build, archive):
    _, report = spark_build
    problems = {Path(p.path).name: p.message for p in report.problems}
    assert set(problems) == {"empty.txt", "binary.txt"}
    assert "empty" in problems["empty.txt"]
    assert problems["binary.txt"]


def test_a_rerun_extracts_only_new_files_and_gives_the_same_quads(spark, archive, tmp_path, make_archive):
    out = tmp_path / "out"
    shutil.copytree(archive, tmp_path / "a")
    first = build_spark([tmp_path / "a"], out, spark=spark, partitions=2)
    before = "".join(merged_nquads(out / "quads"))
    # A batch that a killed job left without Spark's _SUCCESS marker is thrown away, and so is
    # one from another pipeline version, once this run has succeeded.
    (out / "extractions" / "batch-000099").mkdir()
    old = out / "extractions" / "batch-000050"
    old.mkdir()
    (old / "_SUCCESS").touch()
    (old / "_FINGERPRINT").write_text("0123456789abcdef\n")
    (old / "part-00000").write_text('{"doc_id": "x", "path": "p", "size": 1, "mtime_ns": 1, '
                                    '"fingerprint": "0123456789abcdef", "data": {}}\n')
    again = build_spark([tmp_path / "a"], out, spark=spark, partitions=2)
    assert (again.extracted, again.reused) == (0, first.extracted)
    assert "".join(merged_nquads(out / "quads")) == before
    assert not old.exists() and not (out / "extractions" / "batch-000099").exists()
    assert (out / "extractions" / "batch-000001").exists()

    make_archive(tmp_path / "a", 3, seed=5, start=900)
    (tmp_path / "a" / "00003.txt").unlink()
    third = build_spark([tmp_path / "a"], out, spark=spark, partitions=2)
    assert third.extracted == 3
    local = tmp_path / "local"
    build_store([tmp_path / "a"], local, jobs=1)
    assert "".join(merged_nquads(out / "quads")) == export_rdf(local, "nq").decode("utf-8")


def test_cli_spark_build_uses_the_running_session(spark, archive, tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    for name in sorted(os.listdir(archive))[:5]:
        shutil.copy(archive / name, small / name)
    result = CliRunner().invoke(cli, ["build", str(small), "--engine", "spark", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "5 documents (5 extracted" in result.output
    assert quad_files([tmp_path / "o" / "quads"])
    assert spark.sparkContext.parallelize([1, 2]).count() == 2  # the shared session still runs


def test_cli_spark_build_of_nothing_readable_warns_per_path(spark, tmp_path):
    missing, empty = tmp_path / "missing", tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["build", str(missing), str(empty), "--engine", "spark",
                                      "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert [line.split(": ")[:2] for line in lines[:2]] == [["warning", str(missing)], ["warning", str(empty)]]
    assert lines[2:] == [f"Error: {missing}, {empty}: no document could be read"]


def test_spark_engine_without_java_says_how_to_install_it(tmp_path, monkeypatch, seeds_dir):
    pytest.importorskip("pyspark")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--engine", "spark", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {JAVA_HINT}"]
    assert "apt-get install openjdk-17-jre-headless" in result.output


def test_spark_engine_needs_out(seeds_dir):
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--engine", "spark"])
    assert result.exit_code == 2 and "--out" in result.output


# ---------------------------------------------------------------- kg load

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A real `oxigraph serve` (read-write) on a free localhost port."""
    exe = Path(sys.executable).with_name("oxigraph")
    port = _free_port()
    proc = subprocess.Popen([str(exe), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("oxigraph serve did not start")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _remote(url: str, query: str) -> list[tuple[str, ...]]:
    request = urllib.request.Request(f"{url}/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    import json

    with urllib.request.urlopen(request, timeout=30) as answer:
        data = json.load(answer)
    names = data["head"]["vars"]
    return sorted(tuple(row[n]["value"] for n in names) for row in data["results"]["bindings"])


def _local(store, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(term.value for term in row) for row in open_store(store).query(query))


BY_PREDICATE = "SELECT ?p (STR(COUNT(*)) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p"
EVIDENCE = """PREFIX kg: <https://w3id.org/fintech-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?g ?s ?p ?o ?text WHERE { GRAPH ?g { ?e a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ;
  rdf:object ?o ; kg:evidenceText ?text . ?s ?p ?o } } ORDER BY ?g ?s ?p ?o ?text LIMIT 25"""


def test_load_over_the_graph_store_protocol_gives_the_local_graph_and_is_idempotent(
        spark_build, local_nq, oxigraph_server):
    out, _ = spark_build
    store, _ = local_nq
    first = load_endpoint([out / "quads"], oxigraph_server + "/query")
    assert first.graphs == 240 + 1 and first.requests == first.graphs  # one PUT per named graph
    expected = _local(store, BY_PREDICATE)
    assert _remote(oxigraph_server, BY_PREDICATE) == expected
    facts = _local(store, EVIDENCE)
    assert len(facts) == 25
    assert _remote(oxigraph_server, EVIDENCE) == facts

    second = load_endpoint([out / "quads"], oxigraph_server)
    assert second.quads == first.quads
    assert _remote(oxigraph_server, BY_PREDICATE) == expected
    assert _remote(oxigraph_server, "SELECT (STR(COUNT(*)) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == \
        [(str(first.quads),)]


def test_cli_load_reads_the_password_from_the_environment_only(spark_build, oxigraph_server, monkeypatch):
    out, _ = spark_build
    args = ["load", str(out / "quads" / "entities"), "--endpoint", oxigraph_server, "--user", "loader"]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2 and "KG_ENDPOINT_PASSWORD" in refused.output
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "not-on-the-command-line")
    loaded = CliRunner().invoke(cli, args)
    assert loaded.exit_code == 0, loaded.output
    assert "quads in 1 graphs" in loaded.output


def test_load_into_a_store_replaces_only_the_graphs_it_holds(spark_build, local_nq, tmp_path):
    out, _ = spark_build
    _, expected = local_nq
    target = tmp_path / "store"
    other = ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("kept"),
                    ox.NamedNode("http://example.org/other-graph"))
    from kg.graph.store import write_store

    write_store(target, [other])
    report = load_store([out / "quads"], target)
    assert report.graphs == 241
    once = export_rdf(target, "nq").decode("utf-8")
    assert once.splitlines() == sorted(expected.splitlines() + [other.__str__() + " ."])
    load_store([out / "quads"], target)
    assert export_rdf(target, "nq").decode("utf-8") == once


def test_load_names_a_bad_file(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://e/a> <http://e/p> broken .\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", str(bad), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: not N-Quads")


def test_load_retries_a_graph_the_server_failed_and_sends_each_graph_once(tmp_path):
    """A server that answers 503 to the first request for each graph, then accepts it."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: dict[str, list[str]] = {}

    class Flaky(BaseHTTPRequestHandler):
        def do_PUT(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
            tries = seen.setdefault(self.path, [])
            tries.append(body)
            self.send_response(503 if len(tries) == 1 else 204)
            self.end_headers()

        def log_message(self, *args):
            pass

    nq = tmp_path / "two.nq"
    nq.write_text('<http://e/a> <http://e/p> "x" <http://e/g1> .\n<http://e/b> <http://e/p> "y" <http://e/g2> .\n',
                  encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bar: list = []

    class Bar:  # the progress bar counts files, each once all its graphs are sent
        def advance(self):
            bar.append(len(seen))

        def close(self):
            bar.append("closed")

    try:
        url = f"http://127.0.0.1:{server.server_port}"
        report = load_endpoint([nq], url + "/query", retries=2, progress=lambda total: bar.append(total) or Bar())
    finally:
        server.shutdown()
    assert bar == [1, 2, "closed"]
    assert report.requests == 4 and report.graphs == 2
    assert sorted(seen) == ["/store?graph=http%3A%2F%2Fe%2Fg1", "/store?graph=http%3A%2F%2Fe%2Fg2"]
    assert seen["/store?graph=http%3A%2F%2Fe%2Fg1"][1] == '<http://e/a> <http://e/p> "x" .\n'


def test_a_hadoop_uri_is_listed_and_read_by_spark(spark, archive, local_nq, tmp_path):
    """A file:// URI goes through Hadoop's FileSystem and binaryFiles, as hdfs:// or s3a:// would:
    the same documents and facts as the local build, each named by its URI."""
    out = tmp_path / "out"
    report = build_spark([f"file://{archive}"], out, spark=spark, partitions=3)
    assert report.documents == 240
    assert {p.path for p in report.problems} == {f"file:{archive}/empty.txt", f"file:{archive}/binary.txt"}
    got = "".join(merged_nquads(out / "quads"))
    _, expected = local_nq
    assert got.replace(f'"file:{archive}/', f'"{archive}/') == expected
    assert f'"file:{archive}/00001.txt"' in got


def test_a_uri_hadoop_cannot_list_is_one_clear_line(spark, tmp_path):
    from kg.errors import InputError

    with pytest.raises(InputError, match=r"^nosuchfs://nn/news: cannot list it through Hadoop"):
        build_spark(["nosuchfs://nn/news"], tmp_path / "o", spark=spark, strict=True)
