"""Reading and writing chain maps and datasets, with validation users can act on.

This is the only module that touches chain YAML, CSV and XLSX files. Every problem is
collected in one pass as an :class:`Issue` naming file, row and column; if any issue is an
error, :class:`DataError` is raised and nothing is loaded.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.

>>> ds = read_dataset("data/demo")            # doctest: +SKIP
>>> len(ds.chains), ds.meta.region            # doctest: +SKIP
(11, '山东省')
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import yaml
from stdnum.cn import uscc as uscc_std
from stdnum.exceptions import ValidationError

from graph.messages import render
from graph.model import (
    FIRM_TAGS,
    PROJECT_STAGES,
    STAGES,
    Chain,
    Dataset,
    DatasetMeta,
    Firm,
    FirmSegment,
    Project,
    Segment,
    Supply,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHAINS_ROOT = PROJECT_ROOT / "chains"
DEMO_DATA = PROJECT_ROOT / "data" / "demo"
GEO_CITIES = PROJECT_ROOT / "data" / "geo" / "cities.csv"
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
INDUSTRY_CODE = re.compile(r"^\d{4}$")
MAX_FILE_MB = 200


@dataclass(frozen=True)
class Issue:
    """One problem in the input: where it is and what it is (as a message code)."""

    file: str
    row: int | None
    column: str | None
    code: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    level: str = "error"  # or "warning"

    def message(self, lang: str = "zh") -> str:
        return render(self.code, self.params, lang)

    def location(self, lang: str = "zh") -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"第{self.row}行" if lang == "zh" else f"row {self.row}")
        if self.column:
            parts.append(f"列 {self.column}" if lang == "zh" else f"column {self.column}")
        return ", ".join(parts)

    def format(self, lang: str = "zh") -> str:
        """One readable line, e.g. ``firms.csv, row 5, column firm_id: duplicate id 'F1' …``."""
        level = {"error": ("错误", "error"), "warning": ("警告", "warning")}[self.level]
        return f"{level[0] if lang == 'zh' else level[1]}: {self.location(lang)}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.format("en")


class DataError(ValueError):
    """Bad input. ``issues`` lists every problem found (errors and warnings)."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        errors = [i for i in issues if i.level == "error"]
        super().__init__(f"{len(errors)} error(s) in the input; first: {errors[0] if errors else ''}")

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]


# ---------------------------------------------------------------- table schemas
# column: (kind, required, aliases). Kinds: id, text, number, int, year, share, uscc, tags, stage
TABLES: dict[str, dict[str, tuple[str, bool, tuple[str, ...]]]] = {
    "firms": {
        "firm_id": ("id", True, ("企业id", "企业编号", "企业代码")),
        "name": ("text", True, ("企业名称", "名称", "firm_name")),
        "province": ("text", True, ("省份", "所在省份", "省")),
        "city": ("text", False, ("城市", "所在城市", "地市", "市")),
        "uscc": ("uscc", False, ("统一社会信用代码", "信用代码")),
        "revenue": ("number", False, ("营业收入", "营收", "收入")),
        "employees": ("int", False, ("从业人数", "员工数", "职工人数")),
        "founded": ("year", False, ("成立年份", "成立时间")),
        "tags": ("tags", False, ("标签", "企业标签")),
    },
    "firm_segments": {
        "firm_id": ("id", True, ("企业id", "企业编号")),
        "chain_id": ("id", True, ("产业链id", "产业链编号", "链id")),
        "segment_id": ("id", True, ("环节id", "环节编号")),
        "share": ("share", False, ("占比", "收入占比")),
    },
    "supply": {
        "supplier_id": ("id", True, ("供应商id", "供应方id", "供应企业id")),
        "customer_id": ("id", True, ("客户id", "采购方id", "客户企业id")),
        "chain_id": ("id", False, ("产业链id", "产业链编号")),
        "amount": ("number", False, ("金额", "供应金额", "采购金额")),
    },
    "projects": {
        "project_id": ("id", True, ("项目id", "项目编号")),
        "name": ("text", True, ("项目名称", "名称")),
        "chain_id": ("id", True, ("产业链id", "产业链编号")),
        "segment_id": ("id", True, ("环节id", "环节编号")),
        "city": ("text", True, ("城市", "所在城市")),
        "stage": ("stage", True, ("阶段", "项目阶段")),
        "investment": ("number", False, ("投资额", "总投资", "计划投资")),
        "firm_id": ("id", False, ("企业id", "企业编号")),
    },
}
TABLE_NAMES_ZH = {"firms": "企业", "firm_segments": "企业环节", "supply": "供应关系", "projects": "项目"}
OPTIONAL_TABLES = {"projects"}
PROJECT_STAGE_ALIASES = {"planned": "谋划", "reserved": "储备", "started": "开工", "completed": "竣工"}


