"""Records -> one networkx MultiDiGraph (pure), and the derived views analyses use.

>>> from graph.model import Chain, Segment, Dataset, DatasetMeta, Firm, FirmSegment
>>> chain = Chain("c", "链", "Chain", (Segment("a", "甲", "A", "upstream"),), ())
>>> ds = Dataset(DatasetMeta("t", "山东省", "x"), [chain], [Firm("F1", "一号", "山东省", "济南")],
...              [FirmSegment("F1", "c", "a")], [])
>>> G = build_graph(ds)
>>> sorted(G.nodes)
['chain:c', 'city:山东省/济南', 'firm:F1', 'segment:c/a']
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import networkx as nx

from graph.model import (
    Dataset,
    chain_key,
    city_key,
    firm_key,
    project_key,
    segment_key,
    supply_edge_key,
)


def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """Build the graph of DESIGN §3 from a validated dataset.

    Graph attributes hold the dataset metadata (``name``, ``region``, ``chain_set``, ...).
    Firms carry ``local`` (province equals the region). Edge keys are the edge kinds, except
    SUPPLIES whose key also names the chain (``SUPPLIES:<chain_id>``).
    """
    meta = dataset.meta
    G = nx.MultiDiGraph(**{k: v for k, v in meta.__dict__.items()})
    for chain in dataset.chains:
        G.add_node(chain_key(chain.id), kind="chain", chain_id=chain.id, name=chain.name, name_en=chain.name_en,
                   description=chain.description)
        for order, seg in enumerate(chain.segments):
            key = segment_key(chain.id, seg.id)
            G.add_node(key, kind="segment", chain_id=chain.id, segment_id=seg.id, name=seg.name,
                       name_en=seg.name_en, stage=seg.stage, key_tech=seg.key_tech, order=order)
            G.add_edge(chain_key(chain.id), key, key="HAS_SEGMENT", kind="HAS_SEGMENT")
        for source, target in chain.links:
            G.add_edge(segment_key(chain.id, source), segment_key(chain.id, target), key="FEEDS", kind="FEEDS")
    for firm in dataset.firms:
        G.add_node(firm_key(firm.firm_id), kind="firm", firm_id=firm.firm_id, name=firm.name,
                   province=firm.province, city=firm.city, uscc=firm.uscc, revenue=firm.revenue,
                   employees=firm.employees, founded=firm.founded, tags=list(firm.tags),
                   local=firm.province == meta.region)
        if firm.city:
            city = city_key(firm.province, firm.city)
            if city not in G:
                G.add_node(city, kind="city", name=firm.city, province=firm.province)
            G.add_edge(firm_key(firm.firm_id), city, key="LOCATED_IN", kind="LOCATED_IN")
    for fs in dataset.firm_segments:
        G.add_edge(firm_key(fs.firm_id), segment_key(fs.chain_id, fs.segment_id),
                   key=f"OPERATES_IN:{fs.chain_id}/{fs.segment_id}", kind="OPERATES_IN", share=fs.share)
    for s in dataset.supply:
        G.add_edge(firm_key(s.supplier_id), firm_key(s.customer_id), key=supply_edge_key(s.chain_id),
                   kind="SUPPLIES", chain_id=s.chain_id, amount=s.amount)
    for p in dataset.projects:
        G.add_node(project_key(p.project_id), kind="project", project_id=p.project_id, name=p.name,
                   chain_id=p.chain_id, segment_id=p.segment_id, city=p.city, stage=p.stage,
                   investment=p.investment, firm_id=p.firm_id)
        G.add_edge(project_key(p.project_id), segment_key(p.chain_id, p.segment_id), key="TARGETS", kind="TARGETS")
    return G


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


_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def views(G: nx.MultiDiGraph) -> Views:
    """The derived views of ``G``, cached per graph object (graphs are treated as immutable)."""
    cached = _VIEWS.get(G)
    if cached is not None:
        return cached
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
    result = Views(dags, supply, firm_segments, segment_firms, supply_by_chain)
    _VIEWS[G] = result
    return result


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
