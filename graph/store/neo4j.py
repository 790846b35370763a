"""The Neo4j backend: staged, versioned loads that readers see all at once; reads pinned to one version.

Design (the choice and why):

- **Versions as a property.** Every Chain, Segment, Firm, City and Project node carries ``version``, the id of the
  load that wrote it; relationships only join nodes of one version. Uniqueness constraints are per version
  (``(firm_id, version)`` …), so a new version can be written beside the current one. A property rather than a
  label per version keeps labels literal (no dynamic labels in Cypher) and lets one statement remove every stale
  node whatever version it has.
- **Several datasets side by side**, one per dataset name and year (``dataset.yaml``'s ``name`` and ``year``): each
  has one ``(:Dataset {key: '<name>/<year>'})`` node holding its metadata and ``version``, its current one. A load
  replaces only the dataset of the same name and year (loading data/demo-2023 and then data/demo keeps both years).
- **Reads** run in one read transaction that pins one version (:func:`read_version`: a dataset name, default the
  one loaded last, and a year, default its latest) and passes it as ``$version`` to every query, whose anchor nodes
  filter on it; at the end the read checks that the version is still current and runs again if not
  (:func:`read_pinned`), so a read never returns a version whose removal had begun.
- **A load** (:meth:`Neo4jStore.load`): take the load lock; remove stale nodes a killed load left; write the new
  version in committed ``UNWIND $rows`` batches (nodes, then relationships; batches of one step run in parallel
  threads); check the counts; make it current in one small transaction (``SWITCH``); list the read transactions
  open after the switch and wait until they have finished (``SHOW TRANSACTIONS``: the ones that may have pinned the
  previous version); then remove the previous version with ``CALL { … } IN TRANSACTIONS``. A load that dies at any
  point before the switch leaves readers on the previous version; the next load removes what it staged.
- **The load lock** is a write lock on the ``(:LoadLock {key: 'load'})`` node held by a transaction that stays open
  for the whole load. A second load waits at most ``lock_wait`` seconds for it and stops with
  :class:`LoadInProgress`. When the loading client or the server dies, Neo4j ends that transaction and the lock
  is free at once: no lease to expire.

>>> store = Neo4jStore(driver_from_env())        # doctest: +SKIP
>>> store.load(read_dataset("data/demo"))         # doctest: +SKIP
>>> store.dataset().firms.head()                  # doctest: +SKIP
"""
from __future__ import annotations

import math
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

import networkx as nx
import pandas as pd
from neo4j.exceptions import DriverError, Neo4jError, TransientError

from graph.build import build_graph
from graph.io import DataError, Issue
from graph.messages import MessageError
from graph.model import (
    EDGE_ATTRS,
    NODE_ATTRS,
    NODE_LABELS,
    Chain,
    Dataset,
    DatasetMeta,
    Segment,
    chain_key,
    city_key,
    firm_key,
    project_key,
    segment_key,
    supply_edge_key,
)
from graph.store import queries as Q
from graph.store.base import GraphStore
from graph.store.frames import COLUMNS, dataset_frames
from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl

KIND_OF_LABEL = {label: kind for kind, label in NODE_LABELS.items()}
META_FIELDS = ("name", "region", "chain_set", "year", "synthetic", "source", "description")
LOADER = {"chain_explorer": "load"}   # transaction metadata marking the loader's own transactions
# staging steps in order; the steps of one phase are independent, their batches run in parallel
PHASES = (("chains",), ("segments", "cities"), ("feeds", "firms", "projects"), ("firm_segments", "supply"))
# the steps whose nodes later steps link to by element id, and the name of their {key: element id} map
RETURNS_IDS = {"segments": "segment", "cities": "city", "firms": "firm"}
FILES = {"firms": "firms.csv", "firm_segments": "firm_segments.csv", "supply": "supply.csv", "projects": "projects.csv"}


class LoadError(RuntimeError):
    """A load stopped; the previous dataset is still the current one. The message is one line."""


class LoadInProgress(LoadError):
    """Another load into the same database holds the load lock."""


