"""Where the project's own data lives: chain sets and the demo dataset."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
CHAINS_ROOT = PROJECT_ROOT / "chains"
DEMO_DATA = PROJECT_ROOT / "data" / "demo"
