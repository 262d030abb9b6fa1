"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store, with a query page.

Routes
------
``/sparql``
    The SPARQL 1.1 Protocol query operation: ``GET ?query=``, ``POST`` form-encoded
    (``query=``) or ``POST application/sparql-query``. The answer's format follows
    the ``Accept`` header (or a ``format=`` parameter): SPARQL Results JSON (the
    default), XML, CSV or TSV for SELECT and ASK; Turtle (the default), N-Triples or
    JSON-LD for CONSTRUCT and DESCRIBE; ``text/plain`` gives a readable table.
    ``$name=value`` parameters bind variables the query selects, as in RDF4J and
    GraphDB (value in N-Triples syntax, or a plain string). ``GET`` without a query
    returns a SPARQL service description.
``/queries`` and ``/queries/NAME?param=value``
    The saved questions (JSON list), and one of them run like ``kg query NAME``:
    entity parameters are found by any of their names.
``/``
    A query page: type SPARQL or pick a saved question, see the result as a table.

Read-only and bounded: SPARQL UPDATE (``update=``, ``application/sparql-update``,
``INSERT``/``DELETE``/``LOAD``/``CLEAR`` …) and ``SERVICE`` get ``403 Forbidden``;
a malformed query, or one nested deeper than the engine can parse safely, gets
``400``; a ``Host`` header other than a local name on a server bound to localhost
gets ``403`` (DNS rebinding); more than *max_rows*
result rows ``422``; a query running longer than *timeout* seconds is stopped
and gets ``503``. Queries run in a small pool of worker processes, each holding
the store's live generation open read-only, because an Oxigraph query cannot be
interrupted from its thread: a query over its time limit is stopped by ending
its worker. A query still running after a second takes one of a few slow slots
(half the workers) or is stopped, so simple queries never wait behind long ones;
a request's ``timeout=`` lowers the time limit. Every request re-reads the store's ``CURRENT`` pointer, so a
``kg build`` while the server runs is picked up by the next query.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import signal
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable
from urllib.parse import parse_qs, unquote, urlsplit

from kg.errors import EntityNotFound, QueryError, QueryRefused, QueryTooLarge, StoreError
from kg.graph.iris import ENTITY, PREFIXES
from kg.query import FORMATS, format_result, get_query, list_queries, query_form, run_query

__all__ = ["SparqlServer", "make_server", "serve_store", "negotiate"]

_ROW_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/plain": "table",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
    "application/ld+json": "jsonld", "text/plain": "nt",
}
_MAX_BODY = 1 << 20  # bytes of query text we accept


