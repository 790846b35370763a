"""classify: rules on a hand-made chain set, registry reading, bad input, review round trip, CLI."""
from __future__ import annotations

import doctest
import filecmp
import gzip
import importlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from graph.classify.candidates import NON_MANUFACTURING, Candidate, select
from graph.classify.registry import MAX_REGISTRY_MB, firm_id_for, read_registry
from graph.classify.review import read_review, review_table
from graph.classify.rules import RuleSet
from graph.classify.text import normalise_text, normalise_texts
from graph.io import DataError
from graph.model import Chain, Segment

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "classify" / "tiny.csv"
USCC = "91370100MA3C00001H"   # valid check digit

CM = Chain("cm", "工程机械", "Construction machinery", (
    Segment("engines", "发动机", "Engines", "midstream", industries=("3412",), keywords=("柴油机",)),
    Segment("excavators", "挖掘机", "Excavators", "downstream", industries=("3514",), exclude=("玩具",)),
    Segment("loaders", "装载机", "Loaders", "downstream", industries=("3514",)),
    Segment("rental", "租赁与后市场", "Rental", "services", keywords=("设备租赁",)),
), (), labels=("工程机械", "建筑机械"))
AM = Chain("am", "农机装备", "Agricultural machinery", (
    Segment("engines", "发动机", "Engines", "midstream"),
    Segment("tractors", "拖拉机", "Tractors", "downstream", keywords=("大马力拖拉机",)),
), ())
LI = Chain("li", "轻工", "Light industry", (Segment("motors", "电机", "Motors", "midstream"),
                                           Segment("gensets", "发电机组", "Generator sets", "downstream")), ())
RULES = RuleSet([CM, AM, LI], classes={"建筑工程用机械制造": "3514"})


def found(**texts):
    return [(c.chain_id, c.segment_id, c.confidence) for c in RULES.candidates(**texts)]


@pytest.mark.parametrize("module", ["__init__", "rules", "propose", "registry", "review", "output", "demo", "messages",
                                    "evaluate", "scope", "orgkind", "candidates", "text", "unknown"])
def test_doctests(module, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(f"graph.classify.{module}"))
    assert result.failed == 0 and result.attempted > 0


# ------------------------------------------------------------------ rules
def test_industry_code_and_keyword_combine_with_a_readable_basis():
    [best, *_] = RULES.candidates(name="临沂挖掘机有限公司", industry="C3514")
    assert (best.chain_id, best.segment_id, best.confidence) == ("cm", "excavators", round(1 - 0.3625 * 0.45, 4))
    assert best.basis() == "行业代码 3514 → 挖掘机；名称含「挖掘机」"
    assert best.basis("en") == "industry code 3514 → Excavators; the name contains “挖掘机”"


def test_code_alone_reaches_every_segment_of_that_class():
    assert found(name="甲公司", industry="3514") == [("cm", "excavators", 0.6375), ("cm", "loaders", 0.6375)]
    assert found(name="甲公司", industry="C3412") == [("cm", "engines", 0.85)]   # a class of one segment


def test_class_name_is_read_as_its_code():
    assert found(name="甲公司", industry="建筑工程用机械制造") == [("cm", "excavators", 0.6), ("cm", "loaders", 0.6)]


def test_forward_maximum_matching_reads_generator_sets_not_motors():
    assert RULES.scan("潍坊发电机组有限公司") == ["发电机组"]
    assert found(name="潍坊发电机组有限公司") == [("li", "gensets", 0.55)]


def test_exclusion_rules_a_segment_out():
    assert found(name="甲挖掘机玩具有限公司") == []


def test_a_rental_firm_is_a_candidate_only_on_a_service_segment_below_the_threshold():
    assert found(name="甲挖掘机租赁有限公司") == []                       # a service unit: not on excavators
    # its service item weighs 0.45, scaled down for 租赁 in the name: shown for review, not proposed
    assert found(name="甲挖掘机租赁有限公司", scope="设备租赁") == [("cm", "rental", round(0.45 * NON_MANUFACTURING, 4))]


def test_one_segment_two_maps_list_is_not_an_ambiguous_word_and_a_chain_label_decides():
    # engines is the same segment in both maps: the word is not weakened
    assert found(name="甲发动机有限公司") == [("am", "engines", 0.55), ("cm", "engines", 0.55)]
    # a label of 工程机械 in the industry column adds evidence to that chain only
    assert found(name="甲发动机有限公司", industry="工程机械")[0] == ("cm", "engines", round(1 - 0.45 * 0.2, 4))


def test_a_keyword_two_chains_share_for_different_segments_is_weaker():
    rules = RuleSet([Chain("x", "甲链", "X", (Segment("b1", "轴承", "Bearings", "midstream"),), ()),
                     Chain("y", "乙链", "Y", (Segment("b2", "密封件", "Seals", "midstream", keywords=("轴承",)),), ())])
    assert [(c.chain_id, c.confidence) for c in rules.candidates(name="甲轴承有限公司")] == [
        ("x", round(0.55 * 0.75, 4)), ("y", round(0.55 * 0.75, 4))]


def test_a_label_alone_names_the_chain_and_leaves_the_segment_to_the_reviewer():
    for name in ("甲重工有限公司", "甲柴油发动设备有限公司"):   # the second shares 柴油, 发动 with engines: no guess
        [c] = RULES.candidates(name=name, industry="建筑机械")
        assert (c.chain_id, c.segment_id, c.confidence) == ("cm", "", 0.8)
        assert c.basis() == "行业/标签含产业链标签「建筑机械」；产业链明确、环节待定（请在审核表中选择）"
        assert select([c]) == [(c, "chain_only")]
        assert select([c], 0.9) == [(c, "below_threshold")]


def test_a_chain_label_before_equipment_words_names_equipment_not_the_industry():
    chemicals = RuleSet([Chain("ch", "高端化工", "Chemicals", (Segment("fine", "精细化工", "Fine", "midstream"),), (),
                               labels=("化工",))])
    assert chemicals.scan("化工设备制造") == [] and chemicals.scan("化工原料制造") == ["化工"]
    assert RULES.scan("建筑机械设备") == ["建筑机械"]   # a label naming machines stays one before 设备


@pytest.mark.parametrize("name", ["齐鲁银行股份有限公司", "青岛港国际股份有限公司", "济南万达广场购物中心"])
def test_firms_of_no_chain_get_nothing(name):
    assert found(name=name) == []


def test_non_manufacturing_signal_scales_confidence_down_and_says_so():
    assert found(name="甲物流有限公司", scope="装载机制造") == []           # a logistics firm: a service unit
    [c] = RULES.candidates(name="甲公司", industry="J6621", scope="装载机制造")
    assert c.confidence == round(0.6 * NON_MANUFACTURING, 4)                # a class outside manufacturing
    assert c.basis() == f"经营范围「制造：装载机」；非制造业信号「6621」，置信度×{NON_MANUFACTURING}"
    # a maker's word cancels a service word in the name
    assert found(name="甲物流装备制造有限公司", scope="装载机制造") == [("cm", "loaders", 0.6)]


@pytest.mark.parametrize("name,scope,want", [
    ("临池供销社小临池门市部", "零售烟酒、化肥、装载机", []),                       # a shop: nothing
    ("甲商贸有限公司", "生产装载机", []),                                            # a trader: trade segments only
    ("甲建筑工程有限公司", "房屋建筑工程施工；加工：装载机", []),                    # a contractor
    ("甲机械有限公司", "装载机销售", []),                                            # sells only: makes nothing
    ("甲机械有限公司", "装载机制造、销售", [("cm", "loaders", 0.6)]),               # makes it: its main business
    ("甲机械有限公司", "技术服务；装载机制造", [("cm", "loaders", 0.45)]),          # a side line, not the lead
    ("甲机械有限公司", "弹簧、柴油机、螺栓、垫片制造", [("cm", "engines", 0.45)]),  # one of four made items
    ("甲机械有限公司", "柴油机、弹簧、螺栓、垫片制造", [("cm", "engines", 0.6)]),   # … written first: the main one
    ("甲集团有限公司", "技术服务；装载机生产；装载机、玩具", [("cm", "loaders", 0.45)]),  # the scope counts once
    ("青岛甲装载机有限公司烟台市分公司", "销售", []),                              # a branch: its parent's name
])
def test_what_kind_of_unit_and_which_verb_decide_what_counts(name, scope, want):
    assert found(name=name, scope=scope) == want


