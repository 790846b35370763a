"""A version held in Neo4j read back, inside a read transaction pinned to it (graph.store.versions): the whole
dataset, one chain's subgraph, the counts.

>>> from graph.store.versions import read_pinned
>>> read_pinned(driver, read_dataset).firms.head()                   # doctest: +SKIP
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

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
from graph.store.frames import COLUMNS
from graph.store.versions import META_FIELDS
from neo4j import ManagedTransaction

KIND_OF_LABEL = {label: kind for kind, label in NODE_LABELS.items()}


def read_dataset(tx: ManagedTransaction, version: str | None, meta: dict, *, supply: bool = True) -> Dataset:
    """Version ``version`` as a :class:`Dataset` whose tables are DataFrames (contract columns); ``supply=False``
    leaves the supply table empty (the push-down reads it chain by chain).

    Rows come sorted by their ids (Neo4j keeps no file order), memberships in file order (each keeps its
    file row); ``tags`` are ``;``-joined strings.
    """
    records = list(tx.run(Q.READ_CHAINS, version=version))
    chains = [chain_map(r) for r in records]
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


def read_chain_graph(tx: ManagedTransaction, version: str | None, meta: dict, chain_id: str) -> nx.MultiDiGraph:
    """One chain's subgraph of version ``version`` as :func:`graph.build.chain_subgraph` cuts it from the
    graph :func:`graph.build.build_graph` makes."""
    nodes = list(tx.run(Q.READ_CHAIN_NODES, chain_id=chain_id, version=version))
    edges = list(tx.run(Q.READ_EDGES_AMONG, ids=[r["id"] for r in nodes], chain_id=chain_id))
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


def read_counts(tx: ManagedTransaction, version: str | None, meta: dict) -> dict:
    """{nodes: {label: n}, relationships: {type: n}} of version ``version`` (zeros left out)."""
    return count_map(list(tx.run(Q.COUNT_LABELS, version=version)), list(tx.run(Q.COUNT_TYPES, version=version)))


def count_map(labels, types) -> dict:
    """{nodes: {label: n}, relationships: {type: n}} from COUNT_LABELS and COUNT_TYPES records (zeros left out).

    >>> count_map([{"label": "Firm", "n": 3}, {"label": "City", "n": 0}], [{"type": "SUPPLIES", "n": 2}])
    {'nodes': {'Firm': 3}, 'relationships': {'SUPPLIES': 2}}
    """
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
