"""Precision, recall and F1 of a graph against a gold annotation (``gold/GUIDELINES.md``).

The matching rules are those of ``shared/eval/score.py``, so ``kg eval`` and that script give
the same figures on the same graph:

* a graph entity is the gold entity one of whose aliases equals one of its labels (after
  NFKC, case folding and removal of white space); failing that, the gold entity whose name
  equals it without a parenthesised place and a legal-form suffix, when only one does;
* a graph triple is a true positive when it equals a gold triple or one of its ``alt``
  predicates, is ignored when it equals an ``optional`` one, and is a false positive
  otherwise; ``partnersWith`` is symmetric; inverse predicates (``hasSubsidiary``…) count.

>>> import tempfile, json, pathlib
>>> gold = pathlib.Path(tempfile.mkdtemp())
>>> _ = (gold / "entities.jsonl").write_text(json.dumps({"id": "建行", "type": "Bank",
...     "aliases": ["建设银行"], "docs": ["x"]}) + "\\n" + json.dumps({"id": "建信金科",
...     "type": "FintechCompany", "aliases": ["建信金融科技有限责任公司"], "docs": ["x"]}) + "\\n", encoding="utf-8")
>>> _ = (gold / "triples.jsonl").write_text(json.dumps({"s": "建信金科", "p": "subsidiaryOf",
...     "o": "建行", "doc": "x"}) + "\\n", encoding="utf-8")
>>> graph = graph_from_relations([("建信金融科技", "subsidiaryOf", "建设银行")],
...                              {"建信金融科技": ("FintechCompany", ["建信金融科技有限责任公司"]),
...                               "建设银行": ("Bank", [])})
>>> score_graph(gold, *graph)["relations"]["f1"]
1.0
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError
from kg.graph.resolve import name_key  # the same normal form as score.py and resolution

__all__ = [
    "PREDICATES", "INVERSES", "evaluate", "score_graph", "graph_from_quads", "graph_from_relations",
    "score_file", "format_evaluation", "load_gold", "gold_documents",
]

PREDICATES = frozenset({
    "investsIn", "subsidiaryOf", "shareholderOf", "foundedBy", "acquired", "servesClient",
    "partnersWith", "memberOf", "executiveOf", "headquarteredIn", "developedBy",
})
INVERSES = {
    "hasSubsidiary": "subsidiaryOf", "parentOf": "subsidiaryOf",
    "investedBy": "investsIn", "hasInvestor": "investsIn",
    "hasShareholder": "shareholderOf", "founderOf": "foundedBy", "acquiredBy": "acquired",
    "clientOf": "servesClient", "hasClient": "servesClient", "hasVendor": "servesClient",
    "hasMember": "memberOf", "hasExecutive": "executiveOf", "developed": "developedBy",
}
SYMMETRIC = frozenset({"partnersWith"})
LABELS = frozenset({"label", "prefLabel", "altLabel", "name", "alternateName", "hiddenLabel"})
AGENT_TYPES = frozenset({
    "Bank", "Insurer", "SecuritiesFirm", "AssetManager", "InvestmentFirm", "FintechCompany",
    "TechCompany", "Company", "GovernmentBody", "Organization", "Person",
})
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# labels: node -> names; types: node -> class local names; relations: (node, predicate, node)
Graph = tuple[dict[str, set[str]], dict[str, set[str]], set[tuple[str, str, str]]]


def _core(text: str) -> str:
    text = re.sub(r"\([^()]{1,8}\)", "", name_key(text))
    for form in LEGAL_FORMS:
        if text.endswith(form) and len(text) - len(form) >= 2:
            return text[: -len(form)]
    return text


def _local(term: str) -> str:
    for sep in ("#", "/", ":"):
        if sep in term:
            term = term.rsplit(sep, 1)[-1]
    return term


def _read_jsonl(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(path, f"cannot read gold file ({err.strerror})") from err
    rows = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{n}", f"not JSON ({err.msg})") from err
    return rows


def load_gold(gold_dir, docs: set[str] | None = None):
    """``(entities, triples, alias)`` of a gold folder, limited to *docs* when given."""
    folder = Path(gold_dir)
    entities = _read_jsonl(folder / "entities.jsonl")
    triples = _read_jsonl(folder / "triples.jsonl")
    if docs:
        entities = [e for e in entities if docs & set(e.get("docs", []))]
        triples = [t for t in triples if t.get("doc") in docs]
    alias: dict[str, str] = {}
    loose: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for name in set(e.get("aliases", [])) | {e["id"]}:
            alias.setdefault(name_key(name), e["id"])
            loose[_core(name)].add(e["id"])
    for name, ids in loose.items():
        if len(ids) == 1:
            alias.setdefault(name, next(iter(ids)))
    return entities, triples, alias


def _key(s: str, p: str, o: str) -> tuple[str, str, str]:
    if p in SYMMETRIC and o < s:
        s, o = o, s
    return s, p, o


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def graph_from_quads(quads: Iterable[tuple[str, str, str, bool]]) -> Graph:
    """Read ``(subject, predicate, object, object_is_literal)`` rows the way score.py reads RDF."""
    labels: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    relations: set[tuple[str, str, str]] = set()
    for s, p, o, literal in quads:
        name = _local(p)
        if name in LABELS and literal:
            labels[s].add(o)
        elif p == RDF_TYPE:
            types[s].add(_local(o))
        elif name in PREDICATES and not literal:
            relations.add((s, name, o))
        elif name in INVERSES and not literal:
            relations.add((o, INVERSES[name], s))
    return labels, types, relations


def graph_from_relations(relations: Iterable[tuple[str, str, str]],
                         entities: dict[str, tuple[str, Iterable[str]]]) -> Graph:
    """A graph made of extracted relations: entity key -> (type, other names)."""
    labels: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for key, (type_name, names) in entities.items():
        labels[key].update({key, *names})
        types[key].add(type_name)
    rels = set()
    for s, p, o in relations:
        labels[s].add(s)
        labels[o].add(o)
        rels.add((o, INVERSES[p], s) if p in INVERSES else (s, p, o))
    return labels, types, rels


def score_graph(gold_dir, labels: dict[str, set[str]], types: dict[str, set[str]],
                relations: set[tuple[str, str, str]], docs: set[str] | None = None) -> dict:
    """Score a graph (as :func:`graph_from_quads` reads it) against a gold folder.

    Returns the same dictionary as ``score.py --json``: ``relations``, ``by_predicate``,
    ``entities``, ``false_positives``, ``missed``.
    """
    entities, gold_triples, alias = load_gold(gold_dir, docs)

    def gold_id(node):
        names = labels.get(node, ())
        votes = Counter(alias[n] for n in map(name_key, names) if n in alias)
        if not votes:
            votes = Counter(alias[n] for n in map(_core, names) if n in alias)
        return votes.most_common(1)[0][0] if votes else None

    gold = {}
    for t in gold_triples:
        for p in [t["p"], *t.get("alt", [])]:
            gold.setdefault(_key(t["s"], p, t["o"]), t)
    wanted = {_key(t["s"], t["p"], t["o"]) for t in gold_triples if not t.get("optional")}
    found, false_pos = set(), []
    per_pred: dict[str, Counter] = defaultdict(Counter)
    for s, p, o in relations:
        gs, go = gold_id(s), gold_id(o)
        k = _key(gs or f"?{min(labels.get(s, {str(s)}))}", p, go or f"?{min(labels.get(o, {str(o)}))}")
        hit = gold.get(k)
        if hit is None:
            false_pos.append(k)
            per_pred[p]["fp"] += 1
        elif hit.get("optional"):
            continue
        else:
            main = _key(hit["s"], hit["p"], hit["o"])
            if main not in found:
                found.add(main)
                per_pred[hit["p"]]["tp"] += 1
    missed = sorted(wanted - found)
    for s, p, o in missed:
        per_pred[p]["fn"] += 1

    gold_ents = {e["id"] for e in entities if e.get("type") in AGENT_TYPES}
    gold_type = {e["id"]: e.get("type") for e in entities}
    in_relation = {n for s, _, o in relations for n in (s, o)}
    sys_ents = [n for n in labels if (types.get(n, set()) & AGENT_TYPES) or n in in_relation]
    matched = {gold_id(n) for n in sys_ents} - {None}
    ent_tp = len(matched & gold_ents)
    ent_fp = sum(1 for n in sys_ents if gold_id(n) is None)
    type_ok = sum(1 for n in sys_ents if (g := gold_id(n)) in gold_ents and gold_type[g] in types.get(n, ()))
    return {
        "relations": _prf(len(found), len(false_pos), len(missed)),
        "by_predicate": {p: _prf(c["tp"], c["fp"], c["fn"]) for p, c in sorted(per_pred.items())},
        "entities": {**_prf(ent_tp, ent_fp, len(gold_ents) - ent_tp), "typed_correctly": type_ok},
        "false_positives": sorted(false_pos),
        "missed": missed,
    }


def _ox_quads(quads) -> Iterable[tuple[str, str, str, bool]]:
    import pyoxigraph as ox

    for q in quads:
        if isinstance(q.subject, ox.NamedNode) or isinstance(q.subject, ox.BlankNode):
            literal = isinstance(q.object, ox.Literal)
            yield str(q.subject.value), q.predicate.value, q.object.value, literal


def score_file(gold_dir, paths: Iterable, docs: set[str] | None = None) -> dict:
    """Score RDF files (format from the extension, as score.py does)."""
    import pyoxigraph as ox

    formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
               ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML}
    quads = []
    for path in map(Path, paths):
        fmt = formats.get(path.suffix.lower())
        if fmt is None:
            raise InputError(path, f"unknown RDF extension (use one of {', '.join(sorted(formats))})")
        try:
            quads.extend(_ox_quads(ox.parse(path=str(path), format=fmt)))
        except (OSError, SyntaxError) as err:
            raise InputError(path, f"cannot read RDF ({err})") from err
    return score_graph(gold_dir, *graph_from_quads(quads), docs=docs)


def gold_documents(gold_dir) -> set[str]:
    """The document ids a gold folder annotates (``doc`` of its triples, ``docs`` of its entities)."""
    folder = Path(gold_dir)
    docs = {t["doc"] for t in _read_jsonl(folder / "triples.jsonl") if t.get("doc")}
    return docs | {d for e in _read_jsonl(folder / "entities.jsonl") for d in e.get("docs", [])}


def _doc_matches(gold_doc: str, doc_id: str, source: str) -> bool:
    """A store document is a gold document when its content id, its file name without the
    extension, or that name's part before the first ``_``/``-``/``.`` (``002_b8c1….txt``) is the gold id."""
    stem = Path(source).stem
    return gold_doc in (doc_id, stem, re.split(r"[_\-. ]", stem, maxsplit=1)[0])


