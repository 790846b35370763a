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


CANDIDATE_COLUMNS = ["segment_id", "firm_id", "name", "province", "city", "revenue", "tags", "local_customers"]


def target_candidates(G: nx.MultiDiGraph, chain_id: str, segment_ids) -> pd.DataFrame:
    """Non-local firms of the given segments with the number of local firms of the chain they supply."""
    ctx = chain_context(G, chain_id)
    rows = [{"segment_id": s, "firm_id": f, "name": ctx.firms[f]["name"], "province": ctx.firms[f]["province"],
             "city": ctx.firms[f].get("city"), "revenue": ctx.firms[f].get("revenue"),
             "tags": list(ctx.firms[f].get("tags") or []),
             "local_customers": sum(ctx.is_local(c) for c in ctx.supply.successors(f))}
            for s in segment_ids for f in ctx.members[s] if not ctx.is_local(f)]
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


def rank_targets(candidates: pd.DataFrame, wanted: list[tuple[str, str]], segment_names: dict[str, tuple[str, str]],
                 *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """Score and rank candidates per wanted (segment id, "gap"|"weak"); ``segment_names``: id -> (zh, en)."""
    rows = []
    for segment_id, why in wanted:
        group = candidates[candidates["segment_id"] == segment_id]
        if group.empty:
            continue
        sizes = [math.log1p(r or 0.0) for r in group["revenue"].fillna(0.0)]
        peak_c = int(group["local_customers"].max()) or 1
        peak_s = max(sizes) or 1.0
        name, name_en = segment_names[segment_id]
        scored = []
        for row, size in zip(group.to_dict("records"), sizes, strict=True):
            revenue = None if pd.isna(row["revenue"]) else row["revenue"]
            customers = int(row["local_customers"])
            score = (settings.target_weight_local_customers * customers / peak_c
                     + settings.target_weight_size * size / peak_s
                     + settings.target_weight_tags * tag_score(row["tags"], settings))
            reasons = [reason("target_for_" + why, segment=name)]
            if customers:
                reasons.append(reason("target_supplies_local", customers=customers))
            if revenue:
                reasons.append(reason("target_size", revenue=round(revenue, 1)))
            if row["tags"]:
                reasons.append(reason("target_tags", tags="、".join(row["tags"])))
            scored.append({**row, "segment_name": name, "segment_name_en": name_en, "why": why, "revenue": revenue,
                           "score": round(score, 6), "local_customers": customers, "reasons": reasons})
        scored.sort(key=lambda r: (-r["score"], -(r["revenue"] or 0.0), r["name"]))
        for rank, row in enumerate(scored[: settings.targets_per_segment], start=1):
            rows.append({**row, "rank": rank})
    return pd.DataFrame(rows, columns=COLUMNS)


def wanted_segments(gap_frame: pd.DataFrame, weak_frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Gap segments (by severity) then weak ones (by score), each with why it is wanted."""
    return [(s, "gap") for s in gap_frame["segment_id"]] + [(s, "weak") for s in weak_frame["segment_id"]]


def attraction_targets(G: nx.MultiDiGraph, chain_id: str, *, settings: Settings = DEFAULT,
                       gap_frame: pd.DataFrame | None = None, weak_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Ranked non-local candidates for every gap and weak segment (gaps first, by severity)."""
    ctx = chain_context(G, chain_id)
    gap_frame = gaps(G, chain_id, settings=settings) if gap_frame is None else gap_frame
    weak_frame = weak_links(G, chain_id, settings=settings) if weak_frame is None else weak_frame
    wanted = wanted_segments(gap_frame, weak_frame)
    names = {s: (d["name"], d["name_en"]) for s, d in ctx.dag.nodes(data=True)}
    return rank_targets(target_candidates(G, chain_id, [s for s, _ in wanted]), wanted, names, settings=settings)
