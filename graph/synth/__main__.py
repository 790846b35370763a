"""`python -m graph.synth --out data/demo --years 2023 2024`: the demo's years, side by side.

The latest year goes to ``--out`` (the folder the app opens by default), each earlier year to
``<out>-<year>`` beside it; all share dataset.yaml ``name`` and ``region``, so they are one dataset's years.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from graph.io import read_chain_set, write_dataset
from graph.synth import synthesize_years


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.synth", description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder of the latest year, e.g. data/demo")
    parser.add_argument("--chains", default=str(Path(__file__).resolve().parents[2] / "chains" / "shandong-2022"))
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--years", type=int, nargs="+", default=[2023, 2024])
    args = parser.parse_args(argv)
    years = synthesize_years(read_chain_set(args.chains), seed=args.seed, scale=args.scale,
                             chain_set=Path(args.chains).name, years=tuple(sorted(args.years)))
    latest = max(years)
    for year, dataset in years.items():
        folder = write_dataset(dataset, args.out if year == latest else f"{args.out}-{year}")
        print(f"{folder}: {year}, {len(dataset.firms)} firms, {len(dataset.supply)} supply edges, "
              f"{len(dataset.projects)} projects")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
