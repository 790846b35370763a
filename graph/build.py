"""Facts -> the networkx MultiDiGraph researchers and the graph drawings use (built on demand), and back.

Analyses do not need this graph: they read :class:`graph.facts.Facts`.

>>> from graph.model import Chain, Segment, Dataset, DatasetMeta, Firm, FirmSegment, empty_table, records_table
>>> chain = Chain("c", "链", "Chain", (Segment("a", "甲", "A", "upstream"),), ())
>>> ds = Dataset(DatasetMeta("t", "山东省", "x"), [chain], records_table([Firm("F1", "一号", "山东省", "济南")], "firms"),
...              records_table([FirmSegment("F1", "c", "a")], "firm_segments"), empty_table("supply"))
>>> G = build_graph(ds)
>>> sorted(G.nodes)
['chain:c', 'city:山东省/济南', 'firm:F1', 'segment:c/a']
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from graph.facts import FIRM_COLUMNS, MEMBERSHIP_COLUMNS, PROJECT_COLUMNS, SUPPLY_COLUMNS, Facts, sorted_unique
from graph.model import (
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


def build_graph(source: Facts | Dataset) -> nx.MultiDiGraph:
    """Build the graph of docs/architecture.md#graph-model from facts (or a validated dataset).

    Graph attributes hold the dataset metadata (``name``, ``region``, ``chain_set``, ...).
    Firms carry ``local`` (province equals the region). Edge keys are the edge kinds, except
    SUPPLIES whose key also names the chain (``SUPPLIES:<chain_id>``).
    """
    facts = source if isinstance(source, Facts) else Facts.from_dataset(source)
    if facts.reader is not None:
        raise ValueError("these facts are read from Neo4j chain by chain and hold no supply table: "
                         "build the graph from the store (store.graph() or store.chain_graph(chain_id))")
    G = chain_map_graph(facts.meta, facts.chains)
    firms = facts.firms
    _add_firms(G, firms)
    ids = firms["firm_id"].to_numpy()
    m = facts.memberships
    provenance = [m[c] if c in m.columns else pd.Series(np.nan, index=m.index) for c in ("confidence", "reviewed")]
    for firm, chain_id, segment_id, share, confidence, reviewed in zip(
            m["firm"], m["chain_id"], m["segment_id"], m["share"], *provenance, strict=True):
        G.add_edge(firm_key(ids[firm]), segment_key(chain_id, segment_id), key=f"OPERATES_IN:{chain_id}/{segment_id}",
                   kind="OPERATES_IN", share=_number(share), confidence=_number(confidence),
                   reviewed=_number(reviewed))
    _add_supply(G, ids, facts.supply)
    for p in facts.projects.itertuples(index=False):
        G.add_node(project_key(p.project_id), kind="project", project_id=p.project_id, name=p.name,
                   chain_id=p.chain_id, segment_id=p.segment_id, city=p.city, stage=p.stage,
                   investment=_number(p.investment), firm_id=p.firm_id)
        G.add_edge(project_key(p.project_id), segment_key(p.chain_id, p.segment_id), key="TARGETS", kind="TARGETS")
    G.graph["supply_present"] = facts.supply_present
    _add_benchmark(G, facts.benchmark)
    return G


def _add_benchmark(G: nx.MultiDiGraph, benchmark: pd.DataFrame | None) -> None:
    """The benchmark's totals on their segment nodes (``benchmark_firms``, ``benchmark_revenue``), as in Neo4j."""
    if benchmark is None:
        return
    for chain_id, segment_id, firms, revenue in benchmark[["chain_id", "segment_id", "firms", "revenue"]].itertuples(
            index=False):
        key = segment_key(chain_id, segment_id)
        if key in G:   # a total not given is no attribute (as a null property in Neo4j)
            G.nodes[key].update({k: v for k, v in (("benchmark_firms", _number(firms)),
                                                   ("benchmark_revenue", _number(revenue))) if v is not None})


