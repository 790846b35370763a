"""Graph kernels inside Neo4j with Graph Data Science (GDS), and the same numbers without it.

:func:`pagerank_both_ways` projects one chain's supply subgraph of the current load version — the firms that
operate in the chain's segments, and one relationship per (supplier, customer) pair among them whose SUPPLIES
row is tagged with the chain or untagged — and runs ``gds.pageRank`` on it forwards (supplier → customer) and
reversed. GDS spreads no dangling mass and does not normalise; its scores are then proportional to networkx's
(the dangling term only adds a uniform vector, which scales the solution), so dividing by their sum gives
``networkx.pagerank`` on the same subgraph. A server without GDS gets the same numbers in Python from the
chain's pairs read from Neo4j, with one warning per process.

>>> pagerank_both_ways(driver, "agri_machinery", alpha=0.85)      # doctest: +SKIP
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


def pagerank_both_ways(driver: Driver, chain_id: str, *, alpha: float = 0.85, database: str | None = None,
                       use_gds: bool | None = None) -> pd.DataFrame:
    """(firm_id, pr_forward, pr_reverse) for every firm operating in ``chain_id``, sorted by firm_id.

    ``use_gds`` None: GDS when the server has it, else the push-down's Python PageRank on the chain's pairs
    read from Neo4j (:mod:`graph.store.chain_reads`), with one warning.
    """
    from graph.store.neo4j import read_version

    if use_gds is None:
        use_gds = has_gds(driver, database=database)
    if use_gds:
        with driver.session(database=database, default_access_mode="READ") as session:
            frame = session.execute_read(lambda tx: gds_pagerank(tx, chain_id, alpha, read_version(tx)[0]))
        return frame.sort_values("firm_id", ignore_index=True)
    from graph.analysis.leaders import chain_pagerank
    from graph.analysis.settings import Settings
    from graph.store.chain_reads import neo4j_facts

    warn_missing()
    facts = neo4j_facts(driver, database=database, use_gds=False)
    chain = facts.chain(chain_id)
    forward, reverse = chain_pagerank(facts, chain, Settings(pagerank_alpha=alpha))
    frame = pd.DataFrame({"firm_id": facts.column("firm_id")[chain.firms], "pr_forward": forward,
                          "pr_reverse": reverse}, columns=COLUMNS)
    return frame.sort_values("firm_id", ignore_index=True)


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
