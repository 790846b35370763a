"""Parsing one cell of a table: numbers, integers, years, shares, credit codes, tags, stages."""
from __future__ import annotations

import re

from stdnum.cn import uscc as uscc_std
from stdnum.exceptions import ValidationError

from graph.io.issues import Issue
from graph.io.schemas import PROJECT_STAGE_ALIASES, TABLES, column_lookup, normalise_header
from graph.io.tables import RawTable
from graph.model import FIRM_TAGS, PROJECT_STAGES

_HEADER_UNIT = re.compile(r"^(.*?)\s*[（(]\s*([^()（）]*?)\s*[)）]\s*$")
# unit -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0), "千元": ("money", 1e3), "万元": ("money", 1e4), "百万元": ("money", 1e6), "亿元": ("money", 1e8),
    "人": ("people", 1.0), "万人": ("people", 1e4),
}
_BASE_UNIT = {"money": "元", "people": "人"}
_MULTIPLIERS = {"千": 1e3, "万": 1e4, "百万": 1e6, "亿": 1e8}   # 1.2亿 = 1.2亿元 (or 亿人) in the target's dimension
PLACEHOLDERS = frozenset({"—", "——", "-", "--", "---", "－", "/", "无", "暂无", "不详", "n/a", "na", "null", "none", "nan"})
_QUANTITY = re.compile(r"^([+-]?(?:\d[\d,，]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([^\d\s]*)$")


def split_header(text) -> tuple[str, str | None]:
    """A header cell as (name, unit in brackets or None); full- and half-width brackets.

    >>> split_header("营业收入（亿元）"), split_header(" amount (万元) "), split_header("firm_id")
    (('营业收入', '亿元'), ('amount', '万元'), ('firm_id', None))
    """
    text = str(text or "").strip()
    match = _HEADER_UNIT.match(text)
    if not match:
        return text, None
    return match.group(1).strip(), match.group(2) or None


def unit_factor(unit, target) -> float | None:
    """What one ``unit`` is in ``target`` units (元, 千元, 万元, 百万元, 亿元; 人, 万人); None = unknown or mismatched.

    >>> unit_factor("亿元", "万元"), unit_factor("元", "万元"), unit_factor("万人", "人"), unit_factor("吨", "万元")
    (10000.0, 0.0001, 10000.0, None)
    """
    source, goal = UNITS.get(str(unit or "").strip()), UNITS.get(str(target or "").strip())
    if source is None or goal is None or source[0] != goal[0]:
        return None
    return source[1] / goal[1]


def parse_quantity(text, *, unit=None, target="万元") -> tuple[float | None, str | None]:
    """A cell as (value in ``target`` units or None, warning code or None).

    ``unit`` is the column's unit (from its header; default ``target``); a unit written in the cell
    (``1.2亿``, ``3,000万``, ``12万人``) overrides it and gives the warning ``"unit_in_cell"``. Placeholders
    (— -- - 无 N/A null …) are missing values with the warning ``"placeholder"``; an empty cell is missing
    without a warning. Anything else that is not a finite number in a known unit **raises ValueError**.

    >>> parse_quantity("1.2亿"), parse_quantity("3,000万"), parse_quantity("3,000")
    ((12000.0, 'unit_in_cell'), (3000.0, 'unit_in_cell'), (3000.0, None))
    >>> parse_quantity("—"), parse_quantity(""), parse_quantity("20", unit="亿元"), parse_quantity("2万人", target="人")
    ((None, 'placeholder'), (None, None), (200000.0, None), (20000.0, 'unit_in_cell'))
    """
    cell = str(text if text is not None else "").strip()
    if not cell:
        return None, None
    if cell.lower() in PLACEHOLDERS:
        return None, "placeholder"
    match = _QUANTITY.match(cell)
    if not match:
        raise ValueError(f"not a number: {cell!r}")
    number, suffix = match.groups()
    if suffix in _MULTIPLIERS and str(target) in UNITS:
        factor = _MULTIPLIERS[suffix] * unit_factor(_BASE_UNIT[UNITS[str(target)][0]], target)
    else:
        factor = unit_factor(suffix or unit or target, target)
    if factor is None:
        raise ValueError(f"unknown unit {suffix or unit!r} for {target}")
    value = float(number.replace(",", "").replace("，", "")) * factor
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {cell!r}")
    return value, ("unit_in_cell" if suffix else None)

