"""Validation speed, side by side in one run: `python -m bench.io --data DIR [--before REV] [--repeat N]`.

Each command runs in a fresh process under /usr/bin/time (wall seconds, peak RSS), ``--repeat`` times:
- floor:  pandas.read_csv(engine="pyarrow", dtype=str) of the dataset's CSV files, nothing else;
- before: `python -m graph validate --data DIR` with the code of git revision ``--before`` (default: the commit
          before the I/O package), from a `git archive` in a temporary folder;
- after:  the same command with this working tree;
- after, graph.io only: `check_dataset(DIR)` in a bare `python -c` (what the command costs beyond the CLI's imports).
Prints one Markdown table: best and median wall time, peak RSS, and each row's ratio to the floor.

DIR is a dataset folder, e.g. the 1M-edge province: `python -m graph synth --out /tmp/P --seed 7 --scale 53`.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "ea89be3"   # main before graph/io became a package with vectorised validation

FLOOR = """
import sys, pandas as pd
for path in sorted(__import__("pathlib").Path(sys.argv[1]).glob("*.csv")):
    pd.read_csv(path, engine="pyarrow", dtype=str)
"""
IO_ONLY = """
import sys
from graph.io import check_dataset
dataset, issues = check_dataset(sys.argv[1])
assert dataset is not None, [str(i) for i in issues if i.level == "error"][:5]
"""


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run; the command must succeed."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--before", default=BEFORE, help="git revision to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    data = args.data.resolve()
    with tempfile.TemporaryDirectory() as before_tree:
        archive = subprocess.run(["git", "archive", args.before], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", before_tree], input=archive, check=True)
        runs = {
            "floor: pandas.read_csv (pyarrow) of the CSV files": ([sys.executable, "-c", FLOOR, str(data)], ROOT),
            f"before ({args.before}): graph validate": ([sys.executable, "-m", "graph", "validate", "--data", str(data)],
                                                         Path(before_tree)),
            "after (this tree): graph validate": ([sys.executable, "-m", "graph", "validate", "--data", str(data)], ROOT),
            "after, graph.io only: check_dataset": ([sys.executable, "-c", IO_ONLY, str(data)], ROOT),
        }
        results = {name: [] for name in runs}
        for _ in range(args.repeat):   # interleaved, so load on the machine hits every command alike
            for name, (command, cwd) in runs.items():
                results[name].append(timed(command, cwd))
    floor = min(s for s, _ in results[next(iter(runs))])
    print(f"\n### Validation of {data} ({args.repeat} runs each, interleaved)\n")
    print("| command | best s | median s | peak RSS MB | best / floor |")
    print("|---|---|---|---|---|")
    for name, values in results.items():
        seconds = [s for s, _ in values]
        print(f"| {name} | {min(seconds):.2f} | {statistics.median(seconds):.2f} | {max(m for _, m in values):.0f} "
              f"| {min(seconds) / floor:.1f}× |")


if __name__ == "__main__":
    main()