def _normalise_header(text: str) -> str:
    """'营业收入（万元）' -> '营业收入'; ' Firm_ID ' -> 'firm_id'."""
    text = re.sub(r"[（(].*?[)）]", "", str(text or "")).strip().lower()
    return re.sub(r"\s+", "_", text)


def _column_lookup(table: str) -> dict[str, str]:
    lookup = {}
    for name, (_, _, aliases) in TABLES[table].items():
        lookup[name] = name
        for alias in aliases:
            lookup[_normalise_header(alias)] = name
    return lookup


# ---------------------------------------------------------------- raw table reading
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


def _decode(data: bytes, file: str, issues: list[Issue]) -> str | None:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK; refuse files that mix them."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    utf8_row = gbk_row = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
            if utf8_row is None and any(b > 127 for b in line):
                utf8_row = number
        except UnicodeDecodeError:
            gbk_row = gbk_row or number
    if utf8_row is not None and gbk_row is not None:
        issues.append(Issue(file, None, None, "mixed_encoding", {"utf8_row": utf8_row, "gbk_row": gbk_row}))
        return None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        issues.append(Issue(file, None, None, "bad_encoding"))
        return None


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
    text = _decode(data, label, issues)
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


# ---------------------------------------------------------------- cell parsing
def _parse_number(text: str) -> float:
    return float(text.replace(",", "").replace("，", ""))


def _parse_cell(kind: str, text: str, where: tuple[str, int, str], issues: list[Issue]):
    """Parse one non-empty cell; on failure record an issue and return None."""
    file, row, column = where

    def bad(code, **params):
        issues.append(Issue(file, row, column, code, params))

    if kind in ("id", "text"):
        return text
    if kind in ("number", "share"):
        try:
            value = _parse_number(text)
        except ValueError:
            return bad("bad_number", value=text)
        if value != value or value in (float("inf"), float("-inf")):
            return bad("bad_number", value=text)
        if kind == "share" and not 0 <= value <= 1:
            return bad("share_range", value=text)
        if value < 0:
            return bad("negative", value=text)
        return value
    if kind in ("int", "year"):
        try:
            number = _parse_number(text)
        except ValueError:
            return bad("bad_integer", value=text)
        if not number.is_integer():
            return bad("bad_integer", value=text)
        number = int(number)
        if kind == "year" and not 1800 <= number <= 2100:
            return bad("bad_year", value=text, low=1800, high=2100)
        if number < 0:
            return bad("negative", value=text)
        return number
    if kind == "uscc":
        code = text.upper().replace(" ", "")
        try:
            return uscc_std.validate(code)
        except ValidationError as exc:
            return bad("bad_uscc", value=text, error=exc.message)
    if kind == "tags":
        tags = tuple(t.strip() for t in re.split(r"[;；,，、]", text) if t.strip())
        for tag in tags:
            if tag not in FIRM_TAGS:
                issues.append(Issue(file, row, column, "unknown_tag",
                                    {"value": tag, "known": "、".join(FIRM_TAGS)}, "warning"))
        return tags
    if kind == "stage":
        stage = PROJECT_STAGE_ALIASES.get(text.lower(), text)
        if stage not in PROJECT_STAGES:
            return bad("bad_stage", value=text, allowed="/".join(PROJECT_STAGES))
        return stage
    raise ValueError(f"unknown column kind {kind}")


