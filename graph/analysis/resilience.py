"""What-if (韧性推演): remove firms or a whole city and see what breaks, directly and by cascade.

Direct effects: segments whose every local firm was removed become gaps; local firms that had
local suppliers and now have none are cut off from local supply.
Cascade: a remaining local firm fails when, for some input segment it sources from, every
supplier it had there (local or not) has been removed or has failed; rounds repeat until
nothing more fails. Non-local suppliers are never removed, so they cushion the cascade.
Without supply data only the direct new gaps can be computed (``supply_present`` is False).

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> r = what_if(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery", remove_city="潍坊市")
>>> sorted(r)[:3]
['cascade_gaps', 'chain_id', 'cut_off']
"""
from __future__ import annotations

from collections.abc import Iterable

from graph.analysis.source import as_facts


def firms_in_city(facts, city: str) -> set[str]:
    """Local firms located in ``city``."""
    firms = facts.firms
    return set(firms.loc[firms["local"] & (firms["city"] == city), "firm_id"])


def what_if(source, chain_id: str, *, remove_firms: Iterable[str] = (), remove_city: str | None = None) -> dict:
    """Effects on one chain of removing ``remove_firms`` and/or every local firm of ``remove_city``.

    The API's door, as :func:`graph.analysis.summary.analyze`: ``source`` may be Facts, a networkx graph or a
    Dataset.

    Returns
    -------
    effects : dict
        ``chain_id`` (str); ``removed`` (list of the firm ids removed that are in this chain, sorted); ``new_gaps``
        (list of segment ids that lose every local firm directly); ``cut_off`` (list of local firm ids left with no
        local supplier); ``failed`` (dict: firm id -> cascade round, int from 1); ``cascade_gaps`` (list of segment
        ids that lose every local firm only through the cascade); ``rounds`` (int, cascade rounds);
        ``supply_present`` (bool: False means only ``new_gaps`` could be judged).
    """
    facts = as_facts(source)
    chain = facts.chain(chain_id)
    ids = chain.firm_ids
    wanted = set(remove_firms) | (firms_in_city(facts, remove_city) if remove_city else set())
    in_chain = {int(f) for f in chain.firms}
    removed = {int(f) for f in facts.codes(sorted(wanted))} & in_chain
    local = {f for f in in_chain if chain.local[f]}
    local_of = {s: {int(f) for f in chain.local_in(s)} for s in chain.segment_order}

    def gaps_after(gone: set[int]) -> set[str]:
        return {s for s, firms in local_of.items() if firms and not firms - gone}

    new_gaps = gaps_after(removed)
    suppliers_of = chain.suppliers_of
    cut_off = sorted(ids[f] for f in local - removed
                     if any(p in local for p in suppliers_of.get(f, ()))
                     and not any(p in local and p not in removed for p in suppliers_of.get(f, ())))

    # inputs per firm: supplier groups keyed by the supplier's segment that feeds one of the firm's segments
    inputs: dict[int, list[set[int]]] = {}
    for f in local - removed:
        feeding = {u for s in chain.segments_of[f] for u in chain.dag.predecessors(s)}
        groups: dict[str, set[int]] = {}
        for p in suppliers_of.get(f, ()):
            for s in chain.segments_of[p]:
                if s in feeding:
                    groups.setdefault(s, set()).add(p)
        inputs[f] = list(groups.values())
    gone, failed, rounds = set(removed), {}, 0
    while True:
        newly = {f for f, groups in inputs.items() if f not in gone and any(g <= gone for g in groups)}
        if not newly:
            break
        rounds += 1
        for f in newly:
            failed[ids[f]] = rounds
        gone |= newly
    cascade_gaps = gaps_after(gone) - new_gaps
    return {"chain_id": chain_id, "removed": sorted(ids[f] for f in removed), "new_gaps": sorted(new_gaps),
            "cut_off": cut_off, "failed": dict(sorted(failed.items())), "cascade_gaps": sorted(cascade_gaps),
            "rounds": rounds, "supply_present": facts.supply_present}
