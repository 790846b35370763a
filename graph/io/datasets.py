"""Reading a dataset folder: metadata, the tables, cross-table checks, the validated :class:`Dataset`.

>>> from graph.io import DEMO_DATA
>>> ds = read_dataset(DEMO_DATA)
>>> len(ds.chains), ds.meta.region
(11, '山东省')
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from graph.io.chainmaps import read_chains, resolve_chain_set
from graph.io.issues import DataError, Issue, add_row_issues
from graph.io.parsing import ParsedTable, parse_table
from graph.io.paths import CHAINS_ROOT
from graph.io.regions import normalise_province
from graph.io.schemas import OPTIONAL_TABLES, TABLE_NAMES_ZH, TABLES
from graph.io.tables import RawTable, read_csv_table, read_xlsx_tables
from graph.io.yamltext import load_yaml
from graph.model import Chain, Dataset, DatasetMeta, empty_table


def _read_meta(folder: Path, issues: list[Issue]) -> tuple[DatasetMeta | None, bool]:
    """(metadata with the region's full name, whether supply links are declared absent with `supply: none`)."""
    path = folder / "dataset.yaml"
    if not path.is_file():
        issues.append(Issue("dataset.yaml", None, None, "file_missing", {"what": "dataset.yaml"}))
        return None, False
    try:
        doc = load_yaml(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        issues.append(Issue("dataset.yaml", None, None, "bad_yaml", {"error": str(exc).splitlines()[0]}))
        return None, False
    if not isinstance(doc, dict):
        issues.append(Issue("dataset.yaml", None, None, "bad_field",
                            {"field": "(document)", "value": type(doc).__name__, "expected": "a mapping"}))
        return None, False
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
    supply = doc.get("supply", "file")
    if supply not in ("file", "none", False):
        issues.append(Issue("dataset.yaml", None, "supply", "bad_field",
                            {"field": "supply", "value": supply, "expected": "none (the dataset has no supply links)"}))
        ok = False
    if not ok:
        return None, False
    region = normalise_province(doc["region"])
    if region is None:
        issues.append(Issue("dataset.yaml", None, "region", "unknown_province",
                            {"value": doc["region"], "count": 1}, "warning"))
    meta = DatasetMeta(str(doc["name"]), region or str(doc["region"]), str(doc["chain_set"]), year,
                       bool(doc.get("synthetic", False)), str(doc.get("source", "")), str(doc.get("description", "")))
    return meta, supply != "file"


def find_table_file(folder: Path, table: str) -> Path | None:
    for stem in (table, TABLE_NAMES_ZH[table]):
        path = folder / f"{stem}.csv"
        if path.is_file():
            return path
    return None


def _read_raw_tables(folder: Path, issues: list[Issue], *, supply_absent: bool) -> dict[str, RawTable]:
    """The tables as raw text, from CSV files or from the sheets of one workbook."""
    optional = OPTIONAL_TABLES | ({"supply"} if supply_absent else set())
    workbooks = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    raws: dict[str, RawTable] = {}
    missing = []
    if workbooks and not find_table_file(folder, "firms"):
        sheets = read_xlsx_tables(workbooks[0], issues)
        if not sheets:
            return {}
        for table in TABLES:
            sheet = next((sheets[n] for n in (table, TABLE_NAMES_ZH[table]) if n in sheets), None)
            if sheet is not None and table == "supply" and supply_absent:
                issues.append(Issue(f"{workbooks[0].name}[{table}]", None, None, "supply_declared_absent"))
            elif sheet is not None:
                raws[table] = sheet
            elif table not in optional:
                missing.append(table)
                issues.append(Issue(workbooks[0].name, None, None, "sheet_missing",
                                    {"sheet": f"{table} / {TABLE_NAMES_ZH[table]}"}))
    else:
        for table in TABLES:
            path = find_table_file(folder, table)
            if path is None:
                if table not in optional:
                    missing.append(table)
                    issues.append(Issue(f"{table}.csv", None, None, "file_missing", {"what": f"{table}.csv"}))
                continue
            if table == "supply" and supply_absent:
                issues.append(Issue(path.name, None, None, "supply_declared_absent"))
                continue
            raw = read_csv_table(path, issues)
            if raw is not None:
                raws[table] = raw
    if "supply" in missing:
        issues.append(Issue("dataset.yaml", None, "supply", "supply_optional", level="warning"))
    return raws


def _codes(values: pa.Array) -> np.ndarray:
    """Integer codes of a column's values (equal values, equal codes; null → -1)."""
    if isinstance(values, pa.ChunkedArray):   # one dictionary for all chunks
        values = values.combine_chunks()
    return np.asarray(pc.fill_null(pc.dictionary_encode(values).indices, -1), dtype=np.int64)


def _duplicates(table: ParsedTable, columns: tuple[str, ...], file_column: str, code: str,
                issues: list[Issue], known_codes: dict[str, np.ndarray] | None = None) -> None:
    """An issue for every row whose key (``columns``; nulls skip a row) repeats an earlier row's key.
    ``known_codes``: integer codes already computed for some of the columns."""
    key = np.zeros(len(table.rows), dtype=np.int64)
    skip = np.zeros(len(table.rows), dtype=bool)
    for column in columns:
        codes = (known_codes or {}).get(column)
        codes = _codes(table.columns[column]) if codes is None else codes
        skip |= codes < 0
        key = key * (int(codes.max(initial=0)) + 2) + codes + 1
    key[skip] = -1 - np.arange(skip.sum())   # distinct, never duplicates
    repeated = pd.Series(key).duplicated(keep="first").to_numpy()
    if not repeated.any():
        return
    dups = np.flatnonzero(repeated)
    first_of = pd.Series(np.flatnonzero(~repeated), index=key[~repeated])
    first = dict(zip(dups.tolist(), first_of.loc[key[dups]].to_numpy().tolist(), strict=True))
    values = [tuple(table.columns[c][int(i)].as_py() for c in columns) for i in dups]
    add_row_issues(issues, table.file, table.rows[dups], file_column, code,
                   [{"first_row": int(table.rows[first[int(i)]]), "value": v[0] if len(v) == 1 else v}
                    for i, v in zip(dups, values, strict=True)])


def _known(values: pa.Array, known: pa.Array) -> np.ndarray:
    """True where a value is in ``known`` or null (nothing to check)."""
    return np.asarray(pc.or_(pc.is_in(values, value_set=known), pc.is_null(values)), dtype=bool)


def _unknown(table: ParsedTable, column: str, known: pa.Array, code: str, issues: list[Issue], **params) -> np.ndarray:
    """Report every non-null value of ``column`` not in ``known``; return the mask of known values."""
    values = table.columns[column]
    ok = _known(values, known)
    bad = np.flatnonzero(~ok)
    add_row_issues(issues, table.file, table.rows[bad], column, code,
                   [{"value": values[int(i)].as_py(), **params} for i in bad])
    return ok


def _check_segments(table: ParsedTable, chains: list[Chain], chain_set: str, issues: list[Issue]) -> None:
    """Unknown chains, and (when the table has segments) segments not in their chain."""
    chain_ok = _unknown(table, "chain_id", pa.array([c.id for c in chains], pa.string()), "unknown_chain", issues,
                        chain_set=chain_set)
    if "segment_id" not in table.columns:
        return
    pairs = pa.array([f"{c.id}\x1f{s.id}" for c in chains for s in c.segments], pa.string())
    keys = pc.binary_join_element_wise(table.columns["chain_id"], table.columns["segment_id"], "\x1f")
    seg_ok = _known(keys, pairs)
    bad = np.flatnonzero(~seg_ok & chain_ok)
    add_row_issues(issues, table.file, table.rows[bad], "segment_id", "unknown_segment",
                   [{"value": table.columns["segment_id"][int(i)].as_py(),
                     "chain_id": table.columns["chain_id"][int(i)].as_py()} for i in bad])


def _check_shares(table: ParsedTable, firm_codes: np.ndarray, issues: list[Issue]) -> None:
    """Shares of one firm adding up to more than 1; segments without a share when nothing remains for them.
    ``firm_codes``: each row's firm code (-1 = no firm id); firms are reported in order of first appearance."""
    share = table.columns["share"]
    rows = np.flatnonzero(firm_codes >= 0)
    if not len(rows):
        return
    codes, share = firm_codes[rows], share[rows]
    given = ~np.isnan(share)
    firms, first = np.unique(codes, return_index=True)
    slot = np.searchsorted(firms, codes)
    total = np.bincount(slot, weights=np.where(given, share, 0.0), minlength=len(firms))
    counted = np.bincount(slot[given], minlength=len(firms))
    size = np.bincount(slot, minlength=len(firms))
    firm_id = table.columns["firm_id"]
    for k in sorted(np.flatnonzero(total > 1.0001), key=lambda k: first[k]):
        issues.append(Issue(table.file, None, "share", "share_sum",
                            {"firm_id": firm_id[int(rows[first[k]])].as_py(), "total": round(float(total[k]), 3)},
                            "warning"))
    starved = sorted(np.flatnonzero((counted < size) & (counted > 0) & (total >= 1 - 1e-9)), key=lambda k: first[k])
    without = np.flatnonzero(~given)
    slots, at = np.unique(slot[without], return_index=True)
    missing_at = dict(zip(slots.tolist(), without[at].tolist(), strict=True))   # first row without a share
    add_row_issues(issues, table.file, [table.rows[rows[missing_at[k]]] for k in starved], "share", "share_no_remainder",
                   [{"firm_id": firm_id[int(rows[first[k]])].as_py(), "missing": int(size[k] - counted[k]),
                     "total": round(float(total[k]), 3)} for k in starved], level="warning")


def _cross_checks(meta: DatasetMeta, chains: list[Chain], parsed: dict[str, ParsedTable], issues: list[Issue]) -> None:
    """References between tables, duplicates, self-supply, shares, firms in no segment, local firms."""
    firms = parsed["firms"]
    _duplicates(firms, ("firm_id",), "firm_id", "duplicate_id", issues)
    _duplicates(firms, ("uscc",), "uscc", "duplicate_uscc", issues)
    firm_codes = _firm_references(parsed, issues)
    if "firm_segments" in parsed:
        fs = parsed["firm_segments"]
        _duplicates(fs, ("firm_id", "chain_id", "segment_id"), "segment_id", "duplicate_row", issues,
                    firm_codes["firm_segments"])
        _check_segments(fs, chains, meta.chain_set, issues)
        _check_shares(fs, firm_codes["firm_segments"]["firm_id"], issues)
    if "supply" in parsed:
        sup = parsed["supply"]
        _duplicates(sup, ("supplier_id", "customer_id", "chain_id"), "customer_id", "duplicate_row", issues,
                    firm_codes["supply"])
        same = np.flatnonzero(np.asarray(pc.fill_null(pc.equal(sup.columns["supplier_id"], sup.columns["customer_id"]),
                                                      False), dtype=bool))
        add_row_issues(issues, sup.file, sup.rows[same], "customer_id", "self_supply",
                       [{"value": sup.columns["supplier_id"][int(i)].as_py()} for i in same])
        _check_segments(sup, chains, meta.chain_set, issues)
    if "projects" in parsed:
        proj = parsed["projects"]
        _duplicates(proj, ("project_id",), "project_id", "duplicate_id", issues)
        _check_segments(proj, chains, meta.chain_set, issues)
    if "benchmark" in parsed:
        bench = parsed["benchmark"]
        _duplicates(bench, ("chain_id", "segment_id"), "segment_id", "duplicate_row", issues)
        _check_segments(bench, chains, meta.chain_set, issues)
    in_segment = firm_codes.get("firm_segments", {}).get("firm_id", np.array([], dtype=np.int64))
    _check_firms(meta, firms, in_segment, issues)


FIRM_REFERENCES = (("firm_segments", "firm_id"), ("supply", "supplier_id"), ("supply", "customer_id"),
                   ("projects", "firm_id"))


def _firm_references(parsed: dict[str, ParsedTable], issues: list[Issue]) -> dict[str, dict[str, np.ndarray]]:
    """Every firm id another table names must be in the firms table (one hash lookup over all of them).

    Returns {table: {column: codes}}: the firm's position in the firms table, an unknown id a code past them
    (equal ids, equal codes), -1 for an empty cell."""
    refs = [(t, c) for t, c in FIRM_REFERENCES if t in parsed]
    values = pa.chunked_array([chunk for t, c in refs for chunk in _chunks(parsed[t].columns[c])], pa.string())
    firm_ids = parsed["firms"].columns["firm_id"]
    codes = np.asarray(pc.fill_null(pc.index_in(values, value_set=firm_ids), -1), dtype=np.int64)
    given = np.asarray(pc.is_valid(values), dtype=bool)
    codes[~given] = -1   # (a null would match a firm with an empty id)
    unknown = np.flatnonzero((codes < 0) & given)
    if len(unknown):
        codes[unknown] = len(firm_ids) + _codes(values.take(pa.array(unknown)))
    out: dict[str, dict[str, np.ndarray]] = {}
    start = 0
    for table_name, column in refs:
        table = parsed[table_name]
        own = codes[start: start + len(table.rows)]
        start += len(table.rows)
        out.setdefault(table_name, {})[column] = own
        bad = np.flatnonzero(own >= len(firm_ids))
        add_row_issues(issues, table.file, table.rows[bad], column, "unknown_firm",
                       [{"value": table.columns[column][int(i)].as_py()} for i in bad])
    return out


def _chunks(values: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return values.chunks if isinstance(values, pa.ChunkedArray) else [values]


def _check_firms(meta: DatasetMeta, firms: ParsedTable, in_segment: np.ndarray, issues: list[Issue]) -> None:
    """Warnings: firms in no segment (``in_segment``: firm codes of firm_segments rows), local firms without a
    city, no local firm at all."""
    ids = firms.columns["firm_id"]
    listed = np.bincount(in_segment[(in_segment >= 0) & (in_segment < len(ids))], minlength=len(ids)) > 0
    alone = np.flatnonzero(~listed & np.asarray(pc.is_valid(ids), dtype=bool))
    add_row_issues(issues, firms.file, firms.rows[alone], "firm_id", "firm_without_segment",
                   [{"firm_id": ids[int(i)].as_py()} for i in alone], level="warning")
    local = np.asarray(pc.fill_null(pc.equal(firms.columns["province"], meta.region), False), dtype=bool)
    no_city = np.flatnonzero(local & np.asarray(pc.is_null(firms.columns["city"]), dtype=bool))
    add_row_issues(issues, firms.file, firms.rows[no_city], "city", "local_firm_without_city",
                   [{"firm_id": ids[int(i)].as_py()} for i in no_city], level="warning")
    if len(firms.rows) and not local.any():
        seen = pc.unique(firms.columns["province"]).to_pylist()[:5]
        issues.append(Issue(firms.file, None, "province", "no_local_firm",
                            {"region": meta.region, "examples": "、".join(str(v) for v in seen)}, "warning"))


def check_dataset(path: str | Path, *, chains: str | Path | None = None) -> tuple[Dataset | None, list[Issue]]:
    """Validate a dataset folder; return (dataset or None, all issues). Never raises DataError."""
    folder = Path(path)
    issues: list[Issue] = []
    if not folder.is_dir():
        return None, [Issue(str(folder), None, None, "file_missing", {"what": str(folder)})]
    meta, supply_absent = _read_meta(folder, issues)
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
    raws = _read_raw_tables(folder, issues, supply_absent=supply_absent)
    region = meta.region if meta else None
    parsed = {}
    for table, raw in raws.items():
        result = parse_table(raw, table, issues, region=region)
        if result is not None:
            parsed[table] = result
    if meta is None or "firms" not in parsed:
        return None, issues
    _cross_checks(meta, chain_list, parsed, issues)
    if supply_absent:
        issues.append(Issue("dataset.yaml", None, "supply", "supply_absent", level="warning"))
    if any(i.level == "error" for i in issues):
        return None, issues
    frames = {table: parsed[table].frame() if table in parsed else empty_table(table) for table in TABLES}
    dataset = Dataset(meta, chain_list, frames["firms"], frames["firm_segments"], frames["supply"], frames["projects"],
                      [i for i in issues if i.level == "warning"],
                      frames["benchmark"] if "benchmark" in parsed else None, not supply_absent)
    return dataset, issues


def read_dataset(path: str | Path, *, chains: str | Path | None = None) -> Dataset:
    """Read and validate a dataset folder; raise :class:`DataError` listing every error."""
    dataset, issues = check_dataset(path, chains=chains)
    if dataset is None:
        raise DataError(issues)
    return dataset
