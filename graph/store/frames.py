"""A dataset's tables in the column contract of :class:`graph.model.Dataset`, in contract order, as the Neo4j
store stages them (a column added to the contract later may be absent from a frame: NaN throughout).

>>> from graph.model import Dataset, DatasetMeta, Firm, empty_table, records_table
>>> firms = records_table([Firm("F1", "一号", "山东省", tags=("链主", "上市"))], "firms")
>>> ds = Dataset(DatasetMeta("t", "山东省", "x"), [], firms, empty_table("firm_segments"), empty_table("supply"))
>>> dataset_frames(ds)["firms"][["firm_id", "tags"]].values.tolist()
[['F1', '链主;上市']]
"""
from __future__ import annotations

import pandas as pd

from graph.model import DATASET_COLUMNS, Dataset

COLUMNS = {name: DATASET_COLUMNS[name] for name in ("firms", "firm_segments", "supply", "projects")}


def dataset_frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """{firms, firm_segments, supply, projects}: one DataFrame each, contract columns in contract order.

    ``tags`` become one ``;``-joined string ('' = none) as the contract says.
    """
    frames = {name: getattr(dataset, name).reindex(columns=list(columns)).reset_index(drop=True)
              for name, columns in COLUMNS.items()}
    tags = frames["firms"]["tags"]
    frames["firms"]["tags"] = [t if isinstance(t, str) else ";".join(t) if isinstance(t, (list, tuple)) else ""
                               for t in tags]
    return frames
