"""Graph kernels inside Neo4j with Graph Data Science (GDS), run in a read transaction pinned to one version.

:func:`gds_chain` projects one chain's supply subgraph of load version ``version`` — the firms that operate in the
chain's segments, and one relationship per (supplier, customer) pair among them whose SUPPLIES row is tagged with
the chain or untagged — and runs ``gds.pageRank`` on it forwards (supplier → customer) and reversed. GDS spreads
no dangling mass and does not normalise; its scores are then proportional to networkx's (the dangling term only
adds a uniform vector, which scales the solution), so dividing by their sum gives ``networkx.pagerank`` on the
same subgraph. Without GDS the push-down computes the same numbers in Python from the chain's pairs
(graph.store.chain_reads, with one warning per process: :func:`warn_missing`).

>>> session.execute_read(gds_pagerank, "agri_machinery", 0.85, version)      # doctest: +SKIP
     firm_id  pr_forward  pr_reverse
0    F000012    0.000713    0.000402
"""
from __future__ import annotations

import uuid
import warnings

import pandas as pd

from graph.store import queries as Q
from neo4j import Driver, ManagedTransaction

COLUMNS = ["firm_id", "pr_forward", "pr_reverse"]
_warned = False


class GdsMissing(UserWarning):
    """The Neo4j server has no Graph Data Science plugin; kernels run in Python on the pairs read from it."""


def has_gds(driver: Driver, *, database: str | None = None) -> bool:
    """True when the server offers ``gds.pageRank`` (Community, Enterprise or Aura Graph Analytics)."""
    records, _, _ = driver.execute_query(Q.HAS_GDS, database_=database, routing_="r")
    return bool(records[0]["gds"])


def warn_missing() -> None:
    """Warn once per process that PageRank runs in Python because the server has no GDS."""
    global _warned
    if not _warned:
        warnings.warn("Neo4j has no Graph Data Science plugin: PageRank is computed in Python from the "
                      "chain's supply pairs read from Neo4j", GdsMissing, stacklevel=3)
        _warned = True


def gds_pagerank(tx: ManagedTransaction, chain_id: str, alpha: float, version: str | None) -> pd.DataFrame:
    """(firm_id, pr_forward, pr_reverse) of the chain's firms in load ``version``, computed by GDS and scaled
    to sum 1 like networkx, by firm id."""
    return gds_chain(tx, chain_id, alpha, version)[0]


def gds_chain(tx: ManagedTransaction, chain_id: str, alpha: float,
              version: str | None) -> tuple[pd.DataFrame, list[str], list[str]]:
    """:func:`gds_pagerank`, and the chain's distinct supply pairs (supplier ids, customer ids) from the same
    pass over its supply rows that built the projection."""
    scores = {}
    name = f"chain-explorer-{uuid.uuid4().hex}"
    relationships, suppliers, customers = tx.run(Q.GDS_PROJECT_SUPPLY, graph_name=name, chain_id=chain_id,
                                                 version=version).single().values()
    if relationships is None:        # a chain without firms: nothing was projected
        return pd.DataFrame(columns=COLUMNS), [], []
    try:
        for column, direction in (("pr_forward", "FORWARD"), ("pr_reverse", "REVERSE")):
            types = [direction] if relationships else ["*"]    # no edges: every node is dangling, scores uniform
            rows = tx.run(Q.GDS_PAGERANK_STREAM, graph_name=name, alpha=alpha, types=types).values()
            total = sum(score for _, score in rows)
            scores[column] = {firm: score / total for firm, score in rows} if total else {}
    finally:
        tx.run(Q.GDS_DROP, graph_name=name).consume()
    firms = sorted(scores["pr_forward"])
    frame = pd.DataFrame({"firm_id": firms, "pr_forward": [scores["pr_forward"][f] for f in firms],
                          "pr_reverse": [scores["pr_reverse"][f] for f in firms]}, columns=COLUMNS)
    return frame, suppliers, customers
