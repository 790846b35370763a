"""All analyses of a chain in one call, and the JSON contract of `python -m graph analyze --json`.

>>> from graph.store import MemoryStore
>>> facts = MemoryStore.from_path("data/demo").facts()
>>> result = analyze(facts, chain="agri_machinery")["agri_machinery"]
>>> result.gaps.columns.tolist()[:2]
['segment_id', 'name']
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.coverage import completeness, gaps
from graph.analysis.leaders import key_suppliers, leader_agreement, leader_basis, leaders
from graph.analysis.pool import Pool
from graph.analysis.projects import gap_projects, pipeline
from graph.analysis.reasons import reason, render_reason
from graph.analysis.relatedness import extension, lq_reference, strength_notes, strengths
from graph.analysis.segments import segment_table
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.source import as_facts
from graph.analysis.targets import attraction_targets
from graph.analysis.weak_links import weak_links
from graph.facts import Facts
from graph.messages import t
from graph.model import Dataset


@dataclass
class ChainAnalysis:
    """Every analysis of one chain; tables are pandas DataFrames."""

    chain_id: str
    name: str
    name_en: str
    completeness: dict
    segments: pd.DataFrame
    gaps: pd.DataFrame
    weak_links: pd.DataFrame
    strengths: pd.DataFrame
    leaders: pd.DataFrame
    leader_agreement: dict
    key_suppliers: pd.DataFrame
    targets: pd.DataFrame
    extension: pd.DataFrame
    pipeline: pd.DataFrame
    gap_projects: pd.DataFrame
    notes: list = field(default_factory=list)   # what was used instead of missing inputs (reasons)
    leader_basis: dict = field(default_factory=dict)   # graph.analysis.leaders.leader_basis: size basis, rankable
    provenance: dict = field(default_factory=dict)     # membership_provenance: reviewed / proposed counts, or {}


NO_SUPPLY_NOTES = ("note_no_supply_leaders", "note_no_supply_weak", "note_no_supply_suppliers",
                   "note_no_supply_targets")


def analyze_chain(facts, chain_id: str, *, settings: Settings = DEFAULT, pool: Pool | None = None) -> ChainAnalysis:
    """Every analysis of one chain; a reference ``pool`` (graph.analysis.pool) only fills attraction targets.

    Returns
    -------
    result : ChainAnalysis
        ``chain_id``, ``name``, ``name_en`` (str); ``completeness`` (dict,
        :func:`graph.analysis.coverage.completeness`); the DataFrames ``segments``
        (:func:`graph.analysis.segments.segment_table`), ``gaps``, ``weak_links`` (with the segments' review counts
        on classified data), ``strengths``, ``leaders``, ``key_suppliers``, ``targets``, ``extension``,
        ``pipeline``, ``gap_projects`` — each documented in the function that makes it; ``leader_agreement``,
        ``leader_basis`` (dict); ``notes`` (list of reason dicts: what was used instead of a missing input);
        ``provenance`` (dict, :func:`membership_provenance`). docs/analyses.md#what-analyze-returns tabulates them.
    """
    chain = facts.chain_map(chain_id)
    gap_frame = gaps(facts, chain_id, settings=settings)
    weak_frame = weak_links(facts, chain_id, settings=settings)
    ranking = leaders(facts, chain_id, settings=settings)
    projects = pipeline(facts, chain_id)
    strong = strengths(facts, chain_id, settings=settings)
    basis = leader_basis(facts, chain_id, settings=settings)
    weak_frame = with_segment_provenance(facts, chain_id, weak_frame)
    return ChainAnalysis(
        chain_id=chain_id, name=chain.name, name_en=chain.name_en,
        completeness=completeness(facts, chain_id), segments=segment_table(facts, chain_id),
        gaps=gap_frame, weak_links=weak_frame, strengths=strong,
        leaders=ranking, leader_agreement=leader_agreement(ranking),
        key_suppliers=key_suppliers(facts, chain_id, settings=settings, ranking=ranking),
        targets=attraction_targets(facts, chain_id, settings=settings, gap_frame=gap_frame, weak_frame=weak_frame,
                                   pool=pool),
        extension=extension(facts, chain_id, settings=settings, strength_frame=strong), pipeline=projects,
        gap_projects=gap_projects(projects, gap_frame["segment_id"]),
        notes=([] if facts.supply_present else [reason(code) for code in NO_SUPPLY_NOTES])
        + leader_notes(basis) + strength_notes(facts), leader_basis=basis,
        provenance=membership_provenance(facts, chain_id))


def membership_provenance(facts, chain_id: str) -> dict:
    """How the chain's memberships were placed, when the dataset says (firm_segments' ``reviewed``, written by
    `classify`): ``memberships_reviewed`` (accepted by a person, 1) and ``memberships_proposed`` (the classifier's
    proposals nobody has reviewed yet, 0), over every membership of the chain; a membership without the flag is
    neither. {} when no membership of the dataset has the flag.

    >>> from graph.store import MemoryStore
    >>> membership_provenance(MemoryStore.from_path("data/demo").facts(), "agri_machinery")
    {}
    """
    if "reviewed" not in facts.memberships.columns:
        return {}

    def counts() -> pd.DataFrame:
        m = facts.memberships
        flag = m["reviewed"].to_numpy(dtype=float)
        frame = pd.DataFrame({"chain_id": m["chain_id"].astype(str).to_numpy(), "reviewed": flag == 1.0,
                              "proposed": flag == 0.0})
        return frame.groupby("chain_id", sort=False)[["reviewed", "proposed"]].sum()

    table = facts.memo(("membership_provenance",), counts)
    reviewed, proposed = (int(table.at[chain_id, c]) if chain_id in table.index else 0 for c in ("reviewed", "proposed"))
    return {"memberships_reviewed": reviewed, "memberships_proposed": proposed}


PROVENANCE_COUNTS = ["memberships_reviewed", "memberships_proposed"]


def with_segment_provenance(facts, chain_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows per ``segment_id``, e.g. weak links) with how many of the segment's local memberships a
    person reviewed and how many are proposals (PROVENANCE_COUNTS), when the dataset has the flag; else ``frame``.

    >>> from graph.store import MemoryStore
    >>> facts = MemoryStore.from_path("data/demo-registry").facts()
    >>> frame = with_segment_provenance(facts, "pharmaceuticals", pd.DataFrame({"segment_id": ["apis"]}))
    >>> frame.columns.tolist()
    ['segment_id', 'memberships_reviewed', 'memberships_proposed']
    """
    if "reviewed" not in facts.memberships.columns:
        return frame
    m = facts.memberships
    m = m[(m["chain_id"] == chain_id) & facts.local[m["firm"].to_numpy()]]
    flag = m["reviewed"].to_numpy(dtype=float)
    counts = pd.DataFrame({"segment_id": m["segment_id"].astype(str).to_numpy(), "memberships_reviewed": flag == 1.0,
                           "memberships_proposed": flag == 0.0}).groupby("segment_id")[PROVENANCE_COUNTS].sum()
    out = frame.merge(counts, left_on="segment_id", right_index=True, how="left")
    out[PROVENANCE_COUNTS] = out[PROVENANCE_COUNTS].fillna(0).astype(int)
    return out


