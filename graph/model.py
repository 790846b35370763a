"""Typed records of a dataset and the graph schema (node kinds, edge kinds, keys).

Everything else agrees on these names: the builder writes them, both stores hold them,
analyses read them.

>>> firm_key("F001"), segment_key("agri_machinery", "engines")
('firm:F001', 'segment:agri_machinery/engines')
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

STAGES = ("upstream", "midstream", "downstream", "services")
PROJECT_STAGES = ("谋划", "储备", "开工", "竣工")
FIRM_TAGS = ("链主", "专精特新", "小巨人", "单项冠军", "上市", "高新技术企业", "瞪羚")

# node kinds -> Neo4j labels
NODE_LABELS = {"chain": "Chain", "segment": "Segment", "firm": "Firm", "city": "City", "project": "Project"}
# edge kinds: (source kind, target kind)
EDGE_KINDS = {
    "HAS_SEGMENT": ("chain", "segment"),
    "FEEDS": ("segment", "segment"),
    "OPERATES_IN": ("firm", "segment"),
    "SUPPLIES": ("firm", "firm"),
    "LOCATED_IN": ("firm", "city"),
    "TARGETS": ("project", "segment"),
}

# attributes every node / edge of a kind carries in the networkx graph (None when unknown)
NODE_ATTRS = {
    "chain": ("chain_id", "name", "name_en", "description"),
    "segment": ("chain_id", "segment_id", "name", "name_en", "stage", "key_tech", "order"),
    "firm": ("firm_id", "name", "province", "city", "uscc", "revenue", "registered_capital", "employees", "founded", "tags",
             "local"),
    "city": ("name", "province"),
    "project": ("project_id", "name", "chain_id", "segment_id", "city", "stage", "investment", "firm_id"),
}
EDGE_ATTRS = {"OPERATES_IN": ("share", "confidence", "reviewed"), "SUPPLIES": ("chain_id", "amount")}


def chain_key(chain_id: str) -> str:
    return f"chain:{chain_id}"


def segment_key(chain_id: str, segment_id: str) -> str:
    return f"segment:{chain_id}/{segment_id}"


def firm_key(firm_id: str) -> str:
    return f"firm:{firm_id}"


def city_key(province: str, city: str) -> str:
    return f"city:{province}/{city}"


def project_key(project_id: str) -> str:
    return f"project:{project_id}"


def supply_edge_key(chain_id: str | None) -> str:
    """Edge key of a SUPPLIES edge: one edge per (supplier, customer, chain)."""
    return f"SUPPLIES:{chain_id or ''}"


@dataclass(frozen=True)
class Segment:
    """One segment of a chain map. ``industries``, ``keywords`` and ``exclude`` tell `classify`
    how to recognise its firms: GB/T 4754-2017 classes (4-digit codes), Chinese keywords of its
    products and technologies, and words that rule a firm out (e.g. 租赁 for a machinery segment)."""

    id: str
    name: str
    name_en: str
    stage: str
    key_tech: bool = False
    industries: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chain:
    id: str
    name: str
    name_en: str
    segments: tuple[Segment, ...]
    links: tuple[tuple[str, str], ...]
    description: str = ""
    labels: tuple[str, ...] = ()   # industry labels that mean this chain (工程机械, 化学制药 …), for classify

    def segment_ids(self) -> list[str]:
        return [s.id for s in self.segments]


@dataclass(frozen=True)
class Firm:
    firm_id: str
    name: str
    province: str
    city: str | None = None
    uscc: str | None = None
    revenue: float | None = None  # 万元
    employees: int | None = None
    founded: int | None = None
    tags: tuple[str, ...] = ()
    registered_capital: float | None = None  # 万元


@dataclass(frozen=True)
class FirmSegment:
    firm_id: str
    chain_id: str
    segment_id: str
    share: float | None = None
    confidence: float | None = None   # classify's confidence of a proposal (0–1); None = not given
    reviewed: float | None = None     # 1.0 = a person accepted it, 0.0 = a proposal; None = not given


@dataclass(frozen=True)
class Supply:
    supplier_id: str
    customer_id: str
    chain_id: str | None = None
    amount: float | None = None  # 万元


@dataclass(frozen=True)
class Project:
    project_id: str
    name: str
    chain_id: str
    segment_id: str
    city: str
    stage: str
    investment: float | None = None  # 亿元
    firm_id: str | None = None


@dataclass(frozen=True)
class DatasetMeta:
    name: str
    region: str
    chain_set: str
    year: int | None = None
    synthetic: bool = False
    source: str = ""
    description: str = ""


# the columns of each Dataset table, in order (graph.io.schemas.TABLES must agree; tests check it)
DATASET_COLUMNS: dict[str, tuple[str, ...]] = {
    "firms": ("firm_id", "name", "province", "city", "uscc", "revenue", "registered_capital", "employees", "founded",
              "tags"),
    "firm_segments": ("firm_id", "chain_id", "segment_id", "share", "confidence", "reviewed"),
    "supply": ("supplier_id", "customer_id", "chain_id", "amount"),
    "projects": ("project_id", "name", "chain_id", "segment_id", "city", "stage", "investment", "firm_id"),
    "benchmark": ("chain_id", "segment_id", "firms", "revenue"),
}
NUMBER_COLUMNS = {"revenue", "registered_capital", "employees", "founded", "share", "confidence", "reviewed", "amount",
                  "investment", "firms"}
# optional columns of a membership's provenance (classify writes them): written out only when some row gives one
PROVENANCE_COLUMNS = ("confidence", "reviewed")


def empty_table(table: str) -> pd.DataFrame:
    """A zero-row table with the contract's columns and dtypes.

    >>> empty_table("supply").dtypes.astype(str).tolist()
    ['str', 'str', 'str', 'float64']
    """
    return pd.DataFrame({c: pd.Series([], dtype="float64" if c in NUMBER_COLUMNS else "str")
                         for c in DATASET_COLUMNS[table]})


def records_table(records, table: str) -> pd.DataFrame:
    """Typed records (Firm, FirmSegment, Supply, Project …) as the contract's DataFrame for ``table``:
    its columns and dtypes, tags joined by ';', missing values as NaN.

    >>> records_table([Supply("A", "B", None, 5.0)], "supply").to_dict("records")
    [{'supplier_id': 'A', 'customer_id': 'B', 'chain_id': nan, 'amount': 5.0}]
    """
    columns = DATASET_COLUMNS[table]
    rows = [tuple(";".join(v) if c == "tags" else v for c, v in zip(columns, (getattr(r, c) for c in columns),
                                                                     strict=True)) for r in records]
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    return frame.astype({c: "float64" if c in NUMBER_COLUMNS else "str" for c in columns})


@dataclass
class Dataset:
    """A validated dataset: metadata, the chain set it refers to, and its tables.

    Contract (the io package produces it, facts/stores/synth consume it): the tables are pandas DataFrames in
    file order (RangeIndex), one column per contract name (DATASET_COLUMNS), normalised values —
      firms:         firm_id, name, province (full name, 山东 → 山东省), city (full name or NA), uscc, revenue (万元,
                     float, NaN = unknown), registered_capital (万元, float), employees (float), founded (float year),
                     tags (str, ';'-joined, '' = none)
      firm_segments: firm_id, chain_id, segment_id, share (float 0–1, NaN = not given), confidence (float 0–1,
                     classify's, NaN = not given), reviewed (float 1.0 = accepted by a person, 0.0 = a proposal,
                     NaN = not given)
      supply:        supplier_id, customer_id, chain_id (NA = untagged), amount (万元, float) — no rows when absent
      projects:      project_id, name, chain_id, segment_id, city, stage, investment (亿元, float), firm_id
      benchmark:     chain_id, segment_id, firms (float), revenue (万元, float) — or None
    Text columns have pandas' ``str`` dtype with NA for an empty optional cell.
    ``supply_present`` says whether the dataset had supply links at all (registry-only data has none).

    >>> ds = Dataset(DatasetMeta("d", "山东省", "c"), [], empty_table("firms"), empty_table("firm_segments"),
    ...              empty_table("supply"), supply_present=False)
    >>> len(ds.projects), ds.benchmark is None
    (0, True)
    """

    meta: DatasetMeta
    chains: list[Chain]
    firms: pd.DataFrame
    firm_segments: pd.DataFrame
    supply: pd.DataFrame
    projects: pd.DataFrame = field(default_factory=lambda: empty_table("projects"))
    warnings: list = field(default_factory=list)
    benchmark: pd.DataFrame | None = None
    supply_present: bool = True
