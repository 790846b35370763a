"""The reference pool fills attraction targets (issue 21, item 3): on a registry-only dataset every chain gets
targets from the shipped pool, each saying where it comes from and why it was placed; pool firms never count as
local; a dataset with many firms outside its region is left alone; --pool/--no-pool and the 数据 page choose."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from graph.analysis.coverage import completeness
from graph.analysis.pool import Pool, pool_candidates, pool_wanted
from graph.analysis.settings import DEFAULT
from graph.analysis.summary import analyze
from graph.facts import Facts
from graph.io import REFERENCE_POOL, read_dataset, read_pool
from tests.conftest import ROOT

REGISTRY = ROOT / "data" / "demo-registry"
DEMO = ROOT / "data" / "demo"


@pytest.fixture(scope="module")
def pool() -> Pool:
    return Pool.from_dataset(*read_pool(REFERENCE_POOL))


@pytest.fixture(scope="module")
def registry() -> Facts:
    return Facts.from_dataset(read_dataset(REGISTRY))


@pytest.fixture(scope="module")
def results(registry, pool):
    return analyze(registry, pool=pool)


def test_a_province_registry_wants_the_pool_and_the_demo_does_not(registry):
    assert pool_wanted(registry, DEFAULT)                           # every firm is local
    assert not pool_wanted(Facts.from_dataset(read_dataset(DEMO)), DEFAULT)


def test_every_chain_lists_targets_from_the_pool_with_source_and_evidence(results, pool):
    held = set(zip(pool.facts.memberships["chain_id"], pool.facts.memberships["segment_id"], strict=True))
    listing = 0
    for chain_id, r in results.items():
        t = r.targets
        wanted = {(chain_id, s) for s in (*r.gaps["segment_id"], *r.weak_links["segment_id"])}
        # targets exactly where the pool holds a firm of a gap or weak segment (it holds no MCU maker, for one)
        assert bool(len(t)) == bool(wanted & held), chain_id
        listing += bool(len(t))
        assert t["source"].eq("pool").all(), chain_id   # the registry holds no firm outside 山东
        assert not t["province"].eq("山东省").any()
        assert t["size_basis"].eq("registered_capital").all()
        assert t["basis"].str.len().gt(0).all() and t["confidence"].between(0.5, 1.0).all()
        codes = [[x["code"] for x in reasons] for reasons in t["reasons"]]
        assert all("target_from_pool" in c and "target_basis_proposal" in c and "target_size_basis" in c
                   for c in codes), chain_id
    assert listing >= len(results) - 1


def test_pool_targets_are_ranked_by_registered_capital_within_a_segment(results, pool):
    capital = pool.facts.firms.set_index("firm_id")["registered_capital"]
    for r in results.values():
        for _, group in r.targets.groupby("segment_id"):
            sizes = group.sort_values("rank")["firm_id"].map(capital).tolist()
            assert sizes == sorted(sizes, reverse=True)
            ties = [sizes.index(v) + 1 for v in sizes]        # equal capital, equal rank (1, 2, 2, 4)
            assert group.sort_values("rank")["rank"].tolist() == ties


def test_pool_firms_never_count_as_local(registry, pool, results):
    alone = analyze(registry, pool=None)
    for chain_id, r in results.items():
        assert r.completeness == alone[chain_id].completeness == completeness(registry, chain_id)
        assert r.gaps.equals(alone[chain_id].gaps) and r.leaders.equals(alone[chain_id].leaders)
        assert alone[chain_id].targets.empty


def test_the_pool_fills_only_places_the_datasets_own_candidates_leave():
    demo = Facts.from_dataset(read_dataset(DEMO))
    with_pool = analyze(demo, chain="new_gen_it", pool=Pool.from_dataset(*read_pool(REFERENCE_POOL)))["new_gen_it"]
    without = analyze(demo, chain="new_gen_it")["new_gen_it"]
    own = with_pool.targets[with_pool.targets["source"] == "dataset"]
    assert own["basis"].isna().all() and without.targets["basis"].isna().all()
    pd.testing.assert_frame_equal(own.drop(columns="basis").reset_index(drop=True),
                                  without.targets.drop(columns="basis").reset_index(drop=True), check_dtype=False)
    for _, group in with_pool.targets.groupby("segment_id"):
        assert len(group) <= DEFAULT.targets_per_segment
        first_pool = group.loc[group["source"] == "pool", "rank"].min()
        assert pd.isna(first_pool) or (group.loc[group["source"] == "dataset", "rank"] < first_pool).all()


def test_firms_already_in_the_dataset_are_not_offered_twice(pool):
    m = pool.facts.memberships
    chain_id, segment_id = m["chain_id"].iloc[0], m["segment_id"].iloc[0]
    every = pool_candidates(pool, chain_id, [segment_id], region="山东省", known_names=[], known_usccs=[])
    name, uscc = every["name"].iloc[0], every["uscc"].iloc[0]
    by_name = pool_candidates(pool, chain_id, [segment_id], region="山东省", known_names=[name], known_usccs=[])
    by_code = pool_candidates(pool, chain_id, [segment_id], region="山东省", known_names=[], known_usccs=[uscc])
    assert name not in set(by_name["name"]) and uscc not in set(by_code["uscc"]) and len(by_name) == len(every) - 1
    home = every["province"].iloc[0]
    assert home not in set(pool_candidates(pool, chain_id, [segment_id], region=home, known_names=[],
                                           known_usccs=[])["province"])



def test_a_segment_the_pool_holds_no_firm_of_gives_no_candidates_in_the_pools_columns(pool):
    m = pool.facts.memberships
    chain_id = m["chain_id"].iloc[0]
    none = pool_candidates(pool, chain_id, ["no_such_segment"], region="山东省", known_names=[], known_usccs=[])
    assert none.empty and list(none.columns) == list(pool_candidates(
        pool, chain_id, [m["segment_id"].iloc[0]], region="山东省", known_names=[], known_usccs=[]).columns)

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, cwd=ROOT)


def test_analyze_uses_the_shipped_pool_by_default_and_obeys_the_flags(tmp_path):
    auto = json.loads(run("analyze", "--data", str(REGISTRY), "--chain", "pharmaceuticals", "--json").stdout)
    assert auto["pool"]["firms"] > 3000
    assert auto["chains"][0]["targets"] and {t["source"] for t in auto["chains"][0]["targets"]} == {"pool"}
    none = json.loads(run("analyze", "--data", str(REGISTRY), "--chain", "pharmaceuticals", "--json",
                          "--no-pool").stdout)
    assert none["pool"] is None and none["chains"][0]["targets"] == []
    demo = json.loads(run("analyze", "--data", str(DEMO), "--chain", "pharmaceuticals", "--json").stdout)
    assert demo["pool"] is None
    named = json.loads(run("analyze", "--data", str(DEMO), "--chain", "pharmaceuticals", "--json", "--pool",
                           str(REFERENCE_POOL)).stdout)
    assert named["pool"]["name"] == auto["pool"]["name"]
    text = run("--lang", "en", "analyze", "--data", str(REGISTRY), "--chain", "pharmaceuticals")
    assert "reference pool" in text.stdout and "[reference pool]" in text.stdout
    bad = run("analyze", "--data", str(REGISTRY), "--pool", str(tmp_path))
    assert bad.returncode == 1 and "dataset.yaml" in bad.stderr


def test_the_report_says_which_targets_come_from_the_pool(tmp_path):
    done = run("report", "--data", str(REGISTRY), "--chain", "pharmaceuticals", "--out", str(tmp_path / "r.xlsx"))
    assert done.returncode == 0, done.stderr
    sheet = pd.read_excel(tmp_path / "r.xlsx", sheet_name="双招双引对象", header=1)
    assert set(sheet["来源"]) == {"参考库"} and set(sheet["规模口径"]) == {"注册资本"}
    assert sheet["理由"].str.contains("归类依据").all()


# ---------------------------------------------------------------- the app
@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CHAIN_EXPLORER_DATA", raising=False)

    def start(lang="zh"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["lang"] = lang
        at.session_state["upload_path"] = str(REGISTRY)
        at.run()
        return at
    return start


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_targets_page_shows_pool_targets_and_the_data_page_turns_the_pool_off(app, lang):
    at = app(lang)
    at.switch_page("views/targets.py").run()
    assert not at.exception, at.exception
    assert any(("参考库" if lang == "zh" else "reference pool") in c.value for c in at.caption)
    frames = [d.value for d in at.dataframe]
    source = "来源" if lang == "zh" else "Source"
    assert frames and all(set(f[source]) == {"参考库" if lang == "zh" else "reference pool"} for f in frames)
    at.switch_page("views/data.py").run()
    assert not at.exception, at.exception
    at.radio(key="pool_widget").set_value("none").run()
    assert at.session_state["pool"] == "none"
    at.switch_page("views/targets.py").run()
    assert not at.exception and not at.dataframe
    assert not any(("参考库" if lang == "zh" else "reference pool") in c.value for c in at.caption)


# ---------------------------------------------------------------- Neo4j
@pytest.mark.neo4j
def test_the_pool_loads_into_neo4j_like_any_dataset_and_reads_back(neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    dataset, _ = read_pool(REFERENCE_POOL)
    store = Neo4jStore(neo4j_driver)
    store.load(dataset)
    try:
        back = store.dataset(name=dataset.meta.name)
        assert len(back.firms) == len(dataset.firms) and len(back.firm_segments) == len(dataset.firm_segments)
        pool = Pool.from_dataset(back, read_pool(REFERENCE_POOL)[1])
        registry = Facts.from_dataset(read_dataset(REGISTRY))
        from_neo4j = analyze(registry, chain="pharmaceuticals", pool=pool)["pharmaceuticals"].targets
        from_files = analyze(registry, chain="pharmaceuticals",
                             pool=Pool.from_dataset(dataset, read_pool(REFERENCE_POOL)[1]))["pharmaceuticals"].targets
        assert len(from_files) and from_neo4j[["segment_id", "rank", "firm_id", "basis"]].equals(
            from_files[["segment_id", "rank", "firm_id", "basis"]])
    finally:
        store.drop(name=dataset.meta.name, year=None)
