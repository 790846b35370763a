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
- **Reads** run in one read transaction pinned to one version (graph.store.versions) and read it back
  (graph.store.reads). :meth:`Neo4jStore.facts` is the one way to facts: the whole dataset read at once, or, for a
  store made with ``pushdown=True``, facts that read each chain when an analysis asks for it
  (graph.store.chain_reads).
- **A load** writes the new version beside the current one and switches to it under the load lock
  (graph.store.loading, from the rows of graph.store.staging).

Each part imports only parts listed before it: driver, errors; versions; reads, staging; loading; gds;
chain_reads; then this module, which also hands on what callers use beside the store (the driver, the errors,
:func:`held_line`).

>>> store = Neo4jStore(driver_from_env())        # doctest: +SKIP
>>> store.load(read_dataset("data/demo"))         # doctest: +SKIP
>>> store.dataset().firms.head()                  # doctest: +SKIP
>>> Neo4jStore(driver, pushdown=True).facts()     # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from graph.build import build_graph
from graph.facts import Facts
from graph.model import Dataset
from graph.store import queries as Q
from graph.store.base import GraphStore
from graph.store.chain_reads import neo4j_facts
from graph.store.driver import database_from_env, driver_from_env
from graph.store.errors import DatasetNotHeld, LoadError, LoadInProgress
from graph.store.loading import Loader
from graph.store.reads import read_chain_graph, read_counts, read_dataset
from graph.store.versions import held, held_line, read_pinned
from neo4j import Driver, ManagedTransaction, RoutingControl

__all__ = ["DatasetNotHeld", "LoadError", "LoadInProgress", "Neo4jStore", "database_from_env", "driver_from_env",
           "held_line"]


class Neo4jStore(GraphStore):
    """A :class:`GraphStore` over a Neo4j database; the driver is passed in.

    Reads see dataset ``name`` (default: the one loaded last) in ``year`` (default: its latest year).
    ``pushdown``: :meth:`facts` reads each chain (and each firm's supply rows) from Neo4j when an analysis asks for
    it, never the whole graph (the app's Neo4j mode, ``analyze --pushdown``); ``use_gds`` then says where leaders'
    PageRank runs (:func:`graph.store.chain_reads.neo4j_facts`). The other options are the
    :class:`graph.store.loading.Loader`'s: ``batch_size`` and ``workers`` (staging), ``lock_wait`` and
    ``reader_wait``.
    """

    def __init__(self, driver: Driver, *, database: str | None = None, name: str | None = None,
                 year: int | None = None, pushdown: bool = False, use_gds: bool | None = None,
                 batch_size: int = 5000, workers: int = 2, lock_wait: float = 3.0, reader_wait: float = 60.0):
        self.driver = driver
        self.database = database
        self.name, self.year = name, year
        self.pushdown, self.use_gds = pushdown, use_gds
        self.loader = Loader(driver, database, batch_size=batch_size, workers=workers, lock_wait=lock_wait,
                             reader_wait=reader_wait)
        self._cache: tuple[str, nx.MultiDiGraph] | None = None
        self._facts: tuple[str, Facts] | None = None

    # ------------------------------------------------------------ writing (graph.store.loading)
    @property
    def timings(self) -> dict[str, float]:
        """Of the last load: seconds to stage, to switch, to remove the old version."""
        return self.loader.timings

    def load(self, dataset: Dataset, *, on_batch: Callable[[int, int], None] | None = None, **options) -> dict:
        """Make ``dataset`` the current one of its name and year (:meth:`graph.store.loading.Loader.load`); return
        its counts."""
        self.loader.load(dataset, on_batch=on_batch)
        self._cache = self._facts = None
        return self.counts(name=dataset.meta.name, year=dataset.meta.year)

    def drop(self, *, name: str, year: int | None) -> dict:
        """Remove dataset ``name`` of ``year`` (:meth:`graph.store.loading.Loader.drop`); return the counts it had."""
        counts = self.loader.drop(name=name, year=year)
        self._cache = self._facts = None
        return counts

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

    def facts(self) -> Facts:
        """The facts of this store's dataset and year, kept until another version is current: read whole, or with
        ``pushdown`` chain by chain when an analysis asks (:func:`graph.store.chain_reads.neo4j_facts`)."""
        version = self.version()
        if self._facts is None or self._facts[0] != version:
            if self.pushdown:
                facts = neo4j_facts(self.driver, database=self.database, year=self.year, name=self.name,
                                    use_gds=self.use_gds)
            else:
                facts = Facts.from_dataset(self.dataset())
            self._facts = (version, facts)
        return self._facts[1]

    def of(self, **options) -> Neo4jStore:
        """A store on the same driver and database with other read options (``name``, ``year``, ``pushdown``,
        ``use_gds``), e.g. another year held: ``store.of(year=2023, pushdown=True).facts()``."""
        reads = {"name": self.name, "year": self.year, "pushdown": self.pushdown, "use_gds": self.use_gds}
        return Neo4jStore(self.driver, database=self.database, **(reads | options))

    def held(self) -> list[dict]:
        """[{key, name, year, version, loaded_at}] of every dataset the database holds, by name and year."""
        return held(self.driver, self.database)

    def years(self, name: str | None = None) -> list[int]:
        """The years held of dataset ``name`` (default: this store's, else the one loaded last), ascending."""
        name = name or self.name or self.meta().get("name")
        return [d["year"] for d in self.held() if d["name"] == name and d["year"] is not None]

    def dataset(self, *, year: int | None = None, name: str | None = None) -> Dataset:
        """A held version read back as a :class:`Dataset` whose tables are DataFrames (contract columns): dataset
        ``name`` in ``year`` (defaults: the store's, else the dataset loaded last and its latest year); see
        :func:`graph.store.reads.read_dataset`."""
        return self._read(read_dataset, year=year, name=name)

    def graph(self) -> nx.MultiDiGraph:
        """The current version as the graph :func:`graph.build.build_graph` makes (cached per version)."""
        version = self.version()
        if self._cache is None or self._cache[0] != version:
            self._cache = (version, build_graph(self.dataset()))
        return self._cache[1]

    def chain_graph(self, chain_id: str) -> nx.MultiDiGraph:
        return self._read(lambda tx, version, meta: read_chain_graph(tx, version, meta, chain_id))

    def counts(self, *, year: int | None = None, name: str | None = None) -> dict:
        return self._read(read_counts, year=year, name=name)

    def constraints(self) -> list[dict]:
        records, _, _ = self.driver.execute_query(Q.SHOW_CONSTRAINTS, routing_=RoutingControl.READ,
                                                  database_=self.database)
        return [dict(r) for r in records]
