"""The synthetic province generator: deterministic, shaped like the real thing, and telling a story
between its two demo years."""
from collections import Counter

import pandas as pd
import pytest

from graph.io import read_chain_set, read_dataset
from graph.synth import SHANDONG as HOME
from graph.synth import synthesize, synthesize_years
from graph.years import diff_folders
from tests.conftest import DEMO, SHANDONG

DEMO_2023 = DEMO.parent / "demo-2023"

CHAINS = read_chain_set(SHANDONG)


@pytest.fixture(scope="module")
def small():
    return synthesize(CHAINS, seed=7, scale=0.2)


def test_same_seed_same_dataset(small):
    again = synthesize(CHAINS, seed=7, scale=0.2)
    assert again.firms.equals(small.firms) and again.supply.equals(small.supply)
    assert again.projects.equals(small.projects)


def test_other_seed_other_dataset(small):
    assert not synthesize(CHAINS, seed=8, scale=0.2).firms.equals(small.firms)


def test_committed_demo_years_are_the_generator_output():
    fresh = synthesize_years(CHAINS, seed=2022, scale=1.0)
    for year, folder in ((2023, DEMO_2023), (2024, DEMO)):
        committed = read_dataset(folder)
        assert committed.meta == fresh[year].meta
        for table in ("firms", "supply", "firm_segments", "projects"):
            pd.testing.assert_frame_equal(getattr(committed, table), getattr(fresh[year], table), check_dtype=False)


def test_first_year_is_the_one_year_generator(small):
    assert synthesize_years(CHAINS, seed=7, scale=0.2)[2023].firms.equals(small.firms)


@pytest.fixture(scope="module")
def demo():
    return read_dataset(DEMO)


def test_demo_size_and_honesty(demo):
    local = demo.firms[demo.firms["province"] == demo.meta.region]
    assert demo.meta.synthetic is True
    assert 2400 <= len(local) <= 2600 and 1400 <= len(demo.firms) - len(local) <= 1600
    assert 15000 <= len(demo.supply) <= 25000
    assert 250 <= len(demo.projects) <= 350
    assert set(demo.projects["stage"]) == {"谋划", "储备", "开工", "竣工"}


