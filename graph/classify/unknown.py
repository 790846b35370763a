"""What the firms placed on no chain make in words no map holds, counted for the maps' owners.

A registry's firms that the rules place nowhere often make something a segment does hold, written in words its
keywords lack (甜茶, 人造金刚石). The review workbook lists those products, most firms first, so a map owner can add
a product to a segment's ``keywords`` (or to ``_products.yaml`` when no segment holds it) and classify again.

>>> import pandas as pd
>>> firms = pd.DataFrame({"firm_id": ["A", "B", "C"], "name": ["甲茶厂", "乙茶业", "丙厂"]})
>>> unknown_table([("A", "甜茶"), ("B", "甜茶"), ("C", "炉条")], firms).to_dict("records")
[{'product': '甜茶', 'firms': 2, 'examples': '甲茶厂、乙茶业'}, {'product': '炉条', 'firms': 1, 'examples': '丙厂'}]
"""
from __future__ import annotations

import pandas as pd

EXAMPLES = 3         # firm names shown per product


def unknown_table(pairs: list[tuple[str, str]], firms: pd.DataFrame) -> pd.DataFrame:
    """(firm_id, product) pairs as a table: product, firms (how many make it), examples (the first firms' names);
    most firms first, then in registry order."""
    if not pairs:
        return pd.DataFrame(columns=["product", "firms", "examples"])
    names = dict(zip(firms["firm_id"], firms["name"], strict=True))
    made = pd.DataFrame(pairs, columns=["firm_id", "product"]).drop_duplicates()
    made["name"] = made["firm_id"].map(names)
    grouped = made.groupby("product", sort=False)
    table = pd.DataFrame({"firms": grouped.size(),
                          "examples": grouped["name"].agg(lambda n: "、".join(n.head(EXAMPLES)))})
    table = table.reset_index().sort_values("firms", ascending=False, kind="stable")
    return table.reset_index(drop=True)
