"""What the read commands share (analyze, report, info, brief): the store they read, the check of ``--chain``, the
plan's targets and the reference pool — one place, so the commands' modules import it and not each other.

>>> import argparse
>>> args = argparse.Namespace(no_pool=True)
>>> load_pool(args, None) is None
True
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.analysis.pool import Pool, pool_wanted
from graph.analysis.settings import DEFAULT
from graph.io import REFERENCE_POOL, DataError, Issue, read_plan, read_pool, resolve_chain_set
from graph.messages import t
from graph.store import GraphStore, MemoryStore


@contextmanager
def open_store(args) -> Iterator[GraphStore]:
    """The store a read command reads, decided here and nowhere else: the files at ``--data`` (default), or the
    Neo4j at NEO4J_URI (``--source neo4j``), read whole or, with ``--pushdown``, chain by chain. The driver stays
    open until the command ends. Callers ask it for ``store.facts()``."""
    if args.source == "files":
        if not args.data:
            raise DataError([Issue("--data", None, None, "file_missing", {"what": "--data DIR (or --source neo4j)"})])
        yield MemoryStore.from_path(args.data, chains=args.chains)
        return
    from graph.store.neo4j import Neo4jStore, database_from_env, driver_from_env  # lazy: the neo4j driver

    with driver_from_env() as driver:
        yield Neo4jStore(driver, database=database_from_env(), year=args.year,
                         pushdown=getattr(args, "pushdown", False),   # commands without the option read whole
                         use_gds=None if getattr(args, "pagerank", "gds") == "gds" else False)


def on_facts(args, work) -> int:
    """``work(args, facts)`` on the facts of the store :func:`open_store` opens, while it is open."""
    with open_store(args) as store:
        return work(args, store.facts())


def unknown_chain(facts, args) -> bool:
    """Print one line and return True when --chain names no chain of the data."""
    if args.chain is not None and args.chain not in facts.chain_ids():
        print(t("cli_unknown_chain", args.lang, chain=args.chain, known=", ".join(facts.chain_ids())), file=sys.stderr)
        return True
    return False


def plan_targets(facts, args):
    """The plan's targets for the data's chain set (None when the set has no _plan.yaml)."""
    folder = resolve_chain_set(args.chains or facts.meta.chain_set or "", base=Path(args.data) if args.data else None)
    plan = read_plan(folder) if folder else None
    return plan["targets"] if plan else None


def load_pool(args, facts):
    """The reference pool that fills attraction targets: ``--pool DIR`` always; none with ``--no-pool``; by
    default the shipped one (data/reference/pool) when the dataset holds few firms outside its region."""
    if getattr(args, "no_pool", False):
        return None
    path = getattr(args, "pool", None)
    if path is None:
        if not REFERENCE_POOL.is_dir() or not pool_wanted(facts, DEFAULT):
            return None
        path = REFERENCE_POOL
    return Pool.from_dataset(*read_pool(path, chains=args.chains))


def pool_line(pool, lang: str) -> str:
    if pool is None:
        return ""
    return t("cli_pool_line", lang, name=pool.name, n=len(pool.facts.firms))
