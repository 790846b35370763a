"""外迁预警 Risk signals per local firm, from two years of one region, graded 关注 / 警示 / 挽留.

Pure functions of two :class:`graph.facts.Facts` (the older year and the newer one) and :class:`Settings`.
Firms are matched across the years as the year-over-year diff matches them (firm id, else credit code, else
normalised name: :func:`graph.analysis.diff.match_firms`). Every local firm of the older year that belongs to a
chain is looked at; per (chain, firm) the signals, each a reason (a code plus its numbers, old → new and the
change), are:

- firm-wide: ``risk_gone`` (not in the newer year), ``risk_moved_out`` (province changed: no longer local),
  ``risk_moved_city`` (city changed within the region), ``risk_revenue_fall`` / ``risk_employees_fall`` (fell by
  at least ``risk_revenue_fall`` / ``risk_employees_fall``; "severe" from the ``*_severe`` thresholds);
- per chain (firms still local in the newer year): ``risk_segments_left`` (segments of the chain it no longer
  operates in), ``risk_customers_lost`` / ``risk_suppliers_lost`` (local customers or suppliers in the chain it no
  longer trades with, at least ``risk_partners_lost_min`` and ``risk_partners_lost_share`` of them),
  ``risk_supply_outside`` (it buys from fewer local and more non-local suppliers in the chain, its local share of
  suppliers falling by at least ``risk_supply_shift``).

Score = Σ points of the signals (``risk_points``; a severe fall adds ``risk_points['severe']``) × the firm's role
weight in the older year (``risk_role_weights``, the largest that applies, 1.0 for none): ``leader`` (a 链主: rank ≤
``risk_leader_top`` or tagged 链主), ``key_supplier`` (重点配套, rank ≤ ``risk_key_supplier_top``), ``sole_local``
(the what-if of removing it (:func:`graph.analysis.resilience.what_if`) opens a gap or cuts a local firm off from
local supply). Grade: 挽留 when score ≥ ``risk_grade_retain`` and the firm has a role; 警示 when score ≥
``risk_grade_warn``; else 关注. Firms without a signal are not listed.

>>> from graph.facts import Facts
>>> from graph.model import Chain, Dataset, DatasetMeta, Firm, FirmSegment, Segment, records_table
>>> def year(revenue):
...     chain = Chain("c", "链", "Chain", (Segment("a", "环节a", "Segment a", "upstream"),), ())
...     firms = records_table([Firm("A", "甲", "山东省", "济南市", revenue=revenue)], "firms")
...     links = records_table([FirmSegment("A", "c", "a")], "firm_segments")
...     return Facts.from_dataset(Dataset(DatasetMeta("d", "山东省", "s"), [chain], firms, links,
...                                       records_table([], "supply"), records_table([], "projects")))
>>> r = risk_table(year(100.0), year(50.0))
>>> r.table[["firm_id", "grade", "score", "roles"]].to_dict("records")
[{'firm_id': 'A', 'grade': '挽留', 'score': 4.0, 'roles': ['leader', 'sole_local']}]
>>> risk_table(year(100.0)).needs_two_years
True
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from graph.analysis.diff import match_firms
from graph.analysis.leaders import key_suppliers, leaders
from graph.analysis.reasons import reason
from graph.analysis.resilience import what_if
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.source import as_facts
from graph.messages import t

GRADES = ("挽留", "警示", "关注")        # most severe first
SIGNALS = ("risk_gone", "risk_moved_out", "risk_moved_city", "risk_revenue_fall", "risk_employees_fall",
           "risk_segments_left", "risk_customers_lost", "risk_suppliers_lost", "risk_supply_outside")
ROLES = ("leader", "key_supplier", "sole_local")
COLUMNS = ["chain_id", "firm_id", "name", "city", "new_firm_id", "grade", "score", "points", "role_weight", "roles",
           "leader_rank", "key_supplier_rank", "new_gaps", "cut_off", "failed", "signals", "reasons"]


@dataclass(frozen=True)
class RiskResult:
    """``table``: one row per (chain, local firm of the older year) with at least one signal (:data:`COLUMNS`),
    most severe first; ``years``: (older, newer) or the one year; ``needs_two_years``: True with one year only
    (the table is then empty)."""

    table: pd.DataFrame
    years: tuple
    needs_two_years: bool = False

    def counts(self) -> dict[str, int]:
        """{grade: firms} over the table's rows."""
        return {g: int((self.table["grade"] == g).sum()) for g in GRADES}


