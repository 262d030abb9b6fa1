"""Entity recognition throughput as a ratio to plain jieba.lcut on the same text, same run.

usage: .venv/bin/python benchmarks/bench_entities.py [--mb 10] [--rounds 10]

The four seed articles are ingested once and repeated until the corpus holds about
``--mb`` megabytes of UTF-8 text. Both sides are warmed first (dictionary loading is
not timed). Prints MB/s for ``jieba.lcut`` (jieba's global tokenizer, HMM on: the
default a user would call) and for ``find_entities`` over the same documents, and
their ratio; the target is a ratio of at least 0.5.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import jieba  # noqa: E402

from entity_eval import load_document  # noqa: E402
from kg.extract.entities import find_entities  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--rounds", type=int, default=10, help="interleaved rounds (the median ratio is reported)")
    args = ap.parse_args()
    docs = [load_document(p) for p in sorted(SEEDS.glob("*.txt"))]
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    corpus = docs * max(1, round(args.mb * 1e6 / size))
    mb = size * len(corpus) / max(1, len(docs)) / 1e6

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    find_entities(docs[0])

    # Interleaved rounds, each timing both sides on one slice of the corpus: on a shared,
    # busy machine the load changes by the second, and the median ratio of rounds taken
    # side by side is steadier than one long run of each.
    rounds = max(1, args.rounds)
    size_of = max(1, len(corpus) // rounds)
    lcut = ours = 0.0
    ratios, mentions = [], 0
    for r in range(rounds):
        part = corpus[r * size_of:(r + 1) * size_of] if r < rounds - 1 else corpus[r * size_of:]
        t0 = time.perf_counter()
        for d in part:
            jieba.lcut(d.text)
        a = time.perf_counter() - t0
        t0 = time.perf_counter()
        for d in part:
            mentions += len(find_entities(d)[0])
        b = time.perf_counter() - t0
        lcut, ours = lcut + a, ours + b
        ratios.append(a / b)
    ratios.sort()

    print(f"corpus {mb:.1f} MB ({len(corpus)} documents, {rounds} interleaved rounds)")
    print(f"jieba.lcut      {mb / lcut:6.2f} MB/s ({lcut:.1f} s)")
    print(f"find_entities   {mb / ours:6.2f} MB/s ({ours:.1f} s, {mentions} mentions)")
    print(f"ratio per round: {' '.join(f'{x:.2f}' for x in ratios)}")
    print(f"ratio find_entities / jieba.lcut = {lcut / ours:.2f} overall, {ratios[len(ratios) // 2]:.2f} median "
          f"(target >= 0.5)")


if __name__ == "__main__":
    main()