def _add_firms(G: nx.MultiDiGraph, firms: pd.DataFrame) -> None:
    for firm in firms.itertuples(index=False):
        G.add_node(firm_key(firm.firm_id), kind="firm", firm_id=firm.firm_id, name=firm.name,
                   province=firm.province, city=firm.city, uscc=firm.uscc, revenue=_number(firm.revenue),
                   registered_capital=_number(firm.registered_capital), employees=_number(firm.employees, int),
                   founded=_number(firm.founded, int), tags=list(firm.tags), local=bool(firm.local))
        if firm.city:
            city = city_key(firm.province, firm.city)
            if city not in G:
                G.add_node(city, kind="city", name=firm.city, province=firm.province)
            G.add_edge(firm_key(firm.firm_id), city, key="LOCATED_IN", kind="LOCATED_IN")


def _add_supply(G: nx.MultiDiGraph, ids, supply: pd.DataFrame) -> None:
    for supplier, customer, chain_id, amount in supply[["supplier", "customer", "chain_id", "amount"]].itertuples(
            index=False):
        G.add_edge(firm_key(ids[supplier]), firm_key(ids[customer]), key=supply_edge_key(chain_id),
                   kind="SUPPLIES", chain_id=chain_id, amount=_number(amount))


def firm_graph(facts: Facts, codes, supply: pd.DataFrame) -> nx.MultiDiGraph:
    """The firms ``codes`` (nodes as :func:`build_graph` makes them) and the ``supply`` rows (``supplier``,
    ``customer``, ``chain_id``, ``amount``) among them: what a network drawing needs, without the whole graph —
    also from facts read chain by chain from Neo4j. See :func:`chain_firm_graph` and :func:`ego_graph`."""
    codes = sorted_unique(np.asarray(list(codes), dtype=np.int64))
    G = nx.MultiDiGraph(supply_present=facts.supply_present)
    _add_firms(G, facts.firms.iloc[codes])
    inside = np.zeros(len(facts.firms), dtype=bool)
    inside[codes] = True
    among = inside[supply["supplier"].to_numpy()] & inside[supply["customer"].to_numpy()]
    _add_supply(G, facts.column("firm_id"), supply[among])
    return G


def chain_firm_graph(facts: Facts, chain_id: str) -> nx.MultiDiGraph:
    """The firms of one chain and its supply pairs (tagged with it or untagged), for its firm network.

    >>> from graph.io import read_dataset
    >>> facts = Facts.from_dataset(read_dataset("data/demo"))
    >>> G = chain_firm_graph(facts, "agri_machinery")
    >>> sum(d["kind"] == "SUPPLIES" for _, _, d in G.edges(data=True)) == len(facts.chain("agri_machinery").pairs)
    True
    """
    chain = facts.chain(chain_id)
    return firm_graph(facts, chain.firms, chain.pairs.assign(chain_id=chain_id, amount=np.nan))


def ego_graph(facts: Facts, firm_id: str) -> nx.MultiDiGraph:
    """A firm with its suppliers and customers over all supply rows (its ego network).

    >>> from graph.io import read_dataset
    >>> facts = Facts.from_dataset(read_dataset("data/demo"))
    >>> G = ego_graph(facts, facts.firms["firm_id"].iloc[0])
    >>> rows = facts.supply_touching(0)
    >>> sum(d["kind"] == "SUPPLIES" for _, _, d in G.edges(data=True)) == len(rows) > 0
    True
    """
    code = facts.firm_code.get_loc(firm_id)
    rows = facts.supply_touching(code)
    return firm_graph(facts, [code, *rows["supplier"], *rows["customer"]], rows)


