"""Firm-level lookups the pages and profiles show: a segment's firms, a firm's facts and partners.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> facts = Facts.from_dataset(read_dataset("data/demo"))
>>> firms = segment_firms(facts, "agri_machinery", "tractors")
>>> bool(firms["local"].iloc[0])
True
>>> firm_info(facts, firms["firm_id"].iloc[0])["local"]
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph.analysis.size import SIZE_BASES, size_basis

FIRM_TABLE = ["firm_id", "name", "local", "province", "city", "revenue", "tags"]


def firm_table(facts, codes) -> pd.DataFrame:
    """Firms by code as a table (``FIRM_TABLE`` columns; tags as lists), in the given order."""
    codes = np.asarray(codes, dtype=np.int64)
    return pd.DataFrame({
        "firm_id": facts.column("firm_id")[codes], "name": facts.column("name")[codes],
        "local": facts.local[codes], "province": facts.column("province")[codes],
        "city": facts.column("city")[codes], "revenue": facts.column("revenue")[codes],
        "tags": [list(t) for t in facts.column("tags")[codes]]}, columns=FIRM_TABLE)


def with_size(facts, frame: pd.DataFrame, codes) -> pd.DataFrame:
    """``frame`` (firm_table of ``codes``) with ``size`` (float: the firms' one size basis, graph.analysis.size,
    NaN where a firm lacks it) and ``size_basis`` (str: revenue, registered_capital, employees; None when no firm
    has any): a registration export ranks by registered capital, never by revenue nobody gave."""
    codes = np.asarray(codes, dtype=np.int64)
    sizes = pd.DataFrame({c: facts.column(c)[codes] for c in SIZE_BASES if c in facts.firms})
    basis = size_basis(sizes)["basis"]
    size = sizes[basis].to_numpy(dtype=float) if basis else np.full(len(codes), np.nan)
    return frame.assign(size=size, size_basis=basis)


def segment_firms(facts, chain_id: str, segment_id: str) -> pd.DataFrame:
    """Every firm of a segment: local ones first, then by size (largest first, on one size basis).

    Returns
    -------
    firms : pandas.DataFrame
        One row per firm of the segment (RangeIndex). ``firm_id``, ``name`` (str); ``local`` (bool); ``province``,
        ``city`` (str); ``revenue`` (float, 万元, NaN if not given); ``tags`` (list of str); ``size`` (float, NaN if
        not given) and ``size_basis`` (str or None), as :func:`with_size`.
    """
    codes = facts.chain(chain_id).firms_in[segment_id]
    frame = with_size(facts, firm_table(facts, codes), codes)
    order = pd.DataFrame({"l": ~frame["local"], "r": -frame["size"].fillna(0.0)})
    return frame.iloc[order.sort_values(["l", "r"], kind="stable").index].reset_index(drop=True)


def local_firm_ids(facts, chain_id: str, segment_id: str | None = None) -> list[str]:
    """Local firms of a chain (or of one of its segments), by firm id."""
    chain = facts.chain(chain_id)
    codes = chain.local_in(segment_id) if segment_id else chain.firms[chain.local[chain.firms]]
    return sorted(facts.column("firm_id")[codes].tolist())


def firm_info(facts, firm_id: str) -> dict:
    """One firm's facts: name, province, city, revenue, tags, local, and its segments as {chain id: [segment ids]}.
    KeyError for an unknown firm id.

    Returns
    -------
    info : dict
        ``firm_id``, ``name``, ``province``, ``city``, ``uscc`` (str; ``uscc`` and ``city`` may be missing);
        ``revenue`` (float, 万元, or None); ``tags`` (list of str); ``local`` (bool); ``segments`` (dict: chain id ->
        list of segment ids).
    """
    code = facts.firm_code.get_loc(firm_id)
    row = facts.firms.iloc[code]
    m = facts.memberships[facts.memberships["firm"] == code]
    segments: dict[str, list[str]] = {}
    for chain_id, segment_id in zip(m["chain_id"], m["segment_id"], strict=True):
        segments.setdefault(chain_id, []).append(segment_id)
    revenue = row["revenue"]
    return {"firm_id": firm_id, "name": row["name"], "province": row["province"], "city": row["city"],
            "uscc": row["uscc"], "revenue": None if pd.isna(revenue) else float(revenue), "tags": list(row["tags"]),
            "local": bool(row["local"]), "segments": segments}


def firm_partners(facts, chain_id: str, firm_id: str, *, direction: str = "suppliers") -> pd.DataFrame:
    """A firm's suppliers (``direction='suppliers'``) or customers in one chain, by firm id.

    Returns
    -------
    partners : pandas.DataFrame
        One row per partner, by firm id (RangeIndex). ``firm_id``, ``name`` (str); ``local`` (bool); ``province``,
        ``city`` (str); ``revenue`` (float, 万元, NaN if not given); ``tags`` (list of str).
    """
    chain = facts.chain(chain_id)
    code = facts.firm_code.get_loc(firm_id)
    pairs = chain.pairs
    if direction == "suppliers":
        codes = pairs.loc[pairs["customer"] == code, "supplier"]
    else:
        codes = pairs.loc[pairs["supplier"] == code, "customer"]
    frame = firm_table(facts, codes.to_numpy())
    return frame.sort_values("firm_id", ignore_index=True)


def chain_firm_rows(facts, chain_id: str, firm_ids, *, lang: str = "zh") -> pd.DataFrame:
    """firm_id, name, city and the firm's segment names in the chain, for lists of firms (what-if, matching)."""
    chain = facts.chain(chain_id)
    key = "name_en" if lang == "en" else "name"
    codes = facts.codes(list(firm_ids))
    table = firm_table(facts, codes)
    table["segments"] = ["、".join(chain.segment_attr(s, key) for s in chain.segments_of.get(int(c), []))
                         for c in codes]
    return table[["firm_id", "name", "city", "segments"]]


def chain_cities(facts, chain_id: str) -> list[str]:
    """Cities that have local firms in the chain, sorted."""
    chain = facts.chain(chain_id)
    codes = chain.firms[chain.local[chain.firms]]
    return sorted({c for c in facts.column("city")[codes].tolist() if c})


def top_firms_in_city(facts, city: str, *, n: int = 15) -> pd.DataFrame:
    """The largest local firms of a city, on one size basis (revenue where most firms give it, else registered
    capital …).

    Returns
    -------
    firms : pandas.DataFrame
        At most ``n`` rows, largest first (then name; firms without the basis last). ``firm_id``, ``name`` (str);
        ``local`` (bool); ``province``, ``city`` (str); ``revenue`` (float, 万元, NaN if not given); ``tags`` (list
        of str); ``size`` (float, NaN if not given) and ``size_basis`` (str or None), as :func:`with_size`. The
        index is the firms' positions before sorting.
    """
    firms = facts.firms
    codes = np.flatnonzero(facts.local & (firms["city"] == city).to_numpy())
    table = with_size(facts, firm_table(facts, codes), codes)
    return table.sort_values(["size", "name"], ascending=[False, True], na_position="last").head(n)
