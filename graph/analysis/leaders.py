"""Chain leaders (链主) and key supporting firms (重点配套).

Leader score = Σ weight · component / max(component over the chain's local firms), with
components: size share in the chain (``revenue_share``: the firm's share of the chain's local size on the
chain's one size basis, :func:`leader_basis` — revenue unless most local firms lack it, then registered capital,
then employees; never a mix); PageRank on supplier→customer edges (rewards integrators that many supply flows
reach); PageRank on the reversed edges (rewards critical suppliers); distinct local partners; segments covered;
tags (链主 itself excluded, so the agreement with firms already tagged 链主 is a real check). A membership counts
by how sure it is: its size and its segment are scaled by its ``confidence`` (firm_segments.csv from
``classify``; absent = 1.0, a person's data). Equal scores (to the 6 decimals shown) share a rank (1, 2, 2, 4);
rows of a tie are listed by size, then name. Without supply data the three supply components are left out and the
other weights are rescaled to sum to what they summed to with them. With nothing to rank by (no size measure, no
supply link, no tag) no ranking is made: :func:`leaders` lists the firms tagged 链主, unranked.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> ranking = leaders(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery")
>>> ranking["rank"].tolist()[:3], ranking["size_basis"].iloc[0]
([1, 2, 3], 'revenue')
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from graph.analysis.pagerank import chain_pagerank
from graph.analysis.reasons import reason
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.size import SIZE_BASES, basis_label, size_basis
from graph.facts import attributed_revenue, sorted_unique, text_series

COMPONENTS = ("revenue_share", "pagerank_integrator", "pagerank_supplier", "local_partners", "segments_covered",
              "tag_score")
SUPPLY_COMPONENTS = ("pagerank_integrator", "pagerank_supplier", "local_partners")
COLUMNS = ["rank", "firm_id", "name", "city", "score", "revenue", "size_basis", "size", "confidence", "tags",
           "tagged_leader", "segments", *COMPONENTS, "components", "reasons"]
SUPPLIER_COLUMNS = ["rank", "firm_id", "name", "city", "score", "segments", "local_customers", "leaders_supplied",
                    "sole_supplier_of", "tags", "revenue", "reasons"]


def tag_score(tags, settings: Settings = DEFAULT) -> float:
    """Sum of tag values (Settings.tag_values), capped at 1.

    >>> tag_score(("上市", "专精特新"))
    0.7
    """
    return min(1.0, sum(settings.tag_values.get(t, 0.0) for t in tags or ()))


def effective_weights(settings: Settings, supply_present: bool) -> dict[str, float]:
    """Leader weights; without supply data the supply components get 0 and the rest are rescaled.

    >>> round(effective_weights(Settings(), False)["revenue_share"], 6)
    0.7
    """
    weights = {c: float(settings.leader_weights.get(c, 0.0)) for c in COMPONENTS}
    if supply_present:
        return weights
    kept = sum(w for c, w in weights.items() if c not in SUPPLY_COMPONENTS)
    scale = sum(weights.values()) / kept if kept else 0.0
    return {c: 0.0 if c in SUPPLY_COMPONENTS else w * scale for c, w in weights.items()}


def leader_basis(facts, chain_id: str, *, settings: Settings = DEFAULT) -> dict:
    """What the chain's leaders can be ranked by: the size basis of its local firms (:func:`graph.analysis.size.size_basis`:
    ``size_basis`` revenue | registered_capital | employees | None, ``firms_with`` it, ``firms_without``), whether
    supply links touch its local firms, whether any local firm has a tag with a value, and ``rankable``: any of
    the three. ``needs`` names what would make an unrankable chain rankable.

    Returns
    -------
    basis : dict
        ``size_basis`` (str: "revenue", "registered_capital" or "employees"; None when no local firm has one),
        ``size_basis_zh``, ``size_basis_en`` (str, its label), ``firms_with``, ``firms_without`` (int, local firms
        with and without that measure), ``local_firms`` (int), ``supply`` (bool: supply links touch a local firm),
        ``tags`` (bool: a local firm has a tag with a value), ``rankable`` (bool), ``needs`` (list of str, empty
        when rankable).

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> b = leader_basis(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery")
    >>> b["size_basis"], b["firms_without"], b["rankable"]
    ('revenue', 0, True)
    """

    def compute():
        chain = facts.chain(chain_id)
        members = chain.members
        codes = sorted_unique(members["firm"].to_numpy()[members["local"].to_numpy()])
        sizes = pd.DataFrame({c: facts.column(c)[codes] for c in SIZE_BASES})
        basis = size_basis(sizes)
        supply = False
        if facts.supply_present and len(codes):
            pairs = chain.pairs
            supply = bool((chain.local[pairs["supplier"].to_numpy()] | chain.local[pairs["customer"].to_numpy()]).any())
        tagged = any(tag_score(t, settings) > 0 for t in facts.column("tags")[codes])
        return {"size_basis": basis["basis"], "size_basis_zh": basis_label(basis["basis"], "zh"),
                "size_basis_en": basis_label(basis["basis"], "en"), "firms_with": basis["firms_with"],
                "firms_without": basis["firms_without"], "local_firms": len(codes), "supply": supply, "tags": tagged,
                "rankable": bool(basis["basis"] is not None or supply or tagged),
                "needs": [] if basis["basis"] is not None or supply or tagged else list(UNRANKABLE_NEEDS)}

    return dict(facts.memo(("leader_basis", chain_id), compute))


UNRANKABLE_NEEDS = ("revenue", "registered_capital", "employees", "supply", "tags")


def member_weights(facts, chain, basis: str | None) -> pd.DataFrame:
    """Per local firm of the chain (index: firm code, ascending): ``size_in`` — Σ over its memberships of its size on
    ``basis`` attributed to the segment (by share, as revenue is) × the membership's confidence (1 where a person
    reviewed it: ``reviewed`` 1) — and ``segments`` — Σ of its memberships' confidences (the count of its segments
    when every confidence is 1); ``confidence``: their mean.

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> from graph.facts import Facts
    >>> facts = Facts.from_dataset(read_dataset("data/demo"))
    >>> member_weights(facts, facts.chain("agri_machinery"), "revenue")["confidence"].eq(1.0).all()
    np.True_
    """
    members = chain.members
    confidence = facts.memberships.get("confidence")
    if confidence is None and basis in (None, "revenue"):
        local = members[members["local"]]
        size = local["revenue_in"] if basis == "revenue" else pd.Series(0.0, index=local.index)
        out = pd.DataFrame({"firm": local["firm"].to_numpy(), "size_in": size.to_numpy(dtype=float), "conf": 1.0})
    else:
        m = facts.memberships
        rows = ((m["chain_id"] == chain.chain_id).to_numpy() & facts.local[m["firm"].to_numpy()])
        if basis is None:
            size = np.zeros(int(rows.sum()))
        elif basis == "revenue":
            size = m["revenue_in"].to_numpy(dtype=float)[rows]
        else:
            size = facts.memo(("attributed", basis), lambda: attributed_revenue(
                m, facts.column(basis).astype(float)))[rows]
        conf = np.ones(int(rows.sum())) if confidence is None else \
            np.clip(np.nan_to_num(confidence.to_numpy(dtype=float)[rows], nan=1.0), 0.0, 1.0)
        reviewed = facts.memberships.get("reviewed")
        if reviewed is not None:   # a membership a person accepted counts in full, whatever the proposal's confidence
            conf = np.where(reviewed.to_numpy(dtype=float)[rows] == 1.0, 1.0, conf)
        out = pd.DataFrame({"firm": m["firm"].to_numpy()[rows], "size_in": size * conf, "conf": conf})
    grouped = out.groupby("firm", sort=True).agg(size_in=("size_in", "sum"), segments=("conf", "sum"),
                                                 confidence=("conf", "mean"))
    return grouped


def leaders(facts, chain_id: str, *, settings: Settings = DEFAULT) -> pd.DataFrame:
    """Every local firm of the chain ranked by the composite leader score, with each component, the size basis
    and each firm's size on it (``size``, NaN where the firm lacks that measure). Unrankable chains
    (:func:`leader_basis`): the firms tagged 链主 only, with no rank and no score.

    Returns
    -------
    leaders : pandas.DataFrame
        One row per local firm, best first (RangeIndex). ``rank`` (int from 1, equal scores share one; None when
        unrankable); ``firm_id``, ``name``, ``city`` (str); ``score`` (float, Σ weight · normalised component, 6
        decimals; NaN when unrankable); ``revenue`` (float, 万元, NaN if not given); ``size_basis`` (str or None);
        ``size`` (float); ``confidence`` (float, mean membership confidence); ``tags`` (list of str);
        ``tagged_leader`` (bool: tagged 链主); ``segments`` (list of segment ids); the raw components
        ``revenue_share``, ``pagerank_integrator``, ``pagerank_supplier``, ``local_partners``, ``segments_covered``,
        ``tag_score`` (float, 6 decimals); ``components`` (dict: component -> max-normalised value); ``reasons``
        (list of reason dicts: a ``code`` and its numbers, graph.analysis.reasons). ``segments``, ``components`` and
        ``reasons`` are filled for the first ``settings.leaders_explained`` rows only ([] and {} after them).
    """
    chain = facts.chain(chain_id)
    members = chain.members
    if not members["local"].any():
        return pd.DataFrame(columns=COLUMNS)
    info = leader_basis(facts, chain_id, settings=settings)
    basis = info["size_basis"]
    per_firm = member_weights(facts, chain, basis)
    codes = per_firm.index.to_numpy()
    if not info["rankable"]:
        return _unranked(facts, chain, codes, per_firm)
    total = per_firm["size_in"].sum()

    forward, reverse = chain_pagerank(facts, chain, settings)
    position = np.searchsorted(chain.firms, codes)

    raw = pd.DataFrame({
        "revenue_share": per_firm["size_in"].to_numpy() / total if total else 0.0,
        "pagerank_integrator": forward[position], "pagerank_supplier": reverse[position],
        "local_partners": local_partner_counts(chain)[codes].astype(float),
        "segments_covered": per_firm["segments"].to_numpy(dtype=float),
        "tag_score": [tag_score(t, settings) for t in facts.column("tags")[codes]],
    })
    if not facts.supply_present:
        raw[list(SUPPLY_COMPONENTS)] = 0.0
    peak = raw.max()
    normalised = raw.div(peak.where(peak > 0)).fillna(0.0)
    weights = effective_weights(settings, facts.supply_present)
    score = sum(weights[c] * normalised[c] for c in COMPONENTS)

    frame = pd.DataFrame({
        "firm_id": text_series(facts.column("firm_id")[codes]), "name": text_series(facts.column("name")[codes]),
        "city": text_series(facts.column("city")[codes]), "score": score.to_numpy(),
        "revenue": facts.column("revenue")[codes], "size_basis": basis,
        "size": facts.column(basis)[codes].astype(float) if basis else np.nan,
        "confidence": per_firm["confidence"].to_numpy(dtype=float).round(4),
        "tags": [list(t) for t in facts.column("tags")[codes]],
        "code": codes, **{c: raw[c].to_numpy() for c in COMPONENTS}, **{"_n_" + c: normalised[c].to_numpy() for c in COMPONENTS},
    })
    frame["tagged_leader"] = ["链主" in t for t in frame["tags"]]
    frame = rank_by(frame, "score", size="size", ties=True)
    shown = min(len(frame), settings.leaders_explained)
    rest = range(len(frame) - shown)
    frame["segments"] = [sorted(chain.segments_of[f]) for f in frame["code"].head(shown).tolist()] + [[] for _ in rest]
    frame[["score", *COMPONENTS]] = frame[["score", *COMPONENTS]].astype(float).round(6)  # after ranking
    normal = frame[["_n_" + c for c in COMPONENTS]].to_numpy().round(4)
    frame["components"] = [dict(zip(COMPONENTS, row, strict=True)) for row in normal[:shown].tolist()] + \
        [{} for _ in rest]
    frame["reasons"] = _leader_reasons(frame.head(shown), settings, facts.supply_present, basis) + [[] for _ in rest]
    return frame[COLUMNS]


def _unranked(facts, chain, codes: np.ndarray, per_firm: pd.DataFrame) -> pd.DataFrame:
    """The local firms tagged 链主 when leaders cannot be ranked: no rank, no score, listed by name."""
    tagged = np.array(["链主" in t for t in facts.column("tags")[codes]], dtype=bool)
    codes = codes[tagged]
    frame = pd.DataFrame({
        "rank": None, "firm_id": text_series(facts.column("firm_id")[codes]),
        "name": text_series(facts.column("name")[codes]), "city": text_series(facts.column("city")[codes]),
        "score": np.nan, "revenue": facts.column("revenue")[codes], "size_basis": None, "size": np.nan,
        "confidence": per_firm["confidence"].to_numpy(dtype=float)[tagged].round(4),
        "tags": [list(t) for t in facts.column("tags")[codes]], "tagged_leader": True,
        "segments": [sorted(chain.segments_of[f]) for f in codes.tolist()],
        **dict.fromkeys(COMPONENTS, np.nan), "components": [{} for _ in codes],
        "reasons": [[reason("leader_tagged_unranked")] for _ in codes]}, columns=COLUMNS)
    return frame.sort_values(["name", "firm_id"], ignore_index=True)


SORT_DECIMALS = 12   # scores are compared to 1e-12: equal sums that differ only by float rounding tie
RANK_DECIMALS = 6    # leaders whose scores agree to the 6 decimals shown share a rank


def rank_by(frame: pd.DataFrame, score: str, *, size: str = "revenue", ties: bool = False) -> pd.DataFrame:
    """Sort by ``score`` (to 1e-12, not to the 6 shown decimals), then ``size``, then name; add ``rank`` from 1.
    ``ties``: scores equal to 6 decimals share the best rank of their group (1, 2, 2, 4).

    >>> f = pd.DataFrame({"s": [0.5, 0.9, 0.5, 0.1], "revenue": [1.0, 2.0, 3.0, 4.0], "name": list("abcd")})
    >>> rank_by(f, "s", ties=True)[["rank", "name"]].values.tolist()
    [[1, 'b'], [2, 'c'], [2, 'a'], [4, 'd']]
    """
    order = pd.DataFrame({"s": -frame[score].to_numpy(dtype=float).round(SORT_DECIMALS),
                          "r": -np.nan_to_num(frame[size].to_numpy(dtype=float)),
                          "n": text_series(frame["name"].to_numpy(dtype=object))})
    frame = frame.iloc[order.sort_values(["s", "r", "n"], kind="stable").index].reset_index(drop=True)
    if ties and len(frame):
        shown = pd.Series(frame[score].to_numpy(dtype=float).round(RANK_DECIMALS))
        frame.insert(0, "rank", shown.rank(method="min", ascending=False).astype(int).to_numpy())
    else:
        frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def local_partner_counts(chain) -> np.ndarray:
    """Per firm code: distinct local firms it supplies or buys from in the chain."""
    s, c = chain.pairs["supplier"].to_numpy(), chain.pairs["customer"].to_numpy()
    local = chain.local
    n = len(local)
    ends = np.concatenate([s[local[c]] * n + c[local[c]], c[local[s]] * n + s[local[s]]]).astype(np.int64)
    return np.bincount(sorted_unique(ends) // n, minlength=n)


def _leader_reasons(frame: pd.DataFrame, settings: Settings, supply_present: bool,
                    basis: str | None = "revenue") -> list[list[dict]]:
    """The reasons of every ranked row: size share (named by its basis), partners, the stronger PageRank when it
    stands out, segments covered, tags, a placement confidence below 1."""
    integrator = np.array([c["pagerank_integrator"] for c in frame["components"]])
    supplier = np.array([c["pagerank_supplier"] for c in frame["components"]])
    strongest = np.where(supplier > integrator, "pagerank_supplier", "pagerank_integrator")
    value = np.maximum(integrator, supplier)
    out = []
    for share, partners, pr_name, pr_value, segments, tags, confidence in zip(
            frame["revenue_share"].tolist(), frame["local_partners"].tolist(), strongest.tolist(), value.tolist(),
            frame["segments"], frame["tags"], frame["confidence"].tolist(), strict=True):
        if basis == "revenue":
            reasons = [reason("leader_revenue_share", share=round(share, 4))]
        elif basis is None:
            reasons = []
        else:
            reasons = [reason("leader_size_share", share=round(share, 4), basis=basis_label(basis, "zh"),
                              basis_en=basis_label(basis, "en"))]
        if partners:
            reasons.append(reason("leader_partners", partners=int(partners)))
        if supply_present and pr_value >= settings.leader_reason_min_component:
            reasons.append(reason("leader_" + pr_name, normalised=pr_value))
        if len(segments) > 1:
            reasons.append(reason("leader_segments", segments=len(segments)))
        if tags:
            reasons.append(reason("leader_tags", tags="、".join(tags)))
        if confidence < 1:
            reasons.append(reason("leader_confidence", confidence=round(confidence, 2)))
        out.append(reasons)
    return out


def leader_agreement(ranking: pd.DataFrame) -> dict:
    """How well the ranking agrees with firms already tagged 链主: precision at k = number tagged.

    Returns
    -------
    agreement : dict
        ``tagged`` (int, firms tagged 链主), ``k`` (int, = tagged; 0 when there is no ranking), ``in_top_k`` (int),
        ``precision_at_k`` (float, 4 decimals, or None), ``mean_rank_of_tagged`` (float, 2 decimals, or None).
    """
    tagged = ranking[ranking["tagged_leader"].astype(bool)] if len(ranking) else ranking
    k = len(tagged)
    if not k or tagged["rank"].isna().any():   # no tagged firm, or no ranking (leader_basis: not rankable)
        return {"tagged": k, "k": 0, "in_top_k": 0, "precision_at_k": None, "mean_rank_of_tagged": None}
    in_top = int((tagged["rank"] <= k).sum())
    return {"tagged": k, "k": k, "in_top_k": in_top, "precision_at_k": round(in_top / k, 4),
            "mean_rank_of_tagged": round(float(tagged["rank"].mean()), 2)}


def key_suppliers(facts, chain_id: str, *, settings: Settings = DEFAULT,
                  ranking: pd.DataFrame | None = None) -> pd.DataFrame:
    """重点配套: local suppliers many local firms or the top leaders depend on, most depended-on first.

    score = w_c · local customers / max + w_l · top leaders supplied / max; ``sole_supplier_of``
    counts local customers for which the firm is their only local supplier. Empty without supply data.

    Returns
    -------
    key_suppliers : pandas.DataFrame
        At most ``settings.supporting_top`` rows, best first (RangeIndex). ``rank`` (int, equal scores share one);
        ``firm_id``, ``name``, ``city`` (str); ``score`` (float, 6 decimals); ``segments`` (list of segment ids);
        ``local_customers``, ``leaders_supplied``, ``sole_supplier_of`` (int); ``tags`` (list of str); ``revenue``
        (float, 万元); ``reasons`` (list of reason dicts: a ``code`` and its numbers, graph.analysis.reasons).
    """
    chain = facts.chain(chain_id)
    ranking = leaders(facts, chain_id, settings=settings) if ranking is None else ranking
    local = chain.local
    pairs = chain.pairs[local[chain.pairs["supplier"].to_numpy()] & local[chain.pairs["customer"].to_numpy()]]
    if pairs.empty:
        return pd.DataFrame(columns=SUPPLIER_COLUMNS)
    top = np.zeros(len(local), dtype=bool)
    top[facts.codes(ranking.head(settings.leaders_top)["firm_id"])] = True
    customers = pairs["customer"].to_numpy()
    sole = chain.local_suppliers[customers] == 1
    suppliers = pairs["supplier"].to_numpy()
    n = len(local)
    count = np.bincount(suppliers, minlength=n)
    codes = np.flatnonzero(count)
    frame = pd.DataFrame({
        "firm_id": text_series(facts.column("firm_id")[codes]), "name": text_series(facts.column("name")[codes]),
        "city": text_series(facts.column("city")[codes]), "code": codes, "local_customers": count[codes],
        "leaders_supplied": np.bincount(suppliers, weights=top[customers], minlength=n)[codes].astype(int),
        "sole_supplier_of": np.bincount(suppliers, weights=sole, minlength=n)[codes].astype(int),
        "tags": [list(t) for t in facts.column("tags")[codes]], "revenue": facts.column("revenue")[codes]})
    peak_c, peak_l = frame["local_customers"].max(), max(1, frame["leaders_supplied"].max())
    frame["score"] = (settings.supporting_weight_customers * frame["local_customers"] / peak_c
                      + settings.supporting_weight_leaders * frame["leaders_supplied"] / peak_l)
    frame = rank_by(frame, "score", ties=True).head(settings.supporting_top)
    frame["score"] = frame["score"].round(6)
    frame["segments"] = [sorted(chain.segments_of[f]) for f in frame["code"].tolist()]
    frame["reasons"] = [[reason("supplier_local_customers", customers=int(r.local_customers)),
                         *([reason("supplier_leaders", leaders=int(r.leaders_supplied))] if r.leaders_supplied else []),
                         *([reason("supplier_sole", customers=int(r.sole_supplier_of))] if r.sole_supplier_of else [])]
                        for r in frame.itertuples()]
    return frame[SUPPLIER_COLUMNS]


def ranking_sensitivity(facts, chain_id: str, weight_sets: dict[str, dict], *, top: int = 10,
                        settings: Settings = DEFAULT) -> pd.DataFrame:
    """How the leader ranking moves when the component weights change.

    For each named weight set: overlap of the top ``top`` with the default ranking, Spearman's
    rank correlation over all local firms, and the new number one.

    Returns
    -------
    sensitivity : pandas.DataFrame
        One row per weight set, in the given order. ``weights`` (str, its name); ``top_overlap`` (float in [0, 1], 4
        decimals); ``spearman`` (float, 4 decimals; None with fewer than 3 local firms); ``new_first`` (str, the
        name of the new number one; None when nothing is ranked).

    >>> from graph.facts import Facts
    >>> from graph.io import read_dataset
    >>> ranking_sensitivity(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery", {"revenue only": {"revenue_share": 1.0}}
    ...                     ).columns.tolist()
    ['weights', 'top_overlap', 'spearman', 'new_first']
    """
    from scipy.stats import spearmanr  # lazy: scipy.stats takes ~0.7 s to import, for this study only

    base = leaders(facts, chain_id, settings=settings)
    base_rank = dict(zip(base["firm_id"], base["rank"], strict=True))
    rows = []
    for name, weights in weight_sets.items():
        full = {c: float(weights.get(c, 0.0)) for c in COMPONENTS}
        other = leaders(facts, chain_id, settings=replace(settings, leader_weights=full))
        other_rank = dict(zip(other["firm_id"], other["rank"], strict=True))
        firms = sorted(base_rank)
        rho = spearmanr([base_rank[f] for f in firms], [other_rank[f] for f in firms]).statistic if len(firms) > 2 else None
        overlap = len(set(base["firm_id"][:top]) & set(other["firm_id"][:top])) / max(1, min(top, len(base)))
        rows.append({"weights": name, "top_overlap": round(overlap, 4),
                     "spearman": None if rho is None else round(float(rho), 4),
                     "new_first": other["name"].iloc[0] if len(other) else None})
    return pd.DataFrame(rows, columns=["weights", "top_overlap", "spearman", "new_first"])