def parse_table(raw: RawTable, table: str, issues: list[Issue]) -> list[tuple[int, dict]] | None:
    """Map headers to canonical names and parse every cell.

    Returns ``[(row_number, {column: value})]`` or None when a required column is missing.
    """
    schema = TABLES[table]
    lookup = _column_lookup(table)
    positions: dict[str, int] = {}
    for index, header in enumerate(raw.header):
        name = lookup.get(_normalise_header(header))
        if name is None:
            continue  # extra columns are allowed and ignored
        if name in positions:
            issues.append(Issue(raw.file, 1, header, "duplicate_column", {"column": name}))
            return None
        positions[name] = index
    missing = [c for c, (_, required, _) in schema.items() if required and c not in positions]
    for column in missing:
        issues.append(Issue(raw.file, 1, column, "missing_column", {"column": column}))
    if missing:
        return None
    if not raw.rows:
        issues.append(Issue(raw.file, None, None, "no_rows", level="error" if table == "firms" else "warning"))
    parsed = []
    for row_number, cells in raw.rows:
        record = {}
        for column, index in positions.items():
            kind, required, _ = schema[column]
            text = cells[index].strip() if index < len(cells) else ""
            if not text:
                if required:
                    issues.append(Issue(raw.file, row_number, column, "required"))
                record[column] = None
                continue
            record[column] = _parse_cell(kind, text, (raw.file, row_number, column), issues)
        for column in schema:
            record.setdefault(column, None)
        parsed.append((row_number, record))
    return parsed


# ---------------------------------------------------------------- chain maps
def _chain_from_yaml(doc, file: str, issues: list[Issue]) -> Chain | None:
    def bad(column, code, **params):
        issues.append(Issue(file, None, column, code, params))

    if not isinstance(doc, dict):
        bad(None, "bad_field", field="(document)", value=type(doc).__name__, expected="a mapping")
        return None
    for key in ("id", "name", "segments"):
        if key not in doc:
            bad(key, "missing_field", field=key)
    if any(key not in doc for key in ("id", "name", "segments")):
        return None
    chain_id = str(doc["id"])
    if not ID_PATTERN.match(chain_id):
        bad("id", "bad_field", field="id", value=chain_id, expected="[a-z0-9_]+")
    segments, seen = [], set()
    raw_segments = doc["segments"] if isinstance(doc["segments"], list) else []
    if not raw_segments:
        bad("segments", "bad_field", field="segments", value=doc["segments"], expected="a non-empty list")
    for i, seg in enumerate(raw_segments):
        where = f"segments[{i}]"
        if not isinstance(seg, dict) or "id" not in seg or "name" not in seg:
            bad(where, "missing_field", field=f"{where}.id/name")
            continue
        seg_id = str(seg["id"])
        if not ID_PATTERN.match(seg_id):
            bad(f"{where}.id", "bad_field", field="id", value=seg_id, expected="[a-z0-9_]+")
        if seg_id in seen:
            bad(f"{where}.id", "duplicate_segment", value=seg_id)
        seen.add(seg_id)
        stage = seg.get("stage", "midstream")
        if stage not in STAGES:
            bad(f"{where}.stage", "bad_field", field="stage", value=stage, expected="/".join(STAGES))
        key_tech = seg.get("key_tech", False)
        if not isinstance(key_tech, bool):
            bad(f"{where}.key_tech", "bad_field", field="key_tech", value=key_tech, expected="true/false")
        words = {name: _word_list(seg.get(name), f"{where}.{name}", bad) for name in ("industries", "keywords", "exclude")}
        for code in words["industries"]:
            if not INDUSTRY_CODE.match(code):
                bad(f"{where}.industries", "bad_field", field="industries", value=code, expected="GB/T 4754 class, 4 digits")
        segments.append(Segment(seg_id, str(seg["name"]), str(seg.get("name_en", seg["name"])), stage, bool(key_tech),
                                **words))
    links = []
    raw_links = doc.get("links") or []
    if not isinstance(raw_links, list):
        bad("links", "bad_field", field="links", value=raw_links, expected="a list of {from, to}")
        raw_links = []
    for i, link in enumerate(raw_links):
        where = f"links[{i}]"
        if not isinstance(link, dict) or "from" not in link or "to" not in link:
            bad(where, "missing_field", field=f"{where}.from/to")
            continue
        source, target = str(link["from"]), str(link["to"])
        for end, value in (("from", source), ("to", target)):
            if value not in seen:
                bad(f"{where}.{end}", "unknown_link_segment", value=value)
        if source == target:
            bad(where, "self_link", value=source)
        links.append((source, target))
    dag = nx.DiGraph([(s, t) for s, t in links if s != t])
    try:
        cycle = nx.find_cycle(dag)
        names = [s for s, _ in cycle] + [cycle[0][0]]
        bad("links", "cycle", cycle=" → ".join(names))
    except nx.NetworkXNoCycle:
        pass
    return Chain(chain_id, str(doc["name"]), str(doc.get("name_en", doc["name"])), tuple(segments),
                 tuple(links), str(doc.get("description", "")), _word_list(doc.get("labels"), "labels", bad))


