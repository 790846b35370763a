"""Attraction targets (招商): non-local firms in a chain's gap and weak segments.

For each gap or weak segment, its non-local firms are ranked by
score = w_c · local customers already supplied / max + w_s · log(1 + revenue) / max + w_t · tag score,
maxima taken over the segment's candidates.

Without supply data the local-customers component is left out and its weight goes to the others
in proportion.

>>> from graph.io import read_dataset
>>> targets = attraction_targets(read_dataset("data/demo"), "agri_machinery")
>>> bool((~targets["province"].eq("山东省")).all())
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph.analysis.coverage import gaps
from graph.analysis.leaders import SORT_DECIMALS, tag_score
from graph.analysis.reasons import reason
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.source import as_facts
from graph.analysis.weak_links import weak_links

COLUMNS = ["segment_id", "segment_name", "segment_name_en", "why", "rank", "firm_id", "name", "province", "city",
           "score", "local_customers", "revenue", "tags", "reasons"]


CANDIDATE_COLUMNS = ["segment_id", "firm_id", "name", "province", "city", "revenue", "tags", "local_customers"]


def target_candidates(source, chain_id: str, segment_ids) -> pd.DataFrame:
    """Non-local firms of the given segments with the number of local firms of the chain they supply."""
    facts = as_facts(source)
    chain = facts.chain(chain_id)
    m = chain.members
    m = m[~m["local"] & m["segment_id"].isin(list(segment_ids))]
    codes = m["firm"].to_numpy()
    return pd.DataFrame({"segment_id": m["segment_id"].to_numpy(), "firm_id": m["firm_id"].to_numpy(),
                         "name": m["name"].to_numpy(), "province": facts.column("province")[codes],
                         "city": facts.column("city")[codes], "revenue": facts.column("revenue")[codes],
                         "tags": [list(t) for t in facts.column("tags")[codes]],
                         "local_customers": chain.local_customers[codes]}, columns=CANDIDATE_COLUMNS)


def rank_targets(candidates: pd.DataFrame, wanted: list[tuple[str, str]], segment_names: dict[str, tuple[str, str]],
                 *, settings: Settings = DEFAULT, supply_present: bool = True) -> pd.DataFrame:
    """Score and rank candidates per wanted (segment id, "gap"|"weak"); ``segment_names``: id -> (zh, en)."""
    w_customers, w_size, w_tags = (settings.target_weight_local_customers, settings.target_weight_size,
                                   settings.target_weight_tags)
    if not supply_present:
        scale = (w_customers + w_size + w_tags) / ((w_size + w_tags) or 1.0)
        w_customers, w_size, w_tags = 0.0, w_size * scale, w_tags * scale
    rows = []
    for segment_id, why in wanted:
        group = candidates[candidates["segment_id"] == segment_id]
        if group.empty:
            continue
        size = np.log1p(group["revenue"].astype(float).fillna(0.0).clip(lower=0.0))
        customers = group["local_customers"].astype(int)
        score = (w_customers * customers / (customers.max() or 1) + w_size * size / (size.max() or 1.0)
                 + w_tags * group["tags"].map(lambda t: tag_score(t, settings)))
        order = pd.DataFrame({"s": -score.round(SORT_DECIMALS), "r": -group["revenue"].astype(float).fillna(0.0), "n": group["name"]})
        best = order.sort_values(["s", "r", "n"], kind="stable").index[: settings.targets_per_segment]
        name, name_en = segment_names[segment_id]
        for rank, (row, value) in enumerate(zip(group.loc[best].to_dict("records"), score.loc[best], strict=True),
                                            start=1):
            revenue = None if pd.isna(row["revenue"]) else row["revenue"]
            n_customers = int(row["local_customers"])
            reasons = [reason("target_for_" + why, segment=name)]
            if n_customers:
                reasons.append(reason("target_supplies_local", customers=n_customers))
            if revenue:
                reasons.append(reason("target_size", revenue=round(revenue, 1)))
            if row["tags"]:
                reasons.append(reason("target_tags", tags="、".join(row["tags"])))
            rows.append({**row, "segment_name": name, "segment_name_en": name_en, "why": why, "revenue": revenue,
                         "rank": rank, "score": round(float(value), 6), "local_customers": n_customers,
                         "reasons": reasons})
    return pd.DataFrame(rows, columns=COLUMNS)


def wanted_segments(gap_frame: pd.DataFrame, weak_frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Gap segments (by severity) then weak ones (by score), each with why it is wanted."""
    return [(s, "gap") for s in gap_frame["segment_id"]] + [(s, "weak") for s in weak_frame["segment_id"]]


def attraction_targets(source, chain_id: str, *, settings: Settings = DEFAULT,
                       gap_frame: pd.DataFrame | None = None, weak_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Ranked non-local candidates for every gap and weak segment (gaps first, by severity)."""
    facts = as_facts(source)
    gap_frame = gaps(facts, chain_id, settings=settings) if gap_frame is None else gap_frame
    weak_frame = weak_links(facts, chain_id, settings=settings) if weak_frame is None else weak_frame
    wanted = wanted_segments(gap_frame, weak_frame)
    names = {s.id: (s.name, s.name_en) for s in facts.chain_map(chain_id).segments}
    return rank_targets(target_candidates(facts, chain_id, [s for s, _ in wanted]), wanted, names, settings=settings,
                        supply_present=facts.supply_present)
