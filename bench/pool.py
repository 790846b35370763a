"""What a reference pool costs `analyze`, side by side in one run: `python -m bench.pool [--repeats 3]`.

Rows: `analyze --json` of every chain of data/demo-registry (a province's registry: no firm outside 山东, so every
target comes from the pool) without a pool; with the shipped pool (data/reference/pool); with a 5,000-firm pool (the
shipped pool's firms repeated under new ids and names until 5,000, written to a temporary folder). Each row times
reading the pool from disk, building its facts and the whole analysis; the median of ``--repeats`` runs. Issue 21's
goal: a 5,000-firm pool adds ≤ 1 s.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.common import table
from graph.analysis.pool import Pool
from graph.analysis.summary import analyses, to_json
from graph.facts import Facts
from graph.io import PROJECT_ROOT, REFERENCE_POOL, read_dataset, read_pool

REGISTRY = PROJECT_ROOT / "data" / "demo-registry"


def bigger_pool(firms: int, folder: Path) -> Path:
    """The shipped pool's firms repeated (new ids, names and no credit code) until ``firms``, as a dataset folder."""
    source = pd.read_csv(REFERENCE_POOL / "firms.csv", dtype=str)
    links = pd.read_csv(REFERENCE_POOL / "firm_segments.csv", dtype=str)
    copies = -(-firms // len(source))
    out_firms, out_links = [], []
    for i in range(copies):
        ids = {f: f"{f}-{i}" for f in source["firm_id"]}
        out_firms.append(source.assign(firm_id=source["firm_id"].map(ids), name=source["name"] + (f"（{i}）" if i else ""),
                                       uscc=source["uscc"] if i == 0 else None))
        out_links.append(links.assign(firm_id=links["firm_id"].map(ids)))
    chosen = pd.concat(out_firms, ignore_index=True).head(firms)
    links = pd.concat(out_links, ignore_index=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.yaml").write_text((REFERENCE_POOL / "dataset.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    chosen.to_csv(folder / "firms.csv", index=False)
    links[links["firm_id"].isin(chosen["firm_id"])].to_csv(folder / "firm_segments.csv", index=False)
    return folder


def analyse(facts: Facts, pool_folder: Path | None) -> tuple[float, int, int]:
    """(seconds, pool firms, targets) of reading the pool and analysing every chain to JSON."""
    started = time.perf_counter()
    pool = Pool.from_dataset(*read_pool(pool_folder)) if pool_folder else None
    out = to_json(facts, analyses(facts, pool=pool), pool=pool)
    seconds = time.perf_counter() - started
    return seconds, len(pool.facts.firms) if pool else 0, sum(len(c["targets"]) for c in out["chains"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    facts = Facts.from_dataset(read_dataset(REGISTRY))
    with tempfile.TemporaryDirectory() as tmp:
        cases = {"no pool": None, "shipped pool": REFERENCE_POOL, "5,000-firm pool": bigger_pool(5000, Path(tmp) / "p")}
        runs = {name: [analyse(facts, folder) for _ in range(args.repeats)] for name, folder in cases.items()}
    base = statistics.median(r[0] for r in runs["no pool"])
    rows = []
    for name, results in runs.items():
        seconds = statistics.median(r[0] for r in results)
        rows.append([name, results[0][1], results[0][2], f"{seconds:.2f}", f"{seconds - base:+.2f}"])
    table("A reference pool in analyze (data/demo-registry, all chains, median of runs)",
          ["case", "pool firms", "targets", "analyze s", "added s"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
