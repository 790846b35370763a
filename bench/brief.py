"""What a user waits for, per chain of the demo: `python -m bench.brief [--repeats 3] [--lang zh] [--chain C ...]`.

Each brief is the command end to end in a fresh process — `python -m graph brief --data data/demo --chain C
[--firm F] --out FILE.docx|.pdf`: Python's start, the imports, reading both years, the analyses, the picture, the
document, writing the file. Four briefs per chain side by side: the chain brief and the firm brief (of the chain's
top attraction target), each as .docx and .pdf. Runs are interleaved (every brief once, then again), so a burst of
load from other work spreads over all of them. Wall seconds are what the user waits for; CPU seconds (the process
and its drawing child) are the steadier measure of the work on a shared machine. Issue 23's goal: each ≤ 2 s.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import table
from graph.analysis.summary import analyze_chain
from graph.command_data import load_pool
from graph.facts import Facts
from graph.io import PROJECT_ROOT, read_dataset

DEMO = PROJECT_ROOT / "data" / "demo"
KINDS = ("chain", "firm")
FORMATS = ("docx", "pdf")


def top_targets(chains: list[str] | None) -> dict[str, str]:
    """Chain id -> its top attraction target's firm id, as the command ranks them (same reference pool rule)."""
    facts = Facts.from_dataset(read_dataset(DEMO))
    pool = load_pool(argparse.Namespace(no_pool=False, pool=None, chains=None), facts)
    return {c: analyze_chain(facts, c, pool=pool).targets.iloc[0]["firm_id"] for c in chains or facts.chain_ids()}


def run_brief(chain_id: str, firm_id: str | None, out: Path, lang: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `python -m graph brief` in a fresh process."""
    command = [sys.executable, "-m", "graph", "brief", "--data", str(DEMO), "--chain", chain_id, "--out", str(out),
               "--lang", lang] + (["--firm", firm_id] if firm_id else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=PROJECT_ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def bench_brief(repeats: int = 3, lang: str = "zh", chains: list[str] | None = None) -> str:
    targets = top_targets(chains)
    walls: dict[tuple, list[float]] = {}
    cpus: dict[tuple, list[float]] = {}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            for chain_id, firm_id in targets.items():
                for kind in KINDS:
                    for fmt in FORMATS:
                        wall, cpu = run_brief(chain_id, firm_id if kind == "firm" else None,
                                              Path(folder) / f"{chain_id}-{kind}.{fmt}", lang)
                        walls.setdefault((chain_id, kind, fmt), []).append(wall)
                        cpus.setdefault((chain_id, kind, fmt), []).append(cpu)
    load_after = os.getloadavg()
    columns = [(kind, fmt) for kind in KINDS for fmt in FORMATS]
    rows = [[chain_id] + [_spread(walls[(chain_id, *c)]) for c in columns] for chain_id in targets]
    medians = {c: [statistics.median(walls[(chain_id, *c)]) for chain_id in targets] for c in columns}
    cpu_medians = {c: [statistics.median(cpus[(chain_id, *c)]) for chain_id in targets] for c in columns}
    rows.append(["**all chains: min / median / max of the medians**"]
                + [" / ".join(f"{f(medians[c]):.2f}" for f in (min, statistics.median, max)) for c in columns])
    rows.append(["CPU seconds, all chains: min / median / max of the medians"]
                + [" / ".join(f"{f(cpu_medians[c]):.2f}" for f in (min, statistics.median, max)) for c in columns])
    worst = max(max(v) for v in medians.values())
    return table(f"`python -m graph brief` end to end, wall seconds: median (min–max) of {repeats} runs; lang {lang}; "
                 f"worst median {worst:.2f} s; load average (1, 5, 15 min) before "
                 f"{', '.join(f'{x:.1f}' for x in load_before)}, after {', '.join(f'{x:.1f}' for x in load_after)}; "
                 f"{os.cpu_count()} cores",
                 ["chain", "chain brief .docx", "chain brief .pdf", "firm brief .docx", "firm brief .pdf"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.brief", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--chain", action="append", help="only these chains (default: every chain of the demo)")
    options = parser.parse_args(argv)
    bench_brief(options.repeats, options.lang, options.chain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
