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

COLUMNS = ["segment_id", "name", "name_en", "stage", "key_tech", "order", "local_firms", "other_firms",
           "local_revenue", "total_revenue", "hhi", "top_share", "top_firm", "top_firm_name",
           "local_suppliers", "top_supplier", "top_supplier_name", "top_supplier_customers", "supply_edges",
           "local_supply_edges", "support_rate", "downstream_segments", "local_demand"]


def rounded(value, digits: int = 4):
    """``value`` rounded, or None when it is missing (None/NaN)."""
    return None if value is None or pd.isna(value) else round(float(value), digits)


def segment_table(facts, chain_id: str) -> pd.DataFrame:
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

    Returns
    -------
    table : pandas.DataFrame
        One row per segment, indexed by ``segment_id`` (also a column), in chain-map order. ``segment_id``,
        ``name``, ``name_en``, ``stage`` (str); ``key_tech`` (bool); ``order`` (int, position in the chain map);
        ``local_firms``, ``other_firms`` (int); ``local_revenue``, ``total_revenue`` (float, 万元, attributed by
        membership share); ``hhi``, ``top_share`` (float, NaN without local revenue); ``top_firm``,
        ``top_firm_name`` (str, None without local revenue); ``local_suppliers`` (int); ``top_supplier``,
        ``top_supplier_name`` (str, None without a local supplier); ``top_supplier_customers`` (int);
        ``supply_edges``, ``local_supply_edges`` (float: edges of multi-segment firms count 1/k); ``support_rate``
        (float, NaN without edges); ``downstream_segments``, ``local_demand`` (int).
    """
    chain = facts.chain(chain_id)
    table = facts.memo(("segment_table", chain_id),
                       lambda: segment_rows(chain.chain, chain.dag, chain.members, chain.local_customers))
    return table.copy()


def segment_rows(chain, dag: nx.DiGraph, members: pd.DataFrame, local_customers: np.ndarray) -> pd.DataFrame:
    """The segment table from a chain's membership rows (``firm`` code, ``firm_id``, ``name``,
    ``segment_id``, ``revenue_in``, ``local``), sorted by segment in chain-map order then firm id, and each
    firm code's number of local customers in the chain. Sums are numpy bincounts over segment positions."""
    order = [seg.id for seg in chain.segments]
    n = len(order)
    seg = pd.Index(order).get_indexer(members["segment_id"].to_numpy(dtype=object))
    firms = members["firm"].to_numpy()
    local = members["local"].to_numpy(dtype=bool)
    revenue = members["revenue_in"].to_numpy(dtype=float)
    firm_ids = members["firm_id"].to_numpy(dtype=object)
    names = members["name"].to_numpy(dtype=object)
    k = np.bincount(firms)[firms] if len(firms) else np.zeros(0)
    customers = local_customers[firms].astype(float)
    edges = customers / np.maximum(k, 1)

    def per_segment(mask, weights=None):
        return np.bincount(seg[mask], weights=None if weights is None else weights[mask], minlength=n)

    size, n_local = per_segment(np.ones(len(seg), bool)), per_segment(local)
    total_revenue, local_revenue = per_segment(np.ones(len(seg), bool), revenue), per_segment(local, revenue)
    all_edges, local_edges = per_segment(np.ones(len(seg), bool), edges), per_segment(local, edges)
    supplier = local & (customers > 0)
    n_suppliers = per_segment(supplier)
    share = np.where(local & (local_revenue[seg] > 0), revenue / np.where(local_revenue[seg] > 0, local_revenue[seg], 1), 0)
    hhi = per_segment(local, share ** 2)
    starts = np.searchsorted(seg, np.arange(n + 1))      # members are grouped by segment position

    local_sets = [set(firms[starts[i]:starts[i + 1]][local[starts[i]:starts[i + 1]]].tolist()) for i in range(n)]
    position = {s: i for i, s in enumerate(order)}
    rows = []
    for i, seg_def in enumerate(chain.segments):
        lo, hi = starts[i], starts[i + 1]
        top = supplier_top = None
        if local_revenue[i] > 0:
            top = lo + int(np.argmax(np.where(local[lo:hi], share[lo:hi], -1.0)))   # first max: smallest firm id
        if n_suppliers[i]:
            supplier_top = lo + int(np.argmax(np.where(supplier[lo:hi], customers[lo:hi], -1.0)))
        fed = set().union(*(local_sets[position[t]] for t in dag.successors(seg_def.id)))
        rows.append({
            "segment_id": seg_def.id, "name": seg_def.name, "name_en": seg_def.name_en, "stage": seg_def.stage,
            "key_tech": bool(seg_def.key_tech), "order": i, "local_firms": int(n_local[i]),
            "other_firms": int(size[i] - n_local[i]), "local_revenue": float(local_revenue[i]),
            "total_revenue": float(total_revenue[i]), "hhi": float(hhi[i]) if top is not None else None,
            "top_share": float(share[top]) if top is not None else None,
            "top_firm": firm_ids[top] if top is not None else None,
            "top_firm_name": names[top] if top is not None else None,
            "local_suppliers": int(n_suppliers[i]),
            "top_supplier": firm_ids[supplier_top] if supplier_top is not None else None,
            "top_supplier_name": names[supplier_top] if supplier_top is not None else None,
            "top_supplier_customers": int(customers[supplier_top]) if supplier_top is not None else 0,
            "supply_edges": round(float(all_edges[i]), 6), "local_supply_edges": round(float(local_edges[i]), 6),
            "support_rate": float(local_edges[i] / all_edges[i]) if all_edges[i] > 0 else None,
            "downstream_segments": len(nx.descendants(dag, seg_def.id)), "local_demand": len(fed),
        })
    return pd.DataFrame(rows, columns=COLUMNS).set_index("segment_id", drop=False)
