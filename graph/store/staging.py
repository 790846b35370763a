"""Staging rows: a dataset's tables as the lists the ``STAGE`` statements UNWIND, in the order they are written
(:data:`PHASES`), checked first (:func:`check_references`); `load --bulk` builds its import files from the same
rows (graph.store.bulk).

>>> from graph.model import Chain, DatasetMeta, Firm, Segment, empty_table, records_table
>>> ds = Dataset(DatasetMeta("t", "山东省", "x"), [Chain("c", "链", "C", (Segment("a", "甲", "A", "upstream"),), ())],
...              records_table([Firm("F1", "一号", "山东省", "济南市", tags=("链主",))], "firms"),
...              empty_table("firm_segments"), empty_table("supply"))
>>> expected_counts(staging_rows(ds))["firms"]
2
"""
from __future__ import annotations

import math
from collections.abc import Iterator

import pandas as pd

from graph.io import DataError, Issue
from graph.model import Dataset
from graph.store.frames import dataset_frames

# staging steps in order; the steps of one phase are independent, their batches run in parallel
PHASES = (("chains",), ("segments", "cities"), ("feeds", "firms", "projects"), ("firm_segments", "supply"))
# the steps whose nodes later steps link to by element id, and the name of their {key: element id} map
RETURNS_IDS = {"segments": "segment", "cities": "city", "firms": "firm"}
FILES = {"firms": "firms.csv", "firm_segments": "firm_segments.csv", "supply": "supply.csv", "projects": "projects.csv"}