def chain_map_graph(meta, chains) -> nx.MultiDiGraph:
    """The chain maps alone (chain and segment nodes, HAS_SEGMENT and FEEDS edges), with the dataset
    metadata as graph attributes: the first part of :func:`build_graph`, and all a chain-map drawing needs."""
    G = nx.MultiDiGraph(**{k: v for k, v in meta.__dict__.items()})
    for chain in chains:
        G.add_node(chain_key(chain.id), kind="chain", chain_id=chain.id, name=chain.name, name_en=chain.name_en,
                   description=chain.description)
        for order, seg in enumerate(chain.segments):
            key = segment_key(chain.id, seg.id)
            G.add_node(key, kind="segment", chain_id=chain.id, segment_id=seg.id, name=seg.name,
                       name_en=seg.name_en, stage=seg.stage, key_tech=seg.key_tech, order=order)
            G.add_edge(chain_key(chain.id), key, key="HAS_SEGMENT", kind="HAS_SEGMENT")
        for source_id, target_id in chain.links:
            G.add_edge(segment_key(chain.id, source_id), segment_key(chain.id, target_id), key="FEEDS", kind="FEEDS")
    return G


def _number(value, kind=float):
    """A table number as a plain Python value (None when missing)."""
    return None if value is None or pd.isna(value) else kind(value)


def dataset_from_graph(G: nx.MultiDiGraph) -> Dataset:
    """The dataset a graph holds (the inverse of :func:`build_graph`; firms, memberships and supply as
    they are in ``G`` now, so a graph a researcher changed analyses as changed).

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> ds = dataset_from_graph(build_graph(Facts.from_dataset(read_dataset("data/demo"))))
    >>> len(ds.firms) > 0
    True
    """
    chains, firms, memberships, supply, projects = [], [], [], [], []
    segments: dict[str, list] = {}
    links: dict[str, list] = {}
    for _n, d in G.nodes(data=True):
        kind = d.get("kind")
        if kind == "firm":
            firms.append({**{c: d.get(c) for c in FIRM_COLUMNS}, "tags": ";".join(d.get("tags") or ())})
        elif kind == "segment":
            segments.setdefault(d["chain_id"], []).append(d)
        elif kind == "project":
            projects.append({c: d.get(c) for c in PROJECT_COLUMNS})
    for u, v, d in G.edges(data=True):
        kind = d["kind"]
        if kind == "OPERATES_IN":
            seg = G.nodes[v]
            memberships.append({"firm_id": G.nodes[u]["firm_id"], "chain_id": seg["chain_id"],
                                "segment_id": seg["segment_id"], "share": d.get("share"),
                                "confidence": d.get("confidence"), "reviewed": d.get("reviewed")})
        elif kind == "SUPPLIES":
            supply.append({"supplier_id": G.nodes[u]["firm_id"], "customer_id": G.nodes[v]["firm_id"],
                           "chain_id": d.get("chain_id"), "amount": d.get("amount")})
        elif kind == "FEEDS":
            links.setdefault(G.nodes[u]["chain_id"], []).append((G.nodes[u]["segment_id"], G.nodes[v]["segment_id"]))
    for _n, d in G.nodes(data=True):
        if d.get("kind") == "chain":
            segs = sorted(segments.get(d["chain_id"], []), key=lambda s: s.get("order", 0))
            chains.append(Chain(d["chain_id"], d["name"], d.get("name_en") or d["name"],
                                tuple(Segment(s["segment_id"], s["name"], s.get("name_en") or s["name"], s["stage"],
                                              bool(s.get("key_tech"))) for s in segs),
                                tuple(links.get(d["chain_id"], [])), d.get("description") or ""))
    bench = [(s["chain_id"], s["segment_id"], s.get("benchmark_firms"), s.get("benchmark_revenue"))
             for segs in segments.values() for s in segs if "benchmark_firms" in s or "benchmark_revenue" in s]
    benchmark = pd.DataFrame(bench, columns=["chain_id", "segment_id", "firms", "revenue"]) if bench else None
    meta = DatasetMeta(**{f: G.graph.get(f) for f in ("name", "region", "chain_set")},
                       **{f: G.graph[f] for f in ("year", "synthetic", "source", "description") if f in G.graph})
    return Dataset(meta, chains, pd.DataFrame(firms, columns=FIRM_COLUMNS),
                   pd.DataFrame(memberships, columns=MEMBERSHIP_COLUMNS), pd.DataFrame(supply, columns=SUPPLY_COLUMNS),
                   pd.DataFrame(projects, columns=PROJECT_COLUMNS), benchmark=benchmark,
                   supply_present=bool(G.graph.get("supply_present", True)))


