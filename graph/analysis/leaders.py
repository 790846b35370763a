"""Chain leaders (链主) and key supporting firms (重点配套).

Leader score = Σ weight · component / max(component over the chain's local firms), with
components: revenue share in the chain; PageRank on supplier→customer edges (rewards
integrators that many supply flows reach); PageRank on the reversed edges (rewards critical
suppliers); distinct local partners; segments covered; tags (链主 itself excluded, so the
agreement with firms already tagged 链主 is a real check). Ties break on revenue, then name,
so the ranking does not depend on firm ids.

>>> leaders(G, "agri_machinery").iloc[0]["name"]    # doctest: +SKIP
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.context import chain_context
from graph.analysis.reasons import reason
from graph.analysis.settings import DEFAULT, Settings

COMPONENTS = ("revenue_share", "pagerank_integrator", "pagerank_supplier", "local_partners", "segments_covered",
              "tag_score")


def tag_score(tags, settings: Settings = DEFAULT) -> float:
    """Sum of tag values (Settings.tag_values), capped at 1."""
    return min(1.0, sum(settings.tag_values.get(t, 0.0) for t in tags or ()))


def pagerank(graph: nx.DiGraph, *, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 500) -> dict:
    """PageRank of an unweighted DiGraph: ``nx.pagerank``'s power iteration (uniform teleport,
    dangling mass spread uniformly, stop when the L1 change < n·tol) on a CSR matrix built straight
    from integer arrays, which skips networkx's per-edge conversion (the slow part at 10^6 edges).

    >>> round(pagerank(nx.DiGraph([(0, 1)]))[1], 4)
    0.6491
    """
    from scipy import sparse

    n, m = graph.number_of_nodes(), graph.number_of_edges()
    if m == 0:
        return dict.fromkeys(graph, 0.0)
    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    sources = np.fromiter((index[u] for u, _ in graph.edges), dtype=np.int64, count=m)
    targets = np.fromiter((index[v] for _, v in graph.edges), dtype=np.int64, count=m)
    out_degree = np.bincount(sources, minlength=n).astype(float)
    matrix = sparse.csr_array((1.0 / out_degree[sources], (sources, targets)), shape=(n, n))
    dangling = out_degree == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = x
        x = alpha * (x @ matrix + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - previous).sum() < n * tol:
            break
    return dict(zip(nodes, x.tolist(), strict=True))



def leaders(G: nx.MultiDiGraph, chain_id: str, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """Every local firm of the chain ranked by the composite leader score, with each component."""
    ctx = chain_context(G, chain_id)
    local = [f for f in ctx.firms if ctx.is_local(f)]
    chain_revenue = {f: sum(ctx.revenue_in[(f, s)] for s in ctx.firm_segments[f]) for f in local}
    total = sum(chain_revenue.values())
    pr_integrator = pagerank(ctx.supply, alpha=settings.pagerank_alpha)
    pr_supplier = pagerank(ctx.supply.reverse(copy=False), alpha=settings.pagerank_alpha)
    raw = {}
    for f in local:
        partners = {p for p in nx.all_neighbors(ctx.supply, f) if ctx.is_local(p)}
        raw[f] = {"revenue_share": chain_revenue[f] / total if total else 0.0,
                  "pagerank_integrator": pr_integrator.get(f, 0.0), "pagerank_supplier": pr_supplier.get(f, 0.0),
                  "local_partners": float(len(partners)), "segments_covered": float(len(ctx.firm_segments[f])),
                  "tag_score": tag_score(ctx.firms[f].get("tags"), settings)}
    peak = {c: max((r[c] for r in raw.values()), default=0.0) for c in COMPONENTS}
    rows = []
    for f, values in raw.items():
        normalised = {c: values[c] / peak[c] if peak[c] else 0.0 for c in COMPONENTS}
        score = sum(settings.leader_weights[c] * normalised[c] for c in COMPONENTS)
        attrs = ctx.firms[f]
        rows.append({"firm_id": f, "name": attrs["name"], "city": attrs.get("city"), "score": round(score, 6),
                     "revenue": attrs.get("revenue"), "tags": list(attrs.get("tags") or []),
                     "tagged_leader": "链主" in (attrs.get("tags") or []),
                     "segments": sorted(ctx.firm_segments[f]),
                     **{c: round(values[c], 6) for c in COMPONENTS},
                     "components": {c: round(normalised[c], 4) for c in COMPONENTS}})
    columns = ["rank", "firm_id", "name", "city", "score", "revenue", "tags", "tagged_leader", "segments",
               *COMPONENTS, "components", "reasons"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame["_revenue"] = frame["revenue"].fillna(0.0)
    frame = frame.sort_values(["score", "_revenue", "name"], ascending=[False, False, True], ignore_index=True)
    frame = frame.drop(columns="_revenue")
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame["reasons"] = [_leader_reasons(r) for r in frame.itertuples()]
    return frame[columns]


def _leader_reasons(row) -> list[dict]:
    reasons = [reason("leader_revenue_share", share=round(row.revenue_share, 4))]
    if row.local_partners:
        reasons.append(reason("leader_partners", partners=int(row.local_partners)))
    strongest = max(("pagerank_integrator", "pagerank_supplier"), key=lambda c: row.components[c])
    if row.components[strongest] >= 0.5:
        reasons.append(reason("leader_" + strongest, normalised=row.components[strongest]))
    if len(row.segments) > 1:
        reasons.append(reason("leader_segments", segments=len(row.segments)))
    if row.tags:
        reasons.append(reason("leader_tags", tags="、".join(row.tags)))
    return reasons


def leader_agreement(ranking: pd.DataFrame) -> dict:
    """How well the ranking agrees with firms already tagged 链主: precision at k = number tagged."""
    tagged = ranking[ranking["tagged_leader"]] if len(ranking) else ranking
    k = len(tagged)
    if not k:
        return {"tagged": 0, "k": 0, "in_top_k": 0, "precision_at_k": None, "mean_rank_of_tagged": None}
    in_top = int((tagged["rank"] <= k).sum())
    return {"tagged": k, "k": k, "in_top_k": in_top, "precision_at_k": round(in_top / k, 4),
            "mean_rank_of_tagged": round(float(tagged["rank"].mean()), 2)}


def key_suppliers(G: nx.MultiDiGraph, chain_id: str, *, settings: Settings = DEFAULT,
                  ranking: pd.DataFrame | None = None) -> pd.DataFrame:
    """重点配套: local suppliers many local firms or the top leaders depend on, most depended-on first.

    score = w_c · local customers / max + w_l · top leaders supplied / max; ``sole_supplier_of``
    counts local customers for which the firm is their only local supplier.
    """
    ctx = chain_context(G, chain_id)
    ranking = leaders(G, chain_id, settings=settings) if ranking is None else ranking
    top = set(ranking.head(settings.leaders_top)["firm_id"])
    local_suppliers_of = {c: sum(ctx.is_local(p) for p in ctx.supply.predecessors(c)) for c in ctx.firms
                          if ctx.is_local(c)}
    rows = []
    for f in ctx.firms:
        if not ctx.is_local(f):
            continue
        customers = [c for c in ctx.supply.successors(f) if ctx.is_local(c)]
        if not customers:
            continue
        sole = sum(1 for c in customers if local_suppliers_of[c] == 1)
        rows.append({"firm_id": f, "name": ctx.firms[f]["name"], "city": ctx.firms[f].get("city"),
                     "segments": sorted(ctx.firm_segments[f]), "local_customers": len(customers),
                     "leaders_supplied": len(top.intersection(customers)), "sole_supplier_of": sole,
                     "tags": list(ctx.firms[f].get("tags") or []), "revenue": ctx.firms[f].get("revenue")})
    columns = ["rank", "firm_id", "name", "city", "score", "segments", "local_customers", "leaders_supplied",
               "sole_supplier_of", "tags", "revenue", "reasons"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    peak_c, peak_l = frame["local_customers"].max(), max(1, frame["leaders_supplied"].max())
    frame["score"] = (settings.supporting_weight_customers * frame["local_customers"] / peak_c
                      + settings.supporting_weight_leaders * frame["leaders_supplied"] / peak_l).round(6)
    frame["_revenue"] = frame["revenue"].fillna(0.0)
    frame = frame.sort_values(["score", "_revenue", "name"], ascending=[False, False, True], ignore_index=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame["reasons"] = [[reason("supplier_local_customers", customers=int(r.local_customers)),
                         *([reason("supplier_leaders", leaders=int(r.leaders_supplied))] if r.leaders_supplied else []),
                         *([reason("supplier_sole", customers=int(r.sole_supplier_of))] if r.sole_supplier_of else [])]
                        for r in frame.itertuples()]
    return frame[columns].head(settings.supporting_top)


def ranking_sensitivity(G: nx.MultiDiGraph, chain_id: str, weight_sets: dict[str, dict], *, top: int = 10,
                        settings: Settings = DEFAULT) -> pd.DataFrame:
    """How the leader ranking moves when the component weights change.

    For each named weight set: overlap of the top ``top`` with the default ranking, Spearman's
    rank correlation over all local firms, and the new number one.

    >>> ranking_sensitivity(G, "agri_machinery", {"revenue only": {"revenue_share": 1.0}})   # doctest: +SKIP
    """
    from dataclasses import replace

    from scipy.stats import spearmanr

    base = leaders(G, chain_id, settings=settings)
    base_rank = dict(zip(base["firm_id"], base["rank"], strict=True))
    rows = []
    for name, weights in weight_sets.items():
        full = {c: float(weights.get(c, 0.0)) for c in COMPONENTS}
        other = leaders(G, chain_id, settings=replace(settings, leader_weights=full))
        other_rank = dict(zip(other["firm_id"], other["rank"], strict=True))
        firms = sorted(base_rank)
        rho = spearmanr([base_rank[f] for f in firms], [other_rank[f] for f in firms]).statistic if len(firms) > 2 else None
        overlap = len(set(base["firm_id"][:top]) & set(other["firm_id"][:top])) / max(1, min(top, len(base)))
        rows.append({"weights": name, "top_overlap": round(overlap, 4),
                     "spearman": None if rho is None else round(float(rho), 4),
                     "new_first": other["name"].iloc[0] if len(other) else None})
    return pd.DataFrame(rows, columns=["weights", "top_overlap", "spearman", "new_first"])
