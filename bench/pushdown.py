"""Push-down benchmark: `analyze --json` three ways on the same province, side by side in one run.

- files: `analyze --data DIR` (the embedded path);
- Neo4j, whole graph: `analyze --source neo4j` reads the whole dataset from Neo4j into Python, then analyses;
- Neo4j, push-down: `analyze --source neo4j --pushdown` reads firms and memberships, then each chain's supply
  pairs when that chain is analysed (graph.store.chain_reads), with leaders' PageRank in GDS or (`--pagerank
  python`) in Python from those pairs.

Each runs as a fresh process; wall time and peak RSS come from ``os.wait4``; the three JSON documents must be
equal (numbers within 1e-6). The province is loaded into the Neo4j at ``uri`` first (not timed here: bench/load.py times loads).

    python -m bench.pushdown --scales 100k,1m          # starts and stops its own Neo4j
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.analysis import measure
from bench.common import SCALES, province_folder, table
from graph import server
from graph.analysis.summary import differences

PORT = 7697
WAYS = {"files": [], "Neo4j, whole graph": ["--source", "neo4j"],
        "Neo4j, push-down, PageRank in GDS": ["--source", "neo4j", "--pushdown"],
        "Neo4j, push-down, PageRank in Python": ["--source", "neo4j", "--pushdown", "--pagerank", "python"]}


def compare(uri: str, scale: str) -> list:
    """One table row: the three ways' seconds and peak MB, the ratio push-down / whole graph, and parity."""
    folder = province_folder(SCALES[scale])
    env = {**os.environ, "NEO4J_URI": uri}
    subprocess.run([sys.executable, "-m", "graph", "load", "--data", str(folder)], check=True, env=env,
                   capture_output=True)
    found, documents = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (way, extra) in enumerate(WAYS.items()):
            out = Path(tmp) / f"{i}.json"
            command = [sys.executable, "-m", "graph", "analyze", "--json",
                       *(["--data", str(folder)] if not extra else ["--chains", "shandong-2022"]), *extra]
            found[way] = measure(command, out=out, env=env)
            document = json.loads(out.read_text(encoding="utf-8"))
            document.pop("pushdown", None)
            documents.append(document)
    whole = found["Neo4j, whole graph"]
    same = all(not differences(d, documents[0]) for d in documents[1:])
    load = os.getloadavg()[0]
    return [scale, *(f"{found[w]['seconds']:.1f} s / {found[w]['peak_mb']:,.0f} MB" for w in WAYS),
            *(f"{found[w]['seconds'] / whole['seconds']:.2f}×" for w in list(WAYS)[2:]), "yes" if same else "NO",
            f"{load:.1f}"]


def bench_pushdown(uri: str, scales: list[str]) -> str:
    rows = [compare(uri, scale) for scale in scales]
    return table("Push-down: `analyze --json` from files, from Neo4j whole, from Neo4j chain by chain",
                 ["scale", *WAYS, "GDS push-down / whole", "Python push-down / whole", "same JSON", "load avg"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pushdown", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="100k,1m")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--heap", default="4g")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="bench-pushdown-"))
    server.start(port=args.port, home=home, heap=args.heap)
    try:
        print(f"command: python -m bench.pushdown {' '.join(argv if argv is not None else sys.argv[1:])}; "
              f"{time.strftime('%Y-%m-%d %H:%M')}")
        bench_pushdown(f"bolt://127.0.0.1:{args.port}", args.scales.split(","))
    finally:
        server.stop(port=args.port, home=home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
