"""A firm's profile: roles, targets, partners, loss effects and projects on a micro dataset, exact answers.

    s1 (upstream) ──▶ s3 (downstream) ◀── s2 (midstream, a gap)
    L1 (local) supplies L2 and L3 in s3; X1 (江苏) in s2 supplies L3; X2 (江苏) in s2 supplies nobody.
"""
import pytest

from graph.analysis.profile import firm_chains, firm_partners_all, firm_projects, firm_roles, firm_targets, loss_effects
from graph.analysis.source import as_facts
from graph.analysis.summary import analyze
from tests.micro import local, micro, other


@pytest.fixture(scope="module")
def facts():
    G = micro([("s1", "upstream", False), ("s2", "midstream", False), ("s3", "downstream", False)],
              links=[("s1", "s3"), ("s2", "s3")],
              firms=[local("L1", 100.0), local("L2", 50.0), local("L3", 1000.0), other("X1", 200.0),
                     other("X2", 5000.0)],
              firm_segments=[("L1", "s1"), ("L2", "s3"), ("L3", "s3"), ("X1", "s2"), ("X2", "s2")],
              supply=[("L1", "L2"), ("L1", "L3"), ("X1", "L3")],
              projects=[("P2", "扩产", "c", "s3", "济南市", "开工", 3.0, "L3"),
                        ("P1", "招引芯片", "c", "s2", "济南市", "谋划", 10.0, "X1"),
                        ("P3", "无主", "c", "s2", "济南市", "谋划", 1.0, None)])
    return as_facts(G)


@pytest.fixture(scope="module")
def results(facts):
    return analyze(facts)


def test_chains_of_a_firm(facts):
    assert firm_chains(facts, "L3") == {"c": ["s3"]}
    with pytest.raises(KeyError):
        firm_chains(facts, "nobody")


def test_roles_of_the_sole_local_supplier(facts, results):
    row = firm_roles(facts, "L1", results).iloc[0].to_dict()
    assert row == {"chain_id": "c", "segments": ["s1"], "local": True, "leader_rank": 2, "leaders_ranked": 3,
                   "key_supplier_rank": 1, "local_customers": 2, "sole_supplier_of": 2, "sole_supplier_weak": ["s1"]}


def test_roles_of_the_leader_and_of_a_non_local_firm(facts, results):
    leader = firm_roles(facts, "L3", results).iloc[0]
    assert (leader["leader_rank"], leader["key_supplier_rank"], leader["local_customers"]) == (1, None, 0)
    assert leader["sole_supplier_weak"] == []
    outsider = firm_roles(facts, "X1", results).iloc[0]
    assert (outsider["local"], outsider["leader_rank"], outsider["local_customers"], outsider["sole_supplier_of"]) \
        == (False, None, 1, 0)


def test_attraction_targets_with_reasons(facts, results):
    frame = firm_targets("X1", results)
    assert frame[["chain_id", "segment_id", "why", "rank"]].values.tolist() == [["c", "s2", "gap", 1]]
    assert [r["code"] for r in frame["reasons"].iloc[0]] == ["target_for_gap", "target_supplies_local",
                                                              "target_size"]
    assert firm_targets("X2", results)["rank"].tolist() == [2]
    assert firm_targets("L1", results).empty


def test_partners_local_first(facts):
    assert firm_partners_all(facts, "L3", direction="suppliers")[["firm_id", "local"]].values.tolist() == [
        ["L1", True], ["X1", False]]
    customers = firm_partners_all(facts, "L1", direction="customers")
    assert customers["firm_id"].tolist() == ["L3", "L2"]          # by revenue: no amounts given
    assert customers["chains"].tolist() == [["c"], ["c"]]
    assert firm_partners_all(facts, "X2", direction="customers").empty


def test_losing_the_sole_supplier_and_losing_an_outside_supplier(facts):
    lost = loss_effects(facts, "L1").iloc[0].to_dict()
    assert lost == {"chain_id": "c", "new_gaps": ["s1"], "cascade_gaps": ["s3"], "cut_off": ["L2", "L3"],
                    "failed": ["L2", "L3"]}
    outside = loss_effects(facts, "X1").iloc[0].to_dict()
    assert outside == {"chain_id": "c", "new_gaps": [], "cascade_gaps": [], "cut_off": [], "failed": ["L3"]}


def test_projects_of_a_firm(facts):
    assert firm_projects(facts, "X1")["project_id"].tolist() == ["P1"]
    assert firm_projects(facts, "L3")[["project_id", "stage", "investment"]].values.tolist() == [["P2", "开工", 3.0]]
    assert firm_projects(facts, "L1").empty
