"""The map on the city page and the picture downloads and firm-network cap on the chain-map page (AppTest)."""
import json

import pytest
from streamlit.testing.v1 import AppTest

from graph.geo import NO_DATA
from graph.viz import VIS_JS
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def embedded_data(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)


def open_page(page: str, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page)
    return at.run()


def city_map_spec(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_city_page_draws_the_sixteen_cities(lang):
    at = open_page("views/cities.py", lang)
    assert not at.exception
    spec = city_map_spec(at)
    shapes = [d for d in spec["data"] if d.get("fill") == "toself"]
    assert len(shapes) == 16 and "潍坊市" in {d["name"] for d in shapes}
    assert {d["type"] for d in spec["data"]} == {"scatter"}, "no geo/mapbox trace: nothing to fetch"
    weifang = next(d for d in shapes if d["name"] == "潍坊市")["text"]
    assert ("本链本地企业数: " if lang == "zh" else "Local firms in the chain: ") in weifang
    assert ("龙头企业：" if lang == "zh" else "leading firms: ") in weifang


def test_city_map_colours_by_location_quotient():
    at = open_page("views/cities.py")
    firms = {d["name"]: d["fillcolor"] for d in city_map_spec(at)["data"] if d.get("fill") == "toself"}
    at.radio(key="city_measure").set_value("lq").run()
    assert not at.exception
    spec = city_map_spec(at)
    lq = {d["name"]: d for d in spec["data"] if d.get("fill") == "toself"}
    assert "区位商: " in lq["潍坊市"]["text"]
    assert {name: d["fillcolor"] for name, d in lq.items()} != firms, "another measure, other colours"
    assert NO_DATA not in {d["fillcolor"] for d in lq.values()}, "every city with local firms has an LQ"


def test_chain_map_offers_the_picture_and_a_bigger_firm_network():
    at = open_page("views/chain_map.py")
    assert not at.exception
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert set(buttons) == {"下载图片（PNG）", "下载矢量图（SVG）"}
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
    """Chain × city and segment × city: tables coloured by value (the map is the page's one plotly figure)."""
    at = open_page("views/cities.py")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    chains = at.dataframe[0]
    assert chains.value.shape[0] == 11 and "潍坊市" in chains.value.columns
    assert "background-color" in chains.proto.arrow_data.styler.styles
    segments = at.dataframe[-1]
    assert segments.value.to_numpy().sum() > 0 and "background-color" in segments.proto.arrow_data.styler.styles
