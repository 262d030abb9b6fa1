"""Share of FinRE sentences whose labelled head and tail are both recognised as entities.

usage: .venv/bin/python benchmarks/finre_entities.py [--file ../shared/datasets/FinRE/valid.txt] [--show N]

Each distinct sentence becomes a one-sentence Document (``<N>`` digit masks read as 5, as
``kg train ner`` reads them); a labelled name is recognised when a mention of find_entities
equals it or contains it (NFKC, case folded). Prints the share of sentences with both ends
recognised (target: at least 0.75 on valid.txt, which training never reads), the share of
names recognised, the share of names by finder, and the time per sentence.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from ner_generality import sentence_document  # noqa: E402
from kg.extract.entities import find_entities  # noqa: E402
from kg.graph.resolve import name_key  # noqa: E402
from kg.train.ner import read_finre  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "datasets" / "FinRE" / "valid.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--show", type=int, default=0, help="print N sentences with a name missed")
    args = ap.parse_args()
    rows = read_finre(args.file)
    both = names_found = names_total = 0
    by_finder: Counter = Counter()
    shown = 0
    t0 = time.perf_counter()
    for n, (text, names) in enumerate(rows):
        doc = sentence_document(text, n)
        mentions, _ = find_entities(doc)
        found_names = [(name_key(m.text), m.method) for m in mentions]
        hits = 0
        for name in names:
            key = name_key(name)
            hit = next((method for text_, method in found_names if key == text_ or key in text_), None)
            if hit is not None:
                hits += 1
                by_finder["model" if hit == "model" else "gazetteer" if hit == "gazetteer" else "rule"] += 1
            elif shown < args.show:
                print(f"  missed {name!r} in {text}")
                shown += 1
        names_found += hits
        names_total += len(names)
        both += hits == len(names)
    took = time.perf_counter() - t0
    print(json.dumps({"file": str(args.file), "sentences": len(rows), "both_recognised": round(both / len(rows), 3),
                      "names_recognised": round(names_found / names_total, 3),
                      "names_by_finder": dict(sorted(by_finder.items())),
                      "ms_per_sentence": round(1000 * took / len(rows), 2)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
