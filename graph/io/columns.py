"""One column of a table parsed at once (vectorised with pyarrow/numpy), problems reported per cell.

Plain numbers (full-width ones too, after NFKC) take the fast path; only cells that are not plain numbers (units,
placeholders, dates, garbage) are looked at one by one with :func:`graph.io.cells.parse_money` (money columns) or
:func:`graph.io.cells.parse_quantity`.

>>> import numpy as np, pyarrow as pa
>>> found = []
>>> col = Column("firms.csv", "revenue", pa.array(["1,200", "1.2亿", "—", "", "lots"]), np.arange(2, 7), found)
>>> numbers(col, "number", target="万元").tolist()
[1200.0, 12000.0, nan, nan, nan]
>>> [(i.row, i.code, i.level) for i in found]
[(6, 'bad_number', 'error'), (3, 'unit_in_cell', 'warning'), (4, 'placeholder', 'warning')]
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from stdnum.cn import uscc as uscc_std
from stdnum.exceptions import ValidationError

from graph.io.cells import (
    PLACEHOLDERS,
    RATES_DATE,
    is_money,
    money_unit,
    parse_money,
    parse_quantity,
    unit_factor,
    year_of,
)
from graph.io.issues import Issue, add_row_issues
from graph.io.regions import PROVINCES, normalise_city, normalise_province, province_of_city
from graph.io.schemas import PROJECT_STAGE_ALIASES
from graph.model import FIRM_TAGS, PROJECT_STAGES

_PLAIN_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
YEARS = (1800, 2100)
_TAG_SEPARATORS = re.compile(r"[;；,，、|｜]")
_CANONICAL_TAGS = r"^([^;；,，、|｜\s]+(;[^;；,，、|｜\s]+)*)?$"   # '' or a;b with nothing to clean
_PLACEHOLDERS = pa.array(sorted(PLACEHOLDERS), pa.string())
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_FORMAT = r"^\d{8}[0-9A-HJ-NP-RTUW-Y]{10}$"
_USCC_WEIGHTS = np.array((1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28), dtype=np.int64)
_USCC_VALUE = np.full(256, -1, dtype=np.int64)
_USCC_VALUE[np.frombuffer(_USCC_ALPHABET.encode(), dtype=np.uint8)] = np.arange(31)


@dataclass
class Column:
    """The cells of one column (stripped text, '' = empty), their row numbers, and where to report problems."""

    file: str
    name: str
    cells: pa.Array
    rows: np.ndarray
    issues: list[Issue]

    def report(self, positions, code: str, *, level: str = "error", **params) -> None:
        """One issue per position; the cell's text is the ``value`` parameter."""
        positions = np.asarray(positions, dtype=np.int64)
        if not len(positions):
            return
        texts = self.cells.take(pa.array(positions)).to_pylist()
        add_row_issues(self.issues, self.file, self.rows[positions], self.name, code,
                       [{"value": t, **params} for t in texts], level=level)

    def empty(self) -> np.ndarray:
        return _np(pc.equal(self.cells, ""))


