"""The app's charts as markup (graph.charts): well-formed SVG, shapes per value, colours, escaped hover text."""
import math
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from graph.charts import NO_DATA, bar_chart, city_map, heat_table, layered_map, nice_ticks, shade
from graph.geo import city_boundaries

SVG = "{http://www.w3.org/2000/svg}"
SHANDONG = {"济南市", "青岛市", "淄博市", "枣庄市", "东营市", "烟台市", "潍坊市", "济宁市", "泰安市", "威海市", "日照市",
            "临沂市", "德州市", "聊城市", "滨州市", "菏泽市"}


def parse(svg: str) -> ET.Element:
    assert "\n" not in svg, "one line: a blank line would end the markdown HTML block"
    return ET.fromstring(svg)


def titles(root: ET.Element, tag: str) -> list[str]:
    return [e.find(f"{SVG}title").text for e in root.iter(f"{SVG}{tag}") if e.find(f"{SVG}title") is not None]


def test_city_map_one_shape_per_city_coloured_by_value_with_escaped_hover():
    shapes = city_boundaries("山东省")
    values = {"潍坊市": 40.0, "青岛市": 10.0, "济南市": 0.0, "菏泽市": float("nan")}
    svg = city_map(shapes, values, label="本地企业", hover={"潍坊市": ["缺链：动力换挡", "链主：潍柴<b>动力</b>"]})
    root = parse(svg)
    cities = {p.get("data-city"): p for p in root.iter(f"{SVG}path") if p.get("class") == "city"}
    assert set(cities) == SHANDONG
    fill = {c: p.get("fill") for c, p in cities.items()}
    assert fill["潍坊市"] == "#08306b", "the largest value gets the darkest blue"
    assert fill["菏泽市"] == fill["烟台市"] == NO_DATA, "no value (or NaN) is grey"
    assert fill["济南市"] not in (NO_DATA, fill["青岛市"])
    assert cities["潍坊市"].find(f"{SVG}title").text == "潍坊市\n本地企业: 40\n缺链：动力换挡\n链主：潍柴<b>动力</b>"
    assert "潍柴&lt;b&gt;动力" in svg and "<b>" not in svg, "hover text escaped in the markup"
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert SHANDONG <= labels and {"本地企业", "0", "40"} <= labels, "every city named, the colour bar's ends"
    assert not any(e.get("href") or e.get("src") for e in root.iter()), "nothing to fetch"