def negotiate(accept: str | None, form: str | None, fmt: str | None = None) -> str | None:
    """The output format for a query of *form* ("SELECT" …) given an ``Accept`` header.

    An explicit *fmt* (a ``format=`` parameter: ``json``, ``csv``, ``turtle`` … or a
    media type) wins. Returns None when nothing acceptable can be produced (HTTP 406).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
    'xml'
    >>> negotiate("*/*", "CONSTRUCT"), negotiate(None, "ASK"), negotiate("image/png", "SELECT")
    ('turtle', 'json', None)
    """
    graph = form in ("CONSTRUCT", "DESCRIBE")
    types = _GRAPH_TYPES if graph else _ROW_TYPES
    default = "turtle" if graph else "json"
    if fmt:
        fmt = fmt.strip().lower()
        if fmt in types.values() or fmt in ("table",):
            return fmt
        return types.get(fmt.split(";")[0].strip())
    if not accept:
        return default
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *options = [p.strip() for p in part.split(";")]
        q = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    q = float(option[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for negative_q, _, media in sorted(ranked):
        if negative_q == 0:
            break
        if media in types:
            return types[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


# --------------------------------------------------------------------------- worker processes

def _worker_main(conn, store_dir: str, max_rows: int) -> None:
    """Answer jobs from *conn* until it closes: (query, params, fmt) -> (status, media type, body)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _exit_with_parent()
    from kg.graph.store import open_store, store_generation

    current = (None, None)

    def store():
        nonlocal current
        gen = store_generation(store_dir)
        if gen != current[0]:
            current = (gen, open_store(store_dir))
        return current[1]

    conn.send(("ready",))
    while True:
        try:
            query, params, fmt = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = run_query(store(), query, params, max_rows=max_rows)
            body = format_result(result, fmt).encode("utf-8")
            answer = (200, FORMATS[fmt], body)
        except QueryRefused as err:
            answer = (403, None, str(err))
        except QueryTooLarge as err:
            answer = (422, None, str(err))
        except EntityNotFound as err:
            answer = (404, None, str(err))
        except StoreError as err:
            answer = (503, None, str(err))
        except QueryError as err:
            answer = (400, None, str(err))
        except Exception as err:  # noqa: BLE001 - a server answers 500 and keeps serving
            answer = (500, None, f"{type(err).__name__}: {err}")
        conn.send(answer)


def _exit_with_parent() -> None:
    """End this worker when the server process is gone, however it ended: a server killed with
    SIGKILL stops no children, and a runaway query would keep a core busy for hours. The store's
    queries let other threads run, so a thread can watch while the worker computes."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class _Pool:
    """Worker processes, each with the store open; a job over its time limit ends its worker.

    A query still running after *fast* seconds is slow and must take one of *slow* slots; with
    none free it is stopped. So at least ``size - slow`` workers are never held by long queries
    and a simple query does not wait behind them. At most *waiting* requests queue for a worker.
    """

    def __init__(self, store_dir: Path, size: int, timeout: float, max_rows: int, *, slow: int | None = None,
                 fast: float = 1.0, waiting: int = 64):
        self.store_dir, self.timeout, self.max_rows = str(store_dir), timeout, max_rows
        self.fast = fast
        self.slow_slots = max(1, size // 2) if slow is None else max(1, min(slow, size))
        self.slow = threading.BoundedSemaphore(self.slow_slots)
        self.waiting = threading.BoundedSemaphore(waiting)
        self.context = multiprocessing.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.closed = False
        workers = [self._start() for _ in range(size)]
        for worker in workers:
            self._ready(worker)
            self.idle.put(worker)

    def _start(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child, self.store_dir, self.max_rows),
                                       daemon=True)
        process.start()
        child.close()
        return process, parent

    def _ready(self, worker) -> None:
        process, conn = worker
        if not conn.poll(60) or conn.recv() != ("ready",):
            raise StoreError(f"{self.store_dir}: a query worker failed to start")

    def _replace(self, worker) -> None:
        process, conn = worker
        process.kill()
        process.join()
        conn.close()
        if self.closed:
            return
        fresh = self._start()
        try:
            self._ready(fresh)
        except StoreError:
            fresh[0].kill()
            fresh = self._start()  # try once more; a pool that keeps failing answers 503
        self.idle.put(fresh)

    def run(self, query: str, params: dict, fmt: str, timeout: float | None = None
            ) -> tuple[int, str | None, bytes | str]:
        """Answer one query within *timeout* seconds (at most the pool's limit)."""
        limit = min(self.timeout, timeout) if timeout else self.timeout
        started = time.monotonic()
        if not self.waiting.acquire(blocking=False):
            return 503, None, "the server is busy: too many queries are waiting; try again"
        try:
            worker = self.idle.get(timeout=limit)
        except queue.Empty:
            return 503, None, f"the server is busy: no query worker was free for {limit:g} s; try again"
        finally:
            self.waiting.release()
        process, conn = worker
        holds_slow = False
        try:
            conn.send((query, params, fmt))
            left = max(0.1, limit - (time.monotonic() - started))
            ready = conn.poll(min(left, self.fast))
            if not ready and left > self.fast:
                holds_slow = self.slow.acquire(blocking=False)
                if not holds_slow:
                    threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
                    return 503, None, (f"the server already runs {self.slow_slots} long queries; this one was "
                                       f"stopped after {self.fast:g} s so that others are answered: try again "
                                       "later or make it cheaper")
                ready = conn.poll(max(0.1, limit - (time.monotonic() - started)))
            if ready:
                answer = conn.recv()
                self.idle.put(worker)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            pass
        finally:
            if holds_slow:
                self.slow.release()
        timed_out = process.is_alive() and time.monotonic() - started >= limit
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
        if not timed_out:
            return 500, None, "the query worker stopped unexpectedly"
        return 503, None, f"the query ran longer than the {limit:g} s limit and was stopped"

    def close(self) -> None:
        self.closed = True
        while True:
            try:
                process, conn = self.idle.get_nowait()
            except queue.Empty:
                return
            conn.close()
            process.kill()
            process.join()


# --------------------------------------------------------------------------- HTTP

class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server answering the SPARQL protocol from a worker pool."""

    daemon_threads = True

    def __init__(self, address, store_dir: Path, pool: _Pool, log: bool, allowed_hosts: Iterable[str] | None = None):
        self.store_dir, self.pool, self.log = store_dir, pool, log
        self.allowed_hosts = allowed_host_names(address[0], allowed_hosts)
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self.server_close()
        self.pool.close()


LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


def allowed_host_names(bound: str, extra: Iterable[str] | None = None) -> frozenset[str] | None:
    """The ``Host`` names a server bound to *bound* answers; None for any.

    Bound to a loopback address, a page on another site could reach the server by pointing its
    own name at 127.0.0.1 (DNS rebinding), so only local names, and *extra*, are answered.

    >>> sorted(allowed_host_names("127.0.0.1", ["kg.lan"]))
    ['127.0.0.1', '::1', 'kg.lan', 'localhost']
    >>> allowed_host_names("0.0.0.0") is None
    True
    """
    names = {n.strip().lower() for n in extra or () if n.strip()}
    if bound in LOCAL_NAMES or bound.startswith("127."):
        return frozenset(names | set(LOCAL_NAMES))
    return frozenset(names) if names else None


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without the port: ``[::1]:80`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "fintech-kg"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if self.server.log:
            super().log_message(format, *args)

    # ---- replies
    def _send(self, status: int, body: bytes | str, media: str = "text/plain; charset=utf-8",
              extra: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        phrase = HTTPStatus(status).phrase
        self._send(status, f"{status} {phrase}: {message}\n", extra=extra)

    def _url(self):
        # http.server reads the request line as Latin-1; clients that send raw UTF-8 (curl) mean UTF-8
        try:
            return urlsplit(self.path.encode("iso-8859-1").decode("utf-8"))
        except UnicodeError:
            return urlsplit(self.path)

    def _foreign_host(self) -> bool:
        """Refuse (403) a request whose Host header names a host this server does not answer for."""
        allowed = self.server.allowed_hosts
        host = self.headers.get("Host")
        if allowed is None or host is None or host_name(host) in allowed:
            return False
        self.close_connection = True
        self._error(403, f"Host {host!r} is not allowed: this server answers only "
                         f"{', '.join(sorted(allowed))} (kg serve --allow-host NAME adds one)")
        return True

    # ---- routes
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if self._foreign_host():
            return
        url = self._url()
        fields = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            return self._send(200, _PAGE, "text/html; charset=utf-8")
        if url.path == "/sparql":
            if "update" in fields:
                return self._refuse_update()
            if "query" not in fields:
                return self._send(200, _service_description(self.server.url), "text/turtle; charset=utf-8")
            return self._query(fields["query"][0], fields)
        if url.path == "/queries":
            return self._send(200, json.dumps(_saved_list(), ensure_ascii=False), "application/json; charset=utf-8")
        if url.path.startswith("/queries/"):
            return self._saved(unquote(url.path[len("/queries/"):]), fields)
        if url.path == "/update":
            return self._refuse_update()
        self._error(404, f"no such page {url.path!r}; the SPARQL endpoint is /sparql")

    def do_POST(self):
        if self._foreign_host():
            return
        url = self._url()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > _MAX_BODY:
            self.close_connection = True  # the body is left unread
            return self._error(400 if length < 0 else 413, "bad Content-Length" if length < 0
                               else f"the request body is over {_MAX_BODY} bytes")
        body = self.rfile.read(length) if length else b""
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fields = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/update" or media == "application/sparql-update":
            return self._refuse_update()
        if url.path != "/sparql":
            return self._error(404, f"no such page {url.path!r}; the SPARQL endpoint is /sparql")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(400, "the request body is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self._refuse_update()
            fields = {**fields, **form}
            if "query" not in fields:
                return self._error(400, "the form has no 'query' field")
            return self._query(fields["query"][0], fields)
        if media == "application/sparql-query":
            return self._query(text, fields)
        self._error(415, f"unsupported Content-Type {media!r}; use application/sparql-query or a form "
                         "(application/x-www-form-urlencoded) with query=")

    def do_PUT(self):
        if not self._foreign_host():
            self._refuse_update()

    do_DELETE = do_PATCH = do_PUT

    def _refuse_update(self):
        self._error(403, "this endpoint is read-only: SPARQL UPDATE is not allowed (rebuild the graph with "
                         "`kg build`)", {"Allow": "GET, HEAD, POST"})

    # ---- query answering
    def _query(self, text: str, fields: dict) -> None:
        if fields.get("default-graph-uri") or fields.get("named-graph-uri"):
            return self._error(400, "default-graph-uri and named-graph-uri are not supported: the default graph "
                                    "is the union of all graphs; use GRAPH to read one")
        if len(text.encode("utf-8")) > _MAX_BODY:
            return self._error(413, f"the query is over {_MAX_BODY} bytes")
        try:
            form = query_form(text)
        except QueryRefused as err:
            return self._error(403, str(err))
        except QueryError as err:  # nested too deep for the engine
            return self._error(400, str(err))
        params = {k[1:]: v[0] for k, v in fields.items() if k.startswith("$") and len(k) > 1}
        self._run(text, params, form, fields)

    def _saved(self, name: str, fields: dict) -> None:
        try:
            saved = get_query(name)
        except QueryError as err:
            return self._error(404, str(err))
        params = {k: v[0] for k, v in fields.items() if k not in ("format", "output", "timeout")}
        self._run(saved.name, params, query_form(saved.text), fields)

    def _run(self, query: str, params: dict, form: str | None, fields: dict) -> None:
        wanted = (fields.get("format") or fields.get("output") or [None])[0]
        fmt = negotiate(self.headers.get("Accept"), form, wanted)
        if fmt is None:
            return self._error(406, _not_acceptable(form, wanted or self.headers.get("Accept")))
        limit = (fields.get("timeout") or [None])[0]
        try:
            limit = float(limit) if limit else None
        except ValueError:
            return self._error(400, f"timeout={limit!r} is not a number of seconds")
        if limit is not None and limit <= 0:
            return self._error(400, "timeout must be a positive number of seconds")
        started = time.perf_counter()
        status, media, body = self.server.pool.run(query, params, fmt, limit)
        if status != 200:
            return self._error(status, body if isinstance(body, str) else body.decode("utf-8", "replace"))
        self._send(200, body, media if "charset" in media or "json" in media or "xml" in media
                   else media + "; charset=utf-8",
                   {"X-Query-Seconds": f"{time.perf_counter() - started:.4f}"})


def _not_acceptable(form: str | None, wanted: str | None) -> str:
    """The 406 message: what was asked, and the media types that fit this query form."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    types = sorted(t for t in (_GRAPH_TYPES if graph else _ROW_TYPES) if t not in ("application/x-turtle",))
    names = sorted(set((_GRAPH_TYPES if graph else _ROW_TYPES).values()))
    what = f"{'an' if form == 'ASK' else 'a'} {form} query" if form else "this query"
    return (f"cannot answer {what} in {wanted}; try {', '.join(types)} (Accept), or format="
            + "|".join(names))


def _saved_list() -> list[dict]:
    return [{"name": q.name, "title": q.title, "description": q.description, "params": q.params,
             "kinds": q.kinds, "form": query_form(q.text), "text": q.text} for q in list_queries()]


def _service_description(base: str) -> str:
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
  sd:endpoint <{base}sparql> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
                  fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD .
"""


def make_server(store_dir, host: str = "127.0.0.1", port: int = 7878, *, workers: int = 4,
                timeout: float = 10.0, max_rows: int = 100_000, log: bool = True, slow: int | None = None,
                allowed_hosts: Iterable[str] | None = None) -> SparqlServer:
    """Bind the endpoint and start its query workers; call ``serve_forever()`` then ``close()``.

    *timeout* is the most seconds a query may run (a request's ``timeout=`` may lower it);
    *slow* how many queries may run longer than a second at once (default: half the
    workers), so the other workers stay free for simple queries; *allowed_hosts* adds
    ``Host`` names a server bound to localhost answers (see :func:`allowed_host_names`).

    Raises
    ------
    StoreError
        When *store_dir* holds no graph store.
    OSError
        When the address cannot be bound (port in use).
    """
    from kg.graph.store import open_store

    open_store(store_dir)  # fail now, with the usual message, if there is no store
    pool = _Pool(Path(store_dir), max(1, workers), timeout, max_rows, slow=slow)
    try:
        return SparqlServer((host, port), Path(store_dir), pool, log, allowed_hosts)
    except OSError:
        pool.close()
        raise


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve_store(store_dir, host: str = "127.0.0.1", port: int = 7878, *, ready=None, **options) -> None:
    """Serve *store_dir* until interrupted (see :func:`make_server` for *options*).

    *ready*, if given, is called with the server once it listens (its ``url`` tells the port).
    """
    server = make_server(store_dir, host, port, **options)
    if threading.current_thread() is threading.main_thread():
        # "Ctrl-C stops" holds even when the server was started with SIGINT ignored (a script's
        # background job inherits that), and a SIGTERM (a service manager's stop) stops it the same way
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
    if ready is not None:
        ready(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>fintech-kg SPARQL</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;height:16em;font-family:monospace;font-size:13px}
table{border-collapse:collapse;margin-top:1em;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;
vertical-align:top}th{background:#eee}#status{color:#555;margin-left:1em}.error{color:#b00;white-space:pre-wrap}
label{margin-right:1em}pre{background:#f6f6f6;padding:.5em;overflow:auto}
</style></head><body>
<h1>fintech-kg SPARQL</h1>
<p>Read-only SPARQL 1.1 endpoint: <code>/sparql</code>. The default graph is the union of all documents.</p>
<p><label>Saved question <select id="saved"><option value="">(write your own)</option></select></label>
<span id="desc"></span></p>
<div id="params"></div>
<textarea id="query" spellcheck="false">SELECT ?class (COUNT(?e) AS ?n) WHERE { ?e a ?class } GROUP BY ?class ORDER BY DESC(?n)</textarea>
<p><button id="run">Run</button> <span id="status"></span></p>
<div id="result"></div>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
let saved = {};
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
fetch("queries").then((r) => r.json()).then((list) => {
  for (const q of list) {
    saved[q.name] = q;
    const o = document.createElement("option"); o.value = q.name; o.textContent = q.name + " — " + q.title;
    $("saved").appendChild(o);
  }
});
$("saved").onchange = () => {
  const q = saved[$("saved").value]; $("params").innerHTML = ""; $("desc").textContent = q ? q.description : "";
  if (!q) return;
  $("query").value = q.text;
  for (const [name, example] of Object.entries(q.params)) {
    const l = document.createElement("label"); l.textContent = name + " ";
    const i = document.createElement("input"); i.name = name; i.value = example; l.appendChild(i);
    $("params").appendChild(l);
  }
};
// <display>: a term as `kg query` prints it (kg.query._display): kge:名称, kg:Bank, a literal's text
const PREFIXES = __PREFIXES__;
function label(t) {
  if (!t) return "";
  if (t.type === "bnode") return "_:" + t.value;
  if (t.type !== "uri") return t.value;
  if (t.value.startsWith(ENTITY)) return "kge:" + decodeURIComponent(t.value.slice(ENTITY.length));
  for (const [prefix, ns] of PREFIXES) {
    if (t.value.startsWith(ns) && /^[\\p{L}\\p{N}_.-]*$/u.test(t.value.slice(ns.length))) return prefix + ":" + t.value.slice(ns.length);
  }
  return "<" + t.value + ">";
}
// </display>
function cell(t) { return esc(label(t)); }
$("run").onclick = async () => {
  const q = saved[$("saved").value]; const text = $("query").value;
  let resp; const t0 = performance.now(); $("status").textContent = "running…"; $("result").innerHTML = "";
  const accept = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"};
  if (q && text === q.text) {
    const p = new URLSearchParams(); for (const i of $("params").querySelectorAll("input")) p.set(i.name, i.value);
    resp = await fetch("queries/" + encodeURIComponent(q.name) + "?" + p, {headers: accept});
  } else {
    resp = await fetch("sparql", {method: "POST", body: new URLSearchParams({query: text}),
                                  headers: accept});
  }
  const ms = Math.round(performance.now() - t0); const type = resp.headers.get("Content-Type") || "";
  if (!resp.ok) { $("status").textContent = ""; $("result").innerHTML = '<p class="error">' + esc(await resp.text()) + "</p>"; return; }
  if (!type.includes("json")) { $("status").textContent = ms + " ms"; $("result").innerHTML = "<pre>" + esc(await resp.text()) + "</pre>"; return; }
  const data = await resp.json();
  if ("boolean" in data) { $("status").textContent = ms + " ms"; $("result").innerHTML = "<p>" + data.boolean + "</p>"; return; }
  const vars = data.head.vars, rows = data.results.bindings;
  $("status").textContent = rows.length + " rows, " + ms + " ms";
  $("result").innerHTML = "<table><tr>" + vars.map((v) => "<th>" + esc(v) + "</th>").join("") + "</tr>" +
    rows.map((r) => "<tr>" + vars.map((v) => "<td>" + cell(r[v]) + "</td>").join("") + "</tr>").join("") + "</table>";
};
</script></body></html>
"""
# The page abbreviates IRIs with the prefixes `kg query` uses, longest namespace first.
_PAGE = _PAGE.replace("__PREFIXES__", json.dumps(sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])))
                      + ";\nconst ENTITY = " + json.dumps(ENTITY))
