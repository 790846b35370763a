"""One cell's text as a value: header units, money and other quantities with units or placeholders, shares,
years from dates.

Every number cell is read after NFKC normalisation, so full-width digits, points, commas and minus signs
(``１２．５``, ``１，２００``, ``－１``) read as their ASCII forms.
"""
from __future__ import annotations

import re
import unicodedata

_HEADER_UNIT = re.compile(r"^(.*?)\s*[（(]\s*([^()（）]*?)\s*[)）]\s*$")
_UNIT_LABEL = re.compile(r"^单位\s*[:：]?\s*")   # 营业收入（单位：亿元）
# unit -> (dimension, factor to the dimension's base unit), for quantities other than money
UNITS: dict[str, tuple[str, float]] = {"人": ("people", 1.0), "万人": ("people", 1e4), "家": ("count", 1.0),
                                       "个": ("count", 1.0)}
_BASE_UNIT = {"people": "人", "count": "家"}
_MULTIPLIERS = {"千": 1e3, "万": 1e4, "百万": 1e6, "亿": 1e8}   # 2万 = 2万人 in a people column
MAGNITUDES = {"千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}
RMB = ("元人民币", "人民币元", "人民币", "元")
# Yuan per unit of a foreign currency: the central parity rates of the yuan (人民币汇率中间价, CFETS) of
# 2024-12-31 — fixed, so the same file always reads the same; registered capital is a nominal figure anyway.
RATES_DATE = "2024-12-31"
CURRENCY_RATES = {"美元": 7.1884, "美金": 7.1884, "欧元": 7.5257, "日元": 0.046233, "港币": 0.92604, "港元": 0.92604,
                  "香港元": 0.92604, "英镑": 9.0765}
# currencies the euro replaced, at their irrevocable conversion rates to the euro (1 EUR = 1.95583 DEM = 6.55957 FRF)
CURRENCY_RATES |= {"德国马克": CURRENCY_RATES["欧元"] / 1.95583, "法国法郎": CURRENCY_RATES["欧元"] / 6.55957}
# 万元美元, 万元(港币): a 元 written between the magnitude and the currency says nothing more
_MONEY_UNIT = re.compile("^({})?元?({})?$".format("|".join(sorted(MAGNITUDES, key=len, reverse=True)),
                                                 "|".join(sorted(RMB + tuple(CURRENCY_RATES), key=len, reverse=True))))
PLACEHOLDERS = frozenset({"—", "——", "-", "--", "---", "－", "/", "无", "暂无", "不详", "n/a", "na", "null", "none", "nan"})
_QUANTITY = re.compile(r"^([+-]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(?:\(\s*([^\d\s]+?)\s*\)|([^\d\s()]*))$")
_SHARE_RANGE = re.compile(r"^0(?:\.0*)?\s*[-–—~至到]\s*(1|100)(?:\.0*)?$")


def nfkc(text: str) -> str:
    """``text`` in NFKC form (full-width digits, points, commas, brackets and minus as ASCII); ASCII as is.

    >>> nfkc("１２．５"), nfkc("（万元）"), nfkc("12.5")
    ('12.5', '(万元)', '12.5')
    """
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def split_header(text) -> tuple[str, str | None]:
    """A header cell as (name, unit in brackets or None); full- and half-width brackets; a ``单位：`` label
    before the unit is dropped.

    >>> split_header("营业收入（亿元）"), split_header(" amount (万元) "), split_header("firm_id")
    (('营业收入', '亿元'), ('amount', '万元'), ('firm_id', None))
    >>> split_header("营业收入（单位：亿元）"), split_header("占比 (0-1)")
    (('营业收入', '亿元'), ('占比', '0-1'))
    """
    text = str(text or "").strip()
    match = _HEADER_UNIT.match(text)
    if not match:
        return text, None
    return match.group(1).strip(), _UNIT_LABEL.sub("", match.group(2)) or None


def money_unit(unit) -> tuple[float, str | None] | None:
    """A money unit as (yuan per unit, foreign currency or None for RMB); None when ``unit`` is no money unit.

    A magnitude (千 万 十万 百万 千万 亿) and a currency (元, 人民币, or one of CURRENCY_RATES), either may be left out.

    >>> money_unit("万元"), money_unit("万元人民币"), money_unit("万"), money_unit("万美元"), money_unit("万人")
    ((10000.0, None), (10000.0, None), (10000.0, None), (71884.0, '美元'), None)
    """
    text = re.sub(r"[\s()]+", "", nfkc(str(unit or "")))   # 万元(人民币), (万美元): the brackets say nothing
    match = _MONEY_UNIT.match(text) if text else None
    if match is None:
        return None
    magnitude, currency = match.groups()
    rate = CURRENCY_RATES.get(currency, 1.0)
    return MAGNITUDES.get(magnitude, 1.0) * rate, (currency if currency in CURRENCY_RATES else None)


def is_money(unit) -> bool:
    """Whether ``unit`` is an amount of yuan (a money column's target).

    >>> is_money("万元"), is_money("人"), is_money(None)
    (True, False, False)
    """
    found = money_unit(unit)
    return found is not None and found[1] is None


def unit_factor(unit, target) -> float | None:
    """What one ``unit`` is in ``target`` units (money: 元 千元 万元 亿元 …, foreign currencies at CURRENCY_RATES;
    people: 人 万人); None = unknown or mismatched.

    >>> unit_factor("亿元", "万元"), unit_factor("元", "万元"), unit_factor("万人", "人"), unit_factor("吨", "万元")
    (10000.0, 0.0001, 10000.0, None)
    >>> unit_factor("万元人民币", "万元"), unit_factor("亿", "万元"), unit_factor("万", "人"), unit_factor("万美元", "万元")
    (1.0, 10000.0, 10000.0, 7.1884)
    """
    if is_money(target):
        source = money_unit(unit)
        return None if source is None else source[0] / money_unit(target)[0]
    unit, target = (str(u or "").strip() for u in (unit, target))
    if unit in _MULTIPLIERS and target in UNITS:   # a bare 万 in a people column means 万人
        unit = unit + _BASE_UNIT[UNITS[target][0]]
    source, goal = UNITS.get(unit), UNITS.get(target)
    if source is None or goal is None or source[0] != goal[0]:
        return None
    return source[1] / goal[1]


def share_factor(unit) -> float | None:
    """What a share column's header unit makes of its numbers: % 百分比 0-100 → 0.01; 0-1 小数 → 1; None = unknown.

    >>> share_factor("%"), share_factor("百分比"), share_factor("0-1"), share_factor("０～１"), share_factor("元")
    (0.01, 0.01, 1.0, 1.0, None)
    """
    text = re.sub(r"\s+", "", nfkc(str(unit or "")))
    if text in ("%", "百分比", "百分数"):
        return 0.01
    if text == "小数":
        return 1.0
    match = _SHARE_RANGE.match(text)
    return None if match is None else (0.01 if match.group(1) == "100" else 1.0)


def _number_and_unit(text) -> tuple[str | None, float | None, str | None]:
    """(cell in NFKC form or None when empty or a placeholder, its number, the unit written after it or None)."""
    cell = nfkc(str(text if text is not None else "").strip())
    if not cell or cell.lower() in PLACEHOLDERS or not cell.strip("() "):   # () is an amount left out
        return (cell or None), None, None
    if not any(c.isdigit() for c in cell) and money_unit(cell) is not None:   # (万香港元): a unit, no amount
        return cell, None, None
    match = _QUANTITY.match(cell)
    if not match:
        raise ValueError(f"not a number: {cell!r}")
    number, bracketed, bare = match.groups()
    value = float(number.replace(",", ""))
    return cell, value, (bracketed or bare or None)


def _finite(value: float, cell: str) -> float:
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {cell!r}")
    return value


def parse_money(text, *, unit=None, target="万元") -> tuple[float | None, str | None]:
    """A money cell as (value in ``target``, a yuan unit, or None; note or None), in the forms registration
    exports write: ``233.6000(万元人民币)``, ``1,286.5000(万)``, ``26万元``, ``405万人民币``, ``300(万美元)``.

    ``unit`` is the column's unit (default ``target``); a unit written in the cell overrides it. Notes:
    ``"unit_in_cell"`` (a unit was written in the cell), ``"currency_converted"`` (a foreign currency, converted
    at the fixed rates of CURRENCY_RATES, dated RATES_DATE), ``"placeholder"`` (— N/A 无 … read as missing); an
    empty cell is missing without a note. Anything else — an unknown unit or currency — **raises ValueError**.

    >>> parse_money("233.6000(万元人民币)"), parse_money("1,286.5000(万)"), parse_money("26万元")
    ((233.6, 'unit_in_cell'), (1286.5, 'unit_in_cell'), (26.0, 'unit_in_cell'))
    >>> parse_money("405万人民币"), parse_money("50(万元)"), parse_money("300(万美元)"), parse_money("100万港币")
    ((405.0, 'unit_in_cell'), (50.0, 'unit_in_cell'), (2156.52, 'currency_converted'), (92.604, 'currency_converted'))
    >>> parse_money("N/A"), parse_money(""), parse_money("１２．５"), parse_money("5", unit="亿元")
    ((None, 'placeholder'), (None, None), (12.5, None), (50000.0, None))
    >>> parse_money("100(万元(人民币))"), parse_money("10(万元美元)"), parse_money("10(万香港元)"), parse_money("()")
    ((100.0, 'unit_in_cell'), (71.884, 'currency_converted'), (9.2604, 'currency_converted'), (None, 'placeholder'))
    >>> parse_money("(万香港元)"), parse_money("万人民币")
    ((None, 'placeholder'), (None, 'placeholder'))
    >>> parse_money("100万卢布")
    Traceback (most recent call last):
    ValueError: unknown unit '万卢布' for 万元
    """
    goal = money_unit(target)
    if goal is None or goal[1] is not None:
        raise ValueError(f"{target!r} is not an amount of yuan")
    cell, number, written = _number_and_unit(text)
    if number is None:
        return None, ("placeholder" if cell else None)
    source = money_unit(written or unit or target)
    if source is None:
        raise ValueError(f"unknown unit {written or unit!r} for {target}")
    value = _finite(number * (source[0] / goal[0]), cell)
    return value, ("currency_converted" if source[1] else "unit_in_cell" if written else None)


def parse_quantity(text, *, unit=None, target="万元") -> tuple[float | None, str | None]:
    """A cell as (value in ``target`` units or None, warning code or None).

    ``target`` None means a plain number (no unit may be written); a yuan unit reads the cell with
    :func:`parse_money` but refuses foreign currencies. ``unit`` is the column's unit (from its header; default
    ``target``); a unit written in the cell (``1.2亿``, ``3,000万``, ``12万人``) overrides it and gives the warning
    ``"unit_in_cell"``. Placeholders (— -- - 无 N/A null …) are missing values with the warning ``"placeholder"``;
    an empty cell is missing without a warning. Anything else that is not a finite number in a known unit
    **raises ValueError**.

    >>> parse_quantity("1.2亿"), parse_quantity("3,000万"), parse_quantity("3,000")
    ((12000.0, 'unit_in_cell'), (3000.0, 'unit_in_cell'), (3000.0, None))
    >>> parse_quantity("—"), parse_quantity(""), parse_quantity("20", unit="亿元"), parse_quantity("2万人", target="人")
    ((None, 'placeholder'), (None, None), (200000.0, None), (20000.0, 'unit_in_cell'))
    """
    if is_money(target):
        value, note = parse_money(text, unit=unit, target=target)
        if note == "currency_converted":
            raise ValueError(f"a foreign currency in {text!r}: parse_money converts it")
        return value, note
    cell, number, written = _number_and_unit(text)
    if number is None:
        return None, ("placeholder" if cell else None)
    suffix = written or unit or target
    factor = 1.0 if suffix is None else unit_factor(suffix, target)
    if factor is None:
        raise ValueError(f"unknown unit {written or unit!r} for {target}")
    return _finite(number * factor, cell), ("unit_in_cell" if written else None)


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
