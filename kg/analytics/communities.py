"""Which firms cluster together: Louvain communities, seeded so runs repeat.

Communities are found on the undirected graph, parallel relations collapsed and
weighted by how many relations join a pair (see :func:`simple_graph`).
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from kg.analytics.views import simple_graph

__all__ = ["communities", "describe_communities"]


def communities(G: nx.Graph, *, resolution: float = 1.0, seed: int = 0, min_size: int = 1) -> list[set]:
    """Louvain communities of *G*, largest first (ties: by smallest member name).

    Parameters
    ----------
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    seed : int
        Louvain visits nodes in random order; a fixed seed gives the same answer every run.
    min_size : int
        Drop communities smaller than this (1 keeps isolated entities).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"), ("D", "F"), ("C", "D")])
    >>> [sorted(c) for c in communities(G)]
    [['A', 'B', 'C'], ['D', 'E', 'F']]
    """
    U = simple_graph(G, directed=False)
    if len(U) == 0:
        return []
    found = nx.community.louvain_communities(U, weight="weight", resolution=resolution, seed=seed)
    found = [set(c) for c in found if len(c) >= min_size]
    found.sort(key=lambda c: (-len(c), min(map(str, c))))
    return found


def describe_communities(G: nx.MultiDiGraph, parts: list[set], *, top: int = 5) -> list[dict]:
    """One row per community: ``id``, ``size``, ``members`` (the *top* by degree), ``types`` and
    ``predicates`` (counts of the relations inside it, most frequent first).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("兴业银行", {"type": "Bank"}), ("兴业数金", {"type": "FintechCompany"})])
    >>> _ = G.add_edge("兴业数金", "兴业银行", predicate="subsidiaryOf")
    >>> row = describe_communities(G, [{"兴业银行", "兴业数金"}])[0]
    >>> row["size"], row["predicates"]
    (2, {'subsidiaryOf': 1})
    """
    U = simple_graph(G, directed=False)
    rows = []
    for i, part in enumerate(parts, 1):
        members = sorted(part, key=lambda n: (-U.degree(n) if n in U else 0, str(n)))
        inside = Counter(p for u, v, p in G.subgraph(part).edges(data="predicate") if p)
        types = Counter(G.nodes[n].get("type", "") for n in part)
        rows.append({
            "id": i,
            "size": len(part),
            "members": members[:top],
            "types": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
            "predicates": dict(sorted(inside.items(), key=lambda kv: (-kv[1], kv[0]))),
        })
    return rows