def _change(old: float, new: float) -> float:
    return round(new / old - 1.0, 4)


def _present(value) -> bool:
    return value is not None and not pd.isna(value)


def _fall(kind: str, old, new, threshold: float, severe: float) -> dict | None:
    """A ``risk_<kind>_fall`` signal when ``new`` is at least ``threshold`` below ``old`` (> 0)."""
    if not (_present(old) and _present(new)) or old <= 0:
        return None
    change = _change(float(old), float(new))
    if change > -threshold:
        return None
    return reason(f"risk_{kind}_fall", old=float(old), new=float(new), change=change, threshold=threshold,
                  severe=change <= -severe)


def firm_signals(old_row: dict, new_row: dict | None, region: str, settings: Settings = DEFAULT) -> list[dict]:
    """The firm-wide signals of one firm from its rows in the two years' firm tables (``new_row`` None: gone).

    >>> row = {"province": "山东省", "city": "济南市", "revenue": 100.0, "employees": 50.0}
    >>> [s["code"] for s in firm_signals(row, {**row, "city": "青岛市", "revenue": 70.0}, "山东省")]
    ['risk_moved_city', 'risk_revenue_fall']
    """
    if new_row is None:
        return [reason("risk_gone", revenue=old_row.get("revenue"))]
    where = {"old_province": old_row["province"], "old_city": old_row["city"] or "",
             "new_province": new_row["province"], "new_city": new_row["city"] or ""}
    if new_row["province"] != region:
        return [reason("risk_moved_out", **where)]
    out = []
    if (new_row["city"] or "") != (old_row["city"] or ""):
        out.append(reason("risk_moved_city", **where))
    for kind, column, threshold, severe in (
            ("revenue", "revenue", settings.risk_revenue_fall, settings.risk_revenue_fall_severe),
            ("employees", "employees", settings.risk_employees_fall, settings.risk_employees_fall_severe)):
        found = _fall(kind, old_row.get(column), new_row.get(column), threshold, severe)
        if found:
            out.append(found)
    return out


def _partners(chain, code: int, side: str) -> tuple[set[int], set[int]]:
    """(local, non-local) partner codes of ``code`` in the chain: its customers (``side='customer'``) or
    suppliers."""
    pairs = chain.pairs
    mine, other = ("supplier", "customer") if side == "customer" else ("customer", "supplier")
    found = pairs[other].to_numpy()[pairs[mine].to_numpy() == code]
    local = chain.local[found]
    return set(found[local].tolist()), set(found[~local].tolist())


def _segment_names(chain_map, ids: list[str]) -> dict:
    names = {s.id: (s.name, s.name_en) for s in chain_map.segments}
    return {"segments": "、".join(names[s][0] for s in ids), "segments_en": ", ".join(names[s][1] for s in ids)}


def chain_signals(old, new, chain_id: str, pairs: dict[int, int], settings: Settings = DEFAULT) -> dict[int, list]:
    """{old firm code: signals in the chain} for the chain's local firms of the older year that are still local
    in the newer one; ``pairs``: {old code: new code} of the matched firms."""
    before, after = old.chain(chain_id), new.chain(chain_id) if chain_id in new.chain_ids() else None
    chain_map = old.chain_map(chain_id)
    to_old = {n: o for o, n in pairs.items()}
    out: dict[int, list] = {}
    for code in before.firms.tolist():
        n = pairs.get(code)
        if not before.local[code] or n is None or not new.local[n]:
            continue
        signals = []
        old_segments = before.segments_of[code]
        new_segments = set(after.segments_of.get(n, [])) if after is not None else set()
        left = [s for s in old_segments if s not in new_segments]
        if left:
            signals.append(reason("risk_segments_left", old=len(old_segments), new=len(new_segments), left=left,
                                  **_segment_names(chain_map, left)))
        for side, code_name in (("customer", "risk_customers_lost"), ("supplier", "risk_suppliers_lost")):
            old_local, _ = _partners(before, code, side)
            new_local = set() if after is None else {to_old.get(p, -1 - p) for p in _partners(after, n, side)[0]}
            lost = old_local - new_local
            if (old_local and len(lost) >= settings.risk_partners_lost_min
                    and len(lost) / len(old_local) >= settings.risk_partners_lost_share):
                signals.append(reason(code_name, old=len(old_local), new=len(new_local), lost=len(lost),
                                      change=_change(len(old_local), len(new_local))))
        old_local, old_out = _partners(before, code, "supplier")
        new_local, new_out = _partners(after, n, "supplier") if after is not None else (set(), set())
        if old_local and len(new_local) < len(old_local) and len(new_out) > len(old_out):
            share_old = len(old_local) / (len(old_local) + len(old_out))
            share_new = len(new_local) / (len(new_local) + len(new_out))
            if share_old - share_new >= settings.risk_supply_shift:
                signals.append(reason("risk_supply_outside", local_old=len(old_local), local_new=len(new_local),
                                      outside_old=len(old_out), outside_new=len(new_out),
                                      share_old=round(share_old, 4), share_new=round(share_new, 4)))
        if signals:
            out[code] = signals
    return out


