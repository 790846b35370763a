"""Benchmarks, measured side by side in one run: `python -m bench [--scales 10k,100k,1m] [--quick]`.

Sections (each prints a Markdown table; ratios compare two ways of doing the same work in the same run):
- load:      Neo4j load path (UNWIND batches, one transaction) vs one MERGE statement per row; batch sizes
- analysis:  full analysis of all chains per scale (wall time, peak RSS in a fresh process), and the
             graph kernels (PageRank both ways, weak components) in networkx vs python-igraph
- pushdown:  completeness/gaps/weak links/targets as Cypher aggregations in Neo4j vs in Python, with parity
- render:    firm networks of 200 … 5,000 firms: server-side layout vs vis-network physics, time to drawn in
             headless Chromium (bench/render.py)

Benchmarks are not tests; `tests/test_bench.py` runs `--quick` for correctness only.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph.io import CHAINS_ROOT, read_chain_set

SCALES = {"10k": 0.53, "100k": 5.3, "1m": 53.0, "quick": 0.05}  # synth scale -> about that many supply edges
PORT = 7695


def table(title: str, header: list[str], rows: list[list]) -> str:
    lines = [f"\n### {title}\n", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def province(scale: float):
    from graph.synth import synthesize

    return synthesize(read_chain_set(CHAINS_ROOT / "shandong-2022"), seed=7, scale=scale)


# ---------------------------------------------------------------- analysis (in a fresh process for peak RSS)
def analysis_worker(scale: float) -> dict:
    """Run in a child: build the graph, analyse every chain, time the kernels; print JSON."""
    import igraph
    import networkx as nx

    from graph.analysis.leaders import pagerank
    from graph.analysis.summary import analyze
    from graph.build import build_graph, views

    dataset = province(scale)
    started = time.perf_counter()
    G = build_graph(dataset)
    built = time.perf_counter() - started
    started = time.perf_counter()
    results = analyze(G)
    analysed = time.perf_counter() - started
    supply = views(G).supply
    kernels = {}
    t = time.perf_counter()
    nx.pagerank(supply, alpha=0.85, tol=1e-10, max_iter=500)
    nx.pagerank(supply.reverse(copy=False), alpha=0.85, tol=1e-10, max_iter=500)
    kernels["pagerank_nx"] = time.perf_counter() - t
    t = time.perf_counter()
    nx.number_weakly_connected_components(supply)
    kernels["components_nx"] = time.perf_counter() - t
    t = time.perf_counter()
    pagerank(supply)
    pagerank(supply.reverse(copy=False))
    kernels["pagerank_ours"] = time.perf_counter() - t
    t = time.perf_counter()
    index = {n: i for i, n in enumerate(supply.nodes)}
    ig = igraph.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in supply.edges], directed=True)
    kernels["igraph_build"] = time.perf_counter() - t
    t = time.perf_counter()
    ig.pagerank(damping=0.85)
    igraph.Graph(n=ig.vcount(), edges=[(v, u) for u, v in ig.get_edgelist()], directed=True).pagerank(damping=0.85)
    kernels["pagerank_igraph"] = time.perf_counter() - t
    t = time.perf_counter()
    len(ig.connected_components(mode="weak"))
    kernels["components_igraph"] = time.perf_counter() - t
    return {"firms": len(dataset.firms), "supply": len(dataset.supply), "build_s": built, "analysis_s": analysed,
            "gaps": sum(len(r.gaps) for r in results.values()), **kernels,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def bench_analysis(scales: list[str]) -> str:
    rows = []
    for name in scales:
        out = subprocess.run([sys.executable, "-m", "bench", "--worker", str(SCALES[name])], capture_output=True,
                             text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append([name, f"{r['supply']:,}", f"{r['firms']:,}", f"{r['build_s']:.1f}", f"{r['analysis_s']:.1f}",
                     f"{r['peak_rss_mb']:,.0f}", f"{r['pagerank_nx']:.2f}", f"{r['pagerank_ours']:.2f}",
                     f"{r['pagerank_igraph']:.3f}", f"{r['pagerank_nx'] / r['pagerank_igraph']:.1f}×",
                     f"{r['pagerank_ours'] / r['pagerank_igraph']:.1f}×",
                     f"{r['components_nx'] / max(r['components_igraph'], 1e-6):.1f}×"])
    return table("Analysis: all 11 chains, and kernels networkx vs igraph (same graph, same run)",
                 ["scale", "supply edges", "firms", "build graph s", "analyse all chains s", "peak RSS MB",
                  "PageRank ×2 nx.pagerank s", "PageRank ×2 ours (CSR) s", "PageRank ×2 igraph s",
                  "nx.pagerank / igraph", "ours / igraph", "components nx / igraph"],
                 rows)


# ---------------------------------------------------------------- Neo4j: load and push-down
def bench_neo4j(scales: list[str], heap: str) -> list[str]:
    from graph import server
    from graph.analysis.summary import analyze
    from graph.build import build_graph
    from graph.store import queries as Q
    from graph.store.neo4j import Neo4jStore, driver_from_env, graph_rows
    from graph.store.pushdown import pushdown_analyze

    home = Path(tempfile.mkdtemp(prefix="bench-neo4j-"))
    server.start(port=PORT, home=home, heap=heap)
    out = []
    try:
        driver = driver_from_env({"NEO4J_URI": f"bolt://127.0.0.1:{PORT}"})
        load_rows, batch_rows, push_rows = [], [], []
        for name in scales:
            dataset = province(SCALES[name])
            nodes, edges = graph_rows(build_graph(dataset))
            total = sum(map(len, nodes.values())) + sum(map(len, edges.values()))
            store = Neo4jStore(driver, batch_size=5000)
            started = time.perf_counter()
            store.load(dataset)
            batched = total / (time.perf_counter() - started)
            # the naive path on a subset of the same rows: one MERGE per firm, then one per supply row
            sample = 2000 if name != "quick" else 200
            with driver.session() as session:
                session.run("MATCH (n:Firm) WHERE n.key STARTS WITH 'bench:' DETACH DELETE n").consume()
                firms = nodes["Firm"][:sample]
                keys = {row["key"] for row in firms}
                supplies = [e for e in edges["SUPPLIES"] if e["source"] in keys and e["target"] in keys][:sample]
                started = time.perf_counter()
                with session.begin_transaction() as tx:
                    for row in firms:
                        tx.run(Q.MERGE_ONE_FIRM, key="bench:" + row["key"], props=row["props"]).consume()
                    for row in supplies:
                        tx.run(Q.MERGE_ONE_SUPPLY, source="bench:" + row["source"], target="bench:" + row["target"],
                               key=row["key"], props=row["props"]).consume()
                    tx.rollback()
                per_row = (len(firms) + len(supplies)) / (time.perf_counter() - started)
            load_rows.append([name, f"{total:,}", f"{batched:,.0f}", f"{per_row:,.0f}", f"{batched / per_row:.0f}×"])
            if name in ("quick", "100k"):
                for size in (1000, 5000, 20000):
                    started = time.perf_counter()
                    Neo4jStore(driver, batch_size=size).load(dataset)
                    batch_rows.append([name, size, f"{total / (time.perf_counter() - started):,.0f}"])
            G = build_graph(dataset)
            started = time.perf_counter()
            memory = analyze(G)
            python_s = time.perf_counter() - started
            started = time.perf_counter()
            pushed = pushdown_analyze(driver)
            cypher_s = time.perf_counter() - started
            same = all(memory[c].gaps[["segment_id", "severity"]].equals(pushed[c]["gaps"][["segment_id", "severity"]])
                       and memory[c].weak_links[["segment_id", "score"]].equals(
                           pushed[c]["weak_links"][["segment_id", "score"]])
                       and memory[c].targets[["firm_id", "score"]].equals(pushed[c]["targets"][["firm_id", "score"]])
                       and memory[c].completeness == pushed[c]["completeness"] for c in memory)
            push_rows.append([name, f"{python_s:.1f}", f"{cypher_s:.1f}", f"{cypher_s / python_s:.1f}×",
                              "yes" if same else "NO"])
        driver.close()
        out.append(table("Neo4j load: the load path (UNWIND batches of 5,000, one transaction) vs one MERGE per row",
                         ["scale", "rows (nodes + relationships)", "load path rows/s",
                          "per-row MERGE rows/s (2,000-row subset)", "ratio"], load_rows))
        out.append(table("Neo4j load: batch size", ["scale", "batch size", "rows/s"], batch_rows))
        out.append(table("Push-down: completeness, gaps, weak links, targets — Cypher in Neo4j vs the full Python "
                         "analysis (which also ranks leaders etc.)",
                         ["scale", "Python full analysis s", "Cypher push-down s", "ratio", "same results"], push_rows))
    finally:
        server.stop(port=PORT, home=home)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10k,100k,1m", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--sections", default="analysis,neo4j,render")
    parser.add_argument("--neo4j-scales", default="10k,100k", help="scales loaded into Neo4j")
    parser.add_argument("--heap", default="4g", help="Neo4j heap for the load benchmark")
    parser.add_argument("--quick", action="store_true", help="a tiny smoke run (used by the tests)")
    parser.add_argument("--worker", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(analysis_worker(args.worker)))
        return 0
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
        from bench.render import bench_render

        bench_render(args.quick, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
