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
    names = dict(zip(firms["firm_id"], firms["name"], strict=True))
    made: dict[str, list[str]] = {}   # product -> its firms' ids, in registry order, each once
    for firm_id, product in pairs:
        ids = made.setdefault(product, [])
        if not ids or ids[-1] != firm_id:   # a firm's products come together: one writing twice is one firm
            ids.append(firm_id)
    rows = sorted(made.items(), key=lambda item: -len(item[1]))   # stable: registry order among equals
    return pd.DataFrame({"product": [product for product, _ in rows],
                         "firms": [len(ids) for _, ids in rows],
                         "examples": ["、".join(names[i] for i in ids[:EXAMPLES]) for _, ids in rows]},
                        columns=["product", "firms", "examples"])
