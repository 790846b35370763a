"""What changed between two years of one region: a pure function of two `analyze --json` documents
and the two years' firm, firm-segment and project tables.

Firms are matched across the years by firm id, else by credit code (uscc), else by normalised name,
one to one. "Local" means ``province == region``. Per chain the diff reports completeness old and
new, gaps closed (with the local firms that closed them) and opened, weak links added and resolved,
leaders entering and leaving the top k, local firms that entered and left, attraction targets of the
old year that are local in the new one, and projects that changed stage; plus the plan's counts.

>>> import pandas as pd
>>> firms = lambda *rows: pd.DataFrame(rows, columns=["firm_id", "name", "province", "uscc"])
>>> fs = lambda *rows: pd.DataFrame(rows, columns=["firm_id", "chain_id", "segment_id"])
>>> no_projects = pd.DataFrame(columns=["project_id", "name", "chain_id", "segment_id", "stage"])
>>> def doc(gaps, targets):
...     return {"region": "山东省", "chains": [{"chain_id": "w", "completeness": 1 - len(gaps) / 2,
...             "gaps": [{"segment_id": g} for g in gaps], "weak_links": [], "leaders": [],
...             "targets": [{"segment_id": s, "firm_id": f} for s, f in targets]}]}
>>> old = firms(("A", "甲", "山东省", None), ("X", "乙", "江苏省", None))
>>> new = firms(("A", "甲", "山东省", None), ("X", "乙", "山东省", None))
>>> both = fs(("A", "w", "a"), ("X", "w", "b"))
>>> d = diff_years(doc(["b"], [("b", "X")]), doc([], []), old, new, both, both, no_projects, no_projects)
>>> d["chains"][0]["gaps_closed"], d["chains"][0]["targets_landed"]
([{'segment_id': 'b', 'by': ['X']}], [{'firm_id': 'X', 'segment_id': 'b', 'name': '乙'}])
"""
from __future__ import annotations

import re
import unicodedata

import networkx as nx
import pandas as pd

from graph.messages import MessageError
from graph.model import PROJECT_STAGES, Chain


class DiffError(MessageError):
    """Two documents that cannot be compared (codes diff_region, diff_chains of graph.messages)."""


