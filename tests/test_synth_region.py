"""The synthetic demo's region is data (chains/shandong_synth.yaml, read by graph.io.read_synth_region): another
file gives another province, and a bad file is refused with the fields named."""
from dataclasses import replace

import pytest
import yaml

from graph.io import SHANDONG_SYNTH, DataError, read_chain_set, read_synth_region
from graph.synth import SHANDONG, synthesize
from tests.conftest import SHANDONG as SHANDONG_CHAINS

CHAINS = read_chain_set(SHANDONG_CHAINS)


def _write(tmp_path, doc):
    path = tmp_path / "region.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shandong_file_is_what_synth_uses():
    home = read_synth_region(SHANDONG_SYNTH)
    assert home == SHANDONG and home.region == "山东省"
    assert len(home.home_cities) == 16 and all(code.startswith("37") for code, _ in home.home_cities.values())
    chains = {c.id: set(c.segment_ids()) for c in CHAINS}
    for chain, planted in home.bottlenecks.items():        # ids of the chain set the demo is made from
        assert set(planted) <= chains[chain]
    assert {s for c, s in home.segment_bias} <= set().union(*chains.values())


def test_another_region_file_makes_another_province(tmp_path):
    doc = yaml.safe_load(SHANDONG_SYNTH.read_text(encoding="utf-8"))
    doc.update(region="江苏省", home_cities={"南京市": {"code": "320100", "weight": 3},
                                             "无锡市": {"code": "320200", "weight": 1}})
    doc["other_provinces"] = {"山东省": {"code": "370000", "city": "青岛市", "weight": 1}}
    doc["bottlenecks"] = {"agri_machinery": {"tractors": 0}}
    home = read_synth_region(_write(tmp_path, doc))
    data = synthesize(CHAINS, seed=3, scale=0.05, home=home)
    firms = data.firms
    local = firms[firms["province"] == "江苏省"]
    assert data.meta.region == "江苏省" and len(local) > 100
    assert set(local["city"]) == {"南京市", "无锡市"}
    assert set(firms.loc[firms["province"] != "江苏省", "city"]) == {"青岛市"}
    assert local["uscc"].dropna().str[2:6].isin({"3201", "3202"}).all()   # credit codes registered in its cities
    fs = data.firm_segments
    tractors = fs[(fs["chain_id"] == "agri_machinery") & (fs["segment_id"] == "tractors")]
    assert not tractors["firm_id"].isin(local["firm_id"]).any()         # the bottleneck the file plants: a gap
    assert not synthesize(CHAINS, seed=3, scale=0.05, home=replace(home, bottlenecks={})).firms.equals(firms)


def test_a_bad_region_file_names_every_bad_field(tmp_path):
    doc = {"region": "", "home_cities": {"甲市": {"code": 370100, "weight": 0}},
           "other_provinces": {"乙省": {"code": "12", "weight": 2}}, "segment_bias": {"c": {"s": -1}},
           "bottlenecks": {"c": {"s": 1.5}, "d": 3}}
    with pytest.raises(DataError) as caught:
        read_synth_region(_write(tmp_path, doc))
    assert [i.column for i in caught.value.issues] == [
        "region", "home_cities.甲市.code", "home_cities.甲市.weight", "other_provinces.乙省.city",
        "other_provinces.乙省.code", "segment_bias.c.s", "bottlenecks.c.s", "bottlenecks.d"]
    with pytest.raises(DataError) as caught:
        read_synth_region(tmp_path / "none.yaml")
    assert caught.value.issues[0].code == "file_missing"
