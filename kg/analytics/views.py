"""Sub-graphs an analyst looks at: firms only, one relation family, co-investors, an ego network.

Every view takes a graph from :func:`kg.analytics.store_to_networkx` and returns a
new networkx graph; the input is left alone.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Iterable

import networkx as nx

from kg.errors import KgError

__all__ = [
    "is_firm",
    "FAMILIES",
    "predicates_of",
    "firms_only",
    "relation_view",
    "type_view",
    "type_matcher",
    "check_types",
    "UnknownClass",
    "coinvestment_graph",
    "ego_network",
    "simple_graph",
]


# Predicate families (ontology local names), for views and `--relations ownership`.
FAMILIES = {
    "ownership": ("subsidiaryOf", "shareholderOf", "investsIn", "acquired", "foundedBy"),
    "business": ("servesClient", "partnersWith"),
    "people": ("executiveOf", "foundedBy"),
    "affiliation": ("memberOf", "headquarteredIn", "developedBy"),
}


def predicates_of(names: str | Iterable[str]) -> set[str]:
    """Predicates named by *names*: predicate local names and/or family names.

    >>> sorted(predicates_of("business,investsIn"))
    ['investsIn', 'partnersWith', 'servesClient']
    """
    if isinstance(names, str):
        names = names.split(",")
    out: set[str] = set()
    for name in (n.strip() for n in names):
        if name:
            out.update(FAMILIES.get(name, (name,)))
    return out


def is_firm(type_name: str | None) -> bool:
    """True for kg:Company and its sub-classes in the ontology (banks, insurers, fintechs, …).

    >>> is_firm("Bank"), is_firm("GovernmentBody"), is_firm(None)
    (True, False, False)
    """
    from kg.graph.labels import ancestors  # lazy: parses the ontology once

    return bool(type_name) and "Company" in ancestors(type_name)


def firms_only(G: nx.Graph) -> nx.Graph:
    """The sub-graph of businesses: no people, places, products, regulators or associations.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("马云", type="Person"); G.add_node("阿里巴巴", type="TechCompany")
    >>> G.add_edge("马云", "阿里巴巴", key="foundedBy", predicate="foundedBy")
    'foundedBy'
    >>> list(firms_only(G))
    ['阿里巴巴']
    """
    return G.subgraph(n for n, t in G.nodes(data="type") if is_firm(t)).copy()


def type_matcher(types: Iterable[str]):
    """A test ``f(type) -> bool`` for "is one of *types* or a sub-class of one" (ontology hierarchy).

    >>> is_company = type_matcher(["Company"])
    >>> is_company("Bank"), is_company("Company"), is_company("Person")
    (True, True, False)
    """
    from kg.graph.labels import ancestors  # lazy: parses the ontology once

    wanted = set(types)
    return lambda t: bool(t) and (t in wanted or not wanted.isdisjoint(ancestors(t)))


class UnknownClass(KgError, ValueError):
    """A class filter names a class that no entity of the graph has, itself or as a super-class."""


def check_types(G: nx.Graph, types: str | Iterable[str]) -> list[str]:
    """*types* (a list, or one comma-separated string) when each is the class of an entity of *G*
    or a super-class of one (Organization for a graph with banks).

    Raises
    ------
    UnknownClass
        A ``ValueError`` naming the unknown classes and those the graph has, with their super-classes.

    >>> G = nx.MultiDiGraph(); G.add_node("A", type="Bank")
    >>> check_types(G, "Bank,Organization")
    ['Bank', 'Organization']
    >>> check_types(G, ["Insurer"])
    Traceback (most recent call last):
    kg.analytics.views.UnknownClass: no entity of class 'Insurer' in the graph; its classes are Bank, Company, Organization
    """
    from kg.graph.labels import ancestors  # lazy: parses the ontology once

    wanted = [t.strip() for t in types.split(",") if t.strip()] if isinstance(types, str) else list(types)
    present = {t for _, t in G.nodes(data="type") if t}
    known = sorted(present.union(*(ancestors(t) for t in present)))
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise UnknownClass(f"no entity of class {', '.join(map(repr, unknown))} in the graph; its classes are "
                           f"{', '.join(known) or '(none)'}")
    return wanted


def type_view(G: nx.Graph, types: str | Iterable[str]) -> nx.Graph:
    """The sub-graph induced by nodes whose ``type`` is one of *types* (or a sub-class of one).

    Raises :class:`UnknownClass` (a ``ValueError``) for a class no entity of *G* has (:func:`check_types`).

    >>> G = nx.MultiDiGraph(); G.add_node("A", type="Bank"); G.add_node("B", type="Place")
    >>> list(type_view(G, ["Bank"])), list(type_view(G, ["Organization"]))
    (['A'], ['A'])
    """
    match = type_matcher(check_types(G, types))
    return G.subgraph(n for n, t in G.nodes(data="type") if match(t)).copy()


def relation_view(G: nx.MultiDiGraph, predicates: str | Iterable[str], *, keep_isolates: bool = False):
    """Only the edges of some predicates (local names or family names such as ``"ownership"``).

    Nodes left without an edge are dropped unless *keep_isolates*.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("兴业数金", "兴业银行", key="subsidiaryOf", predicate="subsidiaryOf")
    'subsidiaryOf'
    >>> G.add_edge("兴业数金", "某银行", key="servesClient", predicate="servesClient")
    'servesClient'
    >>> list(relation_view(G, "ownership").edges())
    [('兴业数金', '兴业银行')]
    """
    wanted = predicates_of(predicates)
    H = G.copy() if keep_isolates else G.__class__()
    H.graph.update(G.graph)
    if keep_isolates:
        H.remove_edges_from([(u, v, k) for u, v, k, p in G.edges(keys=True, data="predicate") if p not in wanted])
        return H
    for u, v, k, data in G.edges(keys=True, data=True):
        if data.get("predicate") in wanted:
            for n in (u, v):
                if n not in H:
                    H.add_node(n, **G.nodes[n])
            H.add_edge(u, v, key=k, **data)
    return H


def coinvestment_graph(G: nx.MultiDiGraph, *, predicates: Iterable[str] = ("investsIn",)) -> nx.Graph:
    """Investors linked when they invest in the same firm (a bipartite projection).

    Edge attributes: ``weight`` (number of shared investees) and ``investees``
    (sorted list). Node attributes are copied from *G*.

    >>> G = nx.MultiDiGraph()
    >>> for inv, firm in [("红杉", "蚂蚁"), ("淡马锡", "蚂蚁"), ("红杉", "京东数科"), ("淡马锡", "京东数科")]:
    ...     _ = G.add_edge(inv, firm, key="investsIn", predicate="investsIn")
    >>> C = coinvestment_graph(G)
    >>> C["红杉"]["淡马锡"]
    {'weight': 2, 'investees': ['京东数科', '蚂蚁']}
    """
    wanted = set(predicates)
    investors: dict = defaultdict(set)
    for u, v, p in G.edges(data="predicate"):
        if p in wanted:
            investors[v].add(u)
    C = nx.Graph()
    for investee in sorted(investors, key=str):
        group = sorted(investors[investee], key=str)
        for n in group:
            if n not in C:
                C.add_node(n, **G.nodes[n])
        for a, b in combinations(group, 2):
            if C.has_edge(a, b):
                C[a][b]["weight"] += 1
                C[a][b]["investees"].append(investee)
            else:
                C.add_edge(a, b, weight=1, investees=[investee])
    return C


def ego_network(G: nx.Graph, center, depth: int = 1) -> nx.Graph:
    """*center* and everything within *depth* hops of it, following edges either way.

    >>> G = nx.MultiDiGraph([("A", "B"), ("B", "C"), ("C", "D")])
    >>> sorted(ego_network(G, "B", 1))
    ['A', 'B', 'C']
    """
    return nx.ego_graph(G, center, radius=depth, undirected=True).copy()


def simple_graph(G: nx.Graph, *, directed: bool = True) -> nx.Graph:
    """Collapse parallel edges into one with ``weight`` = number of relations and ``predicates``.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("A", "B", key="investsIn", predicate="investsIn")
    'investsIn'
    >>> G.add_edge("A", "B", key="partnersWith", predicate="partnersWith")
    'partnersWith'
    >>> simple_graph(G)["A"]["B"]
    {'weight': 2, 'predicates': ['investsIn', 'partnersWith']}
    """
    H = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, p in G.edges(data="predicate"):
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += 1
            if p not in H[u][v]["predicates"]:
                H[u][v]["predicates"] = sorted([*H[u][v]["predicates"], p])
        else:
            H.add_edge(u, v, weight=1, predicates=[p] if p else [])
    return H
