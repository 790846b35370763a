"""`python -m graph risk --data DIR [--previous DIR] [--chain C] [--json]`: 外迁预警 from two years.

The earlier year defaults to the dataset's sibling year just before it (the folders `diff` and the 年度对比 page
find: :func:`graph.years.dataset_years`). With ``--source neo4j`` both years come from the Neo4j at NEO4J_URI,
read chain by chain: ``--year`` (default the latest held) and ``--previous YEAR`` (default the year held before it).
One year only: the command says risk needs two years (exit 0; JSON ``needs_two_years: true``).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graph.analysis.diff import DiffError
from graph.analysis.risk import risk_table
from graph.analysis.risk_text import needs_two_years_text, risk_frame, risk_json, risk_summary
from graph.command_data import unknown_chain
from graph.facts import Facts
from graph.io import read_dataset
from graph.years import dataset_years


def previous_folder(folder: str | Path) -> Path | None:
    """The sibling folder of the year just before ``folder``'s own (None when there is none)."""
    years = dataset_years(folder)
    own = next((y for y, f in years.items() if Path(f) == Path(folder)), None)
    earlier = [y for y in years if own is not None and y < own]
    return Path(years[max(earlier)]) if earlier else None


def folder_facts(folder: str | Path, chains=None):
    return Facts.from_dataset(read_dataset(folder, chains=chains))


def files_years(data: str | Path, previous: str | Path | None, chains=None):
    """(older facts or None, newer facts) of a dataset folder and its previous year."""
    folder = Path(previous) if previous else previous_folder(data)
    return (folder_facts(folder, chains) if folder else None), folder_facts(data, chains)


def neo4j_years_facts(driver, database, *, year: int | None, previous: int | None):
    """(older facts or None, newer facts) of two years held in Neo4j (each read chain by chain)."""
    from graph.store.neo4j import Neo4jStore  # lazy: the neo4j driver only when Neo4j is read

    store = Neo4jStore(driver, database=database, year=year, pushdown=True)
    newer = store.facts()
    if previous is None:
        earlier = [y for y in store.years(newer.meta.name) if newer.meta.year is not None and y < newer.meta.year]
        previous = max(earlier) if earlier else None
    older = None if previous is None else store.of(year=previous, name=newer.meta.name).facts()
    return older, newer


def chain_names(facts) -> dict[str, tuple[str, str]]:
    return {c.id: (c.name, c.name_en) for c in facts.chains}


def _meta(facts) -> dict | None:
    return None if facts is None else {"dataset": facts.meta.name, "year": facts.meta.year}


def cmd_risk(args) -> int:
    if args.source == "neo4j":
        from graph.store.neo4j import database_from_env, driver_from_env  # lazy: the neo4j driver

        previous = None
        if args.previous is not None:
            text = args.previous.removeprefix("neo4j:")
            if not text.isdigit():
                print(f"--previous {args.previous}: with --source neo4j, a year held (e.g. 2023)", file=sys.stderr)
                return 1
            previous = int(text)
        with driver_from_env() as driver:
            older, newer = neo4j_years_facts(driver, database_from_env(), year=args.year, previous=previous)
            return _report(args, older, newer)
    if not args.data:
        print("--data DIR (or --source neo4j)", file=sys.stderr)
        return 1
    older, newer = files_years(args.data, args.previous, args.chains)
    return _report(args, older, newer)


def _report(args, older, newer) -> int:
    if unknown_chain(newer, args):
        return 1
    if older is not None and (older.region != newer.region or set(older.chain_ids()) != set(newer.chain_ids())):
        error = (DiffError("diff_region", old=older.region, new=newer.region) if older.region != newer.region else
                 DiffError("diff_chains", only_old=", ".join(sorted(set(older.chain_ids()) - set(newer.chain_ids())))
                           or "-", only_new=", ".join(sorted(set(newer.chain_ids()) - set(older.chain_ids()))) or "-"))
        print(error.format(args.lang), file=sys.stderr)
        return 1
    if older is None:
        result = risk_table(newer)
    else:
        result = risk_table(older, newer, chain=args.chain)
    if args.json:
        json.dump(risk_json(result, region=newer.region, old=_meta(older), new=_meta(newer), dataset=newer.meta.name),
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif result.needs_two_years:
        print(needs_two_years_text(result, newer.meta.name, args.lang))
    else:
        print(risk_summary(result, chain_names(newer), args.lang, limit=args.limit))
    return 0


def add_risk_command(sub) -> None:
    """Register `risk` on the CLI's subparsers."""
    p = sub.add_parser("risk", help="外迁预警: risk signals per local firm from two years, graded 关注/警示/挽留")
    p.add_argument("--data", help="dataset folder of the newer year")
    p.add_argument("--previous", help="dataset folder of the earlier year (default: the sibling year before --data); "
                                      "with --source neo4j a year held (default: the one before --year)")
    p.add_argument("--chains", help="chain-set folder (default: the dataset's chain_set)")
    p.add_argument("--chain", help="one chain id (default: all)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--limit", type=int, default=30, help="rows printed without --json (default 30)")
    p.add_argument("--source", choices=("files", "neo4j"), default="files",
                   help="read both years from the files (default) or from the Neo4j at NEO4J_URI")
    p.add_argument("--year", type=int, help="with --source neo4j: the newer year (default: the latest held)")
    p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_risk)


def risk_sheet(previous: str | Path, facts, *, chain: str | None = None, lang: str = "zh", chains=None):
    """The workbook's 风险清单 sheet: the risk list of the dataset folder ``previous`` → ``facts``."""
    return risk_frame(risk_table(folder_facts(previous, chains), facts, chain=chain), chain_names(facts), lang)
