"""A validated dataset as immutable columnar facts: the one input every analysis reads.

Firms are integer-coded (their row in ``firms``); memberships and supply edges refer to those
codes, so analyses work on numpy arrays and pandas group-bys instead of Python objects. Nothing
here is cached on a mutable object: a :class:`Facts` is built once per dataset and never changes
(the per-chain views it hands out are computed from it and kept with it).

>>> from graph.io import read_dataset
>>> facts = Facts.from_dataset(read_dataset("data/demo"))
>>> facts.chain_ids()[:2]
['advanced_materials', 'agri_machinery']
>>> chain = facts.chain("agri_machinery")
>>> int(chain.local[chain.members["firm"]].sum()) > 0
True
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import networkx as nx
import numpy as np
import pandas as pd

from graph.model import DATASET_COLUMNS, Chain, Dataset, DatasetMeta

FIRM_COLUMNS = list(DATASET_COLUMNS["firms"])
MEMBERSHIP_COLUMNS = list(DATASET_COLUMNS["firm_segments"])
SUPPLY_COLUMNS = list(DATASET_COLUMNS["supply"])
PROJECT_COLUMNS = list(DATASET_COLUMNS["projects"])
BENCHMARK_COLUMNS = list(DATASET_COLUMNS["benchmark"])


def parse_tags(value) -> tuple[str, ...]:
    """Tags as a tuple, from a ';'-joined string, a list/tuple or a missing value.

    >>> parse_tags("链主;上市"), parse_tags(None), parse_tags(("小巨人",))
    (('链主', '上市'), (), ('小巨人',))
    """
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ()
    return tuple(t for t in str(value).split(";") if t)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Distinct values, ascending (a sort and a neighbour comparison: much faster than ``np.unique``'s
    hashing on millions of integers).

    >>> sorted_unique(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def distinct_pairs(suppliers: np.ndarray, customers: np.ndarray, n: int) -> pd.DataFrame:
    """Distinct (supplier, customer) code pairs, sorted, for codes below ``n``.

    >>> distinct_pairs(np.array([1, 0, 1]), np.array([2, 1, 2]), 3).values.tolist()
    [[0, 1], [1, 2]]
    """
    n = max(1, n)
    unique = sorted_unique(suppliers.astype(np.int64) * n + customers)
    return pd.DataFrame({"supplier": unique // n, "customer": unique % n})


def text_series(values) -> pd.Series:
    """Strings as an object Series: Python-level loops over them stay fast (pandas 3 would store them as
    Arrow strings, slow to iterate and to convert back)."""
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def _missing_to_none(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), None)


def attributed_revenue(memberships: pd.DataFrame, revenue: np.ndarray) -> np.ndarray:
    """Revenue of each membership row: the firm's revenue times its share in that segment.

    A given share is used as given; the remainder 1 − Σ given shares (never below 0) is split evenly
    over the firm's segments without a share, so a firm's revenue is counted at most once.
    ``memberships`` needs the columns ``firm`` (code) and ``share`` (NaN = not given).

    >>> m = pd.DataFrame({"firm": [0, 0, 1, 1], "share": [0.8, None, None, None]})
    >>> attributed_revenue(m, np.array([100.0, 10.0])).round(9).tolist()
    [80.0, 20.0, 5.0, 5.0]
    """
    share = memberships["share"].astype(float)
    firm = memberships["firm"]
    given = share.fillna(0.0).groupby(firm).transform("sum")
    unassigned = share.isna().groupby(firm).transform("sum")
    remainder = (1.0 - given).clip(lower=0.0) / unassigned.where(unassigned > 0, 1)
    effective = share.where(share.notna(), remainder)
    return np.nan_to_num(revenue[firm.to_numpy()]) * effective.to_numpy()


@dataclass(frozen=True)
class ChainFacts:
    """One chain's part of the facts. Arrays are indexed by the dataset-wide firm code.

    - ``members``: one row per (firm, segment) of this chain: ``firm``, ``segment_id``, ``revenue_in``,
      ``local``, ``firm_id``, ``name``; sorted by segment (chain-map order), then firm id;
    - ``pairs``: distinct supplier → customer pairs (``supplier``, ``customer`` codes) between firms of
      this chain, from supply rows tagged with this chain or untagged; made by ``read_pairs`` when first asked
      for (from Neo4j, a query: what needs only the members reads no supply);
    - ``local``: bool per firm code (the whole dataset's, shared).
    """

    chain: Chain
    dag: nx.DiGraph
    members: pd.DataFrame
    read_pairs: Callable[[], pd.DataFrame] = field(repr=False)
    local: np.ndarray
    firm_ids: np.ndarray

    @cached_property
    def pairs(self) -> pd.DataFrame:
        return self.read_pairs()

    @property
    def chain_id(self) -> str:
        return self.chain.id

    @cached_property
    def firms(self) -> np.ndarray:
        """Codes of the chain's firms, ascending."""
        return sorted_unique(self.members["firm"].to_numpy())

    @cached_property
    def segment_order(self) -> list[str]:
        return [s.id for s in self.chain.segments]

    @cached_property
    def segments_of(self) -> dict[int, list[str]]:
        """Firm code -> its segment ids in this chain (chain-map order)."""
        out: dict[int, list[str]] = {}
        for firm, segment in zip(self.members["firm"].tolist(), self.members["segment_id"].tolist(), strict=True):
            out.setdefault(firm, []).append(segment)
        return out

    @cached_property
    def firms_in(self) -> dict[str, np.ndarray]:
        """Segment id -> firm codes (sorted by firm id)."""
        groups = self.members.groupby("segment_id", sort=False)["firm"]
        found = {s: g.to_numpy() for s, g in groups}
        return {s: found.get(s, np.array([], dtype=np.int64)) for s in self.segment_order}

    def local_in(self, segment_id: str) -> np.ndarray:
        firms = self.firms_in[segment_id]
        return firms[self.local[firms]]

    @cached_property
    def local_customers(self) -> np.ndarray:
        """Per firm code: distinct local customers in this chain."""
        p = self.pairs
        return np.bincount(p["supplier"].to_numpy()[self.local[p["customer"].to_numpy()]], minlength=len(self.local))

    @cached_property
    def local_suppliers(self) -> np.ndarray:
        """Per firm code: distinct local suppliers in this chain."""
        p = self.pairs
        return np.bincount(p["customer"].to_numpy()[self.local[p["supplier"].to_numpy()]], minlength=len(self.local))

    @cached_property
    def suppliers_of(self) -> dict[int, list[int]]:
        """Customer code -> supplier codes (for what-if and matching; built on first use)."""
        out: dict[int, list[int]] = {}
        for s, c in zip(self.pairs["supplier"].to_numpy().tolist(), self.pairs["customer"].to_numpy().tolist(),
                        strict=True):
            out.setdefault(c, []).append(s)
        return out

    def segment_attr(self, segment_id: str, name: str):
        return self.dag.nodes[segment_id][name]


def segment_dag(chain: Chain) -> nx.DiGraph:
    """The chain map as a DiGraph of segment ids, with each segment's attributes and ``order``."""
    dag = nx.DiGraph()
    for order, s in enumerate(chain.segments):
        dag.add_node(s.id, chain_id=chain.id, segment_id=s.id, name=s.name, name_en=s.name_en, stage=s.stage,
                     key_tech=s.key_tech, order=order)
    dag.add_edges_from(chain.links)
    return dag


class ChainReader(Protocol):
    """Where a chain's supply pairs and PageRank come from when the facts do not hold the supply table
    (:mod:`graph.store.chain_reads` reads them from Neo4j one chain at a time)."""

    def supply_rows(self, facts: Facts, chain_id: str) -> tuple[np.ndarray, np.ndarray]:
        """(supplier codes, customer codes) of the supply rows tagged with the chain or untagged whose supplier
        operates in the chain (rows may repeat; :meth:`Facts.chain` keeps those between the chain's firms)."""

    def pagerank(self, chain: ChainFacts, *, alpha: float) -> tuple[np.ndarray, np.ndarray] | None:
        """PageRank forwards and reversed, aligned with ``chain.firms``; None: compute it from ``chain.pairs``."""

    def firm_supply(self, facts: Facts, code: int) -> pd.DataFrame:
        """The supply rows with the firm as supplier or customer, as :attr:`Facts.supply` rows."""


@dataclass(frozen=True)
class Facts:
    """Everything analyses read, as integer-coded tables (see the module docstring).

    - ``firms``: row i is firm code i: the firm columns of the dataset contract, ``tags`` as tuples,
      ``local`` (province equals the region);
    - ``memberships``: ``firm`` (code), ``chain_id``, ``segment_id``, ``share`` (NaN = not given),
      ``revenue_in`` (revenue attributed to that segment, see :func:`attributed_revenue`); ``confidence`` (0–1,
      NaN where not given, which analyses take as 1.0) only when some membership of the dataset gives one (classify's proposals; leaders weigh
      memberships by it); ``reviewed`` (1.0 accepted by a person, 0.0 a proposal, NaN not given) only when some
      membership gives it;
    - ``supply``: ``supplier``, ``customer`` (codes), ``chain_id`` (None = untagged), ``amount``;
    - ``projects``, ``benchmark`` (None when the dataset has none);
    - ``supply_present``: False for registry-only data (no supply links at all);
    - ``reader``: None when ``supply`` holds every supply row; else the :class:`ChainReader` that gives each
      chain's pairs (``supply`` is then empty: facts read from Neo4j chain by chain).
    """

    meta: DatasetMeta
    chains: tuple[Chain, ...]
    firms: pd.DataFrame
    memberships: pd.DataFrame
    supply: pd.DataFrame
    projects: pd.DataFrame
    benchmark: pd.DataFrame | None
    supply_present: bool
    reader: ChainReader | None = field(default=None, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> Facts:
        """Build the facts of a validated dataset (its tables are DataFrames: :class:`graph.model.Dataset`)."""
        firms = dataset.firms.reindex(columns=FIRM_COLUMNS).reset_index(drop=True)
        firms["tags"] = [parse_tags(t) for t in firms["tags"]]
        for column in ("revenue", "registered_capital", "employees", "founded"):
            firms[column] = pd.to_numeric(firms[column], errors="coerce").astype(float)
        for column in ("city", "uscc"):
            firms[column] = _missing_to_none(firms[column])
        firms["local"] = (firms["province"] == dataset.meta.region).to_numpy(dtype=bool)
        index = pd.Index(firms["firm_id"])

        fs = dataset.firm_segments.reindex(columns=MEMBERSHIP_COLUMNS).reset_index(drop=True)
        memberships = pd.DataFrame({"firm": index.get_indexer(fs["firm_id"]),
                                    "chain_id": pd.Categorical(fs["chain_id"].astype(str)),
                                    "segment_id": pd.Categorical(fs["segment_id"].astype(str)),
                                    "share": pd.to_numeric(fs["share"], errors="coerce").astype(float)})
        memberships["revenue_in"] = attributed_revenue(memberships, firms["revenue"].to_numpy(dtype=float))
        # classify's provenance, only when some membership gives it, NaN where not given: confidence (analyses
        # take NaN as 1.0, a person's) and reviewed (1.0 accepted by a person, 0.0 a proposal; NaN never assumed)
        confidence = pd.to_numeric(fs["confidence"], errors="coerce").astype(float)
        if confidence.notna().any():
            memberships["confidence"] = confidence.clip(0.0, 1.0).to_numpy(dtype=float)
        reviewed = pd.to_numeric(fs["reviewed"], errors="coerce").astype(float)
        if reviewed.notna().any():
            memberships["reviewed"] = reviewed.to_numpy(dtype=float)

        sup = dataset.supply.reindex(columns=SUPPLY_COLUMNS).reset_index(drop=True)
        supply = pd.DataFrame({"supplier": index.get_indexer(sup["supplier_id"]),
                               "customer": index.get_indexer(sup["customer_id"]),
                               "chain_id": _missing_to_none(sup["chain_id"]),
                               "amount": pd.to_numeric(sup["amount"], errors="coerce").astype(float)})
        projects = dataset.projects.reindex(columns=PROJECT_COLUMNS).reset_index(drop=True)
        projects["investment"] = pd.to_numeric(projects["investment"], errors="coerce").astype(float)
        projects["firm_id"] = _missing_to_none(projects["firm_id"])
        benchmark = None
        if dataset.benchmark is not None:
            benchmark = dataset.benchmark.reindex(columns=BENCHMARK_COLUMNS).reset_index(drop=True)
            for column in ("firms", "revenue"):
                benchmark[column] = pd.to_numeric(benchmark[column], errors="coerce").astype(float)
        present = bool(getattr(dataset, "supply_present", True))
        return cls(dataset.meta, tuple(dataset.chains), firms, memberships, supply, projects, benchmark, present)

    # ------------------------------------------------------------ lookups
    @property
    def region(self) -> str:
        return self.meta.region

    def chain_ids(self) -> list[str]:
        return sorted(c.id for c in self.chains)

    def chain_map(self, chain_id: str) -> Chain:
        """The chain map of ``chain_id``; KeyError naming the known chains when there is none."""
        for c in self.chains:
            if c.id == chain_id:
                return c
        raise KeyError(f"unknown chain '{chain_id}' (known: {', '.join(self.chain_ids())})")

    @cached_property
    def firm_code(self) -> pd.Index:
        """firm id -> code (``facts.firm_code.get_loc(firm_id)``)."""
        return pd.Index(self.firms["firm_id"])

    def codes(self, firm_ids) -> np.ndarray:
        """Codes of known firm ids (unknown ids are dropped)."""
        found = self.firm_code.get_indexer(list(firm_ids))
        return found[found >= 0]

    @cached_property
    def local(self) -> np.ndarray:
        return self.firms["local"].to_numpy(dtype=bool)

    def column(self, name: str) -> np.ndarray:
        """A firm column as a numpy array indexed by firm code (converted once; strings as objects)."""
        return self.memo(("column", name), lambda: self.firms[name].to_numpy(
            dtype=object if self.firms[name].dtype.kind not in "fiub" else None))

    @cached_property
    def _supply_chain_codes(self) -> tuple[np.ndarray, list]:
        categories = pd.Categorical(self.supply["chain_id"])
        return categories.codes, list(categories.categories)

    def memo(self, key: tuple, compute):
        """``compute()`` once per key for these (immutable) facts; analyses use it for tables several of
        them read (chain views, segment tables, the region × segment matrix). Callers must not change the result.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def supply_touching(self, code: int) -> pd.DataFrame:
        """The supply rows (``supplier``, ``customer``, ``chain_id``, ``amount``) with firm ``code`` on either side.

        >>> from graph.io import read_dataset
        >>> facts = Facts.from_dataset(read_dataset("data/demo"))
        >>> rows = facts.supply_touching(0)
        >>> bool(((rows["supplier"] == 0) | (rows["customer"] == 0)).all())
        True
        """
        if self.reader is not None:
            return self.reader.firm_supply(self, code)
        return self.supply[(self.supply["supplier"] == code) | (self.supply["customer"] == code)]

    def chain(self, chain_id: str) -> ChainFacts:
        """The part of the facts about one chain (computed once per Facts; with a reader, only the chain
        asked for last is kept, so memory holds one chain's pairs at a time)."""
        if self.reader is not None:
            for key in [k for k in self._memo if k[0] == "chain" and k[1] != chain_id]:
                del self._memo[key]
        return self.memo(("chain", chain_id), lambda: self._chain_facts(chain_id))

    def _chain_facts(self, chain_id: str) -> ChainFacts:
        chain = self.chain_map(chain_id)
        order = {s.id: i for i, s in enumerate(chain.segments)}
        m = self.memberships[self.memberships["chain_id"] == chain_id]
        codes = m["firm"].to_numpy()
        segments = m["segment_id"].to_numpy(dtype=object)
        firm_ids = self.column("firm_id")[codes]
        rank = np.lexsort((firm_ids, pd.Index(list(order)).get_indexer(segments)))
        codes, segments, firm_ids = codes[rank], segments[rank], firm_ids[rank]
        members = pd.DataFrame({"firm": codes, "segment_id": text_series(segments),
                                "revenue_in": m["revenue_in"].to_numpy()[rank], "local": self.local[codes],
                                "firm_id": text_series(firm_ids), "name": text_series(self.column("name")[codes])})

        return ChainFacts(chain, segment_dag(chain), members, lambda: self._chain_pairs(chain_id, members),
                          self.local, self.column("firm_id"))

    def _chain_pairs(self, chain_id: str, members: pd.DataFrame) -> pd.DataFrame:
        """Distinct supplier → customer pairs between the chain's firms from rows tagged with it or untagged."""
        in_chain = np.zeros(len(self.firms) + 1, dtype=bool)     # code -1 (unknown) lands on the last: False
        in_chain[members["firm"].to_numpy()] = True
        if self.reader is None:
            codes, categories = self._supply_chain_codes
            tag = categories.index(chain_id) if chain_id in categories else -2
            tagged = (codes == tag) | (codes == -1)
            s, c = self.supply["supplier"].to_numpy()[tagged], self.supply["customer"].to_numpy()[tagged]
        else:
            s, c = self.reader.supply_rows(self, chain_id)
        keep = in_chain[s] & in_chain[c]
        return distinct_pairs(s[keep], c[keep], len(self.firms))
