"""Completeness of a chain and its gaps (缺链): segments with no local firm.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> facts = Facts.from_dataset(read_dataset("data/demo"))
>>> 0 < completeness(facts, "agri_machinery")["segment_share"] <= 1
True
"""
from __future__ import annotations

import pandas as pd

from graph.analysis.leaders import SORT_DECIMALS
from graph.analysis.reasons import reason
from graph.analysis.segments import segment_table
from graph.analysis.settings import DEFAULT, Settings


def completeness(facts, chain_id: str) -> dict:
    """Share of segments with at least one local firm, plain and weighted by all-region revenue.

    ``revenue_share`` = revenue (all regions in the data) of covered segments / revenue of all
    segments: a chain missing only small segments scores higher than one missing big ones; None when the chain's
    firms give no revenue (a registry export), never a 0 that reads as "nothing covered".

    Returns
    -------
    completeness : dict
        ``segments`` (int): segments of the chain; ``covered`` (int): those with a local firm; ``segment_share``
        (float, 4 decimals): covered / segments, 0.0 without segments; ``revenue_share`` (float, 4 decimals, or None
        without revenue).
    """
    return completeness_from_table(segment_table(facts, chain_id))


def completeness_from_table(table: pd.DataFrame) -> dict:
    """:func:`completeness` from a segment table (graph.analysis.segments, or one computed in Neo4j)."""
    n = len(table)
    covered = table["local_firms"] > 0
    total = table["total_revenue"].sum()
    return {
        "segments": n, "covered": int(covered.sum()),
        "segment_share": round(float(covered.sum() / n), 4) if n else 0.0,
        "revenue_share": round(float(table.loc[covered, "total_revenue"].sum() / total), 4) if total > 0 else None,
    }


def gaps(facts, chain_id: str, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """Segments with no local firm, most severe first.

    severity = w_down · (downstream segments / other segments) + w_key · key_tech
             + w_demand · min(1, local firms in directly fed segments / saturation).

    Returns
    -------
    gaps : pandas.DataFrame
        One row per gap, most severe first (RangeIndex; no rows, same columns, when the chain has none).
        ``segment_id``, ``name``, ``name_en``, ``stage`` (str); ``key_tech`` (bool); ``severity`` (float in [0, 1],
        4 decimals); ``downstream_segments``, ``local_demand``, ``other_firms`` (int); ``reasons`` (list of reason
        dicts: a ``code`` and its numbers, graph.analysis.reasons).
    """
    return gaps_from_table(segment_table(facts, chain_id), settings=settings)


def gaps_from_table(table: pd.DataFrame, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """:func:`gaps` from a segment table."""
    others = max(1, len(table) - 1)
    rows = []
    for s, row in table[table["local_firms"] == 0].iterrows():
        downstream = row["downstream_segments"] / others
        demand = min(1.0, row["local_demand"] / settings.gap_demand_saturation)
        severity = (settings.gap_weight_downstream * downstream + settings.gap_weight_key_tech * row["key_tech"]
                    + settings.gap_weight_demand * demand)
        reasons = [reason("gap_no_local_firm", other_firms=int(row["other_firms"]))]
        if row["downstream_segments"]:
            reasons.append(reason("gap_downstream", segments=int(row["downstream_segments"]), total=int(others)))
        if row["local_demand"]:
            reasons.append(reason("gap_local_demand", firms=int(row["local_demand"])))
        if row["key_tech"]:
            reasons.append(reason("key_tech"))
        rows.append({"segment_id": s, "name": row["name"], "name_en": row["name_en"], "stage": row["stage"],
                     "key_tech": row["key_tech"], "severity": severity,
                     "downstream_segments": int(row["downstream_segments"]),
                     "local_demand": int(row["local_demand"]), "other_firms": int(row["other_firms"]),
                     "reasons": reasons})
    frame = pd.DataFrame(rows, columns=["segment_id", "name", "name_en", "stage", "key_tech", "severity",
                                        "downstream_segments", "local_demand", "other_firms", "reasons"])
    frame["severity"] = frame["severity"].astype(float).round(SORT_DECIMALS)
    frame = frame.sort_values(["severity", "segment_id"], ascending=[False, True], ignore_index=True)
    frame["severity"] = frame["severity"].round(4)   # rounded for display after sorting: no artificial ties
    return frame
