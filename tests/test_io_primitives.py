"""The I/O primitives real-world exports need: administrative names, header units, quantities, header rows."""
import pytest

from graph.io import find_header_row, normalise_city, normalise_province, parse_quantity, split_header, unit_factor
from graph.io.regions import PROVINCES


@pytest.mark.parametrize("text, expected", [
    ("山东", "山东省"), ("山东省", "山东省"), (" 山东省 ", "山东省"), ("Shandong", "山东省"), ("shandong province", "山东省"),
    ("内蒙古", "内蒙古自治区"), ("广西", "广西壮族自治区"), ("广西自治区", "广西壮族自治区"), ("北京", "北京市"),
    ("新疆", "新疆维吾尔自治区"), ("香港", "香港特别行政区"), ("台湾", "台湾省"), ("Inner Mongolia", "内蒙古自治区"),
    ("鲁", None), ("", None), (None, None), ("山东青岛", None), ("苏州市", None),
])
def test_normalise_province(text, expected):
    assert normalise_province(text) == expected


def test_all_34_provincial_units_round_trip():
    assert len(PROVINCES) == 34 and len(set(PROVINCES)) == 34
    assert all(normalise_province(name) == name for name in PROVINCES)


@pytest.mark.parametrize("text, province, expected", [
    ("青岛", None, "青岛市"), ("潍坊", None, "潍坊市"), ("潍坊市", None, "潍坊市"), (" 济南 ", "山东", "济南市"),
    ("山东省青岛市", None, "青岛市"), ("延边", None, "延边朝鲜族自治州"), ("阿里", None, "阿里地区"),
    ("锡林郭勒", None, "锡林郭勒盟"), ("吉林", None, "吉林市"), ("重庆", None, "重庆市"),
    ("海南", "青海省", "海南藏族自治州"), ("寿光", "山东省", "寿光"), (" 苏州工业园区 ", None, "苏州工业园区"), ("", None, ""),
])
def test_normalise_city(text, province, expected):
    assert normalise_city(text, province) == expected


def test_every_shandong_city_is_known():
    names = "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽".split()
    assert [normalise_city(n) for n in names] == [n + "市" for n in names]


@pytest.mark.parametrize("text, expected", [
    ("营业收入（亿元）", ("营业收入", "亿元")), ("营业收入(万元)", ("营业收入", "万元")), (" amount ( 元 ) ", ("amount", "元")),
    ("firm_id", ("firm_id", None)), ("从业人数（）", ("从业人数", None)), ("", ("", None)),
])
def test_split_header(text, expected):
    assert split_header(text) == expected


@pytest.mark.parametrize("unit, target, expected", [
    ("亿元", "万元", 10_000.0), ("万元", "万元", 1.0), ("元", "万元", 0.0001), ("万元", "亿元", 0.0001),
    ("千元", "万元", 0.1), ("万人", "人", 10_000.0), ("人", "人", 1.0),
    ("吨", "万元", None), ("人", "万元", None), ("万元", "人", None), (None, "万元", None), ("亿元", "吨", None),
])
def test_unit_factor(unit, target, expected):
    assert unit_factor(unit, target) == expected


@pytest.mark.parametrize("text, kwargs, expected", [
    ("1.2亿", {}, (12_000.0, "unit_in_cell")), ("3,000万", {}, (3_000.0, "unit_in_cell")),
    ("1.2亿元", {}, (12_000.0, "unit_in_cell")), ("5000元", {}, (0.5, "unit_in_cell")),
    ("3,000", {}, (3_000.0, None)), ("20", {"unit": "亿元"}, (200_000.0, None)), ("0.5", {"target": "亿元"}, (0.5, None)),
    ("2万人", {"target": "人"}, (20_000.0, "unit_in_cell")), ("2万", {"target": "人"}, (20_000.0, "unit_in_cell")),
    ("1亿", {"target": "亿元"}, (1.0, "unit_in_cell")), ("-5", {}, (-5.0, None)),
    ("—", {}, (None, "placeholder")), ("--", {}, (None, "placeholder")), ("-", {}, (None, "placeholder")),
    ("无", {}, (None, "placeholder")), ("N/A", {}, (None, "placeholder")), ("null", {}, (None, "placeholder")),
    ("", {}, (None, None)), ("  ", {}, (None, None)), (None, {}, (None, None)),
])
def test_parse_quantity(text, kwargs, expected):
    assert parse_quantity(text, **kwargs) == expected


@pytest.mark.parametrize("text, kwargs", [
    ("lots", {}), ("二百", {}), ("5吨", {}), ("1e309", {}), ("1.2.3", {}), ("2万人", {}), ("7", {"unit": "吨"}),
])
def test_parse_quantity_refuses_garbage(text, kwargs):
    with pytest.raises(ValueError):
        parse_quantity(text, **kwargs)


KNOWN = {"firm_id", "企业名称", "省份", "营业收入"}


@pytest.mark.parametrize("rows, expected", [
    ([["企业名称", "省份"], ["甲", "山东"]], 0),
    ([["XX省重点企业名录（2024年）", "", ""], ["企业名称", "省份", "营业收入（亿元）"], ["甲", "山东", "1"]], 1),
    ([["名录"], [""], ["说明：单位亿元"], ["企业名称", "营业收入(万元)"]], 3),
    ([["", ""], ["企业名称", "城市"], ["甲", "济南"]], 1),     # only one known header anywhere: first non-blank row
    ([["标题"]] * 11 + [["企业名称", "省份"]], 0),              # beyond max_scan
    ([], 0),
])
def test_find_header_row(rows, expected):
    assert find_header_row(rows, KNOWN) == expected


def test_upload_limit_agrees_with_the_app_config():
    import tomllib

    from graph.io import MAX_UPLOAD_MB
    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB == 50
