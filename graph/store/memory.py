"""The embedded default store: the graph lives in memory, built from the files.

>>> store = MemoryStore.from_path("data/demo")   # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.build import build_graph
from graph.io import read_dataset
from graph.model import Dataset
from graph.store.base import GraphStore, graph_counts


class MemoryStore(GraphStore):
    """Holds one dataset's graph in memory; needs nothing but the files."""

    def __init__(self, dataset: Dataset | None = None):
        self._graph = nx.MultiDiGraph()
        if dataset is not None:
            self.load(dataset)

    @classmethod
    def from_path(cls, path: str | Path, *, chains: str | Path | None = None) -> MemoryStore:
        return cls(read_dataset(path, chains=chains))

    def load(self, dataset: Dataset, **options) -> dict:
        graph = build_graph(dataset)  # built fully before it replaces the old one
        self._graph = graph
        return graph_counts(graph)

    def graph(self) -> nx.MultiDiGraph:
        return self._graph
