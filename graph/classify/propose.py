"""Candidates for every firm of a registry table: one row per (firm, candidate) with a status.

>>> import pandas as pd
>>> from graph.model import Chain, Segment
>>> rules = RuleSet([Chain("cm", "工程机械", "Construction machinery",
...                        (Segment("loaders", "装载机", "Loaders", "downstream"),), ())])
>>> frame = pd.DataFrame({"firm_id": ["A", "B"], "name": ["甲装载机有限公司", "乙银行"]})
>>> propose(frame, rules)[["firm_id", "segment_id", "confidence", "status"]].to_dict("records")
[{'firm_id': 'A', 'segment_id': 'loaders', 'confidence': 0.55, 'status': 'proposed'}]
"""
from __future__ import annotations

import pandas as pd

from graph.classify.candidates import DEFAULT_THRESHOLD, select
from graph.classify.orgkind import kind_of
from graph.classify.rules import RuleSet
from graph.classify.text import normalise_texts

COLUMNS = ("firm_id", "rank", "status", "chain_id", "chain_name", "chain_name_en", "segment_id", "segment_name",
           "segment_name_en", "confidence", "basis", "basis_en")
# the texts RuleSet.candidates reads, in its argument order, and the registry columns they come from
TEXT_COLUMNS = {"name": ("name",), "industry": ("industry", "labels"), "products": ("products",), "scope": ("scope",)}


def _texts(frame: pd.DataFrame, column_names: tuple[str, ...]) -> list[str]:
    present = [frame[c].fillna("").astype(str) for c in column_names if c in frame]
    if not present:
        return [""] * len(frame)
    joined = present[0]
    for more in present[1:]:
        joined = joined + " " + more
    return joined.tolist()


def propose(frame: pd.DataFrame, rules: RuleSet, *, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Candidates of every firm in ``frame`` (columns firm_id, name and any of industry, labels, products,
    scope, firm_type), statuses ``proposed`` / ``below_threshold`` / ``chain_only`` / ``runner_up``; firms with no
    evidence have no row."""
    texts = [normalise_texts(_texts(frame, columns)) for columns in TEXT_COLUMNS.values()]
    types = _texts(frame, ("firm_type",))
    chains = rules.chains
    rows = []
    for firm_id, firm_type, *firm_texts in zip(frame["firm_id"].tolist(), types, *texts, strict=True):
        found = rules.candidates_normalised(*firm_texts, kind_of(firm_texts[0], firm_type))
        for rank, (c, status) in enumerate(select(found, threshold), start=1):
            chain = chains[c.chain_id]
            rows.append((firm_id, rank, status, c.chain_id, chain.name, chain.name_en, c.segment_id, c.segment_name,
                         c.segment_name_en, c.confidence, c.basis("zh"), c.basis("en")))
    return pd.DataFrame(rows, columns=list(COLUMNS))