def _word_list(value, where: str, bad) -> tuple[str, ...]:
    """An optional YAML list of words or codes as a tuple of stripped strings."""
    if value is None:
        return ()
    if not isinstance(value, list):
        bad(where, "bad_field", field=where, value=value, expected="a list")
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def resolve_chain_set(chain_set: str | Path, *, base: Path | None = None) -> Path | None:
    """Find a chain set: a path (absolute, or relative to ``base``/cwd) or a folder under chains/."""
    candidates = [Path(chain_set)]
    if base is not None:
        candidates.insert(0, base / chain_set)
    candidates.append(CHAINS_ROOT / str(chain_set))
    return next((c for c in candidates if c.is_dir()), None)


def _read_chains(folder: Path, issues: list[Issue]) -> list[Chain]:
    files = [p for p in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if not p.name.startswith("_")]
    if not files:
        issues.append(Issue(str(folder), None, None, "empty_chain_set", {"value": str(folder)}))
    chains, owners = [], {}
    for path in files:
        label = f"{folder.name}/{path.name}"
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            issues.append(Issue(label, None, None, "bad_yaml", {"error": str(exc).splitlines()[0]}))
            continue
        chain = _chain_from_yaml(doc, label, issues)
        if chain is None:
            continue
        if chain.id in owners:
            issues.append(Issue(label, None, "id", "duplicate_chain", {"value": chain.id, "other": owners[chain.id]}))
            continue
        owners[chain.id] = label
        chains.append(chain)
    return chains


def read_chain_set(folder: str | Path) -> list[Chain]:
    """Read and validate every chain map in a folder; raise DataError on any error.

    >>> [c.id for c in read_chain_set("chains/shandong-2022")][:2]   # doctest: +SKIP
    ['advanced_materials', 'agri_machinery']
    """
    issues: list[Issue] = []
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError([Issue(str(folder), None, None, "unknown_chain_set",
                               {"value": str(folder), "searched": str(folder)})])
    chains = _read_chains(folder, issues)
    if any(i.level == "error" for i in issues):
        raise DataError(issues)
    return chains


def read_plan(folder: str | Path) -> dict | None:
    """The plan a chain set belongs to (``_plan.yaml``: name, targets), or None when there is none."""
    path = Path(folder) / "_plan.yaml"
    if not path.is_file():
        return None
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError([Issue(str(path), None, None, "bad_yaml", {"error": str(exc).splitlines()[0]})]) from exc
    targets = doc.get("targets") if isinstance(doc, dict) else None
    if not isinstance(targets, dict) or not all(isinstance(v, int) for v in targets.values()):
        raise DataError([Issue(str(path), None, "targets", "bad_field",
                               {"field": "targets", "value": targets, "expected": "a mapping of item: whole number"})])
    return {"name": doc.get("name", ""), "name_en": doc.get("name_en", ""), "targets": targets}