def provenance_text(provenance: dict, lang: str = "zh") -> str:
    """'经人工审核 N / 建议 M' · 'reviewed N / proposals M'; '' when the dataset does not say.

    >>> provenance_text({"memberships_reviewed": 3, "memberships_proposed": 5}, "en")
    'reviewed 3 / proposals 5'
    """
    if not provenance:
        return ""
    return render_reason(reason("memberships_reviewed", reviewed=provenance["memberships_reviewed"],
                                proposed=provenance["memberships_proposed"]), lang)


def leader_notes(basis: dict) -> list[dict]:
    """Notes on what leaders were ranked by: a size basis other than revenue, or firms lacking it, is named;
    a chain that cannot be ranked says so and what would be needed.

    >>> [n["code"] for n in leader_notes({"rankable": False, "size_basis": None})]
    ['note_leaders_unrankable']
    >>> leader_notes({"rankable": True, "size_basis": "revenue", "firms_without": 0})
    []
    """
    if not basis.get("rankable", True):
        return [reason("note_leaders_unrankable")]
    if basis.get("size_basis") and (basis["size_basis"] != "revenue" or basis.get("firms_without")):
        return [reason("note_size_basis", basis=basis["size_basis_zh"], basis_en=basis["size_basis_en"],
                       firms_with=basis["firms_with"], firms_without=basis["firms_without"])]
    return []