def normalise_name(name) -> str:
    """A firm name for matching: NFKC (full-width → half-width), no whitespace, case-folded.

    >>> normalise_name(" 青岛 甲（集团）有限公司 ") == normalise_name("青岛甲(集团)有限公司")
    True
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name))).casefold()


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value is not pd.NA and value != ""


def match_firms(old_firms: pd.DataFrame, new_firms: pd.DataFrame) -> dict[str, str]:
    """{new firm_id: old firm_id}: by id, then credit code, then normalised name; each old firm used once.

    >>> old = pd.DataFrame({"firm_id": ["A", "B"], "name": ["甲", "乙"], "uscc": [None, "91X"]})
    >>> new = pd.DataFrame({"firm_id": ["A", "N1", "N2"], "name": ["甲", "乙新", "甲"], "uscc": [None, "91X", None]})
    >>> match_firms(old, new)
    {'A': 'A', 'N1': 'B'}
    """
    matched: dict[str, str] = {}
    old_ids = set(old_firms["firm_id"])
    for firm_id in new_firms["firm_id"]:
        if firm_id in old_ids:
            matched[firm_id] = firm_id
    for column, key in (("uscc", lambda v: str(v).strip().upper()), ("name", normalise_name)):
        used = set(matched.values())
        index = {}
        for firm_id, value in zip(old_firms["firm_id"], old_firms[column], strict=True):
            if firm_id not in used and _present(value):
                index.setdefault(key(value), firm_id)
        for firm_id, value in zip(new_firms["firm_id"], new_firms[column], strict=True):
            if firm_id not in matched and _present(value):
                old_id = index.pop(key(value), None)
                if old_id is not None:
                    matched[firm_id] = old_id
    return matched


def _local_members(firms: pd.DataFrame, firm_segments: pd.DataFrame, region: str) -> dict[str, dict[str, list[str]]]:
    """{chain_id: {local firm_id: [segment ids in file order]}}."""
    local = set(firms.loc[firms["province"] == region, "firm_id"])
    out: dict[str, dict[str, list[str]]] = {}
    for firm_id, chain_id, segment_id in zip(firm_segments["firm_id"], firm_segments["chain_id"],
                                             firm_segments["segment_id"], strict=True):
        if firm_id in local:
            out.setdefault(chain_id, {}).setdefault(firm_id, []).append(segment_id)
    return out


def _firm_rows(members: dict[str, list[str]], ids, names: dict[str, str]) -> list[dict]:
    return [{"firm_id": f, "name": names.get(f), "segment_ids": members[f]} for f in sorted(ids)]


def _segment_ids(rows: list[dict]) -> list[str]:
    return [row["segment_id"] for row in rows]


def _leader_changes(old_chain: dict, new_chain: dict, match: dict[str, str], top_k: int) -> tuple[list, list]:
    old_top = [r for r in old_chain.get("leaders", []) if r["rank"] <= top_k]
    new_top = [r for r in new_chain.get("leaders", []) if r["rank"] <= top_k]
    old_ids = {r["firm_id"] for r in old_top}
    kept = {match.get(r["firm_id"]) for r in new_top}
    entered = [{"firm_id": r["firm_id"], "name": r.get("name"), "rank": r["rank"]}
               for r in new_top if match.get(r["firm_id"]) not in old_ids]
    left = [{"firm_id": r["firm_id"], "name": r.get("name"), "rank": r["rank"]}
            for r in old_top if r["firm_id"] not in kept]
    return entered, left


def _project_changes(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, list[dict]]:
    before = {r["project_id"]: r for r in old.to_dict("records")}
    after = {r["project_id"]: r for r in new.to_dict("records")}
    order = {stage: i for i, stage in enumerate(PROJECT_STAGES)}
    changed = [{"project_id": p, "name": after[p]["name"], "segment_id": after[p]["segment_id"],
                "old": before[p]["stage"], "new": after[p]["stage"],
                "advanced": order.get(after[p]["stage"], -1) > order.get(before[p]["stage"], -1)}
               for p in sorted(set(before) & set(after)) if before[p]["stage"] != after[p]["stage"]]

    def rows(table, ids):
        return [{"project_id": p, "name": table[p]["name"], "segment_id": table[p]["segment_id"],
                 "stage": table[p]["stage"]} for p in sorted(ids)]

    return {"projects_changed": changed, "projects_added": rows(after, set(after) - set(before)),
            "projects_removed": rows(before, set(before) - set(after))}


def _chain_diff(chain_id: str, old_chain: dict, new_chain: dict, *, members: tuple[dict, dict],
                match: dict[str, str], names: tuple[dict, dict], local_new: set[str],
                projects: tuple[pd.DataFrame, pd.DataFrame], top_k: int) -> dict:
    old_members, new_members = members
    old_gaps, new_gaps = _segment_ids(old_chain["gaps"]), _segment_ids(new_chain["gaps"])
    old_weak, new_weak = _segment_ids(old_chain["weak_links"]), _segment_ids(new_chain["weak_links"])
    closed = [g for g in old_gaps if g not in new_gaps]
    by_segment: dict[str, list[str]] = {}
    for firm_id, segs in new_members.items():
        for s in segs:
            by_segment.setdefault(s, []).append(firm_id)
    carried = {match[f] for f in new_members if f in match}
    entered = [f for f in new_members if match.get(f) not in old_members]
    left = [f for f in old_members if f not in carried]
    old_for_new = {}
    for new_id, old_id in match.items():
        old_for_new.setdefault(old_id, new_id)
    landed, seen = [], set()
    for target in old_chain.get("targets", []):
        new_id = old_for_new.get(target["firm_id"])
        key = (new_id, target["segment_id"])
        if new_id in local_new and key not in seen:
            seen.add(key)
            landed.append({"firm_id": new_id, "segment_id": target["segment_id"], "name": names[1].get(new_id)})
    leaders_entered, leaders_left = _leader_changes(old_chain, new_chain, match, top_k)
    old_projects, new_projects = projects
    return {
        "chain_id": chain_id, "name": new_chain.get("name"), "name_en": new_chain.get("name_en"),
        "completeness": {"old": old_chain["completeness"], "new": new_chain["completeness"]},
        "completeness_revenue": {"old": old_chain.get("completeness_revenue"),
                                 "new": new_chain.get("completeness_revenue")},
        "gaps": {"old": len(old_gaps), "new": len(new_gaps)},
        "gaps_closed": [{"segment_id": g, "by": sorted(by_segment.get(g, []))} for g in closed],
        "gaps_opened": [{"segment_id": g} for g in new_gaps if g not in old_gaps],
        "weak_links": {"old": len(old_weak), "new": len(new_weak)},
        "weak_links_added": [{"segment_id": s, "was_gap": s in old_gaps} for s in new_weak if s not in old_weak],
        "weak_links_resolved": [{"segment_id": s} for s in old_weak if s not in new_weak and s not in new_gaps],
        "leaders_entered": leaders_entered, "leaders_left": leaders_left,
        "firms_entered": _firm_rows(new_members, entered, names[1]),
        "firms_left": _firm_rows(old_members, left, names[0]),
        "targets_landed": landed,
        **_project_changes(old_projects[old_projects["chain_id"] == chain_id],
                           new_projects[new_projects["chain_id"] == chain_id]),
    }


def _plan_diff(old_plan: list[dict], new_plan: list[dict]) -> list[dict]:
    before = {r["item"]: r for r in old_plan}
    after = {r["item"]: r for r in new_plan}
    items = [r["item"] for r in new_plan] + [i for i in before if i not in after]
    return [{"item": i, "old": before.get(i, {}).get("actual"), "new": after.get(i, {}).get("actual"),
             "target": (after.get(i) or before.get(i))["target"]} for i in items]


def diff_years(old_doc: dict, new_doc: dict, old_firms: pd.DataFrame, new_firms: pd.DataFrame,
               old_fs: pd.DataFrame, new_fs: pd.DataFrame, old_projects: pd.DataFrame, new_projects: pd.DataFrame,
               *, top_k: int = 10) -> dict:
    """The diff of two years (JSON-ready dict); raises :class:`DiffError` for different regions or chain sets.

    Documents are `analyze --json` outputs (``year`` and ``dataset`` are copied when present); tables have
    the columns of the Dataset contract in graph/model.py (firm_id, name, province, uscc; firm_id, chain_id,
    segment_id; project_id, name, chain_id, segment_id, stage).

    Returns
    -------
    diff : dict
        ``region`` (str); ``top_k`` (int); ``old``, ``new`` (dict: ``dataset``, ``year``, None where the document
        has none); ``chains`` (list of dict, one per chain of the new document: ``chain_id``, ``name``, ``name_en``;
        ``completeness``, ``completeness_revenue``, ``gaps``, ``weak_links`` (dict: ``old``, ``new``);
        ``gaps_closed`` (list of {``segment_id``, ``by``: local firm ids}); ``gaps_opened``, ``weak_links_resolved``
        (list of {``segment_id``}); ``weak_links_added`` (list of {``segment_id``, ``was_gap``});
        ``leaders_entered``, ``leaders_left`` (list of {``firm_id``, ``name``, ``rank``}); ``firms_entered``,
        ``firms_left`` (list of {``firm_id``, ``name``, ``segment_ids``}); ``targets_landed`` (list of {``firm_id``,
        ``segment_id``, ``name``}); ``projects_changed`` (list of {``project_id``, ``name``, ``segment_id``,
        ``old``, ``new``, ``advanced``}); ``projects_added``, ``projects_removed`` (list of {``project_id``,
        ``name``, ``segment_id``, ``stage``})); ``plan`` (list of {``item``, ``old``, ``new``, ``target``}).
        docs/years.md explains each.
    """
    if old_doc["region"] != new_doc["region"]:
        raise DiffError("diff_region", old=old_doc["region"], new=new_doc["region"])
    old_chains = {c["chain_id"]: c for c in old_doc["chains"]}
    new_chains = {c["chain_id"]: c for c in new_doc["chains"]}
    if set(old_chains) != set(new_chains):
        raise DiffError("diff_chains", only_old=", ".join(sorted(set(old_chains) - set(new_chains))) or "-",
                        only_new=", ".join(sorted(set(new_chains) - set(old_chains))) or "-")
    region = new_doc["region"]
    match = match_firms(old_firms, new_firms)
    old_members, new_members = _local_members(old_firms, old_fs, region), _local_members(new_firms, new_fs, region)
    names = (dict(zip(old_firms["firm_id"], old_firms["name"], strict=True)),
             dict(zip(new_firms["firm_id"], new_firms["name"], strict=True)))
    local_new = set(new_firms.loc[new_firms["province"] == region, "firm_id"])
    chains = [_chain_diff(c, old_chains[c], new_chains[c], members=(old_members.get(c, {}), new_members.get(c, {})),
                          match=match, names=names, local_new=local_new, projects=(old_projects, new_projects),
                          top_k=top_k) for c in new_chains]
    return {"region": region, "top_k": top_k,
            "old": {"dataset": old_doc.get("dataset"), "year": old_doc.get("year")},
            "new": {"dataset": new_doc.get("dataset"), "year": new_doc.get("year")},
            "chains": chains, "plan": _plan_diff(old_doc.get("plan", []), new_doc.get("plan", []))}


def segment_changes(chain: Chain, chain_diff: dict, new_chain: dict) -> pd.DataFrame:
    """One row per segment of ``chain`` with its depth in the chain map (upstream = 0) and what happened:
    gap_closed, gap_opened, weak_resolved, weak_added, or the new year's gap / weak / normal.

    ``chain_diff`` is one of ``diff_years(...)["chains"]``; ``new_chain`` the new year's chain document.

    Returns
    -------
    changes : pandas.DataFrame
        One row per segment, in chain-map order (RangeIndex). ``segment_id``, ``name``, ``name_en`` (str);
        ``key_tech`` (bool); ``level`` (int, longest path from an upstream end); ``change`` (str).

    >>> from graph.model import Segment
    >>> seg = lambda i: Segment(i, i, i, "midstream")
    >>> chain = Chain("w", "w", "w", (seg("a"), seg("b"), seg("c")), (("a", "b"), ("b", "c")))
    >>> d = {"gaps_closed": [{"segment_id": "b"}], "gaps_opened": [], "weak_links_added": [],
    ...      "weak_links_resolved": []}
    >>> segment_changes(chain, d, {"gaps": [], "weak_links": [{"segment_id": "c"}]})[["segment_id", "level", "change"]]
      segment_id  level      change
    0          a      0      normal
    1          b      1  gap_closed
    2          c      2        weak
    """
    dag = nx.DiGraph()
    dag.add_nodes_from(chain.segment_ids())
    dag.add_edges_from(chain.links)
    level: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        level[node] = max((level[p] + 1 for p in dag.predecessors(node)), default=0)
    change = dict.fromkeys(chain.segment_ids(), "normal")
    for key, state in (("weak_links", "weak"), ("gaps", "gap")):
        change.update(dict.fromkeys(_segment_ids(new_chain[key]), state))
    for key, state in (("weak_links_added", "weak_added"), ("weak_links_resolved", "weak_resolved"),
                       ("gaps_opened", "gap_opened"), ("gaps_closed", "gap_closed")):
        change.update(dict.fromkeys(_segment_ids(chain_diff[key]), state))
    return pd.DataFrame([{"segment_id": s.id, "name": s.name, "name_en": s.name_en, "key_tech": s.key_tech,
                          "level": level[s.id], "change": change[s.id]} for s in chain.segments])
