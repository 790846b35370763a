"""The next year of a synthetic province, with a story a planner can find again in the diff.

``advance_year`` applies, in order: the planted ``STORY`` events that fit the chain set (attraction
targets that move in and close a gap — one of them re-registered under a new firm id with its credit
code kept —, a local start-up closing a gap, a weak link strengthened by new local suppliers, the only
local firm of a segment moving away), then ordinary churn (about 2 % of local firms close, 3 % open),
revenue growth, new tags, and projects moving through 谋划 → 储备 → 开工 → 竣工.

>>> from graph.io import read_chain_set
>>> from graph.synth.province import build_province
>>> p = build_province(read_chain_set("chains/shandong-2022"), seed=1, scale=0.05)
>>> told = advance_year(p)
>>> [e["event"] for e in told][:3]
['target_landed', 'target_landed_renumbered', 'target_landed']
"""
from __future__ import annotations

import math

from graph.model import PROJECT_STAGES
from graph.synth.province import Picker, Province, add_firm, add_project, name_firms

# (event, chain id, segment id): what happens between the first and the second year of the demo
STORY = (
    ("target_landed", "new_gen_it", "industrial_software"),
    ("target_landed_renumbered", "high_end_equipment", "high_end_bearings"),
    ("target_landed", "high_end_chemicals", "poe_polyolefins"),
    ("startup", "new_energy_equipment", "pem"),
    ("strengthened", "agri_machinery", "hydraulic_pumps_valves"),
    ("moved_away", "light_industry", "mcu_chips"),
)
# the risk story (外迁预警), told after churn so that every random draw of the year stays as it was: a key supplier
# that shrinks and buys from outside the province instead of from local firms; a 链主 that moves a segment's
# production away (it leaves the segment and its customers there)
RISK_STORY = (
    ("supplier_shrinks", "agri_machinery", "bearings_seals"),
    ("segment_moved_away", "high_end_equipment", "cnc_machine_tools"),
)
SHRINK_REVENUE, SHRINK_EMPLOYEES = 0.6, 0.7
CLOSE_RATE, OPEN_RATE, ADVANCE_RATE, NEW_PROJECT_RATE = 0.02, 0.03, 0.35, 0.1
MOVED_TO = "广东省"


def _local_customers(p: Province) -> dict[int, int]:
    counts: dict[int, int] = {}
    for supplier, customer, _ in p.supply:
        if p.firms[customer]["local"]:
            counts[supplier] = counts.get(supplier, 0) + 1
    return counts


def _make_local(p: Province, index: int) -> None:
    city = p.city_picker.pick(p.rng)
    p.firms[index].update(local=True, province=p.region, city=city, area=p.home.home_cities[city][0])


def wire_firm(p: Province, index: int, *, links: int = 3) -> None:
    """Supply edges for a new local firm: it sells to local firms of the segments its segment feeds and
    buys from (mostly local) firms of the segments that feed it."""
    rng = p.rng
    for chain_id, seg_id in p.firms[index]["segments"]:
        chain = p.chain_by_id[chain_id]
        for a, b in chain.links:
            if a == seg_id:
                pool, as_supplier = p.local_members((chain_id, b)), True
            elif b == seg_id:
                pool, as_supplier = [i for i in p.members[(chain_id, a)] if not p.firms[i]["gone"]], False
            else:
                continue
            pool = [i for i in pool if i != index]
            if not pool:
                continue
            picker = Picker(pool, [math.sqrt(p.firms[i]["revenue"]) for i in pool])
            for _ in range(max(1, round(rng.expovariate(1 / links)))):
                other = picker.pick(rng)
                s, c = (index, other) if as_supplier else (other, index)
                p.supply[(s, c, chain_id)] = round(min(p.firms[s]["revenue"], p.firms[c]["revenue"])
                                                   * rng.uniform(0.01, 0.2), 1)


def _start_project(p: Province, pair: tuple[str, str], owner: int) -> dict:
    """The segment's earliest unfinished project starts (开工) with ``owner``; a new one if it has none."""
    waiting = [x for x in p.projects if (x["chain_id"], x["segment_id"]) == pair and x["stage"] in ("谋划", "储备")]
    if waiting:
        waiting[0].update(stage="开工", owner=owner)
        return waiting[0]
    return add_project(p, pair, "开工", owner, city=p.firms[owner]["city"])


def land_target(p: Province, pair: tuple[str, str], *, renumber: bool = False) -> dict | None:
    """The non-local firm of a segment that already supplies most local firms moves in. With
    ``renumber`` it is registered anew (new firm id) and keeps its credit code."""
    candidates = [i for i in p.members[pair] if not p.firms[i]["local"] and not p.firms[i]["gone"]
                  and (p.firms[i]["uscc"] or not renumber)]
    if not candidates:
        return None
    supplied = _local_customers(p)
    index = max(candidates, key=lambda i: (supplied.get(i, 0), p.firms[i]["revenue"]))
    old_id = p.firms[index]["firm_id"]
    _make_local(p, index)
    if renumber:
        p.firms[index]["firm_id"] = f"F{p.next_id:06d}"
        p.next_id += 1
    project = _start_project(p, pair, index)
    return {"firm_id": p.firms[index]["firm_id"], "old_firm_id": old_id, "project_id": project["project_id"]}


