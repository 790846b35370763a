"""The one interface both backends implement.

>>> from graph.store import MemoryStore
>>> store = MemoryStore.from_path("data/demo")
>>> store.counts()["nodes"]["Chain"]
11
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter

import networkx as nx

from graph.build import chain_subgraph, dataset_from_graph
from graph.facts import Facts
from graph.model import NODE_LABELS, Dataset


class DatasetChanged(RuntimeError):
    """A load made another version current while facts of the previous one were being read."""


class GraphStore(ABC):
    """Load a dataset; give back the graph (networkx), a chain's subgraph, chains and counts."""

    @abstractmethod
    def load(self, dataset: Dataset, **options) -> dict:
        """Replace whatever the store holds with ``dataset``; return counts."""

    @abstractmethod
    def graph(self) -> nx.MultiDiGraph:
        """The whole graph in the form built by :func:`graph.build.build_graph`."""

    def dataset(self) -> Dataset:
        """The held dataset with DataFrame tables (backends that can read tables directly override this)."""
        return dataset_from_graph(self.graph())

    def facts(self) -> Facts:
        """The held dataset as :class:`graph.facts.Facts` (what analyses read): the one way every caller gets
        facts from a store. How they are read (whole, or chain by chain from Neo4j) is the store's own business,
        set when it is made (:class:`graph.store.neo4j.Neo4jStore`'s ``pushdown``)."""
        return Facts.from_dataset(self.dataset())

    def version(self) -> str:
        """A token that changes whenever the held dataset changes (for caches)."""
        return str(id(self.graph()))

    def chain_graph(self, chain_id: str) -> nx.MultiDiGraph:
        """One chain's subgraph (see :func:`graph.build.chain_subgraph`)."""
        return chain_subgraph(self.graph(), chain_id)

    def chains(self) -> list[dict]:
        """[{chain_id, name, name_en, segments}] sorted by chain id."""
        G = self.graph()
        out = []
        for n, d in G.nodes(data=True):
            if d["kind"] == "chain":
                out.append({"chain_id": d["chain_id"], "name": d["name"], "name_en": d["name_en"],
                            "segments": G.out_degree(n)})
        return sorted(out, key=lambda c: c["chain_id"])

    def counts(self) -> dict:
        """{"nodes": {label: n}, "relationships": {type: n}} as Neo4j would count them."""
        return graph_counts(self.graph())


def graph_counts(G: nx.MultiDiGraph) -> dict:
    """Node counts per label and edge counts per relationship type."""
    nodes = Counter(NODE_LABELS[d["kind"]] for _, d in G.nodes(data=True))
    edges = Counter(d["kind"] for _, _, d in G.edges(data=True))
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(edges.items()))}


def facts_counts(facts) -> dict:
    """:func:`graph_counts` of the graph the facts would build, without building it.

    >>> from graph.facts import Facts
    >>> from graph.build import build_graph
    >>> from graph.io import read_dataset
    >>> facts = Facts.from_dataset(read_dataset("data/demo"))
    >>> facts_counts(facts) == graph_counts(build_graph(facts))
    True
    """
    firms = facts.firms
    located = firms[firms["city"].notna() & (firms["city"] != "")]
    segments = sum(len(c.segments) for c in facts.chains)
    supply = facts.supply.assign(chain_id=facts.supply["chain_id"].fillna(""))
    nodes = {"Chain": len(facts.chains), "City": len(located[["province", "city"]].drop_duplicates()),
             "Firm": len(firms), "Project": len(facts.projects), "Segment": segments}
    edges = {"FEEDS": sum(len(c.links) for c in facts.chains), "HAS_SEGMENT": segments,
             "LOCATED_IN": len(located), "OPERATES_IN": len(facts.memberships),
             "SUPPLIES": len(supply.drop_duplicates(["supplier", "customer", "chain_id"])),
             "TARGETS": len(facts.projects)}
    return {"nodes": {k: v for k, v in sorted(nodes.items()) if v},
            "relationships": {k: v for k, v in sorted(edges.items()) if v}}
