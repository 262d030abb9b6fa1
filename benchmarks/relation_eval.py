"""Score relation extraction on the dev gold (seed 002), per predicate, with misses and false positives.

usage: .venv/bin/python benchmarks/relation_eval.py [--entities oracle|ner] [--docs 002] [--show 40]
       .venv/bin/python benchmarks/relation_eval.py --speed 20   (seeds x 20: chars/s of jieba.lcut,
                                                                  find_entities, find_relations)

--entities oracle  marks every gold alias found in the text as a mention (DEVELOPMENT ONLY:
                   it measures the relation rules apart from the entity recogniser);
--entities ner     uses the product's kg.extract.entities.find_entities.
Relations are scored with kg.eval.score_graph (the matching rules of shared/eval/score.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.eval import format_evaluation, graph_from_relations, score_graph  # noqa: E402
from kg.extract.relations import find_relations  # noqa: E402
from kg.model import Document, Entity, Mention, Sentence, Table  # noqa: E402

SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "dev"
SEEDS = SHARED / "seeds"


def _fold(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def shim_document(path: Path) -> Document:
    """A plain split of a Markdown article, used only while kg.ingest is not there."""
    raw = path.read_text(encoding="utf-8")
    text = "".join(map(_fold, raw))
    sentences, tables = [], []
    section = ""
    lines = raw.split("\n")
    pos = 0
    table_rows: list[tuple[int, int, list[str]]] = []

    def flush_table():
        if not table_rows:
            return
        rows = [r for r in table_rows if not re.fullmatch(r"[\s|:\-]+", raw[r[0]:r[1]])]
        cells = [tuple(c.strip() for c in raw[s:e].strip().strip("|").split("|")) for s, e, _ in rows]
        if cells:
            tables.append(Table(len(tables), rows[0][0], rows[-1][1], cells[0], tuple(cells[1:]),
                                tuple((s, e) for s, e, _ in rows[1:]), section))
        table_rows.clear()

    for line in lines:
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if stripped.startswith("|"):
            table_rows.append((start, end, []))
            continue
        flush_table()
        if not stripped:
            continue
        if stripped.startswith("#"):
            section = stripped.lstrip("#").strip()
            sentences.append(Sentence(len(sentences), start, end, text[start:end], section, True, True))
            continue
        content = not stripped.startswith(("来源", "图 ", "**图"))
        for m in re.finditer(r"[^。！？!?]+[。！？!?]?", line):
            if m.group().strip():
                s, e = start + m.start(), start + m.end()
                sentences.append(Sentence(len(sentences), s, e, text[s:e], section, content))
    flush_table()
    return Document(path.stem, str(path), "utf-8", raw, raw, text, tuple(range(len(raw) + 1)),
                    tuple(sentences), tuple(tables))


def read_doc(path: Path) -> Document:
    try:
        from kg.ingest import read_document
    except ImportError:
        return shim_document(path)
    return read_document(path)


def oracle_mentions(doc: Document, gold_entities: list[dict]) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """Every gold alias found in the text (spaces ignored), longest first. DEVELOPMENT ONLY."""
    import ahocorasick

    keep = [i for i, c in enumerate(doc.text) if not c.isspace()]
    squeezed = "".join(doc.text[i] for i in keep)
    automaton = ahocorasick.Automaton()
    for e in gold_entities:
        for name in {e["id"], *e.get("aliases", [])}:
            key = "".join(unicodedata.normalize("NFKC", name).split())
            if len(key) >= 2:
                automaton.add_word(key, (key, e["id"], e["type"]))
    automaton.make_automaton()
    hits = []
    for end, (key, ident, type_name) in automaton.iter(squeezed):
        start = end - len(key) + 1
        if key.isascii() and ((start > 0 and squeezed[start - 1].isascii() and squeezed[start - 1].isalnum())
                              or (end + 1 < len(squeezed) and squeezed[end + 1].isascii()
                                  and squeezed[end + 1].isalnum())):
            continue
        hits.append((start, end + 1, ident, type_name))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    mentions, last = [], -1
    for s, e, ident, type_name in hits:
        if s < last:
            continue
        a, b = keep[s], keep[e - 1] + 1
        mentions.append(Mention(a, b, doc.text[a:b], type_name, ident, -1, "oracle"))
        last = e
    entities = tuple(Entity(e["id"], e["type"], tuple(e.get("aliases", []))) for e in gold_entities)
    return tuple(mentions), entities


def run(docs: list[str], mode: str) -> tuple[dict, list, float]:
    gold_entities = [json.loads(l) for l in (GOLD / "entities.jsonl").read_text(encoding="utf-8").splitlines() if l]
    all_relations, entity_info, evidence = [], {}, []
    elapsed = 0.0
    for doc_id in docs:
        path = next(SEEDS.glob(f"{doc_id}_*"))
        doc = read_doc(path)
        t0 = time.perf_counter()
        if mode == "oracle":
            ents = [e for e in gold_entities if doc_id in e.get("docs", [])]
            mentions, entities = oracle_mentions(doc, ents)
        else:
            from kg.extract.entities import find_entities
            mentions, entities = find_entities(doc)
        relations, attributes = find_relations(doc, mentions, entities)
        elapsed += time.perf_counter() - t0
        for e in entities:
            entity_info[e.key] = (e.type, e.names)
        for r in relations:
            if r.status == "asserted":
                all_relations.append((r.subject, r.predicate, r.object))
                evidence.append((doc_id, r))
    result = score_graph(GOLD, *graph_from_relations(all_relations, entity_info), docs=set(docs))
    return result, evidence, elapsed


def speed(repeat: int) -> None:
    """Throughput of find_relations (given mentions) and of NER + relations, against jieba.lcut."""
    import jieba

    from kg.extract.entities import find_entities

    docs = [read_doc(p) for p in sorted(SEEDS.glob("*.txt"))]
    chars = sum(len(d.text) for d in docs) * repeat
    jieba.lcut("预热")
    find_relations(docs[0], *find_entities(docs[0]))  # load lexicons and compile cues once
    t0 = time.perf_counter()
    for _ in range(repeat):
        for d in docs:
            jieba.lcut(d.text)
    t_jieba = time.perf_counter() - t0
    found = [find_entities(d) for d in docs]
    t0 = time.perf_counter()
    for _ in range(repeat):
        found = [find_entities(d) for d in docs]
    t_ner = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for d, (mentions, entities) in zip(docs, found):
            find_relations(d, mentions, entities)
    t_rel = time.perf_counter() - t0
    print(f"{chars} chars: jieba.lcut {chars / t_jieba:,.0f} chars/s; find_entities {chars / t_ner:,.0f}; "
          f"find_relations {chars / t_rel:,.0f}; NER+relations / jieba = {t_jieba / (t_ner + t_rel):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entities", choices=("oracle", "ner"), default="oracle")
    ap.add_argument("--docs", default="002")
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument("--evidence", action="store_true", help="print the evidence of each false positive")
    ap.add_argument("--speed", type=int, metavar="N", help="measure throughput on the seeds repeated N times")
    args = ap.parse_args()
    if args.speed:
        speed(args.speed)
        return
    result, evidence, elapsed = run(args.docs.split(","), args.entities)
    print(format_evaluation(result, show=args.show), end="")
    if args.evidence:
        from kg.eval import load_gold
        from kg.graph.resolve import name_key as _norm
        _, _, alias = load_gold(GOLD, set(args.docs.split(",")))
        fps = set(result["false_positives"])
        for doc_id, r in evidence:
            s, o = alias.get(_norm(r.subject), "?" + r.subject), alias.get(_norm(r.object), "?" + r.object)
            key = (s, r.predicate, o) if r.predicate != "partnersWith" or s <= o else (o, r.predicate, s)
            if key in fps:
                print("FP", key, r.evidence.method, "|", r.evidence.text[:140].replace("\n", " "))
    print(f"extraction time {elapsed:.2f}s ({args.entities} entities)")


if __name__ == "__main__":
    main()
