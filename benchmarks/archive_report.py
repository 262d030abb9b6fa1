"""What an archive build looks like: counts, the most-mentioned entities, entities per article,
and a fixed-seed sample of relations to review by reading their evidence.

    .venv/bin/python benchmarks/archive_report.py --store /tmp/news-store --sample 100 --seed 7 \
        > benchmarks/results/archive_review.md

The sample is drawn from the asserted evidence nodes (one statement of a fact in one
sentence), so a fact stated by many articles is drawn more often, as a reader meets it.
After the verdict column of a sample is filled in (✓, or ✗ and the reason), the precision
per predicate of each sample in the file (one per heading that names its seed):

    .venv/bin/python benchmarks/archive_report.py --review benchmarks/results/archive_review.md
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections import Counter

from kg.graph.iris import ENTITIES_GRAPH, KG, name_from_iri
from kg.graph.stats import store_stats
from kg.graph.store import open_store

PREFIX = f"PREFIX kg: <{KG}>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" \
         "PREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"


def review_table(lines: list[str]) -> str:
    """Precision per predicate of one reviewed sample table (rows ``| # | s | p | o | method | [evidence |] file | verdict |``)."""
    counts: dict[str, list[int]] = {}
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 7 or not cells[0].isdigit():  # with or without the evidence column
            continue
        verdict = cells[-1]
        if not verdict.startswith(("✓", "✗")):
            raise SystemExit(f"row {cells[0]} has no verdict: {line[:60]}")
        right, total = counts.setdefault(cells[2], [0, 0])
        counts[cells[2]] = [right + verdict.startswith("✓"), total + 1]
    right = sum(r for r, _ in counts.values())
    total = sum(t for _, t in counts.values())
    out = ["| predicate | n | correct | precision |", "|---|---|---|---|"]
    for p, (r, t) in sorted(counts.items(), key=lambda x: (-x[1][1], x[0])):
        out.append(f"| {p} | {t} | {r} | {r / t:.2f} |")
    out.append(f"| **all** | {total} | {right} | {right / total:.2f} |" if total else "| **all** | 0 | 0 | - |")
    return "\n".join(out)


def review_sections(lines: list[str]) -> list[tuple[str, str]]:
    """(heading, precision table) for each reviewed sample of a file: a sample starts at a
    heading that names its seed ("## 100 relations drawn at random (seed 7)", "## Round 1: seed 11")."""
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("#") and "seed" in line:
            sections.append((line.lstrip("# ").strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return [(heading, review_table(rows)) for heading, rows in sections
            if any(r.startswith("| 1 |") for r in rows)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store")
    ap.add_argument("--review", help="a reviewed report: print the precision per predicate of each sample in it")
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=50)
    args = ap.parse_args()
    if args.review:
        with open(args.review, encoding="utf-8") as f:
            for heading, table in review_sections(f.read().splitlines()):
                print(f"{heading}\n\n{table}\n")
        return
    if not args.store:
        ap.error("--store is required unless --review is given")
    store = open_store(args.store)
    stats = store_stats(args.store)
    print(f"# Archive build report\n\ndocuments {stats['documents']}, entities {stats['entities']}, "
          f"facts {stats['facts']}, evidence {stats['evidence']}\n")
    print("| predicate | facts |\n|---|---|")
    for p, n in sorted(stats["relations"].items(), key=lambda x: -x[1]):
        print(f"| {p} | {n} |")
    print("\n| class | entities |\n|---|---|")
    for c, n in sorted(stats["classes"].items(), key=lambda x: -x[1]):
        print(f"| {c} | {n} |")

    q = PREFIX + f"""SELECT ?e ?n ?c WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e kg:mentionCount ?n ; a ?c }} }}
        ORDER BY DESC(?n) ?e LIMIT {args.top}"""
    print(f"\n## The {args.top} most-mentioned entities\n\n| # | entity | class | mentions |\n|---|---|---|---|")
    for i, row in enumerate(store.query(q), 1):
        print(f"| {i} | {name_from_iri(row['e'].value)} | {row['c'].value[len(KG):]} | {row['n'].value} |")

    q = PREFIX + "SELECT ?d (COUNT(?e) AS ?n) WHERE { GRAPH ?d { ?d kg:mentions ?e } } GROUP BY ?d"
    per_doc = [int(r["n"].value) for r in store.query(q)]
    zero = stats["documents"] - len(per_doc)
    counts = per_doc + [0] * zero
    if counts:
        buckets = Counter(min(n, 20) for n in counts)
        print(f"\n## Entities per article\n\nmedian {statistics.median(counts)}, mean {statistics.mean(counts):.1f}, "
              f"max {max(counts)}, articles with none {zero}\n\n| entities | articles |\n|---|---|")
        for k in sorted(buckets):
            print(f"| {k if k < 20 else '20+'} | {buckets[k]} |")

    q = PREFIX + """SELECT ?s ?p ?o ?text ?src ?method WHERE {
        ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidenceText ?text ;
            kg:extractionMethod ?method ; kg:status "asserted" ; prov:wasDerivedFrom ?d .
        ?d dcterms:source ?src . FILTER(isIRI(?o)) } ORDER BY ?ev"""
    rows = list(store.query(q, use_default_graph_as_union=True))
    sample = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    print(f"\n## {len(sample)} relations drawn at random (seed {args.seed}) for review\n")
    print("verdict: ✓ stated by the sentence, ✗ not stated (reason)\n")
    print("| # | subject | predicate | object | method | evidence | file | verdict |\n|---|---|---|---|---|---|---|---|")
    for i, r in enumerate(sample, 1):
        text = r["text"].value.replace("|", "¦").replace("\n", " ")
        print(f"| {i} | {name_from_iri(r['s'].value)} | {r['p'].value[len(KG):]} | {name_from_iri(r['o'].value)} "
              f"| {r['method'].value} | {text} | {r['src'].value.rsplit('/', 1)[-1]} | |")


if __name__ == "__main__":
    main()
