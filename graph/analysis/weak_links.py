"""Weak links (弱链/短板): segments the region has, but thinly.

A segment with local firms is weak when any of these holds (thresholds in Settings):
few local firms; local revenue concentrated (HHI, top-firm share); a single local supplier
that local customers depend on (single point of failure); a low local supporting rate
(本地配套率). Each flag adds a component c in [0, 1] with a weight w (Settings.weak_weights); the score
combines them as a noisy-OR, 1 - Π(1 - w·c), together with two terms of how much the weakness matters, counted for
a flagged segment only: key technology (c = 1) and local demand (d local firms in the segments it directly feeds,
c = d / (d + gap_demand_saturation)). Every weight is below 1 and no component saturates on a count (a single
supplier's c = base + (1 − base)·k / (k + spof_saturation) for k local customers), so the score stays below 1 and
separates segments: it once multiplied by 1.2 for key technology and capped at 1, and a third of the demo's weak
links scored exactly 1.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> frame = weak_links(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery")
>>> bool((frame["score"] > 0).all())
True
"""
from __future__ import annotations

import pandas as pd

from graph.analysis.leaders import SORT_DECIMALS
from graph.analysis.reasons import reason
from graph.analysis.segments import rounded, segment_table
from graph.analysis.settings import DEFAULT, Settings

COLUMNS = ["segment_id", "name", "name_en", "stage", "key_tech", "score", "local_firms", "hhi", "top_share",
           "local_suppliers", "support_rate", "reasons"]


def weak_link_components(row, settings: Settings, *, supply_present: bool = True
                         ) -> tuple[dict[str, float], list[dict]]:
    """The flagged components of one segment-table row and their reasons."""
    components, reasons = {}, []
    n = int(row["local_firms"])
    if n < settings.min_local_firms:
        components["few"] = (settings.min_local_firms - n) / max(1, settings.min_local_firms - 1)
        reasons.append(reason("few_local_firms", firms=n, threshold=settings.min_local_firms))
    if n >= settings.min_firms_concentration and pd.notna(row["hhi"]) and (row["hhi"] >= settings.hhi_threshold
                                              or row["top_share"] >= settings.top_share_threshold):
        components["concentrated"] = max(row["hhi"], row["top_share"])
        reasons.append(reason("concentrated", hhi=round(row["hhi"], 3), top_share=round(row["top_share"], 3),
                              top_firm=row["top_firm"], top_firm_name=row["top_firm_name"]))
    if supply_present and row["local_suppliers"] == 1 and row["top_supplier_customers"] >= settings.spof_min_customers:
        customers = int(row["top_supplier_customers"])
        components["single_supplier"] = (settings.spof_base
                                          + (1 - settings.spof_base) * customers / (customers + settings.spof_saturation))
        reasons.append(reason("single_local_supplier", firm_id=row["top_supplier"], firm_name=row["top_supplier_name"],
                              customers=customers))
    rate = row["support_rate"]
    if supply_present and pd.notna(rate) and row["supply_edges"] >= settings.min_edges_for_rate and rate < settings.low_support_rate:
        components["low_support"] = (settings.low_support_rate - rate) / settings.low_support_rate
        reasons.append(reason("low_local_support", rate=round(rate, 3), local_edges=edge_count(row["local_supply_edges"]),
                              edges=edge_count(row["supply_edges"]), threshold=settings.low_support_rate))
    if components and row["key_tech"]:
        reasons.append(reason("key_tech"))
    if components and row["local_demand"]:
        reasons.append(reason("gap_local_demand", firms=int(row["local_demand"])))
    return components, reasons


def edge_count(value: float) -> int | float:
    """An edge count for display: whole numbers as int, shares of multi-segment firms' edges to 1 decimal."""
    return int(round(value)) if abs(value - round(value)) < 1e-9 else round(float(value), 1)


def weak_links(facts, chain_id: str, *, settings: Settings = DEFAULT, supply_present: bool | None = None
               ) -> pd.DataFrame:
    """Weak segments of a chain, weakest first, each with its numbers and reasons.

    Returns
    -------
    weak_links : pandas.DataFrame
        One row per weak link, highest ``score`` first (RangeIndex). ``segment_id``, ``name``, ``name_en``,
        ``stage`` (str); ``key_tech`` (bool); ``score`` (float in [0, 1), 4 decimals); ``local_firms`` (int);
        ``hhi``, ``top_share`` (float, 4 decimals, None without local revenue); ``local_suppliers`` (int);
        ``support_rate`` (float, 4 decimals, None without supply edges); ``reasons`` (list of reason dicts: a
        ``code`` and its numbers, graph.analysis.reasons). :func:`graph.analysis.summary.analyze_chain` adds
        ``memberships_reviewed`` and ``memberships_proposed`` (int) on classified data.
    """
    return weak_links_from_table(segment_table(facts, chain_id), settings=settings,
                                 supply_present=facts.supply_present if supply_present is None else supply_present)


def weak_links_from_table(table: pd.DataFrame, *, settings: Settings = DEFAULT, supply_present: bool = True
                          ) -> pd.DataFrame:
    """:func:`weak_links` from a segment table. Without supply data the two supply flags (single
    local supplier, 本地配套率) cannot be judged and are left out."""
    rows = []
    for s, row in table.iterrows():
        if row["local_firms"] == 0:
            continue  # a gap, not a weak link
        components, reasons = weak_link_components(row, settings, supply_present=supply_present)
        if not components:
            continue
        demand = row["local_demand"] / (row["local_demand"] + settings.gap_demand_saturation)
        remaining = 1.0
        for name, value in {**components, "key_tech": float(bool(row["key_tech"])), "demand": demand}.items():
            remaining *= 1 - min(1.0, value) * settings.weak_weights[name]
        score = 1 - remaining
        rows.append({"segment_id": s, "name": row["name"], "name_en": row["name_en"], "stage": row["stage"],
                     "key_tech": row["key_tech"], "score": score, "local_firms": int(row["local_firms"]),
                     "hhi": rounded(row["hhi"]), "top_share": rounded(row["top_share"]),
                     "local_suppliers": int(row["local_suppliers"]), "support_rate": rounded(row["support_rate"]),
                     "reasons": reasons})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["score"] = frame["score"].astype(float).round(SORT_DECIMALS)
    frame = frame.sort_values(["score", "segment_id"], ascending=[False, True], ignore_index=True)
    frame["score"] = frame["score"].round(4)   # rounded for display after sorting: no artificial ties
    return frame
