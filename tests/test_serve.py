"""`kg serve` as a real server in a subprocess, queried with SPARQLWrapper and with plain HTTP (urllib).

Every server binds 127.0.0.1 on a free port (``--port 0``) and is stopped by its fixture.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from http.client import HTTPException
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.cli import cli
from kg.graph.iris import KG, entity_iri
from kg.graph.store import open_store, write_store
from kg.query import list_queries, param_term, resolve_document, resolve_entity, run_query

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the fixture builder lives in test_query
from test_query import build_query_store  # noqa: E402

PARAMS = {"company": "云启科技", "investor": "远山资本", "vendor": "数衡科技", "name": "云启", "text": "科技",
          "subject": "远山资本", "predicate": "investsIn", "object": "云启科技", "document": "yunqi.txt"}
SR = "{http://www.w3.org/2005/sparql-results#}"


def params_for(q) -> dict:
    values = {k: PARAMS[k] for k in q.params}
    if q.name in ("subsidiaries", "group_members"):
        values["company"] = "华川银行"
    if q.name == "ultimate_parent":
        values["company"] = "华川云服"
    return values


class Server:
    """``python -m kg serve`` in a subprocess; ``url`` is its base URL."""

    def __init__(self, store: Path, log: Path, *options: str, preexec_fn=None):
        self.log = log
        with open(log, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", "--quiet", *options],
                stdout=subprocess.DEVNULL, stderr=err, cwd=Path(__file__).resolve().parent.parent,
                preexec_fn=preexec_fn)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = log.read_text(encoding="utf-8", errors="replace")
            if "SPARQL endpoint http://" in text:
                self.url = text.split("SPARQL endpoint ")[1].split("sparql")[0]
                assert self.url.startswith("http://127.0.0.1:")
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"kg serve did not start: {log.read_text(encoding='utf-8', errors='replace')}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                # a clean stop takes a second; on a 2-core machine busy with other work, replacing a
                # timed-out worker (a fresh process that opens the store) can hold it for more than 15 s
                self.process.wait(45)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_query_store(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    running = Server(store, tmp_path_factory.mktemp("log") / "serve.log", "--workers", "2")
    yield running
    running.stop()
    assert running.process.returncode == 0


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body text) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read().decode("utf-8")


def get(server, path: str, accept: str | None = None, **query):
    url = server.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
    return http(url, headers={"Accept": accept} if accept else None)


def json_rows(text: str) -> list[dict]:
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(text)["results"]["bindings"]]


def expected_rows(store, name: str, params: dict) -> list[dict]:
    return [{k: str(v) for k, v in r.items()} for r in run_query(store, name, params).records()]


# --------------------------------------------------------------------------- answers

def test_every_saved_question_through_sparqlwrapper(server, store):
    """The saved SPARQL sent by a standard client, parameters bound with $name=<term>."""
    db = open_store(store)
    for q in list_queries():
        params = params_for(q)
        client = SPARQLWrapper(server.url + "sparql")
        client.setQuery(q.text)
        client.setReturnFormat(JSON)
        for key, value in params.items():
            kind = q.kinds[key]
            term = (resolve_entity(db, value) if kind == "entity" else resolve_document(db, value)
                    if kind == "document" else param_term(db, value))
            client.addParameter("$" + key, str(term))
        rows = [{k: v["value"] for k, v in b.items()} for b in client.queryAndConvert()["results"]["bindings"]]
        assert rows == expected_rows(store, q.name, params), q.name
        assert rows, q.name


def test_every_saved_question_by_name_over_plain_http(server, store):
    for q in list_queries():
        params = params_for(q)
        status, media, body = get(server, f"queries/{q.name}", "application/sparql-results+json", **params)
        assert (status, media) == (200, "application/sparql-results+json"), (q.name, body)
        assert json_rows(body) == expected_rows(store, q.name, params), q.name


def test_specific_facts(server):
    status, _, body = get(server, "queries/investors", company="Yunqi Tech")
    assert status == 200
    assert {r["investorName"] for r in json_rows(body)} == {"远山资本", "晨光基金", "海川投资"}
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery("PREFIX kg: <https://w3id.org/fintech-kg/ontology#>\nSELECT ?bank WHERE { ?bank a kg:Bank }")
    client.setReturnFormat(XML)
    root = client.queryAndConvert()  # a minidom document
    assert sorted(u.firstChild.data for u in root.getElementsByTagName("uri")) == sorted(
        [entity_iri("东岚银行"), entity_iri("华川银行")])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser, not ours
def test_content_negotiation(server):
    query = "SELECT ?n WHERE { VALUES ?n { 1 2 } }"
    status, media, body = get(server, "sparql", "text/csv", query=query)
    assert (status, media) == (200, "text/csv; charset=utf-8")
    assert list(csv.reader(io.StringIO(body, newline=""))) == [["n"], ["1"], ["2"]]
    status, media, body = get(server, "sparql", "text/tab-separated-values", query=query)
    integer = "^^<http://www.w3.org/2001/XMLSchema#integer>"
    assert (status, body.splitlines()) == (200, ["?n", f'"1"{integer}', f'"2"{integer}'])
    status, media, body = get(server, "sparql", "application/sparql-results+xml", query=query)
    assert [b.text for b in ET.fromstring(body).iter(SR + "literal")] == ["1", "2"]
    status, media, body = get(server, "sparql", "text/csv;q=0.2, application/sparql-results+xml", query=query)
    assert media == "application/sparql-results+xml"
    status, media, body = get(server, "sparql", "image/png", query=query)
    assert status == 406
    status, media, body = get(server, "sparql", None, query=query, format="csv")
    assert media == "text/csv; charset=utf-8"
    construct = "PREFIX kg: <https://w3id.org/fintech-kg/ontology#> CONSTRUCT WHERE { ?s kg:partnersWith ?o }"
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
                        ("*/*", "turtle")):
        status, media, body = get(server, "sparql", accept, query=construct)
        assert status == 200 and media.startswith(accept if accept != "*/*" else "text/turtle"), media
        graph = rdflib.Graph().parse(data=body, format=fmt)
        assert (rdflib.URIRef(entity_iri("云启科技")), rdflib.URIRef(KG + "partnersWith"),
                rdflib.URIRef(entity_iri("华川金科"))) in graph
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(construct)
    client.setReturnFormat(TURTLE)
    assert len(rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")) == 2


def test_post_forms_and_sparql_query_bodies(server):
    query = "ASK { ?s ?p ?o }"
    status, media, body = http(server.url + "sparql", urllib.parse.urlencode({"query": query}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, json.loads(body)) == (200, {"head": {}, "boolean": True})
    status, media, body = http(server.url + "sparql", query.encode(), {"Content-Type": "application/sparql-query",
                                                                       "Accept": "text/csv"})
    assert (status, body) == (200, "true\r\n")
    client = SPARQLWrapper(server.url + "sparql")
    client.setMethod(POST)
    client.setQuery("SELECT ?x WHERE { BIND('云启' AS ?x) }")
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode("utf-8") == "x\r\n云启\r\n"


# --------------------------------------------------------------------------- read-only, errors

def test_updates_are_refused_and_the_store_is_unchanged(server, store):
    before = sorted(map(str, open_store(store).quads_for_pattern(None, None, None)))
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    client = SPARQLWrapper(server.url + "sparql")
    client.setMethod(POST)
    client.setQuery(update)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    answers = [
        http(server.url + "sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        http(server.url + "sparql", urllib.parse.urlencode({"update": update}).encode(),
             {"Content-Type": "application/x-www-form-urlencoded"}),
        get(server, "sparql", update="DROP ALL"),
        get(server, "sparql", query="DROP ALL"),
        get(server, "sparql", query="LOAD <http://example.org/x.ttl>"),
        get(server, "sparql", query="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
        http(server.url + "update", update.encode(), {"Content-Type": "application/sparql-update"}),
        http(server.url + "sparql", b"", method="DELETE"),
    ]
    for status, _, body in answers:
        assert status == 403, body
    assert answers[0][2].startswith("403 Forbidden: this endpoint is read-only: SPARQL UPDATE is not allowed")
    assert "SERVICE (federated query) is not allowed" in answers[5][2]
    assert sorted(map(str, open_store(store).quads_for_pattern(None, None, None))) == before


def test_malformed_query_gets_400_with_the_parser_message(server):
    status, media, body = get(server, "sparql", query="SELECT ?x WHERE { ?x ?p }")
    assert status == 400 and media.startswith("text/plain")
    assert body.startswith("400 Bad Request: query: error at 1:")
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery("SELECT ?x WHERE { ?x ?p }")
    with pytest.raises(QueryBadFormed):
        client.query()
    assert get(server, "queries/nope")[0] == 404
    assert get(server, "queries/investors", company="不存在的公司")[2].startswith(
        "404 Not Found: no entity is named '不存在的公司'")
    assert get(server, "sparql", query="SELECT ?s WHERE { ?s ?p ?o }", **{"default-graph-uri": "urn:g"})[0] == 400
    status, _, body = get(server, "sparql", query="SELECT ?s WHERE { ?s ?p ?o }", **{"$x": "1"})
    assert status == 400 and "parameter 'x' is not a variable the query selects" in body


def test_page_saved_list_and_service_description(server):
    status, media, body = get(server, "")
    assert status == 200 and media == "text/html; charset=utf-8" and "<textarea" in body
    status, media, body = get(server, "queries")
    listed = json.loads(body)
    assert [q["name"] for q in listed] == [q.name for q in list_queries()]
    assert listed[[q["name"] for q in listed].index("investors")]["params"] == {"company": "蚂蚁金服"}
    status, media, body = get(server, "sparql")
    assert media.startswith("text/turtle") and len(rdflib.Graph().parse(data=body, format="turtle")) > 5


def test_store_stays_usable_by_kg_while_serving(server, store):
    out = CliRunner().invoke(cli, ["query", "counts", "--store", str(store), "--format", "csv"],
                             catch_exceptions=False).output
    assert "class," in out and "predicate," in out


def test_twenty_clients_fifty_queries_each(server, store):
    """20 threads × 50 requests, a mix of saved questions and inline SPARQL; every answer right."""
    expected_investors = expected_rows(store, "investors", {"company": "云启科技"})
    inline = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected_count = json_rows(get(server, "sparql", query=inline)[2])
    failures, done = [], []

    def client(k: int) -> None:
        for i in range(50):
            if (k + i) % 2:
                status, _, body = get(server, "queries/investors", company="云启科技")
                ok = status == 200 and json_rows(body) == expected_investors
            else:
                status, _, body = get(server, "sparql", query=inline)
                ok = status == 200 and json_rows(body) == expected_count
            if not ok:
                failures.append((k, i, status, body[:200]))
        done.append(k)

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert len(done) == 20 and failures == []


# --------------------------------------------------------------------------- limits and rebuilds

@pytest.fixture
def limited(tmp_path):
    store = build_query_store(tmp_path / "store")
    running = Server(store, tmp_path / "serve.log", "--timeout", "1", "--max-rows", "5", "--workers", "1")
    yield running, store
    running.stop()


def test_time_and_size_limits_and_rebuilds_are_picked_up(limited):
    server, store = limited
    status, _, body = get(server, "sparql", query="SELECT ?s WHERE { ?s ?p ?o }")
    assert (status, body) == (422, "422 Unprocessable Entity: query: the result has more than 5 rows; add a LIMIT\n")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    status, _, body = get(server, "sparql", query=slow)
    assert status == 503 and "longer than the 1 s limit" in body
    assert time.monotonic() - started < 20
    assert get(server, "sparql", query="ASK { ?s ?p ?o }")[2] == '{"head": {}, "boolean": true}\n'  # a new worker
    # a build while serving: the next query reads the new generation
    extra = ox.Quad(ox.NamedNode(entity_iri("新公司")), ox.NamedNode(KG + "partnersWith"),
                    ox.NamedNode(entity_iri("云启科技")), ox.NamedNode("https://w3id.org/fintech-kg/doc/new"))
    write_store(store, [*open_store(store).quads_for_pattern(None, None, None), extra])
    status, _, body = get(server, "sparql", query="ASK { ?s <%spartnersWith> ?o FILTER(?s = <%s>) }"
                          % (KG, entity_iri("新公司")))
    assert json.loads(body)["boolean"] is True


def test_kg_serve_refuses_a_missing_store(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "none"), "--port", "0"],
                            capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parent.parent,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"no graph store here; run `kg build PATH --store {tmp_path / 'none'}` first")


# --------------------------------------------------------------------------- hostile or heavy queries

DEEP = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000


def test_a_deeply_nested_query_gets_400_and_the_server_stays_up(server):
    status, _, body = http(server.url + "sparql", DEEP.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and "nested 3000 levels deep" in body, body
    status, _, body = get(server, "sparql", query="SELECT * WHERE { " + "(" * 2000 + "1" + ")" * 2000 + " }")
    assert status == 400 and "nested 2001 levels deep" in body
    assert get(server, "sparql", query="ASK { ?s ?p ?o }")[0] == 200


def test_kg_query_rejects_a_deeply_nested_query_without_crashing(store):
    result = subprocess.run([sys.executable, "-m", "kg", "query", DEEP, "--store", str(store)],
                            capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: query: nested 3000 levels deep")


def test_a_foreign_host_header_is_refused_on_localhost(server):
    status, _, body = http(server.url + "sparql?query=ASK%7B%3Fs%3Fp%3Fo%7D", headers={"Host": "evil.example:7878"})
    assert status == 403 and "Host 'evil.example:7878' is not allowed" in body
    for host in ("localhost", "127.0.0.1:1234", "[::1]:80"):
        assert http(server.url + "sparql?query=ASK%7B%3Fs%3Fp%3Fo%7D", headers={"Host": host})[0] == 200, host


def test_406_suggests_formats_that_fit_the_query_form(server):
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    status, _, body = get(server, "sparql", "text/csv", query=construct)
    assert status == 406 and "text/turtle" in body and "text/csv" not in body.split("try")[1]
    status, _, body = get(server, "sparql", "text/turtle", query="ASK { ?s ?p ?o }")
    assert status == 406 and "an ASK query" in body and "application/sparql-results+json" in body
    assert "text/turtle" not in body.split("try")[1]


def test_a_simple_query_answers_within_a_second_while_two_slow_ones_run(store, tmp_path):
    running = Server(store, tmp_path / "serve.log", "--timeout", "30")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    answers = []

    def ask_slow():
        try:
            answers.append(get(running, "sparql", query=slow))
        except (OSError, HTTPException):  # cut off, mid-answer too, when the server stops at the end
            pass

    try:
        threads = [threading.Thread(target=ask_slow, daemon=True) for _ in range(2)]
        for t in threads:
            t.start()
        time.sleep(2.5)  # both are running and past the fast-query threshold
        for _ in range(3):
            started = time.monotonic()
            status, _, body = get(running, "sparql", query="ASK { ?s ?p ?o }")
            assert status == 200 and time.monotonic() - started < 1.0
        assert answers == []  # the slow ones are still running
        # both slow slots (half of the 4 workers) are taken: a third slow query is stopped after 1 s
        started = time.monotonic()
        status, _, body = get(running, "sparql", query=slow)
        assert status == 503 and time.monotonic() - started < 10
        assert body.startswith("503 Service Unavailable: the server already runs 2 long queries; "
                               "this one was stopped after 1 s"), body
        assert answers == []  # and the two it protects go on
    finally:
        running.stop()


@pytest.mark.skipif(not shutil.which("node"), reason="needs node to run the page's script")
def test_the_page_shows_terms_as_kg_query_does(server):
    from kg.query import _display

    page = get(server, "")[2]
    script = page.split("// <display>")[1].split("\n", 1)[1].split("// </display>")[0]
    terms = [ox.NamedNode(KG + "Bank"), ox.NamedNode(entity_iri("云启科技")),
             ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("http://example.org/a?b=1"),
             ox.Literal("华川银行"), ox.BlankNode("b0")]
    bindings = [{"type": "uri", "value": t.value} if isinstance(t, ox.NamedNode) else
                {"type": "bnode", "value": t.value} if isinstance(t, ox.BlankNode) else
                {"type": "literal", "value": t.value} for t in terms]
    shown = subprocess.run(["node", "-e", script + f"\nconsole.log(JSON.stringify({json.dumps(bindings)}.map(label)))"],
                           capture_output=True, text=True, timeout=30, check=True).stdout
    assert json.loads(shown) == [_display(t) for t in terms]
    assert json.loads(shown)[:3] == ["kg:Bank", "kge:云启科技", "rdf:type"]


def test_a_request_may_lower_the_time_limit_but_not_raise_it(server, store, tmp_path):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    started = time.monotonic()
    status, _, body = get(server, "sparql", query=slow, timeout="1")
    assert status == 503 and "longer than the 1 s limit" in body and time.monotonic() - started < 10
    assert get(server, "sparql", query="ASK { ?s ?p ?o }", timeout="abc")[0] == 400
    assert get(server, "sparql", query="ASK { ?s ?p ?o }", timeout="9999")[0] == 200
    assert get(server, "queries/investors", company="云启科技", timeout="5")[0] == 200
    # a longer timeout= than the server's own is cut to the server's: the slow query is stopped at 2 s
    short = Server(store, tmp_path / "serve.log", "--timeout", "2", "--workers", "1")
    try:
        started = time.monotonic()
        status, _, body = get(short, "sparql", query=slow, timeout="9999")
        assert status == 503 and "longer than the 2 s limit" in body, body
        assert time.monotonic() - started < 10
    finally:
        short.stop()


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _running(pid: int) -> bool:
    """Whether *pid* still runs (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_query_workers_end_when_the_server_is_killed(store, tmp_path):
    # a server killed outright (SIGKILL) stops none of its workers: each must notice on its own,
    # even in the middle of a long query, and not keep a core busy
    killed = Server(store, tmp_path / "serve.log", "--workers", "2", "--timeout", "60")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    def ask() -> None:
        try:
            get(killed, "sparql", query=slow)
        except OSError:
            pass  # the server is killed under the request

    threading.Thread(target=ask, daemon=True).start()
    time.sleep(1.5)
    workers = _children(killed.process.pid)
    assert len(workers) >= 2
    killed.process.kill()
    killed.process.wait(5)
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _running(pid)]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_a_server_started_with_sigint_ignored(store, tmp_path, stop):
    # a script's background job starts with SIGINT ignored; "Ctrl-C stops" must hold all the same,
    # and a service manager's SIGTERM stops it cleanly too
    started = Server(store, tmp_path / "serve.log", "--workers", "1",
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    started.process.send_signal(stop)
    started.process.wait(20)
    assert started.process.returncode == 0