def test_a_gbt_class_name_in_the_scope_counts_for_the_segments_of_its_class():
    # 建筑工程用机械制造 is GB/T class 3514 (excavators and loaders): the item names the class it makes
    assert found(name="甲公司", scope="建筑工程用机械制造") == [("cm", "excavators", 0.45), ("cm", "loaders", 0.45)]


def test_how_registries_word_scopes_binds_the_right_verbs():
    from graph.classify.scope import clauses
    # a sentence of verbs only binds the items of the sentence before it
    assert [(c.text, c.verbs) for c in clauses("节能产品、保温材料；研发、生产、销售；装饰工程施工")] == [
        ("节能产品", "make+trade+service"), ("保温材料", "make+trade+service"), ("装饰工程施工", "service")]
    # a verb joined by 及 to a word that is no verb is part of a noun: 注塑及中空成型制品 is sold here, not made
    assert [c.verbs for c in clauses("塑料制品、注塑及中空成型制品、建材销售")] == ["trade"] * 3
    assert [c.verbs for c in clauses("生产及销售装载机")] == ["make+trade"]
    # a colon's verb binds its items; a verb at an item's tail then binds that item only (销售：建材，机械加工)
    assert [c.verbs for c in clauses("销售：建材，机械加工")] == ["trade", "make+trade"]
    assert [c.verbs for c in clauses("针织品、服装加工")] == ["make", "make"]
    assert [c.text for c in clauses("袜子·五金冲件·涂料制造")] == ["袜子", "五金冲件", "涂料制造"]   # · separates items


def test_the_first_item_made_is_the_main_business_and_software_development_is_making():
    assert found(name="甲公司", scope="装载机、弹簧、螺栓制造") == [("cm", "loaders", 0.6)]
    assert found(name="甲公司", scope="弹簧、螺栓、装载机制造") == [("cm", "loaders", 0.45)]
    it = Chain("it", "新一代信息技术", "IT", (Segment("computers", "服务器与计算机", "Computers", "midstream",
                                                      industries=("3911",), keywords=("计算机",)),), ())
    rules = RuleSet([it])
    [c] = rules.candidates(name="甲科技有限公司", scope="计算机软件开发；计算机维修")   # 开发 of software: made
    assert (c.segment_id, c.confidence, c.basis()) == ("computers", 0.6, "经营范围「制造：计算机软件」")
    assert rules.candidates(name="甲科技有限公司", scope="计算机技术开发；计算机维修") == []


def test_a_chain_most_lead_items_name_weighs_most_on_the_segment_its_first_such_item_names():
    li = Chain("li", "轻工", "Light industry", (
        Segment("furniture", "家具", "Furniture", "downstream", industries=("2110",), keywords=("家具", "办公家具")),
        Segment("hardware", "五金", "Hardware", "downstream", industries=("3329",), keywords=("五金制品",))), ())
    rules = RuleSet([li])
    got = [(c.segment_id, c.confidence) for c in rules.candidates(name="甲有限公司", scope="机械配件、家具、五金制品、办公家具制造")]
    assert got == [("furniture", 0.6), ("hardware", 0.45)]   # 3 of 4 items name 轻工: the segment named first


def test_a_chain_most_lead_items_name_outweighs_the_first_items_other_chain():
    li = Chain("li", "轻工", "Light industry", (
        Segment("hardware", "五金", "Hardware", "upstream", industries=("3329",), keywords=("不锈钢制品", "水暖")),), ())
    cf = Chain("cf", "工程机械", "Construction machinery", (
        Segment("castings", "铸锻件", "Castings", "upstream", industries=("3391",), keywords=("压铸",)),), ())
    rules = RuleSet([li, cf])
    got = rules.candidates(name="甲机械厂", scope="机械压铸、不锈钢制品、水暖管道零件、模具")
    assert [(c.chain_id, c.confidence, s) for c, s in select(got)] == [("li", 0.6, "proposed"), ("cf", 0.45, "runner_up")]
    tie = rules.candidates(name="甲机械厂", scope="机械压铸、不锈钢制品")   # one item each: both the main business
    assert [(c.chain_id, c.confidence) for c in tie] == [("cf", 0.6), ("li", 0.6)]


def test_an_items_product_is_its_last_word_a_word_before_it_says_what_it_is_made_of_or_for():
    li = Chain("li", "轻工", "Light industry", (
        Segment("printing", "包装印刷", "Printing", "midstream", industries=("2319",), keywords=("印刷",)),
        Segment("plastics", "塑料制品", "Plastics", "upstream", industries=("2929",), keywords=("塑料",))), ())
    it = Chain("it", "新一代信息技术", "IT", (Segment("pcb", "电子元器件", "Components", "midstream",
                                                      industries=("3982",), keywords=("线路板",)),), ())
    rules = RuleSet([li, it], products={"outside": ("玩具", "汽车配件", "模具")})
    got = [(c.chain_id, c.segment_id, c.confidence) for c in rules.candidates(name="甲有限公司", scope="印刷线路板制造")]
    assert got == [("it", "pcb", 0.6), ("li", "printing", 0.45)]   # a circuit board, not printing
    assert [(c.segment_id, c.confidence) for c in rules.candidates(name="甲有限公司", scope="塑料玩具生产")] == [
        ("plastics", 0.45)]                                        # a toy, which no segment holds
    assert [(c.segment_id, c.confidence) for c in rules.candidates(name="甲有限公司", scope="塑料汽车配件生产")] == [
        ("plastics", 0.45)]                                        # a car part (LABELLING.md rule 5)
    assert [(c.segment_id, c.confidence) for c in rules.candidates(name="甲有限公司", scope="塑料制品及模具生产")] == [
        ("plastics", 0.6)]                                         # its own conjunct: plastic goods
    assert [(c.segment_id, c.confidence) for c in rules.candidates(name="甲有限公司", scope="塑料印刷制品生产")] == [
        ("plastics", 0.6), ("printing", 0.6)]                      # one chain's words: nothing to say which
    ch = Chain("ch", "高端化工", "Chemicals", (Segment("fine", "精细化工", "Fine", "midstream", industries=("2661",),
                                                     keywords=("添加剂",), exclude=("食品",)),), ())
    food = Chain("fd", "轻工", "Light industry", (Segment("food", "食品饮料", "Food", "downstream", industries=("1495",),
                                                       keywords=("食品",)),), ())
    got = [(c.segment_id, c.confidence) for c in RuleSet([ch, food]).candidates(name="甲有限公司", scope="食品添加剂生产")]
    assert got == [("food", 0.6)]   # 食品 rules 精细化工 out of the item: 添加剂 is no other chain's product there


def test_goods_written_with_one_character_among_made_items_are_read_as_the_product():
    tx = Chain("tx", "纺织服装", "Textiles", (
        Segment("spinning", "纺纱", "Spinning", "upstream", industries=("1711",), keywords=("纱线",)),
        Segment("weaving", "织造", "Weaving", "upstream", industries=("1712",), keywords=("布料",))), ())
    rules = RuleSet([tx])
    got = [(c.segment_id, c.confidence, c.basis()) for c in rules.candidates(name="甲麻业有限公司", scope="纱、布生产")]
    assert got == [("spinning", 0.6, "经营范围「制造：纱」")]   # 布: woven, knitted or non-woven, not told
    assert rules.candidates(name="甲有限公司", scope="销售纱、布") == []   # sold: nothing made


def test_a_goods_word_before_equipment_names_machinery_for_those_goods():
    li = Chain("li", "轻工", "Light industry", (Segment("food", "食品饮料", "Food", "downstream", industries=("1391",),
                                                       keywords=("食品",)),), ())
    rules = RuleSet([li])
    assert rules.scan("食品机械制造") == [] and rules.scan("食品加工") == ["食品"]


