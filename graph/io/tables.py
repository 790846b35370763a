"""Raw tables: CSV files and XLSX sheets as columns of text cells with spreadsheet row numbers.

A regular CSV (no blank lines, every record as wide as the first) is read by pyarrow's parallel reader;
anything else by Python's csv module, record by record, so row numbers always match what a spreadsheet shows.

>>> raw = raw_table("t.csv", [["XX名录"], ["a", " b "], ["", ""], ["1", "2"]])
>>> raw.head(5), raw.rows.tolist()
([['XX名录', ''], ['a', 'b'], ['1', '2']], [1, 2, 4])
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from graph.io.decoding import BOM, to_utf8
from graph.io.issues import Issue
from graph.io.limits import MAX_FIELD_CHARS, MAX_FILE_MB

csv.field_size_limit(MAX_FIELD_CHARS)
_FIRST_LINE = re.compile(rb"[^\r\n]*")


@dataclass
class RawTable:
    """Every non-blank record of a table: one string array per column position (cells stripped, '' = empty)
    and each record's row number as a spreadsheet shows it (blank records are dropped but keep their numbers)."""

    file: str
    columns: list[pa.Array | pa.ChunkedArray]
    rows: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def head(self, n: int) -> list[list[str]]:
        """The first ``n`` records as lists of cells."""
        return [list(cells) for cells in zip(*(c.slice(0, n).to_pylist() for c in self.columns), strict=True)]

    def after(self, position: int) -> RawTable:
        """The records after the one at ``position`` (the header)."""
        return RawTable(self.file, [c.slice(position + 1) for c in self.columns], self.rows[position + 1:])


def raw_table(file: str, records: list[list[str]]) -> RawTable:
    """A :class:`RawTable` from records of cells (Python csv or a worksheet)."""
    width = max((len(r) for r in records), default=0)
    numbered = [(n, [str(c).strip() for c in r] + [""] * (width - len(r)))
                for n, r in enumerate(records, start=1) if any(str(c).strip() for c in r)]
    columns = [pa.array([cells[j] for _, cells in numbered], pa.string()) for j in range(width)]
    return RawTable(file, columns, np.array([n for n, _ in numbered], dtype=np.int64))


def _from_arrow(file: str, table: pa.Table, *, trim: bool) -> RawTable:
    columns = list(table.columns)
    if trim:
        columns = [pc.utf8_trim_whitespace(c) for c in columns]
    rows = np.arange(1, table.num_rows + 1, dtype=np.int64)
    blank = pc.equal(columns[0], "") if columns else None
    if blank is not None and pc.any(blank).as_py():   # a blank record has an empty first cell: check the rest
        for column in columns[1:]:
            blank = pc.and_(blank, pc.equal(column, ""))
    if blank is not None and pc.any(blank).as_py():
        keep = pc.invert(blank)
        columns = [c.filter(keep) for c in columns]
        rows = rows[keep.to_numpy(zero_copy_only=False)]
    return RawTable(file, columns, rows)


def _read_regular(data: bytes) -> pa.Table | None:
    """A regular CSV through pyarrow (every cell a string), or None when the file needs the record-by-record path:
    blank lines (pyarrow skips them, which would shift row numbers), ragged records, newlines inside cells."""
    width = _FIRST_LINE.match(data).group(0).count(b",") + 1
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return table if table.num_rows == lines else None   # one record per line, none skipped


def _may_need_trimming(data: bytes) -> bool:
    """False when no cell can start or end with a character str.strip() strips: no byte below 33 but line ends,
    and none of the non-ASCII spaces (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F, U+3000)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    if np.count_nonzero(raw < 33) != data.count(b"\n") + data.count(b"\r"):
        return True
    if data.isascii():
        return False
    padded = np.concatenate([raw, np.zeros(2, dtype=np.uint8)])
    at = np.flatnonzero((raw >= 0xC2) & (raw <= 0xE3))
    lead, b1, b2 = padded[at], padded[at + 1], padded[at + 2]
    space = ((lead == 0xC2) & ((b1 == 0x85) | (b1 == 0xA0))
             | (lead == 0xE1) & (b1 == 0x9A) & (b2 == 0x80)
             | (lead == 0xE2) & (b1 == 0x80) & ((b2 <= 0x8A) | (b2 == 0xA8) | (b2 == 0xA9) | (b2 == 0xAF))
             | (lead == 0xE2) & (b1 == 0x81) & (b2 == 0x9F)
             | (lead == 0xE3) & (b1 == 0x80) & (b2 == 0x80))
    return bool(space.any())


def _longest_field(raw: RawTable) -> tuple[int, int] | None:
    """(row, length) of the first cell longer than MAX_FIELD_CHARS, or None."""
    for column in raw.columns:
        if len(column) == 0 or pc.max(pc.binary_length(column)).as_py() <= MAX_FIELD_CHARS:
            continue   # no cell has more bytes, so none has more characters
        lengths = pc.utf8_length(column).to_numpy(zero_copy_only=False)
        over = np.flatnonzero(lengths > MAX_FIELD_CHARS)
        if len(over):
            return int(raw.rows[over[0]]), int(lengths[over[0]])
    return None


def read_csv_table(path: Path, issues: list[Issue]) -> RawTable | None:
    """Read one CSV file into a :class:`RawTable`, appending problems to ``issues``."""
    label = path.name
    size_mb = path.stat().st_size / 1e6
    if size_mb > MAX_FILE_MB:
        issues.append(Issue(label, None, None, "too_large", {"size": round(size_mb), "limit": MAX_FILE_MB}))
        return None
    data = path.read_bytes()
    if data[:2] == b"PK" or b"\x00" in data:
        issues.append(Issue(label, None, None, "not_a_table", {"error": "binary content"}))
        return None
    body = data[len(BOM):] if data.startswith(BOM) else data
    table = _read_regular(body)   # pyarrow checks the UTF-8 as it reads
    utf8 = body if table is not None else to_utf8(data, label, issues)
    if utf8 is None:
        return None
    del data
    if table is None and utf8 is not body:   # re-encoded from GB18030/GBK
        table = _read_regular(utf8)
    if table is not None:
        raw = _from_arrow(label, table, trim=_may_need_trimming(utf8))
        too_long = _longest_field(raw)
        if too_long is not None:   # the limit Python's csv module enforces on the other path
            issues.append(Issue(label, too_long[0], None, "csv_syntax",
                                {"error": f"field larger than field limit ({MAX_FIELD_CHARS})"}))
            return None
    else:
        records = []
        try:
            for record in csv.reader(io.StringIO(utf8.decode("utf-8"), newline="")):
                records.append(record)
        except csv.Error as exc:
            issues.append(Issue(label, len(records) + 1, None, "csv_syntax", {"error": str(exc)}))
            return None
        raw = raw_table(label, records)
    if not len(raw):
        issues.append(Issue(label, None, None, "empty_file"))
        return None
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
            tables[sheet.title.strip()] = raw_table(f"{path.name}[{sheet.title}]", rows)
    finally:
        book.close()
    return tables