def _np(array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def required(col: Column) -> None:
    """Every empty cell of a required column is an error."""
    add_row_issues(col.issues, col.file, col.rows[col.empty()], col.name, "required")


def text(col: Column) -> pa.Array:
    """Text as given; an empty cell becomes null (a required one has been reported)."""
    return _null_if_empty(col.cells)


def _null_if_empty(cells):
    empty = pc.equal(cells, "")
    return pc.if_else(empty, pa.scalar(None, pa.string()), cells) if pc.any(empty).as_py() else cells


def numbers(col: Column, kind: str, *, unit: str | np.ndarray | None = None, target: str | None = None,
            factor: float | np.ndarray = 1.0) -> np.ndarray:
    """A numeric column (kind number, share, int or year) as float64, NaN where empty, missing or bad.

    ``unit``/``target``: the header's unit (or each row's, from :func:`row_units`) and the contract's (plain cells
    are multiplied by ``factor``, their ratio, or the percent factor of a share). Checks: number ≥ 0; share in
    [0, 1]; int a whole number ≥ 0; year a whole number in YEARS (a date gives its year, with a warning).
    """
    cells = col.cells
    empty = col.empty()
    clean = cells
    if pc.all(pc.string_is_ascii(cells)).as_py() is False:   # full-width digits, points, commas (，), minus
        clean = pc.utf8_normalize(cells, "NFKC")
    if pc.any(pc.match_substring(clean, ",")).as_py():
        clean = pc.replace_substring(clean, ",", "")
    try:   # the common case: every cell a plain number or empty
        values = _np(pc.cast(_null_if_empty(clean), pa.float64())).astype(np.float64, copy=True)
        plain = ~empty & ~np.isnan(values)   # 'nan' casts, but is read like other placeholders
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        plain = _np(pc.match_substring_regex(clean, _PLAIN_NUMBER))
        values = _np(pc.cast(pc.if_else(pa.array(plain), clean, pa.scalar(None, pa.string())), pa.float64()))
        values = values.astype(np.float64, copy=True)
    values *= factor
    bad = np.zeros(len(values), dtype=bool)
    warned: dict[str, list[int]] = {}
    per_row = isinstance(unit, np.ndarray)
    for i in np.flatnonzero(~empty & ~plain):
        value, warning = _odd_cell(cells[i].as_py(), kind, unit[i] if per_row else unit, target)
        if warning == "bad":
            bad[i] = True
        else:
            values[i] = np.nan if value is None else value
            warned.setdefault(warning, []).append(i)
    finite = np.isfinite(values)
    bad |= plain & ~finite & ~empty
    whole = ~finite | (values == np.floor(values))
    code = "bad_integer" if kind in ("int", "year") else "bad_number"
    if kind in ("int", "year"):
        bad |= ~whole
    col.report(np.flatnonzero(bad), code)
    ok = finite & ~bad
    if kind == "share":
        out = ok & ((values < 0) | (values > 1))
        col.report(np.flatnonzero(out), "share_range" if col.name == "share" else "fraction_range")
    elif kind == "year":
        out = ok & ((values < YEARS[0]) | (values > YEARS[1]))
        col.report(np.flatnonzero(out), "bad_year", low=YEARS[0], high=YEARS[1])
    else:
        out = ok & (values < 0)
        col.report(np.flatnonzero(out), "negative")
    for warning, positions in warned.items():
        if warning is not None:
            col.report(positions, warning, level="warning", target=target or ("0–1" if kind == "share" else ""),
                       **({"date": RATES_DATE} if warning == "currency_converted" else {}))
    values[bad | out] = np.nan
    return values


FLAG_WORDS = {"1": 1.0, "0": 0.0, "是": 1.0, "否": 0.0, "yes": 1.0, "no": 0.0, "y": 1.0, "n": 0.0, "true": 1.0,
              "false": 0.0, "1.0": 1.0, "0.0": 0.0, "已审核": 1.0, "未审核": 0.0}


def flags(col: Column) -> np.ndarray:
    """A yes/no column (1/0, 是/否, yes/no, true/false) as float64 1.0/0.0, NaN where empty; anything else is an
    error naming its cell.

    >>> found = []
    >>> flags(Column("firm_segments.csv", "reviewed", pa.array(["1", "否", "", "maybe"]), np.arange(2, 6), found)).tolist()
    [1.0, 0.0, nan, nan]
    >>> [(i.row, i.column, i.code) for i in found]
    [(5, 'reviewed', 'bad_flag')]
    """
    uniques = pc.unique(col.cells)   # a few distinct texts: each looked up once
    index = _np(pc.index_in(col.cells, value_set=uniques))
    known = np.array([np.nan if not text else FLAG_WORDS.get(unicodedata.normalize("NFKC", text).strip().lower(), -1.0)
                      for text in uniques.to_pylist()], dtype=float)
    values = known[index] if len(index) else np.full(0, np.nan)
    bad = values == -1.0
    col.report(np.flatnonzero(bad), "bad_flag")
    values[bad] = np.nan
    return values


def _odd_cell(text: str, kind: str, unit: str | None, target: str | None) -> tuple[float | None, str | None]:
    """(value, warning) for a cell that is not a plain number; warning "bad" when it cannot be read."""
    if kind == "year" and year_of(text) is not None:
        return float(year_of(text)), "date_as_year"
    if kind == "share" and text.endswith(("%", "％")):
        try:
            value, _ = parse_quantity(text[:-1], target=None)
        except ValueError:
            return None, "bad"
        return (None if value is None else value / 100), "unit_in_cell"
    try:
        return (parse_money if is_money(target) else parse_quantity)(text, unit=unit, target=target)
    except ValueError:
        return None, "bad"


def row_units(col: Column, column: str, target: str, *, default: tuple[str | None, float]
              ) -> tuple[np.ndarray, np.ndarray]:
    """(each row's unit, its factor to ``target``) from a column of units (万元 / 亿元 / 元 / 万美元 …) beside the
    money column ``column``; an empty cell takes ``default`` (the header's unit and factor). An unknown unit is an
    error naming its cell; a foreign currency is converted at CURRENCY_RATES, with a warning.

    >>> found = []
    >>> col = Column("firms.csv", "单位", pa.array(["亿元", "", "美刀"]), np.arange(2, 5), found)
    >>> units, factors = row_units(col, "revenue", "万元", default=(None, 1.0))
    >>> units.tolist(), factors.tolist(), [(i.row, i.column, i.code) for i in found]
    (['亿元', None, None], [10000.0, 1.0, 1.0], [(4, '单位', 'unknown_unit')])
    """
    uniques = pc.unique(col.cells)
    index = _np(pc.index_in(col.cells, value_set=uniques))
    units, factors = np.empty(len(uniques), dtype=object), np.ones(len(uniques))
    for k, text in enumerate(uniques.to_pylist()):
        factor = unit_factor(text, target) if text else None
        if factor is not None:
            units[k], factors[k] = text, factor
            if money_unit(text)[1]:
                col.report(np.flatnonzero(index == k), "currency_converted", level="warning", target=target,
                           date=RATES_DATE)
            continue
        units[k], factors[k] = default
        if text:
            col.report(np.flatnonzero(index == k), "unknown_unit", unit=text, column=column, expected=target)
    return units[index], factors[index]


def uscc(col: Column) -> pa.Array:
    """Credit codes, compacted and upper-cased, GB 32100 check digit verified (null when empty); a placeholder
    (无, NULL, —, N/A, - …) is missing, with a warning."""
    codes = pc.utf8_upper(pc.replace_substring_regex(col.cells, r"[\s-]", ""))
    placeholder = _np(pc.is_in(pc.utf8_lower(col.cells), value_set=_PLACEHOLDERS))
    col.report(np.flatnonzero(placeholder), "placeholder", level="warning")
    empty = col.empty() | placeholder
    shaped = _np(pc.match_substring_regex(codes, _USCC_FORMAT))
    valid = shaped.copy()
    if shaped.any():
        chosen = codes.filter(pa.array(shaped))
        chosen = chosen.combine_chunks() if isinstance(chosen, pa.ChunkedArray) else chosen
        offsets = np.frombuffer(chosen.buffers()[1], dtype=np.int32)[chosen.offset: chosen.offset + len(chosen) + 1]
        data = np.frombuffer(chosen.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]].reshape(-1, 18)
        digits = _USCC_VALUE[data]
        check = (31 - (digits[:, :17] @ _USCC_WEIGHTS) % 31) % 31
        valid[shaped] = check == digits[:, 17]
    for i in np.flatnonzero(~empty & ~valid):
        text = col.cells[i].as_py()
        try:
            uscc_std.validate(text.upper().replace(" ", ""))
            message = "invalid check digit"   # not reached: stdnum and the vectorised check agree
        except ValidationError as exc:
            message = exc.message
        add_row_issues(col.issues, col.file, [col.rows[i]], col.name, "bad_uscc", {"value": text, "error": message})
    return pc.if_else(pa.array(valid), codes, pa.scalar(None, pa.string()))


