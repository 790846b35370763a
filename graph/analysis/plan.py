"""The plan's targets (e.g. 200 链主, 10,000 专精特新, 1,000 单项冠军, 11 flagship chains) against the data.

The targets are data: ``chains/<set>/_plan.yaml`` (read by graph.io.read_plan).

>>> plan_progress(G, {"链主": 200, "flagship_chains": 11})    # doctest: +SKIP
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.build import nodes_of_kind


def plan_progress(G: nx.MultiDiGraph, targets: dict[str, int]) -> pd.DataFrame:
    """One row per target: the count among local firms (chains for ``flagship_chains``) and the share."""
    local_tags = [d.get("tags") or [] for d in nodes_of_kind(G, "firm").values() if d.get("local")]
    rows = []
    for item, target in targets.items():
        if item == "flagship_chains":
            actual = len(nodes_of_kind(G, "chain"))
        else:
            actual = sum(item in tags for tags in local_tags)
        rows.append({"item": item, "actual": actual, "target": target,
                     "share": round(actual / target, 4) if target else None})
    return pd.DataFrame(rows, columns=["item", "actual", "target", "share"])
