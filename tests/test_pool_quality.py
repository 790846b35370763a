"""Measured quality of the shipped reference pool's placements (issue 21, item 3).

The pool (data/reference/pool) holds the firms classify places among 30,262 registration rows outside 山东 with
registered capital ≥ 1亿元. tests/data/pool_sample labels 300 of those rows blind (LABELLING.md's rules): 150 drawn
from the firms the pool holds and 150 from the rest, so each row stands for its stratum (``strata.csv``: the
stratum and its size). Figures are weighted by stratum (size / rows drawn), so they estimate the whole set:
chain precision of the pool's firms, the recall of on-chain firms, non-manufacturers placed, segment precision.
`pytest tests/test_pool_quality.py -s` prints them.
"""
from __future__ import annotations

import pandas as pd
import pytest

from graph.classify.evaluate import evaluate, registry_proposals
from graph.classify.pipeline import DEFAULT_CHAINS, rules_for
from graph.classify.rules import DEFAULT_THRESHOLD
from graph.io import REFERENCE_POOL, read_pool
from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "data" / "pool_sample"
# what this version measures, a floor against going back (see data/reference/README.md for the figures)
FLOORS = {"chain_precision": 0.82, "chain_recall": 0.55, "segment_precision": 0.60}


def row_counts(truth: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """Per labelled row, the counts evaluate() adds up: pairs, right pairs, on-chain, recalled, segment pairs and
    right segment pairs (from evaluate on that row alone, so the definitions are evaluate's)."""
    rows = []
    for i in range(len(truth)):
        one = truth.iloc[[i]]
        m = evaluate(one, proposals[proposals["firm_id"] == one["firm_id"].iloc[0]])
        c = m["counts"]
        rows.append({"pairs": c["proposed_chain_pairs"], "right": round((m["chain_precision"] or 0) * c["proposed_chain_pairs"]),
                     "on_chain": c["on_chain_firms"], "recalled": round((m["chain_recall"] or 0) * c["on_chain_firms"]),
                     "outsiders": c["non_manufacturers"], "outsiders_placed": c["non_manufacturers_placed"],
                     "seg_pairs": c["segment_pairs"],
                     "seg_right": round((m["segment_precision"] or 0) * c["segment_pairs"])})
    return pd.DataFrame(rows, index=truth.index)


@pytest.fixture(scope="module")
def figures():
    rules = rules_for(DEFAULT_CHAINS)[1]
    truth, proposals = registry_proposals(SAMPLE / "labelled.csv", rules, threshold=DEFAULT_THRESHOLD)
    proposals = proposals[proposals["status"] == "proposed"]      # the pool keeps proposals, not chain-only rows
    strata = pd.read_csv(SAMPLE / "strata.csv", dtype={"样本序号": int})
    truth = truth.merge(strata[["样本序号", "stratum", "stratum_size"]], left_on=truth["样本序号"].astype(int),
                        right_on="样本序号", suffixes=("", "_s"))
    weight = truth["stratum_size"] / truth.groupby("stratum")["stratum"].transform("size")
    counts = row_counts(truth, proposals).mul(weight, axis=0).sum()
    out = {"chain_precision": counts["right"] / counts["pairs"], "chain_recall": counts["recalled"] / counts["on_chain"],
           "non_manufacturers_placed": counts["outsiders_placed"] / counts["outsiders"],
           "segment_precision": counts["seg_right"] / counts["seg_pairs"], "rows": len(truth)}
    print("pool sample (weighted by stratum): " + " · ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                                                for k, v in out.items()))
    return out


def test_the_pool_sample_is_labelled_blind_and_complete():
    rows = pd.read_csv(SAMPLE / "rows.csv", dtype=str)
    labelled = pd.read_csv(SAMPLE / "labelled.csv", dtype=str)
    strata = pd.read_csv(SAMPLE / "strata.csv", dtype=str)
    assert len(rows) == len(labelled) == len(strata) == 300
    assert labelled["企业名称"].tolist() == rows["企业名称"].tolist()
    assert strata["stratum"].value_counts().to_dict() == {"pool": 150, "rest": 150}
    assert set(labelled["kind"]) <= {"chain", "service", "tricky", "industry"}
    assert (labelled["expected_chain"].notna() == labelled["kind"].eq("chain")).all()


def test_pool_placements_measured_on_the_labelled_sample(figures):
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, (name, figures[name])
    assert figures["non_manufacturers_placed"] <= 0.05


def test_the_shipped_pool_validates_and_lies_outside_shandong():
    dataset, evidence = read_pool(REFERENCE_POOL)
    assert len(dataset.firms) >= 3000
    assert not dataset.firms["province"].eq("山东省").any()
    assert (dataset.firms["registered_capital"] >= 10000).all()
    assert set(dataset.firm_segments["reviewed"].unique()) == {0.0}            # proposals, said so
    assert dataset.firm_segments["confidence"].between(0.5, 1.0).all()
    assert evidence["basis"].str.len().gt(0).all() and len(evidence) == len(dataset.firm_segments)
