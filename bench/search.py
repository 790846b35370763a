"""Firm search on a synthetic province: index build time and query times, at the province's size and at
five times its firms (ids suffixed), so 200k-firm claims are measured, not extrapolated.

    python -m bench.search [--quick]         # scale 10 (about 40k firms) unless --quick
"""
from __future__ import annotations

import argparse
import time

import pandas as pd

from bench.common import province, table
from graph.facts import Facts
from graph.search import build_index, search

QUERIES = ["动力", "济南", "科技有限公司", "jn", "jnsd", "F0012", "9137", "潍坊 机械", "济南沐骁制造有限公"]


def _best_ms(index, query: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        search(index, query)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def bench_search(quick: bool) -> str:
    """Print and return a Markdown table: build seconds and best-of-3 ms per query, for 1× and 5× the firms."""
    firms = Facts.from_dataset(province(0.05 if quick else 10.0)).firms
    tables = {f"{len(firms):,}": firms,
              f"{5 * len(firms):,}": pd.concat([firms.assign(firm_id=firms["firm_id"] + f"_{i}") for i in range(5)],
                                               ignore_index=True)}
    rows = []
    for label, frame in tables.items():
        started = time.perf_counter()
        index = build_index(frame)
        built = time.perf_counter() - started
        rows.append([label, f"{built:.2f}", *(f"{_best_ms(index, q):.0f}" for q in QUERIES)])
    return table("Firm search (graph/search.py): index build s, then ms per query (best of 3)",
                 ["firms", "build s", *(f"`{q}`" for q in QUERIES)], rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    bench_search(parser.parse_args().quick)
