"""A synthetic national reference (benchmark.csv) for a synthetic province: the totals of every segment over all
the provinces the synthetic data hold (its firms outside the region stand for the rest of the country).

Strengths are judged only against a reference (graph.analysis.relatedness); this gives the synthetic demo one, so
its location quotients are those of the region against the synthetic nation — the same numbers the demo showed
when strengths were computed against all regions in the data.

>>> from graph.io import read_chain_set
>>> from graph.synth import synthesize
>>> ds = synthesize(read_chain_set("chains/shandong-2022"), seed=1, scale=0.05)
>>> bench = synthetic_benchmark(ds)
>>> bench.columns.tolist(), int(bench["firms"].sum()) == len(ds.firm_segments)
(['chain_id', 'segment_id', 'firms', 'revenue'], True)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph.facts import attributed_revenue
from graph.model import Dataset

COLUMNS = ["chain_id", "segment_id", "firms", "revenue"]


def synthetic_benchmark(dataset: Dataset) -> pd.DataFrame:
    """Per segment of every chain (chain-map order): memberships (``firms``) and revenue attributed by share
    (``revenue``, 万元, rounded to 0.1) over every firm of ``dataset``, whatever its province."""
    firms = pd.DataFrame(dataset.firms)
    fs = pd.DataFrame(dataset.firm_segments)
    codes = pd.Index(firms["firm_id"]).get_indexer(fs["firm_id"])
    m = pd.DataFrame({"firm": codes, "share": pd.to_numeric(fs["share"], errors="coerce").astype(float)})
    revenue = attributed_revenue(m, pd.to_numeric(firms["revenue"], errors="coerce").to_numpy(dtype=float))
    keys = fs["chain_id"].astype(str) + "/" + fs["segment_id"].astype(str)
    count = keys.value_counts()
    total = pd.Series(revenue, index=keys.to_numpy()).groupby(level=0).sum()
    rows = [(c.id, s.id) for c in dataset.chains for s in c.segments]
    index = [f"{c}/{s}" for c, s in rows]
    return pd.DataFrame({"chain_id": [c for c, _ in rows], "segment_id": [s for _, s in rows],
                         "firms": count.reindex(index, fill_value=0).to_numpy(dtype=float),
                         "revenue": np.round(total.reindex(index, fill_value=0.0).to_numpy(dtype=float), 1)},
                        columns=COLUMNS).astype({"chain_id": "str", "segment_id": "str"})


def with_benchmark(dataset: Dataset) -> Dataset:
    """``dataset`` with its :func:`synthetic_benchmark` (the object is changed and returned)."""
    dataset.benchmark = synthetic_benchmark(dataset)
    return dataset
