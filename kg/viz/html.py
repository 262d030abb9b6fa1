"""The entity graph as one self-contained, interactive HTML page (pyvis data, vis-network drawing).

The page works offline: vis-network's JavaScript and CSS are read from the
installed pyvis package and inlined, with the page's own script and style from
``kg/viz/assets/``. It has a legend that doubles as a filter by class and by
relation, a search box that finds a node by any of its names, a physics toggle,
and a side panel with the evidence sentences of the clicked edge.

Article text is untrusted. Every name, alias, title and sentence is
HTML-escaped where it becomes HTML (tooltips); the side panel, legend and
search results are filled with ``textContent``; node and edge labels are drawn
on a canvas as plain text; and the graph data is embedded as JSON with ``<``,
``>`` and ``&`` written as ``\\u003c``-style escapes, so no article can close
the script element or inject markup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.analytics.convert import resolve_name
from kg.analytics.ranking import scores
from kg.analytics.views import check_types, ego_network, predicates_of, relation_view, simple_graph, type_matcher
from kg.errors import KgError
from kg.viz.style import class_names, class_style, predicate_names, predicate_style

__all__ = ["select_view", "network_data", "page_html", "render_html", "vis_assets"]

_TIP_SENTENCES = 5  # evidence sentences in a tooltip; the side panel shows all
_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
_MARKER = re.compile(r"/\*\{\{(\w+)\}\}\*/|\{\{(\w+)\}\}")


def select_view(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    relations: Iterable[str] | str | None = None,
    types: Iterable[str] | None = None,
    min_degree: int = 0,
    max_nodes: int | None = None,
) -> nx.MultiDiGraph:
    """The part of *G* a page shows, filtered in this order: relations, types, focus, degree, size.

    Parameters
    ----------
    focus, depth
        Keep *focus* (any of its names) and what lies within *depth* hops of it.
    relations
        Predicates or families (``"ownership"``); nodes left without an edge go.
    types
        Ontology classes to keep, with their sub-classes (the focus node stays whatever its class);
        a class no entity of *G* has raises :class:`~kg.analytics.views.UnknownClass` (a ``ValueError``).
    min_degree
        Drop nodes with fewer distinct neighbours in the view (not the focus).
    max_nodes
        Keep the most central nodes by PageRank (the focus always stays).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("A", {"type": "Bank"}), ("B", {"type": "FintechCompany"}), ("C", {"type": "Person"})])
    >>> _ = G.add_edge("B", "A", predicate="subsidiaryOf")
    >>> _ = G.add_edge("C", "B", predicate="executiveOf")
    >>> sorted(select_view(G, types=["Bank", "FintechCompany"]))
    ['A', 'B']
    >>> sorted(select_view(G, focus="C", depth=1))
    ['B', 'C']
    """
    H = G
    wanted = check_types(G, types) if types else None
    center = resolve_name(G, focus) if focus else None
    if relations:
        H = relation_view(H, predicates_of(relations))
        if center is not None and center not in H:
            H.add_node(center, **G.nodes[center])
    if wanted:
        match = type_matcher(wanted)
        H = H.subgraph(n for n, t in H.nodes(data="type") if match(t) or n == center)
    if center is not None:
        H = ego_network(H, center, depth)
    if min_degree > 0:
        degree = dict(simple_graph(H, directed=False).degree())
        H = H.subgraph(n for n in H if degree.get(n, 0) >= min_degree or n == center)
    if max_nodes is not None and len(H) > max_nodes:
        rank = scores(H, "pagerank")
        keep = sorted(H, key=lambda n: (n != center, -rank.get(n, 0.0), str(n)))[:max_nodes]
        H = H.subgraph(keep)
    return H.copy()


def _tip(lines: list[str]) -> str:
    return "".join(f"<div>{line}</div>" for line in lines if line)


def _node_title(n, data: dict, relations: int) -> str:
    esc = html.escape
    style = class_style(data.get("type", "Entity"))
    aliases = data.get("aliases") or []
    return _tip([
        f"<b>{esc(str(n))}</b>",
        f"{esc(style['zh'])} · {esc(data.get('type', ''))}",
        f"别名：{esc('、'.join(aliases))}" if aliases else "",
        f"提及次数：{int(data.get('mentions', 0) or 0)} · 关系数：{relations}",  # edges, as the panel lists
    ])


def _edge_title(u, v, data: dict) -> str:
    esc = html.escape
    p = data.get("predicate", "")
    style = predicate_style(p)
    said = data.get("sentences") or []
    lines = [
        f"<b>{esc(str(u))} —{esc(style['zh'])}→ {esc(str(v))}</b>",
        f"{esc(data.get('label_zh') or style['zh'])} · {esc(data.get('label_en') or p)} · "
        f"证据 {int(data.get('evidence', len(said)) or 0)} 条",
    ]
    for st in said[:_TIP_SENTENCES]:
        source = "，".join(x for x in (st.get("title", ""), st.get("date", "")) if x)
        lines.append(f"<q>{esc(st.get('text', ''))}</q>" + (f"<br><i>{esc(source)}</i>" if source else ""))
    if len(said) > _TIP_SENTENCES:
        lines.append(f"…另有 {len(said) - _TIP_SENTENCES} 条（点击查看）")
    return _tip(lines)


def _groups(classes: Iterable[str]) -> dict:
    """One vis-network group per class: its colour and shape."""
    groups = {}
    for c in classes:
        style = class_style(c)
        color = style["color"]
        groups[c] = {
            "shape": style["shape"],
            "color": {"background": color, "border": color,
                      "highlight": {"background": color, "border": "#000000"},
                      "hover": {"background": color, "border": "#000000"}},
        }
    return groups


def _options(n_nodes: int, n_edges: int) -> dict:
    """vis-network options: physics that settles 20–2000 nodes, then stops (the page turns it off)."""
    iterations = 600 if n_nodes <= 100 else 400 if n_nodes <= 500 else 300 if n_nodes <= 1000 else 200
    large = n_nodes > 500 or n_edges > 1500
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "nodes": {
            "borderWidth": 1.5,
            "font": {"face": _FONT, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
            # Names stay readable when a few hundred nodes are fitted on screen; larger graphs show
            # the names of big nodes first and the rest on zooming in.
            "scaling": {"min": 12, "max": 48, "label": {"enabled": True, "min": 14, "max": 30,
                                                        "drawThreshold": 3 if n_nodes <= 300 else 6}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"inherit": False},
            "font": {"face": _FONT, "size": 11, "align": "horizontal", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "scaling": {"min": 1, "max": 5, "label": {"enabled": False}},
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "multiselect": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.008, "springLength": 110,
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0.4},
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.4,
            "adaptiveTimestep": True,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
    }


def network_data(H: nx.MultiDiGraph, *, size_by: str = "degree", focus: str | None = None):
    """The pyvis ``Network`` of *H*: styled nodes and edges, escaped tooltips, plus extra fields the page uses.

    Extra node fields: ``type``, ``typeZh``, ``aliases``, ``mentions``, ``relations`` (its edges,
    a self-loop once: what the details panel lists);
    extra edge fields: ``predicate``, ``labelZh``, ``evidence``, ``sentences``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("<b>X</b>", type="Bank")
    >>> net = network_data(G)
    >>> net.nodes[0]["label"], net.nodes[0]["title"].startswith("<div><b>&lt;b&gt;X&lt;/b&gt;</b>")
    ('<b>X</b>', True)
    """
    from pyvis.network import Network

    size = scores(H, size_by) if size_by != "degree" else dict(simple_graph(H, directed=False).degree())
    net = Network(directed=True, cdn_resources="in_line")
    for n, data in H.nodes(data=True):
        relations = H.degree(n) - H.number_of_edges(n, n)  # degree counts a self-loop at both ends
        t = data.get("type") or "Entity"
        style = class_style(t)
        # Colour and shape come from the class's group in the options (pyvis drops colour with a group).
        net.add_node(
            str(n), label=str(n), shape=style["shape"], group=t,
            borderWidth=4 if n == focus else 1.5,
            value=float(size.get(n, 0)),
            title=_node_title(n, data, relations),
            type=t, typeZh=style["zh"], aliases=list(data.get("aliases") or []),
            mentions=int(data.get("mentions", 0) or 0), relations=relations,
        )
    pairs: Counter = Counter()
    for i, (u, v, data) in enumerate(H.edges(data=True)):
        p = data.get("predicate", "")
        style = predicate_style(p)
        k = pairs[frozenset((u, v))]
        pairs[frozenset((u, v))] += 1
        extra = {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.18 * k}} if k else {}
        said = data.get("sentences") or []
        net.add_edge(
            str(u), str(v), id=f"e{i}", label=style["zh"], predicate=p,
            labelZh=data.get("label_zh") or style["zh"],
            color={"color": style["color"], "highlight": style["color"], "hover": style["color"], "opacity": 0.85},
            value=int(data.get("evidence", len(said)) or 1),
            evidence=int(data.get("evidence", len(said)) or 0),
            sentences=[{"text": s.get("text", ""), "title": s.get("title", ""), "date": s.get("date", "")}
                       for s in said],
            title=_edge_title(u, v, data), **extra,
        )
    return net


def _legend(H: nx.MultiDiGraph) -> dict:
    classes = Counter(t or "Entity" for _, t in H.nodes(data="type"))
    relations = Counter(p for *_, p in H.edges(data="predicate"))
    class_order = {c: i for i, c in enumerate(class_names())}
    rel_order = {p: i for i, p in enumerate(predicate_names())}
    return {
        "classes": [{"name": c, **class_style(c), "count": classes[c]}
                    for c in sorted(classes, key=lambda c: (class_order.get(c, len(class_order)), c))],
        "relations": [{"name": p, **predicate_style(p), "count": relations[p]}
                      for p in sorted(relations, key=lambda p: (rel_order.get(p, len(rel_order)), p))],
    }


def vis_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of the newest vis-network that the installed pyvis ships."""
    root = resources.files("pyvis")
    found = []
    for folder in ("templates/lib", "lib"):
        base = root.joinpath(folder)
        if base.is_dir():
            found += [d for d in base.iterdir() if d.is_dir() and d.name.startswith("vis-")]

    def version(d):
        return tuple(int(x) for x in re.findall(r"\d+", d.name))

    for d in sorted(found, key=version, reverse=True):
        js, css = d.joinpath("vis-network.min.js"), d.joinpath("vis-network.css")
        if js.is_file() and css.is_file():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise KgError(f"{root}: the installed pyvis ships no vis-network JavaScript; reinstall pyvis>=0.3.2")


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element: no character can end it or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


