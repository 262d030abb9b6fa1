"""Who serves whom: the clients and the vendors of a firm (``servesClient``: vendor → client)."""

from __future__ import annotations

import networkx as nx

from kg.analytics.convert import document_names

__all__ = ["clients", "vendors"]


def _rows(G, pairs) -> list[dict]:
    rows = [
        {"name": n, "type": G.nodes[n].get("type", ""), "evidence": data.get("evidence", 0),
         "documents": document_names(data)}
        for n, data in pairs if data.get("predicate") == "servesClient"
    ]
    return sorted(rows, key=lambda r: (-r["evidence"], str(r["name"])))


def clients(G: nx.MultiDiGraph, node) -> list[dict]:
    """Entities *node* provides products or services to: ``name``, ``type``, ``evidence``, ``documents``.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("兴业数金", "某农商行", predicate="servesClient", evidence=1)
    >>> [r["name"] for r in clients(G, "兴业数金")]
    ['某农商行']
    """
    return _rows(G, ((v, d) for _, v, d in G.out_edges(node, data=True)))


def vendors(G: nx.MultiDiGraph, node) -> list[dict]:
    """Entities that provide products or services to *node*.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("兴业数金", "某农商行", predicate="servesClient", evidence=1)
    >>> [r["name"] for r in vendors(G, "某农商行")]
    ['兴业数金']
    """
    return _rows(G, ((u, d) for u, _, d in G.in_edges(node, data=True)))
