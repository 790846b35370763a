"""One row of facts per segment of a chain: the base table gaps, weak links and strengths read.

>>> segment_table(G, "agri_machinery").loc["tractors", "local_firms"]   # doctest: +SKIP
42
"""
from __future__ import annotations

import weakref

import networkx as nx
import pandas as pd

from graph.analysis.context import chain_context

COLUMNS = ["segment_id", "name", "name_en", "stage", "key_tech", "order", "local_firms", "other_firms",
           "local_revenue", "total_revenue", "hhi", "top_share", "top_firm", "top_firm_name",
           "local_suppliers", "top_supplier", "top_supplier_name", "top_supplier_customers", "supply_edges", "local_supply_edges", "support_rate",
           "downstream_segments", "local_demand"]


def rounded(value, digits: int = 4):
    """``value`` rounded, or None when it is missing (None/NaN)."""
    return None if value is None or pd.isna(value) else round(float(value), digits)


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def segment_table(G: nx.MultiDiGraph, chain_id: str) -> pd.DataFrame:
    """Facts per segment, indexed by segment id, in chain-map order.

    - ``hhi``/``top_share``: concentration of local revenue over local firms (None with no local revenue);
    - ``local_suppliers``: local firms of the segment that supply at least one local firm in the chain;
    - ``support_rate`` (本地配套率): share of supply edges from this segment into local firms
      that come from local suppliers (None when no such edge was observed);
    - ``downstream_segments``: segments reachable downstream in the chain map;
    - ``local_demand``: local firms in the segments this one directly feeds.
    """
    per_graph = _TABLES.setdefault(G, {})
    if chain_id not in per_graph:
        per_graph[chain_id] = _segment_table(G, chain_id)
    return per_graph[chain_id].copy()


def _segment_table(G: nx.MultiDiGraph, chain_id: str) -> pd.DataFrame:
    ctx = chain_context(G, chain_id)
    rows = []
    for s, attrs in sorted(ctx.dag.nodes(data=True), key=lambda item: item[1]["order"]):
        local = ctx.local_members(s)
        revenues = {f: ctx.revenue_in[(f, s)] for f in local}
        local_revenue = sum(revenues.values())
        total_revenue = sum(ctx.revenue_in[(f, s)] for f in ctx.members[s])
        hhi = top_share = top_firm = None
        if local_revenue > 0:
            shares = {f: r / local_revenue for f, r in revenues.items()}
            hhi = sum(x * x for x in shares.values())
            top_firm = max(sorted(shares), key=shares.get)
            top_share = shares[top_firm]
        customers_of = {f: {c for c in ctx.supply.successors(f) if ctx.is_local(c)} for f in ctx.members[s]}
        suppliers = {f: cs for f, cs in customers_of.items() if cs and ctx.is_local(f)}
        top_supplier = max(sorted(suppliers), key=lambda f: len(suppliers[f])) if suppliers else None
        edges = sum(len(cs) for cs in customers_of.values())
        local_edges = sum(len(cs) for cs in suppliers.values())
        rows.append({
            "segment_id": s, "name": attrs["name"], "name_en": attrs["name_en"], "stage": attrs["stage"],
            "key_tech": bool(attrs["key_tech"]), "order": attrs["order"], "local_firms": len(local),
            "other_firms": len(ctx.members[s]) - len(local), "local_revenue": local_revenue,
            "total_revenue": total_revenue, "hhi": hhi, "top_share": top_share, "top_firm": top_firm,
            "top_firm_name": ctx.firms[top_firm]["name"] if top_firm else None,
            "local_suppliers": len(suppliers), "top_supplier": top_supplier,
            "top_supplier_name": ctx.firms[top_supplier]["name"] if top_supplier else None,
            "top_supplier_customers": len(suppliers[top_supplier]) if top_supplier else 0,
            "supply_edges": edges, "local_supply_edges": local_edges,
            "support_rate": local_edges / edges if edges else None,
            "downstream_segments": len(nx.descendants(ctx.dag, s)),
            "local_demand": len({f for t in ctx.dag.successors(s) for f in ctx.local_members(t)}),
        })
    return pd.DataFrame(rows, columns=COLUMNS).set_index("segment_id", drop=False)
