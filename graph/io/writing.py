"""Writing a dataset back out: dataset.yaml plus CSV files or one workbook, readable by read_dataset.

>>> import tempfile
>>> from graph.io import DEMO_DATA, read_dataset
>>> ds = read_dataset(DEMO_DATA)
>>> again = read_dataset(write_dataset(ds, tempfile.mkdtemp()))
>>> again.firms.equals(ds.firms), len(again.supply) == len(ds.supply)
(True, True)
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from graph.io.meta import write_meta
from graph.model import DATASET_COLUMNS, PROVENANCE_COLUMNS, Dataset


def dataset_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The tables a dataset folder holds, with the contract's columns: supply only when present, benchmark
    only when given, firm_segments' ``confidence`` and ``reviewed`` only when some membership gives one."""
    tables = {"firms": dataset.firms, "firm_segments": dataset.firm_segments}
    if dataset.supply_present:
        tables["supply"] = dataset.supply
    tables["projects"] = dataset.projects
    if dataset.benchmark is not None:
        tables["benchmark"] = dataset.benchmark
    out = {name: frame.reindex(columns=list(DATASET_COLUMNS[name])) for name, frame in tables.items()}
    fs = out["firm_segments"]   # a membership's provenance (classify's) only when some row gives it
    out["firm_segments"] = fs.drop(columns=[c for c in PROVENANCE_COLUMNS if fs[c].isna().all()])
    return out


def _texts(series: pd.Series) -> list[str]:
    """Cells as CSV text: '' for missing, whole floats without '.0'."""
    if pd.api.types.is_float_dtype(series.dtype):
        return ["" if v != v else (str(int(v)) if v.is_integer() else repr(v)) for v in series.tolist()]
    return ["" if v is None or v != v else str(v) for v in series.astype(object).tolist()]


def _cells(series: pd.Series) -> list:
    """Cells as workbook values: None for missing."""
    values = series.astype(object).tolist()
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else v for v in values]


def write_dataset(dataset: Dataset, folder: str | Path, *, fmt: str = "csv", encoding: str = "utf-8") -> Path:
    """Write dataset.yaml plus the tables as CSV files (or one ``dataset.xlsx``); ``supply: none`` in
    dataset.yaml when the dataset has no supply links."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in dataset.meta.__dict__.items() if v not in (None, "")}
    if not dataset.supply_present:
        meta["supply"] = "none"
    write_meta(folder, meta)
    tables = dataset_tables(dataset)
    if fmt == "xlsx":
        from openpyxl import Workbook  # lazy: openpyxl (~0.1 s) only when a dataset is written as .xlsx

        book = Workbook(write_only=True)
        for table, frame in tables.items():
            sheet = book.create_sheet(table)
            sheet.append(list(frame.columns))
            for row in zip(*(_cells(frame[c]) for c in frame.columns), strict=True):
                sheet.append(list(row))
        book.save(folder / "dataset.xlsx")
        return folder
    for table, frame in tables.items():
        with open(folder / f"{table}.csv", "w", newline="", encoding=encoding) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(list(frame.columns))
            writer.writerows(zip(*(_texts(frame[c]) for c in frame.columns), strict=True))
    return folder
