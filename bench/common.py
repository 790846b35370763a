"""What every benchmark section shares: the province scales, the synthetic provinces on disk, Markdown tables.

>>> SCALES["1m"]
53.0
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from graph.io import CHAINS_ROOT, read_chain_set
from graph.synth import synthesize

SCALES = {"10k": 0.53, "100k": 5.3, "1m": 53.0, "quick": 0.05}  # synth scale -> about that many supply edges
CACHE = Path(os.environ.get("CHAIN_EXPLORER_CACHE", Path.home() / ".cache" / "chain-explorer")) / "bench"


def table(title: str, header: list[str], rows: list[list]) -> str:
    lines = [f"\n### {title}\n", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def province(scale: float):
    """A synthetic province (seed 7) in memory."""
    return synthesize(read_chain_set(CHAINS_ROOT / "shandong-2022"), seed=7, scale=scale)


def province_folder(scale: float) -> Path:
    """The synthetic province (seed 7) as CSV files, generated once per scale by `python -m graph synth`;
    ``counts.json`` beside them holds its firm and supply counts."""
    folder = CACHE / f"province-seed7-scale{scale:g}"
    if not (folder / "counts.json").exists():
        subprocess.run([sys.executable, "-m", "graph", "synth", "--out", str(folder), "--seed", "7", "--scale",
                        str(scale)], check=True, capture_output=True)
        firms = sum(1 for _ in (folder / "firms.csv").open(encoding="utf-8")) - 1
        supply = sum(1 for _ in (folder / "supply.csv").open(encoding="utf-8")) - 1
        (folder / "counts.json").write_text(json.dumps({"firms": firms, "supply": supply}))
    return folder
