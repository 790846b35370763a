"""Charts for the app's pages as markup the browser draws at once (no chart library to start, nothing fetched):
bars, a map of cities and a layered map of segments as inline SVG, heat tables as HTML. Hover text is each shape's
SVG ``<title>``; every label is escaped here. Pages show them with ``views.widgets.svg_chart``.
An SVG is as wide as its column and at most its own ``width``, its text scaled with it: a chart drawn 600 units wide
keeps its 12-unit text at 11 px or more in the 564-px column of a 1024-px laptop.

>>> svg = bar_chart(["汽车", "电子"], {"2024": [0.8, 0.5]}, percent=True)
>>> svg.count('<rect class="bar"'), "汽车 · 2024: 80%" in svg
(2, True)
"""
from __future__ import annotations

import html
import math
import zlib

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex

PALETTE = ("#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880", "#ff97ff",
           "#fecb52")
INK = "#31333f"
GRID = "#e6e6e6"
NO_DATA = "#e6e6e6"
FONT = 12
Point = tuple[float, float]


def _esc(value) -> str:
    """``value`` as text for markup: escaped, line breaks as ``&#10;`` (a chart stays one line; in markdown a blank
    line would end its HTML block and what follows would be read as markdown).

    >>> _esc('甲<b>' + chr(10) * 2 + '![x](http://e.example/p.png)')
    '甲&lt;b&gt;&#10;&#10;![x](http://e.example/p.png)'
    """
    return html.escape(str(value), quote=True).replace("\r\n", "&#10;").replace("\r", "&#10;").replace("\n", "&#10;")


def _title(lines) -> str:
    """An SVG ``<title>`` (the hover text), one line per item; newlines as ``&#10;`` so the markup stays one line."""
    return "<title>" + "&#10;".join(_esc(line) for line in lines) + "</title>"


def _svg(width: float, height: float, body: list[str]) -> str:
    """The ``<svg>`` element: as wide as its column, at most its natural ``width`` (text keeps its size)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
            f'style="max-width:{width:.0f}px" role="img" font-family="sans-serif" font-size="{FONT}" fill="{INK}">'
            + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: float = FONT, fill: str = INK,
          extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size:g}" fill="{fill}"{extra}>'
            f"{_esc(text)}</text>")


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is at font ``size``: CJK characters a full em, others 0.6 em.

    >>> text_width("汽车 EV", 10)
    38.0
    """
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in text)


def _clip(text: str, room: float, size: float = FONT) -> str:
    """``text`` cut with … to fit ``room``."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """Ticks from 0 to at least ``high`` in round steps ([0, 1] when ``high`` is not a positive number).

    >>> nice_ticks(87), nice_ticks(0.3), nice_ticks(float("nan"))
    ([0, 20, 40, 60, 80, 100], [0, 0.1, 0.2, 0.3], [0, 1])
    """
    if not (math.isfinite(high) and high > 0):
        return [0, 1]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    ticks = [float(f"{i * step:.12g}") for i in range(math.ceil(high / step - 1e-9) + 1)]
    return [int(tick) if tick.is_integer() else tick for tick in ticks]


def _legend(entries: list[tuple[str, str]], width: float, y: float) -> tuple[list[str], float]:
    """Swatches with names, wrapped to ``width``; (markup, height taken)."""
    body, x, line = [], 0.0, 0
    for name, color in entries:
        room = 18 + text_width(name) + 16
        if x and x + room > width:
            x, line = 0.0, line + 1
        top = y + line * 20
        body.append(f'<rect x="{x:.1f}" y="{top + 2:.1f}" width="12" height="12" rx="2" fill="{_esc(color)}"/>')
        body.append(_text(x + 18, top + 12, name))
        x += room
    return body, (line + 1) * 20 + 6 if entries else 0


def _number(value) -> float | None:
    """``value`` as a finite float, or None (None, NaN, pd.NA, infinite or not a number).

    >>> _number(3), _number(float("nan")), _number(None), _number("x")
    (3.0, None, None, None)
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _format(value: float, percent: bool, value_format: str) -> str:
    return f"{value:.0%}" if percent else format(value, value_format)


