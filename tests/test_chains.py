"""The committed chain maps: 11 chains, 12–25 segments, DAGs, links reading upstream to downstream."""
import csv
import re

import networkx as nx
import pytest

from graph.io import DataError, read_chain_set
from graph.model import STAGES
from tests.conftest import ROOT, SHANDONG, TINY_CHAIN

CHAINS = read_chain_set(SHANDONG)
EXPECTED = {"新一代信息技术", "高端装备", "新能源装备", "先进材料", "船舶和海工装备", "高端化工", "农机装备", "医药",
            "工程机械", "轻工", "纺织服装"}


def test_the_eleven_flagship_chains():
    assert {c.name for c in CHAINS} == EXPECTED
    assert len({c.id for c in CHAINS}) == 11


@pytest.mark.parametrize("chain", CHAINS, ids=lambda c: c.id)
def test_chain_map_shape(chain):
    assert 12 <= len(chain.segments) <= 25
    dag = nx.DiGraph(list(chain.links))
    dag.add_nodes_from(chain.segment_ids())
    assert nx.is_directed_acyclic_graph(dag)
    assert all(s.name and s.name_en and s.stage in STAGES for s in chain.segments)
    assert any(s.key_tech for s in chain.segments)
    assert nx.number_weakly_connected_components(dag) == 1
    order = {stage: i for i, stage in enumerate(STAGES)}
    stage = {s.id: order[s.stage] for s in chain.segments}
    assert all(stage[a] <= stage[b] for a, b in chain.links), "links must not run downstream -> upstream"


def _chain_set(tmp_path, text):
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_cycle_is_named(tmp_path):
    text = TINY_CHAIN + "  - {from: devices, to: ore}\n"
    with pytest.raises(DataError) as info:
        read_chain_set(_chain_set(tmp_path, text))
    (issue,) = info.value.errors
    assert issue.code == "cycle" and issue.file.endswith("c.yaml")
    assert "ore → parts → devices → ore" in issue.message("en")


@pytest.mark.parametrize("change, code", [
    (("stage: upstream, key_tech: false}", "stage: sideways, key_tech: false}"), "bad_field"),
    (("{from: ore, to: parts}", "{from: ore, to: nowhere}"), "unknown_link_segment"),
    (("{id: chips,", "{id: parts,"), "duplicate_segment"),
    (("id: widgets", "id: Widgets!"), "bad_field"),
    (("{from: ore, to: parts}", "{from: ore, to: ore}"), "self_link"),
    (("name_en: Widgets\n", "name_en: Widgets\n  bad: [\n"), "bad_yaml"),
])
def test_chain_map_errors(tmp_path, change, code):
    with pytest.raises(DataError) as info:
        read_chain_set(_chain_set(tmp_path, TINY_CHAIN.replace(*change)))
    assert code in {i.code for i in info.value.errors}


def test_an_empty_folder_is_not_a_chain_set(tmp_path):
    with pytest.raises(DataError) as info:
        read_chain_set(tmp_path)
    assert info.value.errors[0].code == "empty_chain_set"


# ---------------------------------------------------------------- recognition fields (classify reads them)
GBT = ROOT / "chains" / "gbt4754-2017.csv"
with GBT.open(encoding="utf-8", newline="") as _f:
    CLASSES = {row["code"]: row for row in csv.DictReader(_f)}
SEGMENTS = [(c, s) for c in CHAINS for s in c.segments]


def _segment(chain_id, segment_id):
    return next(s for c, s in SEGMENTS if c.id == chain_id and s.id == segment_id)


@pytest.mark.parametrize("chain, seg", SEGMENTS, ids=lambda x: x.id)
def test_every_segment_can_be_recognised(chain, seg):
    assert seg.industries, "at least one GB/T 4754-2017 class"
    # a broad segment lists the products registries write (食品饮料 spans GB/T divisions 13–15: 豆制品, 挂面, 食醋 …):
    # up to two per GB/T class it holds where that is more than 80
    assert 8 <= len(seg.keywords) <= max(80, 2 * len(seg.industries))
    for words in (seg.industries, seg.keywords, seg.exclude):
        assert len(set(words)) == len(words), "no word twice in one list"
    assert all(len(w) >= 2 for w in seg.keywords + seg.exclude), "one character matches far too much"
    assert not [w for w in seg.keywords if re.fullmatch(r"[A-Za-z]{1,2}", w)], "two Latin letters hide in other words"
    unknown = [code for code in seg.industries if code not in CLASSES]
    assert not unknown, f"not a class of chains/gbt4754-2017.csv: {unknown}"
    ruled_out = [(k, x) for k in seg.keywords for x in seg.exclude if x in k]
    assert not ruled_out, f"keyword would always be excluded: {ruled_out}"


