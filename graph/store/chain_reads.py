"""Facts read from Neo4j one chain at a time: the push-down behind `analyze --source neo4j --pushdown` and the
app's Neo4j mode.

:func:`neo4j_facts` reads what every analysis needs about firms — the firms, their memberships, the projects,
the chain maps, pinned to the current load version — but not the supply table. Each chain's supply rows are
selected inside Neo4j when an analysis first asks for that chain (:class:`Neo4jChains`: the rows tagged with the
chain or untagged whose supplier operates in it; :meth:`graph.facts.Facts.chain` keeps those between the chain's
firms, the same code as for files), and PageRank both ways runs inside Neo4j with Graph Data Science
(:mod:`graph.store.gds`, whose projection pass also returns the pairs; without GDS, or with ``use_gds=False``,
Python computes it from the pairs, with one warning when GDS is missing). Every other number comes from the same
functions as the files path (:mod:`graph.analysis`), so both paths give the same results by construction; the
parity tests check it.

If a load makes another version current while the facts are in use, the next chain read stops with
:class:`DatasetChanged` instead of mixing two datasets. :func:`pagerank_both_ways` gives one chain's PageRank
both ways, in GDS or from the pairs.

>>> facts = neo4j_facts(driver)                          # doctest: +SKIP
>>> analyze(facts, chain="agri_machinery")               # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from graph.analysis.pagerank import chain_pagerank
from graph.analysis.settings import DEFAULT, Settings
from graph.facts import ChainFacts, Facts
from graph.store import gds
from graph.store import queries as Q
from graph.store.base import DatasetChanged
from graph.store.reads import read_dataset
from graph.store.versions import read_held, read_pinned, read_version
from neo4j import Driver, ManagedTransaction


def neo4j_facts(driver: Driver, *, database: str | None = None, year: int | None = None, name: str | None = None,
                use_gds: bool | None = None) -> Facts:
    """The facts of dataset ``name`` in ``year`` (defaults: the one loaded last, its latest year) without its
    supply table; chains read their pairs from Neo4j when asked.

    ``use_gds`` None (default): leaders' PageRank in GDS when the server has it, else in Python from the pairs
    with one warning; False: in Python (a little faster on 2 cores, see BENCHMARKS.md); True: in GDS.
    """
    version, key, dataset = read_pinned(driver, lambda tx, v, meta: (v, meta.get("key"), read_dataset(
        tx, v, meta, supply=False)), database=database, year=year, name=name)
    missing = use_gds is None and not gds.has_gds(driver, database=database)
    use_gds = False if missing else use_gds is not False
    facts = Facts.from_dataset(dataset)
    return Facts(facts.meta, facts.chains, facts.firms, facts.memberships, facts.supply, facts.projects,
                 facts.benchmark, facts.supply_present,
                 reader=Neo4jChains(driver, database, key, version, use_gds, warn=missing))


class Neo4jChains:
    """:class:`graph.facts.ChainReader` over one load version of a Neo4j database. With GDS, one pass over a
    chain's supply rows both projects it for PageRank and returns its pairs; the PageRank (at the default
    damping) is kept until :meth:`pagerank` asks for it."""

    def __init__(self, driver: Driver, database: str | None, key: str, version: str, use_gds: bool, *,
                 warn: bool = False):
        """Reads version ``version`` of dataset ``key``; ``warn``: say once that PageRank runs in Python because
        the server has no GDS."""
        self.driver, self.database, self.key, self.version = driver, database, key, version
        self.use_gds, self.warn = use_gds, warn
        self._pagerank: dict[tuple[str, float], pd.DataFrame] = {}

    def supply_rows(self, facts: Facts, chain_id: str) -> tuple[np.ndarray, np.ndarray]:
        alpha = DEFAULT.pagerank_alpha
        if self.use_gds:
            frame, suppliers, customers = self._read(lambda tx, version: gds.gds_chain(tx, chain_id, alpha, version))
            self._pagerank = {(chain_id, alpha): frame}
        else:
            record = self._read(lambda tx, version: tx.run(Q.CHAIN_SUPPLY_ROWS, chain_id=chain_id,
                                                           version=version).single())
            suppliers, customers = record["suppliers"], record["customers"]
        return facts.firm_code.get_indexer(suppliers), facts.firm_code.get_indexer(customers)

    def firm_supply(self, facts: Facts, code: int) -> pd.DataFrame:
        rows = pd.DataFrame(self._read(lambda tx, version: [
            r.values() for r in tx.run(Q.FIRM_SUPPLY, firm_id=facts.firm_code[code], version=version)]),
            columns=["supplier_id", "customer_id", "chain_id", "amount"])
        codes = facts.firm_code
        return pd.DataFrame({"supplier": codes.get_indexer(rows["supplier_id"]),
                             "customer": codes.get_indexer(rows["customer_id"]),
                             "chain_id": rows["chain_id"].astype(object).where(rows["chain_id"].notna(), None),
                             "amount": pd.to_numeric(rows["amount"], errors="coerce").astype(float)})

    def pagerank(self, chain: ChainFacts, *, alpha: float) -> tuple[np.ndarray, np.ndarray] | None:
        if not self.use_gds:
            if self.warn:
                gds.warn_missing()
            return None
        frame = self._pagerank.get((chain.chain_id, alpha))
        if frame is None:
            frame = self._read(lambda tx, version: gds.gds_pagerank(tx, chain.chain_id, alpha, version))
        if len(frame) != len(chain.firms):
            raise DatasetChanged(f"GDS ranked {len(frame)} firms of chain {chain.chain_id}, the facts hold "
                                 f"{len(chain.firms)}: run again")
        forward, reverse = np.zeros(len(chain.firms)), np.zeros(len(chain.firms))
        position = np.searchsorted(chain.firms, pd.Index(chain.firm_ids).get_indexer(frame["firm_id"]))
        forward[position], reverse[position] = frame["pr_forward"].to_numpy(), frame["pr_reverse"].to_numpy()
        return forward, reverse

    def _read(self, work: Callable[[ManagedTransaction, str], object]):
        return read_held(self.driver, self.database, self.key, self.version, work)


def pagerank_both_ways(driver: Driver, chain_id: str, *, alpha: float = 0.85, database: str | None = None,
                       use_gds: bool | None = None) -> pd.DataFrame:
    """(firm_id, pr_forward, pr_reverse) for every firm operating in ``chain_id``, sorted by firm_id.

    ``use_gds`` None: GDS when the server has it (:mod:`graph.store.gds`), else the push-down's Python PageRank
    on the chain's pairs read from Neo4j, with one warning.

    >>> pagerank_both_ways(driver, "agri_machinery", alpha=0.85)      # doctest: +SKIP
         firm_id  pr_forward  pr_reverse
    0    F000012    0.000713    0.000402
    """
    if use_gds is None:
        use_gds = gds.has_gds(driver, database=database)
    if use_gds:
        with driver.session(database=database, default_access_mode="READ") as session:
            frame = session.execute_read(lambda tx: gds.gds_pagerank(tx, chain_id, alpha, read_version(tx)[0]))
        return frame.sort_values("firm_id", ignore_index=True)
    gds.warn_missing()
    facts = neo4j_facts(driver, database=database, use_gds=False)
    chain = facts.chain(chain_id)
    forward, reverse = chain_pagerank(facts, chain, Settings(pagerank_alpha=alpha))
    frame = pd.DataFrame({"firm_id": facts.column("firm_id")[chain.firms], "pr_forward": forward,
                          "pr_reverse": reverse}, columns=gds.COLUMNS)
    return frame.sort_values("firm_id", ignore_index=True)