def read_city_coordinates(path: str | Path = GEO_CITIES) -> dict[str, tuple[float, float]]:
    """{city name: (lat, lon)} from the geo table (data/geo/cities.csv)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["city"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}


# ---------------------------------------------------------------- datasets
def _read_meta(folder: Path, issues: list[Issue]) -> DatasetMeta | None:
    path = folder / "dataset.yaml"
    if not path.is_file():
        issues.append(Issue("dataset.yaml", None, None, "file_missing", {"what": "dataset.yaml"}))
        return None
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        issues.append(Issue("dataset.yaml", None, None, "bad_yaml", {"error": str(exc).splitlines()[0]}))
        return None
    if not isinstance(doc, dict):
        issues.append(Issue("dataset.yaml", None, None, "bad_field",
                            {"field": "(document)", "value": type(doc).__name__, "expected": "a mapping"}))
        return None
    ok = True
    for key in ("name", "region", "chain_set"):
        if not doc.get(key):
            issues.append(Issue("dataset.yaml", None, key, "missing_field", {"field": key}))
            ok = False
    year = doc.get("year")
    if year is not None and not isinstance(year, int):
        issues.append(Issue("dataset.yaml", None, "year", "bad_field",
                            {"field": "year", "value": year, "expected": "a year such as 2024"}))
        ok = False
    if not isinstance(doc.get("synthetic", False), bool):
        issues.append(Issue("dataset.yaml", None, "synthetic", "bad_field",
                            {"field": "synthetic", "value": doc["synthetic"], "expected": "true/false"}))
        ok = False
    if not ok:
        return None
    return DatasetMeta(str(doc["name"]), str(doc["region"]), str(doc["chain_set"]), year,
                       bool(doc.get("synthetic", False)), str(doc.get("source", "")),
                       str(doc.get("description", "")))


def _find_table_file(folder: Path, table: str) -> Path | None:
    for stem in (table, TABLE_NAMES_ZH[table]):
        path = folder / f"{stem}.csv"
        if path.is_file():
            return path
    return None


def _read_raw_tables(folder: Path, issues: list[Issue]) -> dict[str, RawTable]:
    """The four tables as raw text, from CSV files or from the sheets of one workbook."""
    workbooks = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    raws: dict[str, RawTable] = {}
    if workbooks and not _find_table_file(folder, "firms"):
        sheets = read_xlsx_tables(workbooks[0], issues)
        if not sheets:
            return {}
        for table in TABLES:
            sheet = next((sheets[n] for n in (table, TABLE_NAMES_ZH[table]) if n in sheets), None)
            if sheet is not None:
                raws[table] = sheet
            elif table not in OPTIONAL_TABLES:
                issues.append(Issue(workbooks[0].name, None, None, "sheet_missing",
                                    {"sheet": f"{table} / {TABLE_NAMES_ZH[table]}"}))
        return raws
    for table in TABLES:
        path = _find_table_file(folder, table)
        if path is None:
            if table not in OPTIONAL_TABLES:
                issues.append(Issue(f"{table}.csv", None, None, "file_missing", {"what": f"{table}.csv"}))
            continue
        raw = read_csv_table(path, issues)
        if raw is not None:
            raws[table] = raw
    return raws


def _check_unique(rows, key, file, column, issues, code="duplicate_id"):
    """Flag rows whose key was seen before; return {key: first row number}."""
    first: dict = {}
    for row_number, record in rows:
        value = key(record)
        if value is None or (isinstance(value, tuple) and None in value):
            continue
        if value in first:
            issues.append(Issue(file, row_number, column, code, {"first_row": first[value], "value": value}))
        else:
            first[value] = row_number
    return first


def _build_records(meta, chains, parsed, files, issues) -> Dataset:
    """Cross-table checks (references, duplicates, self-supply) and typed records."""
    segments_of = {c.id: set(c.segment_ids()) for c in chains}
    firms_rows = parsed.get("firms", [])
    firm_ids = set(_check_unique(firms_rows, lambda r: r["firm_id"], files["firms"], "firm_id", issues))
    _check_unique(firms_rows, lambda r: r["uscc"], files["firms"], "uscc", issues, "duplicate_uscc")

    def check_firm(value, file, row, column):
        if value is not None and value not in firm_ids:
            issues.append(Issue(file, row, column, "unknown_firm", {"value": value}))

    def check_segment(record, file, row, required_chain=True):
        chain_id = record.get("chain_id")
        if chain_id is None:
            return
        if chain_id not in segments_of:
            issues.append(Issue(file, row, "chain_id", "unknown_chain",
                                {"value": chain_id, "chain_set": meta.chain_set}))
            return
        segment_id = record.get("segment_id")
        if segment_id is not None and segment_id not in segments_of[chain_id]:
            issues.append(Issue(file, row, "segment_id", "unknown_segment", {"value": segment_id, "chain_id": chain_id}))

    fs_rows = parsed.get("firm_segments", [])
    fs_file = files.get("firm_segments", "firm_segments.csv")
    _check_unique(fs_rows, lambda r: (r["firm_id"], r["chain_id"], r["segment_id"]), fs_file,
                  "segment_id", issues, "duplicate_row")
    share_total: dict[str, float] = {}
    for row, rec in fs_rows:
        check_firm(rec["firm_id"], fs_file, row, "firm_id")
        check_segment(rec, fs_file, row)
        if rec["share"] is not None and rec["firm_id"] is not None:
            share_total[rec["firm_id"]] = share_total.get(rec["firm_id"], 0.0) + rec["share"]
    for firm_id, total in share_total.items():
        if total > 1.0001:
            issues.append(Issue(fs_file, None, "share", "share_sum",
                                {"firm_id": firm_id, "total": round(total, 3)}, "warning"))

    sup_rows = parsed.get("supply", [])
    sup_file = files.get("supply", "supply.csv")
    _check_unique(sup_rows, lambda r: (r["supplier_id"], r["customer_id"], r["chain_id"] or ""), sup_file,
                  "customer_id", issues, "duplicate_row")
    for row, rec in sup_rows:
        check_firm(rec["supplier_id"], sup_file, row, "supplier_id")
        check_firm(rec["customer_id"], sup_file, row, "customer_id")
        if rec["supplier_id"] is not None and rec["supplier_id"] == rec["customer_id"]:
            issues.append(Issue(sup_file, row, "customer_id", "self_supply", {"value": rec["supplier_id"]}))
        check_segment(rec, sup_file, row)

    proj_rows = parsed.get("projects", [])
    proj_file = files.get("projects", "projects.csv")
    _check_unique(proj_rows, lambda r: r["project_id"], proj_file, "project_id", issues)
    for row, rec in proj_rows:
        check_segment(rec, proj_file, row)
        check_firm(rec["firm_id"], proj_file, row, "firm_id")

    in_segment = {rec["firm_id"] for _, rec in fs_rows}
    for row, rec in firms_rows:
        if rec["firm_id"] is not None and rec["firm_id"] not in in_segment:
            issues.append(Issue(files["firms"], row, "firm_id", "firm_without_segment",
                                {"firm_id": rec["firm_id"]}, "warning"))
        if rec["province"] == meta.region and not rec["city"]:
            issues.append(Issue(files["firms"], row, "city", "local_firm_without_city",
                                {"firm_id": rec["firm_id"]}, "warning"))

    firms = [Firm(r["firm_id"], r["name"], r["province"], r["city"], r["uscc"], r["revenue"], r["employees"],
                  r["founded"], r["tags"] or ()) for _, r in firms_rows]
    firm_segments = [FirmSegment(r["firm_id"], r["chain_id"], r["segment_id"], r["share"]) for _, r in fs_rows]
    supply = [Supply(r["supplier_id"], r["customer_id"], r["chain_id"], r["amount"]) for _, r in sup_rows]
    projects = [Project(r["project_id"], r["name"], r["chain_id"], r["segment_id"], r["city"], r["stage"],
                        r["investment"], r["firm_id"]) for _, r in proj_rows]
    return Dataset(meta, chains, firms, firm_segments, supply, projects)


def check_dataset(path: str | Path, *, chains: str | Path | None = None) -> tuple[Dataset | None, list[Issue]]:
    """Validate a dataset folder; return (dataset or None, all issues). Never raises DataError."""
    folder = Path(path)
    issues: list[Issue] = []
    if not folder.is_dir():
        return None, [Issue(str(folder), None, None, "file_missing", {"what": str(folder)})]
    meta = _read_meta(folder, issues)
    chain_list: list[Chain] = []
    chain_ref = chains if chains is not None else (meta.chain_set if meta else None)
    if chain_ref is not None:
        chain_dir = resolve_chain_set(chain_ref, base=folder)
        if chain_dir is None:
            issues.append(Issue("dataset.yaml" if chains is None else str(chains), None, "chain_set",
                                "unknown_chain_set", {"value": str(chain_ref), "searched": f"{folder}, {CHAINS_ROOT}"}))
        else:
            chain_list = _read_chains(chain_dir, issues)
            if meta is not None and chains is not None:
                meta = DatasetMeta(**{**meta.__dict__, "chain_set": str(chains)})
    raws = _read_raw_tables(folder, issues)
    parsed = {}
    for table, raw in raws.items():
        rows = parse_table(raw, table, issues)
        if rows is not None:
            parsed[table] = rows
    files = {table: raw.file for table, raw in raws.items()}
    files.setdefault("firms", "firms.csv")
    if meta is None or any(i.level == "error" for i in issues) and "firms" not in parsed:
        return None, issues
    dataset = _build_records(meta, chain_list, parsed, files, issues)
    if any(i.level == "error" for i in issues):
        return None, issues
    dataset.warnings = [i for i in issues if i.level == "warning"]
    return dataset, issues


def read_dataset(path: str | Path, *, chains: str | Path | None = None) -> Dataset:
    """Read and validate a dataset folder; raise :class:`DataError` listing every error."""
    dataset, issues = check_dataset(path, chains=chains)
    if dataset is None:
        raise DataError(issues)
    return dataset


# ---------------------------------------------------------------- uploads
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")


def stage_upload(files: list[tuple[str, bytes]], folder: str | Path, *, max_total_mb: float = 100,
                 max_files: int = 20) -> Path:
    """Write uploaded files (CSV, XLSX, YAML or one zip of them) into ``folder`` as a dataset folder.

    Zips are checked before extraction: at most ``max_files`` members, no paths outside the folder,
    and at most ``max_total_mb`` uncompressed in all (zip bombs are refused without inflating them).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    limit = max_total_mb * 1e6

    def refuse(name, code, **params):
        raise DataError([Issue(name, None, None, code, params)])

    total = 0
    for name, data in files:
        base = Path(name).name
        total += len(data)
        if total > limit:
            refuse(base, "too_large", size=round(total / 1e6), limit=max_total_mb)
        if base.lower().endswith(".zip"):
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
                members = [m for m in archive.infolist() if not m.is_dir()]
            except zipfile.BadZipFile:
                refuse(base, "not_a_table", error="damaged or not a zip")
            if len(members) > max_files:
                refuse(base, "zip_unsafe", reason=f"{len(members)} files (limit {max_files})")
            inflated = sum(m.file_size for m in members)
            if total + inflated > limit:
                refuse(base, "too_large", size=round((total + inflated) / 1e6), limit=max_total_mb)
            for member in members:
                target = Path(member.filename).name
                if Path(member.filename).is_absolute() or ".." in Path(member.filename).parts:
                    refuse(base, "zip_unsafe", reason=f"path {member.filename}")
                if target.lower().endswith(UPLOAD_SUFFIXES) and not target.startswith(("._", "~$")):
                    try:
                        (folder / target).write_bytes(archive.read(member))
                    except (zipfile.BadZipFile, OSError, EOFError) as exc:
                        refuse(base, "not_a_table", error=f"{member.filename}: {exc}")
        elif base.lower().endswith(UPLOAD_SUFFIXES):
            (folder / base).write_bytes(data)
        else:
            refuse(base, "not_a_table", error="expected .csv, .xlsx, .yaml or .zip")
    return folder


# ---------------------------------------------------------------- writing
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
