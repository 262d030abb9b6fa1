"""Time every saved question on a synthetic million-triple store, next to rdflib in memory.

Usage (on demand, not part of the test suite)::

    .venv/bin/python benchmarks/bench_sparql.py                    # 20 000 entities, 10 000 documents
    .venv/bin/python benchmarks/bench_sparql.py --entities 2000 --docs 1000 --no-rdflib   # a quick look

The store is written once with ``kg.graph.store.write_store`` (kept with ``--store DIR``).
Each question runs through ``kg query``'s code path: ``run_query(store_dir, name, params)``
(which opens the live generation read-only and resolves entity names) then
``format_result(result, "json")``; the figure is the median of ``--repeat`` runs after
one warm-up run. The same SPARQL then runs on an ``rdflib.Dataset(default_union=True)``
holding the same quads, with the same parameter terms as ``initBindings``; rdflib's rows
are compared with Oxigraph's, and each rdflib run is stopped after ``--rdflib-timeout``
seconds. Entity parameters use the busiest entity of their role, the slowest case.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from synthetic import sample_params, synthetic_quads  # noqa: E402

from kg.graph.store import open_store, store_generation, write_store  # noqa: E402
from kg.query import format_result, list_queries, param_term, resolve_document, resolve_entity, run_query  # noqa: E402

# ultimate_parent needs a company that has parents: the subject of the sample subsidiaryOf chain
OVERRIDES = {"ultimate_parent": {"company": "subject"}}


def question_params(saved, sample: dict) -> dict:
    keys = {k: OVERRIDES.get(saved.name, {}).get(k, k) for k in saved.params}
    return {k: sample[v] for k, v in keys.items()}


def timed(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm-up: file cache, RocksDB block cache
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def to_rdflib(term):
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def rdflib_dataset(quads):
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    graphs = {}
    for q in quads:
        name = q.graph_name.value
        if name not in graphs:
            graphs[name] = ds.graph(rdflib.URIRef(name))
        graphs[name].add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return ds


def normal(value) -> str:
    """A cell both engines print alike: IRIs and lexical forms, GROUP_CONCAT parts sorted."""
    text = "" if value is None else value.value if isinstance(value, (ox.NamedNode, ox.Literal)) else str(value)
    for sep in ("、", " | "):
        if sep in text:
            return sep.join(sorted(text.split(sep)))
    return text


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def rdflib_run(ds, text: str, bindings: dict, limit: float):
    """(seconds or None when over *limit*, rows as sorted string tuples)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        rows = [tuple(map(normal, row)) for row in ds.query(text, initBindings=bindings)]
    except _Timeout:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - start, sorted(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=7, help="timed runs per question (after one warm-up)")
    ap.add_argument("--store", type=Path, help="store directory to build or reuse")
    ap.add_argument("--no-rdflib", dest="rdflib", action="store_false", help="skip the rdflib comparison")
    ap.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds before an rdflib run is stopped")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)

    store_dir = args.store or Path(tempfile.mkdtemp(prefix="bench-sparql-")) / "store"
    start = time.perf_counter()
    quads = list(synthetic_quads(args.entities, args.docs, args.seed))
    print(f"generated {len(quads):,} quads ({args.entities:,} entities, {args.docs:,} documents) "
          f"in {time.perf_counter() - start:.1f} s", flush=True)
    signature = f"synthetic {args.entities} {args.docs} {args.seed}"
    gen = store_generation(store_dir) if store_dir.exists() else None
    if gen is None or (gen / "SIGNATURE").read_text(encoding="utf-8").strip() != signature:
        start = time.perf_counter()
        write_store(store_dir, quads, signature=signature)
        print(f"wrote the store {store_dir} in {time.perf_counter() - start:.1f} s", flush=True)
    store = open_store(store_dir)
    sample = sample_params(store)
    print("parameters:", json.dumps(sample, ensure_ascii=False), flush=True)

    results = []
    for saved in list_queries():
        params = question_params(saved, sample)
        seconds, result = timed(lambda: (r := run_query(store, saved.name, params), format_result(r, "json"))[0],
                                args.repeat)
        cold, _ = timed(lambda: format_result(run_query(store_dir, saved.name, params), "json"), args.repeat)
        results.append({"question": saved.name, "rows": len(result), "oxigraph_ms": seconds * 1000,
                        "kg_query_ms": cold * 1000,
                        "rows_list": sorted(tuple(map(normal, row)) for row in result.rows)})
        print(f"  {saved.name:28s} {len(result):6d} rows {seconds * 1000:8.1f} ms, opening the store "
              f"each time {cold * 1000:8.1f} ms", flush=True)

    if args.rdflib:
        gc.collect()
        start = time.perf_counter()
        ds = rdflib_dataset(quads)
        print(f"rdflib: loaded {len(ds):,} triples in the union graph in {time.perf_counter() - start:.1f} s, "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
        binders = {"entity": resolve_entity, "document": resolve_document}
        for row, saved in zip(results, list_queries()):
            params = question_params(saved, sample)
            bindings = {k: to_rdflib(binders.get(saved.kinds[k], param_term)(store, v)) for k, v in params.items()}
            first, rows = rdflib_run(ds, saved.text, bindings, args.rdflib_timeout)
            times = [first] if first is not None else []
            if first is not None and first < 2:  # quick enough to take a median too
                times += [rdflib_run(ds, saved.text, bindings, args.rdflib_timeout)[0] for _ in range(2)]
            row["rdflib_ms"] = statistics.median(times) * 1000 if times else None
            row["same_rows"] = None if rows is None else rows == row["rows_list"]
            shown = f"{row['rdflib_ms']:10.1f} ms" if times else f" > {args.rdflib_timeout:.0f} s (stopped)"
            print(f"  {saved.name:28s} rdflib {shown}  same rows: {row['same_rows']}", flush=True)

    print()
    print("median ms; 'open store': run_query on an open store + JSON (kg serve, notebooks); "
          "'kg query': run_query(store_dir) + JSON, opening the store each time")
    print(f"{'question':28s} {'rows':>6s} {'open store':>11s} {'kg query':>9s} {'rdflib':>9s} {'ratio':>7s}")
    for row in results:
        rd = row.get("rdflib_ms")
        ratio = f"{rd / row['oxigraph_ms']:6.0f}x" if rd else "-"
        rd_text = f"{rd:9.1f}" if rd else (f"> {args.rdflib_timeout * 1000:.0f}" if args.rdflib else "-")
        print(f"{row['question']:28s} {row['rows']:6d} {row['oxigraph_ms']:11.1f} {row['kg_query_ms']:9.1f} "
              f"{rd_text:>9s} {ratio:>7s}")
    for key, label in (("oxigraph_ms", "open store"), ("kg_query_ms", "kg query")):
        slowest = max(results, key=lambda r: r[key])
        print(f"{label}: slowest {slowest['question']} {slowest[key]:.1f} ms; "
              f"{sum(r[key] < 200 for r in results)}/{len(results)} questions under 200 ms")
    if args.json:
        for row in results:
            row.pop("rows_list")
        args.json.write_text(json.dumps({"quads": len(quads), "params": sample, "results": results},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