def _points(signals: list[dict], settings: Settings) -> float:
    points = settings.risk_points
    return float(sum(points[s["code"]] + (points["severe"] if s.get("severe") else 0.0) for s in signals))


def grade(score: float, has_role: bool, settings: Settings = DEFAULT) -> str:
    """The written rule: 挽留 from ``risk_grade_retain`` with a role; 警示 from ``risk_grade_warn``; else 关注.

    >>> grade(4.5, True), grade(4.5, False), grade(1.0, True)
    ('挽留', '警示', '关注')
    """
    if score >= settings.risk_grade_retain and has_role:
        return "挽留"
    return "警示" if score >= settings.risk_grade_warn else "关注"


def _rank(frame: pd.DataFrame, firm_id: str):
    hit = frame.loc[frame["firm_id"] == firm_id, "rank"]
    return int(hit.iloc[0]) if len(hit) and pd.notna(hit.iloc[0]) else None


def _roles(old, chain_id: str, firm_id: str, ranking: pd.DataFrame, supporting: pd.DataFrame,
           settings: Settings) -> tuple[list[str], list[dict], dict]:
    """The firm's roles in the chain in the older year, their reasons, and the what-if of losing it."""
    roles, reasons = [], []
    leader_rank = _rank(ranking, firm_id)
    tagged = "链主" in old.firms["tags"].iat[old.firm_code.get_loc(firm_id)]
    if (leader_rank is not None and leader_rank <= settings.risk_leader_top) or tagged:
        roles.append("leader")
        reasons.append(reason("risk_role_leader", rank=leader_rank if leader_rank is not None else "-"))
    supplier_rank = _rank(supporting, firm_id)
    if supplier_rank is not None and supplier_rank <= settings.risk_key_supplier_top:
        roles.append("key_supplier")
        reasons.append(reason("risk_role_key_supplier", rank=supplier_rank))
    loss = what_if(old, chain_id, remove_firms=[firm_id])
    if loss["new_gaps"] or loss["cut_off"]:
        roles.append("sole_local")
        reasons.append(reason("risk_role_sole", gaps=len(loss["new_gaps"]), cut_off=len(loss["cut_off"]),
                              **_segment_names(old.chain_map(chain_id), loss["new_gaps"])))
    return roles, reasons, {"leader_rank": leader_rank, "key_supplier_rank": supplier_rank, **loss}


