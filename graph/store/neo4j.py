"""The Neo4j backend: batched, idempotent, all-or-nothing loads; reads in read transactions.

A load replaces the dataset the database holds inside **one write transaction**: the old
graph is deleted and the new one created in ``UNWIND $rows`` batches (nodes first; relationships
find their ends by the element ids the node batches return), then committed at once. Loading
the same dataset twice gives the same database; the uniqueness constraints refuse duplicates.
If anything fails before the commit (a bad row, the server or the client going away), Neo4j
rolls the transaction back and readers keep seeing the previous dataset. One transaction was
chosen over a staged load because Community edition has a single user database and no
cheap way to swap a staged copy in atomically; a province-sized dataset (10^4–10^6
relationships) fits in transaction state with the heap ``graph.server`` gives Neo4j.

>>> store = Neo4jStore(driver_from_env())        # doctest: +SKIP
>>> store.load(read_dataset("data/demo"))         # doctest: +SKIP
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import networkx as nx

from graph.build import build_graph
from graph.model import EDGE_ATTRS, NODE_ATTRS, NODE_LABELS, Dataset
from graph.store import queries as Q
from graph.store.base import GraphStore
from neo4j import Driver, GraphDatabase, RoutingControl

KIND_OF_LABEL = {label: kind for kind, label in NODE_LABELS.items()}
META_FIELDS = ("name", "region", "chain_set", "year", "synthetic", "source", "description")


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


def _props(attrs: dict, names: tuple[str, ...]) -> dict:
    """Neo4j stores no nulls: keep the known, non-null attributes."""
    return {k: attrs[k] for k in names if attrs.get(k) is not None}


def graph_rows(G: nx.MultiDiGraph) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Rows for the load statements: ({label: [{key, props}]}, {type: [{source, target, key, props}]})."""
    nodes: dict[str, list[dict]] = {label: [] for label in Q.CREATE_NODES}
    for n, d in G.nodes(data=True):
        nodes[NODE_LABELS[d["kind"]]].append({"key": n, "props": _props(d, NODE_ATTRS[d["kind"]])})
    edges: dict[str, list[dict]] = {t: [] for t in Q.CREATE_EDGES}
    for u, v, k, d in G.edges(keys=True, data=True):
        edges[d["kind"]].append({"source": u, "target": v, "key": k, "props": _props(d, EDGE_ATTRS.get(d["kind"], ()))})
    return nodes, edges


def _batches(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


class Neo4jStore(GraphStore):
    """A :class:`GraphStore` over a Neo4j database; the driver is passed in."""

    def __init__(self, driver: Driver, *, database: str | None = None, batch_size: int = 5000):
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self._cache: tuple[str, nx.MultiDiGraph] | None = None

    # ------------------------------------------------------------ writing
    def ensure_constraints(self) -> None:
        """Create the uniqueness constraints (idempotent)."""
        for statement in Q.CONSTRAINTS.values():
            self.driver.execute_query(statement, database_=self.database)

    def load(self, dataset: Dataset, *, on_batch: Callable[[int, int], None] | None = None, **options) -> dict:
        """Replace the database's dataset with ``dataset`` in one transaction; return counts.

        ``on_batch(n, total)`` is called after each batch of ``n`` rows out of ``total`` (for progress bars).
        """
        G = build_graph(dataset)
        nodes, edges = graph_rows(G)
        total = sum(map(len, nodes.values())) + sum(map(len, edges.values()))
        meta = {k: v for k, v in G.graph.items() if k in META_FIELDS and v is not None}
        meta["load_id"] = uuid.uuid4().hex
        self.ensure_constraints()
        with self.driver.session(database=self.database) as session, session.begin_transaction() as tx:
            while tx.run(Q.DELETE_BATCH, limit=self.batch_size * 2).single()["deleted"]:
                pass
            tx.run(Q.MERGE_DATASET, props=meta).consume()
            ids: dict[str, str] = {}
            for label, rows in nodes.items():
                for batch in _batches(rows, self.batch_size):
                    ids.update((r["key"], r["id"]) for r in tx.run(Q.CREATE_NODES[label], rows=batch))
                    if on_batch:
                        on_batch(len(batch), total)
            for kind, rows in edges.items():
                for batch in _batches(rows, self.batch_size):
                    batch = [{**row, "source": ids[row["source"]], "target": ids[row["target"]]} for row in batch]
                    tx.run(Q.CREATE_EDGES[kind], rows=batch).consume()
                    if on_batch:
                        on_batch(len(batch), total)
            tx.commit()
        self._cache = None
        return self.counts()

    # ------------------------------------------------------------ reading
    def _read(self, query: str, **params) -> list:
        records, _, _ = self.driver.execute_query(query, params, routing_=RoutingControl.READ,
                                                  database_=self.database)
        return records

    def meta(self) -> dict:
        """The Dataset node's properties (name, region, chain_set, ..., load_id)."""
        records = self._read(Q.READ_DATASET)
        return dict(records[0]["props"]) if records else {}

    def _assemble(self, meta: dict, node_records, edge_records) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph(**{k: meta.get(k, False if k == "synthetic" else None) for k in META_FIELDS})
        for record in node_records:
            kind = KIND_OF_LABEL[next(label for label in record["labels"] if label in KIND_OF_LABEL)]
            props = record["props"]
            attrs = {"kind": kind, **{name: props.get(name) for name in NODE_ATTRS[kind]}}
            if kind == "firm" and attrs["tags"] is None:
                attrs["tags"] = []
            G.add_node(props["key"], **attrs)
        for record in edge_records:
            props = record["props"]
            attrs = {"kind": record["type"], **{name: props.get(name) for name in EDGE_ATTRS.get(record["type"], ())}}
            G.add_edge(record["source"], record["target"], key=props["key"], **attrs)
        return G

    def version(self) -> str:
        return self.meta().get("load_id", "")

    def graph(self) -> nx.MultiDiGraph:
        meta = self.meta()
        load_id = meta.get("load_id", "")
        if self._cache is None or self._cache[0] != load_id:
            self._cache = (load_id, self._assemble(meta, self._read(Q.READ_NODES), self._read(Q.READ_EDGES)))
        return self._cache[1]

    def chain_graph(self, chain_id: str) -> nx.MultiDiGraph:
        nodes = self._read(Q.READ_CHAIN_NODES, chain_key=f"chain:{chain_id}")
        ids = [r["id"] for r in nodes]
        edges = self._read(Q.READ_EDGES_AMONG, ids=ids, chain_id=chain_id)
        return self._assemble(self.meta(), nodes, edges)

    def counts(self) -> dict:
        labels = {r["label"]: r["n"] for r in self._read(Q.COUNT_LABELS) if r["n"]}
        types = {r["type"]: r["n"] for r in self._read(Q.COUNT_TYPES)}
        return {"nodes": dict(sorted(labels.items())), "relationships": dict(sorted(types.items()))}

    def constraints(self) -> list[dict]:
        return [dict(r) for r in self._read(Q.SHOW_CONSTRAINTS)]
