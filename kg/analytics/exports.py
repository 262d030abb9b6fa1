"""The entity graph in the formats analysts' tools open: GraphML, GEXF, node-link JSON, Neo4j CSV.

===========  ===============================================================
format       written
===========  ===============================================================
``graphml``  one ``.graphml`` file (Gephi, yEd, Cytoscape, ``nx.read_graphml``)
``gexf``     one ``.gexf`` file (Gephi; node ``label`` = name, edge ``label``
             = Chinese predicate label)
``json``     one node-link ``.json`` file (d3, ``nx.node_link_graph(data,
             edges="links")``), lists kept as JSON lists
``csv``      a directory with ``nodes.csv``, ``edges.csv`` (``neo4j-admin
             database import`` headers) and ``load.cypher`` (``LOAD CSV``)
===========  ===============================================================

GraphML, GEXF and CSV cells hold scalars only, so lists are joined with
:data:`LIST_SEPARATOR` (``aliases``, ``documents``, ``codes``), evidence
sentences become ``evidence_text`` (joined the same way) and the full evidence
records are kept as a JSON string in ``sentences``.

Neo4j import, either way::

    neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv neo4j
    # or copy both files to Neo4j's import/ directory, then
    cypher-shell -f load.cypher

Files are UTF-8; ``bom=True`` starts the CSV files with a byte-order mark so
Excel shows Chinese correctly when the file is double-clicked.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from kg.errors import KgError

__all__ = ["FORMATS", "LIST_SEPARATOR", "export_network", "flat_graph", "cypher_script"]

FORMATS = ("graphml", "gexf", "json", "csv")
# Also Neo4j's default --array-delimiter, so string[] columns split back into lists.
LIST_SEPARATOR = ";"

_NODE_FIRST = ("name", "type", "iri", "aliases", "mentions")
_EDGE_FIRST = ("predicate", "label_zh", "label_en", "evidence", "confidence", "documents")
_NEO4J_TYPES = {int: "int", float: "float", bool: "boolean"}


def _flat_value(value):
    if isinstance(value, (list, tuple, set)):
        items = sorted(value, key=str) if isinstance(value, set) else list(value)
        if any(isinstance(x, dict) for x in items):
            return json.dumps(items, ensure_ascii=False, sort_keys=True)
        return LIST_SEPARATOR.join(map(str, items))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _flat_attrs(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if value is None:
            continue
        if key == "sentences":
            out["evidence_text"] = LIST_SEPARATOR.join(s.get("text", "") for s in value)
        out[key] = _flat_value(value)
    return out


def flat_graph(G: nx.Graph) -> nx.Graph:
    """A copy of *G* whose attributes are all strings, numbers or booleans (GraphML/GEXF can hold only those).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("建设银行", aliases=["建行", "CCB"])
    >>> flat_graph(G).nodes["建设银行"]["aliases"]
    '建行;CCB'
    """
    H = G.__class__()
    H.graph.update({k: _flat_value(v) for k, v in G.graph.items() if v is not None})
    H.add_nodes_from((n, _flat_attrs(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, _flat_attrs(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((u, v, _flat_attrs(d)) for u, v, d in G.edges(data=True))
    return H


def export_network(G: nx.Graph, fmt: str, out_path, *, bom: bool = False) -> list[Path]:
    """Write *G* as *fmt* to *out_path* (a file; a directory for ``csv``) and return the files written.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("兴业数金", "兴业银行", key="subsidiaryOf", predicate="subsidiaryOf", evidence=1)
    >>> out = Path(tempfile.mkdtemp()) / "g.graphml"
    >>> [p.name for p in export_network(G, "graphml", out)]
    ['g.graphml']
    >>> nx.read_graphml(out).number_of_edges()
    1
    """
    if fmt not in FORMATS:
        raise KgError(f"{fmt}: unknown export format; choose one of {', '.join(FORMATS)}")
    out = Path(out_path)
    try:
        if fmt == "csv":
            return _write_csv(G, out, bom=bom)
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "graphml":
            nx.write_graphml(flat_graph(G), out, encoding="utf-8")
        elif fmt == "gexf":
            nx.write_gexf(_gexf_ready(flat_graph(G)), out, encoding="utf-8")
        else:
            data = nx.node_link_data(G, edges="links")
            out.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=_json_default) + "\n",
                           encoding="utf-8")
    except OSError as err:
        raise KgError(f"{out}: cannot write the {fmt} export ({err.strerror})") from err
    return [out]


def _json_default(value):
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value, key=str)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _gexf_ready(H: nx.Graph) -> nx.Graph:
    """Gephi shows ``label``: the name for nodes, the Chinese predicate label for edges."""
    for n, data in H.nodes(data=True):
        data.setdefault("label", data.get("name", str(n)))
    for *_, data in H.edges(data=True):
        data.setdefault("label", data.get("label_zh") or data.get("predicate", ""))
    return H


def _ordered(keys: set, first: tuple) -> list[str]:
    return [k for k in first if k in keys] + sorted(keys - set(first))


def _neo4j_header(key: str, values) -> str:
    kinds = {type(v) for v in values if v is not None}
    if any(isinstance(v, (list, tuple, set)) for v in values):
        return f"{key}:string[]"
    if len(kinds) == 1 and (kind := kinds.pop()) in _NEO4J_TYPES:
        return f"{key}:{_NEO4J_TYPES[kind]}"
    if kinds == {int, float}:
        return f"{key}:float"
    return key


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_flat_value(value))


def _write_csv(G: nx.Graph, out: Path, *, bom: bool) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    encoding = "utf-8-sig" if bom else "utf-8"

    node_keys = set().union(*(d.keys() for _, d in G.nodes(data=True))) - {"name"} if len(G) else set()
    node_cols = _ordered(node_keys, _NODE_FIRST)
    node_heads = [_neo4j_header(k, [d.get(k) for _, d in G.nodes(data=True)]) for k in node_cols]
    nodes_csv = out / "nodes.csv"
    with open(nodes_csv, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name:ID", ":LABEL", *node_heads])
        for n, d in G.nodes(data=True):
            label = f"Entity{LIST_SEPARATOR}{d['type']}" if d.get("type") not in (None, "", "Entity") else "Entity"
            w.writerow([str(n), label, *(_cell(d.get(k)) for k in node_cols)])

    edges = [(u, v, d) for u, v, d in G.edges(data=True)]
    edge_keys = set().union(*(d.keys() for *_, d in edges)) - {"predicate", "sentences"} if edges else set()
    edge_cols = _ordered(edge_keys, _EDGE_FIRST)
    edge_heads = [_neo4j_header(k, [d.get(k) for *_, d in edges]) for k in edge_cols]
    edges_csv = out / "edges.csv"
    with open(edges_csv, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID", ":TYPE", *edge_heads, "evidence_text"])
        for u, v, d in edges:
            text = LIST_SEPARATOR.join(s.get("text", "") for s in d.get("sentences", ()))
            w.writerow([str(u), str(v), d.get("predicate") or "RELATED", *(_cell(d.get(k)) for k in edge_cols), text])

    script = out / "load.cypher"
    script.write_text(cypher_script(G, node_heads, edge_heads), encoding="utf-8")
    return [nodes_csv, edges_csv, script]


def _cypher_value(head: str) -> str:
    cell = f"row.`{head}`"
    if head.endswith(":int"):
        return f"toInteger({cell})"
    if head.endswith(":float"):
        return f"toFloat({cell})"
    if head.endswith(":boolean"):
        return f"({cell} = 'true')"
    if head.endswith(":string[]"):
        return f"CASE WHEN {cell} = '' THEN [] ELSE split({cell}, '{LIST_SEPARATOR}') END"
    return cell


def _cypher_sets(var: str, heads: list[str]) -> str:
    sets = [f"{var}.`{h.split(':')[0]}` = {_cypher_value(h)}" for h in heads]
    return ", ".join(sets)


def cypher_script(G: nx.Graph, node_heads: list[str], edge_heads: list[str]) -> str:
    """A ``LOAD CSV`` script that loads ``nodes.csv`` and ``edges.csv`` from Neo4j's import directory.

    Cypher cannot take a label or relationship type from a cell without APOC, so
    the script has one statement per class and per predicate present in *G*.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("兴业银行", type="Bank")
    >>> "SET e:`Bank`" in cypher_script(G, ["type"], [])
    True
    """
    types = sorted({d.get("type") for _, d in G.nodes(data=True) if d.get("type")})
    predicates = sorted({d.get("predicate") or "RELATED" for *_, d in G.edges(data=True)})
    node_set = _cypher_sets("e", node_heads)
    edge_set = _cypher_sets("r", [*edge_heads, "evidence_text"])
    lines = [
        "// Load the fintech-kg export: copy nodes.csv and edges.csv into Neo4j's import/ directory, then",
        "//   cypher-shell -f load.cypher",
        "CREATE CONSTRAINT entity_name IF NOT EXISTS FOR (e:Entity) REQUIRE e.name IS UNIQUE;",
        "",
        "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
        "MERGE (e:Entity {name: row.`name:ID`})" + (f"\nSET {node_set};" if node_set else ";"),
    ]
    for t in types:
        lines += [
            "",
            "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
            f"WITH row WHERE row.`type` = '{_quote(t)}'",
            f"MATCH (e:Entity {{name: row.`name:ID`}}) SET e:`{_tick(t)}`;",
        ]
    for p in predicates:
        lines += [
            "",
            "LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = '{_quote(p)}'",
            "MATCH (a:Entity {name: row.`:START_ID`}), (b:Entity {name: row.`:END_ID`})",
            f"MERGE (a)-[r:`{_tick(p)}`]->(b)" + (f"\nSET {edge_set};" if edge_set else ";"),
        ]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'")


def _tick(text: str) -> str:
    return text.replace("`", "``")
