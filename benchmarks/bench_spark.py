"""`kg build --engine spark` against `kg build --jobs 2` on the same archive files, same run.

Run on demand (not part of the test suite):

    .venv/bin/python benchmarks/bench_spark.py --corpus ../shared/corpus/cn-fin-news/articles \
        --size 2000 --masters local[1] local[2] --repeat 2

Each build runs in a fresh subprocess into a fresh output (Spark: JVM start-up and session
included), in ABBA order over rounds because this machine's speed drifts within minutes.
The first Spark build of each round is compared byte for byte with ``kg export --format nq``
of the local build. Then the Spark quads are loaded twice into a real ``oxigraph serve``
over the Graph Store Protocol (time, quads/s, and whether the second load changed anything).
Prints one JSON object per step and a summary.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

_LOCAL = """
import json, sys
from kg.build import build_store
files = open(sys.argv[1]).read().split("\\n")
r = build_store(files, sys.argv[2], jobs=2)
print(json.dumps({"documents": r.documents, "seconds": r.seconds}))
"""
_SPARK = """
import json, sys
from kg.engines.spark import build_spark
files = open(sys.argv[1]).read().split("\\n")
r = build_spark(files, sys.argv[2], master=sys.argv[3])
print(json.dumps(r.to_dict() | {"skipped": len(r.problems)}))
"""


def _run(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _count(url: str) -> str:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    request = urllib.request.Request(f"{url}/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request) as answer:
        return answer.read().decode().splitlines()[1]


def load_twice(quads: Path, work: Path) -> dict:
    from kg.load import load_endpoint

    port = _free_port()
    server = subprocess.Popen([str(Path(sys.executable).with_name("oxigraph")), "serve", "--location",
                               str(work / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _count(url)
                break
            except OSError:
                time.sleep(0.2)
        first = load_endpoint([quads], url)
        after_first = _count(url)
        second = load_endpoint([quads], url)
        return {"quads": first.quads, "graphs": first.graphs, "seconds": round(first.seconds, 2),
                "quads_per_s": round(first.quads / first.seconds), "second_seconds": round(second.seconds, 2),
                "count_after_first": after_first, "count_after_second": _count(url),
                "second_load_changed_nothing": after_first == _count(url)}
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--size", type=int, default=2000, help="articles (0: all)")
    parser.add_argument("--masters", nargs="+", default=["local[2]"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    from kg.engines.spark import merged_nquads
    from kg.graph.export import export_rdf

    files = sorted(str(p) for p in args.corpus.glob("*.txt"))
    files = files[: args.size] if args.size > 0 else files
    work = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    listing = work / "files.txt"
    listing.write_text("\n".join(files), encoding="utf-8")
    runs: dict[str, list[float]] = {"local jobs=2": [], **{m: [] for m in args.masters}}
    identical = None
    last = None
    for round_ in range(args.repeat):
        order = ["local jobs=2", *args.masters]
        for name in order if round_ % 2 == 0 else order[::-1]:
            out = work / f"out-{len(runs[name])}-{name.strip('[]=').replace('[', '')}"
            if name.startswith("local jobs"):
                row = _run(_LOCAL, str(listing), str(out))
                local_store = out
            else:
                row = _run(_SPARK, str(listing), str(out), name)
                last = out
            runs[name].append(row["seconds"])
            print(json.dumps({"round": round_, "build": name, **row}), flush=True)
        if identical is None:
            identical = export_rdf(local_store, "nq").decode("utf-8") == "".join(merged_nquads(last / "quads"))
    load = load_twice(last / "quads", work)
    print(json.dumps({"load": load}), flush=True)
    local = statistics.median(runs["local jobs=2"])
    summary = {"documents": len(files), "identical": identical, "local_jobs2_s": local,
               **{f"{m}_s": statistics.median(runs[m]) for m in args.masters},
               **{f"{m}_throughput_vs_local": round(local / statistics.median(runs[m]), 2) for m in args.masters},
               "load": load}
    print(json.dumps({"summary": summary}, ensure_ascii=False), flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