def tags(col: Column) -> pa.Array:
    """Tags separated by any of ;；,，、| re-joined with ';' ('' = none); unknown tags are warnings."""
    odd = np.flatnonzero(~_np(pc.match_substring_regex(col.cells, _CANONICAL_TAGS)))
    cells = col.cells
    if len(odd):
        values = cells.to_pylist()
        for i in odd:
            values[i] = ";".join(t.strip() for t in _TAG_SEPARATORS.split(values[i]) if t.strip())
        cells = pa.array(values, pa.string())
    lists = pc.split_pattern(cells, ";")
    flat, parents = pc.list_flatten(lists), _np(pc.list_parent_indices(lists))
    unknown = np.flatnonzero(~_np(pc.is_in(flat, value_set=pa.array(FIRM_TAGS + ("",)))))
    add_row_issues(col.issues, col.file, col.rows[parents[unknown]], col.name, "unknown_tag",
                   [{"value": flat[int(i)].as_py(), "known": "、".join(FIRM_TAGS)} for i in unknown], level="warning")
    return cells


def stages(col: Column) -> pa.Array:
    """Project stages (English aliases accepted); anything else is an error."""
    values = [PROJECT_STAGE_ALIASES.get(t.lower(), t) for t in col.cells.to_pylist()]
    bad = [i for i, v in enumerate(values) if v and v not in PROJECT_STAGES]
    col.report(bad, "bad_stage", allowed="/".join(PROJECT_STAGES))
    return pa.array([v if v in PROJECT_STAGES else None for v in values], pa.string())


