"""Measuring proposals against a labelled registry: chain- and segment-level precision and recall.

Truth columns (tests/data/registry/README.md): ``expected_chain`` (empty = on no chain), ``expected_segment``
(``;``-separated, may be empty), ``also_acceptable`` (``chain:segment`` pairs a reviewer would accept, ``;``-
separated, segment may be blank) and ``kind`` (chain, service, tricky, industry). Rows are split into a dev half
(tune on it) and a held-out half (only measure it) by a hash of the name, so the split never changes.

A firm's chains are those of its proposals and of its ``chain_only`` candidates (a chain named at or above the
threshold, its segment left to the reviewer: the chain is placed, the segment is not guessed).

- chain precision: proposed (firm, chain) pairs whose chain is acceptable / all proposed pairs;
- chain recall: on-chain firms with at least one acceptable chain proposed / on-chain firms;
- non-manufacturers placed: service and tricky firms with any proposal / service and tricky firms;
- segment precision: proposed (firm, chain, segment) triples that are acceptable / triples that can be judged
  (a wrong chain counts as wrong; a right chain whose segment is not labelled is left out);
- segment recall: firms with a labelled segment that got one of them proposed / such firms.

>>> split_of("济宁广源挖掘机有限公司"), split_of("恒丰银行股份有限公司")
('dev', 'heldout')
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from graph.classify.candidates import PLACED
from graph.classify.propose import propose
from graph.classify.registry import read_registry

NON_MANUFACTURER_KINDS = ("service", "tricky")


def split_of(name: str) -> str:
    """'dev' or 'heldout' from the first byte of the SHA-1 of the name (about half each)."""
    return "dev" if hashlib.sha1(str(name).encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def _acceptable(row, strict: bool = False) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """(acceptable chains, acceptable (chain, segment) pairs, chains where any segment is fine); ``strict``
    ignores ``also_acceptable``."""
    chains, pairs, any_segment = set(), set(), set()
    chain = str(row.expected_chain or "")
    if chain:
        chains.add(chain)
        segments = [s for s in str(row.expected_segment or "").split(";") if s]
        pairs |= {(chain, s) for s in segments}
    for item in ("" if strict else str(row.also_acceptable or "")).split(";"):
        if ":" in item:
            other, segment = item.split(":", 1)
            chains.add(other)
            if segment:
                pairs.add((other, segment))
            else:
                any_segment.add(other)
    return chains, pairs, any_segment


def evaluate(truth: pd.DataFrame, proposals: pd.DataFrame, *, key: str = "firm_id", strict: bool = False) -> dict:
    """Metrics of ``proposals`` (rows with status ``proposed``) against ``truth`` (one row per firm, with ``key``);
    ``strict`` counts only ``expected_chain``/``expected_segment`` as right."""
    chosen = proposals[proposals["status"].isin(PLACED)]
    by_firm = {k: list(zip(g["chain_id"], g["segment_id"], strict=False)) for k, g in chosen.groupby(key)}
    truth = truth.fillna("")
    pairs = right_pairs = on_chain = recalled = outsiders = outsiders_placed = 0
    seg_pairs = seg_right = seg_firms = seg_recalled = 0
    for row in truth.itertuples(index=False):
        got = by_firm.get(getattr(row, key), [])
        chains, segments, any_segment = _acceptable(row, strict)
        got_chains = {c for c, _ in got}
        pairs += len(got_chains)
        right_pairs += len(got_chains & chains)
        if row.expected_chain:
            on_chain += 1
            recalled += bool(got_chains & chains)
        elif row.kind in NON_MANUFACTURER_KINDS:
            outsiders += 1
            outsiders_placed += bool(got)
        known = {c for c, _ in segments} | any_segment        # chains whose right segments are labelled
        for c, seg in got:
            if not seg:                                       # chain only: no segment to judge
                continue
            if c not in chains:                               # wrong chain: wrong segment too
                seg_pairs += 1
            elif c in known:
                seg_pairs += 1
                seg_right += (c, seg) in segments or c in any_segment
        if segments:
            seg_firms += 1
            seg_recalled += any(pair in segments for pair in got)

    def ratio(a, b):
        return round(a / b, 3) if b else None

    return {"firms": len(truth), "chain_precision": ratio(right_pairs, pairs), "chain_recall": ratio(recalled, on_chain),
            "non_manufacturers_placed": ratio(outsiders_placed, outsiders),
            "segment_precision": ratio(seg_right, seg_pairs), "segment_recall": ratio(seg_recalled, seg_firms),
            "counts": {"proposed_chain_pairs": pairs, "on_chain_firms": on_chain, "non_manufacturers": outsiders,
                       "non_manufacturers_placed": outsiders_placed, "segment_pairs": seg_pairs,
                       "segment_labelled_firms": seg_firms}}


BINS = (0.0, 0.3, 0.5, 0.7, 0.9, 1.0)


def reliability(truth: pd.DataFrame, proposals: pd.DataFrame, *, key: str = "firm_id") -> pd.DataFrame:
    """Calibration: chain-level precision of every candidate (any status but runner-up) per confidence bin."""
    right = {getattr(row, key): _acceptable(row)[0] for row in truth.fillna("").itertuples(index=False)}
    cands = proposals[proposals["status"] != "runner_up"].drop_duplicates([key, "chain_id"])
    cands = cands[cands[key].isin(right)]
    table = pd.DataFrame({"bin": pd.cut(cands["confidence"], list(BINS), include_lowest=True),
                          "confidence": cands["confidence"],
                          "right": [c in right[f] for f, c in zip(cands[key], cands["chain_id"], strict=False)]})
    return (table.groupby("bin", observed=True)
            .agg(candidates=("right", "size"), mean_confidence=("confidence", "mean"), precision=("right", "mean"))
            .round(3).reset_index())


def labelled_proposals(path: str | Path, rules, *, threshold: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(truth table with firm_id = name, proposals) for a labelled registry such as names_and_labels.csv."""
    table = pd.read_csv(path, dtype=str, encoding="utf-8-sig").fillna("")
    frame = pd.DataFrame({"firm_id": table["企业名称"], "name": table["企业名称"],
                          "industry": table.get("所属行业", ""), "products": table.get("主营产品", ""),
                          "scope": table.get("经营范围", "")})
    table["firm_id"] = table["企业名称"]
    return table, propose(frame, rules, threshold=threshold)


def measure(path: str | Path, rules, *, threshold: float) -> dict[str, dict]:
    """Metrics of the rules on a labelled registry, keyed 'dev', 'heldout', 'dev strict', 'heldout strict'."""
    table, proposals = labelled_proposals(path, rules, threshold=threshold)
    halves = table["firm_id"].map(split_of)
    return {f"{half}{' strict' if strict else ''}": evaluate(table[halves == half], proposals, strict=strict)
            for strict in (False, True) for half in ("dev", "heldout")}


def registry_proposals(path: str | Path, rules, *, threshold: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(truth table with firm_id, proposals) for a labelled registration export such as
    tests/data/registry_real/labelled_other.csv: read by the registry reader, as a user's file is."""
    registry = read_registry(path)
    table = pd.read_csv(path, dtype=str, encoding="utf-8-sig").fillna("")
    table["row"] = range(2, len(table) + 2)
    truth = table.merge(registry.frame[["row", "firm_id"]], on="row", how="inner")
    return truth, propose(registry.frame, rules, threshold=threshold)