def bar_chart(categories: list[str], series: dict[str, list[float]], *, stacked: bool = False,
              percent: bool = False, value_format: str = ",.0f", width: int = 700, colors: dict[str, str] | None = None,
              axis_label: str = "") -> str:
    """Horizontal bars, one row per category: the series side by side (or ``stacked``), a legend above when there
    is more than one series, the value axis below (0–100 % when ``percent``). A missing value (None or NaN) draws
    nothing. Hover a bar for its category, series and value.

    >>> svg = bar_chart(["A"], {"谋划": [2], "开工": [3]}, stacked=True)
    >>> svg.count('<rect class="bar"'), "A · 开工: 3" in svg
    (2, True)
    """
    names = list(series)
    colors = colors or {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}

    body, legend_height = _legend([(n, colors[n]) for n in names], width, 0) if len(names) > 1 else ([], 0)
    left = min(max((text_width(c) for c in categories), default=0) + 8, width * 0.4)
    right = width - 24
    bar = 16 if stacked or len(names) <= 1 else max(6, 22 // len(names))
    row = (bar if stacked else bar * len(names)) + 10
    if percent:
        ticks = [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    else:
        values = [[v for v in (_number(s[i]) for s in series.values()) if v is not None]
                  for i in range(len(categories))]
        totals = [sum(max(v, 0) for v in row) if stacked else max(row, default=0) for row in values]
        ticks = nice_ticks(max(totals, default=0))
    scale = (right - left) / ticks[-1]
    top, plot_height = legend_height, row * len(categories)
    for tick in ticks:
        x = left + tick * scale
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_height}" stroke="{GRID}"/>')
        body.append(_text(x, top + plot_height + 16, _format(tick, percent, ",g"), anchor="middle"))
    for i, category in enumerate(categories):
        y = top + i * row + 5
        body.append(_text(left - 6, y + (row - 10) / 2 + 4, _clip(category, left - 8), anchor="end",
                          extra=f' data-category="{_esc(category)}"'))
        x = left
        for k, name in enumerate(names):
            value = _number(series[name][i])
            if value is None:
                continue
            length = max(value, 0) * scale
            y0 = y if stacked else y + k * bar
            start = x if stacked else left
            hover = _title([f"{category} · {name}: {_format(value, percent, value_format)}"])
            body.append(f'<rect class="bar" x="{start:.1f}" y="{y0:.1f}" width="{length:.1f}" height="{bar - 1}" '
                        f'fill="{_esc(colors[name])}">{hover}</rect>')
            if stacked:
                x += length
    height = top + plot_height + 24
    if axis_label:
        body.append(_text((left + right) / 2, height + 10, axis_label, anchor="middle"))
        height += 16
    return _svg(width, height, body)


def _area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def label_point(polygons) -> Point:
    """Area centroid of the largest outer ring of a MultiPolygon ((lon, lat) rings)."""
    ring = max((p[0] for p in polygons), key=lambda r: abs(_area(r)))
    a = _area(ring) or 1e-12
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    return cx / (6 * a), cy / (6 * a)


def ink(color: str) -> str:
    """Dark or white text, whichever reads better on a ``#rrggbb`` fill.

    >>> ink("#08306b"), ink("#e6e6e6")
    ('#ffffff', '#222222')
    """
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#222222" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 else "#ffffff"


def shade(colorscale: str, share: float) -> str:
    """The colour at ``share`` (0–1) of a named matplotlib colour map, kept off its palest end, as ``#rrggbb`` (what
    HTML's ``bgcolor`` reads as well as SVG).

    >>> shade("Blues", 1.0), shade("Blues", 0.0)
    ('#08306b', '#e7f1fa')
    """
    return to_hex(colormaps[colorscale](min(1.0, 0.08 + 0.92 * max(share, 0.0))))


def city_map(shapes: dict, values: dict[str, float], *, label: str, hover: dict[str, list[str]] | None = None,
             colorscale: str = "Blues", value_format: str = ",.0f", width: int = 700) -> str:
    """One filled shape per city (``shapes``: city -> MultiPolygon of (lon, lat), see ``graph.geo``), coloured by
    ``values`` (a city without a value, or NaN, is grey), named at its centre, with a colour bar below. Hover a
    city for its name, ``label``: value and the lines of ``hover[city]``.

    >>> square = [[[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]]]
    >>> svg = city_map({"甲市": square, "乙市": [[[(1, 0), (2, 0), (2, 1), (1, 1), (1, 0)]]]}, {"甲市": 3},
    ...                label="企业")
    >>> svg.count('class="city"'), "甲市&#10;企业: 3" in svg, f'fill="{NO_DATA}"' in svg
    (2, True, True)
    """
    if not shapes:
        raise ValueError("a city map needs at least one city's shape (graph.geo.city_boundaries)")
    hover = hover or {}
    numbers = [v for c, v in values.items() if c in shapes and _number(v) is not None]
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    span = (high - low) or 1.0
    points = [p for polygons in shapes.values() for polygon in polygons for ring in polygon for p in ring]
    lats = [p[1] for p in points]
    stretch = 1 / math.cos(math.radians((min(lats) + max(lats)) / 2)) if points else 1.0
    x_low, x_high = min(p[0] for p in points), max(p[0] for p in points)
    y_low, y_high = min(lats), max(lats)
    margin = 8
    scale = (width - 2 * margin) / ((x_high - x_low) or 1)
    map_height = (y_high - y_low) * stretch * scale + 2 * margin

    def xy(p) -> str:
        return f"{margin + (p[0] - x_low) * scale:.1f} {margin + (y_high - p[1]) * stretch * scale:.1f}"

    body, labels = [], []
    for city, polygons in shapes.items():
        value = _number(values.get(city))
        known = value is not None
        fill = shade(colorscale, (value - low) / span) if known else NO_DATA
        path = "".join("M" + "L".join(xy(p) for p in ring) + "Z" for polygon in polygons for ring in polygon)
        lines = [city, f"{label}: " + (format(value, value_format) if known else "–"), *hover.get(city, [])]
        body.append(f'<path class="city" data-city="{_esc(city)}" d="{path}" fill="{fill}" fill-rule="evenodd" '
                    f'stroke="#ffffff" stroke-width="1.2">{_title(lines)}</path>')
        x, y = xy(label_point(polygons)).split()
        labels.append(_text(float(x), float(y) + 4, city, anchor="middle", fill=ink(fill),
                            extra=' pointer-events="none"'))
    body += labels
    if numbers:   # the colour bar: a gradient from the lowest value to the highest
        gradient = f"scale{zlib.crc32((colorscale + label).encode()):x}"
        stops = "".join(f'<stop offset="{i / 10:g}" stop-color="{shade(colorscale, i / 10)}"/>' for i in range(11))
        left, bar_width, top = margin, min(260.0, width / 2), map_height + 6
        body.append(f'<defs><linearGradient id="{gradient}">{stops}</linearGradient></defs>')
        body.append(_text(left, top + 12, label))
        bar_left = left + text_width(label) + 10
        body.append(f'<rect x="{bar_left:.1f}" y="{top + 2:.1f}" width="{bar_width:.0f}" height="12" '
                    f'fill="url(#{gradient})"/>')
        body.append(_text(bar_left, top + 30, format(low, value_format)))
        body.append(_text(bar_left + bar_width, top + 30, format(high, value_format), anchor="end"))
        map_height += 42
    return _svg(width, map_height, body)


def layered_map(nodes: list[dict], links: list[tuple[str, str]], legend: list[tuple[str, str]], *,
                width: int = 900) -> str:
    """Nodes in columns (``level`` from the left, ``row`` from the top) joined by grey ``links`` (pairs of node
    ids), each node a dot in its ``color`` with its ``label`` above and ``label`` on hover; ``legend`` (name,
    colour) below. Nodes are dicts with ``id``, ``level``, ``row``, ``label``, ``color``.

    >>> svg = layered_map([{"id": "a", "level": 0, "row": 0, "label": "原料", "color": "#ccc"},
    ...                    {"id": "b", "level": 1, "row": 0, "label": "整车", "color": "#f00"}], [("a", "b")],
    ...                   [("新增", "#f00")])
    >>> svg.count("<circle"), svg.count("<line")
    (2, 1)
    """
    levels = max((n["level"] for n in nodes), default=0) + 1
    rows = max((n["row"] for n in nodes), default=0) + 1
    column = width / levels
    spot = {n["id"]: (column * (n["level"] + 0.5), 34 + 64 * n["row"]) for n in nodes}
    body = [f'<line x1="{spot[a][0]:.1f}" y1="{spot[a][1]:.1f}" x2="{spot[b][0]:.1f}" y2="{spot[b][1]:.1f}" '
            f'stroke="#bbbbbb"/>' for a, b in links if a in spot and b in spot]
    for node in nodes:
        x, y = spot[node["id"]]
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{_esc(node["color"])}" stroke="#333333">'
                    f'{_title([node["label"]])}</circle>')
        body.append(_text(x, y - 14, _clip(node["label"], column - 6), anchor="middle"))
    height = 34 + 64 * rows - 20
    swatches, taken = _legend(legend, width, height)
    return _svg(width, height + taken, body + swatches)