def nodes_of_kind(G: nx.MultiDiGraph, kind: str) -> dict[str, dict]:
    """{node key: attributes} for every node of one kind."""
    return {n: d for n, d in G.nodes(data=True) if d.get("kind") == kind}


@dataclass(frozen=True)
class Views:
    """Derived views of one graph, built once (see :func:`views`)."""

    segment_dags: dict[str, nx.DiGraph]       # chain_id -> DiGraph of segment ids (FEEDS)
    supply: nx.DiGraph                        # firm_id -> firm_id, weight = number of supply rows
    firm_segments: dict[str, list[tuple[str, str]]]   # firm_id -> [(chain_id, segment_id)]
    segment_firms: dict[tuple[str, str], list[str]]   # (chain_id, segment_id) -> [firm_id]
    supply_by_chain: dict[str | None, list[tuple[str, str]]]  # chain tag (None: untagged) -> supply pairs


def views(G: nx.MultiDiGraph) -> Views:
    """The derived views of ``G`` for drawing it (computed on each call: graphs may change)."""
    dags: dict[str, nx.DiGraph] = {}
    firm_ids: dict[str, str] = {}
    segment_of: dict[str, tuple[str, str]] = {}
    for n, d in G.nodes(data=True):
        kind = d.get("kind")
        if kind == "firm":
            firm_ids[n] = d["firm_id"]
        elif kind == "segment":
            segment_of[n] = (d["chain_id"], d["segment_id"])
            dags.setdefault(d["chain_id"], nx.DiGraph()).add_node(d["segment_id"], **d)
    chains_of_pair: dict[tuple[str, str], list] = {}
    supply_by_chain: dict[str | None, list[tuple[str, str]]] = {}
    firm_segments: dict[str, list[tuple[str, str]]] = {}
    segment_firms: dict[tuple[str, str], list[str]] = {}
    for u, v, d in G.edges(data=True):
        kind = d["kind"]
        if kind == "SUPPLIES":
            pair = (firm_ids[u], firm_ids[v])
            chains_of_pair.setdefault(pair, []).append(d.get("chain_id"))
            supply_by_chain.setdefault(d.get("chain_id"), []).append(pair)
        elif kind == "OPERATES_IN":
            segment = segment_of[v]
            firm_segments.setdefault(firm_ids[u], []).append(segment)
            segment_firms.setdefault(segment, []).append(firm_ids[u])
        elif kind == "FEEDS":
            (chain_id, a), (_, b) = segment_of[u], segment_of[v]
            dags[chain_id].add_edge(a, b)
    supply = nx.DiGraph()
    supply.add_nodes_from(firm_ids.values())
    supply.add_edges_from((s, c, {"weight": len(chains), "chains": chains}) for (s, c), chains in chains_of_pair.items())
    # canonical order, so analyses give identical numbers whichever store built the graph
    for members in (*firm_segments.values(), *segment_firms.values()):
        members.sort()
    return Views(dags, supply, firm_segments, segment_firms, supply_by_chain)


def chain_subgraph(G: nx.MultiDiGraph, chain_id: str) -> nx.MultiDiGraph:
    """The part of ``G`` about one chain: its segments, firms operating in them, supply edges
    between those firms tagged with this chain (or untagged), their cities and projects."""
    keep = {chain_key(chain_id)}
    for _, seg in G.out_edges(chain_key(chain_id)):
        keep.add(seg)
        for pred, _, k in G.in_edges(seg, keys=True):
            if k.startswith("OPERATES_IN") or k == "TARGETS":
                keep.add(pred)
    for n in list(keep):
        if G.nodes[n]["kind"] == "firm":
            keep.update(v for _, v, k in G.out_edges(n, keys=True) if k == "LOCATED_IN")
    sub = G.subgraph(keep).copy()
    drop = [(u, v, k) for u, v, k, d in sub.edges(keys=True, data=True)
            if d["kind"] == "SUPPLIES" and d.get("chain_id") not in (None, chain_id)]
    sub.remove_edges_from(drop)
    return sub
