"""Regional layout (区域布局): local firms of a chain by city and segment.

>>> city_segment_matrix(G, "agri_machinery").loc["tractors", "潍坊市"]   # doctest: +SKIP
12
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.analysis.context import chain_context


def city_segment_matrix(G: nx.MultiDiGraph, chain_id: str, *, measure: str = "firms") -> pd.DataFrame:
    """Segments (rows, chain-map order) × cities (columns, busiest first): local firms or revenue."""
    ctx = chain_context(G, chain_id)
    order = sorted(ctx.dag.nodes, key=lambda s: ctx.dag.nodes[s]["order"])
    cells: dict[tuple[str, str], float] = {}
    for s in order:
        for f in ctx.local_members(s):
            city = ctx.firms[f].get("city") or "?"
            value = 1.0 if measure == "firms" else ctx.revenue_in[(f, s)]
            cells[(s, city)] = cells.get((s, city), 0.0) + value
    cities = sorted({c for _, c in cells})
    frame = pd.DataFrame(0.0, index=order, columns=cities)
    for (s, c), value in cells.items():
        frame.loc[s, c] = value
    frame = frame[sorted(cities, key=lambda c: (-frame[c].sum(), c))]
    return frame.astype(int) if measure == "firms" else frame.round(1)


def city_layout(G: nx.MultiDiGraph, chain_id: str) -> pd.DataFrame:
    """One row per city: local firms, revenue in the chain, segments covered and the three largest."""
    firms = city_segment_matrix(G, chain_id)
    revenue = city_segment_matrix(G, chain_id, measure="revenue")
    ctx = chain_context(G, chain_id)
    rows = []
    for city in firms.columns:
        counts = firms[city]
        top = counts[counts > 0].sort_values(ascending=False, kind="stable").head(3).index
        rows.append({"city": city, "local_firms": len({f for s in ctx.dag.nodes for f in ctx.local_members(s)
                                                       if ctx.firms[f].get("city") == city}),
                     "revenue": round(float(revenue[city].sum()), 1), "segments_covered": int((counts > 0).sum()),
                     "main_segments": "、".join(ctx.dag.nodes[s]["name"] for s in top)})
    return pd.DataFrame(rows, columns=["city", "local_firms", "revenue", "segments_covered", "main_segments"])


def chain_city_matrix(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Chains (rows) × cities (columns, busiest first): local firms operating in the chain."""
    from graph.analysis.context import chain_ids

    cells: dict[tuple[str, str], int] = {}
    for chain_id in chain_ids(G):
        ctx = chain_context(G, chain_id)
        for attrs in ctx.firms.values():
            if attrs["local"] and attrs.get("city"):
                cells[(chain_id, attrs["city"])] = cells.get((chain_id, attrs["city"]), 0) + 1
    frame = pd.DataFrame(0, index=chain_ids(G), columns=sorted({c for _, c in cells}))
    for (chain_id, city), n in cells.items():
        frame.loc[chain_id, city] = n
    return frame[sorted(frame.columns, key=lambda c: (-frame[c].sum(), c))]


def city_location_quotients(matrix: pd.DataFrame) -> pd.DataFrame:
    """LQ of each city in each chain relative to the whole region: (x_kc / x_.c) / (x_k. / x_..)."""
    total = matrix.to_numpy().sum()
    city_share = matrix / matrix.sum(axis=0).replace(0, float("nan"))
    chain_share = matrix.sum(axis=1) / total if total else matrix.sum(axis=1) * 0
    return city_share.div(chain_share.replace(0, float("nan")), axis=0).fillna(0.0).round(3)
