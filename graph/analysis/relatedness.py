"""Location quotients, strengths (锻长板) and extension (延链) by relatedness density.

The region × segment matrix X holds revenue (firm counts where no revenue is given) of every
province in the data in every segment of every chain. From it (Hidalgo et al., Science 2007):

- RCA / location quotient  LQ_rs = (X_rs / Σ_s X_rs) / (Σ_r X_rs / Σ X);  M_rs = 1 where LQ_rs ≥ 1;
- proximity  φ_ss' = Σ_r M_rs M_rs' / max(k_s, k_s'),  k_s = Σ_r M_rs (ubiquity);
- density  ω_rs = Σ_s' M_rs' φ_ss' / Σ_s' φ_ss'  (how much of what is related to s the region has).

Strengths are judged only against a reference: the dataset's benchmark (``benchmark.csv``: national or other
reference totals per segment), LQ_s = (X_region,s / Σ X_region) / (B_s / Σ B). A dataset without one is not its
own reference (a registry of local firms gives every segment LQ 1): it gets no strengths, and the note
``note_no_lq_reference``. Revenue LQs are computed only when the region's firms have revenue and the benchmark
has it (else None, and strengths are judged on firm counts). Relatedness (M, φ, ω) for extension always uses the
regions in the data.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> lq = location_quotients(Facts.from_dataset(read_dataset("data/demo")))
>>> bool(lq.loc["山东省", "agri_machinery/tractors"] > 0)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph.analysis.reasons import reason
from graph.analysis.segments import segment_table
from graph.analysis.settings import DEFAULT, Settings


def region_segment_matrix(facts, *, measure: str = "revenue") -> pd.DataFrame:
    """Provinces × segments ("chain/segment") of revenue (``measure='revenue'``) or firm counts ('firms')."""
    return facts.memo(("region_segment_matrix", measure), lambda: _region_segment_matrix(facts, measure)).copy()


def _region_segment_matrix(facts, measure: str) -> pd.DataFrame:
    m = facts.memberships
    columns = sorted(f"{c.id}/{s.id}" for c in facts.chains for s in c.segments)
    cells = pd.DataFrame({"region": facts.column("province")[m["firm"].to_numpy()],
                          "column": m["chain_id"].astype(object) + "/" + m["segment_id"].astype(object),
                          "value": m["revenue_in"] if measure == "revenue" else 1.0})
    sums = cells.groupby(["region", "column"])["value"].sum()
    regions = sorted(set(sums.index.get_level_values(0)) | {facts.region})
    matrix = sums.unstack(fill_value=0.0).reindex(index=regions, columns=columns, fill_value=0.0)
    return matrix.astype(float)


def location_quotients(X, *, measure: str = "revenue") -> pd.DataFrame:
    """LQ/RCA of every region in every segment (0 where a region or segment is empty);
    ``X`` is a region × segment matrix, or facts / a graph / a dataset to build it from."""
    if not isinstance(X, pd.DataFrame):
        X = region_segment_matrix(X, measure=measure)
    values = X.to_numpy(dtype=float)
    total = values.sum()
    region_totals = values.sum(axis=1, keepdims=True)
    segment_totals = values.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (values / region_totals) / (segment_totals / total)
    return pd.DataFrame(np.nan_to_num(lq, nan=0.0, posinf=0.0), index=X.index, columns=X.columns)


def benchmark_quotients(facts, *, measure: str = "revenue") -> pd.Series | None:
    """LQ of the home region in every segment against the dataset's benchmark (None without one, or
    when the benchmark has no positive ``measure`` column): (X_s / Σ X) / (B_s / Σ B) over the
    benchmark's segments."""
    bench = facts.benchmark
    if bench is None or bench[measure].fillna(0.0).sum() <= 0:
        return None
    b = pd.Series(bench[measure].fillna(0.0).to_numpy(), index=bench["chain_id"] + "/" + bench["segment_id"])
    b = b.groupby(level=0).sum()
    x = region_segment_matrix(facts, measure=measure).loc[facts.region].reindex(b.index, fill_value=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (x / x.sum()) / (b / b.sum()) if x.sum() > 0 else x * 0.0
    return lq.replace([np.inf, -np.inf], np.nan).fillna(0.0)


def home_quotients(facts, measure: str) -> tuple[pd.Series | None, str]:
    """The home region's LQ per segment against the benchmark and the reference used: ("benchmark"), or
    (None, "none") without a benchmark holding ``measure``, or when the region has none of it (no revenue).

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> home_quotients(Facts.from_dataset(read_dataset("tests/data/golden/province")), "firms")[1]
    'benchmark'
    """
    against = benchmark_quotients(facts, measure=measure)
    if against is None or (measure == "revenue" and not region_has_revenue(facts)):
        return None, "none"
    return against, "benchmark"


def region_has_revenue(facts) -> bool:
    """Whether any of the home region's memberships carries revenue (else revenue LQs are not shown)."""
    return bool(facts.memo(("region_has_revenue",), lambda: float(
        facts.memberships["revenue_in"].to_numpy()[facts.local[facts.memberships["firm"].to_numpy()]].sum()) > 0))


def proximity(M: pd.DataFrame) -> pd.DataFrame:
    """φ between segments from a binary region × segment matrix."""
    m = M.to_numpy(dtype=float)
    co = m.T @ m
    ubiquity = m.sum(axis=0)
    denominator = np.maximum.outer(ubiquity, ubiquity)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(denominator > 0, co / denominator, 0.0)
    return pd.DataFrame(phi, index=M.columns, columns=M.columns)


def density(M: pd.DataFrame, phi: pd.DataFrame | None = None) -> pd.DataFrame:
    """ω of every region in every segment."""
    phi = proximity(M) if phi is None else phi
    p = phi.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        omega = (M.to_numpy(dtype=float) @ p) / p.sum(axis=0)
    return pd.DataFrame(np.nan_to_num(omega, nan=0.0), index=M.index, columns=M.columns)


def strengths(facts, chain_id: str, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """Segments where the region is specialised against the benchmark (LQ ≥ threshold on revenue or on firm
    counts). No benchmark: no rows (see :func:`lq_reference`). ``lq_revenue`` is None when there is no revenue.

    Returns
    -------
    strengths : pandas.DataFrame
        One row per strength, highest LQ first (RangeIndex). ``segment_id``, ``name``, ``name_en``, ``stage`` (str);
        ``lq_revenue``, ``lq_firms`` (float, 4 decimals, None when that measure has no reference); ``local_firms``
        (int); ``local_share`` (float: local revenue / all revenue in the segment, None without revenue);
        ``lq_reference`` (str, :func:`lq_reference`); ``reasons`` (list of reason dicts: a ``code`` and its numbers,
        graph.analysis.reasons).

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> strengths(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery")["lq_reference"].unique().tolist()
    ['benchmark']
    """
    lq_revenue, _ = home_quotients(facts, "revenue")
    lq_firms, _ = home_quotients(facts, "firms")
    reference = lq_reference(facts)
    rows = []
    if lq_revenue is None and lq_firms is None:
        return pd.DataFrame(rows, columns=STRENGTH_COLUMNS)
    for s, row in segment_table(facts, chain_id).iterrows():
        column = f"{chain_id}/{s}"
        by_revenue = None if lq_revenue is None else float(lq_revenue.get(column, 0.0))
        by_firms = None if lq_firms is None else float(lq_firms.get(column, 0.0))
        if row["local_firms"] < settings.strength_min_local_firms:
            continue
        if max(v for v in (by_revenue, by_firms) if v is not None) < settings.strength_min_lq:
            continue
        if by_revenue is None:
            local_share = None
            reasons = [reason("strength_lq_firms", lq_firms=round(by_firms, 2))]
        else:
            share = row["local_revenue"] / row["total_revenue"] if row["total_revenue"] else 0.0
            local_share = round(share, 4)
            reasons = [reason("strength_lq", lq_revenue=round(by_revenue, 2),
                              lq_firms=None if by_firms is None else round(by_firms, 2), local_share=round(share, 3))]
        rows.append({"segment_id": s, "name": row["name"], "name_en": row["name_en"], "stage": row["stage"],
                     "lq_revenue": None if by_revenue is None else round(by_revenue, 4),
                     "lq_firms": None if by_firms is None else round(by_firms, 4),
                     "local_firms": int(row["local_firms"]), "local_share": local_share,
                     "lq_reference": reference, "reasons": reasons})
    frame = pd.DataFrame(rows, columns=STRENGTH_COLUMNS)
    order = frame["lq_revenue"] if lq_revenue is not None else frame["lq_firms"]
    frame = frame.assign(_o=pd.to_numeric(order, errors="coerce"))
    return frame.sort_values(["_o", "segment_id"], ascending=[False, True], ignore_index=True).drop(columns="_o")


STRENGTH_COLUMNS = ["segment_id", "name", "name_en", "stage", "lq_revenue", "lq_firms", "local_firms", "local_share",
                    "lq_reference", "reasons"]


def lq_reference(facts) -> str:
    """What strengths' location quotients are computed against, for the JSON: "benchmark", or "none" (no
    benchmark: no strengths). A benchmark with only one of the measures says which: "revenue: none, firms: benchmark".

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> lq_reference(Facts.from_dataset(read_dataset("data/demo")))
    'benchmark'
    """
    bench = facts.benchmark
    if bench is None:
        return "none"
    revenue, firms = (("benchmark" if benchmark_quotients(facts, measure=m) is not None else "none")
                      for m in ("revenue", "firms"))
    return revenue if revenue == firms else f"revenue: {revenue}, firms: {firms}"


def strength_notes(facts) -> list[dict]:
    """Notes on what strengths could not use: no reference at all, or no revenue (LQs on firm counts only).

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> [n["code"] for n in strength_notes(Facts.from_dataset(read_dataset("data/demo")))]
    []
    """
    revenue, _ = home_quotients(facts, "revenue")
    firms, _ = home_quotients(facts, "firms")
    if revenue is None and firms is None:
        return [reason("note_no_lq_reference")]
    if revenue is None and not region_has_revenue(facts):
        return [reason("note_no_revenue_lq")]
    return []


def specialisation(facts, threshold: float) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(LQ on revenue, M = LQ ≥ threshold, the home region's density ω) among the data's regions, computed
    once per facts and threshold."""

    def compute():
        lq = location_quotients(facts, measure="revenue")
        M = (lq >= threshold).astype(float)
        return lq, M, density(M).loc[facts.region]

    return facts.memo(("specialisation", threshold), compute)


def extension(facts, chain_id: str, *, settings: Settings = DEFAULT,
              strength_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """延链 candidates: segments next to the region's strengths (upstream or downstream) in which the
    region is not specialised (M = 0), ranked by relatedness density ω.

    Returns
    -------
    extension : pandas.DataFrame
        At most ``settings.extension_top`` rows, highest ``density`` first (RangeIndex). ``segment_id``, ``name``,
        ``name_en``, ``stage`` (str); ``density`` (float, ω in [0, 1], 4 decimals); ``lq_revenue`` (float, the
        region's LQ among the data's regions); ``local_firms`` (int); ``feeds_strengths``, ``fed_by_strengths``
        (list of segment ids); ``reasons`` (list of reason dicts: a ``code`` and its numbers,
        graph.analysis.reasons).
    """
    region = facts.region
    lq, M, omega = specialisation(facts, settings.specialised_min_lq)
    if strength_frame is None:
        strength_frame = strengths(facts, chain_id, settings=settings)
    strong = set(strength_frame["segment_id"])
    dag = facts.chain(chain_id).dag
    table = segment_table(facts, chain_id)
    rows = []
    for s in sorted(dag.nodes):
        column = f"{chain_id}/{s}"
        if M.loc[region, column] or s in strong:
            continue
        upstream_of = sorted(t for t in dag.successors(s) if t in strong)
        downstream_of = sorted(t for t in dag.predecessors(s) if t in strong)
        if not upstream_of and not downstream_of:
            continue
        row = table.loc[s]
        reasons = []
        if upstream_of:
            reasons.append(reason("extension_upstream_of", strengths="、".join(table.loc[upstream_of, "name"])))
        if downstream_of:
            reasons.append(reason("extension_downstream_of", strengths="、".join(table.loc[downstream_of, "name"])))
        reasons.append(reason("extension_density", density=round(float(omega[column]), 3)))
        if row["local_firms"] == 0:
            reasons.append(reason("gap_no_local_firm", other_firms=int(row["other_firms"])))
        rows.append({"segment_id": s, "name": row["name"], "name_en": row["name_en"], "stage": row["stage"],
                     "density": round(float(omega[column]), 4), "lq_revenue": round(float(lq.loc[region, column]), 4),
                     "local_firms": int(row["local_firms"]), "feeds_strengths": upstream_of,
                     "fed_by_strengths": downstream_of, "reasons": reasons})
    frame = pd.DataFrame(rows, columns=["segment_id", "name", "name_en", "stage", "density", "lq_revenue",
                                        "local_firms", "feeds_strengths", "fed_by_strengths", "reasons"])
    frame = frame.sort_values(["density", "segment_id"], ascending=[False, True], ignore_index=True)
    return frame.head(settings.extension_top)
