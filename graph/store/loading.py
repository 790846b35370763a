"""Loading and dropping datasets in Neo4j: staged, versioned loads that readers see all at once.

A load (:meth:`Loader.load`): take the load lock; remove stale nodes a killed load left; write the new version in
committed ``UNWIND $rows`` batches (graph.store.staging: nodes, then relationships; batches of one step run in
parallel threads); check the counts; make it current in one small transaction (``SWITCH``); list the read
transactions open after the switch and wait until they have finished (``SHOW TRANSACTIONS``: the ones that may
have pinned the previous version); then remove the previous version with ``CALL { … } IN TRANSACTIONS``. A load
that dies at any point before the switch leaves readers on the previous version; the next load removes what it
staged.

The load lock is a write lock on the ``(:LoadLock {key: 'load'})`` node held by a transaction that stays open for
the whole load. A second load waits at most ``lock_wait`` seconds for it and stops with :class:`LoadInProgress`.
When the loading client or the server dies, Neo4j ends that transaction and the lock is free at once: no lease to
expire.

>>> Loader(driver_from_env()).load(read_dataset("data/demo"))     # doctest: +SKIP
"""
from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

from neo4j.exceptions import DriverError, Neo4jError, TransientError

from graph.model import Dataset
from graph.store import queries as Q
from graph.store.errors import DatasetNotHeld, LoadError, LoadInProgress
from graph.store.frames import dataset_frames
from graph.store.reads import count_map
from graph.store.staging import (
    FILES,
    PHASES,
    RETURNS_IDS,
    batches,
    check_references,
    expected_counts,
    staging_rows,
    with_ids,
)
from graph.store.versions import META_FIELDS, dataset_key, held, held_line
from neo4j import Driver

LOADER = {"chain_explorer": "load"}   # transaction metadata marking the loader's own transactions


class Loader:
    """Writes datasets into one Neo4j database; the driver is passed in.

    ``workers`` threads write the batches of one staging step in parallel; ``lock_wait`` is how long a load waits
    for another one's lock before :class:`LoadInProgress`; ``reader_wait`` how long it waits for readers of the
    replaced version before removing it.
    """

    def __init__(self, driver: Driver, database: str | None = None, *, batch_size: int = 5000, workers: int = 2,
                 lock_wait: float = 3.0, reader_wait: float = 60.0):
        self.driver, self.database = driver, database
        self.batch_size, self.workers = batch_size, workers
        self.lock_wait, self.reader_wait = lock_wait, reader_wait
        self.timings: dict[str, float] = {}   # of the last load: seconds to stage, to switch, to remove the old

    def _write(self, query: str, **params):
        return self.driver.execute_query(query, params, database_=self.database)

    def ensure_constraints(self) -> None:
        """Create the versioned uniqueness constraints and the lock node; drop the unversioned ones and key the
        single Dataset node of the schema before several years (idempotent)."""
        for statement in (*Q.LEGACY_CONSTRAINTS, *Q.CONSTRAINTS.values(), Q.MERGE_LOCK, Q.LEGACY_DATASET):
            self._write(statement)

    def load(self, dataset: Dataset, *, on_batch: Callable[[int, int], None] | None = None) -> None:
        """Make ``dataset`` the current one of its name and year (see the module docstring).

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

    def drop(self, *, name: str, year: int | None) -> dict:
        """Remove dataset ``name`` of ``year`` (None: the dataset without a year) and everything its loads made; the
        other datasets stay. Returns the counts it had. Raises :class:`DatasetNotHeld` when the database does not
        hold it, :class:`LoadInProgress` while a load runs. Readers that pinned it finish first.

        >>> Loader(driver).drop(name="demo", year=2023)["nodes"]["Firm"]   # doctest: +SKIP
        4120
        """
        key = dataset_key(name, year)
        with self._lock():
            datasets = held(self.driver, self.database)
            version = next((d["version"] for d in datasets if d["key"] == key), None)
            if version is None:
                raise DatasetNotHeld(" ".join(str(v) for v in (name, year) if v is not None), held_line(datasets))
            counts = count_map(self._write(Q.COUNT_LABELS, version=version).records,
                               self._write(Q.COUNT_TYPES, version=version).records)
            self._write(Q.DROP_DATASET, key=key)
            self._wait_for(self._open_transactions())
            self._delete_stale()
        return counts

    def _stage_phase(self, phase, rows, expected, version, total, on_batch, ids) -> None:
        jobs = [(step, start, batch) for step in phase
                for start, batch in batches(with_ids(step, rows[step], ids), self.batch_size, step)]
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


def _where(step: str, start: int, batch: list) -> str:
    """Where a batch came from, for messages: file and rows (spreadsheet numbering, header = row 1)."""
    if step == "supply":
        lines = sorted(line for *_, rows in batch for line in rows)
        return f"supply.csv rows {lines[0]:,}–{lines[-1]:,}"
    return f"{FILES.get(step, step)} rows {start + 2:,}–{start + len(batch) + 1:,}"


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
