"""The benchmark runs (a tiny smoke version: correctness, not timing)."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow   # over 5 s: left out of make check
def test_bench_quick_runs_and_prints_tables():
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--sections", "analysis,render"],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "### Analysis" in result.stdout and "### Rendering" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("| quick |"))
    assert "×" in row