def page_html(H: nx.MultiDiGraph, *, title: str = "fintech-kg", size_by: str = "degree",
              focus: str | None = None) -> str:
    """The whole page for the graph *H* (already filtered) as a string.

    >>> G = nx.MultiDiGraph([("A", "B", {"predicate": "investsIn"})])
    >>> page = page_html(G, title="<测试>")
    >>> "<title>&lt;测试&gt;</title>" in page, "<script src" in page, "<link" in page
    (True, False, False)
    """
    net = network_data(H, size_by=size_by, focus=focus)
    data = {
        "title": title,
        "nodes": net.nodes,
        "edges": net.edges,
        "options": {**_options(len(net.nodes), len(net.edges)),
                    "groups": _groups(sorted({n["group"] for n in net.nodes}))},
        "legend": _legend(H),
        "focus": focus,
    }
    vis_js, vis_css = vis_assets()
    page_js = _asset("page.js")
    parts = {
        "TITLE": html.escape(title),
        "COUNTS": f"{len(net.nodes)} 个实体 · {len(net.edges)} 条关系",
        "VIS_CSS": vis_css,
        "PAGE_CSS": _asset("page.css"),
        "VIS_JS": vis_js,
        "PAGE_JS": page_js,
        # Only these two scripts may run: an injected inline script or onerror= handler is refused.
        "CSP_SCRIPTS": " ".join(_csp_hash(s) for s in (vis_js, page_js)),
        "DATA": _script_json(data),
    }
    # One pass over the template, so inserted text is never scanned for markers.
    return _MARKER.sub(lambda m: parts[m.group(1) or m.group(2)], _asset("page.html"))


def render_html(
    G: nx.MultiDiGraph,
    out_path,
    *,
    title: str = "fintech-kg",
    focus: str | None = None,
    depth: int = 1,
    relations: Iterable[str] | str | None = None,
    types: Iterable[str] | None = None,
    min_degree: int = 0,
    max_nodes: int | None = None,
    size_by: str = "degree",
) -> Path:
    """Write the interactive page of *G* (filtered as in :func:`select_view`) to *out_path*; return the path.

    Parameters
    ----------
    size_by : {"degree", "pagerank"}
        What node size shows.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph([("兴业数金", "兴业银行", {"predicate": "subsidiaryOf"})])
    >>> out = render_html(G, Path(tempfile.mkdtemp()) / "g.html", title="兴业")
    >>> out.read_text(encoding="utf-8").count("兴业数金") > 0
    True
    """
    H = select_view(G, focus=focus, depth=depth, relations=relations, types=types,
                    min_degree=min_degree, max_nodes=max_nodes)
    center = resolve_name(G, focus) if focus else None
    out = Path(out_path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page_html(H, title=title, size_by=size_by, focus=center), encoding="utf-8")
    except OSError as err:
        raise KgError(f"{out}: cannot write the page ({err.strerror})") from err
    return out
