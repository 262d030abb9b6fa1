"""Build throughput on a real archive, as a ratio to plain jieba.lcut on the same files.

Run on demand (not part of the test suite):

    .venv/bin/python benchmarks/bench_build.py --corpus ../shared/corpus/cn-fin-news/articles \
        --sizes 1000 5000 0 --jobs 1 2

Each (size, jobs) point runs `build_store` in a fresh subprocess (so peak RSS is that build's
own) into a fresh store, then (first round only) a no-change rebuild and a rebuild after adding
100 articles. Size 0 means the whole archive. With ``--repeat R`` each size is built R times per
--jobs value in ABBA order and the speed-up reported is the median over rounds: this machine's
speed drifts by 10-20 % within minutes, more than the effect being measured. Prints one JSON
object per build and a summary.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _files(corpus: Path, n: int) -> list[str]:
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    return files if n <= 0 else files[:n]


def lcut_seconds(files: list[str]) -> tuple[float, int]:
    """Seconds plain jieba.lcut takes over the files (read included), and the characters read."""
    import jieba

    jieba.initialize()
    chars = 0
    start = time.perf_counter()
    for path in files:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        chars += len(text)
        jieba.lcut(text)
    return time.perf_counter() - start, chars


def one_build(files_list: str, store: str, jobs: int) -> dict:
    """Run in a child process: build the listed files, return the report as a dict."""
    from kg.build import build_store

    files = Path(files_list).read_text(encoding="utf-8").split("\n")
    report = build_store(files, store, jobs=jobs, timeout=30)
    return report.to_dict()


def _child(files: list[str], store: Path, jobs: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False, encoding="utf-8") as f:
        f.write("\n".join(files))
    start = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", f.name, str(store), str(jobs)],
                         check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_s"] = round(wall, 2)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared/corpus/cn-fin-news/articles")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 0])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=1, help="rounds per size (ABBA order); the speed-up is their median")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        files_list, store, jobs = args.child
        print(json.dumps(one_build(files_list, store, int(jobs)), ensure_ascii=False))
        return

    rows = []
    speedups: dict[int, list[float]] = {}
    for n in args.sizes:
        files = _files(args.corpus, n)
        base, chars = lcut_seconds(files)
        for rnd in range(args.repeat):
            # ABBA order: on a machine whose speed drifts, a round's jobs 1 and jobs 2 builds
            # meet the same drift in opposite order.
            walls = {}
            for jobs in (args.jobs if rnd % 2 == 0 else args.jobs[::-1]):
                with tempfile.TemporaryDirectory() as tmp:
                    store = Path(tmp) / "store"
                    first = _child(files[:-100], store, jobs)
                    if rnd == 0:
                        nochange = _child(files[:-100], store, jobs)
                        added = _child(files, store, jobs)
                walls[jobs] = first["wall_s"]
                row = {
                    "docs": len(files) - 100, "jobs": jobs, "round": rnd, "chars": chars, "wall_s": first["wall_s"],
                    "docs_per_s": round((len(files) - 100) / first["wall_s"], 1),
                    "peak_rss_mb": first["peak_rss_mb"], "lcut_s": round(base, 2),
                    "ratio_to_lcut": round(base / first["wall_s"], 3),
                    "entities": first["entities"], "facts": sum(first["relations"].values()),
                    "skipped": len(first["skipped"]),
                }
                if rnd == 0:
                    row.update(nochange_s=nochange["wall_s"], add100_s=added["wall_s"])
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
            if 1 in walls and 2 in walls:
                speedups.setdefault(len(files) - 100, []).append(walls[1] / walls[2])
    for docs, values in sorted(speedups.items()):
        shown = " ".join(f"{v:.2f}" for v in values)
        print(f"{docs} docs: speed-up from the second worker {statistics.median(values):.2f} "
              f"(median of {len(values)} rounds: {shown})")
    ones = sorted((r["docs"], r["wall_s"]) for r in rows if r["jobs"] == min(args.jobs) and r["round"] == 0)
    if len(ones) >= 2:
        (n0, t0), (n1, t1) = ones[0], ones[-1]
        print(f"scaling exponent (time ~ size^k): k = {math.log(t1 / t0) / math.log(n1 / n0):.2f}")


if __name__ == "__main__":
    main()