def analyze(source: Facts | nx.MultiDiGraph | Dataset, *, chain: str | None = None, settings: Settings = DEFAULT,
            progress=None, pool: Pool | None = None) -> dict[str, ChainAnalysis]:
    """{chain_id: ChainAnalysis} for one chain or all; raises KeyError naming an unknown chain.
    ``progress(done, total)`` is called after each chain when given; ``pool`` fills attraction targets.

    The API's door: ``source`` may be facts, or a networkx graph or a Dataset, turned into facts once here
    (:func:`graph.analysis.source.as_facts`); every other analysis takes :class:`graph.facts.Facts` only.

    Returns
    -------
    results : dict
        chain id (str) -> :class:`ChainAnalysis` (see :func:`analyze_chain`), chains in the data's order.
    """
    return {r.chain_id: r for r in analyses(as_facts(source), chain=chain, settings=settings, progress=progress, pool=pool)}


def analyses(facts, *, chain: str | None = None, settings: Settings = DEFAULT,
             progress=None, pool: Pool | None = None) -> Iterator[ChainAnalysis]:
    """:func:`analyze` one chain at a time (memory holds one chain's results).

    Returns
    -------
    results : Iterator[ChainAnalysis]
        One :class:`ChainAnalysis` per chain, in the data's order, each computed when it is asked for.

    >>> from graph.store import MemoryStore
    >>> [r.chain_id for r in analyses(MemoryStore.from_path("data/demo").facts())][:2]
    ['advanced_materials', 'agri_machinery']
    """
    ids = [facts.chain_map(chain).id] if chain is not None else facts.chain_ids()
    for i, c in enumerate(ids, start=1):
        yield analyze_chain(facts, c, settings=settings, pool=pool)
        if progress is not None:
            progress(i, len(ids))


def segment_status(result: ChainAnalysis) -> dict[str, str]:
    """Segment id -> gap | weak | strength | normal (in that order of precedence)."""
    status = dict.fromkeys(result.segments["segment_id"], "normal")
    for column, state in ((result.strengths, "strength"), (result.weak_links, "weak"), (result.gaps, "gap")):
        for s in column["segment_id"]:
            status[s] = state
    return status


def segment_facts(result: ChainAnalysis, lang: str = "zh") -> dict[str, dict]:
    """Numbers per segment for tooltips; ``_local_revenue`` sizes the node."""
    facts = {}
    for row in result.segments.itertuples():
        rate = "-" if pd.isna(row.support_rate) else f"{row.support_rate:.0%}"
        facts[row.segment_id] = {
            t("facts_local_firms", lang): row.local_firms,
            t("facts_other_firms", lang): row.other_firms,
            t("facts_local_revenue", lang): f"{row.local_revenue:,.0f}",
            t("facts_support_rate", lang): rate,
            "_local_revenue": row.local_revenue,
        }
    return facts