def evaluate(gold_dir, store_dir, docs: set[str] | None = None) -> dict:
    """Score the documents of a store that the gold annotates against a gold folder.

    Only the facts of the store's documents whose id or file name is one of the gold's document
    ids (or *docs*) count, and only the entities they mention, so other documents in the store
    do not lower precision. When no document matches, the whole store is scored. The result
    adds ``documents`` (the scored ones: id and source), ``store_documents`` and ``gold_documents``.
    """
    import pyoxigraph as ox

    from kg.graph.iris import ENTITIES_GRAPH, PREFIXES
    from kg.graph.store import open_store

    store = open_store(store_dir)
    wanted = set(docs) if docs else gold_documents(gold_dir)
    identifier = ox.NamedNode(PREFIXES["dcterms"] + "identifier")
    source = ox.NamedNode(PREFIXES["dcterms"] + "source")
    info: dict[str, dict] = {}
    for q in store.quads_for_pattern(None, identifier, None):
        info.setdefault(q.subject.value, {})["id"] = q.object.value
    for q in store.quads_for_pattern(None, source, None):
        info.setdefault(q.subject.value, {})["source"] = q.object.value
    matched = {iri for iri, d in info.items()
               if any(_doc_matches(g, d.get("id", ""), d.get("source", "")) for g in wanted)}
    graphs = matched or set(info)
    quads = []
    for iri in sorted(graphs):
        quads.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
    # every node the documents' graphs name (their kg:mentions included) gets its labels and type
    nodes = {q.subject.value for q in quads} | {q.object.value for q in quads if isinstance(q.object, ox.NamedNode)}
    quads.extend(q for q in store.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES_GRAPH))
                 if q.subject.value in nodes)
    result = score_graph(gold_dir, *graph_from_quads(_ox_quads(quads)), docs=docs)
    result["documents"] = sorted(({"id": info[i].get("id", ""), "source": info[i].get("source", "")}
                                  for i in graphs), key=lambda d: (d["source"], d["id"]))
    result["store_documents"] = len(info)
    result["gold_documents"] = sorted(wanted)
    result["matched"] = bool(matched)
    return result


