"""Interactive HTML network pages of the knowledge graph (``kg viz``).

>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph([("兴业数金", "兴业银行", {"predicate": "subsidiaryOf"})])
>>> render_html(G, pathlib.Path(tempfile.mkdtemp()) / "g.html").suffix
'.html'
"""

from kg.viz.html import network_data, page_html, render_html, select_view

__all__ = ["render_html", "select_view", "network_data", "page_html"]
