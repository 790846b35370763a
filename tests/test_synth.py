"""The synthetic province generator: deterministic and shaped like the real thing."""
from collections import Counter

import pytest

from graph.io import read_chain_set, read_dataset
from graph.synth import HOME_CITIES, synthesize
from tests.conftest import DEMO, SHANDONG

CHAINS = read_chain_set(SHANDONG)


@pytest.fixture(scope="module")
def small():
    return synthesize(CHAINS, seed=7, scale=0.2)


def test_same_seed_same_dataset(small):
    again = synthesize(CHAINS, seed=7, scale=0.2)
    assert again.firms == small.firms and again.supply == small.supply and again.projects == small.projects


def test_other_seed_other_dataset(small):
    assert synthesize(CHAINS, seed=8, scale=0.2).firms != small.firms


def test_committed_demo_is_the_generator_output():
    demo = read_dataset(DEMO)
    fresh = synthesize(CHAINS, seed=2022, scale=1.0)
    assert demo.firms == fresh.firms and demo.supply == fresh.supply and demo.projects == fresh.projects


@pytest.fixture(scope="module")
def demo():
    return read_dataset(DEMO)


def test_demo_size_and_honesty(demo):
    local = [f for f in demo.firms if f.province == demo.meta.region]
    assert demo.meta.synthetic is True
    assert 2400 <= len(local) <= 2600 and 1400 <= len(demo.firms) - len(local) <= 1600
    assert 15000 <= len(demo.supply) <= 25000
    assert 250 <= len(demo.projects) <= 350
    assert {p.stage for p in demo.projects} == {"谋划", "储备", "开工", "竣工"}


def test_demo_shape(demo):
    region = demo.meta.region
    local = {f.firm_id for f in demo.firms if f.province == region}
    revenue = sorted((f.revenue for f in demo.firms if f.firm_id in local), reverse=True)
    top_share = sum(revenue[: len(revenue) // 100]) / sum(revenue)
    assert top_share > 0.2, "revenue should be heavy-tailed: the top 1% hold a large share"
    assert {f.city for f in demo.firms if f.firm_id in local} == set(HOME_CITIES)
    local_edges = sum(s.supplier_id in local and s.customer_id in local for s in demo.supply)
    assert 0.5 < local_edges / len(demo.supply) < 0.9, "supply is mostly local, some from other provinces"
    members = Counter((fs.chain_id, fs.segment_id, fs.firm_id in local) for fs in demo.firm_segments)
    for chain in demo.chains:
        for seg in chain.segments:
            assert members[(chain.id, seg.id, False)] >= 2, "every segment has non-local firms to attract"
    thin_key_tech = [(c.id, s.id) for c in demo.chains for s in c.segments
                     if s.key_tech and members[(c.id, s.id, True)] <= 1]
    assert len(thin_key_tech) >= 11
    assert sum("链主" in f.tags for f in demo.firms) >= 50
