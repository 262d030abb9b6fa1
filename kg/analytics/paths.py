"""How is A connected to B: shortest relation paths, written so a person can read them.

Paths follow relations in either direction (an investor and a subsidiary of its
investee are connected); each hop remembers which way its relations point, so
``兴业数金 subsidiaryOf 兴业银行`` walked from the bank reads ``兴业银行 —旗下→ 兴业数金``.
"""

from __future__ import annotations

from itertools import islice

import networkx as nx

from kg.analytics.views import simple_graph

__all__ = ["relation_paths", "format_path"]


def relation_paths(G: nx.MultiDiGraph, source, target, *, max_paths: int = 5, max_hops: int = 6) -> list[list[dict]]:
    """Up to *max_paths* shortest paths from *source* to *target*, shortest first.

    Returns
    -------
    list of paths
        A path is a list of hops; a hop is a dict with ``source``, ``target`` and
        ``relations``: one dict per relation joining them, with ``predicate``,
        ``forward`` (True when the relation points from ``source`` to
        ``target``) and ``sentences`` (the edge's evidence).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("兴业数金", "兴业银行", key="subsidiaryOf", predicate="subsidiaryOf", sentences=[])
    >>> [h["relations"][0]["forward"] for h in relation_paths(G, "兴业银行", "兴业数金")[0]]
    [False]
    """
    if source == target or source not in G or target not in G:
        return []
    U = simple_graph(G, directed=False)
    found = []
    try:
        for nodes in islice(nx.shortest_simple_paths(U, source, target), max_paths):
            if len(nodes) - 1 > max_hops:
                break
            found.append([_hop(G, u, v) for u, v in zip(nodes, nodes[1:])])
    except nx.NetworkXNoPath:
        return []
    return found


def _hop(G: nx.MultiDiGraph, u, v) -> dict:
    relations = []
    for a, b, forward in ((u, v, True), (v, u, False)):
        for _, data in sorted(G.get_edge_data(a, b, default={}).items(), key=lambda kv: str(kv[0])):
            relations.append({
                "predicate": data.get("predicate", ""),
                "forward": forward,
                "sentences": list(data.get("sentences", ())),
            })
    return {"source": u, "target": v, "relations": relations}


def format_path(path: list[dict], *, evidence: bool = False) -> str:
    """One line per path, e.g. ``兴业银行 —旗下→ 兴业数金 —服务→ 某银行``; with *evidence*, each
    hop's sentences follow on indented lines.

    Examples
    --------
    >>> hop = {"source": "兴业银行", "target": "兴业数金",
    ...        "relations": [{"predicate": "subsidiaryOf", "forward": False,
    ...                       "sentences": [{"text": "兴业数金是兴业银行旗下子公司。", "title": "报告", "date": "2020-01-01"}]}]}
    >>> print(format_path([hop], evidence=True))
    兴业银行 —旗下→ 兴业数金
      兴业银行 —旗下→ 兴业数金: 兴业数金是兴业银行旗下子公司。 (报告, 2020-01-01)
    """
    if not path:
        return ""
    line = str(path[0]["source"])
    notes = []
    for hop in path:
        arrow = _arrow(hop["relations"])
        line += f" {arrow} {hop['target']}"
        if evidence:
            for rel in hop["relations"]:
                for st in rel["sentences"]:
                    where = ", ".join(x for x in (st.get("title", ""), st.get("date", "")) if x)
                    suffix = f" ({where})" if where else ""
                    notes.append(f"  {hop['source']} {_arrow([rel])} {hop['target']}: {st.get('text', '')}{suffix}")
    return "\n".join([line, *notes])


def _arrow(relations: list[dict]) -> str:
    from kg.viz.style import predicate_style  # lazy: kg.viz imports kg.analytics

    ahead, back = [], []
    for rel in relations:
        style = predicate_style(rel["predicate"])
        if rel["forward"]:
            ahead.append(style["zh"])
        elif style["inverse"]:
            ahead.append(style["inverse"])
        else:
            back.append(style["zh"])
    parts = []
    if ahead:
        parts.append(f"—{'/'.join(dict.fromkeys(ahead))}→")
    if back:
        parts.append(f"←{'/'.join(dict.fromkeys(back))}—")
    return "".join(parts)
