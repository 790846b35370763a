"""Attraction targets (招商): non-local firms in a chain's gap and weak segments.

For each gap or weak segment, its non-local firms are ranked by
score = w_c · local customers already supplied / max + w_s · log(1 + size) / max + w_t · tag score,
maxima taken over the segment's candidates; size is measured on one basis for the segment's candidates
(revenue, else registered capital, else employees: :mod:`graph.analysis.size`), named in ``size_basis``.

A reference pool (:mod:`graph.analysis.pool`) fills the places the dataset's own non-local firms leave free, ranked
among its own firms (they supply no local firm, so size and tags decide) and listed after them, ``source`` "pool".

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
from graph.analysis.pool import Pool, pool_candidates
from graph.analysis.reasons import reason
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.size import SIZE_BASIS_LABELS, SIZE_UNITS, size_basis
from graph.analysis.source import as_facts
from graph.analysis.weak_links import weak_links

COLUMNS = ["segment_id", "segment_name", "segment_name_en", "why", "rank", "firm_id", "name", "province", "city",
           "score", "local_customers", "revenue", "size_basis", "size", "tags", "source", "confidence", "basis",
           "reasons"]
CANDIDATE_COLUMNS = ["segment_id", "firm_id", "name", "province", "city", "revenue", "registered_capital", "employees",
                     "tags", "local_customers"]
SOURCE_DATASET, SOURCE_POOL = "dataset", "pool"


def target_candidates(source, chain_id: str, segment_ids) -> pd.DataFrame:
    """Non-local firms of the given segments with the number of local firms of the chain they supply."""
    facts = as_facts(source)
    chain = facts.chain(chain_id)
    m = chain.members
    m = m[~m["local"] & m["segment_id"].isin(list(segment_ids))]
    codes = m["firm"].to_numpy()
    return pd.DataFrame({"segment_id": m["segment_id"].to_numpy(), "firm_id": m["firm_id"].to_numpy(),
                         "name": m["name"].to_numpy(),
                         **{c: facts.column(c)[codes] for c in ("province", "city", "revenue", "registered_capital",
                                                                 "employees")},
                         "tags": [list(t) for t in facts.column("tags")[codes]],
                         "local_customers": chain.local_customers[codes]}, columns=CANDIDATE_COLUMNS)


def _ranked(group: pd.DataFrame, settings: Settings, weights: tuple[float, float, float]) -> pd.DataFrame:
    """``group`` (one segment's candidates from one source) scored and sorted best first: ``score``, and the
    ``size_basis`` / ``size`` it was scored on (one basis for the group, graph.analysis.size)."""
    w_customers, w_size, w_tags = weights
    basis = size_basis(group)["basis"]
    size = (group[basis].astype(float) if basis else pd.Series(0.0, index=group.index)).fillna(0.0).clip(lower=0.0)
    log_size = np.log1p(size)
    customers = group["local_customers"].astype(int)
    score = (w_customers * customers / (customers.max() or 1) + w_size * log_size / (log_size.max() or 1.0)
             + w_tags * group["tags"].map(lambda t: tag_score(t, settings)))
    order = pd.DataFrame({"s": -score.round(SORT_DECIMALS), "r": -size, "n": group["name"]})
    best = order.sort_values(["s", "r", "n"], kind="stable").index
    return group.loc[best].assign(score=score.loc[best], size_basis=basis, size=size.loc[best].where(size.loc[best] > 0))


def _target_reasons(row: dict, why: str, segment: str, pool_name: str) -> list[dict]:
    reasons = [reason("target_for_" + why, segment=segment)]
    if row["source"] == SOURCE_POOL:
        reasons.append(reason("target_from_pool", pool=pool_name))
    if row["local_customers"]:
        reasons.append(reason("target_supplies_local", customers=int(row["local_customers"])))
    if row["size_basis"] == "revenue" and row["size"]:
        reasons.append(reason("target_size", revenue=round(row["size"], 1)))
    elif row["size_basis"] and row["size"] == row["size"]:
        zh, en = SIZE_BASIS_LABELS[row["size_basis"]]
        unit_zh, unit_en = SIZE_UNITS[row["size_basis"]]
        reasons.append(reason("target_size_basis", basis=zh, basis_en=en, size=round(row["size"], 1), unit=unit_zh,
                              unit_en=unit_en))
    if row["tags"]:
        reasons.append(reason("target_tags", tags="、".join(row["tags"])))
    if isinstance(row.get("basis"), str) and row["basis"]:
        if row.get("reviewed") == 1.0:
            reasons.append(reason("target_basis_reviewed", basis=row["basis"]))
        else:
            reasons.append(reason("target_basis_proposal", basis=row["basis"],
                                  confidence=round(float(row["confidence"]), 2) if row["confidence"] == row[
                                      "confidence"] else "—"))
    return reasons


def rank_targets(candidates: pd.DataFrame, wanted: list[tuple[str, str]], segment_names: dict[str, tuple[str, str]],
                 *, settings: Settings = DEFAULT, supply_present: bool = True, pool: pd.DataFrame | None = None,
                 pool_name: str = "") -> pd.DataFrame:
    """Score and rank candidates per wanted (segment id, "gap"|"weak"); ``segment_names``: id -> (zh, en).

    ``pool`` (graph.analysis.pool.pool_candidates) fills the places the dataset's own candidates leave free, up to
    ``settings.targets_per_segment``: ranked among themselves (never in one score with the dataset's firms) and
    listed after them, each with ``source`` "pool"."""
    weights = (settings.target_weight_local_customers, settings.target_weight_size, settings.target_weight_tags)
    if not supply_present:
        scale = sum(weights) / ((weights[1] + weights[2]) or 1.0)
        weights = (0.0, weights[1] * scale, weights[2] * scale)
    pool = pool if pool is not None else pd.DataFrame(columns=[*CANDIDATE_COLUMNS, "confidence", "reviewed", "basis"])
    rows = []
    for segment_id, why in wanted:
        own = candidates[candidates["segment_id"] == segment_id].assign(source=SOURCE_DATASET)
        chosen = [_ranked(own, settings, weights).head(settings.targets_per_segment)] if len(own) else []
        free = settings.targets_per_segment - (len(chosen[0]) if chosen else 0)
        extra = pool[pool["segment_id"] == segment_id]
        if free > 0 and len(extra):
            extra = extra.assign(source=SOURCE_POOL, local_customers=0)
            chosen.append(_ranked(extra, settings, (0.0, *weights[1:])).head(free))
        if not chosen:
            continue
        name, name_en = segment_names[segment_id]
        for rank, row in enumerate(pd.concat(chosen).to_dict("records"), start=1):
            revenue = None if pd.isna(row["revenue"]) else row["revenue"]
            rows.append({**row, "segment_name": name, "segment_name_en": name_en, "why": why, "revenue": revenue,
                         "rank": rank, "score": round(float(row["score"]), 6),
                         "local_customers": int(row["local_customers"]),
                         "confidence": row.get("confidence", np.nan),
                         "basis": row["basis"] if isinstance(row.get("basis"), str) else None,
                         "reasons": _target_reasons(row, why, name, pool_name)})
    return pd.DataFrame(rows, columns=COLUMNS)


def wanted_segments(gap_frame: pd.DataFrame, weak_frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Gap segments (by severity) then weak ones (by score), each with why it is wanted."""
    return [(s, "gap") for s in gap_frame["segment_id"]] + [(s, "weak") for s in weak_frame["segment_id"]]


def attraction_targets(source, chain_id: str, *, settings: Settings = DEFAULT,
                       gap_frame: pd.DataFrame | None = None, weak_frame: pd.DataFrame | None = None,
                       pool: Pool | None = None) -> pd.DataFrame:
    """Ranked non-local candidates for every gap and weak segment (gaps first, by severity); with a ``pool``
    (:class:`graph.analysis.pool.Pool`), its firms fill the places the dataset's own candidates leave free."""
    facts = as_facts(source)
    gap_frame = gaps(facts, chain_id, settings=settings) if gap_frame is None else gap_frame
    weak_frame = weak_links(facts, chain_id, settings=settings) if weak_frame is None else weak_frame
    wanted = wanted_segments(gap_frame, weak_frame)
    names = {s.id: (s.name, s.name_en) for s in facts.chain_map(chain_id).segments}
    segment_ids = [s for s, _ in wanted]
    extra = None if pool is None else pool_candidates(
        pool, chain_id, segment_ids, region=facts.meta.region, known_names=facts.column("name"),
        known_usccs=facts.column("uscc"))
    return rank_targets(target_candidates(facts, chain_id, segment_ids), wanted, names, settings=settings,
                        supply_present=facts.supply_present, pool=extra, pool_name=pool.name if pool else "")
