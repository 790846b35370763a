"""Regional layout (区域布局): local firms of a chain by city and segment.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> facts = Facts.from_dataset(read_dataset("data/demo"))
>>> int(city_segment_matrix(facts, "agri_machinery").to_numpy().sum()) > 0
True
"""
from __future__ import annotations

import pandas as pd


def _local_members(facts, chain_id: str) -> pd.DataFrame:
    chain = facts.chain(chain_id)
    m = chain.members[chain.members["local"]]
    return m.assign(city=facts.column("city")[m["firm"].to_numpy()]).fillna({"city": "?"})


def _busiest_first(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[sorted(frame.columns, key=lambda c: (-frame[c].sum(), c))]


def city_segment_matrix(facts, chain_id: str, *, measure: str = "firms") -> pd.DataFrame:
    """Segments (rows, chain-map order) × cities (columns, busiest first): local firms or revenue.

    Returns
    -------
    matrix : pandas.DataFrame
        Index: segment ids; columns: the cities of the chain's local firms ("?" for none given), by total
        descending, then name. Values: local firms (int, ``measure="firms"``) or their revenue in the segment
        (float, 万元, 1 decimal, any other ``measure``); 0 where none.
    """
    m = _local_members(facts, chain_id)
    order = facts.chain(chain_id).segment_order
    values = m.assign(value=1.0 if measure == "firms" else m["revenue_in"])
    frame = values.pivot_table(index="segment_id", columns="city", values="value", aggfunc="sum", fill_value=0.0)
    frame = frame.reindex(index=order, fill_value=0.0).rename_axis(index=None, columns=None)
    frame = _busiest_first(frame.astype(float))
    return frame.astype(int) if measure == "firms" else frame.round(1)


def city_layout(facts, chain_id: str) -> pd.DataFrame:
    """One row per city: local firms, revenue in the chain, segments covered and the three largest.

    Returns
    -------
    layout : pandas.DataFrame
        One row per city, in the columns' order of :func:`city_segment_matrix` (RangeIndex). ``city`` (str);
        ``local_firms`` (int, distinct firms); ``revenue`` (float, 万元, 1 decimal); ``segments_covered`` (int);
        ``main_segments`` (str, up to three segment names joined by 、).
    """
    firms = city_segment_matrix(facts, chain_id)
    revenue = city_segment_matrix(facts, chain_id, measure="revenue")
    distinct = _local_members(facts, chain_id).groupby("city")["firm"].nunique()
    names = {s.id: s.name for s in facts.chain_map(chain_id).segments}
    rows = []
    for city in firms.columns:
        counts = firms[city]
        top = counts[counts > 0].sort_values(ascending=False, kind="stable").head(3).index
        rows.append({"city": city, "local_firms": int(distinct.get(city, 0)),
                     "revenue": round(float(revenue[city].sum()), 1), "segments_covered": int((counts > 0).sum()),
                     "main_segments": "、".join(names[s] for s in top)})
    return pd.DataFrame(rows, columns=["city", "local_firms", "revenue", "segments_covered", "main_segments"])


def chain_city_matrix(facts) -> pd.DataFrame:
    """Chains (rows) × cities (columns, busiest first): local firms operating in the chain.

    Returns
    -------
    matrix : pandas.DataFrame
        Index: every chain id of the data (``facts.chain_ids()``); columns: cities with local firms, by total
        descending, then name. Values: local firms of the city in the chain (int, each firm once per chain).
    """
    m = facts.memberships
    local = m[facts.local[m["firm"].to_numpy()]]
    cells = pd.DataFrame({"chain_id": local["chain_id"].to_numpy(),
                          "city": facts.column("city")[local["firm"].to_numpy()],
                          "firm": local["firm"].to_numpy()}).dropna(subset=["city"])
    counts = cells.drop_duplicates(["chain_id", "firm"]).groupby(["chain_id", "city"]).size()
    frame = counts.unstack(fill_value=0).reindex(index=facts.chain_ids(), fill_value=0)
    return _busiest_first(frame.rename_axis(index=None, columns=None).astype(int))


def city_location_quotients(matrix: pd.DataFrame) -> pd.DataFrame:
    """LQ of each city in each chain relative to the whole region: (x_kc / x_.c) / (x_k. / x_..)."""
    total = matrix.to_numpy().sum()
    city_share = matrix / matrix.sum(axis=0).replace(0, float("nan"))
    chain_share = matrix.sum(axis=1) / total if total else matrix.sum(axis=1) * 0
    return city_share.div(chain_share.replace(0, float("nan")), axis=0).fillna(0.0).round(3)
