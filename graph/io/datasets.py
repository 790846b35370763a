"""Reading a dataset folder: metadata, the tables, cross-table checks, the validated :class:`Dataset`.

>>> ds = read_dataset(DEMO_DATA)
>>> len(ds.chains), ds.meta.region
(11, '山东省')
"""
from __future__ import annotations

from pathlib import Path

import yaml

from graph.io.cells import parse_table
from graph.io.chainmaps import read_chains, resolve_chain_set
from graph.io.issues import DataError, Issue
from graph.io.paths import CHAINS_ROOT, DEMO_DATA  # noqa: F401  (DEMO_DATA: docstring example)
from graph.io.schemas import OPTIONAL_TABLES, TABLE_NAMES_ZH, TABLES
from graph.io.tables import RawTable, read_csv_table, read_xlsx_tables
from graph.model import Chain, Dataset, DatasetMeta, Firm, FirmSegment, Project, Supply


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
            chain_list = read_chains(chain_dir, issues)
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
