"""A reference pool on disk: a dataset folder whose firm_segments.csv may carry each placement's ``basis``.

A pool validates as any dataset (:func:`graph.io.read_dataset`); ``basis`` — the classifier's evidence, which
`classify` writes beside each proposal — is read here as well, because targets from a pool show it.

>>> dataset, evidence = read_pool(PROJECT_ROOT / "data" / "reference" / "pool")
>>> evidence.columns.tolist()
['firm_id', 'chain_id', 'segment_id', 'basis']
>>> len(evidence) == len(dataset.firm_segments)
True
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from graph.io.datasets import find_table_file, read_dataset
from graph.io.paths import PROJECT_ROOT
from graph.model import Dataset

EVIDENCE_COLUMNS = ["firm_id", "chain_id", "segment_id", "basis"]
REFERENCE_POOL = PROJECT_ROOT / "data" / "reference" / "pool"


def read_pool(path: str | Path, *, chains: str | Path | None = None) -> tuple[Dataset, pd.DataFrame]:
    """The pool's dataset (DataError when it does not validate) and the basis of each membership (empty when
    firm_segments is not a CSV with a ``basis`` column)."""
    dataset = read_dataset(path, chains=chains)
    file = find_table_file(Path(path), "firm_segments")
    evidence = pd.DataFrame(columns=EVIDENCE_COLUMNS)
    if file is not None and file.suffix.lower() == ".csv":
        frame = pd.read_csv(file, dtype=str, encoding="utf-8-sig", keep_default_na=False)
        if set(EVIDENCE_COLUMNS) <= set(frame.columns):
            evidence = frame[EVIDENCE_COLUMNS].map(str.strip)
    return dataset, evidence