def test_city_map_keeps_the_latitude_stretch():
    """A degree of latitude is drawn 1/cos(latitude) times a degree of longitude (1.24× at Shandong's 36°N)."""
    shapes = city_boundaries("山东省")
    points = [p for polygons in shapes.values() for polygon in polygons for ring in polygon for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    stretch = 1 / math.cos(math.radians((min(lats) + max(lats)) / 2))
    root = parse(city_map(shapes, {}, label="x", width=700))
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    drawn = (height - 16) / (width - 16)   # 8 px margins
    assert width == 700 and drawn == pytest.approx((max(lats) - min(lats)) * stretch / (max(lons) - min(lons)), abs=0.01)
    assert stretch == pytest.approx(1.24, abs=0.02)
    assert root.get("style") == "max-width:700px" and root.get("width") == "100%"


def test_bar_chart_draws_a_bar_per_known_value_to_scale():
    root = parse(bar_chart(["汽车", "电子<i>"], {"2023": [0.5, None], "2024": [1.0, float("nan")]}, percent=True))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 2, "missing values draw nothing"
    assert float(bars[1].get("width")) == pytest.approx(2 * float(bars[0].get("width")), abs=0.2)
    assert titles(root, "rect") == ["汽车 · 2023: 50%", "汽车 · 2024: 100%"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"0%", "100%", "2023", "2024", "电子<i>"} <= set(texts), "axis, legend, escaped category"


def test_stacked_bars_start_where_the_previous_stage_ends():
    root = parse(bar_chart(["A"], {"谋划": [2], "开工": [3]}, stacked=True, axis_label="项目"))
    first, second = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert float(second.get("x")) == pytest.approx(float(first.get("x")) + float(first.get("width")), abs=0.2)
    assert first.get("y") == second.get("y") and first.get("fill") != second.get("fill")
    assert "项目" in [t.text for t in root.iter(f"{SVG}text")]


def test_nice_ticks_cover_the_largest_value():
    assert nice_ticks(87) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(0.3)[-1] >= 0.3 and all(isinstance(t, float) for t in nice_ticks(0.3)[1:])
    for high in (1, 7, 12.5, 999, 1e6 + 1):
        ticks = nice_ticks(high)
        assert ticks[-1] >= high and len(ticks) <= 12 and ticks == sorted(ticks)


def test_layered_map_places_levels_left_to_right_with_hover():
    nodes = [{"id": "a", "level": 0, "row": 0, "label": "原料<x>", "color": "#cccccc"},
             {"id": "b", "level": 1, "row": 0, "label": "★ 整车", "color": "#ff0000"},
             {"id": "c", "level": 1, "row": 1, "label": "零部件", "color": "#00ff00"}]
    root = parse(layered_map(nodes, [("a", "b"), ("a", "c"), ("a", "missing")], [("新增", "#ff0000")]))
    circles = list(root.iter(f"{SVG}circle"))
    assert [c.find(f"{SVG}title").text for c in circles] == ["原料<x>", "★ 整车", "零部件"]
    assert float(circles[0].get("cx")) < float(circles[1].get("cx")) == float(circles[2].get("cx"))
    assert float(circles[1].get("cy")) < float(circles[2].get("cy"))
    assert len(list(root.iter(f"{SVG}line"))) == 2, "a link to an unknown node is left out"
    assert "新增" in [t.text for t in root.iter(f"{SVG}text")]


def test_heat_table_colours_cells_over_the_whole_table():
    frame = pd.DataFrame({"济南市": [0, 4], "青岛市": [2, math.nan]}, index=["汽车", "化工<b>"])
    root = ET.fromstring(heat_table(frame, colorscale="Greens"))
    cells = [td for td in root.iter("td")]
    assert [td.text for td in cells] == ["0", "2", "4", "–"]
    assert cells[2].get("bgcolor") == shade("Greens", 1.0), "the highest value the darkest"
    assert cells[2].get("style") == "color:#ffffff", "white text on the darkest colour"
    assert cells[0].get("bgcolor") == shade("Greens", 0.0) and cells[0].get("style") is None
    assert cells[3].get("bgcolor") is None, "a missing value is not coloured"
    assert [th.text for th in root.iter("th")] == [None, "济南市", "青岛市", "汽车", "化工<b>"]


def test_charts_take_odd_values_without_breaking():
    """No series, tiny, infinite, missing (None, NaN, pd.NA, float32 NaN) and negative values: well-formed markup,
    bars inside the drawing, nothing drawn for what is not a number."""
    import numpy as np

    assert parse(bar_chart([], {})).tag == f"{SVG}svg"
    assert parse(bar_chart(["a"], {})).tag == f"{SVG}svg"
    for values in ([1e-12], [float("inf")], [None], [pd.NA], [np.float32("nan")], [7e-11]):
        root = parse(bar_chart(["a"], {"s": values}))
        width = float(root.get("viewBox").split()[2])
        for bar in (r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"):
            assert 0 <= float(bar.get("x")) + float(bar.get("width")) <= width, values
    assert nice_ticks(7e-11)[-1] >= 7e-11 and len(set(nice_ticks(7e-11))) == len(nice_ticks(7e-11))
    assert nice_ticks(float("inf")) == [0, 1] and nice_ticks(-5) == [0, 1]
    root = parse(bar_chart(["x"], {"up": [5], "down": [-3]}, stacked=True))
    width = float(root.get("viewBox").split()[2])
    assert all(float(r.get("x")) + float(r.get("width")) <= width for r in root.iter(f"{SVG}rect"))
    with pytest.raises(ValueError, match="at least one city"):
        city_map({}, {}, label="x")


def test_a_line_break_in_a_name_stays_inside_the_chart():
    """In markdown a blank line ends the chart's HTML block and what follows is markdown again (an image that
    fetches, a link): line breaks in text are written as &#10;, so a chart is always one line."""
    name = "坏企业\n\n![x](http://evil.example/p.png) [点我](https://evil.example)\r\n"
    square = [[[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]]]
    charts = [bar_chart([name], {name: [1]}), city_map({name: square}, {name: 1}, label=name, hover={name: [name]}),
              layered_map([{"id": "a", "level": 0, "row": 0, "label": name, "color": "#ccc"}], [], [(name, "#f00")]),
              heat_table(pd.DataFrame({name: [1]}, index=[name]))]
    for chart in charts:
        assert "\n" not in chart and "\r" not in chart
        root = ET.fromstring(chart)
        assert any(name.replace("\r\n", "\n") in (t or "") for e in root.iter() for t in (e.text, *e.attrib.values()))


def test_colours_are_attribute_values_only():
    root = parse(bar_chart(["a"], {"s": [1]}, colors={"s": '"><script>alert(1)</script>'}))
    assert not [e for e in root.iter() if e.tag.endswith("script")]
