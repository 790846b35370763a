"""Firm search: find firms by any part of the name, by pinyin initials, by credit code or by firm id.

Build a :class:`FirmIndex` once per dataset (:func:`build_index`), then :func:`search` it. Matches are
ranked in tiers — exact id or credit code; exact name; name prefix; name substring; pinyin-initials
prefix; pinyin-initials substring; id or credit-code part — and within a tier by where the match starts,
then by revenue (largest first), then by firm id. When nothing matches a Chinese query, the names most
similar to it come instead (rapidfuzz, for typos).
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
class Keys:
    """One kind of search key for every firm, joined into one string so a term is found in all of them at
    C speed: ``text`` is the keys separated by NUL, ``starts`` where each row's key begins, ``lengths`` its length."""

    text: str
    starts: np.ndarray
    lengths: np.ndarray

    @classmethod
    def of(cls, keys: list[str]) -> Keys:
        keys = [k.replace("\0", "") for k in keys]
        lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
        return cls("\0".join(keys), starts, lengths)

    def find(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows whose key contains ``term``, where the first occurrence starts in each)."""
        at = np.fromiter((m.start() for m in re.finditer(re.escape(term), self.text)), dtype=np.int64)
        rows = np.searchsorted(self.starts, at, side="right") - 1
        rows, first = np.unique(rows, return_index=True)
        return rows, at[first] - self.starts[rows]


@dataclass(frozen=True)
class FirmIndex:
    """Search keys per firm row (the row of the firms table it was built from)."""

    firm_ids: list[str]
    names: list[str]
    ids: Keys        # normalised firm ids
    name_keys: Keys  # normalised names
    initials: Keys   # pinyin initials of the names
    codes: Keys      # normalised credit codes ('' when none)
    fuzzy_names: list[str]
    revenue: np.ndarray
    id_order: np.ndarray   # rank of each row's firm id in sorted order (the last tie-break)

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
    id_order = np.empty(len(ids), dtype=np.int64)
    id_order[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return FirmIndex(ids, names, Keys.of([normalise(f) for f in ids]), Keys.of(keys_name),
                     Keys.of(pinyin_initials(keys_name)), Keys.of(codes), keys_name, revenue, id_order)


NO_MATCH = np.iinfo(np.int64).max
POSITIONS = 1 << 20   # rank = tier · POSITIONS + position of the match


def _ranks(index: FirmIndex, term: str) -> np.ndarray:
    """Per row, tier · POSITIONS + position of the best way ``term`` matches it (NO_MATCH when it does not)."""
    rank = np.full(len(index), NO_MATCH, dtype=np.int64)

    def note(keys: Keys, exact: int | None, prefix: int | None, inside: int):
        rows, position = keys.find(term)
        tier = np.full(len(rows), inside, dtype=np.int64)
        if prefix is not None:
            tier[position == 0] = prefix
        if exact is not None:
            tier[(position == 0) & (keys.lengths[rows] == len(term))] = exact
        rank[rows] = np.minimum(rank[rows], tier * POSITIONS + np.minimum(position, POSITIONS - 1))  # rows are unique

    note(index.ids, 0, None, 6)
    note(index.codes, 0, None, 6)
    note(index.name_keys, 1, 2, 3)
    if re.fullmatch(r"[a-z0-9]+", term):
        note(index.initials, None, 4, 5)
    return rank


def search(index: FirmIndex, query: str, *, limit: int = 20) -> pd.DataFrame:
    """The best ``limit`` firms for ``query``: ``row`` (in the indexed table), ``firm_id``, ``name``,
    ``match`` (id | name | pinyin | code | fuzzy) and ``tier`` (0 best). Empty for an empty query."""
    terms = normalise(query).replace("\0", "").split()
    if not terms or not len(index):
        return pd.DataFrame(columns=RESULT_COLUMNS)
    rank = _ranks(index, terms[0])
    for term in terms[1:]:
        rank = np.maximum(rank, _ranks(index, term))
    found = np.flatnonzero(rank != NO_MATCH)
    if not len(found) and len(terms) == 1 and len(terms[0]) >= FUZZY_MIN_LENGTH and not terms[0].isascii():
        hits = process.extract(terms[0], index.fuzzy_names, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF,
                               limit=limit)
        for _, score, row in hits:   # the closer, the better
            rank[row] = 7 * POSITIONS + round(100 - score)
        found = np.flatnonzero(rank != NO_MATCH)
    rows = found[np.lexsort((index.id_order[found], -index.revenue[found], rank[found]))][:limit]
    tiers = (rank[rows] // POSITIONS).tolist()
    return pd.DataFrame({"row": rows.tolist(), "firm_id": [index.firm_ids[r] for r in rows],
                         "name": [index.names[r] for r in rows], "match": [MATCHES[t] for t in tiers],
                         "tier": tiers}, columns=RESULT_COLUMNS)
