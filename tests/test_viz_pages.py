"""The map on the city page and the picture downloads and firm-network cap on the chain-map page (AppTest)."""
import xml.etree.ElementTree as ET

import pytest
from streamlit.testing.v1 import AppTest

from graph.charts import NO_DATA
from graph.viz import VIS_JS
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def embedded_data(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)


def open_page(page: str, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page)
    return at.run()


def city_map(at: AppTest) -> dict[str, ET.Element]:
    """The page's map: city name -> its shape in the SVG."""
    svg = next(m.value for m in at.markdown if m.value.startswith("<div><svg")).removeprefix("<div>")[:-len("</div>")]
    return {p.get("data-city"): p for p in ET.fromstring(svg).iter(f"{SVG}path") if p.get("class") == "city"}


def hover(shape: ET.Element) -> str:
    return shape.find(f"{SVG}title").text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_city_page_draws_the_sixteen_cities(lang):
    at = open_page("views/cities.py", lang)
    assert not at.exception
    shapes = city_map(at)
    assert len(shapes) == 16 and "潍坊市" in shapes
    weifang = hover(shapes["潍坊市"])
    assert ("本链本地企业数: " if lang == "zh" else "Local firms in the chain: ") in weifang
    assert ("龙头企业：" if lang == "zh" else "leading firms: ") in weifang


def test_city_map_colours_by_location_quotient():
    at = open_page("views/cities.py")
    firms = {name: shape.get("fill") for name, shape in city_map(at).items()}
    at.radio(key="city_measure").set_value("lq").run()
    assert not at.exception
    lq = city_map(at)
    assert "区位商: " in hover(lq["潍坊市"])
    assert {name: shape.get("fill") for name, shape in lq.items()} != firms, "another measure, other colours"
    assert NO_DATA not in {shape.get("fill") for shape in lq.values()}, "every city with local firms has an LQ"


def test_chain_map_offers_the_picture_and_a_bigger_firm_network():
    at = open_page("views/chain_map.py")
    assert not at.exception
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert set(buttons) == {"下载图片（PNG）", "下载矢量图（SVG）",                  # and the chain brief (issue 23)
                            "下载简报（Word） · 产业链简报", "下载简报（PDF） · 产业链简报"}
    at.radio[0].set_value("firms").run()
    assert not at.exception
    assert (at.slider[0].max, at.slider[0].value) == (5000, 2000)


@pytest.mark.parametrize("page, steps", [("views/chain_map.py", []), ("views/whatif.py", []), ("views/leaders.py", []),
                                         ("views/chain_map.py", [("radio", 0, "firms")])])
def test_network_drawings_load_vis_network_served_by_the_app(page, steps):
    """Every drawing links the copy of pyvis's vis-network in static/ (served at app/static/) instead of inlining
    its 470 KB, so the browser loads and compiles it once."""
    at = open_page(page)
    for kind, index, value in steps:
        getattr(at, kind)[index].set_value(value).run()
    assert not at.exception, at.exception
    html = at.get("iframe")[0].proto.srcdoc
    assert html.count("<script src=") == 1 and '<script src="app/static/vis-network.min.js"></script>' in html
    assert "vis-network" not in html.replace("app/static/vis-network.min.js", "")
    assert (ROOT / "static" / "vis-network.min.js").read_bytes() == VIS_JS.read_bytes()


def test_city_heat_maps_are_coloured_tables_of_the_counts():
    """Chain × city, its location quotients and segment × city: HTML tables coloured by value (the page's map is
    SVG: no chart library)."""
    at = open_page("views/cities.py")
    assert not at.exception
    chains, quotients, segments = (ET.fromstring(h.proto.body) for h in at.get("html"))
    rows = [[c.text for c in row] for row in chains.iter("tr")]
    assert len(rows) == 12 and "潍坊市" in rows[0], "a header row and the 11 chains"
    lq = [c.text for c in quotients.iter("td")]
    assert len(lq) == len(rows[0][1:]) * 11 and all(v == "–" or len(v.split(".")[1]) == 2 for v in lq)
    counts = [int(c.text.replace(",", "")) for c in segments.iter("td") if c.text != "–"]
    assert sum(counts) > 0 and all(c.get("bgcolor") for c in segments.iter("td") if c.text != "–")
