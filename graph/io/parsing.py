"""A raw table as typed columns: header row found, headers mapped to contract names, units converted, every
column parsed and checked at once.

>>> from graph.io.tables import raw_table
>>> found = []
>>> raw = raw_table("firms.csv", [["重点企业名录"], ["企业ID", "企业名称", "省份", "营业收入（亿元）"], ["A", "甲", "山东", "2"]])
>>> table = parse_table(raw, "firms", found)
>>> table.frame()[["firm_id", "province", "revenue"]].values.tolist()
[['A', '山东省', 20000.0]]
>>> [(i.row, i.column, i.code) for i in found]
[(2, None, 'header_row'), (2, '营业收入（亿元）', 'unit_converted')]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from graph.io import columns as parse
from graph.io.cells import share_factor, split_header, unit_factor
from graph.io.headers import find_header_row
from graph.io.issues import Issue
from graph.io.schemas import COLUMN_UNITS, TABLES, column_lookup, normalise_header, row_unit_lookup
from graph.io.tables import RawTable

HEADER_SCAN = 10   # records searched for the header row
NUMBER_KINDS = ("number", "share", "int", "year")


@dataclass
class ParsedTable:
    """A table's typed columns (pyarrow strings or float64 arrays, every contract column present) and rows."""

    file: str
    rows: np.ndarray
    columns: dict[str, pa.Array | np.ndarray]

    def frame(self) -> pd.DataFrame:
        """The contract's DataFrame: str columns (NA = empty), float64 numbers, in file order."""
        return pd.DataFrame({name: (pd.Series(values, dtype="float64") if isinstance(values, np.ndarray)
                                    else values.to_pandas()) for name, values in self.columns.items()})


def _header(raw: RawTable, table: str, issues: list[Issue]):
    """(position of the header record, its row, {column: (cell position, header text, unit)}, {money column:
    (cell position, header text) of the column giving each row's unit}) or None on header errors."""
    lookup, unit_lookup = column_lookup(table), row_unit_lookup(table)
    position = find_header_row(raw.head(HEADER_SCAN), set(lookup), max_scan=HEADER_SCAN)
    header = raw.head(position + 1)[position] if len(raw) else []
    header_row = int(raw.rows[position]) if len(raw) else 1
    if position > 0:
        issues.append(Issue(raw.file, header_row, None, "header_row", {"row": header_row, "skipped": position},
                            "warning"))
    found: dict[str, tuple[int, str, str | None]] = {}
    units: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(header):
        name, unit = split_header(cell)
        column = lookup.get(normalise_header(name))
        unit_of = unit_lookup.get(normalise_header(cell))
        if column is None and unit_of is None:
            continue  # extra columns are allowed and ignored
        if column in found or unit_of in units:
            issues.append(Issue(raw.file, header_row, cell, "duplicate_column", {"column": column or cell}))
            return None
        if column is not None:
            found[column] = (index, cell, unit)
        else:
            units[unit_of] = (index, cell)
    missing = [c for c, (_, required, _) in TABLES[table].items() if required and c not in found]
    for column in missing:
        issues.append(Issue(raw.file, header_row, column, "missing_column", {"column": column}))
    return None if missing else (position, header_row, found, units)


def _unit_factor(table: str, column: str, cell: str, unit: str | None, file: str, row: int,
                 issues: list[Issue]) -> float | None:
    """How plain cells of the column convert to the contract's unit; None (and an error) for an unknown unit."""
    kind = TABLES[table][column][0]
    target = COLUMN_UNITS.get((table, column))
    if unit is None or (target is None and kind != "share"):
        return 1.0   # no unit, or a column without one: brackets are a note
    factor = share_factor(unit) if kind == "share" else unit_factor(unit, target)
    if factor is None:
        issues.append(Issue(file, row, cell, "unknown_unit",
                            {"unit": unit, "column": column, "expected": target or "0–1 / %"}))
    elif factor != 1.0:
        issues.append(Issue(file, row, cell, "unit_converted", {"unit": unit, "target": target or "0–1"},
                            "warning"))
    return factor


def _cells(data: RawTable, index: int) -> pa.Array:
    """The cells of the column at ``index`` ('' throughout when the records are narrower)."""
    return data.columns[index] if index < len(data.columns) else pa.array([""] * len(data), pa.string())


def parse_table(raw: RawTable, table: str, issues: list[Issue], *, region: str | None = None) -> ParsedTable | None:
    """Find the header, map it, and parse every column; None when the header itself is unusable."""
    header = _header(raw, table, issues)
    if header is None:
        return None
    position, header_row, found, row_units = header
    data = raw.after(position)
    if not len(data):
        issues.append(Issue(raw.file, None, None, "no_rows", level="error" if table == "firms" else "warning"))
    n = len(data)
    out: dict[str, pa.Array | np.ndarray] = {}
    for column, (kind, required, _) in TABLES[table].items():
        if column not in found:
            out[column] = (np.full(n, np.nan) if kind in (*NUMBER_KINDS, "flag") else
                           pa.array([""] * n if kind == "tags" else [None] * n, pa.string()))
            continue
        index, cell, unit = found[column]
        col = parse.Column(raw.file, column, _cells(data, index), data.rows, issues)
        if required:
            parse.required(col)
        if kind in NUMBER_KINDS:
            target = COLUMN_UNITS.get((table, column))
            factor = _unit_factor(table, column, cell, unit, raw.file, header_row, issues)
            if factor is not None and column in row_units:
                at, unit_cell = row_units[column]
                issues.append(Issue(raw.file, header_row, unit_cell, "row_units",
                                    {"column": column, "target": target}, "warning"))
                unit, factor = parse.row_units(parse.Column(raw.file, unit_cell, _cells(data, at), data.rows, issues),
                                               column, target, default=(unit, factor))
            out[column] = (np.full(n, np.nan) if factor is None else
                           parse.numbers(col, kind, unit=unit, target=target, factor=factor))
        elif kind == "flag":
            out[column] = parse.flags(col)
        elif kind == "uscc":
            out[column] = parse.uscc(col)
        elif kind == "tags":
            out[column] = parse.tags(col)
        elif kind == "stage":
            out[column] = parse.stages(col)
        elif kind == "province":
            out[column] = parse.provinces(col)
        elif kind == "city":
            out[column] = parse.cities(col, out.get("province", region))
        else:
            out[column] = parse.text(col)
    return ParsedTable(raw.file, data.rows, out)
