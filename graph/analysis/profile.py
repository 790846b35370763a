"""A firm's profile (企业画像): its roles in every chain it belongs to, its partners, what losing it would
break, and its projects — pure functions of :class:`graph.facts.Facts` and the chains' analyses
(``results``: chain id -> :class:`graph.analysis.summary.ChainAnalysis`, as ``analyze`` returns them).

>>> from graph.analysis.summary import analyze
>>> from graph.store import MemoryStore
>>> facts = MemoryStore.from_path("data/demo").facts()
>>> results = analyze(facts, chain="agri_machinery")
>>> first = results["agri_machinery"].leaders["firm_id"].iloc[0]
>>> int(firm_roles(facts, first, results)["leader_rank"].iloc[0])
1
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from graph.analysis.resilience import what_if

ROLE_COLUMNS = ["chain_id", "segments", "local", "leader_rank", "leaders_ranked", "key_supplier_rank",
                "local_customers", "sole_supplier_of", "sole_supplier_weak"]
TARGET_COLUMNS = ["chain_id", "segment_id", "segment_name", "segment_name_en", "why", "rank", "score", "reasons"]
PARTNER_COLUMNS = ["firm_id", "name", "local", "province", "city", "chains", "amount", "revenue"]
LOSS_COLUMNS = ["chain_id", "new_gaps", "cascade_gaps", "cut_off", "failed"]
PROJECT_COLUMNS = ["project_id", "name", "chain_id", "segment_id", "city", "stage", "investment"]


def firm_chains(facts, firm_id: str) -> dict[str, list[str]]:
    """Chain id -> the firm's segment ids in it, in chain-map order; chains sorted by id. KeyError for an
    unknown firm id.

    Returns
    -------
    chains : dict
        chain id (str) -> list of segment ids (str); only the chains the firm belongs to.
    """
    code = facts.firm_code.get_loc(firm_id)
    return {c: facts.chain(c).segments_of[code] for c in facts.chain_ids() if code in facts.chain(c).segments_of}


def _rank_of(frame: pd.DataFrame, firm_id: str):
    hit = frame.loc[frame["firm_id"] == firm_id, "rank"]
    return int(hit.iloc[0]) if len(hit) else None


def firm_roles(facts, firm_id: str, results: Mapping) -> pd.DataFrame:
    """One row per chain the firm belongs to (chains in ``results`` only): its segments; ``leader_rank`` among
    the chain's ``leaders_ranked`` local firms (None when not local); ``key_supplier_rank`` among the key
    supporting firms (重点配套; None when not among them) with its ``local_customers`` and ``sole_supplier_of``
    (local customers with no other local supplier); ``sole_supplier_weak``: weak links in which it is the
    single local supplier (单点风险).

    Returns
    -------
    roles : pandas.DataFrame
        One row per chain (RangeIndex). ``chain_id`` (str); ``segments`` (list of segment ids); ``local`` (bool);
        ``leader_rank`` (int, None when not ranked); ``leaders_ranked`` (int); ``key_supplier_rank`` (int, None when
        not a key supporting firm); ``local_customers``, ``sole_supplier_of`` (int); ``sole_supplier_weak`` (list of
        segment ids).
    """
    code = facts.firm_code.get_loc(firm_id)
    rows = []
    for chain_id, segments in firm_chains(facts, firm_id).items():
        if chain_id not in results:
            continue
        result = results[chain_id]
        chain = facts.chain(chain_id)
        sole_weak = [s for s, reasons in zip(result.weak_links["segment_id"], result.weak_links["reasons"], strict=True)
                     if any(r["code"] == "single_local_supplier" and r["firm_id"] == firm_id for r in reasons)]
        local = bool(facts.local[code])
        customers = chain.pairs.loc[chain.pairs["supplier"] == code, "customer"].to_numpy()
        customers = customers[chain.local[customers]]
        rows.append({"chain_id": chain_id, "segments": segments, "local": local,
                     "leader_rank": _rank_of(result.leaders, firm_id), "leaders_ranked": len(result.leaders),
                     "key_supplier_rank": _rank_of(result.key_suppliers, firm_id),
                     "local_customers": len(customers),
                     "sole_supplier_of": int((chain.local_suppliers[customers] == 1).sum()) if local else 0,
                     "sole_supplier_weak": sole_weak})
    return pd.DataFrame(rows, columns=ROLE_COLUMNS)


def firm_targets(firm_id: str, results: Mapping) -> pd.DataFrame:
    """The gaps and weak links the firm is an attraction target for (招商), with its rank there and the reasons.

    Returns
    -------
    targets : pandas.DataFrame
        One row per (chain, segment), chains in the order of ``results`` (RangeIndex). ``chain_id``, ``segment_id``,
        ``segment_name``, ``segment_name_en``, ``why`` (str, "gap" or "weak"); ``rank`` (int); ``score`` (float);
        ``reasons`` (list of reason dicts), as in :func:`graph.analysis.targets.attraction_targets`.
    """
    frames = [r.targets.loc[r.targets["firm_id"] == firm_id].assign(chain_id=c) for c, r in results.items()]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    return pd.concat(frames, ignore_index=True)[TARGET_COLUMNS]


def firm_partners_all(facts, firm_id: str, *, direction: str = "suppliers") -> pd.DataFrame:
    """The firm's suppliers (``direction='suppliers'``) or customers over all supply rows: the chains the
    rows are tagged with (untagged rows add none) and the summed amount (NaN when no row has one); local
    firms first, then by amount and revenue (largest first), then firm id.

    Returns
    -------
    partners : pandas.DataFrame
        One row per partner (RangeIndex). ``firm_id``, ``name`` (str); ``local`` (bool); ``province``, ``city``
        (str); ``chains`` (list of chain ids); ``amount`` (float, the supply rows' amounts summed, NaN without one);
        ``revenue`` (float, 万元).
    """
    code = facts.firm_code.get_loc(firm_id)
    supply = facts.supply_touching(code)
    mine, other = ("customer", "supplier") if direction == "suppliers" else ("supplier", "customer")
    rows = supply[supply[mine] == code]
    if rows.empty:
        return pd.DataFrame(columns=PARTNER_COLUMNS)
    grouped = rows.groupby(other, sort=True)
    codes = np.asarray(list(grouped.groups), dtype=np.int64)
    chains = grouped["chain_id"].agg(lambda s: sorted({c for c in s if c is not None}))
    amount = grouped["amount"].sum(min_count=1)
    frame = pd.DataFrame({"firm_id": facts.column("firm_id")[codes], "name": facts.column("name")[codes],
                          "local": facts.local[codes], "province": facts.column("province")[codes],
                          "city": facts.column("city")[codes], "chains": chains.loc[codes].tolist(),
                          "amount": amount.loc[codes].to_numpy(dtype=float),
                          "revenue": facts.column("revenue")[codes]}, columns=PARTNER_COLUMNS)
    order = pd.DataFrame({"l": ~frame["local"], "a": -frame["amount"].fillna(0.0), "r": -frame["revenue"].fillna(0.0),
                          "f": frame["firm_id"]})
    return frame.iloc[order.sort_values(["l", "a", "r", "f"], kind="stable").index].reset_index(drop=True)


def loss_effects(facts, firm_id: str) -> pd.DataFrame:
    """The what-if of losing the firm, per chain it belongs to: ``new_gaps``, ``cascade_gaps`` (segment ids),
    ``cut_off`` (local firms left with no local supplier) and ``failed`` (firms failing by cascade), by firm id.

    Returns
    -------
    effects : pandas.DataFrame
        One row per chain of the firm, chains sorted by id (RangeIndex). ``chain_id`` (str); ``new_gaps``,
        ``cascade_gaps`` (list of segment ids); ``cut_off``, ``failed`` (list of firm ids), as
        :func:`graph.analysis.resilience.what_if` gives them.
    """
    rows = []
    for chain_id in firm_chains(facts, firm_id):
        outcome = what_if(facts, chain_id, remove_firms=[firm_id])
        rows.append({"chain_id": chain_id, "new_gaps": outcome["new_gaps"], "cascade_gaps": outcome["cascade_gaps"],
                     "cut_off": outcome["cut_off"], "failed": list(outcome["failed"])})
    return pd.DataFrame(rows, columns=LOSS_COLUMNS)


def firm_projects(facts, firm_id: str) -> pd.DataFrame:
    """The projects that name the firm, by project id.

    Returns
    -------
    projects : pandas.DataFrame
        One row per project (RangeIndex). ``project_id``, ``name``, ``chain_id``, ``segment_id``, ``city``,
        ``stage`` (str); ``investment`` (float, 亿元, NaN if not given).
    """
    projects = facts.projects
    frame = projects.loc[projects["firm_id"] == firm_id, PROJECT_COLUMNS]
    return frame.sort_values("project_id", ignore_index=True)
