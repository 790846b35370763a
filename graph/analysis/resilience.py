"""What-if (韧性推演): remove firms or a whole city and see what breaks, directly and by cascade.

Direct effects: segments whose every local firm was removed become gaps; local firms that had
local suppliers and now have none are cut off from local supply.
Cascade: a remaining local firm fails when, for some input segment it sources from, every
supplier it had there (local or not) has been removed or has failed; rounds repeat until
nothing more fails. Non-local suppliers are never removed, so they cushion the cascade.

>>> r = what_if(G, "agri_machinery", remove_city="潍坊市")     # doctest: +SKIP
>>> r["new_gaps"]                                                # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.analysis.context import chain_context


def firms_in_city(G: nx.MultiDiGraph, city: str) -> set[str]:
    """Local firms located in ``city``."""
    return {d["firm_id"] for _, d in G.nodes(data=True)
            if d.get("kind") == "firm" and d.get("local") and d.get("city") == city}


def what_if(G: nx.MultiDiGraph, chain_id: str, *, remove_firms: Iterable[str] = (),
            remove_city: str | None = None) -> dict:
    """Effects on one chain of removing ``remove_firms`` and/or every local firm of ``remove_city``.

    Returns ``removed`` (firm ids in this chain), ``new_gaps`` (direct), ``cut_off`` (local firms left
    with no local supplier), ``failed`` ({firm: cascade round}), ``cascade_gaps`` (segments that lose
    all local firms only through the cascade), and ``rounds``.
    """
    ctx = chain_context(G, chain_id)
    removed = set(remove_firms) | (firms_in_city(G, remove_city) if remove_city else set())
    removed &= set(ctx.firms)
    local = {f for f in ctx.firms if ctx.is_local(f)}

    def gaps_after(gone: set[str]) -> set[str]:
        return {s for s in ctx.dag.nodes if ctx.local_members(s) and not set(ctx.local_members(s)) - gone}

    new_gaps = gaps_after(removed)
    cut_off = sorted(f for f in local - removed
                     if any(p in local for p in ctx.supply.predecessors(f))
                     and not any(p in local and p not in removed for p in ctx.supply.predecessors(f)))

    # inputs per firm: supplier groups keyed by the supplier's segment that feeds one of the firm's segments
    inputs: dict[str, dict[str, set[str]]] = {}
    for f in local - removed:
        feeding = {u for s in ctx.firm_segments[f] for u in ctx.dag.predecessors(s)}
        groups: dict[str, set[str]] = {}
        for p in ctx.supply.predecessors(f):
            for s in ctx.firm_segments[p]:
                if s in feeding:
                    groups.setdefault(s, set()).add(p)
        inputs[f] = groups
    gone, failed, rounds = set(removed), {}, 0
    while True:
        newly = {f for f, groups in inputs.items()
                 if f not in gone and any(suppliers <= gone for suppliers in groups.values())}
        if not newly:
            break
        rounds += 1
        for f in newly:
            failed[f] = rounds
        gone |= newly
    cascade_gaps = gaps_after(gone) - new_gaps
    return {"chain_id": chain_id, "removed": sorted(removed), "new_gaps": sorted(new_gaps), "cut_off": cut_off,
            "failed": dict(sorted(failed.items())), "cascade_gaps": sorted(cascade_gaps), "rounds": rounds}