def test_a_chain_named_without_segment_on_another_chain_is_an_alternative():
    a = Candidate("x", "a", 0.8, (), "a", "a")
    b = Candidate("y", "", 0.7, (), "", "")
    assert [status for _, status in select([a, b], 0.5)] == ["proposed", "alternative"]


def test_drugs_sold_by_a_firm_that_is_no_pharmacy_place_it_on_the_trade_segment_the_chain_links_them_to():
    pharma = Chain("ph", "生物医药", "Pharma", (
        Segment("tcm", "中药", "TCM", "midstream", industries=("2740",), keywords=("中成药",)),
        Segment("devices", "医疗器械", "Devices", "midstream", industries=("3584",), keywords=("医疗器械",)),
        Segment("distribution", "医药流通", "Distribution", "downstream", industries=("5151", "5154"),
                keywords=("药品批发", "器械批发"))), (("tcm", "distribution"), ("devices", "distribution")))
    rules = RuleSet([pharma])
    assert [(c.segment_id, c.confidence) for c in rules.candidates(name="甲医药有限公司", scope="销售中成药")] == [
        ("distribution", 0.45)]
    assert [c.segment_id for c in rules.candidates(name="甲药业有限公司", scope="中成药生产")] == ["tcm"]
    assert rules.candidates(name="甲大药房", scope="零售中成药") == []            # a pharmacy is a shop
    assert rules.candidates(name="甲科技有限公司", scope="销售医疗器械") == []    # devices: anyone may sell them


def test_segments_of_one_chain_are_compared_without_the_chain_label_they_share():
    li = Chain("li", "轻工", "Light industry", (
        Segment("apparel", "服装", "Apparel", "downstream", industries=("1810",), keywords=("服装",)),
        Segment("home", "家纺", "Home textiles", "downstream", industries=("1771",), keywords=("床上用品",))), (),
        labels=("服饰",))
    found_ = RuleSet([li]).candidates(name="甲服饰有限公司", scope="服装加工；技术服务；床上用品制造")
    assert [(c.segment_id, c.confidence) for c in found_] == [("apparel", 0.86), ("home", 0.8075)]
    assert [(c.segment_id, status) for c, status in select(found_)] == [("apparel", "proposed"), ("home", "runner_up")]


def test_a_product_the_segment_names_of_two_chains_hold_is_one_product_not_an_ambiguous_word():
    rules = RuleSet([Chain("x", "高端装备", "X", (Segment("b1", "高端轴承", "Bearings", "midstream", keywords=("轴承",)),), ()),
                     Chain("y", "农机装备", "Y", (Segment("b2", "轴承与密封件", "Seals", "midstream",
                                                          keywords=("轴承",)),), ())])
    got = rules.candidates(name="甲有限公司", scope="轴承、钢球制造、销售")
    assert [(c.chain_id, c.confidence, s) for c, s in select(got)] == [("x", 0.6, "proposed"), ("y", 0.6, "proposed")]


def test_a_scope_selling_five_times_what_it_makes_holds_its_making_as_a_side_line():
    scope = "装载机制造；销售日用百货、服装、化妆品、五金交电、建筑材料、纸制品"
    [c] = RULES.candidates(name="甲实业有限公司", scope=scope)
    assert c.confidence == 0.45 and c.basis().endswith("经营范围制造 1 项、销售 6 项（制造为副业），置信度×0.75")
    assert found(name="甲机械有限公司", scope=scope) == [("cm", "loaders", 0.6)]   # the name says it makes things
    assert found(name="甲实业有限公司", scope="装载机制造；销售日用百货、服装") == [("cm", "loaders", 0.6)]
    assert found(name="甲茶业有限公司", scope=scope) == [("cm", "loaders", 0.6)]   # 茶业 names a trade: a maker


def test_the_head_word_of_a_name_decides_its_kind():
    from graph.classify.orgkind import kind_of
    assert kind_of("常州市武进南夏墅电信电机配件有限公司")[:2] == ("maker", "电机")    # makes motor parts
    assert kind_of("杭州萧山爱迪尔物资化工有限公司").kind == "trader"                  # trades chemicals
    assert kind_of("乐清市南洋电力电子有限公司").kind == "service"                     # grid equipment: no segment
    assert found(name="甲电信电机配件有限公司", scope="电机制造")[0][:2] == ("li", "motors")   # no ×0.25 for 电信


def test_a_name_saying_no_kind_names_its_product_when_the_scope_makes_it_in_words_no_chain_holds():
    ch = Chain("ch", "高端化工", "Chemicals", (Segment("fine", "精细化工", "Fine", "midstream", keywords=("助剂",)),), ())
    rules = RuleSet([ch])
    [c] = rules.candidates(name="甲助剂有限公司", scope="钛酸酯分散偶联剂制造、加工")
    assert (c.segment_id, c.confidence, c.basis()) == ("fine", 0.55, "名称含「助剂」")
    assert rules.candidates(name="甲助剂有限公司", scope="钛酸酯分散偶联剂销售") == []   # it sells: nothing made
    told = RuleSet([ch], products={"outside": ("工艺品",)})   # … but a product no segment holds is a word it makes
    [c] = told.candidates(name="甲助剂有限公司", scope="钛酸酯工艺品制造")
    assert (c.confidence, c.basis()) == (0.4125, "名称含「助剂」；经营范围所列项目中没有此产品，置信度×0.75")


def test_equipment_for_an_industry_and_recycled_scrap_are_not_the_industrys_goods():
    li = Chain("li", "轻工", "Light industry", (
        Segment("plastics", "塑料制品", "Plastics", "upstream", industries=("2929",), keywords=("塑料",)),), ())
    ch = Chain("ch", "高端化工", "Chemicals", (Segment("fine", "精细化工", "Fine", "midstream", industries=("2661",),
                                                     keywords=("水处理剂",)),), ())
    rules = RuleSet([li, ch])
    assert rules.candidates(name="甲有限公司", scope="塑料加工专用设备制造") == []    # a machine for plastics
    assert rules.candidates(name="甲有限公司", scope="废塑料粉碎加工") == []          # recycling (GB/T 42)
    assert [c.segment_id for c in rules.candidates(name="甲有限公司", scope="塑料秧盘机械加工")] == ["plastics"]
    assert [c.segment_id for c in rules.candidates(name="甲有限公司", scope="工业用废水处理剂制造")] == ["fine"]


def test_scopes_dyeing_verbs_and_the_notice_that_a_scope_is_not_registered():
    from graph.classify.scope import clauses
    assert [(c.text, c.verbs) for c in clauses("漂染、印花布及针纺织品；批发零售纺织品面料")] == [
        ("印花布及针纺织品", "make"), ("批发零售纺织品面料", "trade")]
    assert clauses("根据《珠海经济特区商事登记条例》规定，经营范围由商事主体通过章程载明，不属商事主体登记事项。"
                   "如需了解经营范围，可通过登录珠海市商事主体登记许可及信用信息公示平台查看商事主体章程。") == ()


