"""Location quotients, strengths (锻长板) and extension (延链) by relatedness density.

The region × segment matrix X holds revenue (firm counts where no revenue is given) of every
province in the data in every segment of every chain. From it (Hidalgo et al., Science 2007):

- RCA / location quotient  LQ_rs = (X_rs / Σ_s X_rs) / (Σ_r X_rs / Σ X);  M_rs = 1 where LQ_rs ≥ 1;
- proximity  φ_ss' = Σ_r M_rs M_rs' / max(k_s, k_s'),  k_s = Σ_r M_rs (ubiquity);
- density  ω_rs = Σ_s' M_rs' φ_ss' / Σ_s' φ_ss'  (how much of what is related to s the region has).

>>> lq = location_quotients(G)        # doctest: +SKIP
>>> lq.loc["山东省", "agri_machinery/tractors"]   # doctest: +SKIP
1.31
"""
from __future__ import annotations

import weakref

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.context import chain_context
from graph.analysis.reasons import reason
from graph.analysis.segments import segment_table
from graph.analysis.settings import DEFAULT, Settings
from graph.build import nodes_of_kind, views

_MATRICES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def region_segment_matrix(G: nx.MultiDiGraph, *, measure: str = "revenue") -> pd.DataFrame:
    """Provinces × segments ("chain/segment") of revenue (``measure='revenue'``) or firm counts ('firms')."""
    key = (measure,)
    per_graph = _MATRICES.setdefault(G, {})
    if key in per_graph:
        return per_graph[key].copy()
    v = views(G)
    firms = {d["firm_id"]: d for d in nodes_of_kind(G, "firm").values()}
    columns = sorted(f"{c}/{s}" for c, dag in v.segment_dags.items() for s in dag.nodes)
    cells: dict[tuple[str, str], float] = {}
    for (chain_id, segment_id), members in v.segment_firms.items():
        ctx = chain_context(G, chain_id)
        for f in members:
            value = ctx.revenue_in[(f, segment_id)] if measure == "revenue" else 1.0
            cell = (firms[f]["province"], f"{chain_id}/{segment_id}")
            cells[cell] = cells.get(cell, 0.0) + value
    regions = sorted({r for r, _ in cells} | {G.graph["region"]})
    row_of = {r: i for i, r in enumerate(regions)}
    column_of = {c: j for j, c in enumerate(columns)}
    values = np.zeros((len(regions), len(columns)))
    for (r, s), value in cells.items():
        values[row_of[r], column_of[s]] = value
    matrix = pd.DataFrame(values, index=regions, columns=columns)
    per_graph[key] = matrix
    return matrix.copy()


def location_quotients(X: pd.DataFrame | nx.MultiDiGraph, *, measure: str = "revenue") -> pd.DataFrame:
    """LQ/RCA of every region in every segment (0 where a region or segment is empty)."""
    if isinstance(X, nx.MultiDiGraph):
        X = region_segment_matrix(X, measure=measure)
    values = X.to_numpy(dtype=float)
    total = values.sum()
    region_totals = values.sum(axis=1, keepdims=True)
    segment_totals = values.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (values / region_totals) / (segment_totals / total)
    return pd.DataFrame(np.nan_to_num(lq, nan=0.0, posinf=0.0), index=X.index, columns=X.columns)


def proximity(M: pd.DataFrame) -> pd.DataFrame:
    """φ between segments from a binary region × segment matrix."""
    m = M.to_numpy(dtype=float)
    co = m.T @ m
    ubiquity = m.sum(axis=0)
    denominator = np.maximum.outer(ubiquity, ubiquity)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(denominator > 0, co / denominator, 0.0)
    return pd.DataFrame(phi, index=M.columns, columns=M.columns)


def density(M: pd.DataFrame, phi: pd.DataFrame | None = None) -> pd.DataFrame:
    """ω of every region in every segment."""
    phi = proximity(M) if phi is None else phi
    p = phi.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        omega = (M.to_numpy(dtype=float) @ p) / p.sum(axis=0)
    return pd.DataFrame(np.nan_to_num(omega, nan=0.0), index=M.index, columns=M.columns)