class DatasetNotHeld(MessageError, LookupError):
    """A read asked for a dataset name or year the database does not hold; ``format(lang)`` is one line."""

    def __init__(self, asked: str, held: str):
        super().__init__("neo4j_not_held", asked=asked, held=held)
        self.asked, self.held = asked, held


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

    >>> read_pinned(driver, lambda tx, version, meta: meta.get("year"), year=2023)   # doctest: +SKIP
    2023
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


def driver_from_env(env: dict | None = None, *, verify: bool = True) -> Driver:
    """A driver from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (auth only when a password is set).

    With ``verify`` it fails at once (ServiceUnavailable, AuthError) when Neo4j cannot be used,
    instead of retrying each query for a minute.
    """
    env = os.environ if env is None else env
    uri = env.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    password = env.get("NEO4J_PASSWORD")
    auth = (env.get("NEO4J_USER", "neo4j"), password) if password else None
    driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=5)
    if verify:
        try:
            driver.verify_connectivity()
        except Exception:
            driver.close()
            raise
    return driver


def database_from_env(env: dict | None = None) -> str | None:
    """NEO4J_DATABASE, or None for the server's default database."""
    return (os.environ if env is None else env).get("NEO4J_DATABASE") or None


# ---------------------------------------------------------------- rows: DataFrames -> UNWIND lists
def _cell(value):
    """Neo4j stores no nulls and no NaN: both become None (the property is then not written)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _column(series: pd.Series) -> list:
    """A column as a Python list, missing values (NaN, NA, None) as None."""
    return series.to_numpy(dtype=object, na_value=None).tolist()


def _lists(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return [list(row) for row in zip(*(_column(frame[c]) for c in columns), strict=True)] if len(frame) else []


def staging_rows(dataset: Dataset, frames: dict[str, pd.DataFrame] | None = None) -> dict[str, list[list]]:
    """{step: rows} for the ``STAGE`` statements, each row a list in the statement's column order.

    >>> from graph.model import Chain, DatasetMeta, Firm, Segment
    >>> ds = Dataset(DatasetMeta("t", "山东省", "x"), [Chain("c", "链", "C", (Segment("a", "甲", "A", "upstream"),), ())],
    ...              [Firm("F1", "一号", "山东省", "济南市", tags=("链主",))], [], [])
    >>> staging_rows(ds)["firms"]
    [['F1', '一号', '山东省', '济南市', None, None, None, None, None, ['链主'], True]]
    """
    frames = dataset_frames(dataset) if frames is None else frames
    bench = _benchmark(dataset.benchmark)
    rows: dict[str, list[list]] = {
        "chains": [[c.id, c.name, c.name_en, c.description, list(c.labels) or None] for c in dataset.chains],
        "segments": [[c.id, s.id, s.name, s.name_en, s.stage, bool(s.key_tech), order, list(s.industries) or None,
                      list(s.keywords) or None, list(s.exclude) or None, *bench.get((c.id, s.id), (None, None))]
                     for c in dataset.chains for order, s in enumerate(c.segments)],
        "feeds": [[c.id, a, b] for c in dataset.chains for a, b in c.links],
    }
    firms = frames["firms"]
    cities = firms.loc[firms["city"].notna() & (firms["city"] != ""), ["province", "city"]].drop_duplicates()
    rows["cities"] = _lists(cities, ["province", "city"])
    firm_rows = _lists(firms, ["firm_id", "name", "province", "city", "uscc", "revenue", "registered_capital",
                               "employees", "founded"])
    for row, tags, province in zip(firm_rows, firms["tags"], firms["province"], strict=True):
        row[3] = row[3] or None
        row += [[t for t in tags.split(";") if t] or None, province == dataset.meta.region]
    rows["firms"] = firm_rows
    rows["projects"] = _lists(frames["projects"], list(frames["projects"].columns))
    # each membership keeps its file row (header = row 1): a firm's segments read back in file order
    memberships = frames["firm_segments"]
    rows["firm_segments"] = _lists(memberships.assign(row=range(2, len(memberships) + 2)),
                                   [*memberships.columns, "row"])
    rows["supply"] = _by_supplier(frames["supply"])
    return rows


def _by_supplier(supply: pd.DataFrame) -> list[list]:
    """[[supplier_id, [customer_id …], [chain_id …], [amount …], [file row …]], …]: one row per supplier (Neo4j
    looks each supplier up once, not once per supply row), its customers as columns.

    >>> _by_supplier(pd.DataFrame({"supplier_id": ["B", "A", "B"], "customer_id": ["A", "B", "C"],
    ...                            "chain_id": ["w", None, "w"], "amount": [1.0, None, 2.0]}))
    [['A', ['B'], [None], [None], [3]], ['B', ['A', 'C'], ['w', 'w'], [1.0, 2.0], [2, 4]]]
    """
    if supply.empty:
        return []
    ordered = supply.assign(row=range(2, len(supply) + 2)).sort_values("supplier_id", kind="stable")
    suppliers = _column(ordered["supplier_id"])
    starts = [i for i in range(len(suppliers)) if i == 0 or suppliers[i] != suppliers[i - 1]]
    columns = [_column(ordered[c]) for c in ("customer_id", "chain_id", "amount", "row")]
    return [[suppliers[a], *(c[a:b] for c in columns)] for a, b in zip(starts, [*starts[1:], len(suppliers)], strict=True)]


def _benchmark(table) -> dict[tuple[str, str], tuple]:
    if table is None:
        return {}
    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)
    return {(c, s): (_cell(f), _cell(r)) for c, s, f, r in
            frame[["chain_id", "segment_id", "firms", "revenue"]].itertuples(index=False, name=None)}


def expected_counts(rows: dict[str, list[list]]) -> dict[str, int]:
    """Nodes + relationships each step creates (segments: node and HAS_SEGMENT; firms: node and LOCATED_IN …)."""
    return {"chains": len(rows["chains"]), "segments": 2 * len(rows["segments"]), "feeds": len(rows["feeds"]),
            "cities": len(rows["cities"]), "firms": sum(1 + (r[3] is not None) for r in rows["firms"]),
            "projects": 2 * len(rows["projects"]), "firm_segments": len(rows["firm_segments"]),
            "supply": sum(len(r[1]) for r in rows["supply"])}


def check_references(dataset: Dataset, frames: dict[str, pd.DataFrame] | None = None) -> None:
    """Raise :class:`DataError` naming file, row and column for rows whose ends are not in the dataset."""
    frames = dataset_frames(dataset) if frames is None else frames
    firms = pd.Index(frames["firms"]["firm_id"]).unique()
    segments = pd.MultiIndex.from_tuples([(c.id, s.id) for c in dataset.chains for s in c.segments])
    issues = []
    for table, column in (("supply", "supplier_id"), ("supply", "customer_id"), ("firm_segments", "firm_id")):
        frame = frames[table]
        # a hash lookup: Series.isin of arrow strings makes one Python scalar per known id (10x slower)
        for row, value in frame.loc[firms.get_indexer(frame[column]) < 0, column].items():
            issues.append(Issue(FILES[table], row + 2, column, "unknown_firm", {"value": value}))
    for table in ("firm_segments", "projects"):
        frame = frames[table]
        known = pd.MultiIndex.from_frame(frame[["chain_id", "segment_id"]]).isin(segments)
        for row, chain_id, segment_id in frame.loc[~known, ["chain_id", "segment_id"]].itertuples(name=None):
            issues.append(Issue(FILES[table], row + 2, "segment_id", "unknown_segment",
                                {"value": segment_id, "chain_id": chain_id}))
    if issues:
        raise DataError(sorted(issues, key=lambda i: (i.file, i.row, i.column != "supplier_id")))


def _where(step: str, start: int, batch: list) -> str:
    """Where a batch came from, for messages: file and rows (spreadsheet numbering, header = row 1)."""
    if step == "supply":
        lines = sorted(line for *_, rows in batch for line in rows)
        return f"supply.csv rows {lines[0]:,}–{lines[-1]:,}"
    return f"{FILES.get(step, step)} rows {start + 2:,}–{start + len(batch) + 1:,}"


def with_ids(step: str, rows: list[list], ids: dict[str, dict]) -> list[list]:
    """The ``STAGE[step]`` rows with their ends' keys replaced by the element ids earlier steps returned.

    >>> ids = {"firm": {"A": "4:x:1", "B": "4:x:2"}, "segment": {("w", "a"): "4:x:9"}, "city": {}}
    >>> with_ids("supply", [["A", ["B"], ["w"], [1.0], [2]]], ids)
    [['4:x:1', ['4:x:2'], ['w'], [1.0], [2]]]
    >>> with_ids("firm_segments", [["B", "w", "a", 0.5, 0.9, 1.0, 2]], ids)
    [['4:x:2', '4:x:9', 0.5, 0.9, 1.0, 2]]
    """
    if step == "firms":
        city = ids["city"]
        return [[*r, city.get((r[2], r[3]))] for r in rows]
    if step == "firm_segments":
        firm, segment = ids["firm"], ids["segment"]
        return [[firm[r[0]], segment[(r[1], r[2])], *r[3:]] for r in rows]
    if step == "supply":
        firm = ids["firm"]
        return [[firm[r[0]], [firm[c] for c in r[1]], r[2], r[3], r[4]] for r in rows]
    return rows


def _batches(rows: list, size: int, step: str = "") -> Iterator[tuple[int, list]]:
    """(start, rows) slices of about ``size`` rows; a supply row counts its customers (``row[1]``)."""
    start, weight = 0, 0
    for i, row in enumerate(rows):
        weight += len(row[1]) if step == "supply" else 1
        if weight >= size:
            yield start, rows[start:i + 1]
            start, weight = i + 1, 0
    if start < len(rows):
        yield start, rows[start:]


class _LoadLock:
    """Holds the load lock: an open transaction (no timeout) with a write lock on the LoadLock node.

    Taking it waits at most ``wait`` seconds; then the waiting transaction is terminated (it is this process's
    own, found by its metadata) and :class:`LoadInProgress` is raised. A transaction timeout cannot do this: the
    holder's transaction must outlive any timeout, and the waiter's is the same kind of transaction.
    """

    def __init__(self, driver: Driver, database: str | None, wait: float):
        self.driver, self.database, self.wait = driver, database, wait
        self.attempt = uuid.uuid4().hex

    def __enter__(self) -> _LoadLock:
        self.session = self.driver.session(database=self.database)
        self.tx = self.session.begin_transaction(metadata={**LOADER, "lock_attempt": self.attempt})
        outcome: dict = {}

        def take():
            try:
                self.tx.run(Q.TAKE_LOCK, holder=self.attempt).consume()
                outcome["taken"] = True
            except Exception as exc:  # noqa: BLE001 - reported by the caller below
                outcome["error"] = exc

        taker = threading.Thread(target=take, daemon=True)
        taker.start()
        taker.join(self.wait)
        if taker.is_alive():
            ids = [r["transactionId"] for r in self.driver.execute_query(
                Q.LOCK_ATTEMPTS, attempt=self.attempt, database_=self.database).records]
            if ids:
                self.driver.execute_query(Q.TERMINATE, ids=ids, database_=self.database)
            taker.join(30)
        if not outcome.get("taken"):
            self._close()
            raise LoadInProgress("another load into this database is running; nothing was changed — "
                                 "try again when it has finished") from outcome.get("error")
        return self

    def _close(self) -> None:
        try:
            self.tx.close()
        except Exception:  # noqa: BLE001 - a terminated or broken transaction has nothing left to undo
            pass
        finally:
            self.session.close()

    def __exit__(self, *exc) -> None:
        self._close()


class Neo4jStore(GraphStore):
    """A :class:`GraphStore` over a Neo4j database; the driver is passed in.

    Reads see dataset ``name`` (default: the one loaded last) in ``year`` (default: its latest year).
    ``workers`` threads write the batches of one staging step in parallel; ``lock_wait`` is how long a load waits
    for another one's lock before :class:`LoadInProgress`; ``reader_wait`` how long it waits for readers of the
    replaced version before removing it.
    """

    def __init__(self, driver: Driver, *, database: str | None = None, name: str | None = None,
                 year: int | None = None, batch_size: int = 5000, workers: int = 2, lock_wait: float = 3.0,
                 reader_wait: float = 60.0):
        self.driver = driver
        self.database = database
        self.name, self.year = name, year
        self.batch_size = batch_size
        self.workers = workers
        self.lock_wait = lock_wait
        self.reader_wait = reader_wait
        self.timings: dict[str, float] = {}   # of the last load: seconds to stage, to switch, to remove the old
        self._cache: tuple[str, nx.MultiDiGraph] | None = None
        self._by_chain: tuple[str, object] | None = None

    # ------------------------------------------------------------ writing
    def _write(self, query: str, **params):
        return self.driver.execute_query(query, params, database_=self.database)

    def ensure_constraints(self) -> None:
        """Create the versioned uniqueness constraints and the lock node; drop the unversioned ones and key the
        single Dataset node of the schema before several years (idempotent)."""
        for statement in (*Q.LEGACY_CONSTRAINTS, *Q.CONSTRAINTS.values(), Q.MERGE_LOCK, Q.LEGACY_DATASET):
            self._write(statement)

    def load(self, dataset: Dataset, *, on_batch: Callable[[int, int], None] | None = None, **options) -> dict:
        """Make ``dataset`` the current one of its name and year (see the module docstring); return its counts.

        ``on_batch(n, total)`` is called after each committed batch of ``n`` rows (nodes + relationships) out of
        ``total`` (for progress bars). Raises :class:`LoadInProgress` when another load runs, :class:`DataError`
        for rows whose ends are missing, :class:`LoadError` when Neo4j refuses a batch; the current dataset stays.
        """
        started = time.perf_counter()
        frames = dataset_frames(dataset)
        check_references(dataset, frames)
        rows = staging_rows(dataset, frames)
        expected = expected_counts(rows)
        total = sum(expected.values())
        self.ensure_constraints()
        version = uuid.uuid4().hex
        key = dataset_key(dataset.meta.name, dataset.meta.year)
        with self._lock():
            self._delete_stale()                        # what a killed load staged
            prepared = time.perf_counter()
            ids: dict[str, dict] = {name: {} for name in RETURNS_IDS.values()}
            try:
                for phase in PHASES:
                    self._stage_phase(phase, rows, expected, version, total, on_batch, ids)
                staged = self._write(Q.COUNT_VERSION_NODES, version=version).records[0]["n"]
                nodes = len(rows["chains"]) + len(rows["segments"]) + len(rows["cities"]) + len(rows["firms"]) \
                    + len(rows["projects"])
                if staged != nodes:
                    raise LoadError(f"staged {staged} nodes where the dataset has {nodes}; nothing was changed")
                meta = {k: v for k, v in dataset.meta.__dict__.items() if k in META_FIELDS and v is not None}
                meta["supply_present"] = bool(dataset.supply_present)
                staged_at = time.perf_counter()
                self._write(Q.SWITCH, props=meta, key=key, version=version)
                switched_at = time.perf_counter()
            except DriverError:
                raise                                   # the server is gone: the next load removes the staging
            except BaseException:
                self._discard()
                raise
            # readers open now may have pinned the replaced version: its removal waits for them (a reader that
            # began after the switch pins the new one)
            self._wait_for(self._open_transactions())
            waited = time.perf_counter()
            self._delete_stale()
        self.timings = {"prepared": prepared - started, "staged": staged_at - started, "switched": switched_at - started,
                        "readers_waited": waited - switched_at, "removed": time.perf_counter() - switched_at}
        self._cache = None
        return self.counts(name=dataset.meta.name, year=dataset.meta.year)

    def drop(self, *, name: str, year: int | None) -> dict:
        """Remove dataset ``name`` of ``year`` (None: the dataset without a year) and everything its loads made; the
        other datasets stay. Returns the counts it had. Raises :class:`DatasetNotHeld` when the database does not
        hold it, :class:`LoadInProgress` while a load runs. Readers that pinned it finish first.

        >>> Neo4jStore(driver).drop(name="demo", year=2023)["nodes"]["Firm"]   # doctest: +SKIP
        4120
        """
        key = dataset_key(name, year)
        with self._lock():
            held = self.held()
            version = next((d["version"] for d in held if d["key"] == key), None)
            if version is None:
                raise DatasetNotHeld(" ".join(str(v) for v in (name, year) if v is not None), held_line(held))
            counts = _counts(self._write(Q.COUNT_LABELS, version=version).records,
                             self._write(Q.COUNT_TYPES, version=version).records)
            self._write(Q.DROP_DATASET, key=key)
            self._wait_for(self._open_transactions())
            self._delete_stale()
        self._cache = None
        return counts

    def _stage_phase(self, phase, rows, expected, version, total, on_batch, ids) -> None:
        jobs = [(step, start, batch) for step in phase
                for start, batch in _batches(with_ids(step, rows[step], ids), self.batch_size, step)]
        with ThreadPoolExecutor(max(1, self.workers)) as pool:
            futures = {pool.submit(self._stage_batch, step, start, batch, version): (step, start, batch)
                       for step, start, batch in jobs}
            created: dict[str, int] = dict.fromkeys(phase, 0)
            pending = set(futures)
            try:
                while pending:
                    done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                    for future in done:
                        step, start, batch = futures[future]
                        n, returned = future.result()
                        created[step] += n
                        if step in RETURNS_IDS:
                            ids[RETURNS_IDS[step]].update((tuple(k) if isinstance(k, list) else k, i)
                                                          for k, i in returned)
                        if on_batch:
                            on_batch(n, total)
            finally:
                for future in pending:
                    future.cancel()
        for step in phase:
            if created[step] != expected[step]:
                raise LoadError(f"{step}: wrote {created[step]} of {expected[step]} rows; nothing was changed")

    def _stage_batch(self, step: str, start: int, batch: list, version: str) -> tuple[int, list]:
        """One committed batch: (nodes + relationships created, the [key, element id] pairs it returned). A deadlock
        between parallel batches runs it again; a lost server is not retried (the load stops at once and the next
        load starts over)."""
        for attempt in range(5):
            try:
                with self.driver.session(database=self.database) as session:
                    result = session.run(Q.STAGE[step], rows=batch, version=version)
                    returned = result.values() if step in RETURNS_IDS else []
                    counters = result.consume().counters
                return counters.nodes_created + counters.relationships_created, returned
            except TransientError:
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
            except Neo4jError as exc:
                raise LoadError(f"{_where(step, start, batch)}: Neo4j refused the batch: "
                                + " ".join(str(exc.message or exc).split()) + "; nothing was changed") from exc
            except (TypeError, ValueError, OverflowError) as exc:
                raise LoadError(f"{_where(step, start, batch)}: a value Neo4j cannot store ({exc}); "
                                "nothing was changed") from exc

    def _discard(self) -> None:
        """Best effort: remove what this load staged (the next load does it otherwise)."""
        try:
            self._delete_stale()
        except Exception:  # noqa: BLE001 - the server may be gone; the original error is what matters
            pass

    def _delete_stale(self) -> None:
        """Remove every node whose version is not the current one of a dataset held (run under the load lock)."""
        keep = [r["version"] for r in self._write(Q.DATASETS_HELD).records]
        with self.driver.session(database=self.database) as session:
            session.run(Q.DELETE_STALE, keep=keep, batch=self.batch_size).consume()

    def _lock(self) -> _LoadLock:
        return _LoadLock(self.driver, self.database, self.lock_wait)

    def _open_transactions(self) -> set[str]:
        """Ids of the transactions open now other than the loader's (empty when the user may not list them)."""
        try:
            database = self.database or self._write("CALL db.info() YIELD name RETURN name").records[0]["name"]
            return {r["transactionId"] for r in self._write(Q.RUNNING_TRANSACTIONS, database=database).records}
        except Neo4jError:
            return set()

    def _wait_for(self, transactions: set[str]) -> None:
        deadline = time.monotonic() + self.reader_wait
        while transactions and time.monotonic() < deadline:
            transactions &= self._open_transactions()
            if transactions:
                time.sleep(0.1)

    # ------------------------------------------------------------ reading (one read transaction, one version)
    def _read(self, work: Callable[[ManagedTransaction, str | None, dict], object], *, year: int | None = None,
              name: str | None = None):
        """``work(tx, version, meta)`` by :func:`read_pinned`, on this store's dataset name and year unless given."""
        return read_pinned(self.driver, work, database=self.database, year=self.year if year is None else year,
                           name=self.name if name is None else name)

    def meta(self, *, year: int | None = None, name: str | None = None) -> dict:
        """The Dataset node's properties (name, region, chain_set, year, …, version); {} before the first load."""
        return self._read(lambda tx, version, meta: meta, year=year, name=name)

    def version(self) -> str:
        return self.meta().get("version", "")

    def facts_by_chain(self):
        """Facts of this store's dataset and year that read each chain from Neo4j when an analysis asks for it
        (:func:`graph.store.chain_reads.neo4j_facts`; the app's Neo4j mode), kept until another load."""
        from graph.store.chain_reads import neo4j_facts

        version = self.version()
        if self._by_chain is None or self._by_chain[0] != version:
            self._by_chain = (version, neo4j_facts(self.driver, database=self.database, year=self.year,
                                                   name=self.name))
        return self._by_chain[1]

    def held(self) -> list[dict]:
        """[{key, name, year, version, loaded_at}] of every dataset the database holds, by name and year."""
        records, _, _ = self.driver.execute_query(Q.DATASETS_HELD, routing_=RoutingControl.READ,
                                                  database_=self.database)
        return [dict(r) for r in records]

    def years(self, name: str | None = None) -> list[int]:
        """The years held of dataset ``name`` (default: this store's, else the one loaded last), ascending."""
        name = name or self.name or self.meta().get("name")
        return [d["year"] for d in self.held() if d["name"] == name and d["year"] is not None]

    def dataset(self, *, year: int | None = None, name: str | None = None) -> Dataset:
        """A held version read back as a :class:`Dataset` whose tables are DataFrames (contract columns): dataset
        ``name`` in ``year`` (defaults: the store's, else the dataset loaded last and its latest year).

        Rows come sorted by their ids (Neo4j keeps no file order), memberships in file order (each keeps its
        file row); ``tags`` are ``;``-joined strings.
        """
        return self._read(self.read_dataset, year=year, name=name)

    @classmethod
    def read_dataset(cls, tx: ManagedTransaction, version: str | None, meta: dict, *, supply: bool = True) -> Dataset:
        """:meth:`dataset` inside a read transaction pinned to ``version``; ``supply=False`` leaves the supply
        table empty (the push-down reads it chain by chain)."""
        records = list(tx.run(Q.READ_CHAINS, version=version))
        chains = [cls.chain_map(r) for r in records]
        reads = (("firms", Q.READ_FIRMS), ("firm_segments", Q.READ_FIRM_SEGMENTS), ("projects", Q.READ_PROJECTS),
                 *((("supply", Q.READ_SUPPLY),) if supply else ()))
        tables = {name: pd.DataFrame(tx.run(query, version=version).single()["rows"], columns=list(COLUMNS[name]))
                  for name, query in reads}
        tables.setdefault("supply", pd.DataFrame(columns=list(COLUMNS["supply"])))
        bench = [(s["chain_id"], s["segment_id"], s.get("benchmark_firms"), s.get("benchmark_revenue"))
                 for r in records for s in r["segments"] if "benchmark_firms" in s or "benchmark_revenue" in s]
        firms = tables["firms"]
        firms["tags"] = [";".join(t) for t in firms["tags"]]
        for column in ("revenue", "registered_capital", "employees", "founded"):
            firms[column] = pd.to_numeric(firms[column], errors="coerce").astype(float)
        for name, column in (("firm_segments", "share"), ("firm_segments", "confidence"), ("firm_segments", "reviewed"),
                             ("supply", "amount"), ("projects", "investment")):
            tables[name][column] = pd.to_numeric(tables[name][column], errors="coerce").astype(float)
        benchmark = pd.DataFrame(bench, columns=["chain_id", "segment_id", "firms", "revenue"]) if bench else None
        return Dataset(DatasetMeta(**{k: meta[k] for k in META_FIELDS if k in meta}), chains, firms,
                       tables["firm_segments"], tables["supply"], tables["projects"], benchmark=benchmark,
                       supply_present=bool(meta.get("supply_present", True)))

    @staticmethod
    def chain_map(record) -> Chain:
        """A chain map from a READ_CHAINS record."""
        c = record["chain"]
        segments = sorted(record["segments"], key=lambda s: s["order"])
        return Chain(c["chain_id"], c["name"], c["name_en"],
                     tuple(Segment(s["segment_id"], s["name"], s["name_en"], s["stage"], bool(s["key_tech"]),
                                   *(tuple(s.get(k, ())) for k in ("industries", "keywords", "exclude")))
                           for s in segments),
                     tuple(sorted((a, b) for a, b in record["links"])), c.get("description", ""),
                     tuple(c.get("labels", ())))

    def graph(self) -> nx.MultiDiGraph:
        """The current version as the graph :func:`graph.build.build_graph` makes (cached per version)."""
        version = self.version()
        if self._cache is None or self._cache[0] != version:
            self._cache = (version, build_graph(self.dataset()))
        return self._cache[1]

    def chain_graph(self, chain_id: str) -> nx.MultiDiGraph:
        def work(tx, version, meta):
            nodes = list(tx.run(Q.READ_CHAIN_NODES, chain_id=chain_id, version=version))
            edges = list(tx.run(Q.READ_EDGES_AMONG, ids=[r["id"] for r in nodes], chain_id=chain_id))
            return meta, nodes, edges

        meta, nodes, edges = self._read(work)
        G = nx.MultiDiGraph(**{k: meta.get(k, False if k == "synthetic" else None) for k in META_FIELDS},
                            supply_present=bool(meta.get("supply_present", True)))
        for record in nodes:
            kind, key = _node_key(record["labels"], record["props"])
            props = record["props"]
            attrs = {"kind": kind, **{name: props.get(name) for name in NODE_ATTRS[kind]}}
            if kind == "firm":
                attrs["tags"] = list(attrs["tags"] or [])
            if kind == "segment":   # the benchmark's totals, as graph.build puts them on segment nodes
                attrs.update({k: props[k] for k in ("benchmark_firms", "benchmark_revenue") if props.get(k) is not None})
            G.add_node(key, **attrs)
        for record in edges:
            kind, props = record["type"], record["props"]
            target = record["target"]
            key = {"OPERATES_IN": f"OPERATES_IN:{target.get('chain_id')}/{target.get('segment_id')}",
                   "SUPPLIES": supply_edge_key(props.get("chain_id"))}.get(kind, kind)
            G.add_edge(_node_key(record["source_labels"], record["source"])[1],
                       _node_key(record["target_labels"], target)[1], key=key, kind=kind,
                       **{name: props.get(name) for name in EDGE_ATTRS.get(kind, ())})
        return G

    def counts(self, *, year: int | None = None, name: str | None = None) -> dict:
        def work(tx, version, meta):
            return list(tx.run(Q.COUNT_LABELS, version=version)), list(tx.run(Q.COUNT_TYPES, version=version))

        return _counts(*self._read(work, year=year, name=name))

    def constraints(self) -> list[dict]:
        records, _, _ = self.driver.execute_query(Q.SHOW_CONSTRAINTS, routing_=RoutingControl.READ,
                                                  database_=self.database)
        return [dict(r) for r in records]


def _counts(labels, types) -> dict:
    """{nodes: {label: n}, relationships: {type: n}} from COUNT_LABELS and COUNT_TYPES records (zeros left out)."""
    return {"nodes": dict(sorted((r["label"], r["n"]) for r in labels if r["n"])),
            "relationships": dict(sorted((r["type"], r["n"]) for r in types if r["n"]))}


def _node_key(labels, props: dict) -> tuple[str, str]:
    """(kind, graph key) of a node read from Neo4j."""
    kind = KIND_OF_LABEL[next(label for label in labels if label in KIND_OF_LABEL)]
    key = {"chain": lambda: chain_key(props["chain_id"]),
           "segment": lambda: segment_key(props["chain_id"], props["segment_id"]),
           "firm": lambda: firm_key(props["firm_id"]),
           "city": lambda: city_key(props["province"], props["name"]),
           "project": lambda: project_key(props["project_id"])}[kind]()
    return kind, key
