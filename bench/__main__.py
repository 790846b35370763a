"""Benchmarks, measured side by side in one run: `python -m bench [--scales 10k,100k,1m] [--quick]`.

Sections (each prints a Markdown table; ratios compare two ways of doing the same work in the same run):
- load:      Neo4j staged load (bench/load.py: first load, replace, Rust vs Python packing) vs one MERGE per row
- analysis:  `analyze --json` end to end per scale against the floor (pandas reads, igraph PageRank both
             ways, one group-by) in fresh processes, peak RSS of both; PageRank ours vs igraph vs networkx
- pushdown:  `analyze --json` from files, from Neo4j whole and chain by chain (bench/pushdown.py), with parity
- render:    firm networks of 200 … 5,000 firms: server-side layout vs vis-network physics, time to drawn in
             headless Chromium (bench/render.py)

Benchmarks are not tests; `tests/test_bench.py` runs `--quick` for correctness only.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from bench.analysis import bench_analysis
from bench.common import SCALES, province
from bench.load import measure
from bench.load import tables as load_tables
from bench.pages import bench_pages
from bench.pushdown import bench_pushdown
from bench.render import bench_render
from bench.search import bench_search
from graph import server
from graph.store.neo4j import driver_from_env

PORT = 7695


# ---------------------------------------------------------------- Neo4j: load (bench/load.py) and push-down
def bench_neo4j(scales: list[str], heap: str) -> list[str]:
    home = Path(tempfile.mkdtemp(prefix="bench-neo4j-"))
    server.start(port=PORT, home=home, heap=heap)
    uri = f"bolt://127.0.0.1:{PORT}"
    try:
        driver = driver_from_env({"NEO4J_URI": uri})
        loads = {name: measure(driver, province(SCALES[name]), rust_off=name != "1m",
                               sample=2000 if name != "quick" else 200) for name in scales}
        driver.close()
        out = load_tables(loads)
        out.append(bench_pushdown(uri, scales))
    finally:
        server.stop(port=PORT, home=home)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10k,100k,1m", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--sections", default="analysis,neo4j,render,pages,search",
                        help="comma-separated: analysis, neo4j, render, pages, search")
    parser.add_argument("--neo4j-scales", default="10k,100k", help="scales loaded into Neo4j")
    parser.add_argument("--heap", default="4g", help="Neo4j heap for the load benchmark")
    parser.add_argument("--quick", action="store_true", help="a tiny smoke run (used by the tests)")
    args = parser.parse_args(argv)
    scales = ["quick"] if args.quick else args.scales.split(",")
    neo4j_scales = ["quick"] if args.quick else args.neo4j_scales.split(",")
    sections = args.sections.split(",")
    print(f"# Chain Explorer benchmarks\n\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; command: python -m bench "
          + " ".join(argv if argv is not None else sys.argv[1:]))
    if "analysis" in sections:
        bench_analysis(scales)
    if "neo4j" in sections:
        bench_neo4j(neo4j_scales, args.heap)
    if "render" in sections:
        bench_render(args.quick)
    if "pages" in sections:
        bench_pages(args.quick)
    if "search" in sections:
        bench_search(args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
