"""Analyses that are aggregations, computed inside Neo4j so the graph never has to fit in Python.

Completeness, gaps, weak links (with the local supporting rate) and attraction-target candidates
come from Cypher aggregations (graph.store.queries.PUSHDOWN_*); only one row per segment or per
candidate travels to Python, where the same scoring functions as the in-memory path turn them
into results. Parity with the in-memory analyses is tested on data/demo. All queries of one call run in one
read transaction pinned to the current load version (graph.store.neo4j), so a load switching versions meanwhile
is never seen halfway.

>>> results = pushdown_analyze(driver, chain="agri_machinery")     # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph.analysis.coverage import completeness_from_table, gaps_from_table
from graph.analysis.segments import segment_rows
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.targets import CANDIDATE_COLUMNS, rank_targets, wanted_segments
from graph.analysis.weak_links import weak_links_from_table
from graph.facts import attributed_revenue, segment_dag
from graph.model import Chain
from graph.store import queries as Q
from neo4j import Driver, ManagedTransaction


def segment_table_cypher(tx: ManagedTransaction, chain: Chain, version: str | None) -> pd.DataFrame:
    """graph.analysis.segments.segment_table for one load version: Neo4j returns the chain's memberships and
    each firm's local customers (one row each), and the same Python definition as the files path computes the
    table from them."""
    rows = pd.DataFrame([dict(r) for r in tx.run(Q.PUSHDOWN_MEMBERS, chain_id=chain.id, version=version)],
                        columns=["firm_id", "name", "local", "revenue", "chain_id", "segment_id", "share"])
    firm_ids = sorted(set(rows["firm_id"]))
    index = pd.Index(firm_ids)
    rows["firm"] = index.get_indexer(rows["firm_id"])
    rows["share"] = pd.to_numeric(rows["share"], errors="coerce").astype(float)
    revenue = np.zeros(len(firm_ids))
    revenue[rows["firm"].to_numpy()] = pd.to_numeric(rows["revenue"], errors="coerce").fillna(0.0).to_numpy()
    rows["revenue_in"] = attributed_revenue(rows, revenue)
    order = {s.id: i for i, s in enumerate(chain.segments)}
    members = rows[rows["chain_id"] == chain.id].assign(_order=lambda m: m["segment_id"].map(order))
    members = members.sort_values(["_order", "firm_id"], kind="stable").reset_index(drop=True)
    members["local"] = members["local"].fillna(False).astype(bool)
    customers = np.zeros(len(firm_ids), dtype=int)
    for r in tx.run(Q.PUSHDOWN_LOCAL_CUSTOMERS, chain_id=chain.id, version=version):
        customers[index.get_loc(r["firm_id"])] = r["customers"]
    return segment_rows(chain, segment_dag(chain), members, customers)


def pushdown_analyze(driver: Driver, *, chain: str | None = None, settings: Settings = DEFAULT,
                     database: str | None = None) -> dict[str, dict]:
    """{chain_id: {name, name_en, completeness, gaps, weak_links, targets}} computed in Neo4j."""
    with driver.session(database=database, default_access_mode="READ") as session:
        return session.execute_read(_analyze, chain, settings)


def _analyze(tx: ManagedTransaction, chain: str | None, settings: Settings) -> dict[str, dict]:
    record = tx.run(Q.READ_DATASET).single()
    version = record["props"].get("version") if record else None
    supply_present = bool(record["props"].get("supply_present", True)) if record else True
    chains = list(tx.run(Q.PUSHDOWN_CHAINS, version=version))
    known = [c["chain_id"] for c in chains]
    if chain is not None and chain not in known:
        raise KeyError(f"unknown chain '{chain}' (known: {', '.join(known)})")
    from graph.store.neo4j import Neo4jStore

    maps = {m.id: m for m in (Neo4jStore.chain_map(r) for r in tx.run(Q.READ_CHAINS, version=version))}
    results = {}
    for c in chains:
        if chain is not None and c["chain_id"] != chain:
            continue
        table = segment_table_cypher(tx, maps[c["chain_id"]], version)
        gap_frame = gaps_from_table(table, settings=settings)
        weak_frame = weak_links_from_table(table, settings=settings, supply_present=supply_present)
        wanted = wanted_segments(gap_frame, weak_frame)
        records = tx.run(Q.PUSHDOWN_TARGET_CANDIDATES, chain_id=c["chain_id"], version=version,
                         segment_ids=[s for s, _ in wanted])
        candidates = pd.DataFrame([dict(r) for r in records], columns=CANDIDATE_COLUMNS)
        names = dict(zip(table["segment_id"], zip(table["name"], table["name_en"], strict=True), strict=True))
        results[c["chain_id"]] = {
            "name": c["name"], "name_en": c["name_en"], "segments": table,
            "completeness": completeness_from_table(table), "gaps": gap_frame, "weak_links": weak_frame,
            "targets": rank_targets(candidates, wanted, names, settings=settings, supply_present=supply_present)}
    return results
