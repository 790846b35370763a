"""Attraction targets (招商): non-local firms in a chain's gap and weak segments.

For each gap or weak segment, its non-local firms are ranked by
score = w_c · local customers already supplied / max + w_s · log(1 + size) / max + w_t · tag score,
maxima taken over the segment's candidates; size is measured on one basis for the segment's candidates
(revenue, else registered capital, else employees: :mod:`graph.analysis.size`), named in ``size_basis``.

A reference pool (:mod:`graph.analysis.pool`) fills the places the dataset's own non-local firms leave free, ranked
among its own firms (they supply no local firm, so size and tags decide) and listed after them, ``source`` "pool".

Without supply data the local-customers component is left out and its weight goes to the others
in proportion.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> targets = attraction_targets(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery")
>>> bool((~targets["province"].eq("山东省")).all())
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph.analysis.coverage import gaps
from graph.analysis.leaders import RANK_DECIMALS, SORT_DECIMALS, tag_score
from graph.analysis.pool import Pool, pool_candidates
from graph.analysis.reasons import reason
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.size import SIZE_BASES, SIZE_BASIS_LABELS, SIZE_UNITS, size_basis
from graph.analysis.weak_links import weak_links

COLUMNS = ["segment_id", "segment_name", "segment_name_en", "why", "rank", "firm_id", "name", "province", "city",
           "score", "local_customers", "revenue", "size_basis", "size", "tags", "source", "confidence", "basis",
           "reasons"]
CANDIDATE_COLUMNS = ["segment_id", "firm_id", "name", "province", "city", "revenue", "registered_capital", "employees",
                     "tags", "local_customers"]
SOURCE_DATASET, SOURCE_POOL = "dataset", "pool"


def target_candidates(facts, chain_id: str, segment_ids) -> pd.DataFrame:
    """Non-local firms of the given segments with the number of local firms of the chain they supply."""
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


def _scored(both: pd.DataFrame, settings: Settings, weights: tuple[float, float, float]) -> pd.DataFrame:
    """``both`` (candidates of every wanted segment and source) with ``score``, ``size_basis`` and ``size``: one size
    basis per segment and source (graph.analysis.size), maxima taken over that group, sorted best first within it."""
    w_customers, w_size, w_tags = weights
    group = both["segment_id"].astype(str) + "|" + both["source"].astype(str)
    bases = {g: size_basis(part)["basis"] for g, part in both[list(SIZE_BASES)].groupby(group.to_numpy(), sort=False)}
    basis = group.map(bases)
    size = np.zeros(len(both))
    for column in SIZE_BASES:
        chosen = (basis == column).to_numpy()
        size[chosen] = both[column].to_numpy(dtype=float)[chosen]
    size = np.clip(np.nan_to_num(size), 0.0, None)
    log_size = pd.Series(np.log1p(size), index=both.index)
    customers = both["local_customers"].astype(int)
    by = group.to_numpy()
    score = (w_customers * customers / customers.groupby(by).transform("max").replace(0, 1)
             + w_size * log_size / log_size.groupby(by).transform("max").replace(0.0, 1.0)
             + w_tags * both["tags"].map(lambda t: tag_score(t, settings)))
    out = both.assign(score=score, size_basis=basis.where(basis.notna(), None), size=np.where(size > 0, size, np.nan))
    order = pd.DataFrame({"g": by, "s": -score.round(SORT_DECIMALS), "r": -size, "n": both["name"].astype(str)})
    return out.loc[order.sort_values(["g", "s", "r", "n"], kind="stable").index]


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
    why_of, order_of = dict(wanted), {s: i for i, (s, _) in enumerate(wanted)}
    parts = [candidates[candidates["segment_id"].isin(order_of)].assign(source=SOURCE_DATASET)]
    if pool is not None:   # a pool firm supplies no local firm: 0 customers, so size and tags decide among them
        parts.append(pool[pool["segment_id"].isin(order_of)].assign(source=SOURCE_POOL, local_customers=0))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    ranked = _scored(pd.concat(parts, ignore_index=True), settings, weights)
    place = ranked.groupby(["segment_id", "source"], sort=False).cumcount()
    own = (ranked["source"] == SOURCE_DATASET).groupby(ranked["segment_id"]).transform("sum").clip(
        upper=settings.targets_per_segment)
    limit = np.where(ranked["source"] == SOURCE_DATASET, settings.targets_per_segment,
                     settings.targets_per_segment - own)
    ranked = ranked[place.to_numpy() < limit]
    # segments in wanted order (gaps by severity, then weak links), the dataset's own candidates before the pool's
    ranked = ranked.assign(_o=ranked["segment_id"].map(order_of), _p=ranked["source"] == SOURCE_POOL).sort_values(
        ["_o", "_p"], kind="stable").drop(columns=["_o", "_p"])
    # equal scores within one source share the best rank of their group (1, 2, 2, 4), as leaders do
    position = ranked.groupby("segment_id", sort=False).cumcount() + 1
    tie = [ranked["segment_id"], ranked["source"], ranked["score"].astype(float).round(RANK_DECIMALS)]
    ranks = position.groupby(tie, sort=False).transform("min")
    rows = []
    for rank, row in zip(ranks.tolist(), ranked.to_dict("records"), strict=True):
        name, name_en = segment_names[row["segment_id"]]
        why = why_of[row["segment_id"]]
        revenue = None if pd.isna(row["revenue"]) else row["revenue"]
        rows.append({**row, "segment_name": name, "segment_name_en": name_en, "why": why, "revenue": revenue,
                     "rank": rank, "score": round(float(row["score"]), 6), "local_customers": int(row["local_customers"]),
                     "confidence": row.get("confidence", np.nan),
                     "basis": row["basis"] if isinstance(row.get("basis"), str) else None,
                     "reasons": _target_reasons(row, why, name, pool_name)})
    return pd.DataFrame(rows, columns=COLUMNS)


def wanted_segments(gap_frame: pd.DataFrame, weak_frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Gap segments (by severity) then weak ones (by score), each with why it is wanted."""
    return [(s, "gap") for s in gap_frame["segment_id"]] + [(s, "weak") for s in weak_frame["segment_id"]]