def _parse_number(text: str) -> float:
    return float(text.replace(",", "").replace("，", ""))


def _parse_cell(kind: str, text: str, where: tuple[str, int, str], issues: list[Issue]):
    """Parse one non-empty cell; on failure record an issue and return None."""
    file, row, column = where

    def bad(code, **params):
        issues.append(Issue(file, row, column, code, params))

    if kind in ("id", "text"):
        return text
    if kind in ("number", "share"):
        try:
            value = _parse_number(text)
        except ValueError:
            return bad("bad_number", value=text)
        if value != value or value in (float("inf"), float("-inf")):
            return bad("bad_number", value=text)
        if kind == "share" and not 0 <= value <= 1:
            return bad("share_range", value=text)
        if value < 0:
            return bad("negative", value=text)
        return value
    if kind in ("int", "year"):
        try:
            number = _parse_number(text)
        except ValueError:
            return bad("bad_integer", value=text)
        if not number.is_integer():
            return bad("bad_integer", value=text)
        number = int(number)
        if kind == "year" and not 1800 <= number <= 2100:
            return bad("bad_year", value=text, low=1800, high=2100)
        if number < 0:
            return bad("negative", value=text)
        return number
    if kind == "uscc":
        code = text.upper().replace(" ", "")
        try:
            return uscc_std.validate(code)
        except ValidationError as exc:
            return bad("bad_uscc", value=text, error=exc.message)
    if kind == "tags":
        tags = tuple(t.strip() for t in re.split(r"[;；,，、]", text) if t.strip())
        for tag in tags:
            if tag not in FIRM_TAGS:
                issues.append(Issue(file, row, column, "unknown_tag",
                                    {"value": tag, "known": "、".join(FIRM_TAGS)}, "warning"))
        return tags
    if kind == "stage":
        stage = PROJECT_STAGE_ALIASES.get(text.lower(), text)
        if stage not in PROJECT_STAGES:
            return bad("bad_stage", value=text, allowed="/".join(PROJECT_STAGES))
        return stage
    raise ValueError(f"unknown column kind {kind}")


def parse_table(raw: RawTable, table: str, issues: list[Issue]) -> list[tuple[int, dict]] | None:
    """Map headers to canonical names and parse every cell.

    Returns ``[(row_number, {column: value})]`` or None when a required column is missing.
    """
    schema = TABLES[table]
    lookup = column_lookup(table)
    positions: dict[str, int] = {}
    for index, header in enumerate(raw.header):
        name = lookup.get(normalise_header(header))
        if name is None:
            continue  # extra columns are allowed and ignored
        if name in positions:
            issues.append(Issue(raw.file, 1, header, "duplicate_column", {"column": name}))
            return None
        positions[name] = index
    missing = [c for c, (_, required, _) in schema.items() if required and c not in positions]
    for column in missing:
        issues.append(Issue(raw.file, 1, column, "missing_column", {"column": column}))
    if missing:
        return None
    if not raw.rows:
        issues.append(Issue(raw.file, None, None, "no_rows", level="error" if table == "firms" else "warning"))
    parsed = []
    for row_number, cells in raw.rows:
        record = {}
        for column, index in positions.items():
            kind, required, _ = schema[column]
            text = cells[index].strip() if index < len(cells) else ""
            if not text:
                if required:
                    issues.append(Issue(raw.file, row_number, column, "required"))
                record[column] = None
                continue
            record[column] = _parse_cell(kind, text, (raw.file, row_number, column), issues)
        for column in schema:
            record.setdefault(column, None)
        parsed.append((row_number, record))
    return parsed
