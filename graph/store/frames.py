"""A dataset's tables as pandas DataFrames in the column contract of :class:`graph.model.Dataset`,
whether the dataset holds DataFrames already or (as before the columnar change) lists of records.

The Neo4j store reads only these frames, so it works with either form of :class:`Dataset`.

>>> from graph.model import Dataset, DatasetMeta, Firm
>>> ds = Dataset(DatasetMeta("t", "山东省", "x"), [], [Firm("F1", "一号", "山东省", tags=("链主", "上市"))], [], [])
>>> dataset_frames(ds)["firms"][["firm_id", "tags"]].values.tolist()
[['F1', '链主;上市']]
"""
from __future__ import annotations

from dataclasses import is_dataclass

import pandas as pd

from graph.model import DATASET_COLUMNS, Dataset

COLUMNS = {name: DATASET_COLUMNS[name] for name in ("firms", "firm_segments", "supply", "projects")}


def _frame(table, columns: tuple[str, ...]) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame):   # a column added to the contract later may be absent: NaN throughout
        return table.reindex(columns=list(columns)).reset_index(drop=True)
    rows = [[getattr(r, c) for c in columns] if is_dataclass(r) else [r.get(c) for c in columns] for r in table or ()]
    return pd.DataFrame(rows, columns=list(columns))


def dataset_frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """{firms, firm_segments, supply, projects}: one DataFrame each, contract columns in contract order.

    ``tags`` become one ``;``-joined string ('' = none) as the contract says.
    """
    frames = {name: _frame(getattr(dataset, name), columns) for name, columns in COLUMNS.items()}
    tags = frames["firms"]["tags"]
    frames["firms"]["tags"] = [t if isinstance(t, str) else ";".join(t) if isinstance(t, (list, tuple)) else ""
                               for t in tags]
    return frames