def test_the_maps_vocabulary_tells_metal_structures_and_industrial_automation_apart():
    from graph.classify.pipeline import DEFAULT_CHAINS, rules_for
    rules = rules_for(DEFAULT_CHAINS)[1]
    placed = {(c.chain_id, c.segment_id) for c in rules.candidates(name="甲实业有限公司", scope="生产金属结构件、不锈钢制品")}
    assert ("construction_machinery", "cabs_structures") not in placed and ("light_industry", "hardware") in placed
    assert not [c for c in rules.candidates(name="甲控制工程有限公司", scope="自动化控制系统的研制、生产")
                if c.chain_id == "shipbuilding_offshore"]
    # a job shop's process is not the machine that does it (线切割加工: wire-cut machining, not 线切割机); a light
    # controller is not a construction machine's (控制器 alone names any controller)
    assert rules.candidates(name="甲模具加工厂", scope="模具线切割加工") == []
    assert [c.segment_id for c in rules.candidates(name="甲机床有限公司", scope="线切割机床制造")] == ["cnc_machine_tools"]
    assert not [c for c in rules.candidates(name="甲有限公司", scope="生产灯光自动控制器") if c.chain_id == "construction_machinery"]
    # a stamping is any stamped part (汽车冲压件 is a car part), not a tractor cab's unless it says so
    assert rules.candidates(name="甲汽车配件有限公司", scope="生产汽车冲压件") == []
    assert [c.segment_id for c in rules.candidates(name="甲有限公司", scope="农机冲压件制造")] == ["cabs_covers"]
    # 不锈钢厨具 needs no keyword of its own now that an item's product is its last word (厨具); pliers are hand tools
    assert [c.segment_id for c in rules.candidates(name="甲有限公司", scope="不锈钢厨具制造")][:1] == ["hardware"]
    assert [c.segment_id for c in rules.candidates(name="甲工具有限公司", scope="加工、销售：钳类工具")] == ["hardware"]
    # switchgear (配电开关控制设备, GB/T 3823) is no ship's equipment; a computer system integrator is an IT firm
    assert rules.candidates(name="甲电气有限公司", scope="配电开关控制设备制造") == []
    assert [c.chain_id for c in rules.candidates(name="甲有限公司", scope="计算机系统集成服务")] == ["new_gen_it"]
    # anticorrosive coatings are coatings; a ship's own are 船舶防腐涂料
    assert [(c.chain_id, c.segment_id) for c in rules.candidates(name="甲有限公司", scope="防腐涂料生产")] == [
        ("high_end_chemicals", "coatings")]


def test_the_basis_names_the_clause_in_both_languages():
    [c] = RULES.candidates(name="甲机械有限公司", scope="生产销售：装载机；货物进出口")
    assert (c.basis(), c.basis("en")) == ("经营范围「制造：装载机」", "business scope “make: 装载机”")


def test_items_remembered_are_forgotten_past_the_limit_and_read_again(monkeypatch):
    import graph.classify.rules as rules_module

    monkeypatch.setattr(rules_module, "MAX_ITEMS_REMEMBERED", 2)
    rules = RuleSet([CM, AM, LI])
    scope = "技术服务；装载机、大马力拖拉机、柴油机制造"
    want = [("am", "tractors", 0.45), ("cm", "engines", 0.45), ("cm", "loaders", 0.45)]   # made items, not the lead
    for _ in range(3):
        assert [(c.chain_id, c.segment_id, c.confidence) for c in rules.candidates(name="甲公司", scope=scope)] == want
        assert len(rules._item_actions["scope_make"]) <= 2


@pytest.mark.parametrize("texts", [
    ["３５１４ 挖掘机", "", "ＡＢ；（１）", "\u3000发电机\xa0组 ", "ΑΣ ΟΔΟΣ", "e\u0301", "①Ⅱ㎡ﬁ", "\x1c空\x1f白", "İ"],
    ["甲\x00乙", "丙"],   # a NUL in a text: done one by one
    [],
])
def test_normalising_a_column_at_once_is_normalising_each_text(texts):
    assert normalise_texts(texts) == [normalise_text(t) for t in texts]


def test_select_marks_proposals_below_threshold_other_chains_and_runner_up():
    cands = RULES.candidates(name="甲挖掘机有限公司", scope="挖掘机制造；装载机制造")
    assert [(c.segment_id, s) for c, s in select(cands, 0.5)] == [("excavators", "proposed"), ("loaders", "runner_up")]
    assert [s for _, s in select(cands, 0.9)] == ["below_threshold", "runner_up"]
    # one chain per firm: a candidate on another chain, less sure than the best, is an alternative; as sure, both
    best, other, tied = (Candidate(c, s, p, (), s, s) for c, s, p in (("cm", "loaders", 0.9), ("am", "tractors", 0.8),
                                                                       ("am", "tractors", 0.9)))
    assert [s for _, s in select([best, other], 0.5)] == ["proposed", "alternative"]
    assert [s for _, s in select([best, tied], 0.5)] == ["proposed", "proposed"]


# ------------------------------------------------------------------ reading registries
def test_registry_title_row_units_regions_and_ids():
    reg = read_registry(TINY)
    assert reg.header_row == 2 and reg.ignored == ["备注"]
    f = reg.frame.set_index("name")
    assert f.at["临沂甲挖掘机有限公司", "revenue"] == 15000.0          # 1.5 亿元 = 15,000 万元
    assert f.at["济南丙装载机有限公司", "revenue"] == 3000.0            # 3000万 in a 亿元 column
    assert pd.isna(f.at["潍坊丁实业有限公司", "revenue"])              # —
    assert set(f["province"]) == {"山东省"} and f.at["临沂甲挖掘机有限公司", "city"] == "临沂市"
    assert f.at["济南丙装载机有限公司", "firm_id"] == USCC
    assert f.at["潍坊丁实业有限公司", "firm_id"] == firm_id_for("潍坊丁实业有限公司", None)
    codes = [(i.row, i.code, i.level) for i in reg.warnings]
    assert codes == [(2, "header_row", "warning"), (2, "ignored_columns", "warning"), (5, "unit_in_cell", "warning"),
                     (6, "invalid_uscc", "warning"), (6, "placeholder", "warning")]
    assert read_registry(TINY).frame["firm_id"].tolist() == reg.frame["firm_id"].tolist()   # stable


def test_english_headers_tags_and_labels(tmp_path):
    path = tmp_path / "en.csv"
    path.write_text("Company Name,Province,City,Industry,Main Products,Tags,Revenue (亿元),Employees\n"
                    "Acme Loaders,Shandong,青岛,工程机械,装载机,专精特新;挖掘机械,2,1.2万人\n", encoding="utf-8")
    reg = read_registry(path)
    row = reg.frame.iloc[0]
    assert (row["province"], row["city"], row["tags"], row["labels"]) == ("山东省", "青岛市", "专精特新", "挖掘机械")
    assert (row["revenue"], row["employees"]) == (20000.0, 12000.0)
    assert reg.columns["products"] == ["Main Products"] and reg.ignored == []


def test_gbk_and_xlsx_read_the_same(tmp_path):
    text = TINY.read_text(encoding="utf-8")
    (tmp_path / "gbk.csv").write_bytes(text.encode("gbk"))
    book = openpyxl.Workbook()
    for line in text.splitlines():
        book.active.append(line.split(","))
    book.save(tmp_path / "x.xlsx")
    want = read_registry(TINY).frame
    for name in ("gbk.csv", "x.xlsx"):
        got = read_registry(tmp_path / name).frame
        assert got["firm_id"].tolist() == want["firm_id"].tolist()
        assert got["revenue"].fillna(-1).tolist() == want["revenue"].fillna(-1).tolist()


