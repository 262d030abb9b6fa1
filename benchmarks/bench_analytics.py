"""Network analytics at archive scale: store → networkx conversion, PageRank, betweenness, Louvain.

Run on demand (not part of the test suite):

    .venv/bin/python benchmarks/bench_analytics.py --sizes 10000 100000
    .venv/bin/python benchmarks/bench_analytics.py --sizes 10000 --igraph    # side by side with igraph

Each size builds an in-memory Oxigraph store from ``benchmarks/synthetic.py`` (``n`` entities,
``n/2`` documents: skewed popularity, facts restated by several documents, evidence nodes), then
times ``store_to_networkx``, collapsing to simple graphs, PageRank, betweenness (exact up to
``--exact-limit`` nodes, else estimated from ``--sample`` sources) and Louvain. With ``--igraph``
(``pip install igraph``) the same measures run on igraph too, with agreement checks: PageRank
max difference and top-20 overlap, Louvain modularity of both partitions. Prints one JSON object
per size, then a table.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from kg.analytics import simple_graph, store_to_networkx  # noqa: E402
from synthetic import synthetic_quads  # noqa: E402


class _Clock:
    def __init__(self):
        self.times: dict[str, float] = {}

    def __call__(self, name, fn, *args, **kwargs):
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        self.times[name] = round(time.perf_counter() - start, 3)
        print(f"  {name}: {self.times[name]:.2f} s", file=sys.stderr, flush=True)
        return result


def _top(scores: dict, k: int = 20) -> list:
    return [n for n, _ in sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))[:k]]


def _igraph(U: nx.Graph, D: nx.DiGraph, clock: _Clock, exact_betweenness: bool) -> dict:
    import igraph as ig

    names = list(D)
    index = {n: i for i, n in enumerate(names)}

    def to_ig(H, directed):
        g = ig.Graph(n=len(names), directed=directed)
        g.add_edges([(index[u], index[v]) for u, v in H.edges()])
        g.es["weight"] = [w for *_, w in H.edges(data="weight")]
        return g

    gd = clock("igraph_convert", lambda: (to_ig(D, True), to_ig(U, False)))
    gD, gU = gd
    pr = clock("igraph_pagerank", gD.pagerank, weights="weight")
    if exact_betweenness:
        clock("igraph_betweenness", gU.betweenness)
    parts = clock("igraph_louvain", gU.community_multilevel, weights="weight")
    return {"pagerank": dict(zip(names, pr)), "louvain_modularity": parts.modularity,
            "louvain_communities": len(parts)}


def bench(n: int, *, sample: int, exact_limit: int, with_igraph: bool, seed: int) -> dict:
    clock = _Clock()
    store = ox.Store()
    clock("generate_and_load", store.bulk_extend, synthetic_quads(n, max(1, n // 2), seed=seed))
    G = clock("convert", store_to_networkx, store)
    D = clock("simple_directed", simple_graph, G, directed=True)
    U = clock("simple_undirected", simple_graph, G, directed=False)
    pr = clock("pagerank", nx.pagerank, D, weight="weight")
    exact = len(U) <= exact_limit
    k = None if exact else min(sample, len(U))
    clock("betweenness", nx.betweenness_centrality, U, k=k, seed=seed if k else None)
    parts = clock("louvain", nx.community.louvain_communities, U, weight="weight", seed=seed)
    row = {
        "entities": n,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "quads": len(store),
        "betweenness": "exact" if exact else f"sampled k={k}",
        "louvain_communities": len(parts),
        "louvain_modularity": round(nx.community.modularity(U, parts, weight="weight"), 4),
    }
    if with_igraph:
        ig = _igraph(U, D, clock, exact)
        row["igraph_louvain_communities"] = ig["louvain_communities"]
        row["igraph_louvain_modularity"] = round(ig["louvain_modularity"], 4)
        row["pagerank_max_abs_diff"] = max(abs(pr[n] - ig["pagerank"][n]) for n in pr)
        row["pagerank_top20_overlap"] = len(set(_top(pr)) & set(_top(ig["pagerank"])))
    row["seconds"] = clock.times
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--sample", type=int, default=500, help="Betweenness sources on large graphs.")
    parser.add_argument("--exact-limit", type=int, default=10_000, help="Exact betweenness up to this many nodes.")
    parser.add_argument("--igraph", action="store_true", help="Also time igraph and compare results.")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        row = bench(n, sample=args.sample, exact_limit=args.exact_limit, with_igraph=args.igraph, seed=args.seed)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    steps = list(dict.fromkeys(k for r in rows for k in r["seconds"]))
    print("\nseconds".ljust(22) + "".join(f"{r['entities']:>12,}" for r in rows))
    for step in steps:
        print(step.ljust(21) + "".join(f"{r['seconds'].get(step, float('nan')):>12.2f}" for r in rows))


if __name__ == "__main__":
    main()