def found_startup(p: Province, pair: tuple[str, str]) -> dict:
    """A new local firm (tagged 专精特新) opens in the segment and finds customers."""
    index = add_firm(p, True, pair)
    p.firms[index]["tags"].update({"专精特新", "高新技术企业"})
    name_firms(p, founded_until=2024)
    p.firms[index]["founded"] = 2024
    wire_firm(p, index)
    project = _start_project(p, pair, index)
    return {"firm_id": p.firms[index]["firm_id"], "project_id": project["project_id"]}


def strengthen(p: Province, pair: tuple[str, str], *, new_firms: int = 3) -> dict | None:
    """New local suppliers of a size like the incumbents join a thin segment and win local customers."""
    incumbents = p.local_members(pair)
    if not incumbents:
        return None
    typical = sorted(p.firms[i]["revenue"] for i in incumbents)[len(incumbents) // 2]
    added = []
    for _ in range(new_firms):
        index = add_firm(p, True, pair, revenue=typical * p.rng.uniform(0.6, 1.1))
        added.append(index)
    name_firms(p, founded_until=2024)
    for index in added:
        wire_firm(p, index, links=6)
    return {"firm_ids": [p.firms[i]["firm_id"] for i in added]}


def move_away(p: Province, pair: tuple[str, str]) -> dict | None:
    """The largest local firm of the segment relocates to another province (it stays in the data)."""
    local = p.local_members(pair)
    if not local:
        return None
    index = max(local, key=lambda i: p.firms[i]["revenue"])
    area, city, _ = p.home.other_provinces[MOVED_TO]
    p.firms[index].update(local=False, province=MOVED_TO, city=city, area=area)
    return {"firm_id": p.firms[index]["firm_id"]}


def close_firms(p: Province, indices: list[int]) -> None:
    """The firms leave the data with their memberships and supply edges (one pass over the edges)."""
    gone = set(indices)
    for index in indices:
        p.firms[index]["gone"] = True
        for pair in p.firms[index]["segments"]:
            p.members[pair].remove(index)
    p.supply = {k: v for k, v in p.supply.items() if k[0] not in gone and k[1] not in gone}


def churn(p: Province, protected: set[int]) -> dict:
    """About 2 % of local firms close (never a 链主, a protected firm or one in a segment with at most 3
    local firms) and 3 % open in segments that are not thin; every firm's revenue moves."""
    rng = p.rng
    local = [i for i, f in enumerate(p.firms) if f["local"] and not f["gone"]]
    safe_pairs = {pair for pair in p.members if len(p.local_members(pair)) > 3}
    closing = [i for i in local if i not in protected and "链主" not in p.firms[i]["tags"]
               and all(pair in safe_pairs for pair in p.firms[i]["segments"]) and rng.random() < CLOSE_RATE]
    close_firms(p, closing)
    opened = [add_firm(p, True, p.open_picker.pick(rng)) for _ in range(round(OPEN_RATE * len(local)))]
    name_firms(p, founded_until=2024)
    for index in opened:
        wire_firm(p, index)
    for firm in p.firms:
        firm["revenue"] = round(firm["revenue"] * rng.lognormvariate(0.05, 0.12), 1)
    return {"closed": len(closing), "opened": len(opened)}


def retag(p: Province) -> dict:
    """More 专精特新 among local SMEs, a few new 单项冠军 among the largest firms."""
    rng = p.rng
    local = [f for f in p.firms if f["local"] and not f["gone"]]
    revenues = sorted(f["revenue"] for f in local)
    p80 = revenues[int(0.8 * len(revenues))] if revenues else 0
    gained = {"专精特新": 0, "单项冠军": 0}
    for firm in local:
        if firm["revenue"] <= p80 and "专精特新" not in firm["tags"] and rng.random() < 0.04:
            firm["tags"].add("专精特新")
            gained["专精特新"] += 1
        elif firm["revenue"] > p80 and "单项冠军" not in firm["tags"] and rng.random() < 0.01:
            firm["tags"].add("单项冠军")
            gained["单项冠军"] += 1
    return gained


def advance_projects(p: Province, touched: set[str]) -> dict:
    """About a third of unfinished projects move one stage on; about 10 % new 谋划 projects appear."""
    rng = p.rng
    moved = 0
    for project in p.projects:
        at = PROJECT_STAGES.index(project["stage"])
        if project["project_id"] not in touched and at < len(PROJECT_STAGES) - 1 and rng.random() < ADVANCE_RATE:
            project["stage"] = PROJECT_STAGES[at + 1]
            moved += 1
    added = round(NEW_PROJECT_RATE * len(p.projects))
    for _ in range(added):
        add_project(p, p.open_picker.pick(rng), "谋划", None)
    return {"advanced": moved, "added": added}


def _suppliers(p: Province, index: int, chain_id: str) -> list[int]:
    return [s for (s, c, k) in p.supply if c == index and k == chain_id]


def shrink_supplier(p: Province, pair: tuple[str, str]) -> dict | None:
    """The segment's local firm with the most local customers (no 链主; at least two local suppliers in the chain)
    shrinks (revenue × SHRINK_REVENUE, employees × SHRINK_EMPLOYEES) and replaces each local supplier by the
    largest non-local firm of that supplier's segment (the edge keeps its amount; dropped when there is none)."""
    chain_id = pair[0]
    customers = _local_customers(p)
    local = [i for i in p.local_members(pair) if "链主" not in p.firms[i]["tags"]
             and sum(p.firms[s]["local"] for s in _suppliers(p, i, chain_id)) >= 2]
    if not local:
        return None
    index = max(local, key=lambda i: (customers.get(i, 0), p.firms[i]["revenue"]))
    firm = p.firms[index]
    firm["revenue"] = round(firm["revenue"] * SHRINK_REVENUE, 1)
    firm["employees"] = max(1, round(firm["employees"] * SHRINK_EMPLOYEES))
    replaced = []
    for supplier in _suppliers(p, index, chain_id):
        if not p.firms[supplier]["local"]:
            continue
        amount = p.supply.pop((supplier, index, chain_id))
        seg = next((x for x in p.firms[supplier]["segments"] if x[0] == chain_id), None)
        outside = [i for i in p.members.get(seg, []) if not p.firms[i]["local"] and not p.firms[i]["gone"]
                   and (i, index, chain_id) not in p.supply]
        if outside:
            other = max(outside, key=lambda i: (p.firms[i]["revenue"], -i))
            p.supply[(other, index, chain_id)] = amount
            replaced.append(p.firms[other]["firm_id"])
    return {"supplier_id": firm["firm_id"], "outside_suppliers": replaced}


def move_segment_away(p: Province, pair: tuple[str, str]) -> dict | None:
    """The largest 链主-tagged local firm with this segment and another one of the chain moves the segment's
    production out of the province: it leaves the segment, and its supply to firms only that segment feeds ends.
    Chosen only where other local firms remain in the segment (no gap opens)."""
    chain_id, seg_id = pair
    chain = p.chain_by_id[chain_id]
    candidates = [i for i in p.local_members(pair) if "链主" in p.firms[i]["tags"]
                  and any(x[0] == chain_id and x != pair for x in p.firms[i]["segments"])]
    if not candidates or len(p.local_members(pair)) < 2:
        return None
    index = max(candidates, key=lambda i: p.firms[i]["revenue"])
    firm = p.firms[index]
    firm["segments"].remove(pair)
    p.members[pair].remove(index)
    kept = {s for c, s in firm["segments"] if c == chain_id}
    fed_by_kept = {b for a, b in chain.links if a in kept}
    fed_by_moved = {b for a, b in chain.links if a == seg_id}
    ended = []
    for (s, c, k) in list(p.supply):
        if s == index and k == chain_id:
            theirs = {x for ch, x in p.firms[c]["segments"] if ch == chain_id}
            if theirs & fed_by_moved and not theirs & fed_by_kept:
                del p.supply[(s, c, k)]
                ended.append(p.firms[c]["firm_id"])
    return {"leader_id": firm["firm_id"], "customers_ended": ended}


EVENTS = {
    "target_landed": land_target,
    "target_landed_renumbered": lambda p, pair: land_target(p, pair, renumber=True),
    "startup": found_startup,
    "strengthened": strengthen,
    "moved_away": move_away,
    "supplier_shrinks": shrink_supplier,
    "segment_moved_away": move_segment_away,
}


def advance_year(p: Province, story=STORY, risk_story=RISK_STORY) -> list[dict]:
    """Move the province on by one year in place; what happened, event by event (``risk_story`` after churn)."""
    told = []
    for event, chain_id, segment_id in story:
        pair = (chain_id, segment_id)
        if pair in p.members:
            outcome = EVENTS[event](p, pair)
            if outcome:
                told.append({"event": event, "chain_id": chain_id, "segment_id": segment_id, **outcome})
    ids = {e.get("firm_id") for e in told} | {f for e in told for f in e.get("firm_ids", [])}
    protected = {i for i, f in enumerate(p.firms) if f["firm_id"] in ids}
    projects = {e["project_id"] for e in told if "project_id" in e}
    told.append({"event": "churn", **churn(p, protected)})
    told.append({"event": "tags", **retag(p)})
    told.append({"event": "projects", **advance_projects(p, projects)})
    for event, chain_id, segment_id in risk_story:
        pair = (chain_id, segment_id)
        if pair in p.members:
            outcome = EVENTS[event](p, pair)
            if outcome:
                told.append({"event": event, "chain_id": chain_id, "segment_id": segment_id, **outcome})
    return told
