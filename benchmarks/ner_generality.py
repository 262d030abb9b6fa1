"""Organisation-mention recall and precision on public NER sets nobody tuned kg for.

usage: .venv/bin/python benchmarks/ner_generality.py [--limit N] [--show N]

- CLUENER2020 ``train.json``: gold spans labelled company, organization, government.
- CFSC-NER ``val.json``: gold spans labelled Corporate.

Each sentence becomes a one-sentence Document; every mention of an organisation class
(anything but Person, Product, Place) that find_entities returns is a prediction.
A prediction is right when its span equals a gold span (exact), and "overlap" counts
a prediction right when it overlaps a gold span. Prints recall and precision per set and
label, plus the most frequent endings of missed names and of false positives, to find
missing suffixes and patterns (not names to copy: the data sets stay out of kg/).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.entities import find_entities  # noqa: E402
from kg.model import Document, Sentence  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets"
NOT_ORG = {"Person", "Product", "Place"}
# CFSC-NER's Corporate label is for companies only, not regulators or associations
NOT_COMPANY = NOT_ORG | {"GovernmentBody", "Organization"}


def sentence_document(text: str, n: int) -> Document:
    """A one-sentence document; text NFKC-folded character by character, as ingest does."""
    norm = "".join(c if len(f := unicodedata.normalize("NFKC", c)) != 1 else f for c in text)
    return Document(id=str(n), path=f"<{n}>", encoding="utf-8", raw=text, plain=text, text=norm,
                    offsets=tuple(range(len(text) + 1)), sentences=(Sentence(0, 0, len(norm), norm),))


def cluener(limit: int):
    labels = {"company", "organization", "government"}
    with open(DATA / "CLUENER2020" / "train.json", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= limit:
                break
            row = json.loads(line)
            gold = {(a, b + 1, label) for label, names in row["label"].items() if label in labels
                    for spans in names.values() for a, b in spans}
            yield row["text"], gold


def cfsc(limit: int):
    rows = json.loads((DATA / "CFSC-NER" / "val.json").read_text(encoding="utf-8"))
    for row in rows[:limit]:
        gold = {(x["from"], x["to"], "Corporate") for x in row["labels"] if x["Level 1 Aspect"] == "Corporate"}
        yield row["text"], gold


def measure(name: str, rows, show: int, excluded=NOT_ORG) -> dict:
    tp = fp = fn = overlap_tp = overlap_hit = 0
    per_label: Counter = Counter()
    per_label_hit: Counter = Counter()
    missed: Counter = Counter()
    false: Counter = Counter()
    chars, took = 0, 0.0
    for n, (text, gold) in enumerate(rows):
        t0 = time.perf_counter()
        mentions, _ = find_entities(sentence_document(text, n))
        took += time.perf_counter() - t0
        chars += len(text)
        pred = {(m.start, m.end) for m in mentions if m.type not in excluded}
        gold_spans = {(a, b) for a, b, _ in gold}
        tp += len(pred & gold_spans)
        fp += len(pred - gold_spans)
        fn += len(gold_spans - pred)
        overlap_tp += sum(1 for a, b in pred if any(a < d and c < b for c, d in gold_spans))
        overlap_hit += sum(1 for c, d in gold_spans if any(a < d and c < b for a, b in pred))
        for a, b, label in gold:
            per_label[label] += 1
            if (a, b) in pred:
                per_label_hit[label] += 1
            else:
                missed[text[a:b][-2:]] += 1
        for a, b in pred - gold_spans:
            false[text[a:b][-2:]] += 1
    result = {
        "set": name, "sentences": n + 1,
        "recall": round(tp / max(1, tp + fn), 3), "precision": round(tp / max(1, tp + fp), 3),
        "overlap_recall": round(overlap_hit / max(1, len(per_label) and sum(per_label.values())), 3),
        "overlap_precision": round(overlap_tp / max(1, tp + fp), 3),
        "by_label": {k: round(per_label_hit[k] / v, 3) for k, v in sorted(per_label.items())},
        "chars_per_s": round(chars / took) if took else 0,
    }
    print(json.dumps(result, ensure_ascii=False))
    if show:
        print("  missed endings:", " ".join(f"{k}:{v}" for k, v in missed.most_common(show)))
        print("  false-positive endings:", " ".join(f"{k}:{v}" for k, v in false.most_common(show)))
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=100_000, help="sentences per set")
    ap.add_argument("--show", type=int, default=25)
    args = ap.parse_args()
    measure("CLUENER2020 train (company, organization, government)", cluener(args.limit), args.show)
    measure("CFSC-NER val (Corporate; companies predicted)", cfsc(args.limit), args.show, NOT_COMPANY)


if __name__ == "__main__":
    main()
