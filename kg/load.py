"""``kg load``: N-Quads files into the embedded store or a remote SPARQL store.

Both targets replace each named graph the files hold and leave every other graph as it
was, so a load can be repeated, or resumed after a failure, without duplicating a fact:

* ``load_store`` writes a new generation of a store directory (:mod:`kg.graph.store`):
  the loaded graphs plus the live generation's other graphs, swapped in atomically;
* ``load_endpoint`` speaks the SPARQL 1.1 Graph Store HTTP Protocol: one ``PUT`` per
  named graph (a graph spread over several files gets ``POST`` for the later parts),
  retried on connection errors and 5xx answers. Fuseki, GraphDB, Virtuoso and
  ``oxigraph serve`` implement it.

The input is N-Quads files or folders of them, e.g. the ``quads`` folder of
``kg build --engine spark`` or ``kg export --format nq``.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.errors import InputError, KgError
from kg.graph.store import store_generation, write_store

__all__ = ["LoadReport", "quad_files", "load_store", "load_endpoint", "graph_store_url"]

_RETRY_STATUS = {408, 429, 500, 502, 503, 504}


@dataclass
class LoadReport:
    """What a load did."""

    target: str
    files: int = 0
    graphs: int = 0
    quads: int = 0
    requests: int = 0  # HTTP requests sent, retries included
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"target": self.target, "files": self.files, "graphs": self.graphs, "quads": self.quads,
                "requests": self.requests, "seconds": round(self.seconds, 2)}


def quad_files(paths: Iterable) -> list[Path]:
    """N-Quads files named by *paths*: files as given, folders searched for ``*.nq`` and
    Spark's ``part-*`` files (markers and checksums skipped), in sorted order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))
                                and (p.suffix == ".nq" or p.name.startswith("part-"))))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(path, "no such file or folder")
    if not found:
        raise InputError(", ".join(map(str, paths)) or ".", "no N-Quads files here")
    return found


def _parse(path: Path) -> Iterator[ox.Quad]:
    try:
        yield from ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
    except SyntaxError as err:
        raise InputError(path, f"not N-Quads ({str(err).splitlines()[0]})") from err
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from err


def load_store(paths: Iterable, store_dir) -> LoadReport:
    """Load the quads of *paths* into the store at *store_dir*, replacing the graphs they hold."""
    started = time.perf_counter()
    files = quad_files(paths)
    report = LoadReport(target=str(store_dir), files=len(files))
    loaded: set = set()

    def new_quads() -> Iterator[ox.Quad]:
        for path in files:
            for quad in _parse(path):
                loaded.add(quad.graph_name)
                report.quads += 1
                yield quad

    def kept_quads() -> Iterator[ox.Quad]:
        # Runs after new_quads is spent, so `loaded` names every graph the files replace.
        live = store_generation(store_dir)
        if live is None:
            return
        old = ox.Store.read_only(str(live))
        for quad in old.quads_for_pattern(None, None, None):
            if quad.graph_name not in loaded:
                yield quad

    def every_quad() -> Iterator[ox.Quad]:
        yield from new_quads()
        yield from kept_quads()

    write_store(store_dir, every_quad())
    report.graphs = len(loaded)
    report.seconds = time.perf_counter() - started
    return report


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL next to a SPARQL endpoint: ``/store`` as Oxigraph names it.

    >>> graph_store_url("http://localhost:7878/query"), graph_store_url("http://localhost:7878")
    ('http://localhost:7878/store', 'http://localhost:7878/store')
    """
    base = endpoint.rstrip("/")
    for suffix in ("/query", "/sparql"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base + "/store"


class _Client:
    def __init__(self, url: str, user: str | None, password: str | None, retries: int, timeout: float):
        self.url = url
        self.retries = retries
        self.timeout = timeout
        self.headers = {"Content-Type": "application/n-triples"}
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"
        self.requests = 0

    def send(self, method: str, graph: ox.NamedNode | ox.DefaultGraph, body: bytes) -> None:
        target = "default" if isinstance(graph, ox.DefaultGraph) else "graph=" + urllib.parse.quote(graph.value,
                                                                                                    safe="")
        url = f"{self.url}{'&' if '?' in self.url else '?'}{target}"
        name = "the default graph" if isinstance(graph, ox.DefaultGraph) else f"<{graph.value}>"
        for attempt in range(self.retries + 1):
            self.requests += 1
            request = urllib.request.Request(url, data=body, method=method, headers=self.headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    answer.read()
                return
            except urllib.error.HTTPError as err:
                if err.code not in _RETRY_STATUS or attempt == self.retries:
                    detail = err.read().decode("utf-8", "replace").strip().splitlines()[:1]
                    raise KgError(f"{self.url}: {method} {name} answered HTTP {err.code} {err.reason}"
                                  + (f" ({detail[0][:200]})" if detail else "")) from err
            except (urllib.error.URLError, OSError) as err:
                if attempt == self.retries:
                    reason = getattr(err, "reason", err)
                    raise KgError(f"{self.url}: cannot reach the graph store ({reason}) after "
                                  f"{attempt + 1} tries") from err
            time.sleep(min(0.5 * 2 ** attempt, 10.0))


def load_endpoint(paths: Iterable, endpoint: str, *, graph_store: str | None = None, user: str | None = None,
                  password: str | None = None, retries: int = 4, timeout: float = 120.0, connections: int = 4,
                  progress=None) -> LoadReport:
    """Send the quads of *paths* to a remote store with the Graph Store HTTP Protocol.

    Parameters
    ----------
    endpoint : str
        The store's SPARQL endpoint or base URL; names the target in the report.
    graph_store : str, optional
        The Graph Store Protocol URL; default :func:`graph_store_url` of *endpoint*.
    user, password : str, optional
        HTTP basic authentication (the CLI reads the password from the environment).
    connections : int
        Graphs sent at once.
    progress : callable, optional
        ``progress(total)`` returning an object with ``advance()`` and ``close()``; counts files.
    """
    started = time.perf_counter()
    files = quad_files(paths)
    client = _Client(graph_store or graph_store_url(endpoint), user, password, retries, timeout)
    report = LoadReport(target=endpoint, files=len(files))
    # The bar counts files: counting graphs first would parse every file twice.
    bar = progress(len(files)) if progress else None
    sent: set = set()
    try:
        with ThreadPoolExecutor(max_workers=max(1, connections)) as pool:
            for path in files:
                graphs: dict = defaultdict(list)
                for quad in _parse(path):
                    graphs[quad.graph_name].append(quad.triple)
                # Graphs of one file go out together; a graph seen in an earlier file is added to,
                # after that file's requests have all finished, so PUT always comes first.
                jobs = []
                for graph in sorted(graphs, key=str):
                    method = "POST" if graph in sent else "PUT"
                    sent.add(graph)
                    body = ox.serialize(graphs[graph], format=ox.RdfFormat.N_TRIPLES)
                    report.quads += len(graphs[graph])
                    jobs.append(pool.submit(client.send, method, graph, body))
                for job in jobs:
                    job.result()
                if bar:
                    bar.advance()
    finally:
        if bar:
            bar.close()
    report.graphs = len(sent)
    report.requests = client.requests
    report.seconds = time.perf_counter() - started
    return report
