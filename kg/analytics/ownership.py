"""Who owns whom: ownership chains, ultimate parents, portfolios and co-investors.

Ownership relations and the side the owner is on:

- ``subsidiaryOf`` (child → parent) and ``acquired`` (acquirer → target) mean
  control: they lead to the *ultimate parent*;
- ``shareholderOf`` (holder → company) makes an owner, followed to the ultimate parent as
  a parent is, when its evidence names the holder the controlling or largest shareholder
  (``kg/lexicon/analytics/control_cues.txt``) or gives it more than half, in the clauses
  that name the holder and the company (not a figure or cue said of another pair in the
  same sentence); otherwise, like ``investsIn`` (investor → investee), it is a stake: an
  *investor*, listed apart from the owners (:func:`investors`) unless asked for.
"""

from __future__ import annotations

import re
from functools import lru_cache

import networkx as nx

from kg.analytics.convert import document_names
from kg.lexicon import read_lines

__all__ = ["OWNER_EDGES", "owners", "investors", "is_controlling", "ultimate_parents", "format_tree", "portfolio",
           "coinvestors"]

# predicate -> (owner is the subject?, means control?)
OWNER_EDGES = {
    "subsidiaryOf": (False, True),
    "acquired": (True, True),
    "shareholderOf": (True, False),
    "investsIn": (True, False),
}


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
# What ends a clause, in analysed (NFKC) form: a stake or cue after one of these is said of another pair.
_CLAUSE_BREAK = re.compile(r"[,;:。!?\n]")


def is_controlling(data: dict, holder, held) -> bool:
    """Whether a shareholderOf edge's evidence makes *holder* an owner of *held*: a control cue, or
    a stake above 50 %, in the clauses that name the two.

    *holder* and *held* are a name or several (canonical name and aliases). Only the text from the
    clause naming one to the clause naming the other counts, so a cue or figure said of another
    pair, or of something else, in the same sentence does not; evidence that does not name both
    makes no owner.

    >>> is_controlling({"sentences": [{"text": "甲公司为乙公司的控股股东。"}]}, "甲公司", "乙公司")
    True
    >>> is_controlling({"sentences": [{"text": "甲公司持有乙公司5%的股份。"}]}, "甲公司", "乙公司")
    False
    >>> is_controlling({"sentences": [{"text": "甲公司持有乙公司5%的股份，乙公司持有丙公司60%股权。"}]},
    ...                "甲公司", "乙公司")
    False
    """
    from kg.ingest.normalize import normalize_text  # the analysed form: one character per character

    holders, helds = _names(holder), _names(held)
    for sentence in data.get("sentences", ()):
        scope = _pair_clauses(normalize_text(sentence.get("text", "")).casefold(), holders, helds)
        if scope and (any(cue in scope for cue in _cues()) or any(float(n) > 50 for n in _PERCENT.findall(scope))):
            return True
    return False


@lru_cache(maxsize=1)
def _cues() -> tuple[str, ...]:
    from kg.ingest.normalize import normalize_text

    return tuple(normalize_text(c).casefold() for c in read_lines("analytics/control_cues.txt"))


def _names(names) -> list[str]:
    from kg.ingest.normalize import normalize_text

    names = [names] if isinstance(names, str) else names
    return sorted({normalize_text(str(n)).casefold() for n in names if n})


def _pair_clauses(text: str, holders: list[str], helds: list[str]) -> str:
    """The clauses of *text* from the nearest mention of a holder to a mention of the held company
    ("" when either is not named)."""
    a = [(m.start(), m.start() + len(n)) for n in holders for m in re.finditer(re.escape(n), text)]
    b = [(m.start(), m.start() + len(n)) for n in helds for m in re.finditer(re.escape(n), text)]
    pairs = [(x, y) for x in a for y in b if x[1] <= y[0] or y[1] <= x[0]]  # not one name inside the other
    if not pairs:
        return ""
    x, y = min(pairs, key=lambda xy: (abs(xy[0][0] - xy[1][0]), xy))
    lo, hi = min(x[0], y[0]), max(x[1], y[1])
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, lo)), default=0)
    end = next((m.start() for m in _CLAUSE_BREAK.finditer(text, hi)), len(text))
    return text[start:end]


def _edges(G: nx.MultiDiGraph, node):
    """(other end, predicate, edge data) of every ownership edge whose owner side is not *node*."""
    for u, _, data in G.in_edges(node, data=True):
        p = data.get("predicate")
        if p in OWNER_EDGES and OWNER_EDGES[p][0]:
            yield u, p, data
    for _, v, data in G.out_edges(node, data=True):
        p = data.get("predicate")
        if p in OWNER_EDGES and not OWNER_EDGES[p][0]:
            yield v, p, data