# ---------------------------------------------------------------- JSON
def plain(value):
    """Numbers, lists and dicts as plain JSON values (numpy scalars, NaN -> None)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _reasons(items: list[dict]) -> list[dict]:
    return [{**plain(item), "zh": render_reason(item, "zh"), "en": render_reason(item, "en")} for item in items]


def _records(frame: pd.DataFrame, columns: list[str], limit: int | None = None) -> list[dict]:
    frame = frame if limit is None else frame.head(limit)
    out = []
    for row in frame.to_dict("records"):
        record = {c: plain(row[c]) for c in columns if c != "reasons"}
        if "reasons" in columns:
            record["reasons"] = _reasons(row["reasons"])
        out.append(record)
    return out


def aggregates_json(chain_id: str, name: str, name_en: str, completeness: dict, gaps: pd.DataFrame,
                    weak_links: pd.DataFrame, targets: pd.DataFrame) -> dict:
    """The JSON fields that the in-memory and the Neo4j push-down paths both produce."""
    return {
        "chain_id": chain_id, "name": name, "name_en": name_en,
        "completeness": completeness["segment_share"], "completeness_revenue": completeness["revenue_share"],
        "segments": completeness["segments"], "segments_covered": completeness["covered"],
        "gaps": _records(gaps, ["segment_id", "name", "key_tech", "severity", "downstream_segments", "local_demand",
                                "other_firms", "reasons"]),
        "weak_links": _records(weak_links, ["segment_id", "name", "key_tech", "score", "local_firms", "hhi",
                                            "top_share", "local_suppliers", "support_rate",
                                            *[c for c in PROVENANCE_COUNTS if c in weak_links], "reasons"]),
        "targets": _records(targets, ["segment_id", "why", "rank", "firm_id", "name", "province", "score",
                                      "local_customers", "revenue", "size_basis", "size", "tags", "source",
                                      "confidence", "basis", "reasons"]),
    }


def chain_json(result: ChainAnalysis, *, settings: Settings = DEFAULT) -> dict:
    return {
        "notes": _reasons(result.notes),
        **aggregates_json(result.chain_id, result.name, result.name_en, result.completeness, result.gaps,
                          result.weak_links, result.targets),
        "strengths": _records(result.strengths, ["segment_id", "name", "lq_revenue", "lq_firms", "local_firms",
                                                 "lq_reference", "reasons"]),
        **result.provenance,   # memberships_reviewed / memberships_proposed, only when the dataset has the flag
        "size_basis": result.leader_basis.get("size_basis"),
        "leader_basis": plain(result.leader_basis),
        "leaders": _records(result.leaders, ["firm_id", "name", "rank", "score", "city", "revenue", "size_basis", "size",
                                             "confidence", "tags", "components", "reasons"], settings.leaders_top),
        "leader_agreement": plain(result.leader_agreement),
        "key_suppliers": _records(result.key_suppliers, ["firm_id", "name", "rank", "score", "local_customers",
                                                         "leaders_supplied", "sole_supplier_of", "reasons"]),
        "extension": _records(result.extension, ["segment_id", "name", "density", "lq_revenue", "local_firms",
                                                 "reasons"]),
        "projects": _records(result.pipeline[result.pipeline["projects"] > 0],
                             ["segment_id", "谋划", "储备", "开工", "竣工", "projects", "investment"]),
        "gaps_with_projects": [s for s, has in zip(result.gap_projects["segment_id"],
                                                   result.gap_projects["has_project"], strict=True) if has],
    }


def to_json(facts, results: Mapping[str, ChainAnalysis] | Iterable[ChainAnalysis], *,
            plan: pd.DataFrame | None = None, settings: Settings = DEFAULT, pool: Pool | None = None) -> dict:
    """The JSON object of docs/cli.md#analyze-json. ``inputs`` says which optional tables the data had;
    ``lq_reference`` what strengths' location quotients were computed against; ``pool`` the reference pool that
    filled attraction targets (name and firms), None without one. ``results`` may be a generator
    (:func:`analyses`): each chain's analysis is then dropped once it is written.

    Returns
    -------
    document : dict
        JSON-ready: ``dataset``, ``region``, ``chain_set`` (str), ``year`` (int or None), ``synthetic`` (bool),
        ``inputs`` (dict: ``supply``, ``projects``, ``benchmark``, bool), ``lq_reference`` (str), ``pool`` (dict:
        ``name``, ``firms``; or None), ``chains`` (list of dict, one per result), and ``plan`` (list of dict) when
        ``plan`` is given; the keys of each chain are in docs/cli.md#analyze-json.
    """
    meta = facts.meta
    out = {"dataset": meta.name, "region": meta.region, "chain_set": meta.chain_set, "year": meta.year,
           "synthetic": bool(meta.synthetic),
           "inputs": {"supply": facts.supply_present, "projects": len(facts.projects) > 0,
                      "benchmark": facts.benchmark is not None},
           "lq_reference": lq_reference(facts),
           "pool": None if pool is None else {"name": pool.name, "firms": len(pool.facts.firms)},
           "chains": [chain_json(r, settings=settings)
                      for r in (results.values() if isinstance(results, Mapping) else results)]}
    if plan is not None:
        out["plan"] = _records(plan, list(plan.columns))
    return out


def differences(a, b, *, tol: float = 1e-6, path: str = "") -> list[str]:
    """Where two `analyze --json` documents differ: JSON paths, numbers compared within ``tol`` (two engines —
    e.g. networkx-style PageRank here and GDS in Neo4j — agree to about 1e-9, so a score rounded to six decimals
    can differ by one in the last place).

    >>> differences({"a": [1.0, 0.254575], "b": "x"}, {"a": [1.0, 0.254576], "b": "x"})
    []
    >>> differences({"a": [1.0], "b": "x"}, {"a": [1.1], "b": "y"})
    ['/a[0]: 1.0 != 1.1', "/b: 'x' != 'y'"]
    """
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a.keys() ^ b.keys())}"]
        return [d for k in a for d in differences(a[k], b[k], tol=tol, path=f"{path}/{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} != {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, tol=tol, path=f"{path}[{i}]")]
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return [] if abs(a - b) <= tol + 1e-12 else [f"{path}: {a!r} != {b!r}"]   # 1e-12: 0.254576 − 0.254575
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]