def format_evaluation(result: dict, show: int = 15) -> str:
    """The text ``kg eval`` prints: per-predicate table, misses, false positives, summary."""
    lines = []
    if "documents" in result:
        scored = [Path(d["source"]).name or d["id"] for d in result["documents"]]
        gold = ", ".join(result["gold_documents"]) or "none"
        lines.append(f"scored {len(scored)} of {result['store_documents']} documents in the store "
                     + (f"(those the gold annotates: {gold})" if result["matched"] else
                        f"(all: none is one of the gold's documents {gold})") + ": " + ", ".join(scored))
    lines.append(f"{'predicate':16} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for p, r in result["by_predicate"].items():
        lines.append(f"{p:16} {r['tp']:4} {r['fp']:4} {r['fn']:4} {r['precision']:6} {r['recall']:6} {r['f1']:6}")
    lines.append(f"missed (first {show} of {len(result['missed'])}):")
    lines.extend("  " + " ".join(t) for t in result["missed"][:show])
    lines.append(f"false positives (first {show} of {len(result['false_positives'])}; "
                 "?NAME: no gold entity has that name or alias):")
    lines.extend("  " + " ".join(t) for t in result["false_positives"][:show])
    r, e = result["relations"], result["entities"]
    lines.append(f"relations P={r['precision']} R={r['recall']} F1={r['f1']} (tp={r['tp']} fp={r['fp']} "
                 f"fn={r['fn']}); entities P={e['precision']} R={e['recall']} F1={e['f1']} "
                 f"typed={e['typed_correctly']}")
    return "\n".join(lines) + "\n"
