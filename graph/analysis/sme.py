"""SME matching (融链固链): local 专精特新 firms that could join a leader's supply chain.

For a leader L: its supplier segments are the chain-map predecessors of L's segments. The
candidates are local firms tagged 专精特新/小巨人 in those segments that do not yet supply L,
ranked by how many non-local suppliers L uses in that segment (room to substitute imports),
then by how many local firms the SME already supplies (proven), then revenue.

>>> sme_matches(G, "agri_machinery", "F000123")      # doctest: +SKIP
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.analysis.context import chain_context
from graph.analysis.reasons import reason
from graph.analysis.settings import DEFAULT, Settings

COLUMNS = ["leader_id", "segment_id", "segment_name", "firm_id", "name", "city", "tags", "leader_imports",
           "local_customers", "revenue", "reasons"]


def sme_matches(G: nx.MultiDiGraph, chain_id: str, leader_id: str, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    ctx = chain_context(G, chain_id)
    if leader_id not in ctx.firms:
        return pd.DataFrame(columns=COLUMNS)
    current = set(ctx.supply.predecessors(leader_id))
    supplier_segments = sorted({u for s in ctx.firm_segments[leader_id] for u in ctx.dag.predecessors(s)})
    rows = []
    for seg in supplier_segments:
        imports = sum(1 for p in current if not ctx.is_local(p) and seg in ctx.firm_segments[p])
        for f in ctx.local_members(seg):
            tags = list(ctx.firms[f].get("tags") or [])
            if f == leader_id or f in current or not set(tags) & set(settings.sme_tags):
                continue
            customers = sum(ctx.is_local(c) for c in ctx.supply.successors(f))
            reasons = [reason("sme_in_supplier_segment", segment=ctx.segment_attr(seg, "name"))]
            if imports:
                reasons.append(reason("sme_replaces_imports", suppliers=imports))
            if customers:
                reasons.append(reason("sme_proven", customers=customers))
            rows.append({"leader_id": leader_id, "segment_id": seg, "segment_name": ctx.segment_attr(seg, "name"),
                         "firm_id": f, "name": ctx.firms[f]["name"], "city": ctx.firms[f].get("city"), "tags": tags,
                         "leader_imports": imports, "local_customers": customers,
                         "revenue": ctx.firms[f].get("revenue"), "reasons": reasons})
    rows.sort(key=lambda r: (-r["leader_imports"], -r["local_customers"], -(r["revenue"] or 0.0), r["name"]))
    return pd.DataFrame(rows, columns=COLUMNS)
