"""Network analytics on the knowledge graph: store → networkx, views, rankings, paths, ownership, exports.

Every function takes and returns plain networkx objects (or rows as dicts), so a
notebook uses the same calls as ``kg analyze`` and ``kg export``:

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("兴业银行", type="Bank", aliases=["兴业"])
>>> _ = G.add_edge("兴业数金", "兴业银行", key="subsidiaryOf", predicate="subsidiaryOf", sentences=[])
>>> print(format_path(paths(G, resolve_name(G, "兴业"), "兴业数金")[0]))
兴业银行 —旗下→ 兴业数金
"""

from kg.analytics.business import clients, vendors
from kg.analytics.communities import communities, describe_communities
from kg.analytics.convert import predicate_labels, resolve_name, store_to_networkx
from kg.analytics.ownership import coinvestors, format_tree, investors, owners, portfolio, ultimate_parents
from kg.analytics.paths import format_path, relation_paths
from kg.analytics.ranking import MEASURES, rank, scores
from kg.analytics.views import (
    FAMILIES,
    UnknownClass,
    check_types,
    coinvestment_graph,
    ego_network,
    firms_only,
    is_firm,
    predicates_of,
    relation_view,
    simple_graph,
    type_view,
)

paths = relation_paths  # the name `kg analyze path` and notebooks use

__all__ = [
    "store_to_networkx", "resolve_name", "predicate_labels",
    "rank", "scores", "MEASURES",
    "communities", "describe_communities",
    "paths", "relation_paths", "format_path",
    "owners", "investors", "ultimate_parents", "format_tree", "portfolio", "coinvestors",
    "clients", "vendors",
    "is_firm", "FAMILIES", "predicates_of", "firms_only", "type_view", "check_types", "UnknownClass", "relation_view",
    "coinvestment_graph", "ego_network", "simple_graph",
]
