"""Analysis benchmark: `python -m graph analyze --json` end to end against the floor, side by side in one run.

The floor is the least any tool must do with the same files: pandas reads the three CSVs, python-igraph
computes PageRank both ways on the supply graph, and one group-by sums revenue per segment. Both run as
fresh processes on the same province folder; wall time and peak RSS come from ``os.wait4``.

>>> row = measure([sys.executable, "-c", "pass"])
>>> row["seconds"] > 0 and row["peak_mb"] > 0
True
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import igraph
import networkx as nx
import numpy as np
import pandas as pd

from bench.common import SCALES, province_folder, table
from graph.analysis.pagerank import pagerank_arrays

FLOOR = """
import sys, igraph, numpy as np, pandas as pd
folder = sys.argv[1]
firms = pd.read_csv(f"{folder}/firms.csv", engine="pyarrow")
segments = pd.read_csv(f"{folder}/firm_segments.csv", engine="pyarrow")
supply = pd.read_csv(f"{folder}/supply.csv", engine="pyarrow")
index = pd.Index(firms["firm_id"])
edges = np.column_stack([index.get_indexer(supply["supplier_id"]), index.get_indexer(supply["customer_id"])])
g = igraph.Graph(n=len(index), edges=edges, directed=True)
g.pagerank(damping=0.85)
igraph.Graph(n=len(index), edges=edges[:, ::-1], directed=True).pagerank(damping=0.85)
merged = segments.merge(firms[["firm_id", "revenue"]], on="firm_id")
print(len(merged.groupby(["chain_id", "segment_id"])["revenue"].sum()))
"""


def measure(command: list[str], *, cwd: str | Path | None = None, out: Path | None = None,
            env: dict | None = None) -> dict:
    """Run ``command`` (output to ``out``, else discarded); its wall seconds and peak RSS in MB."""
    started = time.perf_counter()
    with open(out if out is not None else os.devnull, "wb") as sink:
        child = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(map(str, command))} failed: {child.stderr.read().decode()[-2000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}


def kernels(folder: Path) -> dict:
    """PageRank both ways over the whole supply graph: ours (CSR) vs igraph vs networkx, same arrays."""
    firms = pd.read_csv(folder / "firms.csv", engine="pyarrow", usecols=["firm_id"])
    supply = pd.read_csv(folder / "supply.csv", engine="pyarrow", usecols=["supplier_id", "customer_id"])
    index = pd.Index(firms["firm_id"])
    n = len(index)
    pairs = np.unique(index.get_indexer(supply["supplier_id"]).astype(np.int64) * n
                      + index.get_indexer(supply["customer_id"]))
    s, c = pairs // n, pairs % n
    out = {}
    t = time.perf_counter()
    pagerank_arrays(n, s, c)
    pagerank_arrays(n, c, s)
    out["ours"] = time.perf_counter() - t
    t = time.perf_counter()
    edges = np.column_stack([s, c])
    igraph.Graph(n=n, edges=edges, directed=True).pagerank(damping=0.85)
    igraph.Graph(n=n, edges=edges[:, ::-1], directed=True).pagerank(damping=0.85)
    out["igraph"] = time.perf_counter() - t
    if n <= 30_000:   # networkx takes minutes at the 1M-edge scale
        graph = nx.DiGraph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(zip(s.tolist(), c.tolist(), strict=True))
        t = time.perf_counter()
        nx.pagerank(graph, tol=1e-10)
        nx.pagerank(graph.reverse(copy=False), tol=1e-10)
        out["networkx"] = time.perf_counter() - t
    return out


def bench_analysis(scales: list[str]) -> str:
    """One row per scale: end to end vs floor (ratio), peak RSS of both, PageRank kernels."""
    rows = []
    for name in scales:
        folder = province_folder(SCALES[name])
        floor = measure([sys.executable, "-c", FLOOR, str(folder)])
        full = measure([sys.executable, "-m", "graph", "analyze", "--data", str(folder), "--json"])
        validate = measure([sys.executable, "-m", "graph", "validate", "--data", str(folder)])
        pr = kernels(folder)
        counts = json.loads((folder / "counts.json").read_text())
        rows.append([name, f"{counts['supply']:,}", f"{counts['firms']:,}", f"{floor['seconds']:.1f}",
                     f"{floor['peak_mb']:,.0f}", f"{validate['seconds']:.1f}", f"{full['seconds']:.1f}",
                     f"{full['peak_mb']:,.0f}", f"{full['seconds'] / floor['seconds']:.1f}×",
                     f"{pr['ours']:.2f}", f"{pr['igraph']:.2f}",
                     f"{pr['networkx']:.2f}" if "networkx" in pr else "–"])
    return table("Analysis: `analyze --json` end to end vs the floor (pandas reads + igraph PageRank ×2 + one "
                 "group-by), fresh processes, same files, same run",
                 ["scale", "supply edges", "firms", "floor s", "floor peak MB", "validate s", "analyze --json s",
                  "analyze peak MB", "analyze / floor", "PageRank ×2 ours s", "igraph s", "networkx s"], rows)
