"""Attraction targets (招商): non-local firms in a chain's gap and weak segments.

For each gap or weak segment, its non-local firms are ranked by
score = w_c · local customers already supplied / max + w_s · log(1 + revenue) / max + w_t · tag score,
maxima taken over the segment's candidates.

>>> attraction_targets(G, "agri_machinery").head(3)   # doctest: +SKIP
"""
from __future__ import annotations

import math

import networkx as nx
import pandas as pd

from graph.analysis.context import chain_context
from graph.analysis.coverage import gaps
from graph.analysis.leaders import tag_score
from graph.analysis.reasons import reason
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.weak_links import weak_links

COLUMNS = ["segment_id", "segment_name", "segment_name_en", "why", "rank", "firm_id", "name", "province", "city",
           "score", "local_customers", "revenue", "tags", "reasons"]


def attraction_targets(G: nx.MultiDiGraph, chain_id: str, *, settings: Settings = DEFAULT,
                       gap_frame: pd.DataFrame | None = None, weak_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Ranked non-local candidates for every gap and weak segment (gaps first, by severity)."""
    ctx = chain_context(G, chain_id)
    gap_frame = gaps(G, chain_id, settings=settings) if gap_frame is None else gap_frame
    weak_frame = weak_links(G, chain_id, settings=settings) if weak_frame is None else weak_frame
    wanted = [(s, "gap") for s in gap_frame["segment_id"]] + [(s, "weak") for s in weak_frame["segment_id"]]
    rows = []
    for segment_id, why in wanted:
        candidates = [f for f in ctx.members[segment_id] if not ctx.is_local(f)]
        if not candidates:
            continue
        facts = {}
        for f in candidates:
            attrs = ctx.firms[f]
            facts[f] = (sum(ctx.is_local(c) for c in ctx.supply.successors(f)),
                        math.log1p(attrs.get("revenue") or 0.0), tag_score(attrs.get("tags"), settings))
        peak_c = max(v[0] for v in facts.values()) or 1
        peak_s = max(v[1] for v in facts.values()) or 1.0
        scored = []
        for f, (customers, size, tags) in facts.items():
            attrs = ctx.firms[f]
            score = (settings.target_weight_local_customers * customers / peak_c
                     + settings.target_weight_size * size / peak_s + settings.target_weight_tags * tags)
            reasons = [reason("target_for_" + why, segment=ctx.segment_attr(segment_id, "name"))]
            if customers:
                reasons.append(reason("target_supplies_local", customers=customers))
            if attrs.get("revenue"):
                reasons.append(reason("target_size", revenue=round(attrs["revenue"], 1)))
            if attrs.get("tags"):
                reasons.append(reason("target_tags", tags="、".join(attrs["tags"])))
            scored.append({"segment_id": segment_id, "segment_name": ctx.segment_attr(segment_id, "name"),
                           "segment_name_en": ctx.segment_attr(segment_id, "name_en"), "why": why, "firm_id": f,
                           "name": attrs["name"], "province": attrs["province"], "city": attrs.get("city"),
                           "score": round(score, 6), "local_customers": customers, "revenue": attrs.get("revenue"),
                           "tags": list(attrs.get("tags") or []), "reasons": reasons})
        scored.sort(key=lambda r: (-r["score"], -(r["revenue"] or 0.0), r["name"]))
        for rank, row in enumerate(scored[: settings.targets_per_segment], start=1):
            rows.append({**row, "rank": rank})
    return pd.DataFrame(rows, columns=COLUMNS)
