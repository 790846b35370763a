"""Reading a firm registry export (CSV or XLSX) into one table with canonical columns.

Headers are recognised by the names common exports use, Chinese or English (:data:`COLUMNS`); a title row
above the header is skipped and reported; unknown columns are listed; units in headers (营业收入（亿元）) and
in cells (1.2亿) are converted to the dataset's units. Firm ids are stable across runs: the credit code
when it is valid, else ``N`` + a hash of the normalised name.

>>> firm_id_for("济南二机床集团有限公司", None), firm_id_for("x", "91370100MA3C00001H")
('N824b0c38dac6', '91370100MA3C00001H')
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from stdnum.cn import uscc as uscc_std
from stdnum.exceptions import ValidationError

from graph.classify.messages import RegistryIssue
from graph.io import DataError
from graph.io.cells import parse_quantity, split_header
from graph.io.decoding import decode
from graph.io.headers import find_header_row
from graph.io.regions import normalise_city, normalise_province
from graph.model import FIRM_TAGS

MAX_REGISTRY_MB = 50
# canonical column -> header names exports use (compared without spaces, underscores or case)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("公司名称", "企业名称", "名称", "企业名", "单位名称", "name", "company", "companyname", "firmname",
             "enterprisename"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "uscc", "creditcode", "unifiedsocialcreditcode"),
    "province": ("省份", "所属省份", "所在省份", "省", "province"),
    "city": ("城市", "所属城市", "所在城市", "地市", "所属地市", "市", "city"),
    "industry": ("行业", "所属行业", "国标行业", "行业代码", "行业门类", "行业大类", "行业分类", "行业名称",
                 "国民经济行业", "国民经济行业分类", "industry", "industrycode", "sector"),
    "scope": ("经营范围", "businessscope", "scope"),
    "products": ("主营产品", "主营业务", "主要产品", "产品", "mainproducts", "products", "mainbusiness"),
    "revenue": ("营业收入", "营收", "收入", "revenue", "operatingrevenue"),
    "capital": ("注册资本", "registeredcapital", "capital"),
    "founded": ("成立日期", "成立时间", "成立年份", "founded", "established", "dateofestablishment"),
    "employees": ("从业人数", "员工数", "职工人数", "参保人数", "employees"),
    "tags": ("标签", "企业标签", "tags", "labels"),
}
JOINED = ("industry", "products", "scope")   # several such columns are read as one text
UNITS = {"revenue": "万元", "capital": "万元", "employees": "人"}
TAG_SPLIT = re.compile(r"[;；,，、|/\s]+")
YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


# registries repeat a few region spellings many times
_province = functools.lru_cache(maxsize=4096)(normalise_province)
_city = functools.lru_cache(maxsize=65536)(normalise_city)


def _header_key(text) -> str:
    return re.sub(r"[\s_\-·.]+", "", split_header(text)[0]).lower()


_LOOKUP = {_header_key(alias): column for column, aliases in COLUMNS.items() for alias in (column, *aliases)}


def normalise_name(name) -> str:
    """Full-width to half-width, no spaces, brackets unified: '山东 临工（集团）' -> '山东临工(集团)'."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name or "")))


def firm_id_for(name, uscc) -> str:
    """The credit code when given (already validated), else ``N`` + 12 hex digits of the normalised name."""
    if uscc:
        return uscc
    return "N" + hashlib.sha1(normalise_name(name).encode("utf-8")).hexdigest()[:12]


@dataclass
class Registry:
    """A registry read and normalised: ``frame`` has ``row`` (as a spreadsheet numbers it), ``firm_id``, the
    canonical columns present and ``labels`` (vendor labels from the tag column)."""

    file: str
    frame: pd.DataFrame
    header_row: int
    columns: dict[str, list[str]]
    ignored: list[str]
    warnings: list = field(default_factory=list)


