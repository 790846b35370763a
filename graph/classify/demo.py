"""A raw registry view of a (synthetic) dataset, so the classify path can be tried without real data.

Each firm becomes one export row: name, credit code, province, city, the GB/T class of its first segment
(the segment's first class that no other chain lists, when it has one — the class most telling of it),
a business-scope phrase made from that segment's keywords, and revenue — under the Chinese headers real
exports use. Segment ids are not in it: classifying it should find them again.

>>> import pandas as pd
>>> from graph.model import Chain, Segment
>>> chains = [Chain("cm", "工程机械", "Construction machinery",
...                 (Segment("loaders", "装载机", "Loaders", "downstream", industries=("3514",), keywords=("轮式装载机",)),), ())]
>>> firms = pd.DataFrame({"firm_id": ["F1"], "name": ["甲公司"], "province": ["山东省"], "city": ["临沂市"],
...                       "uscc": [None], "revenue": [1200.0]})
>>> links = pd.DataFrame({"firm_id": ["F1"], "chain_id": ["cm"], "segment_id": ["loaders"]})
>>> registry_view(firms, links, chains).iloc[0].to_dict()["经营范围"]
'轮式装载机、装载机的研发、制造与销售'
"""
from __future__ import annotations

import pandas as pd

from graph.model import Chain

HEADERS = {"name": "企业名称", "uscc": "统一社会信用代码", "province": "省份", "city": "城市",
           "industry": "行业代码", "scope": "经营范围", "revenue": "营业收入（万元）"}


def scope_phrase(keywords: tuple[str, ...], segment_name: str) -> str:
    """'轮式装载机、装载机的研发、制造与销售' from up to two keywords plus the segment name."""
    words = list(dict.fromkeys([*keywords[:2], segment_name]))
    return "、".join(words) + "的研发、制造与销售"


def registry_view(firms: pd.DataFrame, firm_segments: pd.DataFrame, chains: list[Chain]) -> pd.DataFrame:
    """One registry row per firm (Chinese export headers); firms with no segment get no industry or scope."""
    segments = {(c.id, s.id): s for c in chains for s in c.segments}
    owners: dict[str, set[str]] = {}
    for c in chains:
        for s in c.segments:
            for code in s.industries:
                owners.setdefault(code, set()).add(c.id)
    telling = {key: next((code for code in s.industries if owners[code] == {key[0]}), s.industries[0])
               for key, s in segments.items() if s.industries}
    first = firm_segments.drop_duplicates("firm_id").set_index("firm_id")
    rows = []
    for firm in firms.itertuples(index=False):
        seg = key = None
        if firm.firm_id in first.index:
            key = (first.at[firm.firm_id, "chain_id"], first.at[firm.firm_id, "segment_id"])
            seg = segments.get(key)
        rows.append({"name": firm.name, "uscc": getattr(firm, "uscc", None), "province": firm.province,
                     "city": getattr(firm, "city", None),
                     "industry": telling.get(key),
                     "scope": scope_phrase(seg.keywords, seg.name) if seg is not None else None,
                     "revenue": getattr(firm, "revenue", None)})
    return pd.DataFrame(rows, columns=list(HEADERS)).rename(columns=HEADERS)