def test_demo_shape(demo):
    firms = demo.firms
    local_firms = firms[firms["province"] == demo.meta.region]
    local = set(local_firms["firm_id"])
    revenue = sorted(local_firms["revenue"], reverse=True)
    top_share = sum(revenue[: len(revenue) // 100]) / sum(revenue)
    assert top_share > 0.2, "revenue should be heavy-tailed: the top 1% hold a large share"
    assert set(local_firms["city"]) == set(HOME.home_cities)
    supply = demo.supply
    local_edges = (supply["supplier_id"].isin(local) & supply["customer_id"].isin(local)).sum()
    assert 0.5 < local_edges / len(supply) < 0.9, "supply is mostly local, some from other provinces"
    fs = demo.firm_segments
    members = Counter(zip(fs["chain_id"], fs["segment_id"], fs["firm_id"].isin(local), strict=True))
    for chain in demo.chains:
        for seg in chain.segments:
            assert members[(chain.id, seg.id, False)] >= 2, "every segment has non-local firms to attract"
    thin_key_tech = [(c.id, s.id) for c in demo.chains for s in c.segments
                     if s.key_tech and members[(c.id, s.id, True)] <= 1]
    assert len(thin_key_tech) >= 11
    assert firms["tags"].str.split(";").map(lambda t: "链主" in t).sum() >= 50


@pytest.fixture(scope="module")
def story():
    return {c["chain_id"]: c for c in diff_folders(DEMO_2023, DEMO)["chains"]}


def test_chains_differ_in_gaps(story):
    gaps = {c: d["gaps"]["old"] for c, d in story.items()}
    assert gaps == {"new_gen_it": 4, "shipbuilding_offshore": 3, "high_end_equipment": 2, "new_energy_equipment": 1,
                    "advanced_materials": 1, "high_end_chemicals": 1, "agri_machinery": 1, "pharmaceuticals": 1,
                    "construction_machinery": 0, "light_industry": 0, "textiles_apparel": 0}
    completeness = sorted(d["completeness"]["old"] for d in story.values())
    assert completeness[0] < 0.8 and completeness[-1] == 1.0


def test_the_planted_story_is_what_the_diff_finds(story):
    closed = {(c, g["segment_id"]) for c, d in story.items() for g in d["gaps_closed"]}
    assert closed == {("new_gen_it", "industrial_software"), ("high_end_equipment", "high_end_bearings"),
                      ("high_end_chemicals", "poe_polyolefins"), ("new_energy_equipment", "pem")}
    opened = {(c, g["segment_id"]) for c, d in story.items() for g in d["gaps_opened"]}
    assert opened == {("light_industry", "mcu_chips")}
    landed = {(c, t["segment_id"]): t["firm_id"] for c, d in story.items() for t in d["targets_landed"]}
    assert set(landed) == closed - {("new_energy_equipment", "pem")}
    for (c, s), firm in landed.items():
        assert [g["by"] for g in story[c]["gaps_closed"] if g["segment_id"] == s] == [[firm]]
    assert {"segment_id": "hydraulic_pumps_valves"} in story["agri_machinery"]["weak_links_resolved"]
    moved = [f for f in story["light_industry"]["firms_left"] if f["segment_ids"] == ["mcu_chips"]]
    assert len(moved) == 1
    advanced = [p for d in story.values() for p in d["projects_changed"] if p["advanced"]]
    assert len(advanced) >= 50 and all(p["advanced"] for d in story.values() for p in d["projects_changed"])


def test_renumbered_firm_is_matched_by_credit_code():
    old, new = read_dataset(DEMO_2023).firms, read_dataset(DEMO).firms
    both = new.merge(old, on="uscc", suffixes=("", "_old")).dropna(subset=["uscc"])
    renumbered = both[both["firm_id"] != both["firm_id_old"]]
    assert len(renumbered) == 1
    firm = renumbered.iloc[0]
    assert firm["firm_id_old"] not in set(new["firm_id"]) and firm["province_old"] != firm["province"]


def test_years_are_deterministic():
    a, b = (synthesize_years(CHAINS, seed=7, scale=0.2) for _ in range(2))
    assert a[2024].firms.equals(b[2024].firms) and a[2024].supply.equals(b[2024].supply)
    assert a[2024].projects.equals(b[2024].projects)


def test_story_events_on_a_small_province():
    from graph.synth.province import build_province
    from graph.synth.story import STORY, advance_year

    p = build_province(CHAINS, seed=7, scale=0.2)
    before = {f["firm_id"]: dict(f, segments=list(f["segments"])) for f in p.firms}
    told = {e["event"]: e for e in advance_year(p, risk_story=())}   # the risk story: tests/test_risk.py
    assert set(told) == {event for event, *_ in STORY} | {"churn", "tags", "projects"}
    renumbered = told["target_landed_renumbered"]
    assert renumbered["firm_id"] != renumbered["old_firm_id"] and not before[renumbered["old_firm_id"]]["local"]
    moved_in = next(f for f in p.firms if f["firm_id"] == renumbered["firm_id"])
    assert moved_in["local"] and moved_in["uscc"] == before[renumbered["old_firm_id"]]["uscc"]
    project = next(x for x in p.projects if x["project_id"] == renumbered["project_id"])
    assert project["stage"] == "开工" and p.firms[project["owner"]] is moved_in
    moved_away = next(f for f in p.firms if f["firm_id"] == told["moved_away"]["firm_id"])
    assert moved_away["province"] == "广东省" and not p.local_members(("light_industry", "mcu_chips"))
    assert len(told["strengthened"]["firm_ids"]) == 3
    assert told["churn"]["closed"] > 0 and told["churn"]["opened"] > 0


def test_credit_codes_never_repeat():
    import random

    from graph.synth.province import credit_code

    first = credit_code(random.Random(1), "370100", set())
    again = credit_code(random.Random(1), "370100", {first})      # same draws: the clash is drawn again
    assert again != first and len(again) == 18
