"""SME matching (融链固链): local 专精特新 firms that could join a leader's supply chain.

For a leader L: its supplier segments are the chain-map predecessors of L's segments. The
candidates are local firms tagged 专精特新/小巨人 in those segments that do not yet supply L,
ranked by how many non-local suppliers L uses in that segment (room to substitute imports),
then by how many local firms the SME already supplies (proven), then revenue.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> sme_matches(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery", "no-such-firm").empty
True
"""
from __future__ import annotations

import pandas as pd

from graph.analysis.reasons import reason
from graph.analysis.settings import DEFAULT, Settings

COLUMNS = ["leader_id", "segment_id", "segment_name", "firm_id", "name", "city", "tags", "leader_imports",
           "local_customers", "revenue", "reasons"]


def sme_matches(facts, chain_id: str, leader_id: str, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """Local SMEs (``settings.sme_tags``) in the leader's supplier segments that do not supply it yet, best first.

    Returns
    -------
    matches : pandas.DataFrame
        One row per (supplier segment, firm), by ``leader_imports``, then ``local_customers``, then revenue (largest
        first), then name; no rows for a firm not in the chain. ``leader_id``, ``segment_id``, ``segment_name``,
        ``firm_id``, ``name``, ``city`` (str); ``tags`` (list of str); ``leader_imports`` (int, non-local suppliers
        the leader uses in that segment); ``local_customers`` (int); ``revenue`` (float, 万元, None if not given);
        ``reasons`` (list of reason dicts: a ``code`` and its numbers, graph.analysis.reasons).
    """
    chain = facts.chain(chain_id)
    codes = facts.codes([leader_id])
    if not len(codes) or int(codes[0]) not in chain.segments_of:
        return pd.DataFrame(columns=COLUMNS)
    leader = int(codes[0])
    firms = facts.firms
    current = set(chain.suppliers_of.get(leader, ()))
    supplier_segments = sorted({u for s in chain.segments_of[leader] for u in chain.dag.predecessors(s)})
    rows = []
    for seg in supplier_segments:
        imports = sum(1 for p in current if not chain.local[p] and seg in chain.segments_of[p])
        for f in chain.local_in(seg).tolist():
            tags = list(firms.at[f, "tags"])
            if f == leader or f in current or not set(tags) & set(settings.sme_tags):
                continue
            customers = int(chain.local_customers[f])
            segment_name = chain.segment_attr(seg, "name")
            reasons = [reason("sme_in_supplier_segment", segment=segment_name)]
            if imports:
                reasons.append(reason("sme_replaces_imports", suppliers=imports))
            if customers:
                reasons.append(reason("sme_proven", customers=customers))
            revenue = firms.at[f, "revenue"]
            rows.append({"leader_id": leader_id, "segment_id": seg, "segment_name": segment_name,
                         "firm_id": firms.at[f, "firm_id"], "name": firms.at[f, "name"], "city": firms.at[f, "city"],
                         "tags": tags, "leader_imports": imports, "local_customers": customers,
                         "revenue": None if pd.isna(revenue) else float(revenue), "reasons": reasons})
    rows.sort(key=lambda r: (-r["leader_imports"], -r["local_customers"], -(r["revenue"] or 0.0), r["name"]))
    return pd.DataFrame(rows, columns=COLUMNS)
