"""The datasets a Neo4j database holds — one ``(:Dataset {key})`` node per name and year, naming its current
version — and reads pinned to one version.

A read runs in one read transaction that pins one version (:func:`read_version`: a dataset name, default the one
loaded last, and a year, default its latest) and passes it as ``$version`` to every query, whose anchor nodes
filter on it; at the end the read checks that the version is still current and runs again if not
(:func:`read_pinned`), so a read never returns a version whose removal had begun. Facts read later, chain by
chain, check it at every read instead (:func:`read_held`).

>>> read_pinned(driver, lambda tx, version, meta: meta.get("year"), year=2023)   # doctest: +SKIP
2023
"""
from __future__ import annotations

from collections.abc import Callable

from graph.store import queries as Q
from graph.store.base import DatasetChanged
from graph.store.errors import DatasetNotHeld, LoadError
from neo4j import Driver, ManagedTransaction, RoutingControl

# the dataset metadata a (:Dataset) node holds (dataset.yaml's fields)
META_FIELDS = ("name", "region", "chain_set", "year", "synthetic", "source", "description")


def dataset_key(name: str, year: int | None) -> str:
    """The key of a dataset's ``(:Dataset)`` node: one per name and year.

    >>> dataset_key("demo", 2024), dataset_key("tiny", None)
    ('demo/2024', 'tiny/')
    """
    return f"{name}/{'' if year is None else year}"


def held_line(records) -> str:
    """The datasets of DATASETS_HELD records as one line for messages.

    >>> held_line([{"name": "demo", "year": 2023}, {"name": "tiny", "year": None}]), held_line([])
    ('demo 2023, tiny', 'none')
    """
    return ", ".join(f"{r['name']} {'' if r['year'] is None else r['year']}".strip() for r in records) or "none"


def held(driver: Driver, database: str | None) -> list[dict]:
    """[{key, name, year, version, loaded_at}] of every dataset the database holds, by name and year."""
    records, _, _ = driver.execute_query(Q.DATASETS_HELD, routing_=RoutingControl.READ, database_=database)
    return [dict(r) for r in records]


def read_version(tx: ManagedTransaction, *, year: int | None = None, name: str | None = None) -> tuple[str | None, dict]:
    """(version, Dataset properties) a read transaction pins: dataset ``name`` (default: the one loaded last) in
    ``year`` (default: its latest year); (None, {}) when the database holds no such dataset.

    >>> with driver.session(default_access_mode="READ") as session:         # doctest: +SKIP
    ...     version, meta = session.execute_read(read_version, year=2023)
    """
    record = tx.run(Q.READ_VERSION, name=name, year=year).single()
    props = dict(record["props"]) if record else {}
    return props.get("version"), props


def read_pinned(driver: Driver, work: Callable[[ManagedTransaction, str | None, dict], object], *,
                database: str | None = None, year: int | None = None, name: str | None = None, attempts: int = 5):
    """``work(tx, version, meta)`` in one read transaction pinned by :func:`read_version`, run again when the
    version stopped being current before it finished (a load switched meanwhile and may be removing it).

    Raises :class:`DatasetNotHeld` when ``name`` or ``year`` is asked for and not held.
    """
    def pinned(tx: ManagedTransaction):
        version, meta = read_version(tx, year=year, name=name)
        if version is None and (year is not None or name is not None):
            asked = " ".join(str(v) for v in (name, year) if v is not None)
            raise DatasetNotHeld(asked, held_line(tx.run(Q.DATASETS_HELD)))
        result = work(tx, version, meta)
        current = version is None or tx.run(Q.STILL_CURRENT, key=meta.get("key"), version=version).single()["current"]
        return current, result

    with driver.session(database=database, default_access_mode="READ") as session:
        for _ in range(attempts):
            current, result = session.execute_read(pinned)
            if current:
                return result
    raise LoadError(f"the dataset changed under {attempts} reads in a row; try again")


def read_held(driver: Driver, database: str | None, key: str, version: str,
              work: Callable[[ManagedTransaction, str], object]):
    """``work(tx, version)`` in one read transaction, checked before and after to run on a version that is still
    the current one of dataset ``key``; else :class:`DatasetChanged` (facts never mix two versions)."""
    def still_current(tx: ManagedTransaction) -> None:
        if not tx.run(Q.STILL_CURRENT, key=key, version=version).single()["current"]:
            raise DatasetChanged("the dataset in Neo4j was replaced while it was being read: run again")

    def pinned(tx: ManagedTransaction):
        still_current(tx)
        result = work(tx, version)
        still_current(tx)
        return result

    with driver.session(database=database, default_access_mode="READ") as session:
        return session.execute_read(pinned)