def heat_table(frame, *, colorscale: str = "Blues", value_format: str = ",.0f") -> str:
    """``frame`` (numbers; index and columns are the labels) as one line of HTML table, each cell coloured by its
    value on ``colorscale`` (lowest to highest over the whole table), in a box that scrolls sideways. Column names
    run top to bottom and row names wrap after 10 characters, so 16 cities by 11 chains fit the 564-px column of a
    1024-px laptop. Colours and spacing are attributes (styles only on the header cells): a browser reads a table
    of a few hundred cells in a few milliseconds.

    >>> import pandas as pd
    >>> table = heat_table(pd.DataFrame({"济南": [1, 4]}, index=["汽车", "化工<b>"]))
    >>> table.count("<td"), "化工&lt;b&gt;" in table, f'bgcolor="{shade("Blues", 1.0)}"' in table
    (2, True, True)
    """
    numbers = frame.to_numpy(dtype=float)
    known = numbers[~np.isnan(numbers)]
    low, high = (known.min(), known.max()) if known.size else (0.0, 1.0)
    span = (high - low) or 1.0
    rows = []
    for label, values in zip(frame.index, numbers, strict=True):
        cells = []
        for value in values:
            if math.isnan(value):
                cells.append("<td>–</td>")
                continue
            fill = shade(colorscale, (value - low) / span)
            light = ' style="color:#ffffff"' if ink(fill) == "#ffffff" else ""
            cells.append(f'<td bgcolor="{fill}"{light}>{format(value, value_format)}</td>')
        rows.append(f'<tr><th align="left" style="max-width:10em;font-weight:normal">{_esc(label)}</th>'
                    f'{"".join(cells)}</tr>')
    head = "".join(f'<th valign="bottom" style="writing-mode:vertical-rl;font-weight:normal">{_esc(c)}</th>'
                   for c in frame.columns)
    return ('<div style="overflow-x:auto"><table cellpadding="2" cellspacing="1" align="left" '
            'style="border-collapse:separate;font-size:0.85rem;text-align:right">'
            f'<thead><tr><th></th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
