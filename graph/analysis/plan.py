"""The plan's targets (e.g. 200 链主, 10,000 专精特新, 1,000 单项冠军, 11 flagship chains) against the data.

The targets are data: ``chains/<set>/_plan.yaml`` (read by graph.io.read_plan).

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> plan_progress(Facts.from_dataset(read_dataset("data/demo")), {"flagship_chains": 11})["actual"].tolist()
[11]
"""
from __future__ import annotations

import pandas as pd


def carries_tags(facts) -> bool:
    """Whether the data say which firms are 链主, 专精特新 … at all: a registration export tags none, and then a
    count of tagged firms is unknown, not 0."""
    return any(len(t) for t in facts.firms["tags"])


def plan_progress(facts, targets: dict[str, int]) -> pd.DataFrame:
    """One row per target: the count among local firms (chains for ``flagship_chains``) and the share.

    Returns
    -------
    progress : pandas.DataFrame
        One row per item of ``targets``, in its order. ``item`` (str: a tag such as 链主, or ``flagship_chains``);
        ``actual`` (int: local firms with the tag, or the chains of the data; None when no firm of the data carries
        any tag, as in a registration export: unknown, not 0); ``target`` (int); ``share`` (float, actual / target,
        4 decimals; None for a target of 0 or an unknown count).
    """
    tagged = carries_tags(facts)
    local_tags = facts.firms.loc[facts.firms["local"], "tags"]
    rows = []
    for item, target in targets.items():
        if item == "flagship_chains":
            actual = len(facts.chains)
        else:
            actual = int(sum(item in t for t in local_tags)) if tagged else None
        rows.append({"item": item, "actual": actual, "target": target,
                     "share": round(actual / target, 4) if target and actual is not None else None})
    frame = pd.DataFrame(rows, columns=["item", "actual", "target", "share"])
    frame["actual"] = pd.Series([r["actual"] for r in rows], index=frame.index, dtype=object)   # 11 stays 11, not 11.0
    return frame