def attraction_targets(facts, chain_id: str, *, settings: Settings = DEFAULT,
                       gap_frame: pd.DataFrame | None = None, weak_frame: pd.DataFrame | None = None,
                       pool: Pool | None = None) -> pd.DataFrame:
    """Ranked non-local candidates for every gap and weak segment (gaps first, by severity); with a ``pool``
    (:class:`graph.analysis.pool.Pool`), its firms fill the places the dataset's own candidates leave free.

    Returns
    -------
    targets : pandas.DataFrame
        Up to ``settings.targets_per_segment`` rows per wanted segment: segments in that order, the dataset's
        candidates before the pool's, best first (RangeIndex). ``segment_id``, ``segment_name``, ``segment_name_en``
        (str); ``why`` (str: "gap" or "weak"); ``rank`` (int from 1 per segment, equal scores of one source share
        one); ``firm_id``, ``name``, ``province``, ``city`` (str); ``score`` (float, 6 decimals);
        ``local_customers`` (int, local firms of the chain it supplies); ``revenue`` (float, 万元, None if not given);
        ``size_basis`` (str or None) and ``size`` (float, NaN if none); ``tags`` (list of str); ``source`` (str:
        "dataset" or "pool"); ``confidence`` (float, NaN for the dataset's own firms) and ``basis`` (str, the
        classifier's evidence; None for the dataset's own firms); ``reasons`` (list of reason dicts: a ``code`` and
        its numbers, graph.analysis.reasons).
    """
    gap_frame = gaps(facts, chain_id, settings=settings) if gap_frame is None else gap_frame
    weak_frame = weak_links(facts, chain_id, settings=settings) if weak_frame is None else weak_frame
    wanted = wanted_segments(gap_frame, weak_frame)
    names = {s.id: (s.name, s.name_en) for s in facts.chain_map(chain_id).segments}
    segment_ids = [s for s, _ in wanted]
    extra = None
    if pool is not None:
        firm_names, usccs = facts.memo(("firm_names_and_codes",), lambda: (
            frozenset(facts.column("name")), frozenset(u for u in facts.column("uscc") if isinstance(u, str) and u)))
        extra = pool_candidates(pool, chain_id, segment_ids, region=facts.meta.region, known_names=firm_names,
                                known_usccs=usccs)
    return rank_targets(target_candidates(facts, chain_id, segment_ids), wanted, names, settings=settings,
                        supply_present=facts.supply_present, pool=extra, pool_name=pool.name if pool else "")
