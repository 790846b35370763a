"""What a brief costs, per chain of the demo: `python -m bench.brief [--repeats 3] [--lang zh]`.

Rows per chain: the chain brief and the firm brief (its top attraction target) as .docx and as .pdf, each timed
from the data in memory (the year and the year before read once, as the app holds them) to the file's bytes:
the chain's analysis, the risk list of the two years, the map picture, the document. The median of ``--repeats``.
Also `python -m graph brief` end to end (a fresh process that reads the dataset and the year before) for one chain.
Issue 23's goal: each brief ≤ 2 s. Wall and CPU seconds are both given: on a shared machine the CPU time is the
steadier measure of the work itself.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import table
from graph.io import PROJECT_ROOT, read_dataset

DEMO = PROJECT_ROOT / "data" / "demo"


def _timed(work, repeats: int) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds of this process): on a shared machine the CPU time is the steadier."""
    walls, cpus = [], []
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def bench_brief(repeats: int = 3, lang: str = "zh", chains: list[str] | None = None) -> str:
    from graph.analysis.risk import risk_table
    from graph.analysis.summary import analyze_chain
    from graph.brief import chain_brief, firm_brief
    from graph.brief_render import to_docx, to_pdf
    from graph.facts import Facts

    old = Facts.from_dataset(read_dataset(DEMO.parent / "demo-2023"))
    new = Facts.from_dataset(read_dataset(DEMO))
    to_pdf(chain_brief(new, new.chain_ids()[0], picture=False))      # imports and the font file found once
    rows, worst = [], 0.0

    def chain_doc(chain_id):
        result = analyze_chain(new, chain_id)
        return chain_brief(new, chain_id, lang=lang, previous=old, risk=risk_table(old, new, chain=chain_id),
                           plan_targets={"链主": 200, "专精特新": 10000, "单项冠军": 1000}, result=result)

    def firm_doc(chain_id):
        result = analyze_chain(new, chain_id)
        return firm_brief(new, chain_id, result.targets.iloc[0]["firm_id"], lang=lang, result=result)

    for chain_id in chains or new.chain_ids():
        cells = [chain_id]
        for make in (chain_doc, firm_doc):
            for render in (to_docx, lambda b: to_pdf(b)[0]):
                seconds, cpu = _timed(lambda make=make, render=render, chain_id=chain_id: render(make(chain_id)), repeats)
                worst = max(worst, seconds)
                cells.append(f"{seconds:.2f} ({cpu:.2f})")
        rows.append(cells)
    out = table(f"Briefs from data in memory, wall seconds (CPU seconds) (median of {repeats}; lang {lang}; worst wall "
                f"{worst:.2f} s; load average before {os.getloadavg()[0]:.1f})",
                ["chain", "chain brief .docx", "chain brief .pdf", "firm brief .docx", "firm brief .pdf"], rows)
    cli = []
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("docx", "pdf"):
            target = Path(folder) / f"brief.{suffix}"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "graph", "brief", "--data", str(DEMO), "--chain", "agri_machinery",
                            "--out", str(target)], check=True, capture_output=True, cwd=PROJECT_ROOT)
            cli.append([f"`python -m graph brief --data data/demo --chain agri_machinery --out brief.{suffix}`",
                        f"{time.perf_counter() - started:.2f}"])
    out += table("End to end in a fresh process (reads both years)", ["command", "seconds"], cli)
    return out


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