def _owns(G: nx.MultiDiGraph, owner, node, p: str, data: dict) -> bool:
    """The one rule for whether an ownership edge makes *owner* an owner of *node* (control), used by
    the tree, its ``control`` flag and :func:`ultimate_parents` alike."""
    if OWNER_EDGES[p][1]:
        return True
    return p == "shareholderOf" and is_controlling(data, _known_names(G, owner), _known_names(G, node))


def _known_names(G: nx.MultiDiGraph, n) -> list[str]:
    return [str(n), *(G.nodes[n].get("aliases") or ())]


def _owners_of(G: nx.MultiDiGraph, node, *, include_investors: bool = False):
    """(owner, predicate, edge data, control) for each direct owner of *node* by :func:`_owns`, and with
    *include_investors* its other ownership edges too (control False): owners first, each group by name."""
    found = [(o, p, d, _owns(G, o, node, p, d)) for o, p, d in _edges(G, node)]
    return sorted((t for t in found if include_investors or t[3]), key=lambda t: (not t[3], str(t[0]), t[1]))


def investors(tree: dict) -> dict:
    """Investors (investsIn, minority shareholderOf) of each node of an :func:`owners` tree that the
    tree leaves out: ``{node: [investor, …]}`` for the nodes that have any (with ``include_investors``,
    only those at the depth limit). :func:`owners` notes them (``"investors"``) as it grows.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("支付宝", "蚂蚁集团", predicate="subsidiaryOf")
    >>> _ = G.add_edge("某基金", "蚂蚁集团", predicate="investsIn")
    >>> investors(owners(G, "支付宝"))
    {'蚂蚁集团': ['某基金']}
    """
    found: dict = {}

    def walk(t):
        if t.get("investors"):
            found[t["name"]] = t["investors"]
        for child in t["owners"]:
            walk(child)

    walk(tree)
    return found


def owners(G: nx.MultiDiGraph, node, *, max_depth: int = 10, include_investors: bool = False) -> dict:
    """The ownership tree above *node*: who owns it, who owns them, up to the top.

    Owners are parents (subsidiaryOf, acquired) and controlling or largest shareholders;
    *include_investors* adds investors and minority shareholders to the tree.

    Returns
    -------
    dict
        ``{"name", "type", "via", "control", "evidence", "owners": [subtrees],
        "investors": [names]}``;
        ``via`` is the predicate linking a node to the one below it (None at
        the root), ``control`` is True for an owner (subsidiaryOf, acquired, a
        controlling or majority shareholder: the rule :func:`ultimate_parents`
        follows) and False for an investor (None at the root). A cycle
        stops at the repeated node (``"cycle": True``); an owner met a second
        time on another branch is not expanded again (``"repeat": True``).
        ``investors`` names a node's investors (not also its owners) that the
        tree does not show: all of them unless *include_investors*, and those
        of a node at *max_depth* (see :func:`investors`). A cycle or repeat
        node has none, as its owners are not read there.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("支付宝", "蚂蚁集团", predicate="subsidiaryOf")
    >>> _ = G.add_edge("蚂蚁集团", "阿里巴巴", predicate="subsidiaryOf")
    >>> _ = G.add_edge("某基金", "蚂蚁集团", predicate="investsIn")
    >>> print(format_tree(owners(G, "支付宝")))
    支付宝
    └─ 蚂蚁集团 (subsidiaryOf)
       └─ 阿里巴巴 (subsidiaryOf)
    >>> print(format_tree(owners(G, "支付宝", include_investors=True)))
    支付宝
    └─ 蚂蚁集团 (subsidiaryOf)
       ├─ 阿里巴巴 (subsidiaryOf)
       └─ 某基金 (investsIn)
    """

    def grow(n, via, data, control, seen, depth):
        tree = {
            "name": n,
            "type": G.nodes[n].get("type", ""),
            "via": via,
            "control": control,
            "evidence": data.get("evidence", 0) if data else 0,
            "owners": [],
            "investors": [],
        }
        if n in seen:
            tree["cycle"] = True
            return tree
        if n in expanded:  # its owners are drawn where it first appears; keeps trees linear in size
            tree["repeat"] = True
            return tree
        expanded.add(n)
        found = _owners_of(G, n, include_investors=True)  # one pass: owners drawn, investors drawn or noted
        heads = {owner for owner, *_, owns in found if owns}
        for owner, p, d, owns in found:
            if depth < max_depth and (owns or include_investors):
                tree["owners"].append(grow(owner, p, d, owns, seen | {n}, depth + 1))
            elif not owns and owner not in heads:
                tree["investors"].append(str(owner))
        tree["investors"] = sorted(set(tree["investors"]))
        return tree

    expanded: set = set()
    return grow(node, None, None, None, frozenset(), 0)


