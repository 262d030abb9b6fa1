"""Score find_entities on the dev gold (seed 002) the way shared/eval/score.py scores entities.

usage: .venv/bin/python benchmarks/entity_eval.py [--gold DIR] [--seed PATH] [--show N] [--json]

An entity of the system matches the gold entity one of whose aliases equals one of its
names after NFKC, case folding and removal of white space, or, failing that, equals it
without a bracketed place and legal form when that names one gold entity only.
Gold and system entities of class Place and Product are left out, as score.py does
(it counts them only when they take part in a relation). Prints precision, recall, F1,
the share of matched entities typed right, and the misses, false positives and
mistyped entities to look at.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.eval import _core as core, load_gold, score_graph  # noqa: E402
from kg.graph.resolve import name_key as norm  # noqa: E402
from kg.extract.entities import find_entities  # noqa: E402
from kg.model import Document  # noqa: E402

SHARED = ROOT.parent / "shared"
AGENT_TYPES = {"Bank", "Insurer", "SecuritiesFirm", "AssetManager", "InvestmentFirm", "FintechCompany",
               "TechCompany", "Company", "GovernmentBody", "Organization", "Person"}


def load_document(path: Path) -> Document:
    from kg.ingest import read_document

    return read_document(path)


def score(entities, gold, alias) -> dict:
    gold_type = {g["id"]: g["type"] for g in gold}
    gold_ids = {g["id"] for g in gold if g["type"] in AGENT_TYPES}

    def gold_id(names):
        votes = Counter(alias[n] for n in map(norm, names) if n in alias)
        if not votes:
            votes = Counter(alias[n] for n in map(core, names) if n in alias)
        return votes.most_common(1)[0][0] if votes else None

    system = [e for e in entities if e.type in AGENT_TYPES]
    matched, fps, mistyped, typed = set(), [], [], 0
    for e in system:
        g = gold_id(e.names)
        if g is None:
            fps.append(e)
            continue
        matched.add(g)
        if g in gold_ids:
            if gold_type[g] == e.type:
                typed += 1
            else:
                mistyped.append((e, gold_type[g]))
    tp = len(matched & gold_ids)
    fp, fn = len(fps), len(gold_ids) - tp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    typed_share = typed / max(1, typed + len(mistyped))
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "typed_right": round(typed_share, 3), "false_positives": fps, "mistyped": mistyped,
            "missed": sorted(gold_ids - matched)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev")
    ap.add_argument("--seed", type=Path, default=next((SHARED / "seeds").glob("002_*")))
    ap.add_argument("--doc", default="002")
    ap.add_argument("--show", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    doc = load_document(args.seed)
    t0 = time.perf_counter()
    mentions, entities = find_entities(doc)
    took = time.perf_counter() - t0
    gold, _, alias = load_gold(args.gold, {args.doc})
    result = score(entities, gold, alias)
    official = score_graph(args.gold, {e.key: set(e.names) for e in entities},
                           {e.key: {e.type} for e in entities}, set(), {args.doc})["entities"]
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if not isinstance(v, list)}))
        return
    print(f"missed ({len(result['missed'])}):", " ".join(result["missed"][: args.show]))
    print(f"false positives ({result['fp']}):",
          " ".join(f"{e.key}[{e.type}]" for e in result["false_positives"][: args.show]))
    print(f"mistyped ({len(result['mistyped'])}):",
          " ".join(f"{e.key}[{e.type}->{g}]" for e, g in result["mistyped"][: args.show]))
    print(f"entities P={result['precision']} R={result['recall']} F1={result['f1']} "
          f"(tp={result['tp']} fp={result['fp']} fn={result['fn']}); typed right {result['typed_right']:.1%}; "
          f"{len(mentions)} mentions, {len(entities)} entities in {took:.2f}s")
    print(f"kg.eval.score_graph: P={official['precision']} R={official['recall']} F1={official['f1']} "
          f"typed={official['typed_correctly']}")


if __name__ == "__main__":
    main()
