"""One row of facts per segment of a chain: the base table gaps, weak links and strengths read.

This is the one definition of the segment facts (local firms, HHI, top share, single local
supplier, 本地配套率); the Neo4j push-down computes the same table with :func:`segment_rows`.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> table = segment_table(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery")
>>> int(table.loc["tractors", "local_firms"]) > 0
True
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.source import as_facts

COLUMNS = ["segment_id", "name", "name_en", "stage", "key_tech", "order", "local_firms", "other_firms",
           "local_revenue", "total_revenue", "hhi", "top_share", "top_firm", "top_firm_name",
           "local_suppliers", "top_supplier", "top_supplier_name", "top_supplier_customers", "supply_edges",
           "local_supply_edges", "support_rate", "downstream_segments", "local_demand"]


def rounded(value, digits: int = 4):
    """``value`` rounded, or None when it is missing (None/NaN)."""
    return None if value is None or pd.isna(value) else round(float(value), digits)


def segment_table(source, chain_id: str) -> pd.DataFrame:
    """Facts per segment, indexed by segment id, in chain-map order.

    - ``hhi``/``top_share``: concentration of local revenue over local firms (None with no local revenue);
      the top firm is the one with the largest share, the smallest firm id on a tie;
    - ``local_suppliers``: local firms of the segment that supply at least one local firm in the chain;
    - ``supply_edges``/``local_supply_edges``/``support_rate`` (本地配套率): supply edges from this
      segment's firms (all / local ones) into local firms of the chain, and their ratio (None without
      such edges). A firm in k segments of the chain counts each of its edges 1/k in each of them —
      the data do not say which segment an edge comes from, and every edge counts once in all;
    - ``downstream_segments``: segments reachable downstream in the chain map;
    - ``local_demand``: local firms in the segments this one directly feeds.
    """
    facts = as_facts(source)
    chain = facts.chain(chain_id)
    table = facts.memo(("segment_table", chain_id),
                       lambda: segment_rows(chain.chain, chain.dag, chain.members, chain.local_customers))
    return table.copy()


def segment_rows(chain, dag: nx.DiGraph, members: pd.DataFrame, local_customers: np.ndarray) -> pd.DataFrame:
    """The segment table from a chain's membership rows (``firm`` code, ``firm_id``, ``name``,
    ``segment_id``, ``revenue_in``, ``local``) and each firm code's number of local customers in the chain."""
    m = members
    firms = m["firm"].to_numpy()
    local = m["local"].to_numpy(dtype=bool)
    k = m.groupby("firm")["segment_id"].transform("size").to_numpy()
    customers = local_customers[firms].astype(float)
    frame = pd.DataFrame({"segment_id": m["segment_id"].to_numpy(), "firm_id": m["firm_id"].to_numpy(),
                          "name": m["name"].to_numpy(), "local": local, "revenue": m["revenue_in"].to_numpy(dtype=float),
                          "customers": customers, "edges": customers / k})
    frame["local_revenue"] = np.where(local, frame["revenue"], 0.0)
    frame["local_edges"] = np.where(local, frame["edges"], 0.0)
    frame["is_supplier"] = local & (customers > 0)
    by_segment = frame.groupby("segment_id", sort=False)
    sums = by_segment[["local", "revenue", "local_revenue", "edges", "local_edges", "is_supplier"]].sum()
    sizes = by_segment.size()

    local_rows = frame[frame["local"]]
    totals = local_rows.groupby("segment_id")["revenue"].transform("sum")
    shares = local_rows["revenue"] / totals.where(totals > 0)
    with_share = local_rows.assign(share=shares)[shares.notna()]
    hhi = with_share.assign(sq=with_share["share"] ** 2).groupby("segment_id")["sq"].sum()
    top = (with_share.sort_values(["segment_id", "share", "firm_id"], ascending=[True, False, True], kind="stable")
           .drop_duplicates("segment_id").set_index("segment_id"))
    suppliers = frame[frame["is_supplier"]]
    top_supplier = (suppliers.sort_values(["segment_id", "customers", "firm_id"], ascending=[True, False, True],
                                          kind="stable").drop_duplicates("segment_id").set_index("segment_id"))
    local_sets = members[members["local"]].groupby("segment_id")["firm"].agg(set)

    rows = []
    for order, seg in enumerate(chain.segments):
        s = seg.id
        n_local = int(sums["local"].get(s, 0))
        edges = float(sums["edges"].get(s, 0.0))
        local_edges = float(sums["local_edges"].get(s, 0.0))
        top_firm = top["firm_id"].get(s) if s in top.index else None
        supplier = top_supplier["firm_id"].get(s) if s in top_supplier.index else None
        fed = set().union(*(local_sets.get(t, set()) for t in dag.successors(s)))
        rows.append({
            "segment_id": s, "name": seg.name, "name_en": seg.name_en, "stage": seg.stage,
            "key_tech": bool(seg.key_tech), "order": order, "local_firms": n_local,
            "other_firms": int(sizes.get(s, 0)) - n_local, "local_revenue": float(sums["local_revenue"].get(s, 0.0)),
            "total_revenue": float(sums["revenue"].get(s, 0.0)),
            "hhi": float(hhi[s]) if s in hhi.index else None,
            "top_share": float(top.loc[s, "share"]) if top_firm is not None else None,
            "top_firm": top_firm, "top_firm_name": top["name"].get(s) if top_firm is not None else None,
            "local_suppliers": int(sums["is_supplier"].get(s, 0)), "top_supplier": supplier,
            "top_supplier_name": top_supplier["name"].get(s) if supplier is not None else None,
            "top_supplier_customers": int(top_supplier.loc[s, "customers"]) if supplier is not None else 0,
            "supply_edges": round(edges, 6), "local_supply_edges": round(local_edges, 6),
            "support_rate": local_edges / edges if edges > 0 else None,
            "downstream_segments": len(nx.descendants(dag, s)), "local_demand": len(fed),
        })
    return pd.DataFrame(rows, columns=COLUMNS).set_index("segment_id", drop=False)
