"""What analyses accept: :class:`graph.facts.Facts`, or a graph / dataset turned into facts.

Passing a networkx graph works (notebooks change graphs); it is converted on every call, so
analyses always see the graph as it is now. Pass facts for speed.

>>> from graph.io import read_dataset
>>> facts = as_facts(read_dataset("data/demo"))
>>> as_facts(facts) is facts
True
"""
from __future__ import annotations

import networkx as nx

from graph.build import dataset_from_graph
from graph.facts import Facts
from graph.model import Dataset


def as_facts(source: Facts | nx.MultiDiGraph | Dataset) -> Facts:
    """``source`` as facts; a graph as :func:`graph.build.build_graph` makes it — also after a researcher
    changed it — through :func:`graph.build.dataset_from_graph`.

    >>> from graph.build import build_graph
    >>> from graph.io import read_dataset
    >>> facts = Facts.from_dataset(read_dataset("data/demo"))
    >>> as_facts(build_graph(facts)).firms.shape == facts.firms.shape
    True
    """
    if isinstance(source, Facts):
        return source
    if isinstance(source, nx.Graph):
        return Facts.from_dataset(dataset_from_graph(source))
    if isinstance(source, Dataset):
        return Facts.from_dataset(source)
    raise TypeError(f"expected Facts, a networkx graph or a Dataset, not {type(source).__name__}")
