"""The region's cities as a map, offline: boundaries shipped in data/geo/boundaries, drawn as plotly shapes on
plain axes (no tiles, no map service, no web fonts), coloured by a value per city with hover text per city.

>>> shapes = city_boundaries("山东省")
>>> len(shapes), "潍坊市" in shapes
(16, True)
>>> figure = city_map(shapes, {"潍坊市": 12, "青岛市": 30}, label="本地企业")
>>> sum(1 for trace in figure.data if trace.fill == "toself")
16
"""
from __future__ import annotations

import html
import json
import math
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "geo" / "boundaries"
NO_DATA = "#e6e6e6"
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


def _label_point(polygons: Polygons) -> tuple[float, float]:
    """Area centroid of the largest outer ring."""
    def area(ring):
        return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2
    ring = max((p[0] for p in polygons), key=lambda r: abs(area(r)))
    a = area(ring) or 1e-12
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    return cx / (6 * a), cy / (6 * a)


def _ink(color: str) -> str:
    """Dark or white text, whichever reads better on an ``rgb(r, g, b)`` or ``#rrggbb`` fill."""
    if color.startswith("#"):
        r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (float(v) for v in color[color.index("(") + 1:-1].split(","))
    return "#222222" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 else "#ffffff"


def city_map(shapes: dict[str, Polygons], values: dict[str, float], *, label: str,
             hover: dict[str, list[str]] | None = None, colorscale: str = "Blues", value_format: str = ",.0f",
             height: int = 560) -> go.Figure:
    """One filled shape per city, coloured by ``values`` (city -> number; a city without one is grey), with the
    city's name, ``label`` and value and the lines of ``hover[city]`` (plain text, escaped here) on hover.

    ``shapes`` comes from :func:`city_boundaries`; keys of ``values`` and ``hover`` are its city names.
    """
    hover = hover or {}
    scale = get_colorscale(colorscale)
    numbers = [v for c, v in values.items() if c in shapes and v is not None and not math.isnan(v)]
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    span = (high - low) or 1.0
    figure = go.Figure()
    lats, fills = [], {}
    for city, polygons in shapes.items():
        xs, ys = [], []
        for polygon in polygons:
            for ring in polygon:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
        lats += [y for y in ys if y is not None]
        value = values.get(city)
        known = value is not None and not math.isnan(value)
        fill = sample_colorscale(scale, [min(1.0, 0.08 + 0.92 * (value - low) / span)])[0] if known else NO_DATA
        fills[city] = fill
        lines = [f"<b>{html.escape(city)}</b>", f"{html.escape(label)}: " + (format(value, value_format) if known
                                                                             else "–")]
        lines += [html.escape(str(line)) for line in hover.get(city, [])]
        figure.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=fill, mode="lines", name=city,
                                    line={"color": "#ffffff", "width": 1.2}, hoveron="fills", hoverinfo="text",
                                    text="<br>".join(lines), showlegend=False))
    points = {city: _label_point(polygons) for city, polygons in shapes.items()}
    figure.add_trace(go.Scatter(x=[p[0] for p in points.values()], y=[p[1] for p in points.values()],
                                mode="text", text=[html.escape(c) for c in points], hoverinfo="skip",
                                textfont={"size": 11, "color": [_ink(fills[c]) for c in points]}, showlegend=False))
    # the colour bar: an invisible marker trace carrying the scale
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
                                marker={"colorscale": [[i / 10, sample_colorscale(scale, [min(1.0, 0.08 + 0.092 * i)])[0]]
                                                       for i in range(11)],
                                        "cmin": low, "cmax": high, "color": [low], "showscale": bool(numbers),
                                        "colorbar": {"title": {"text": html.escape(label)}, "thickness": 14}}))
    middle = sum(lats) / len(lats) if lats else 0.0
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(middle)))
    figure.update_layout(height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0}, plot_bgcolor="#ffffff",
                         hoverlabel={"align": "left"}, dragmode="pan")
    return figure
