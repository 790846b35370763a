"""One cell's text as a value: header units, quantities with units or placeholders, years from dates."""
from __future__ import annotations

import re

_HEADER_UNIT = re.compile(r"^(.*?)\s*[（(]\s*([^()（）]*?)\s*[)）]\s*$")
# unit -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0), "千元": ("money", 1e3), "万元": ("money", 1e4), "百万元": ("money", 1e6), "亿元": ("money", 1e8),
    "人": ("people", 1.0), "万人": ("people", 1e4), "家": ("count", 1.0), "个": ("count", 1.0),
}
_BASE_UNIT = {"money": "元", "people": "人", "count": "家"}
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
    >>> unit_factor("万元人民币", "万元"), unit_factor("亿", "万元"), unit_factor("万", "人")
    (1.0, 10000.0, 10000.0)
    """
    unit, target = (str(u or "").strip().replace("人民币", "") for u in (unit, target))
    if unit in _MULTIPLIERS and target in UNITS:   # a bare 万 / 亿 in a header means 万元 / 亿元 (万人 …)
        unit = unit + _BASE_UNIT[UNITS[target][0]]
    source, goal = UNITS.get(unit), UNITS.get(target)
    if source is None or goal is None or source[0] != goal[0]:
        return None
    return source[1] / goal[1]


def parse_quantity(text, *, unit=None, target="万元") -> tuple[float | None, str | None]:
    """A cell as (value in ``target`` units or None, warning code or None).

    ``target`` None means a plain number (no unit may be written). ``unit`` is the column's unit (from its header; default ``target``); a unit written in the cell
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
    written = suffix or unit or target
    factor = 1.0 if written is None else unit_factor(written, target)
    if factor is None:
        raise ValueError(f"unknown unit {suffix or unit!r} for {target}")
    value = float(number.replace(",", "").replace("，", "")) * factor
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {cell!r}")
    return value, ("unit_in_cell" if suffix else None)


_DATE = re.compile(r"^(\d{4})\s*(?:年|[-/.年]\s*\d{1,2}\s*(?:[-/.月]\s*\d{1,2}\s*日?)?\s*月?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def year_of(text) -> int | None:
    """The year of a date written as 2005-03-12, 2005/3/12, 2005年3月12日, 2005年3月, 2005年 or 2005-03-12 00:00:00;
    None for anything else, a bare number included.

    >>> year_of("2005-03-12"), year_of("2005年3月"), year_of("2005-03-12 00:00:00"), year_of("2005年"), year_of("2005")
    (2005, 2005, 2005, 2005, None)
    >>> year_of("2005年3月12日"), year_of("2005/3/1"), year_of("3月"), year_of("20050312")
    (2005, 2005, None, None)
    """
    match = _DATE.match(str(text or "").strip())
    if not match or match.group(0).strip() == match.group(1):
        return None
    return int(match.group(1))