def _records(path: Path, label: str, issues: list) -> list[list[str]]:
    data = path.read_bytes()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file  # noqa: BLE001
            issues.append(RegistryIssue(label, None, None, "not_a_table", {"error": type(exc).__name__}))
            return []
        try:
            sheet = book.worksheets[0]
            return [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    if data[:2] == b"PK" or b"\x00" in data[:4096]:
        issues.append(RegistryIssue(label, None, None, "not_a_table", {"error": "binary content"}))
        return []
    text = decode(data, label, issues)
    if text is None:
        return []
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        issues.append(RegistryIssue(label, None, None, "csv_syntax", {"error": str(exc)}))
        return []


def read_registry(path: str | Path, *, region: str = "山东省", label: str | None = None) -> Registry:
    """Read a registry export; raise :class:`DataError` (one line per problem, nothing read) on bad input.

    Warnings (invalid credit codes, units written in cells, unknown provinces) go to ``Registry.warnings``.
    """
    path = Path(path)
    label = label or path.name
    issues: list = []

    def fail(code, row=None, column=None, **params):
        issues.append(RegistryIssue(label, row, column, code, params))
        raise DataError(issues)

    if not path.is_file():
        fail("file_missing", what=str(path))
    size_mb = path.stat().st_size / 1e6
    if size_mb > MAX_REGISTRY_MB:
        fail("too_large_registry", size=round(size_mb), limit=MAX_REGISTRY_MB)
    records = _records(path, label, issues)
    if issues:
        raise DataError(issues)
    if not any(any(c.strip() for c in r) for r in records):
        fail("empty_file")
    top = find_header_row(records, set(_LOOKUP))
    header = records[top]
    if top and any(any(c.strip() for c in r) for r in records[:top]):
        issues.append(RegistryIssue(label, top + 1, None, "header_row", {"row": top + 1, "skipped": top}, "warning"))
    columns: dict[str, list[str]] = {}
    positions: dict[str, list[int]] = {}
    ignored = []
    for index, cell in enumerate(header):
        column = _LOOKUP.get(_header_key(cell))
        if column is None or (column in positions and column not in JOINED):
            if str(cell).strip():
                ignored.append(str(cell).strip())
            continue
        columns.setdefault(column, []).append(str(cell).strip())
        positions.setdefault(column, []).append(index)
    if ignored:
        issues.append(RegistryIssue(label, top + 1, None, "ignored_columns", {"columns": "、".join(ignored)}, "warning"))
    if "name" not in positions:
        fail("no_name_column", top + 1)
    rows = [(top + 1 + n, r) for n, r in enumerate(records[top + 1:], start=1) if any(c.strip() for c in r)]
    if not rows:
        fail("no_rows")
    frame = _frame(rows, columns, positions, region, label, issues)
    if any(i.level == "error" for i in issues):
        raise DataError(issues)
    if frame.empty:
        fail("no_rows")
    return Registry(label, frame, top + 1, columns, ignored, issues)


def _column_texts(rows, indexes: list[int]) -> list[str]:
    """One canonical column's text in every row: its cells stripped, several columns joined by spaces."""
    if not indexes:
        return [""] * len(rows)
    if len(indexes) == 1:
        i = indexes[0]
        return [cells[i].strip() if i < len(cells) else "" for _, cells in rows]
    return [" ".join(t for t in (cells[i].strip() if i < len(cells) else "" for i in indexes) if t)
            for _, cells in rows]


def _frame(rows, columns, positions, region, label, issues) -> pd.DataFrame:
    units = {c: split_header(columns[c][0])[1] for c in UNITS if c in columns}
    for column, unit in units.items():
        if unit is not None and parse_quantity_checked("1", unit, UNITS[column])[0] is None:
            issues.append(RegistryIssue(label, rows[0][0] - 1, columns[column][0], "unknown_unit", {"unit": unit}))
            return pd.DataFrame()
    out = {k: [] for k in ("row", "firm_id", "name", "uscc", "province", "city", "industry", "labels", "products",
                           "scope", "revenue", "capital", "employees", "founded", "tags")}
    seen: dict[str, int] = {}
    texts = {column: _column_texts(rows, positions.get(column, [])) for column in COLUMNS}

    def issue(code, column, level="warning", **params):
        issues.append(RegistryIssue(label, number, column, code, params, level))

    for number, values in zip([n for n, _ in rows], zip(*texts.values(), strict=True), strict=True):
        cell = dict(zip(texts, values, strict=True))
        name = cell["name"]
        if not name:   # a notes or totals row: skipped, and said so
            issue("empty_name", columns["name"][0])
            continue
        uscc = cell["uscc"].upper() or None
        if uscc:
            try:
                uscc = uscc_std.validate(uscc)
            except ValidationError as exc:
                issue("invalid_uscc", columns["uscc"][0], value=uscc, error=str(exc))
                uscc = None
        firm_id = firm_id_for(name, uscc)
        if firm_id in seen:
            code = "duplicate_uscc" if uscc else "duplicate_name"
            issue(code, columns["uscc" if uscc else "name"][0], "error", value=uscc or name, first_row=seen[firm_id])
            continue
        seen[firm_id] = number
        province_text = cell["province"]
        province = _province(province_text) if province_text else region
        if province is None:
            issue("unknown_province", columns["province"][0], value=province_text)
            province = province_text
        numbers = {}
        for column, target in UNITS.items():
            text = cell[column]
            numbers[column] = None
            if text:
                value, note = parse_quantity_checked(text, units.get(column), target)
                if value is None and note is None:  # registered capital is often 500万美元: skip it, warn
                    issue("bad_quantity", columns[column][0], "warning" if column == "capital" else "error", value=text)
                    continue
                if note == "unit_in_cell":
                    issue(note, columns[column][0], value=text, converted=f"{value:g}", unit=target)
                elif note == "placeholder":
                    issue(note, columns[column][0], value=text)
                numbers[column] = value
        tags, labels = [], []
        for token in TAG_SPLIT.split(cell["tags"]):
            if token:
                (tags if token in FIRM_TAGS else labels).append(token)
        founded = YEAR.search(cell["founded"])
        out["row"].append(number)
        out["firm_id"].append(firm_id)
        out["name"].append(name)
        out["uscc"].append(uscc)
        out["province"].append(province)
        out["city"].append(_city(cell["city"], province) or None)
        out["industry"].append(cell["industry"])
        out["labels"].append(" ".join(labels))
        out["products"].append(cell["products"])
        out["scope"].append(cell["scope"])
        out["revenue"].append(numbers["revenue"])
        out["capital"].append(numbers["capital"])
        out["employees"].append(numbers["employees"])
        out["founded"].append(float(founded.group(1)) if founded else None)
        out["tags"].append(";".join(dict.fromkeys(tags)))
    if "province" not in positions:
        issues.append(RegistryIssue(label, None, None, "no_province_column", {"region": region}, "warning"))
    frame = pd.DataFrame(out)
    for column in ("revenue", "capital", "employees", "founded"):
        frame[column] = frame[column].astype(float)
    return frame


def parse_quantity_checked(text: str, unit, target: str) -> tuple[float | None, str | None]:
    """:func:`graph.io.cells.parse_quantity`, with (None, None) for a cell it cannot read."""
    try:
        return parse_quantity(text, unit=unit, target=target)
    except ValueError:
        return None, None
