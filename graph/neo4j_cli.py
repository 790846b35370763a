"""`python -m graph load | drop | server`: the Neo4j commands (argparse and printing; the work is graph.store's
and graph.server's).

Bad input ends in readable lines on stderr and exit code 1, never a traceback (graph.cli.main).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from graph import server
from graph.io import read_dataset
from graph.messages import t
from graph.store.errors import LoadError, LoadInProgress


def cmd_load(args) -> int:
    # lazy: the progress bar (tqdm imports importlib.metadata, ~4 ms of every start) and the neo4j driver
    from tqdm import tqdm

    from graph.store.neo4j import Neo4jStore, database_from_env, driver_from_env, held_line  # lazy: the neo4j driver

    dataset = read_dataset(args.data, chains=args.chains)
    logging.getLogger("neo4j").setLevel(logging.ERROR)   # no retry chatter: a failure ends in one line

    def advance(rows: int, total: int) -> None:
        bar.total = total
        bar.update(rows)

    started = time.perf_counter()
    if args.bulk:
        return _load_bulk(dataset, started, Path(args.home) if args.home else None)
    with driver_from_env() as driver, tqdm(unit="rows", desc="load", file=sys.stderr) as bar:
        store = Neo4jStore(driver, database=database_from_env(), batch_size=args.batch_size, workers=args.workers)
        try:
            counts = store.load(dataset, on_batch=advance)
        except LoadError as exc:
            bar.close()
            print(f"Neo4j: {exc}", file=sys.stderr)
            return 1
        total = bar.n
        seconds = time.perf_counter() - started
        held = held_line(store.held())
    print(t("cli_held", args.lang, held=held))
    return _print_load(counts, total, seconds)


def cmd_drop(args) -> int:
    """drop: one dataset (a name and year) out of the Neo4j at NEO4J_URI; the others stay."""
    from graph.store.neo4j import Neo4jStore, database_from_env, driver_from_env, held_line  # lazy: the neo4j driver

    with driver_from_env() as driver:
        store = Neo4jStore(driver, database=database_from_env())
        try:
            counts = store.drop(name=args.name, year=args.year)
        except LoadInProgress as exc:
            print(f"Neo4j: {exc}", file=sys.stderr)
            return 1
        rest = store.held()
    held = held_line(rest) if rest else t("cli_none", args.lang)
    nodes, links = sum(counts["nodes"].values()), sum(counts["relationships"].values())
    firms = counts["nodes"].get("Firm", 0)
    label = f"{args.name} {'' if args.year is None else args.year}".strip()
    print(t("cli_dropped", args.lang, label=label, nodes=nodes, firms=firms, links=links, held=held))
    return 0


def _load_bulk(dataset, started: float, home: Path | None) -> int:
    """load --bulk: the offline importer into the server `graph server` runs at NEO4J_URI's port."""
    from graph.store.bulk import bulk_load  # lazy: pyarrow's CSV writer and the neo4j driver, only for --bulk

    port = urlparse(os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")).port or 7687
    try:
        counts = bulk_load(dataset, port=port, home=home)
    except LoadError as exc:
        print(f"Neo4j: {exc}", file=sys.stderr)
        return 1
    total = sum(counts["nodes"].values()) + sum(counts["relationships"].values())
    return _print_load(counts, total, time.perf_counter() - started)


def _print_load(counts: dict, total: int, seconds: float) -> int:
    """The counts and the closing line `N rows in X s (R rows/s)`."""
    for group in ("nodes", "relationships"):
        print(group + ": " + ", ".join(f"{k} {v}" for k, v in counts[group].items()))
    print(f"{total} rows in {seconds:.1f} s ({total / seconds:,.0f} rows/s)")
    return 0


def cmd_server(args) -> int:
    home = Path(args.home) if args.home else None
    if args.action == "start":
        info = server.start(port=args.port, home=home, heap=args.heap, pagecache=args.pagecache, gds=args.gds)
        print(f"Neo4j running (pid {info.pid}, data {info.home}) at {info.uri}")
    elif args.action == "stop":
        print("stopped" if server.stop(port=args.port, home=home) else "not running")
    else:
        info = server.status(port=args.port, home=home)
        print(f"running (pid {info.pid}) at {info.uri}" if info else "not running")
        return 0 if info else 3
    return 0


def add_neo4j_commands(sub) -> None:
    """Register `load`, `drop` and `server` on the CLI's subparsers."""
    load = sub.add_parser("load", help="validate a dataset and load it into the Neo4j at NEO4J_URI")
    load.add_argument("--data", required=True, help="dataset folder (dataset.yaml + CSV files or one .xlsx)")
    load.add_argument("--chains", help="chain-set folder (default: the dataset's chain_set)")
    load.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
    load.set_defaults(func=cmd_load)
    load.add_argument("--batch-size", dest="batch_size", type=int, default=5000, help="rows per UNWIND batch")
    load.add_argument("--workers", type=int, default=2, help="batches written in parallel (default 2)")
    load.add_argument("--bulk", action="store_true",
                      help="the server `python -m graph server` runs: stop it, neo4j-admin import, start it again "
                           "(fast; replaces the whole database; no reads meanwhile)")
    load.add_argument("--home", help="with --bulk: the server's data directory, if `graph server start` had --home")
    p = sub.add_parser("drop", help="remove one dataset (a name and year) from the Neo4j at NEO4J_URI")
    p.add_argument("--name", required=True, help="the dataset's name, as in its dataset.yaml")
    p.add_argument("--year", type=int, help="its year (leave out for a dataset without one)")
    p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_drop)
    p = sub.add_parser("server", help="a local Neo4j Community server on 127.0.0.1")
    p.add_argument("action", choices=("start", "stop", "status"))
    p.add_argument("--port", type=int, default=7687)
    p.add_argument("--home", help="data directory (default ~/.cache/chain-explorer/neo4j-home-PORT)")
    p.add_argument("--heap", default="2g", help="Java heap, e.g. 2g (a 1M-edge province: 4g)")
    p.add_argument("--pagecache", default="1g", help="Neo4j page cache, e.g. 1g (a 1M-edge province: 2g)")
    p.add_argument("--no-gds", dest="gds", action="store_false",
                   help="without Graph Data Science (PageRank then runs in Python)")
    p.set_defaults(func=cmd_server)
