"""Firm search: find firms by any part of the name, by pinyin initials, by credit code or by firm id.

Build a :class:`FirmIndex` once per dataset (:func:`build_index`), then :func:`search` it. Matches are
ranked in tiers — exact id or credit code; exact name; name prefix; name substring; pinyin-initials
prefix; pinyin-initials substring; id or credit-code part; fuzzy name (rapidfuzz, for typos) — and
within a tier by where the match starts, then by revenue (largest first), then by firm id.
Several words separated by spaces must all match (each in the name, the initials, the id or the code).

>>> import pandas as pd
>>> firms = pd.DataFrame({"firm_id": ["F1", "F2"], "name": ["潍柴动力", "济南重工"],
...                       "uscc": [None, None], "revenue": [10.0, 5.0]})
>>> index = build_index(firms)
>>> search(index, "wcdl")["firm_id"].tolist(), search(index, "重工")["match"].tolist()
(['F1'], ['name'])
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

MATCHES = ["id", "name", "name", "name", "pinyin", "pinyin", "code", "fuzzy"]  # per tier
RESULT_COLUMNS = ["row", "firm_id", "name", "match", "tier"]
FUZZY_CUTOFF = 75.0
FUZZY_MIN_LENGTH = 3


def _initial(char: str) -> str:
    """The pinyin initial of one character (lowercase); letters and digits as themselves; '' for the rest."""
    if "\u3400" <= char <= "\u9fff":
        return lazy_pinyin(char, style=Style.FIRST_LETTER)[0][:1].lower()
    return char.lower() if char.isalnum() and char.isascii() else ""


def pinyin_initials(names: list[str]) -> list[str]:
    """Pinyin initials of each name (each distinct character looked up once, so 200k names take seconds).

    >>> pinyin_initials(["潍柴动力(山东)", "ABC化工"])
    ['wcdlsd', 'abchg']
    """
    chars = sorted(set().union(*map(set, names))) if names else []
    table = str.maketrans({c: _initial(c) for c in chars})
    return [name.translate(table) for name in names]


def normalise(text: str) -> str:
    """Full-width characters folded to half-width, lowercase, surrounding space stripped."""
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


@dataclass(frozen=True)
class FirmIndex:
    """Search keys per firm row (the row of the firms table it was built from)."""

    firm_ids: list[str]
    names: list[str]
    keys_id: list[str]       # normalised firm id
    keys_name: list[str]     # normalised name
    keys_initials: list[str]
    keys_code: list[str]     # normalised credit code ('' when none)
    revenue: np.ndarray

    def __len__(self) -> int:
        return len(self.firm_ids)


def build_index(firms: pd.DataFrame) -> FirmIndex:
    """The search index of a firms table (columns ``firm_id``, ``name``, ``uscc``, ``revenue``)."""
    names = [str(n) for n in firms["name"].tolist()]
    keys_name = [normalise(n) for n in names]
    codes = ["" if c is None or (isinstance(c, float) and np.isnan(c)) else normalise(c)
             for c in firms["uscc"].tolist()]
    revenue = pd.to_numeric(firms["revenue"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    ids = [str(f) for f in firms["firm_id"].tolist()]
    return FirmIndex(ids, names, [normalise(f) for f in ids], keys_name, pinyin_initials(keys_name), codes, revenue)


def _tiers(index: FirmIndex, term: str) -> dict[int, tuple[int, int]]:
    """Row -> (tier, position) of the best way ``term`` matches that row (rows that do not match are absent)."""
    found: dict[int, tuple[int, int]] = {}

    def note(rows, tier, keys):
        for row in rows:
            best = found.get(row)
            candidate = (tier, keys[row].find(term))
            if best is None or candidate < best:
                found[row] = candidate

    note([i for i, k in enumerate(index.keys_id) if k == term], 0, index.keys_id)
    note([i for i, k in enumerate(index.keys_code) if k == term], 0, index.keys_code)
    names = [i for i, k in enumerate(index.keys_name) if term in k]
    note([i for i in names if index.keys_name[i] == term], 1, index.keys_name)
    note([i for i in names if index.keys_name[i].startswith(term)], 2, index.keys_name)
    note(names, 3, index.keys_name)
    if re.fullmatch(r"[a-z0-9]+", term):
        initials = [i for i, k in enumerate(index.keys_initials) if term in k]
        note([i for i in initials if index.keys_initials[i].startswith(term)], 4, index.keys_initials)
        note(initials, 5, index.keys_initials)
    note([i for i, k in enumerate(index.keys_id) if term in k], 6, index.keys_id)
    note([i for i, k in enumerate(index.keys_code) if term in k], 6, index.keys_code)
    return found


def search(index: FirmIndex, query: str, *, limit: int = 20) -> pd.DataFrame:
    """The best ``limit`` firms for ``query``: ``row`` (in the indexed table), ``firm_id``, ``name``,
    ``match`` (id | name | pinyin | code | fuzzy) and ``tier`` (0 best). Empty for an empty query."""
    terms = normalise(query).split()
    if not terms or not len(index):
        return pd.DataFrame(columns=RESULT_COLUMNS)
    found = _tiers(index, terms[0])
    for term in terms[1:]:
        more = _tiers(index, term)
        found = {row: max(hit, more[row]) for row, hit in found.items() if row in more}
    if len(found) < limit and len(terms) == 1 and len(terms[0]) >= FUZZY_MIN_LENGTH:
        for _, _, row in process.extract(terms[0], index.keys_name, scorer=fuzz.partial_ratio,
                                         score_cutoff=FUZZY_CUTOFF, limit=limit):
            found.setdefault(row, (7, 0))
    rows = sorted(found, key=lambda r: (found[r][0], found[r][1], -index.revenue[r], index.firm_ids[r]))[:limit]
    tiers = [found[r][0] for r in rows]
    return pd.DataFrame({"row": rows, "firm_id": [index.firm_ids[r] for r in rows],
                         "name": [index.names[r] for r in rows], "match": [MATCHES[t] for t in tiers],
                         "tier": tiers}, columns=RESULT_COLUMNS)
