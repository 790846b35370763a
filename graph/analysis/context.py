"""Per-chain facts every analysis needs, computed once per (graph, chain) and cached.

>>> ctx = chain_context(G, "agri_machinery")    # doctest: +SKIP
>>> ctx.members["tractors"][:2]                   # doctest: +SKIP
['F000123', 'F000456']
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import networkx as nx

from graph.build import views
from graph.model import chain_key, firm_key


@dataclass(frozen=True)
class ChainContext:
    chain_id: str
    name: str
    name_en: str
    dag: nx.DiGraph                       # segment ids, FEEDS edges, segment attributes
    members: dict[str, list[str]]         # segment id -> firm ids operating in it
    firm_segments: dict[str, list[str]]   # firm id -> segment ids of this chain
    revenue_in: dict[tuple[str, str], float]  # (firm, segment) -> revenue attributed to that segment
    supply: nx.DiGraph                    # supplier -> customer edges of this chain (firm ids)
    firms: dict[str, dict]                # firm id -> attributes (all firms of the chain)

    def is_local(self, firm_id: str) -> bool:
        return bool(self.firms[firm_id]["local"])

    def local_members(self, segment_id: str) -> list[str]:
        return [f for f in self.members[segment_id] if self.firms[f]["local"]]

    def segment_attr(self, segment_id: str, name: str):
        return self.dag.nodes[segment_id][name]


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def chain_ids(G: nx.MultiDiGraph) -> list[str]:
    return sorted(d["chain_id"] for _, d in G.nodes(data=True) if d.get("kind") == "chain")


def chain_context(G: nx.MultiDiGraph, chain_id: str) -> ChainContext:
    """Facts about one chain of ``G``; raises KeyError for an unknown chain."""
    per_graph = _CACHE.setdefault(G, {})
    if chain_id in per_graph:
        return per_graph[chain_id]
    chain = G.nodes[chain_key(chain_id)]
    v = views(G)
    dag = v.segment_dags.get(chain_id, nx.DiGraph())
    members = {s: list(v.segment_firms.get((chain_id, s), [])) for s in sorted(dag.nodes)}
    firm_segments: dict[str, list[str]] = {}
    for s, firms in members.items():
        for f in firms:
            firm_segments.setdefault(f, []).append(s)
    firms = {f: G.nodes[firm_key(f)] for f in sorted(firm_segments)}
    revenue_in = {}
    for f, segs in firm_segments.items():
        # share of the firm's revenue in each segment: the given share, else split evenly over all its segments
        all_pairs = v.firm_segments[f]
        for s in segs:
            share = G.edges[firm_key(f), f"segment:{chain_id}/{s}", f"OPERATES_IN:{chain_id}/{s}"].get("share")
            revenue_in[(f, s)] = (firms[f].get("revenue") or 0.0) * (share if share is not None else 1 / len(all_pairs))
    supply = nx.DiGraph()
    supply.add_nodes_from(firms)
    tagged = v.supply_by_chain.get(chain_id, []) + v.supply_by_chain.get(None, [])
    supply.add_edges_from(sorted({(s, c) for s, c in tagged if s in firms and c in firms}))
    context = ChainContext(chain_id, chain["name"], chain["name_en"], dag, members,
                           firm_segments, revenue_in, supply, firms)
    per_graph[chain_id] = context
    return context
