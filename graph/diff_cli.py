"""`python -m graph diff --old DIR --new DIR [--json]`: two years of one region side by side (argparse and
printing; reading and comparing the years is graph.years').

A year is a dataset folder, or one the Neo4j at NEO4J_URI holds: ``--old neo4j:2023`` (the dataset loaded last)
or ``neo4j:<name>/2023``.
"""
from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack

from graph.analysis.diff_text import diff_summary
from graph.messages import MessageError
from graph.years import diff_loaded, held_in_neo4j, read_year, segment_names


def cmd_diff(args) -> int:
    """Print the diff as JSON (--json) or as a readable summary in args.lang."""
    with ExitStack() as stack:
        store = None
        if any(held_in_neo4j(source) for source in (args.old, args.new)):
            from graph.store.neo4j import Neo4jStore, database_from_env, driver_from_env  # lazy: the neo4j driver

            store = Neo4jStore(stack.enter_context(driver_from_env()), database=database_from_env())
        try:
            old, new = (read_year(source, chains=args.chains, store=store) for source in (args.old, args.new))
            diff = diff_loaded(old, new, top_k=args.top_k)
        except MessageError as exc:   # incomparable years, a bad neo4j: spec, a year not held
            print(exc.format(args.lang), file=sys.stderr)
            return 1
    if args.json:
        json.dump(diff, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(diff_summary(diff, args.lang, segment_names(new.chains)))
    return 0


def add_diff_command(sub) -> None:
    """Register `diff` on the CLI's subparsers."""
    p = sub.add_parser("diff", help="what changed between two years of a region (两个年度的变化)")
    p.add_argument("--old", required=True,
                   help="dataset folder of the earlier year, or neo4j:YEAR (neo4j:NAME/YEAR) from the Neo4j at NEO4J_URI")
    p.add_argument("--new", required=True, help="dataset folder of the later year, or neo4j:YEAR")
    p.add_argument("--chains", help="chain-set folder (default: each dataset's chain_set)")
    p.add_argument("--top-k", dest="top_k", type=int, default=10, help="leaders compared (default 10)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_diff)

