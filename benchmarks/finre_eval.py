"""Score the sentence cues on FinRE (Sina Finance sentences, one labelled organisation pair each).

usage: .venv/bin/python benchmarks/finre_eval.py [--split valid] [--mapping strict|lenient] [--show 30]

The labelled head and tail are the only two mentions (every occurrence of their names, typed
Company); only predictions about that pair count. Labels are mapped onto our predicates by
shared/datasets/FinRE/finre_mapping.json: a pair whose label maps to a predicate is a fact,
a pair whose label maps to nothing is a negative, a label mapped only in the lenient reading
is "don't care" under the strict mapping. FinRE lists each pair once per direction: the two
lines are one unit. ``sym`` labels (partnership, orders) are scored without direction.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.relations import find_relations  # noqa: E402
from kg.model import Document, Mention, Sentence  # noqa: E402

FINRE = ROOT.parent / "shared" / "datasets" / "FinRE"


def sentence_document(text: str, ident: str) -> Document:
    """A one-sentence document (the text is already plain and normalised enough)."""
    return Document(ident, ident, "utf-8", text, text, text, tuple(range(len(text) + 1)),
                    (Sentence(0, 0, len(text), text),))


def pair_mentions(text: str, names: list[str]) -> tuple[Mention, ...]:
    """Every occurrence of the given names, longest name first, no overlaps."""
    spans = []
    for name in sorted(set(names), key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, name))
            start = text.find(name, start + 1)
    return tuple(Mention(s, e, n, "Company", n, 0, "finre") for s, e, n in sorted(spans))


def load_units(path: Path, mapping: dict, mode: str):
    """(sentence, head, tail) -> {"gold": set of triples, "care": bool}"""
    units: dict[tuple[str, frozenset], dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 4:
            continue
        head, tail, label, sentence = parts[0], parts[1], parts[2], parts[3]
        unit = units.setdefault((sentence, frozenset((head, tail))),
                                {"names": (head, tail), "gold": set(), "care": True, "labels": set()})
        unit["labels"].add(label)
        entry = mapping.get(label, {})
        target = entry.get(mode)
        if target is None and mode == "strict" and entry.get("lenient"):
            unit["care"] = False
        if target:
            predicate, direction = target
            if direction == "sym" or predicate == "partnersWith":
                unit["gold"].add((min(head, tail), predicate, max(head, tail), "sym"))
            elif direction == "fwd":
                unit["gold"].add((head, predicate, tail, ""))
            else:
                unit["gold"].add((tail, predicate, head, ""))
    return units


def score(units: dict, show: int):
    tp = fp = fn = 0
    per = defaultdict(Counter)
    errors = []
    elapsed = 0.0
    for n, ((sentence, _), unit) in enumerate(sorted(units.items(), key=lambda kv: kv[0][0])):
        head, tail = unit["names"]
        if head == tail or head not in sentence or tail not in sentence:
            continue
        doc = sentence_document(sentence, f"finre{n}")
        t0 = time.perf_counter()
        relations, _ = find_relations(doc, pair_mentions(sentence, [head, tail]), ())
        elapsed += time.perf_counter() - t0
        sym_preds = {p for _, p, _, d in unit["gold"] if d == "sym"}
        predicted = set()
        for r in relations:
            if r.status != "asserted" or {r.subject, r.object} != {head, tail}:
                continue
            if r.predicate in sym_preds or r.predicate == "partnersWith":
                predicted.add((min(r.subject, r.object), r.predicate, max(r.subject, r.object), "sym"))
            else:
                predicted.add((r.subject, r.predicate, r.object, ""))
        gold = unit["gold"]
        for t in predicted:
            if t in gold:
                tp += 1
                per[t[1]]["tp"] += 1
            elif unit["care"]:
                fp += 1
                per[t[1]]["fp"] += 1
                errors.append(("FP", t[:3], "/".join(sorted(unit["labels"])), sentence))
        for t in gold - predicted:
            fn += 1
            per[t[1]]["fn"] += 1
            errors.append(("FN", t[:3], "/".join(sorted(unit["labels"])), sentence))
    return tp, fp, fn, per, errors, elapsed


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="valid")
    ap.add_argument("--mapping", choices=("strict", "lenient"), default="strict")
    ap.add_argument("--show", type=int, default=30)
    ap.add_argument("--errors", choices=("FP", "FN", "all"), default="all")
    args = ap.parse_args()
    mapping = json.loads((FINRE / "finre_mapping.json").read_text(encoding="utf-8"))
    units = load_units(FINRE / f"{args.split}.txt", mapping, args.mapping)
    tp, fp, fn, per, errors, elapsed = score(units, args.show)
    print(f"{'predicate':16} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for p, c in sorted(per.items()):
        pr, rc, f1 = prf(c["tp"], c["fp"], c["fn"])
        print(f"{p:16} {c['tp']:4} {c['fp']:4} {c['fn']:4} {pr:6.3f} {rc:6.3f} {f1:6.3f}")
    shown = [e for e in errors if args.errors in ("all", e[0])][: args.show]
    for kind, triple, labels, sentence in shown:
        print(kind, " ".join(triple), f"[{labels}]", sentence[:120])
    pr, rc, f1 = prf(tp, fp, fn)
    print(f"FinRE {args.split} ({args.mapping}): P={pr:.3f} R={rc:.3f} F1={f1:.3f} "
          f"(tp={tp} fp={fp} fn={fn}; {len(units)} pairs, {elapsed:.2f}s)")


if __name__ == "__main__":
    main()
