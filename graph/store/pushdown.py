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

import pandas as pd

from graph.analysis.coverage import completeness_from_table, gaps_from_table
from graph.analysis.segments import COLUMNS as SEGMENT_COLUMNS
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.targets import CANDIDATE_COLUMNS, rank_targets, wanted_segments
from graph.analysis.weak_links import weak_links_from_table
from graph.store import queries as Q
from neo4j import Driver, ManagedTransaction


def segment_table_cypher(tx: ManagedTransaction, chain_id: str, version: str | None) -> pd.DataFrame:
    """graph.analysis.segments.segment_table, computed by Neo4j for one load version."""
    rows = []
    for r in tx.run(Q.PUSHDOWN_SEGMENTS, chain_id=chain_id, version=version):
        local_revenue = float(r["local_revenue"] or 0.0)
        locals_, suppliers = r["locals"], r["suppliers"]
        top = locals_[0] if locals_ and local_revenue > 0 else None
        supplier = suppliers[0] if suppliers else None
        edges, local_edges = int(r["supply_edges"] or 0), int(r["local_supply_edges"] or 0)
        rows.append({
            "segment_id": r["segment_id"], "name": r["name"], "name_en": r["name_en"], "stage": r["stage"],
            "key_tech": bool(r["key_tech"]), "order": r["order"], "local_firms": r["local_firms"],
            "other_firms": r["other_firms"], "local_revenue": local_revenue,
            "total_revenue": float(r["total_revenue"] or 0.0),
            "hhi": sum((x["revenue"] / local_revenue) ** 2 for x in locals_) if top else None,
            "top_share": top["revenue"] / local_revenue if top else None,
            "top_firm": top["id"] if top else None, "top_firm_name": top["name"] if top else None,
            "local_suppliers": len(suppliers), "top_supplier": supplier["id"] if supplier else None,
            "top_supplier_name": supplier["name"] if supplier else None,
            "top_supplier_customers": supplier["customers"] if supplier else 0,
            "supply_edges": edges, "local_supply_edges": local_edges,
            "support_rate": local_edges / edges if edges else None,
            "downstream_segments": r["downstream_segments"], "local_demand": r["local_demand"]})
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS).set_index("segment_id", drop=False)


def pushdown_analyze(driver: Driver, *, chain: str | None = None, settings: Settings = DEFAULT,
                     database: str | None = None) -> dict[str, dict]:
    """{chain_id: {name, name_en, completeness, gaps, weak_links, targets}} computed in Neo4j."""
    with driver.session(database=database, default_access_mode="READ") as session:
        return session.execute_read(_analyze, chain, settings)


def _analyze(tx: ManagedTransaction, chain: str | None, settings: Settings) -> dict[str, dict]:
    record = tx.run(Q.READ_DATASET).single()
    version = record["props"].get("version") if record else None
    chains = list(tx.run(Q.PUSHDOWN_CHAINS, version=version))
    known = [c["chain_id"] for c in chains]
    if chain is not None and chain not in known:
        raise KeyError(f"unknown chain '{chain}' (known: {', '.join(known)})")
    results = {}
    for c in chains:
        if chain is not None and c["chain_id"] != chain:
            continue
        table = segment_table_cypher(tx, c["chain_id"], version)
        gap_frame = gaps_from_table(table, settings=settings)
        weak_frame = weak_links_from_table(table, settings=settings)
        wanted = wanted_segments(gap_frame, weak_frame)
        records = tx.run(Q.PUSHDOWN_TARGET_CANDIDATES, chain_id=c["chain_id"], version=version,
                         segment_ids=[s for s, _ in wanted])
        candidates = pd.DataFrame([dict(r) for r in records], columns=CANDIDATE_COLUMNS)
        names = dict(zip(table["segment_id"], zip(table["name"], table["name_en"], strict=True), strict=True))
        results[c["chain_id"]] = {
            "name": c["name"], "name_en": c["name_en"], "segments": table,
            "completeness": completeness_from_table(table), "gaps": gap_frame, "weak_links": weak_frame,
            "targets": rank_targets(candidates, wanted, names, settings=settings)}
    return results
