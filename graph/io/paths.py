"""Where the project's own data lives: chain sets, the synthetic demo's region and the demo dataset."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
CHAINS_ROOT = PROJECT_ROOT / "chains"
SHANDONG_SYNTH = CHAINS_ROOT / "shandong_synth.yaml"   # the region graph.synth makes its demo for
DEMO_DATA = PROJECT_ROOT / "data" / "demo"
