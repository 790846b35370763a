"""Plain counts per chain and per city.

>>> chain_counts(G).columns.tolist()[:3]     # doctest: +SKIP
['chain_id', 'name', 'segments']
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.build import nodes_of_kind, views

CHAIN_COLUMNS = {
    "chain_id": ("产业链ID", "chain_id"), "name": ("产业链", "chain"), "segments": ("环节数", "segments"),
    "local_firms": ("本地企业", "local firms"), "other_firms": ("外省企业", "non-local firms"),
    "supply_edges": ("供应关系", "supply edges"), "projects": ("项目", "projects"),
}
CITY_COLUMNS = {"city": ("城市", "city"), "firms": ("企业数", "firms"), "revenue": ("营业收入（万元）", "revenue (10k CNY)")}


def _labels(frame: pd.DataFrame, columns: dict, lang: str | None) -> pd.DataFrame:
    if lang is None:
        return frame
    return frame.rename(columns={k: v[0 if lang == "zh" else 1] for k, v in columns.items()})


def chain_counts(G: nx.MultiDiGraph, *, lang: str | None = None) -> pd.DataFrame:
    """Segments, local and non-local firms, supply edges and projects per chain."""
    v = views(G)
    firms = nodes_of_kind(G, "firm")
    local = {d["firm_id"]: d["local"] for d in firms.values()}
    supply_per_chain: dict = {}
    for _, _, data in v.supply.edges(data=True):
        for chain_id in data["chains"]:
            supply_per_chain[chain_id] = supply_per_chain.get(chain_id, 0) + 1
    projects: dict = {}
    for d in nodes_of_kind(G, "project").values():
        projects[d["chain_id"]] = projects.get(d["chain_id"], 0) + 1
    rows = []
    for d in sorted(nodes_of_kind(G, "chain").values(), key=lambda d: d["chain_id"]):
        chain_id = d["chain_id"]
        members = {f for (c, _), fs in v.segment_firms.items() if c == chain_id for f in fs}
        rows.append({"chain_id": chain_id, "name": d["name"] if lang != "en" else d["name_en"],
                     "segments": v.segment_dags[chain_id].number_of_nodes() if chain_id in v.segment_dags else 0,
                     "local_firms": sum(local[f] for f in members),
                     "other_firms": sum(not local[f] for f in members),
                     "supply_edges": supply_per_chain.get(chain_id, 0), "projects": projects.get(chain_id, 0)})
    return _labels(pd.DataFrame(rows, columns=list(CHAIN_COLUMNS)), CHAIN_COLUMNS, lang)


def city_counts(G: nx.MultiDiGraph, *, lang: str | None = None) -> pd.DataFrame:
    """Local firms and their revenue per city, largest first."""
    rows: dict[str, dict] = {}
    for d in nodes_of_kind(G, "firm").values():
        if d["local"] and d.get("city"):
            row = rows.setdefault(d["city"], {"city": d["city"], "firms": 0, "revenue": 0.0})
            row["firms"] += 1
            row["revenue"] += d.get("revenue") or 0.0
    frame = pd.DataFrame(list(rows.values()), columns=list(CITY_COLUMNS))
    frame = frame.sort_values(["firms", "city"], ascending=[False, True]).reset_index(drop=True)
    frame["revenue"] = frame["revenue"].round(1)
    return _labels(frame, CITY_COLUMNS, lang)
