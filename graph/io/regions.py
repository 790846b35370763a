"""Administrative names: provinces and prefecture-level cities."""
from __future__ import annotations

import csv
from pathlib import Path


def _data_rows(name: str) -> list[dict]:
    """Rows of a CSV shipped next to this module; lines starting with # state the source."""
    with open(Path(__file__).with_name(name), encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


_PROVINCES = _data_rows("provinces.csv")
_PROVINCE_BY_NAME = {**{p["short"]: p["name"] for p in _PROVINCES}, **{p["name"]: p["name"] for p in _PROVINCES},
                     **{p["name_en"].lower(): p["name"] for p in _PROVINCES}}
_PROVINCE_SUFFIXES = ("省", "市", "自治区", "特别行政区", " province", " sheng")
_CITIES = _data_rows("cities.csv")
PROVINCES: tuple[str, ...] = tuple(p["name"] for p in _PROVINCES)


def normalise_province(text) -> str | None:
    """The full name of a provincial-level division, or None when ``text`` names none.

    >>> normalise_province("山东"), normalise_province(" Shandong "), normalise_province("广西")
    ('山东省', '山东省', '广西壮族自治区')
    >>> normalise_province("内蒙古"), normalise_province("北京"), normalise_province("鲁东") is None
    ('内蒙古自治区', '北京市', True)
    """
    key = str(text or "").strip()
    found = _PROVINCE_BY_NAME.get(key) or _PROVINCE_BY_NAME.get(key.lower())
    if found:
        return found
    for suffix in _PROVINCE_SUFFIXES:   # 山东省 written as 新疆自治区, Shandong Province …
        if key.lower().endswith(suffix):
            stem = key[: len(key) - len(suffix)].strip()
            found = _PROVINCE_BY_NAME.get(stem) or _PROVINCE_BY_NAME.get(stem.lower())
            if found:
                return found
    return None


def _city_index() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    by_name: dict[str, str] = {}
    in_province: dict[tuple[str, str], str] = {}
    for city in _CITIES:
        for key in (city["name"], city["short"]):
            by_name[key] = city["name"]
            in_province[(city["province"], key)] = city["name"]
    return by_name, in_province


_CITY_BY_NAME, _CITY_IN_PROVINCE = _city_index()
_PROVINCE_OF_CITY = {city["name"]: city["province"] for city in _CITIES}
CITIES_OF_PROVINCE: dict[str, tuple[str, ...]] = {}   # province -> its prefecture-level cities' full names
for _row in _CITIES:
    CITIES_OF_PROVINCE[_row["province"]] = (*CITIES_OF_PROVINCE.get(_row["province"], ()), _row["name"])


def province_of_city(name) -> str | None:
    """The province of a prefecture-level city's full name (as :func:`normalise_city` gives it); None for others.

    >>> province_of_city("南京市"), province_of_city("北京市"), province_of_city("南京"), province_of_city("寿光")
    ('江苏省', '北京市', None, None)
    """
    return _PROVINCE_OF_CITY.get(name)


def normalise_city(text, province=None) -> str:
    """The full name of a prefecture-level city (青岛 → 青岛市); other text comes back stripped, unchanged.

    ``province`` (any form normalise_province knows) is searched first; a leading province name is dropped
    (山东省青岛市 → 青岛市).

    >>> normalise_city("青岛"), normalise_city(" 潍坊市 "), normalise_city("山东省济南市"), normalise_city("寿光")
    ('青岛市', '潍坊市', '济南市', '寿光')
    >>> normalise_city("海南", province="青海"), normalise_city("北京")
    ('海南藏族自治州', '北京市')
    """
    key = str(text or "").strip()
    full_province = normalise_province(province) if province else None
    for candidate in (key, _without_province(key)):
        if not candidate:
            continue
        found = full_province and _CITY_IN_PROVINCE.get((full_province, candidate))
        found = found or _CITY_BY_NAME.get(candidate)
        if found:
            return found
    return key


def city_at_start(text, province) -> str | None:
    """The city of ``province`` (its full name) that ``text``, an address, starts with after any province name.

    >>> city_at_start("海南省东方市板桥镇", "海南省"), city_at_start("新疆图木舒克市工业园区", "新疆维吾尔自治区")
    ('东方市', '图木舒克市')
    >>> city_at_start("徂徕镇南上庄", "山东省") is None
    True
    """
    key = str(text or "").strip()
    rest = _without_province(key) or key
    return next((c for c in CITIES_OF_PROVINCE.get(province, ()) if rest.startswith(c)), None)


_CITY_BY_CODE = {city["code"]: city["name"] for city in _CITIES}


def city_of_code(code) -> str | None:
    """The city of a GB/T 2260 division code (six digits: a county's, a city's or a province's), as a unified social
    credit code carries its registration authority's at positions 3–8; None for a code of no known city.

    >>> city_of_code("370983"), city_of_code("371000"), city_of_code("110105"), city_of_code("469002"), city_of_code("37")
    ('泰安市', '威海市', '北京市', '琼海市', None)
    """
    code = str(code or "")
    if len(code) != 6 or not code.isdigit():
        return None
    return (_CITY_BY_CODE.get(code) or _CITY_BY_CODE.get(code[:4] + "00") or _CITY_BY_CODE.get(code[:2] + "0000"))


def _without_province(text: str) -> str:
    """'山东省青岛市' -> '青岛市'; '' when ``text`` does not start with a province name."""
    for name in sorted(_PROVINCE_BY_NAME, key=len, reverse=True):
        if text.startswith(name) and len(text) > len(name) and not name.isascii():
            return text[len(name):]
    return ""
