"""Raw tables: CSV files and XLSX sheets as text cells with spreadsheet row numbers."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from graph.io.decoding import decode
from graph.io.issues import Issue
from graph.io.limits import MAX_FILE_MB


@dataclass
class RawTable:
    """A table as text cells: where it came from, its header and its rows."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)


def _raw_table(file: str, records: list[list[str]]) -> RawTable | None:
    """Header = first non-blank record; blank records are dropped but keep their numbers."""
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(str(c).strip() for c in r)]
    if not numbered:
        return None
    (_, header), rows = numbered[0], numbered[1:]
    return RawTable(file, [str(h).strip() for h in header], rows)


def read_csv_table(path: Path, issues: list[Issue]) -> RawTable | None:
    """Read one CSV file into a :class:`RawTable`, appending problems to ``issues``."""
    label = path.name
    size_mb = path.stat().st_size / 1e6
    if size_mb > MAX_FILE_MB:
        issues.append(Issue(label, None, None, "too_large", {"size": round(size_mb), "limit": MAX_FILE_MB}))
        return None
    data = path.read_bytes()
    if data[:2] == b"PK" or b"\x00" in data[:4096]:
        issues.append(Issue(label, None, None, "not_a_table", {"error": "binary content"}))
        return None
    text = decode(data, label, issues)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        issues.append(Issue(label, len(records) + 1, None, "csv_syntax", {"error": str(exc)}))
        return None
    raw = _raw_table(label, records)
    if raw is None:
        issues.append(Issue(label, None, None, "empty_file"))
    return raw


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx_tables(path: Path, issues: list[Issue]) -> dict[str, RawTable]:
    """Read every sheet of a workbook; keys are sheet titles."""
    from openpyxl import load_workbook  # heavy import, only when a workbook is read

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        issues.append(Issue(path.name, None, None, "not_a_table", {"error": type(exc).__name__}))
        return {}
    tables = {}
    try:
        for sheet in book.worksheets:
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            label = f"{path.name}[{sheet.title}]"
            tables[sheet.title.strip()] = _raw_table(label, rows) or RawTable(label, [], [])
    finally:
        book.close()
    return tables