def test_no_province_column_means_the_region(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("名称,城市\n甲公司,青岛\n", encoding="utf-8")
    reg = read_registry(path, region="山东省")
    assert reg.frame["province"].tolist() == ["山东省"]
    assert [i.code for i in reg.warnings] == ["no_province_column"]


def test_registered_capital_in_a_currency_without_a_rate_is_missing_with_the_cell_and_the_known_currencies_named(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("企业名称,省份,注册资金\n甲公司,山东,160(万新加坡元)\n乙公司,山东,300(万美元)\n", encoding="utf-8")
    reg = read_registry(path)
    assert reg.frame["registered_capital"].round(3).fillna(-1).tolist() == [-1, 2156.52]
    [issue] = [i for i in reg.warnings if i.code == "capital_unread"]
    assert (issue.row, issue.column) == (2, "注册资金")
    assert issue.format("zh").startswith("警告: r.csv, 第2行, 列 注册资金: '160(万新加坡元)' 读不出：单位或币种不在折算表中（人民币、美元")
    assert issue.format("en").endswith("registered capital left missing")


def test_a_firm_whose_region_and_address_name_no_city_gets_the_city_of_its_credit_codes_authority(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("企业名称,统一社会信用代码,所在省份,地区,注册地址\n"
                    "中国邮政集团公司山东省肥城市安站邮电支局,9137098374096696X6,山东,N/A,安站镇安站村\n"
                    "威海市鑫通汽车贸易集团有限公司,9137100072668523XK,山东,N/A,经区珠海路650号\n"
                    "某某公司,913709837409669861,江苏,N/A,经区珠海路650号\n", encoding="utf-8")
    frame = read_registry(path).frame
    assert frame["city"].tolist()[:2] == ["泰安市", "威海市"]   # 370983 (肥城) is 泰安's; 371000 is 威海
    assert frame["city"].isna().tolist()[2]   # a code of another province than the row's says nothing of its city


BAD = [
    ("no_name.csv", "省份,行业\n山东,3514\n".encode(), "no_name_column", 1),
    ("empty.csv", b"", "empty_file", None),
    ("header_only.csv", "企业名称,省份\n".encode(), "no_rows", None),
    ("no_names.csv", "企业名称,省份\n,山东\n".encode(), "no_rows", None),
    ("dup.csv", f"企业名称,统一社会信用代码\n甲,{USCC}\n乙,{USCC}\n".encode(), "duplicate_uscc", 3),
    ("dup_name.csv", "企业名称\n甲公司\n甲公司\n".encode(), "duplicate_name", 3),
    ("mixed.csv", "企业名称\n甲公司\n".encode() + "乙公司\n".encode("gbk"), "mixed_encoding", None),
    ("unit.csv", "企业名称,营业收入（美元）\n甲,1\n".encode(), "unknown_unit", 1),
    ("bad_number.csv", "企业名称,营业收入\n甲,很多\n".encode(), "bad_quantity", 2),
    ("binary.csv", b"PK\x03\x04junk", "not_a_table", None),
]


@pytest.mark.parametrize("name,data,code,row", BAD, ids=[b[0] for b in BAD])
def test_bad_registries_are_refused_with_the_place_named(tmp_path, name, data, code, row):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DataError) as caught:
        read_registry(path)
    errors = caught.value.errors
    assert [(e.code, e.row) for e in errors][:1] == [(code, row)]
    assert errors[0].format("en").startswith(f"error: {name}")


def test_a_missing_file_or_a_folder_is_one_line(tmp_path):
    for path in (tmp_path / "nope.csv", tmp_path):
        with pytest.raises(DataError) as caught:
            read_registry(path)
        assert [e.code for e in caught.value.errors] == ["file_missing"]


def test_a_file_over_the_upload_limit_is_refused_before_reading_and_points_to_the_command_line(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.truncate(int((MAX_REGISTRY_MB + 1) * 1e6))
    with pytest.raises(DataError) as caught:
        read_registry(path, max_mb=MAX_REGISTRY_MB)
    assert caught.value.errors[0].format("en") == (
        f"error: big.csv: file too large (51 MB, upload limit {MAX_REGISTRY_MB} MB); classify a bigger registry "
        "from the command line (any size): python -m graph classify --registry FILE --out DIR")


def test_invalid_credit_codes_warn_per_row_and_do_not_stop(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("企业名称,统一社会信用代码\n甲,123\n乙,91370100MA3C00001X\n丙,\n,合计\n", encoding="utf-8")
    reg = read_registry(path)
    assert [(i.row, i.code) for i in reg.warnings] == [(2, "invalid_uscc"), (3, "invalid_uscc"), (5, "empty_name"),
                                                       (None, "no_province_column")]
    assert reg.frame["uscc"].isna().all() and reg.frame["firm_id"].str.startswith("N").all()


# ------------------------------------------------------------------ CLI, dataset and review round trip
def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_writes_a_loadable_dataset_and_review_workbook(tmp_path):
    from graph.io import read_dataset

    out = tmp_path / "out"
    done = run_cli("classify", "--registry", str(TINY), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["dataset.yaml", "firm_segments.csv", "firms.csv", "review.xlsx"]
    links = pd.read_csv(out / "firm_segments.csv")
    assert list(links.columns) == ["firm_id", "chain_id", "segment_id", "share", "confidence", "basis", "reviewed"]
    assert (links["reviewed"] == 0).all()   # proposals: nobody has reviewed them yet
    assert (links["confidence"] >= 0.5).all() and links["basis"].str.len().gt(0).all()
    dataset = read_dataset(out)
    assert len(dataset.firms) == 4 and not dataset.supply_present
    assert "4 家企业" in done.stdout and "review.xlsx" in done.stdout
    book = openpyxl.load_workbook(out / "review.xlsx")
    assert book.sheetnames == ["归类审核", "环节", "企业", "读取问题", "说明"]
    problems = list(book["读取问题"].iter_rows(min_row=2, values_only=True))   # every warning, not only those printed
    assert [(level, row) for level, row, _, _ in problems] == [("警告", 2), ("警告", 2), ("警告", 5), ("警告", 6),
                                                               ("警告", 6)]
    sheet = book["归类审核"]
    assert sheet.freeze_panes == "C2" and sheet.column_dimensions["L"].width == 60
    rules = [r.formula[0] for cf in sheet.conditional_formatting for r in cf.rules]
    assert rules == ['$E2="建议"', '$E2="低于阈值"', '$E2="另一产业链"', '$E2="环节待选"', '$E2="次选"',
                     '$E2="未归类"']   # rows coloured by status
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    last = 1 + sum(len(c.segments) for c in RULES_CHAINS())   # the 环节 sheet's last row
    assert lists == {"F2:F507": '"是,否"', "G2:G507": f"'环节'!$A$2:$A${last}", "I2:I507": f"'环节'!$C$2:$C${last}"}
    names = {r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(names) == 4   # every firm has a row, placed or not


def test_cli_bad_input_is_one_line_and_writes_nothing(tmp_path):
    registry = tmp_path / "r.csv"
    registry.write_text("省份\n山东\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("--lang", "en", "classify", "--registry", str(registry), "--out", str(out))
    assert done.returncode == 1 and not out.exists()
    assert done.stderr.strip().splitlines() == [
        "error: r.csv, row 1: no firm-name column (headers understood: 公司名称, 企业名称, 名称, name)"]


def test_the_review_sheet_lists_placed_firms_first_then_those_below_the_threshold_then_the_unplaced():
    firms = pd.DataFrame({"firm_id": ["A", "B", "C", "D", "E"], "name": ["甲", "乙", "丙", "丁", "戊"]})
    proposals = pd.DataFrame({"firm_id": ["B", "B", "C", "D", "E"], "chain_id": ["x", "y", "z", "w", "v"],
                              "status": ["below_threshold", "runner_up", "proposed", "chain_only", "proposed"],
                              "confidence": [0.4, 0.3, 0.9, 0.6, 0.7]})
    table = review_table(firms, proposals)
    assert table["企业ID firm_id"].tolist() == ["C", "D", "E", "B", "B", "A"]
    assert table["状态 status"].tolist() == ["建议", "环节待选", "建议", "低于阈值", "次选", "未归类"]


def test_review_round_trip_applies_a_persons_corrections(tmp_path):
    out = tmp_path / "out"
    assert run_cli("classify", "--registry", str(TINY), "--out", str(out)).returncode == 0
    book = openpyxl.load_workbook(out / "review.xlsx")
    sheet = book["归类审核"]
    header = [c.value for c in sheet[1]]
    col = {h.split()[0]: i for i, h in enumerate(header)}
    rows = {(r[col["企业名称"]].value, r[col["状态"]].value): r for r in sheet.iter_rows(min_row=2)}
    rows[("济南丙装载机有限公司", "建议")][col["采纳"]].value = "否"                    # rejected
    tractor = rows[("潍坊丁实业有限公司", "未归类")]                                  # added by hand
    tractor[col["采纳"]].value, tractor[col["产业链ID"]].value = "是", "agri_machinery"
    tractor[col["环节ID"]].value = "tractors"
    book.save(out / "review.xlsx")
    final = tmp_path / "final"
    done = run_cli("classify", "--apply-review", str(out / "review.xlsx"), "--out", str(final))
    assert done.returncode == 0, done.stderr
    links = pd.read_csv(final / "firm_segments.csv", dtype=str).fillna("")
    firms = pd.read_csv(final / "firms.csv").set_index("name")
    by_firm = {firms.index[firms["firm_id"] == f][0]: (c, s, b) for f, c, s, b in
               links[["firm_id", "chain_id", "segment_id", "basis"]].itertuples(index=False)}
    assert set(by_firm) == {"临沂甲挖掘机有限公司", "潍坊丁实业有限公司"}
    assert by_firm["潍坊丁实业有限公司"] == ("agri_machinery", "tractors", "人工审核 reviewed")


def test_review_errors_name_sheet_row_and_column(tmp_path):
    out = tmp_path / "out"
    assert run_cli("classify", "--registry", str(TINY), "--out", str(out)).returncode == 0
    book = openpyxl.load_workbook(out / "review.xlsx")
    sheet = book["归类审核"]
    sheet["F2"] = "maybe"
    sheet["F3"], sheet["I3"] = "是", "no_such_segment"
    book.save(out / "review.xlsx")
    with pytest.raises(DataError) as caught:
        read_review(out / "review.xlsx", RULES_CHAINS())
    assert [(e.file, e.row, e.column, e.code) for e in caught.value.errors] == [
        ("review.xlsx[归类审核]", 2, "采纳 accept", "review_bad_accept"),
        ("review.xlsx[归类审核]", 3, "环节ID segment_id", "review_unknown_segment")]


def RULES_CHAINS():
    from graph.io import read_chain_set

    return read_chain_set(ROOT / "chains" / "shandong-2022")


# ------------------------------------------------------------------ demo registry view
def test_demo_registry_view_classifies_back_onto_its_chains(tmp_path):
    from graph.classify.demo import registry_view
    from graph.classify.pipeline import classify_registry
    from graph.io import read_dataset

    demo = read_dataset(ROOT / "data" / "demo")
    firms, links = demo.firms, demo.firm_segments
    if not isinstance(firms, pd.DataFrame):   # record lists until the io helper's DataFrame tables land
        firms = pd.DataFrame([f.__dict__ for f in firms])
        links = pd.DataFrame([x.__dict__ for x in links])
    view = registry_view(firms, links, demo.chains)
    assert list(view.columns) == ["企业名称", "统一社会信用代码", "省份", "城市", "行业代码", "经营范围", "营业收入（万元）"]
    path = tmp_path / "demo_registry.csv"
    view.to_csv(path, index=False, encoding="utf-8-sig")
    result = classify_registry(path)
    proposed = result.memberships().merge(result.registry.frame[["firm_id", "name"]], on="firm_id")
    truth = links.merge(firms[["firm_id", "name"]], on="firm_id").drop_duplicates("name")
    got = set(zip(proposed["name"], proposed["chain_id"], strict=False))
    want = set(zip(truth["name"], truth["chain_id"], strict=False))
    precision, recall = len(got & want) / len(got), len(got & want) / len(want)
    print(f"demo registry view: chain precision {precision:.3f}, recall {recall:.3f} over {len(want)} firms")
    assert precision >= 0.9 and recall >= 0.99   # the rest: one GB/T class in two chains (3444, 3412, 3391 …)


# ------------------------------------------------------------------ unchanged by the speed work
EXPECTED = ROOT / "tests" / "data" / "classify"


def make_expected():
    """tests/data/classify/make_expected.py, which recorded the expected results (not a package: loaded by path)."""
    spec = importlib.util.spec_from_file_location("make_expected", EXPECTED / "make_expected.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_candidates_workbook_and_dataset_are_as_recorded_on_the_labelled_registry(tmp_path):
    recorded = make_expected()
    proposals, cells, files = recorded.outputs("labelled", tmp_path)
    assert proposals == gzip.decompress((EXPECTED / "expected_labelled.csv.gz").read_bytes()).decode("utf-8")
    want = json.loads(gzip.decompress((EXPECTED / "expected_labelled_review.json.gz").read_bytes()))
    got = json.loads(cells)
    assert list(got) == list(want) == ["归类审核", "环节", "企业", "读取问题", "未识别产品", "说明"]
    for sheet in want:
        assert got[sheet] == want[sheet], sheet
    digests = json.loads((EXPECTED / "expected_digests.json").read_text(encoding="utf-8"))["labelled"]
    assert recorded.digest(files) == digests["dataset"]


def test_candidates_workbook_and_dataset_are_as_recorded_on_the_demo_registry_view(tmp_path):
    recorded = make_expected()
    proposals, cells, files = recorded.outputs("demo_registry", tmp_path)
    digests = json.loads((EXPECTED / "expected_digests.json").read_text(encoding="utf-8"))["demo_registry"]
    assert {"proposals": recorded.digest(proposals), "review": recorded.digest(cells),
            "dataset": recorded.digest(files)} == digests


def test_an_unchanged_review_workbook_applies_back_to_the_same_dataset_now_reviewed(tmp_path):
    from graph.classify.pipeline import apply_review, classify_registry, write_outputs

    result = classify_registry(make_expected().registry_file("demo_registry", tmp_path))
    folder, review = write_outputs(result, tmp_path / "classified")
    final, firms, links = apply_review(review, tmp_path / "reviewed")
    # 4,220 memberships since issue 20's fifth round (4,234 in the fourth, 4,205 in the third, 4,868 before issue 20): a
    # firm is proposed on one chain, its main business's, or on each chain whose segment names hold its product (轴承)
    assert (firms, links) == (len(result.registry.frame), len(result.memberships())) == (4015, 4220)
    assert filecmp.cmp(folder / "firms.csv", final / "firms.csv", shallow=False)
    proposed, accepted = (pd.read_csv(f / "firm_segments.csv", dtype=str) for f in (folder, final))
    assert set(proposed["reviewed"]) == {"0"} and set(accepted["reviewed"]) == {"1"}   # a person accepted them all
    assert proposed.drop(columns="reviewed").equals(accepted.drop(columns="reviewed"))


def workbook_layout(path) -> dict:
    """What a person sees beyond the values: frozen panes, widths, hidden columns, filters, colours, lists, styles."""
    book = openpyxl.load_workbook(path)
    layout = {}
    for sheet in book.worksheets:
        layout[sheet.title] = {
            "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref,
            "widths": {k: (d.width, bool(d.hidden)) for k, d in sheet.column_dimensions.items() if d.customWidth},
            "colours": [(str(cf.sqref), r.formula[0], r.dxf.fill.fgColor.rgb[-6:])
                        for cf in sheet.conditional_formatting for r in cf.rules],
            "lists": sorted((str(v.sqref), v.formula1) for v in sheet.data_validations.dataValidation),
            "bold": sorted((c.coordinate, c.font.sz or 11.0, bool(c.alignment.wrap_text), c.alignment.vertical)
                           for row in sheet.iter_rows() for c in row if c.font.b),
        }
    return layout


def test_the_former_writer_in_the_bench_wrote_the_same_workbook(tmp_path):
    """bench.classify keeps the former openpyxl writer as the baseline: the same cells and layout, so its timing
    compares like with like."""
    from bench.classify import openpyxl_review
    from graph.classify.pipeline import classify_registry
    from graph.classify.review import write_review

    recorded = make_expected()
    result = classify_registry(recorded.REGISTRIES["labelled"])
    args = (result.registry.frame, result.proposals, result.chains)
    write_review(tmp_path / "new.xlsx", *args, meta=result.meta)
    openpyxl_review(tmp_path / "former.xlsx", *args, meta=result.meta)
    assert recorded.workbook_cells(tmp_path / "new.xlsx") == recorded.workbook_cells(tmp_path / "former.xlsx")
    new, former = workbook_layout(tmp_path / "new.xlsx"), workbook_layout(tmp_path / "former.xlsx")
    assert new == former
    assert new["归类审核"]["widths"]["M"] == (4, True) and new["归类审核"]["freeze"] == "C2"


def test_a_name_part_the_keywords_hold_only_in_longer_words_counts_for_nothing_yet_is_read():
    ships = Chain("ship", "船舶", "Ships", (Segment("ea", "电气与自动化", "Electrical and automation", "midstream",
                                                    industries=("3734",), keywords=("船舶自动化",)),), ())
    chem = Chain("ch", "高端化工", "Chemicals", (Segment("fine", "精细化工", "Fine", "midstream", industries=("2661",)),),
                 (), labels=("化工",))
    rules = RuleSet([ships, chem])
    assert rules.candidates(name="甲有限公司", scope="电器自动化配件生产") == []          # 自动化 alone: any trade's
    assert rules.candidates(name="甲自动化工程有限公司", scope="") == []                 # … and no 化工 inside it
    assert [c.segment_id for c in rules.candidates(name="甲有限公司", scope="船舶自动化系统制造")] == ["ea"]


def test_word_boundaries_registries_keep_and_the_variant_they_write():
    chem = Chain("ch", "高端化工", "Chemicals", (Segment("fine", "精细化工", "Fine", "midstream", industries=("2661",)),),
                 (), labels=("化工",))
    it = Chain("it", "新一代信息技术", "IT", (Segment("phones", "智能终端", "Terminals", "downstream", industries=("3922",),
                                                      keywords=("通信终端",)),), (), labels=("通信设备",))
    rules = RuleSet([chem, it])
    assert rules.candidates(name="甲绿化工程有限公司", scope="") == []     # 绿化 + 工程, not 化工
    assert [c.chain_id for c in rules.candidates(name="甲化工有限公司", scope="")] == ["ch"]
    assert [(c.chain_id, c.segment_id) for c in rules.candidates(name="甲有限公司", scope="通讯终端制造")] == [
        ("it", "phones")]                                                     # 通讯 is 通信 as registries write it
    assert [(c.chain_id, c.segment_id) for c in rules.candidates(name="甲有限公司", scope="通讯设备制造")] == [("it", "")]


def test_firms_no_longer_operating_are_left_out_by_their_status_or_their_scope(tmp_path):
    from graph.classify.registry import read_registry

    path = tmp_path / "export.csv"
    path.write_text("企业名称,登记状态,经营范围\n"
                    "甲化工有限公司,存续,化工产品生产\n"
                    "乙化工有限公司,注销,化工产品生产\n"
                    "丙食品厂,在业,仅供清理本企业债权债务使用。\n"
                    "丁纺织厂,开业,本企业已停止经营并清理债权债务;\n", encoding="utf-8")
    registry = read_registry(path)
    assert list(registry.frame["name"]) == ["甲化工有限公司"]
    assert list(registry.left_out["reason"]) == ["注销", "仅供清理本企业债权债务", "停止经营"]
    [issue] = [i for i in registry.warnings if i.code == "not_operating"]
    assert issue.params["count"] == 3 and issue.column == "登记状态"
    path.write_text("企业名称,经营范围\n甲化工有限公司,化工产品生产\n丙食品厂,仅供清理本企业债权债务使用。\n", encoding="utf-8")
    [issue] = [i for i in read_registry(path).warnings if i.code == "not_operating"]
    assert issue.column == "经营范围"   # no status column: the scope said it


def test_a_bank_office_named_after_a_works_is_no_maker_and_a_label_in_a_makers_name_counts_when_its_scope_is_vague():
    from graph.classify.orgkind import kind_of

    assert kind_of("中国工商银行股份有限公司太原化肥厂支行").kind == "outlet"
    li = Chain("li", "轻工", "Light industry", (
        Segment("hardware", "五金", "Hardware", "upstream", industries=("3329",), keywords=("五金制品",)),), (),
        labels=("五金制品",))
    rules = RuleSet([li], products={"outside": ("饲料",)})
    [c] = rules.candidates(name="甲五金制品厂", scope="生产、销售金属配件")     # the scope makes, in words no map holds
    assert (c.segment_id, c.confidence) == ("hardware", 0.65)
    [c] = rules.candidates(name="甲五金制品厂", scope="饲料加工")               # … or it makes what no segment holds
    assert c.confidence == 0.4875


def test_workers_give_the_same_proposals_as_one_process_and_report_progress(monkeypatch):
    import multiprocessing

    from graph.classify import propose as module
    from graph.classify.pipeline import DEFAULT_CHAINS, rules_for

    registry = read_registry(ROOT / "tests" / "data" / "registry_real" / "labelled_other_c.csv")
    rules = rules_for(DEFAULT_CHAINS)[1]
    one = module.propose(registry.frame, rules)
    monkeypatch.setattr(module, "PARALLEL_FROM", 0)   # 400 firms in pieces of 30: the pool path, small
    monkeypatch.setattr(module, "CHUNK", 30)
    contexts = []
    real_context = multiprocessing.get_context

    def spy(method):
        contexts.append(method)
        return real_context(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    steps = []
    many_unknown = []
    many = module.propose(registry.frame, rules, workers=2, progress=lambda done, total: steps.append((done, total)),
                          unknown=many_unknown)
    assert contexts == ["fork"]   # the work went to forked workers
    pd.testing.assert_frame_equal(many, one)
    one_unknown = []
    module.propose(registry.frame, rules, unknown=one_unknown)
    assert many_unknown == one_unknown and len(one_unknown) > 10   # the products no map holds, in registry order
    assert len(one) > 50 and one["status"].eq("proposed").any()
    n = len(registry.frame)
    assert steps == [(min(stop, n), n) for stop in range(0, n + 30, 30)]   # every piece, in order, to the end


def test_cli_takes_a_worker_count_and_refuses_a_negative_one(tmp_path):
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / workers
        done = run_cli("classify", "--registry", str(TINY), "--out", str(out), "--workers", workers)
        assert done.returncode == 0, done.stderr
        outs.append(out)
    assert filecmp.cmp(outs[0] / "firm_segments.csv", outs[1] / "firm_segments.csv", shallow=False)
    done = run_cli("--lang", "en", "classify", "--registry", str(TINY), "--out", str(tmp_path / "x"), "--workers", "-1")
    assert done.returncode == 1 and "--workers must be 0" in done.stderr and not (tmp_path / "x").exists()


def test_the_bench_counts_the_memory_of_a_command_and_its_workers_together():
    from bench.classify import measured_run

    hold = "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.0)"   # 150 MB, touched
    command = [sys.executable, "-c", f"import os, time\npid = os.fork()\n{hold}\nif pid: os.waitpid(pid, 0)"]
    wall, cpu, peak = measured_run(command)
    assert wall >= 1.0 and cpu > 0
    assert peak >= 290   # parent and forked child, 150 MB each, at the same time


def test_round_7_verbs_that_name_a_trade_verbs_of_two_conjuncts_and_parts_made_for_vehicles():
    from graph.classify.pipeline import DEFAULT_CHAINS, rules_for
    from graph.classify.scope import clauses

    def read(scope):
        return [(c.text, c.verbs) for c in clauses(scope)]

    assert read("产销家具") == [("产销家具", "make")]                              # 产销: makes and sells
    assert read("染色加工；经销染化料") == [("染色加工", "make"), ("经销染化料", "trade")]   # a dyeworks
    assert read("研发、生产、销售") == []                                          # verbs that only say "make"
    assert read("塑钢门窗制造（塑钢门窗加工）及门窗经销") == [("塑钢门窗制造", "make"), ("门窗经销", "trade")]
    assert read("建筑工程、装配式建筑") == [("建筑工程", "service"), ("装配式建筑", "")]   # 装配式 (prefab): no verb
    assert [v for _, v in read("钢筋作业分包，水暖电安装作业分包")] == ["service", "service"]
    assert read("经营进料加工和“三来一补”业务；塑料制品生产") == [("塑料制品生产", "make")]   # an old trade licence
    assert read("经营进料加工和“三来一补”业务，销售五金") == [("销售五金", "trade")]   # … the items after it stay
    rules = rules_for(DEFAULT_CHAINS)[1]

    def chains_of(name, scope, threshold=0.5):
        return {(c.chain_id, c.segment_id) for c in rules.candidates(name=name, scope=scope) if c.confidence >= threshold}

    assert ("textiles_apparel", "dyeing_printing") in chains_of("甲染整有限公司", "染色加工；经销染化料")
    assert ("light_industry", "furniture") in chains_of("甲有限公司", "产销家具")
    assert ("light_industry", "furniture") in chains_of("甲有限公司", "加工钢家俬、木家俬")          # 家俬: furniture
    assert chains_of("甲有限公司", "制造、加工：纸类制品") == chains_of("甲有限公司", "制造、加工：纸制品") != set()
    assert ("light_industry", "packaging_printing") in chains_of("甲印刷有限公司", "包装装潢、其它印刷品")  # 印刷 makes
    # a machine part made for vehicles is a vehicle part, which no segment holds; a gear alone is a machine's
    gears = {("construction_machinery", "reducers"), ("agri_machinery", "powershift_cvt")}
    assert chains_of("甲有限公司", "齿轮制造", 0.1) == gears
    assert chains_of("甲有限公司", "汽车齿轮及汽车零部件制造", 0.1) == set()
    assert chains_of("甲有限公司", "汽车发动机制造", 0.1) == set() != chains_of("甲有限公司", "发动机制造")


def test_round_9_words_inside_longer_words_units_that_are_shops_and_names_the_scope_contradicts():
    from graph.classify.orgkind import kind_of
    from graph.classify.pipeline import DEFAULT_CHAINS, rules_for
    from graph.classify.scope import clauses

    rules = rules_for(DEFAULT_CHAINS)[1]

    def chains_of(name, scope, threshold=0.5):
        return {(c.chain_id, c.segment_id) for c in rules.candidates(name=name, scope=scope) if c.confidence >= threshold}

    assert chains_of("甲有限公司", "普通水电机械加工销售") == set()                  # 水电 + 机械, no 电机
    assert chains_of("甲有限公司", "电机制造") == {("light_industry", "motors")}
    assert chains_of("甲有限公司", "汽车空调制造") == set()                           # a car part, no appliance
    assert chains_of("甲有限公司", "汽车起动电机制造") == set()                       # … as a car's motor is
    assert chains_of("甲有限公司", "空调制造") == {("light_industry", "home_appliances")}
    assert chains_of("甲有限公司", "电器元件制造") == set()                           # 元件 alone: any trade's parts
    assert ("new_gen_it", "components_mlcc") in chains_of("甲有限公司", "电子元件制造")
    # a word at an item's very end is read to there, and a product of two maps keeps the word before it whole
    assert {c for c, _ in chains_of("甲有限公司", "液压齿轮泵制造")} == {"agri_machinery", "construction_machinery"}
    # a trade of its own after goods sold is what the firm does; 生产性 is an adjective
    read = [(c.text, c.verbs) for c in clauses("钢材、木材零售批发，注塑加工，生产性废旧金属收购")]
    assert read == [("钢材", "trade"), ("木材零售批发", "trade"), ("注塑加工", "make"), ("生产性废旧金属收购", "trade")]
    assert [c.text for c in clauses("经营本企业自产产品及技术的出口业务；经营本企业生产所需的原辅材料；仪器仪表、"
                                    "机械设备零配件及技术的进口业务")] == []          # one licence across a ；
    # a shop of a company (…分店, …路店) and a trade union are no makers, whatever the company makes
    assert [kind_of(n).kind for n in ("甲食品有限公司乙路店", "甲彩印纸盒有限公司工会委员会", "甲财务管理有限公司",
                                      "甲粮油加工店")] == ["outlet", "outlet", "service", "maker"]
    # a name's chain label when the scope makes a product no segment holds: 化工有限公司 making lime
    assert chains_of("甲化工有限公司", "制造销售：白灰") == set()
    assert {c for c, _ in chains_of("甲化工有限公司", "制造销售：化工产品")} == {"high_end_chemicals"}
    # homophones registries write, and words of the maps' own classes
    assert chains_of("甲有限公司", "海棉制品加工") == chains_of("甲有限公司", "海绵制品加工") != set()
    assert chains_of("甲有限公司", "轻质夹心板生产") == {("advanced_materials", "new_building_materials")}
    assert chains_of("甲有限公司", "假肢矫形器生产装配") == {("pharmaceuticals", "medical_devices")}


def test_a_city_a_province_administers_directly_is_read_from_the_address_when_the_cell_names_only_the_group(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("企业名称,所在省份,地区,注册地址\n"
                    "甲实业开发有限公司,海南,省直辖县,海南省东方市板桥镇291公里处\n"
                    "乙科技有限公司,海南,省直辖县,海南省澄迈县老城经济开发区\n"
                    "丙化工有限公司,新疆,图木舒克,新疆图木舒克市工业园区\n"
                    "丁电子有限公司,上海,,上海市苍梧路5号\n"
                    "戊机械有限公司,山东,,潍坊市奎文区\n"
                    "己机械有限公司,山东,,\n", encoding="utf-8")
    frame = read_registry(path).frame
    assert frame["city"].fillna("").tolist() == ["东方市", "澄迈县", "图木舒克市", "上海市", "潍坊市", ""]


# ------------------------------------------------------------------ what unplaced firms make in words no map holds
def test_unknown_products_are_what_unplaced_firms_make_in_words_no_map_holds():
    from graph.classify.orgkind import kind_of
    from graph.classify.pipeline import DEFAULT_CHAINS, rules_for
    from graph.classify.propose import propose

    rules = rules_for(DEFAULT_CHAINS)[1]

    def unknown(name, scope):
        return rules.unknown_products(normalise_text(scope), kind_of(normalise_text(name)))

    assert unknown("甲有限公司", "甜茶加工、销售；日用百货零售") == ["甜茶"]        # made; the sold goods are not listed
    assert unknown("甲有限公司", "生产、销售甜茶及系列产品") == ["甜茶及系列产品"]   # without its verbs
    assert unknown("甲茶厂", "甜茶") == ["甜茶"]                 # a works' items under no verb are made …
    assert unknown("甲有限公司", "甜茶") == []                   # … a company's are not
    assert unknown("甲有限公司", "茶叶加工") == []               # a keyword: the maps hold it
    assert unknown("甲有限公司", "塑料玩具制造") == []           # a product no segment holds: listed already
    assert unknown("甲有限公司", "生产销售本企业自产产品；甜茶加工；甜茶加工") == ["甜茶"]   # no boilerplate, once
    assert unknown("甲有限公司", "来料加工；设计、制作、发布广告；新产品研制") == []   # formulas and words, no products
    frame = pd.DataFrame({"firm_id": ["A", "B", "C", "D"], "name": ["甲有限公司", "乙茶厂", "丙有限公司", "丁超市"],
                          "scope": ["挖掘机、甜茶制造", "甜茶加工", "炉条、甜茶制造", "甜茶加工"]})
    found = []
    propose(frame, rules, unknown=found)
    # A is placed on a chain (its 甜茶 is not what keeps it off the map); a shop makes nothing
    assert found == [("B", "甜茶"), ("C", "炉条"), ("C", "甜茶")]


def test_the_cli_and_review_workbook_list_the_products_no_map_holds(tmp_path):
    registry = tmp_path / "名录.csv"
    registry.write_text("企业名称,经营范围\n甲茶厂,甜茶加工\n乙有限公司,甜茶、炉条制造\n丙有限公司,挖掘机制造\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("classify", "--registry", str(registry), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "未归类企业制造的产品中有 2 种不在任何图谱中（最多的：甜茶 2、炉条 1）" in done.stdout
    book = openpyxl.load_workbook(out / "review.xlsx")
    assert book.sheetnames == ["归类审核", "环节", "企业", "读取问题", "未识别产品", "说明"]
    sheet = book["未识别产品"]
    assert list(sheet.iter_rows(values_only=True)) == [("产品 product", "企业数 firms", "示例企业 example firms"),
                                                       ("甜茶", 2, "甲茶厂、乙有限公司"), ("炉条", 1, "乙有限公司")]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:C3"
    firms, links, _ = read_review(out / "review.xlsx", RULES_CHAINS())   # the workbook still reads back
    assert len(firms) == 3 and list(links["segment_id"]) == ["excavators"]
    done = run_cli("--lang", "en", "classify", "--registry", str(TINY), "--out", str(tmp_path / "tiny"))
    assert done.returncode == 0 and "no map" not in done.stdout   # nothing to list: no line, no sheet
    assert "未识别产品" not in openpyxl.load_workbook(tmp_path / "tiny" / "review.xlsx").sheetnames
