"""PageRank of a chain's supply network, forwards (integrators that many supply flows reach) and reversed
(critical suppliers): the power iteration of ``nx.pagerank`` on a sparse matrix, or the facts' reader's own
(Neo4j GDS) when it computes it. Two components of the leader score (graph/analysis/leaders.py).

>>> round(pagerank(nx.DiGraph([(0, 1)]))[1], 4)
0.6491
"""
from __future__ import annotations

import networkx as nx
import numpy as np

from graph.analysis.settings import DEFAULT, Settings


def pagerank_arrays(n: int, sources: np.ndarray, targets: np.ndarray, *, alpha: float = 0.85, tol: float = 1e-10,
                    max_iter: int = 500) -> np.ndarray:
    """PageRank of nodes 0..n-1 over unweighted edges: ``nx.pagerank``'s power iteration (uniform
    teleport, dangling mass spread uniformly, stop when the L1 change < n·tol) on a CSR matrix.
    Edges must be distinct (callers pass deduplicated pairs). A graph without edges gives every node 1/n,
    as networkx does.

    >>> pagerank_arrays(2, np.array([0]), np.array([1])).round(4).tolist()
    [0.3509, 0.6491]
    >>> pagerank_arrays(3, np.array([], dtype=int), np.array([], dtype=int)).tolist() == [1 / 3] * 3
    True
    """
    from scipy import sparse  # lazy: scipy.sparse (~60 ms) only when a ranking is computed

    if n == 0:
        return np.zeros(0)
    out_degree = np.bincount(sources, minlength=n).astype(float)
    matrix = sparse.csr_array((1.0 / out_degree[sources], (sources, targets)), shape=(n, n))
    dangling = out_degree == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = x
        x = alpha * (x @ matrix + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - previous).sum() < n * tol:
            break
    return x


def pagerank(graph: nx.DiGraph, *, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 500) -> dict:
    """:func:`pagerank_arrays` on a networkx DiGraph: {node: PageRank}.

    >>> round(pagerank(nx.DiGraph([(0, 1)]))[1], 4)
    0.6491
    """
    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    m = graph.number_of_edges()
    sources = np.fromiter((index[u] for u, _ in graph.edges), dtype=np.int64, count=m)
    targets = np.fromiter((index[v] for _, v in graph.edges), dtype=np.int64, count=m)
    x = pagerank_arrays(len(nodes), sources, targets, alpha=alpha, tol=tol, max_iter=max_iter)
    return dict(zip(nodes, x.tolist(), strict=True))


def chain_pagerank(facts, chain, settings: Settings = DEFAULT) -> tuple[np.ndarray, np.ndarray]:
    """PageRank over the chain's supply pairs forwards (integrators) and reversed (suppliers), aligned with
    ``chain.firms``: from the facts' reader when it computes it (Neo4j GDS), else here.

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> facts = Facts.from_dataset(read_dataset("data/demo"))
    >>> forward, reverse = chain_pagerank(facts, facts.chain("agri_machinery"))
    >>> round(float(forward.sum()), 9), len(forward) == len(facts.chain("agri_machinery").firms)
    (1.0, True)
    """
    if facts.reader is not None:
        given = facts.reader.pagerank(chain, alpha=settings.pagerank_alpha)
        if given is not None:
            return given
    nodes = chain.firms   # relabelled 0..m-1
    src = np.searchsorted(nodes, chain.pairs["supplier"].to_numpy())
    dst = np.searchsorted(nodes, chain.pairs["customer"].to_numpy())
    pr_args = {"alpha": settings.pagerank_alpha, "tol": settings.pagerank_tol, "max_iter": settings.pagerank_max_iter}
    return pagerank_arrays(len(nodes), src, dst, **pr_args), pagerank_arrays(len(nodes), dst, src, **pr_args)