# ---------------------------------------------------------------- rows: DataFrames -> UNWIND lists
def _cell(value):
    """Neo4j stores no nulls and no NaN: both become None (the property is then not written)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _column(series: pd.Series) -> list:
    """A column as a Python list, missing values (NaN, NA, None) as None."""
    return series.to_numpy(dtype=object, na_value=None).tolist()


def _lists(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return [list(row) for row in zip(*(_column(frame[c]) for c in columns), strict=True)] if len(frame) else []


def staging_rows(dataset: Dataset, frames: dict[str, pd.DataFrame] | None = None) -> dict[str, list[list]]:
    """{step: rows} for the ``STAGE`` statements, each row a list in the statement's column order.

    >>> from graph.model import Chain, DatasetMeta, Firm, Segment, empty_table, records_table
    >>> ds = Dataset(DatasetMeta("t", "山东省", "x"), [Chain("c", "链", "C", (Segment("a", "甲", "A", "upstream"),), ())],
    ...              records_table([Firm("F1", "一号", "山东省", "济南市", tags=("链主",))], "firms"),
    ...              empty_table("firm_segments"), empty_table("supply"))
    >>> staging_rows(ds)["firms"]
    [['F1', '一号', '山东省', '济南市', None, None, None, None, None, ['链主'], True]]
    """
    frames = dataset_frames(dataset) if frames is None else frames
    bench = _benchmark(dataset.benchmark)
    rows: dict[str, list[list]] = {
        "chains": [[c.id, c.name, c.name_en, c.description, list(c.labels) or None] for c in dataset.chains],
        "segments": [[c.id, s.id, s.name, s.name_en, s.stage, bool(s.key_tech), order, list(s.industries) or None,
                      list(s.keywords) or None, list(s.exclude) or None, *bench.get((c.id, s.id), (None, None))]
                     for c in dataset.chains for order, s in enumerate(c.segments)],
        "feeds": [[c.id, a, b] for c in dataset.chains for a, b in c.links],
    }
    firms = frames["firms"]
    cities = firms.loc[firms["city"].notna() & (firms["city"] != ""), ["province", "city"]].drop_duplicates()
    rows["cities"] = _lists(cities, ["province", "city"])
    firm_rows = _lists(firms, ["firm_id", "name", "province", "city", "uscc", "revenue", "registered_capital",
                               "employees", "founded"])
    for row, tags, province in zip(firm_rows, firms["tags"], firms["province"], strict=True):
        row[3] = row[3] or None
        row += [[t for t in tags.split(";") if t] or None, province == dataset.meta.region]
    rows["firms"] = firm_rows
    rows["projects"] = _lists(frames["projects"], list(frames["projects"].columns))
    # each membership keeps its file row (header = row 1): a firm's segments read back in file order
    memberships = frames["firm_segments"]
    rows["firm_segments"] = _lists(memberships.assign(row=range(2, len(memberships) + 2)),
                                   [*memberships.columns, "row"])
    rows["supply"] = _by_supplier(frames["supply"])
    return rows


def _by_supplier(supply: pd.DataFrame) -> list[list]:
    """[[supplier_id, [customer_id …], [chain_id …], [amount …], [file row …]], …]: one row per supplier (Neo4j
    looks each supplier up once, not once per supply row), its customers as columns.

    >>> _by_supplier(pd.DataFrame({"supplier_id": ["B", "A", "B"], "customer_id": ["A", "B", "C"],
    ...                            "chain_id": ["w", None, "w"], "amount": [1.0, None, 2.0]}))
    [['A', ['B'], [None], [None], [3]], ['B', ['A', 'C'], ['w', 'w'], [1.0, 2.0], [2, 4]]]
    """
    if supply.empty:
        return []
    ordered = supply.assign(row=range(2, len(supply) + 2)).sort_values("supplier_id", kind="stable")
    suppliers = _column(ordered["supplier_id"])
    starts = [i for i in range(len(suppliers)) if i == 0 or suppliers[i] != suppliers[i - 1]]
    columns = [_column(ordered[c]) for c in ("customer_id", "chain_id", "amount", "row")]
    return [[suppliers[a], *(c[a:b] for c in columns)] for a, b in zip(starts, [*starts[1:], len(suppliers)], strict=True)]


def _benchmark(table) -> dict[tuple[str, str], tuple]:
    if table is None:
        return {}
    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)
    return {(c, s): (_cell(f), _cell(r)) for c, s, f, r in
            frame[["chain_id", "segment_id", "firms", "revenue"]].itertuples(index=False, name=None)}


def expected_counts(rows: dict[str, list[list]]) -> dict[str, int]:
    """Nodes + relationships each step creates (segments: node and HAS_SEGMENT; firms: node and LOCATED_IN …)."""
    return {"chains": len(rows["chains"]), "segments": 2 * len(rows["segments"]), "feeds": len(rows["feeds"]),
            "cities": len(rows["cities"]), "firms": sum(1 + (r[3] is not None) for r in rows["firms"]),
            "projects": 2 * len(rows["projects"]), "firm_segments": len(rows["firm_segments"]),
            "supply": sum(len(r[1]) for r in rows["supply"])}


def check_references(dataset: Dataset, frames: dict[str, pd.DataFrame] | None = None) -> None:
    """Raise :class:`DataError` naming file, row and column for rows whose ends are not in the dataset."""
    frames = dataset_frames(dataset) if frames is None else frames
    firms = pd.Index(frames["firms"]["firm_id"]).unique()
    segments = pd.MultiIndex.from_tuples([(c.id, s.id) for c in dataset.chains for s in c.segments])
    issues = []
    for table, column in (("supply", "supplier_id"), ("supply", "customer_id"), ("firm_segments", "firm_id")):
        frame = frames[table]
        # a hash lookup: Series.isin of arrow strings makes one Python scalar per known id (10x slower)
        for row, value in frame.loc[firms.get_indexer(frame[column]) < 0, column].items():
            issues.append(Issue(FILES[table], row + 2, column, "unknown_firm", {"value": value}))
    for table in ("firm_segments", "projects"):
        frame = frames[table]
        known = pd.MultiIndex.from_frame(frame[["chain_id", "segment_id"]]).isin(segments)
        for row, chain_id, segment_id in frame.loc[~known, ["chain_id", "segment_id"]].itertuples(name=None):
            issues.append(Issue(FILES[table], row + 2, "segment_id", "unknown_segment",
                                {"value": segment_id, "chain_id": chain_id}))
    if issues:
        raise DataError(sorted(issues, key=lambda i: (i.file, i.row, i.column != "supplier_id")))


def with_ids(step: str, rows: list[list], ids: dict[str, dict]) -> list[list]:
    """The ``STAGE[step]`` rows with their ends' keys replaced by the element ids earlier steps returned.

    >>> ids = {"firm": {"A": "4:x:1", "B": "4:x:2"}, "segment": {("w", "a"): "4:x:9"}, "city": {}}
    >>> with_ids("supply", [["A", ["B"], ["w"], [1.0], [2]]], ids)
    [['4:x:1', ['4:x:2'], ['w'], [1.0], [2]]]
    >>> with_ids("firm_segments", [["B", "w", "a", 0.5, 0.9, 1.0, 2]], ids)
    [['4:x:2', '4:x:9', 0.5, 0.9, 1.0, 2]]
    """
    if step == "firms":
        city = ids["city"]
        return [[*r, city.get((r[2], r[3]))] for r in rows]
    if step == "firm_segments":
        firm, segment = ids["firm"], ids["segment"]
        return [[firm[r[0]], segment[(r[1], r[2])], *r[3:]] for r in rows]
    if step == "supply":
        firm = ids["firm"]
        return [[firm[r[0]], [firm[c] for c in r[1]], r[2], r[3], r[4]] for r in rows]
    return rows


def batches(rows: list, size: int, step: str = "") -> Iterator[tuple[int, list]]:
    """(start, rows) slices of about ``size`` rows; a supply row counts its customers (``row[1]``)."""
    start, weight = 0, 0
    for i, row in enumerate(rows):
        weight += len(row[1]) if step == "supply" else 1
        if weight >= size:
            yield start, rows[start:i + 1]
            start, weight = i + 1, 0
    if start < len(rows):
        yield start, rows[start:]
