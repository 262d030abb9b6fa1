"""Who are the hubs: entities ranked by degree, PageRank or betweenness.

Scores are computed on the whole graph with parallel relations collapsed
(:func:`kg.analytics.views.simple_graph`), then filtered by type, so a bank's
rank does not change when the table shows banks only.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from kg.analytics.views import check_types, simple_graph, type_matcher

__all__ = ["MEASURES", "scores", "rank"]

MEASURES = ("degree", "pagerank", "betweenness")


def scores(G: nx.Graph, by: str = "degree", *, sample: int | None = None, seed: int = 0,
           backend: str = "auto") -> dict:
    """Node → score for one measure.

    Parameters
    ----------
    G : networkx graph
        Usually a ``MultiDiGraph`` from :func:`kg.analytics.store_to_networkx`.
    by : {"degree", "pagerank", "betweenness"}
        ``degree``: number of distinct neighbours, either direction.
        ``pagerank``: on the directed graph (relations point at parents,
        investees, clients), weighted by the number of relations between a pair.
        ``betweenness``: normalised, on the undirected graph.
    sample : int, optional
        Estimate betweenness from this many source nodes (for large graphs).
    seed : int
        Seed of the betweenness sample, so estimates are repeatable.
    backend : {"auto", "networkx", "igraph"}
        Exact betweenness runs on igraph when it is installed (``pip install
        fintech-kg[fast]``): the same values, about 30 times sooner on 10 000
        entities (``benchmarks/bench_analytics.py``). Scores are rounded to 12
        decimals so both backends rank ties alike.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("A", "B"), ("C", "B"), ("B", "D")])
    >>> scores(G, "degree")["B"], round(scores(G, "betweenness")["B"], 2)
    (3, 1.0)
    """
    if by not in MEASURES:
        raise ValueError(f"unknown measure {by!r}; choose one of {', '.join(MEASURES)}")
    if by == "degree":
        U = simple_graph(G, directed=False)
        return dict(U.degree())
    if by == "pagerank":
        D = simple_graph(G, directed=True)
        return nx.pagerank(D, weight="weight") if len(D) else {}
    U = simple_graph(G, directed=False)
    k = sample if sample is not None and sample < len(U) else None
    if k is None and backend != "networkx" and len(U) > 2:
        values = _igraph_betweenness(U, required=backend == "igraph")
        if values is not None:
            return values
    values = nx.betweenness_centrality(U, k=k, seed=seed if k else None, normalized=True)
    return {n: round(v, 12) for n, v in values.items()}


def _igraph_betweenness(U: nx.Graph, *, required: bool) -> dict | None:
    """Exact normalised betweenness computed by igraph, or None when igraph is not installed."""
    try:
        import igraph
    except ImportError:
        if required:
            raise
        return None
    names = list(U)
    index = {n: i for i, n in enumerate(names)}
    g = igraph.Graph(n=len(names), edges=[(index[u], index[v]) for u, v in U.edges()], directed=False)
    scale = 2 / ((len(names) - 1) * (len(names) - 2))  # networkx's normalisation for undirected graphs
    return {n: round(v * scale, 12) for n, v in zip(names, g.betweenness(directed=False))}


def rank(
    G: nx.Graph,
    by: str = "degree",
    *,
    types: Iterable[str] | None = None,
    top: int | None = 10,
    sample: int | None = None,
    backend: str = "auto",
) -> list[dict]:
    """The *top* entities by one measure, as table rows; *types* also keeps their sub-classes.

    A class in *types* that no entity of *G* has, itself or as a super-class, raises
    :class:`~kg.analytics.views.UnknownClass` (a ``ValueError``; see :func:`~kg.analytics.views.check_types`).

    Each row has ``rank``, ``name``, ``type``, ``score`` and ``degree``. Ties
    are broken by name so the order is stable.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("建设银行", {"type": "Bank"}), ("建信金科", {"type": "FintechCompany"}),
    ...                   ("工商银行", {"type": "Bank"})])
    >>> _ = G.add_edge("建信金科", "建设银行", predicate="subsidiaryOf")
    >>> [(r["name"], r["score"]) for r in rank(G, "degree", types=["Bank"])]
    [('建设银行', 1), ('工商银行', 0)]
    """
    match = type_matcher(check_types(G, types)) if types else None
    values = scores(G, by, sample=sample, backend=backend)
    degree = scores(G, "degree") if by != "degree" else values
    names = [n for n in G if match is None or match(G.nodes[n].get("type"))]
    names.sort(key=lambda n: (-values.get(n, 0), str(n)))
    if top is not None:
        names = names[:top]
    return [
        {"rank": i, "name": n, "type": G.nodes[n].get("type", ""), "score": values.get(n, 0),
         "degree": degree.get(n, 0)}
        for i, n in enumerate(names, 1)
    ]
