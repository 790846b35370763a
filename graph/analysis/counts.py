"""Plain counts per chain and per city.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> chain_counts(Facts.from_dataset(read_dataset("data/demo"))).columns.tolist()[:3]
['chain_id', 'name', 'segments']
"""
from __future__ import annotations

import pandas as pd

from graph.messages import t

CHAIN_COLUMNS = ("chain_id", "name", "segments", "local_firms", "other_firms", "supply_edges", "projects")
CITY_COLUMNS = ("city", "firms", "revenue")   # with lang: named by graph.messages' count_<column>


def _labels(frame: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    return frame if lang is None else frame.rename(columns={c: t(f"count_{c}", lang) for c in frame.columns})


def chain_counts(facts, *, lang: str | None = None) -> pd.DataFrame:
    """Segments, local and non-local firms, supply edges and projects per chain. A chain's supply edges are
    the distinct supplier → customer pairs between its firms, tagged with it or untagged — what the analyses use.

    Returns
    -------
    counts : pandas.DataFrame
        One row per chain, by chain id (RangeIndex). ``chain_id``, ``name`` (str, English with ``lang="en"``);
        ``segments``, ``local_firms``, ``other_firms``, ``supply_edges``, ``projects`` (int). With ``lang`` the
        columns carry its labels (产业链ID, 产业链, 环节数, 本地企业, 外省企业, 供应关系, 项目 or the English ones).
    """
    projects = facts.projects["chain_id"].value_counts()
    rows = []
    for c in sorted(facts.chains, key=lambda c: c.id):
        chain = facts.chain(c.id)
        local = chain.local[chain.firms]
        rows.append({"chain_id": c.id, "name": c.name if lang != "en" else c.name_en, "segments": len(c.segments),
                     "local_firms": int(local.sum()), "other_firms": int((~local).sum()),
                     "supply_edges": len(chain.pairs), "projects": int(projects.get(c.id, 0))})
    return _labels(pd.DataFrame(rows, columns=list(CHAIN_COLUMNS)), lang)


def city_counts(facts, *, lang: str | None = None) -> pd.DataFrame:
    """Local firms and their revenue per city, largest first.

    Returns
    -------
    counts : pandas.DataFrame
        One row per city with local firms, most firms first, then name (RangeIndex). ``city`` (str); ``firms``
        (int); ``revenue`` (float, 万元, 1 decimal; NaN where no firm of the city gives it, as in a registration
        export: unknown, not 0). With ``lang`` the columns carry its labels
        (城市, 企业数, 营业收入（万元）or city, firms, revenue (10k CNY)).
    """
    firms = facts.firms
    local = firms[firms["local"] & firms["city"].notna()]
    frame = (local.groupby("city").agg(firms=("firm_id", "size"), revenue=("revenue", lambda r: r.sum(min_count=1)))
             .reset_index()[list(CITY_COLUMNS)])
    frame = frame.sort_values(["firms", "city"], ascending=[False, True]).reset_index(drop=True)
    frame["revenue"] = frame["revenue"].astype(float).round(1)
    return _labels(frame, lang)