def provinces(col: Column) -> pa.Array:
    """Full province names (山东 → 山东省); each value no province matches is one warning (first row, count)."""
    uniques = pc.unique(col.cells)
    names = [normalise_province(u) for u in uniques.to_pylist()]
    index = _np(pc.index_in(col.cells, value_set=uniques))
    for k, (text_value, name) in enumerate(zip(uniques.to_pylist(), names, strict=True)):
        if text_value and name is None:
            where = np.flatnonzero(index == k)
            add_row_issues(col.issues, col.file, [col.rows[where[0]]], col.name, "unknown_province",
                           {"value": text_value, "count": len(where)}, level="warning")
    mapped = pa.array([name or text_value for text_value, name in zip(uniques.to_pylist(), names, strict=True)],
                      pa.string())
    return mapped.take(pa.array(index))


def cities(col: Column, province: pa.Array | str | None) -> pa.Array:
    """Full city names (青岛 → 青岛市), looked up within each row's province; others kept; null when empty.

    A city of another province than its row's (a 山东省 firm in 南京市) is a warning naming both, and the city is
    left empty: the row is kept, never placed in the wrong province.
    """
    if province is None or isinstance(province, str):
        pairs = pc.unique(col.cells)
        mapped = pa.array([normalise_city(c, province) or None for c in pairs.to_pylist()], pa.string())
        return mapped.take(pc.index_in(col.cells, value_set=pairs))
    keys = pc.binary_join_element_wise(province, col.cells, "\x1f")
    pairs = pc.unique(keys)
    names, elsewhere = [], {}
    for k, (home, text_value) in enumerate(key.split("\x1f") for key in pairs.to_pylist()):
        name = normalise_city(text_value, home) or None
        actual = province_of_city(name)
        if actual is not None and home in PROVINCES and actual != home:
            elsewhere[k] = {"city": name, "city_province": actual, "province": home}
            name = None
        names.append(name)
    index = pc.index_in(keys, value_set=pairs)
    if elsewhere:
        codes = _np(pc.fill_null(index, -1))
        where = np.flatnonzero(np.isin(codes, list(elsewhere)))
        texts = col.cells.take(pa.array(where)).to_pylist()
        add_row_issues(col.issues, col.file, col.rows[where], col.name, "city_in_other_province",
                       [{"value": t, **elsewhere[codes[i]]} for t, i in zip(texts, where, strict=True)],
                       level="warning")
    return pa.array(names, pa.string()).take(index)
