"""The embedded default store: the dataset's facts live in memory, read from the files; the networkx
graph is built from them the first time someone asks for it.

>>> store = MemoryStore.from_path("data/demo")
>>> store.facts().meta.synthetic
True
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.build import build_graph
from graph.facts import Facts
from graph.io import read_dataset
from graph.model import Dataset
from graph.store.base import GraphStore, facts_counts


class MemoryStore(GraphStore):
    """Holds one dataset's facts in memory; needs nothing but the files."""

    def __init__(self, dataset: Dataset | None = None):
        self._facts: Facts | None = None
        self._graph: nx.MultiDiGraph | None = None
        if dataset is not None:
            self.load(dataset)

    @classmethod
    def from_path(cls, path: str | Path, *, chains: str | Path | None = None) -> MemoryStore:
        return cls(read_dataset(path, chains=chains))

    def load(self, dataset: Dataset, **options) -> dict:
        facts = Facts.from_dataset(dataset)  # built fully before it replaces the old one
        self._facts, self._graph = facts, None
        return facts_counts(facts)

    def chains(self) -> list[dict]:
        return [{"chain_id": c.id, "name": c.name, "name_en": c.name_en, "segments": len(c.segments)}
                for c in sorted(self.facts().chains, key=lambda c: c.id)]

    def counts(self) -> dict:
        return facts_counts(self.facts())

    def facts(self) -> Facts:
        if self._facts is None:
            raise LookupError("the store holds no dataset yet")
        return self._facts

    def graph(self) -> nx.MultiDiGraph:
        if self._graph is None:
            self._graph = build_graph(self.facts()) if self._facts is not None else nx.MultiDiGraph()
        return self._graph

    def version(self) -> str:
        return str(id(self._facts))