def ultimate_parents(G: nx.MultiDiGraph, node) -> set:
    """The top of *node*'s control chains (subsidiaryOf, acquired, controlling or majority shareholders: the
    owners of :func:`owners`); the node itself when it has no owner.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("支付宝", "蚂蚁集团", predicate="subsidiaryOf")
    >>> _ = G.add_edge("阿里巴巴", "蚂蚁集团", predicate="shareholderOf")
    >>> _ = G.add_edge("蚂蚁集团", "阿里巴巴", predicate="subsidiaryOf")
    >>> ultimate_parents(G, "支付宝")
    {'阿里巴巴'}
    """
    tops, seen, todo = set(), {node}, [node]
    while todo:
        n = todo.pop()
        parents = [o for o, *_ in _owners_of(G, n)]
        if not parents:
            tops.add(n)
        for p in parents:
            if p not in seen:
                seen.add(p)
                todo.append(p)
    if not tops:  # every chain loops back: the loop's members control one another
        tops = seen - {node} or {node}
    return tops


def format_tree(tree: dict) -> str:
    """Draw an :func:`owners` tree with box-drawing characters, one node per line."""
    lines = [str(tree["name"])]

    def walk(children, prefix):
        for i, child in enumerate(children):
            last = i == len(children) - 1
            mark = " (cycle)" if child.get("cycle") else " (see above)" if child.get("repeat") else ""
            lines.append(f"{prefix}{'└─' if last else '├─'} {child['name']} ({child['via']}){mark}")
            walk(child["owners"], prefix + ("   " if last else "│  "))

    walk(tree["owners"], "")
    return "\n".join(lines)


def _row(G, n, relation, data) -> dict:
    return {
        "name": n,
        "type": G.nodes[n].get("type", ""),
        "relation": relation,
        "evidence": data.get("evidence", 0),
        "documents": document_names(data),
    }


def portfolio(G: nx.MultiDiGraph, node) -> list[dict]:
    """What *node* invests in, holds shares of, acquired, or has as a subsidiary: one row each.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("红杉", "蚂蚁集团", predicate="investsIn", evidence=2)
    >>> _ = G.add_edge("红杉中国种子基金", "红杉", predicate="subsidiaryOf", evidence=1)
    >>> [(r["name"], r["relation"]) for r in portfolio(G, "红杉")]
    [('蚂蚁集团', 'investsIn'), ('红杉中国种子基金', 'subsidiaryOf')]
    """
    rows = []
    for _, v, data in G.out_edges(node, data=True):
        p = data.get("predicate")
        if p in OWNER_EDGES and OWNER_EDGES[p][0]:
            rows.append(_row(G, v, p, data))
    for u, _, data in G.in_edges(node, data=True):
        p = data.get("predicate")
        if p in OWNER_EDGES and not OWNER_EDGES[p][0]:
            rows.append(_row(G, u, p, data))
    return sorted(rows, key=lambda r: (-r["evidence"], str(r["name"]), r["relation"]))


def coinvestors(G: nx.MultiDiGraph, node) -> list[dict]:
    """Investors that share an investee with *node*: ``name``, ``type``, ``shared`` (count), ``investees``
    (the neighbourhood of *node* in :func:`~kg.analytics.views.coinvestment_graph`).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for inv in ("红杉", "淡马锡"):
    ...     _ = G.add_edge(inv, "蚂蚁集团", predicate="investsIn")
    >>> [(r["name"], r["investees"]) for r in coinvestors(G, "红杉")]
    [('淡马锡', ['蚂蚁集团'])]
    """
    shared: dict = {}
    for _, investee, p in G.out_edges(node, data="predicate"):
        if p != "investsIn":
            continue
        for other, _, q in G.in_edges(investee, data="predicate"):
            if q == "investsIn" and other != node:
                shared.setdefault(other, set()).add(investee)
    rows = [
        {"name": other, "type": G.nodes[other].get("type", ""), "shared": len(found),
         "investees": sorted(found, key=str)}
        for other, found in shared.items()
    ]
    return sorted(rows, key=lambda r: (-r["shared"], str(r["name"])))
