"""Writing a dataset back out: dataset.yaml plus CSV files or one workbook."""
from __future__ import annotations

import csv
from pathlib import Path

import yaml

from graph.io.schemas import TABLES
from graph.model import Dataset, Firm


def dataset_tables(dataset: Dataset) -> dict[str, list[dict]]:
    """The dataset's tables as lists of row dicts with the canonical column names."""
    def firm_row(f: Firm):
        return {"firm_id": f.firm_id, "name": f.name, "province": f.province, "city": f.city, "uscc": f.uscc,
                "revenue": f.revenue, "employees": f.employees, "founded": f.founded, "tags": ";".join(f.tags)}

    return {
        "firms": [firm_row(f) for f in dataset.firms],
        "firm_segments": [fs.__dict__.copy() for fs in dataset.firm_segments],
        "supply": [s.__dict__.copy() for s in dataset.supply],
        "projects": [p.__dict__.copy() for p in dataset.projects],
    }


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_dataset(dataset: Dataset, folder: str | Path, *, fmt: str = "csv", encoding: str = "utf-8") -> Path:
    """Write dataset.yaml plus the tables as CSV files (or one ``dataset.xlsx``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in dataset.meta.__dict__.items() if v not in (None, "")}
    (folder / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tables = dataset_tables(dataset)
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        for table, rows in tables.items():
            sheet = book.create_sheet(table)
            sheet.append(list(TABLES[table]))
            for row in rows:
                sheet.append([row[c] for c in TABLES[table]])
        book.save(folder / "dataset.xlsx")
        return folder
    for table, rows in tables.items():
        with open(folder / f"{table}.csv", "w", newline="", encoding=encoding) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(list(TABLES[table]))
            writer.writerows([_csv_value(row[c]) for c in TABLES[table]] for row in rows)
    return folder
