"""Write ``kg/graph/namespace.py`` from ``ontology/fintech-kg.ttl``.

The namespace class is generated, not typed twice, so a term renamed in the
ontology cannot linger in code. Regenerate after editing the ontology::

    python -m kg.graph.namespace_gen            # rewrite kg/graph/namespace.py
    python -m kg.graph.namespace_gen --check    # exit 1 if it is out of date

>>> "    investsIn: URIRef  # invests in" in render_namespace().splitlines()
True
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib.namespace import OWL, RDF, RDFS

from kg.graph.iris import KG
from kg.graph.labels import ONTOLOGY_PATH, load_ontology, ontology_version

__all__ = ["NAMESPACE_PATH", "render_namespace", "main"]

NAMESPACE_PATH = Path(__file__).with_name("namespace.py")

_HEADER = '''"""Terms of the fintech-kg ontology as a closed rdflib namespace.

Generated from ontology/fintech-kg.ttl (owl:versionInfo {version}) by
``python -m kg.graph.namespace_gen``: regenerate, don't edit. With ``_fail = True``
an undeclared term such as ``KG.investIn`` raises AttributeError instead of
silently minting a new IRI.

>>> KG.investsIn == URIRef("https://w3id.org/fintech-kg/ontology#investsIn")
True
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.graph.iris import KG as _KG_IRI

__all__ = ["KG"]


class KG(DefinedNamespace):
    """Classes and properties of ``https://w3id.org/fintech-kg/ontology#``."""

    _fail = True
    _NS = Namespace(_KG_IRI)
'''

_GROUPS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
)


def render_namespace(ontology_path=None) -> str:
    """Source text of ``namespace.py`` for the ontology at *ontology_path*."""
    graph = load_ontology(ontology_path or ONTOLOGY_PATH)
    lines = [_HEADER.format(version=ontology_version())]
    for title, kind in _GROUPS:
        terms = sorted(t for t in graph.subjects(RDF.type, kind) if str(t).startswith(KG))
        lines.append(f"\n    # {title}\n")
        for term in terms:
            english = next((str(v) for v in graph.objects(term, RDFS.label) if v.language == "en"), "")
            lines.append(f"    {str(term)[len(KG):]}: URIRef  # {english}\n")
    return "".join(lines)


def main(argv=None) -> int:
    """Regenerate ``namespace.py``; with ``--check``, only report whether it is current."""
    args = sys.argv[1:] if argv is None else argv
    text = render_namespace()
    current = NAMESPACE_PATH.read_text(encoding="utf-8") if NAMESPACE_PATH.exists() else ""
    if "--check" in args:
        if current != text:
            print(f"{NAMESPACE_PATH}: out of date; run `python -m kg.graph.namespace_gen`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        NAMESPACE_PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
