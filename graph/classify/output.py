"""Writing a classified registry as a dataset folder: dataset.yaml, firms.csv, firm_segments.csv (no supply.csv).

``firm_segments.csv`` carries, beside the contract's columns, ``confidence`` and ``basis`` of each proposal and
``reviewed`` — ``1`` where a person accepted the membership in the review workbook (``--apply-review``), ``0`` for
a proposal nobody has looked at yet. Loaders read ``confidence`` and ``reviewed`` (leaders weigh a proposal by its
confidence, a reviewed membership in full) and ignore ``basis``.

>>> import pandas as pd, tempfile
>>> firms = pd.DataFrame({"firm_id": ["A"], "name": ["甲"], "province": ["山东省"]})
>>> links = pd.DataFrame({"firm_id": ["A"], "chain_id": ["cm"], "segment_id": ["loaders"], "confidence": [0.9],
...                       "basis": ["名称含「装载机」"]})
>>> folder = write_classified(tempfile.mkdtemp(), firms, links, meta={"name": "x", "region": "山东省",
...                                                                    "chain_set": "shandong-2022"})
>>> sorted(p.name for p in folder.iterdir())
['dataset.yaml', 'firm_segments.csv', 'firms.csv']
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from graph.io import write_meta

FIRM_COLUMNS = ("firm_id", "name", "province", "city", "uscc", "revenue", "registered_capital", "employees", "founded",
                "tags")
MEMBERSHIP_COLUMNS = ("firm_id", "chain_id", "segment_id", "share", "confidence", "basis", "reviewed")


def dataset_meta(*, name: str, region: str, chain_set: str, source: str, description: str = "") -> dict:
    """dataset.yaml of a classified registry (a registry has no supply links: ``supply: none``)."""
    return {"name": name, "region": region, "chain_set": chain_set, "synthetic": False, "source": source,
            "description": description, "supply": "none"}


def firms_table(registry_frame: pd.DataFrame) -> pd.DataFrame:
    """The dataset's firms table from a registry frame (registry-only columns dropped)."""
    out = registry_frame.reindex(columns=list(FIRM_COLUMNS))
    for column in ("employees", "founded"):   # whole numbers, written without '.0'
        out[column] = pd.to_numeric(out[column]).round().astype("Int64")
    return out


def write_classified(folder: str | Path, firms: pd.DataFrame, memberships: pd.DataFrame, *, meta: dict) -> Path:
    """Write the dataset; ``memberships`` has firm_id, chain_id, segment_id and optionally confidence, basis and
    reviewed (missing: 0, a proposal)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_meta(folder, meta)
    firms.reindex(columns=list(FIRM_COLUMNS)).to_csv(folder / "firms.csv", index=False, encoding="utf-8")
    table = memberships.reindex(columns=list(MEMBERSHIP_COLUMNS))
    table["reviewed"] = table["reviewed"].fillna(0).astype(int)
    table.to_csv(folder / "firm_segments.csv", index=False, encoding="utf-8")
    return folder
