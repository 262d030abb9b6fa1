"""Throughput of the whole `kg extract` pipeline (read, clean, entities, relations) as a ratio to plain
jieba.lcut over the same files, in the same run.

    .venv/bin/python benchmarks/bench_extract.py --mb 10

The corpus is the seed articles copied into a temporary folder until it holds about --mb megabytes
(UTF-8), one file per copy, so the pipeline reads real files as `kg extract` does.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def make_corpus(folder: Path, megabytes: float) -> list[Path]:
    seeds = sorted(SEEDS.glob("*.txt"))
    size = sum(p.stat().st_size for p in seeds)
    copies = max(1, round(megabytes * 1e6 / size))
    files = []
    for i in range(copies):
        for seed in seeds:
            target = folder / f"{i:04d}_{seed.name}"
            shutil.copyfile(seed, target)
            files.append(target)
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    args = ap.parse_args()
    import jieba

    from kg.extract.rows import extract_rows
    from kg.ingest import read_document

    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), args.mb)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        jieba.initialize()
        list(extract_rows([files[0]]))  # load lexicons and the segmenter once, as a worker does
        read_document(files[0])

        start = time.perf_counter()
        for path in files:
            jieba.lcut(path.read_text(encoding="utf-8"))
        t_lcut = time.perf_counter() - start

        start = time.perf_counter()
        relations = sum(1 for _ in extract_rows(files))
        t_pipeline = time.perf_counter() - start

    print(f"{len(files)} files, {megabytes:.1f} MB: jieba.lcut {megabytes / t_lcut:.2f} MB/s, "
          f"kg extract pipeline {megabytes / t_pipeline:.2f} MB/s ({relations} relations); "
          f"ratio pipeline / lcut = {t_lcut / t_pipeline:.2f}")


if __name__ == "__main__":
    main()
