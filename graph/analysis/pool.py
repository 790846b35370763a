"""A reference pool of candidate firms (参考库): where attraction targets come from when the dataset has few.

A pool is a classified dataset of firms outside the home province — data/reference/pool ships one built from public
registration data; ``classify --registry national.xlsx --out DIR`` makes one from a user's own export. Its firms are
never local and never count in completeness, gaps, leaders or strengths: they only fill the attraction targets of a
gap or weak segment, after the dataset's own non-local firms (see :mod:`graph.analysis.targets`), each carrying the
evidence of its placement (the classifier's basis and confidence, and whether a person reviewed it).

When a pool is used (:func:`pool_wanted`): always when the user names one; by default when fewer than
``Settings.pool_outside_share`` of the dataset's firms on chains are outside its region (a registry export of one
province holds almost none).

>>> import pandas as pd
>>> from graph.analysis.settings import DEFAULT
>>> from graph.store import MemoryStore
>>> pool_wanted(MemoryStore.from_path("data/demo").facts(), DEFAULT)   # the demo has many firms outside 山东
False
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graph.analysis.settings import Settings
from graph.facts import Facts

POOL_COLUMNS = ["segment_id", "firm_id", "name", "province", "city", "uscc", "revenue", "registered_capital",
                "employees", "tags", "confidence", "reviewed", "basis"]


@dataclass(frozen=True)
class Pool:
    """A pool's facts, the basis of each membership (firm_id, chain_id, segment_id, basis) and its name."""

    facts: Facts
    evidence: pd.DataFrame
    name: str

    @classmethod
    def from_dataset(cls, dataset, evidence: pd.DataFrame | None = None) -> Pool:
        """A pool from a read dataset and the ``basis`` column of its firm_segments.csv (graph.io.read_pool)."""
        evidence = evidence if evidence is not None else pd.DataFrame(columns=["firm_id", "chain_id", "segment_id",
                                                                               "basis"])
        return cls(Facts.from_dataset(dataset), evidence, dataset.meta.name)


def pool_wanted(facts, settings: Settings) -> bool:
    """Whether the default pool should fill targets: fewer than ``settings.pool_outside_share`` of the firms on
    the dataset's chains are outside its region."""
    on_chains = np.unique(facts.memberships["firm"].to_numpy()) if len(facts.memberships) else np.array([], int)
    if not len(on_chains):
        return True
    outside = ~facts.local[on_chains]
    return float(outside.mean()) < settings.pool_outside_share


def pool_candidates(pool: Pool, chain_id: str, segment_ids, *, region: str, known_names, known_usccs) -> pd.DataFrame:
    """The pool's firms in ``segment_ids`` of ``chain_id`` that are outside ``region`` and not already in the
    dataset (same name or same credit code), with the basis of their placement (POOL_COLUMNS).

    ``known_names`` and ``known_usccs`` are the dataset's (sets are used as given; other iterables become sets)."""
    facts = pool.facts
    m = facts.memberships
    m = m[(m["chain_id"] == chain_id) & m["segment_id"].isin(list(segment_ids))]
    codes = m["firm"].to_numpy()
    frame = pd.DataFrame({
        "segment_id": m["segment_id"].to_numpy(dtype=object), "firm_id": facts.column("firm_id")[codes],
        **{c: facts.column(c)[codes] for c in ("name", "province", "city", "uscc", "revenue", "registered_capital",
                                                "employees")},
        "tags": [list(t) for t in facts.column("tags")[codes]],
        **{c: m[c].to_numpy(dtype=float) if c in m.columns else np.full(len(m), np.nan)
           for c in ("confidence", "reviewed")},
    })
    names, usccs = (k if isinstance(k, (set, frozenset)) else set(k) for k in (known_names, known_usccs))
    keep = [p != region and n not in names and not (isinstance(u, str) and u in usccs)
            for p, n, u in zip(frame["province"], frame["name"], frame["uscc"], strict=True)]
    frame = frame[np.asarray(keep, dtype=bool)]   # a plain empty list would select no columns, not no rows
    basis = pool.evidence[pool.evidence["chain_id"] == chain_id][["firm_id", "segment_id", "basis"]]
    return frame.merge(basis.drop_duplicates(["firm_id", "segment_id"]), on=["firm_id", "segment_id"],
                       how="left").reindex(columns=POOL_COLUMNS)