def risk_table(older, newer=None, *, chain: str | None = None, settings: Settings = DEFAULT) -> RiskResult:
    """The risk list of ``older`` → ``newer`` (Facts or datasets of one region), of one chain or all.

    With ``newer`` None the result says risk needs two years (``needs_two_years``, empty table).

    Returns
    -------
    result : RiskResult
        ``years`` (tuple: the older and newer ``meta.year``, or the one year); ``needs_two_years`` (bool); ``table``
        (pandas.DataFrame): one row per (chain, local firm of the older year) with a signal, by grade (挽留, 警示, 关注),
        then score (highest first), chain and firm id (RangeIndex). ``chain_id``, ``firm_id`` (older year),
        ``name``, ``city`` (str); ``new_firm_id`` (str, None when the firm is gone); ``grade`` (str); ``score``,
        ``points``, ``role_weight`` (float); ``roles`` (list of str: leader, key_supplier, sole_local);
        ``leader_rank``, ``key_supplier_rank`` (Int64, <NA> when not ranked); ``new_gaps`` (list of segment ids,
        what-if of losing it); ``cut_off``, ``failed`` (int, firms); ``signals`` (list of reason dicts, the signals
        only); ``reasons`` (list of reason dicts: the grade, the signals, the roles).
    """
    old = as_facts(older)
    if newer is None:
        return RiskResult(pd.DataFrame(columns=COLUMNS), (old.meta.year,), needs_two_years=True)
    new = as_facts(newer)
    region = old.region
    match = match_firms(old.firms, new.firms)                    # {new id: old id}
    old_to_new = {o: n for n, o in match.items()}
    pairs = {int(old.firm_code.get_loc(o)): int(new.firm_code.get_loc(n)) for o, n in old_to_new.items()}
    firm_cols = ["firm_id", "name", "province", "city", "revenue", "employees"]
    old_rows = old.firms[firm_cols].to_dict("records")
    new_rows = new.firms[firm_cols].to_dict("records")
    firm_wide: dict[int, list] = {}
    rows = []
    for chain_id in ([chain] if chain else old.chain_ids()):
        before = old.chain(chain_id)
        local_codes = [c for c in before.firms.tolist() if before.local[c]]
        per_chain = chain_signals(old, new, chain_id, pairs, settings)
        ranking = supporting = None
        for code in local_codes:
            if code not in firm_wide:
                n = pairs.get(code)
                firm_wide[code] = firm_signals(old_rows[code], None if n is None else new_rows[n], region, settings)
            signals = firm_wide[code] + per_chain.get(code, [])
            if not signals:
                continue
            if ranking is None:
                ranking = leaders(old, chain_id, settings=settings)
                supporting = key_suppliers(old, chain_id, settings=settings, ranking=ranking)
            firm_id = old_rows[code]["firm_id"]
            roles, role_reasons, loss = _roles(old, chain_id, firm_id, ranking, supporting, settings)
            weight = max((settings.risk_role_weights[r] for r in roles), default=1.0)
            points = _points(signals, settings)
            score = round(points * weight, 4)
            level = grade(score, bool(roles), settings)
            n = pairs.get(code)
            rows.append({"chain_id": chain_id, "firm_id": firm_id, "name": old_rows[code]["name"],
                         "city": old_rows[code]["city"], "new_firm_id": None if n is None else new_rows[n]["firm_id"],
                         "grade": level, "score": score, "points": points, "role_weight": weight, "roles": roles,
                         "leader_rank": loss["leader_rank"], "key_supplier_rank": loss["key_supplier_rank"],
                         "new_gaps": loss["new_gaps"], "cut_off": len(loss["cut_off"]), "failed": len(loss["failed"]),
                         "signals": signals,
                         "reasons": [reason("risk_grade", grade=level, grade_en=t(f"risk_grade_{level}", "en"), score=score,
                                            points=points, weight=weight), *signals, *role_reasons]})
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("leader_rank", "key_supplier_rank"):
        table[column] = table[column].astype("Int64")
    if len(table):
        order = pd.DataFrame({"g": table["grade"].map(GRADES.index), "s": -table["score"], "c": table["chain_id"],
                              "f": table["firm_id"]})
        table = table.iloc[order.sort_values(["g", "s", "c", "f"], kind="stable").index].reset_index(drop=True)
    return RiskResult(table, (old.meta.year, new.meta.year))


def firm_risks(result: RiskResult, firm_id: str) -> pd.DataFrame:
    """The rows of one firm, found by its id in either year.

    Returns
    -------
    rows : pandas.DataFrame
        The rows of ``result.table`` whose ``firm_id`` or ``new_firm_id`` is ``firm_id``, in table order
        (RangeIndex), with its columns (see :func:`risk_table`): ``chain_id``, ``firm_id``, ``name``, ``city``,
        ``new_firm_id``, ``grade``, ``score``, ``points``, ``role_weight``, ``roles``, ``leader_rank``,
        ``key_supplier_rank``, ``new_gaps``, ``cut_off``, ``failed``, ``signals``, ``reasons``.
    """
    table = result.table
    return table[(table["firm_id"] == firm_id) | (table["new_firm_id"] == firm_id)].reset_index(drop=True)


def signal_codes(table: pd.DataFrame) -> list[list[str]]:
    """The signal codes of each row (for tests and summaries)."""
    return [[s["code"] for s in signals] for signals in table["signals"]]