@pytest.mark.parametrize("chain", CHAINS, ids=lambda c: c.id)
def test_keywords_point_to_one_segment_within_a_chain(chain):
    owners = {}
    for seg in chain.segments:
        for word in seg.keywords:
            owners.setdefault(word, []).append(seg.id)
    assert {w: ids for w, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize("chain", CHAINS, ids=lambda c: c.id)
def test_every_chain_has_vendor_labels(chain):
    assert 15 <= len(chain.labels) <= 40
    assert len(set(chain.labels)) == len(chain.labels)
    assert all(len(w) >= 2 for w in chain.labels)


def test_a_label_means_one_chain():
    owners = {}
    for chain in CHAINS:
        for label in chain.labels:
            owners.setdefault(label, []).append(chain.id)
    assert {w: ids for w, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize("chain_id, segment_id, code, name", [
    ("construction_machinery", "excavators", "3514", "建筑工程用机械制造"),
    ("agri_machinery", "tractors", "3571", "拖拉机制造"),
    ("agri_machinery", "agri_services", "0512", "农业机械活动"),   # a leading zero survives YAML
    ("new_gen_it", "chip_design", "6520", "集成电路设计"),
    ("high_end_chemicals", "tires", "2911", "轮胎制造"),
    ("shipbuilding_offshore", "ship_assembly", "3731", "金属船舶制造"),
    ("pharmaceuticals", "chemical_drugs", "2720", "化学药品制剂制造"),
    ("new_energy_equipment", "lithium_batteries", "3841", "锂离子电池制造"),
])
def test_spot_checks(chain_id, segment_id, code, name):
    assert code in _segment(chain_id, segment_id).industries
    assert CLASSES[code]["name"] == name


def test_spot_checks_of_words():
    excavators = _segment("construction_machinery", "excavators")
    assert {"挖掘机", "挖机"} <= set(excavators.keywords) and "租赁" in excavators.exclude
    assert "挖掘机租赁" in _segment("construction_machinery", "rental_aftermarket").keywords
    assert {"柱塞泵", "电液比例阀"} <= set(_segment("agri_machinery", "hydraulic_pumps_valves").keywords)
    assert {"工程机械", "液压件"} <= set(next(c for c in CHAINS if c.id == "construction_machinery").labels)


def test_gbt_class_list():
    assert GBT.read_bytes()[:3] != b"\xef\xbb\xbf", "plain UTF-8"
    assert list(next(iter(CLASSES.values()))) == ["code", "name", "section", "division"]
    codes = list(CLASSES)
    assert codes == sorted(codes) and all(len(c) == 4 and c.isdigit() for c in codes)
    assert all(row["division"] == code[:2] and row["name"] for code, row in CLASSES.items())
    manufacturing = [c for c in codes if 13 <= int(c[:2]) <= 43]
    assert len(manufacturing) == 609                       # 门类 C has 609 classes (小类) in GB/T 4754-2017
    assert {int(c[:2]) for c in manufacturing} == set(range(13, 44))
    assert {CLASSES[c]["section"] for c in manufacturing} == {"C"}
    assert CLASSES["3670"]["name"] == "汽车零部件及配件制造"
    assert CLASSES["3517"]["name"] == "隧道施工专用机械制造"   # new in 2017; absent from GB/T 4754-2011
    assert CLASSES["6511"] == {"code": "6511", "name": "基础软件开发", "section": "I", "division": "65"}
    used = {code for _, s in SEGMENTS for code in s.industries}
    outside = {c for c in codes if not 13 <= int(c[:2]) <= 43}
    assert outside <= used, "classes outside manufacturing are listed only when a segment uses them"


# ---------------------------------------------------------------- products no segment holds (_products.yaml)
def test_the_outside_products_are_no_segment_word_and_read_from_the_chain_set():
    from graph.classify.pipeline import rules_for

    _, rules = rules_for(SHANDONG)
    outside = rules.outside.words
    assert len(outside) > 400 and len(set(outside)) == len(outside)
    held = [w for w in outside if any(entry[0] != "exclude" for entry in rules.words.get(w, ()))]
    assert not held, f"a segment keyword, chain label or class name listed as outside: {held}"
    assert {"阀门", "汽车配件", "玩具"} <= set(outside)


def test_a_bad_products_file_is_refused_naming_the_file_and_field(tmp_path):
    from graph.io import read_products

    assert read_products(tmp_path) == {"outside": ()}   # no file: nothing is outside
    (tmp_path / "_products.yaml").write_text("outside: 阀门, 玩具\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_products(tmp_path)
    issue = err.value.issues[0]
    assert issue.file.endswith("_products.yaml") and issue.column == "outside" and issue.code == "bad_field"
    (tmp_path / "_products.yaml").write_text("outside: [阀门, \n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_products(tmp_path)
    assert err.value.issues[0].code == "bad_yaml"
