"""Candidates for every firm of a registry table: one row per (firm, candidate) with a status.

>>> import pandas as pd
>>> from graph.model import Chain, Segment
>>> rules = RuleSet([Chain("cm", "工程机械", "Construction machinery",
...                        (Segment("loaders", "装载机", "Loaders", "downstream"),), ())])
>>> frame = pd.DataFrame({"firm_id": ["A", "B"], "name": ["甲装载机有限公司", "乙银行"]})
>>> propose(frame, rules)[["firm_id", "segment_id", "confidence", "status"]].to_dict("records")
[{'firm_id': 'A', 'segment_id': 'loaders', 'confidence': 0.55, 'status': 'proposed'}]
>>> unknown = []
>>> _ = propose(frame.assign(name=["甲有限公司", "乙农机厂"], scope=["装载机制造", "米机、粉碎机制造"]), rules,
...             unknown=unknown)
>>> unknown
[('B', '米机'), ('B', '粉碎机')]
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable

import pandas as pd

from graph.classify.candidates import DEFAULT_THRESHOLD, PLACED, select
from graph.classify.orgkind import kind_of
from graph.classify.rules import RuleSet
from graph.classify.text import normalise_texts

COLUMNS = ("firm_id", "rank", "status", "chain_id", "chain_name", "chain_name_en", "segment_id", "segment_name",
           "segment_name_en", "confidence", "basis", "basis_en")
# the texts RuleSet.candidates reads, in its argument order, and the registry columns they come from
TEXT_COLUMNS = {"name": ("name",), "industry": ("industry", "labels"), "products": ("products",), "scope": ("scope",)}
CHUNK = 10_000          # firms per piece of work (and per progress step)
PARALLEL_FROM = 20_000  # fewer firms than this are read in this process: starting workers would cost more
_FORKED: tuple = ()     # in a worker process: what its parent held (rules, threshold, the firms' texts)


def _texts(frame: pd.DataFrame, column_names: tuple[str, ...]) -> list[str]:
    present = [frame[c].fillna("").astype(str) for c in column_names if c in frame]
    if not present:
        return [""] * len(frame)
    joined = present[0]
    for more in present[1:]:
        joined = joined + " " + more
    return joined.tolist()


def propose(frame: pd.DataFrame, rules: RuleSet, *, threshold: float = DEFAULT_THRESHOLD, workers: int = 1,
            progress: Callable[[int, int], None] | None = None, unknown: list | None = None) -> pd.DataFrame:
    """Candidates of every firm in ``frame`` (columns firm_id, name and any of industry, labels, products,
    scope, firm_type), statuses ``proposed`` / ``below_threshold`` / ``chain_only`` / ``runner_up``; firms with no
    evidence have no row.

    ``workers`` > 1 reads a big registry in that many processes (forked, so each starts with the rules built;
    ``0``: one per core), with the same result; ``progress(done, total)`` is called at the start and after every
    :data:`CHUNK` firms. Forking is for a command-line process only: a process with threads (the app) keeps ``workers=1``.
    A list given as ``unknown`` receives (firm_id, product) for what each firm placed on no chain makes in words no
    map holds (:meth:`RuleSet.unknown_products`), in registry order."""
    texts = [normalise_texts(_texts(frame, columns)) for columns in TEXT_COLUMNS.values()]
    work = (rules, threshold, unknown is not None, frame["firm_id"].tolist(), _texts(frame, ("firm_type",)), *texts)
    total = len(frame)
    pieces = [(start, min(start + CHUNK, total)) for start in range(0, total, CHUNK)]
    workers = min(workers or os.cpu_count() or 1, len(pieces))
    rows: list[tuple] = []
    if progress:
        progress(0, total)
    if workers > 1 and total >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers, _inherit, (work,)) as pool:
            for (_, stop), (done, gaps) in zip(pieces, pool.imap(_forked_rows, pieces), strict=True):
                rows.extend(done)
                if unknown is not None:
                    unknown.extend(gaps)
                if progress:
                    progress(stop, total)
    else:
        for start, stop in pieces:
            done, gaps = _rows(work, start, stop)
            rows.extend(done)
            if unknown is not None:
                unknown.extend(gaps)
            if progress:
                progress(stop, total)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _rows(work: tuple, start: int, stop: int) -> tuple[list[tuple], list[tuple]]:
    """The candidate rows of firms ``start`` to ``stop`` of ``work``, and (when asked) the products no map holds
    that the firms placed on no chain make (see :func:`propose`)."""
    rules, threshold, gaps_wanted, firm_ids, types, *texts = work
    chains = rules.chains
    rows, gaps = [], []
    for i in range(start, stop):
        firm_texts = [column[i] for column in texts]
        kind = kind_of(firm_texts[0], types[i])
        found = rules.candidates_normalised(*firm_texts, kind)
        placed = False
        for rank, (c, status) in enumerate(select(found, threshold), start=1):
            chain = chains[c.chain_id]
            placed = placed or status in PLACED
            rows.append((firm_ids[i], rank, status, c.chain_id, chain.name, chain.name_en, c.segment_id,
                         c.segment_name, c.segment_name_en, c.confidence, c.basis("zh"), c.basis("en")))
        if gaps_wanted and not placed and "make" in kind.segments:
            gaps.extend((firm_ids[i], product) for product in rules.unknown_products(firm_texts[3], kind))
    return rows, gaps


def _inherit(work: tuple) -> None:
    """A worker's start: keep what the parent held (forked: nothing is copied until written)."""
    global _FORKED
    _FORKED = work


def _forked_rows(piece: tuple[int, int]) -> tuple[list[tuple], list[tuple]]:
    return _rows(_FORKED, *piece)