def strengths(G: nx.MultiDiGraph, chain_id: str, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """Segments where the region is specialised (LQ ≥ threshold on revenue or on firm counts)."""
    region = G.graph["region"]
    lq_revenue = location_quotients(G, measure="revenue").loc[region]
    lq_firms = location_quotients(G, measure="firms").loc[region]
    rows = []
    for s, row in segment_table(G, chain_id).iterrows():
        column = f"{chain_id}/{s}"
        by_revenue, by_firms = float(lq_revenue[column]), float(lq_firms[column])
        if row["local_firms"] < settings.strength_min_local_firms:
            continue
        if max(by_revenue, by_firms) < settings.strength_min_lq:
            continue
        local_share = row["local_revenue"] / row["total_revenue"] if row["total_revenue"] else 0.0
        rows.append({"segment_id": s, "name": row["name"], "name_en": row["name_en"], "stage": row["stage"],
                     "lq_revenue": round(by_revenue, 4), "lq_firms": round(by_firms, 4),
                     "local_firms": int(row["local_firms"]), "local_share": round(local_share, 4),
                     "reasons": [reason("strength_lq", lq_revenue=round(by_revenue, 2), lq_firms=round(by_firms, 2),
                                        local_share=round(local_share, 3))]})
    frame = pd.DataFrame(rows, columns=["segment_id", "name", "name_en", "stage", "lq_revenue", "lq_firms",
                                        "local_firms", "local_share", "reasons"])
    return frame.sort_values(["lq_revenue", "segment_id"], ascending=[False, True], ignore_index=True)


def extension(G: nx.MultiDiGraph, chain_id: str, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """延链 candidates: segments next to the region's strengths (upstream or downstream) in which the
    region is not specialised (M = 0), ranked by relatedness density ω."""
    region = G.graph["region"]
    lq = location_quotients(G, measure="revenue")
    M = (lq >= 1.0).astype(float)
    omega = density(M).loc[region]
    strong = set(strengths(G, chain_id, settings=settings)["segment_id"])
    dag = chain_context(G, chain_id).dag
    table = segment_table(G, chain_id)
    rows = []
    for s in sorted(dag.nodes):
        column = f"{chain_id}/{s}"
        if M.loc[region, column] or s in strong:
            continue
        upstream_of = sorted(t for t in dag.successors(s) if t in strong)
        downstream_of = sorted(t for t in dag.predecessors(s) if t in strong)
        if not upstream_of and not downstream_of:
            continue
        row = table.loc[s]
        reasons = []
        if upstream_of:
            reasons.append(reason("extension_upstream_of", strengths="、".join(table.loc[upstream_of, "name"])))
        if downstream_of:
            reasons.append(reason("extension_downstream_of", strengths="、".join(table.loc[downstream_of, "name"])))
        reasons.append(reason("extension_density", density=round(float(omega[column]), 3)))
        if row["local_firms"] == 0:
            reasons.append(reason("gap_no_local_firm", other_firms=int(row["other_firms"])))
        rows.append({"segment_id": s, "name": row["name"], "name_en": row["name_en"], "stage": row["stage"],
                     "density": round(float(omega[column]), 4), "lq_revenue": round(float(lq.loc[region, column]), 4),
                     "local_firms": int(row["local_firms"]), "feeds_strengths": upstream_of,
                     "fed_by_strengths": downstream_of, "reasons": reasons})
    frame = pd.DataFrame(rows, columns=["segment_id", "name", "name_en", "stage", "density", "lq_revenue",
                                        "local_firms", "feeds_strengths", "fed_by_strengths", "reasons"])
    frame = frame.sort_values(["density", "segment_id"], ascending=[False, True], ignore_index=True)
    return frame.head(settings.extension_top)
