"""Every analysis on literal micro-graphs with exact expected answers."""
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from graph.analysis.coverage import completeness, gaps
from graph.analysis.leaders import key_suppliers, leader_agreement, leaders
from graph.analysis.plan import plan_progress
from graph.analysis.projects import gap_projects, pipeline
from graph.analysis.relatedness import density, extension, location_quotients, proximity, strengths
from graph.analysis.resilience import what_if
from graph.analysis.segments import segment_table
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.sme import sme_matches
from graph.analysis.source import as_facts
from graph.analysis.targets import attraction_targets
from graph.analysis.weak_links import weak_links
from graph.io import read_dataset
from graph.model import Chain, Segment
from tests.conftest import DEMO
from tests.micro import local, micro, other

# a -> b -> c, d -> c  (a and d upstream, c downstream)
SEGS = [("a", "upstream", True), ("b", "midstream", False), ("c", "downstream", False), ("d", "upstream", False)]
LINKS = [("a", "b"), ("b", "c"), ("d", "c")]


def codes(reasons):
    return [r["code"] for r in reasons]


# ---------------------------------------------------------------- completeness and gaps
def test_completeness_plain_and_revenue_weighted():
    G = micro(SEGS, LINKS, [local("B", 100), local("C", 300), other("A", 50), other("D", 550)],
              [("B", "b"), ("C", "c"), ("A", "a"), ("D", "d")])
    result = completeness(G, "c")
    assert result == {"segments": 4, "covered": 2, "segment_share": 0.5, "revenue_share": 0.4}


def test_gap_severity_exact():
    G = micro(SEGS, LINKS, [local("B"), local("C"), other("A"), other("D")],
              [("B", "b"), ("C", "c"), ("A", "a"), ("D", "d")])
    frame = gaps(G, "c")
    assert list(frame["segment_id"]) == ["a", "d"]
    # a: 0.4 * 2/3 downstream + 0.3 key_tech + 0.3 * 1 local firm in b / 20
    assert frame.loc[0, "severity"] == round(0.4 * 2 / 3 + 0.3 + 0.3 / 20, 4)
    assert frame.loc[1, "severity"] == round(0.4 * 1 / 3 + 0.3 / 20, 4)
    assert codes(frame.loc[0, "reasons"]) == ["gap_no_local_firm", "gap_downstream", "gap_local_demand", "key_tech"]
    assert frame.loc[0, "reasons"][0]["other_firms"] == 1


def test_gap_ties_break_on_segment_id():
    segs = [("z", "upstream", False), ("y", "upstream", False), ("m", "downstream", False)]
    G = micro(segs, [("z", "m"), ("y", "m")], [local("M")], [("M", "m")])
    frame = gaps(G, "c")
    assert list(frame["segment_id"]) == ["y", "z"] and frame["severity"].nunique() == 1


def test_chain_with_no_local_firm():
    G = micro(SEGS, LINKS, [other("A"), other("B")], [("A", "a"), ("B", "b")], [("A", "B")])
    assert completeness(G, "c")["segment_share"] == 0.0
    assert set(gaps(G, "c")["segment_id"]) == {"a", "b", "c", "d"}
    assert weak_links(G, "c").empty and leaders(G, "c").empty and key_suppliers(G, "c").empty
    targets = attraction_targets(G, "c")
    assert set(targets["firm_id"]) == {"A", "B"}


def test_empty_chain():
    G = micro(SEGS, LINKS)
    assert completeness(G, "c") == {"segments": 4, "covered": 0, "segment_share": 0.0, "revenue_share": None}   # no revenue: unknown, not 0
    assert len(gaps(G, "c")) == 4 and attraction_targets(G, "c").empty and leaders(G, "c").empty


# ---------------------------------------------------------------- weak links
def weak_score(components: dict[str, float], *, key_tech: bool = False, demand_firms: int = 0,
               settings: Settings = DEFAULT) -> float:
    """The weak-link score by its written formula: noisy-OR of the flags, key technology and local demand."""
    w = settings.weak_weights
    remaining = math.prod(1 - w[k] * c for k, c in components.items())
    remaining *= (1 - w["key_tech"] * key_tech) * (1 - w["demand"] * demand_firms / (demand_firms + settings.gap_demand_saturation))
    return round(1 - remaining, 4)


def test_few_local_firms_and_concentration():
    G = micro(SEGS, LINKS, [local("B1", 90), local("B2", 10), local("A"), local("C"), local("D"),
                            local("A2"), local("A3"), local("C2"), local("C3"), local("D2"), local("D3")],
              [("B1", "b"), ("B2", "b"), ("A", "a"), ("A2", "a"), ("A3", "a"), ("C", "c"), ("C2", "c"),
               ("C3", "c"), ("D", "d"), ("D2", "d"), ("D3", "d")])
    frame = weak_links(G, "c")
    assert list(frame["segment_id"]) == ["b"]
    row = frame.iloc[0]
    assert row["hhi"] == round(0.9 ** 2 + 0.1 ** 2, 4) and row["top_share"] == 0.9
    # b feeds c, where 3 local firms need its input
    assert row["score"] == weak_score({"few": (3 - 2) / 2, "concentrated": 0.9}, demand_firms=3)
    assert codes(row["reasons"]) == ["few_local_firms", "concentrated", "gap_local_demand"]


def test_single_local_supplier_is_a_single_point_of_failure():
    settings = Settings(min_local_firms=1)
    G = micro(SEGS, LINKS, [local("B"), local("C1"), local("C2"), other("B9")],
              [("B", "b"), ("C1", "c"), ("C2", "c"), ("B9", "b")], [("B", "C1"), ("B", "C2"), ("B9", "C1")])
    frame = weak_links(G, "c", settings=settings)
    row = frame.set_index("segment_id").loc["b"]
    assert codes(row["reasons"]) == ["single_local_supplier", "gap_local_demand"]
    assert row["reasons"][0]["firm_id"] == "B" and row["reasons"][0]["customers"] == 2
    assert row["score"] == weak_score({"single_supplier": 0.5 + 0.5 * 2 / (2 + 10)}, demand_firms=2, settings=settings)


def test_low_local_supporting_rate():
    settings = Settings(min_local_firms=1)
    firms = [local("B1"), local("B2"), local("B3"), local("C1"), local("C2"), local("C3"), local("C4"), local("C5"),
             other("X1"), other("X2")]
    fs = [("B1", "b"), ("B2", "b"), ("B3", "b"), ("X1", "b"), ("X2", "b")] + [(f"C{i}", "c") for i in range(1, 6)]
    supply = [("B1", "C1"), ("X1", "C1"), ("X1", "C2"), ("X2", "C3"), ("X2", "C4")]
    frame = weak_links(micro(SEGS, LINKS, firms, fs, supply), "c", settings=settings).set_index("segment_id")
    row = frame.loc["b"]
    assert row["support_rate"] == 0.2
    assert codes(row["reasons"]) == ["low_local_support", "gap_local_demand"]
    assert row["score"] == weak_score({"low_support": (0.3 - 0.2) / 0.3}, demand_firms=5, settings=settings)


def test_weak_link_scores_separate_segments_instead_of_saturating():
    """Issue 24: a third of the demo's weak links scored exactly 1 (×1.2 for key technology, capped), so the order
    among them said nothing. Every score now stays below 1 and the chain's weak links differ."""
    facts = as_facts(read_dataset(DEMO))
    scores = [weak_links(facts, c)["score"].tolist() for c in facts.chain_ids()]
    flat = [x for chain in scores for x in chain]
    assert len(flat) >= 30 and max(flat) < 1.0
    assert all(len(set(chain)) == len(chain) for chain in scores)
    one_firm = weak_links(micro(SEGS, LINKS, [local("B"), local("C")], [("B", "b"), ("C", "c")]), "c",
                          settings=Settings(min_local_firms=3)).set_index("segment_id")
    assert one_firm.loc["b", "score"] == weak_score({"few": 1.0}, demand_firms=1) < 1.0


def test_a_strong_segment_is_not_weak():
    firms = [local(f"B{i}", 100) for i in range(5)]
    G = micro(SEGS, LINKS, firms, [(f"B{i}", "b") for i in range(5)])
    assert "b" not in set(weak_links(G, "c")["segment_id"])


def test_firm_in_several_segments_and_chains_splits_revenue():
    other_chain = Chain("e", "链e", "Chain e", (Segment("x", "x", "x", "upstream"),), ())
    G = micro(SEGS, LINKS, [local("F", 300), local("G", 100)],
              [("F", "c", "b", None), ("F", "c", "c", None), ("F", "e", "x", None), ("G", "c", "b", 0.5)],
              extra_chains=[other_chain])
    table = segment_table(G, "c")
    assert table.loc["b", "local_revenue"] == pytest.approx(100 + 50)
    assert table.loc["c", "local_revenue"] == pytest.approx(100)
    assert segment_table(G, "e").loc["x", "local_revenue"] == pytest.approx(100)


# ---------------------------------------------------------------- strengths and relatedness
def test_location_quotient_and_strengths():
    firms = [local("L1", 80), local("L2", 10), local("L3", 10), local("L4", 100), other("O1", 100), other("O2", 100)]
    fs = [("L1", "a"), ("L2", "a"), ("L3", "a"), ("L4", "b"), ("O1", "a"), ("O2", "b")]
    G = micro(SEGS, LINKS, firms, fs)
    lq = location_quotients(G)
    # home: a=100, b=100 of 200; other: a=100, b=100 -> all LQ 1; by firm counts home a: (3/4)/(4/6)
    assert lq.loc["山东省", "c/a"] == pytest.approx(1.0)
    assert location_quotients(G, measure="firms").loc["山东省", "c/a"] == pytest.approx((3 / 4) / (4 / 6))
    assert strengths(G, "c").empty            # no benchmark: the data are not their own reference (issue 21)
    # against a benchmark holding the data's own totals (a: 4 firms, 200; b: 2 firms, 200) the LQs are those above
    bench = pd.DataFrame({"chain_id": ["c", "c"], "segment_id": ["a", "b"], "firms": [4.0, 2.0],
                          "revenue": [200.0, 200.0]})
    facts = as_facts(G)
    frame = strengths(replace(facts, benchmark=bench, _memo={}), "c")
    assert list(frame["segment_id"]) == ["a"]  # b has one local firm, below strength_min_local_firms
    assert frame.loc[0, "lq_revenue"] == pytest.approx(1.0) and frame.loc[0, "lq_firms"] == pytest.approx(1.125)


def test_relatedness_density_by_hand():
    M = pd.DataFrame([[1, 1, 0], [1, 0, 1], [0, 1, 1]], index=["r1", "r2", "r3"], columns=["s1", "s2", "s3"],
                     dtype=float)
    phi = proximity(M)
    # co-occurrence s1,s2 = 1 region (r1); ubiquities all 2 -> phi = 1/2 off the diagonal, 1 on it
    assert np.allclose(phi.to_numpy(), [[1, 0.5, 0.5], [0.5, 1, 0.5], [0.5, 0.5, 1]])
    omega = density(M, phi)
    # r1 in s3: (1*0.5 + 1*0.5 + 0*1) / (0.5 + 0.5 + 1) = 0.5 ; r1 in s1: (1 + 0.5) / 2 = 0.75
    assert omega.loc["r1", "s3"] == pytest.approx(0.5)
    assert omega.loc["r1", "s1"] == pytest.approx(0.75)


def test_extension_next_to_strength():
    firms = [local(f"B{i}", 100) for i in range(3)] + [other("A", 100), other("B9", 10), other("C", 100)]
    fs = [(f"B{i}", "b") for i in range(3)] + [("A", "a"), ("B9", "b"), ("C", "c")]
    G = micro(SEGS, LINKS, firms, fs)
    assert extension(G, "c").empty              # no benchmark: no strengths to extend from (issue 21)
    bench = pd.DataFrame({"chain_id": ["c"] * 3, "segment_id": ["a", "b", "c"], "firms": [1.0, 4.0, 1.0],
                          "revenue": [100.0, 310.0, 100.0]})   # the data's own totals
    frame = extension(replace(as_facts(G), benchmark=bench, _memo={}), "c")
    assert set(frame["segment_id"]) == {"a", "c"}
    by_id = frame.set_index("segment_id")
    assert by_id.loc["a", "feeds_strengths"] == ["b"] and by_id.loc["c", "fed_by_strengths"] == ["b"]
    assert "extension_upstream_of" in codes(by_id.loc["a", "reasons"])


# ---------------------------------------------------------------- leaders and supporting firms
STAR_FIRMS = [local("A", 50), local("B", 50), local("C", 500, ("链主",)), local("D", 20), other("X", 999)]
STAR_FS = [("A", "a"), ("B", "b"), ("C", "c"), ("D", "d"), ("X", "b")]
STAR_SUPPLY = [("A", "B"), ("B", "C"), ("D", "C"), ("X", "C")]


def test_leader_ranking_and_components():
    frame = leaders(micro(SEGS, LINKS, STAR_FIRMS, STAR_FS, STAR_SUPPLY), "c")
    assert list(frame["firm_id"][:1]) == ["C"] and list(frame["rank"]) == [1, 2, 3, 4]
    top = frame.iloc[0]
    assert top["revenue_share"] == round(500 / 620, 6) and top["local_partners"] == 2
    assert top["components"]["revenue_share"] == 1.0 and top["components"]["pagerank_integrator"] == 1.0
    assert "X" not in set(frame["firm_id"]), "only local firms lead"
    assert leader_agreement(frame) == {"tagged": 1, "k": 1, "in_top_k": 1, "precision_at_k": 1.0,
                                       "mean_rank_of_tagged": 1.0}


def test_leaders_stable_under_relabelling():
    mapping = {"A": "Z9", "B": "Q1", "C": "A0", "D": "M5", "X": "B7"}
    firms = [(mapping[f], *rest, "企业" + f) for f, *rest in STAR_FIRMS]
    fs = [(mapping[f], s) for f, s in STAR_FS]
    supply = [(mapping[s], mapping[c]) for s, c in STAR_SUPPLY]
    before = leaders(micro(SEGS, LINKS, STAR_FIRMS, STAR_FS, STAR_SUPPLY), "c")
    after = leaders(micro(SEGS, LINKS, firms, fs, supply), "c")
    assert list(before["name"]) == list(after["name"])
    assert [mapping[f] for f in before["firm_id"]] == list(after["firm_id"])
    assert list(before["score"]) == list(after["score"])


def test_leader_ties_break_on_revenue_then_name_not_id():
    firms = [local("F2", 100, (), "济南市"), local("F1", 100, (), "济南市"), local("F3", 300)]
    firms = [(f, p, c, r, t, n) for (f, p, c, r, t), n in zip(firms, ["B厂", "A厂", "C厂"], strict=True)]
    frame = leaders(micro(SEGS, LINKS, firms, [("F1", "b"), ("F2", "b"), ("F3", "b")]), "c")
    assert list(frame["firm_id"]) == ["F3", "F1", "F2"]


def test_key_suppliers():
    frame = key_suppliers(micro(SEGS, LINKS, STAR_FIRMS, STAR_FS, STAR_SUPPLY), "c")
    by_id = frame.set_index("firm_id")
    assert set(by_id.index) == {"A", "B", "D"}
    assert by_id.loc["B", "local_customers"] == 1 and by_id.loc["B", "leaders_supplied"] == 1
    assert by_id.loc["A", "sole_supplier_of"] == 1  # A is B's only local supplier


# ---------------------------------------------------------------- attraction targets
def test_targets_rank_by_local_customers_then_size():
    firms = [local("B"), local("C"), other("A1", 100), other("A2", 10000, ("上市",)), other("A3", 100)]
    fs = [("B", "b"), ("C", "c"), ("A1", "a"), ("A2", "a"), ("A3", "a")]
    supply = [("A1", "B"), ("A1", "C"), ("A3", "B")]
    frame = attraction_targets(micro(SEGS, LINKS, firms, fs, supply), "c")
    a = frame[frame["segment_id"] == "a"]
    assert list(a["firm_id"]) == ["A1", "A3", "A2"]
    assert list(a["rank"]) == [1, 2, 3] and set(a["why"]) == {"gap"}
    expected = 0.5 * 2 / 2 + 0.3 * math.log1p(100) / math.log1p(10000)
    assert a.iloc[0]["score"] == round(expected, 6)
    assert codes(a.iloc[0]["reasons"]) == ["target_for_gap", "target_supplies_local", "target_size"]


# ---------------------------------------------------------------- resilience
def test_what_if_direct_and_cascade():
    firms = [local("A"), local("B"), local("C"), local("D")]
    G = micro(SEGS, LINKS, firms, [("A", "a"), ("B", "b"), ("C", "c"), ("D", "d")], [("A", "B"), ("B", "C"), ("D", "C")])
    result = what_if(G, "c", remove_firms=["A"])
    assert result["new_gaps"] == ["a"] and result["cut_off"] == ["B"]
    assert result["failed"] == {"B": 1, "C": 2} and result["rounds"] == 2
    assert result["cascade_gaps"] == ["b", "c"]


def test_non_local_supplier_cushions_the_cascade():
    firms = [local("A"), local("B"), local("C"), other("A9")]
    G = micro(SEGS, LINKS, firms, [("A", "a"), ("B", "b"), ("C", "c"), ("A9", "a")], [("A", "B"), ("A9", "B"), ("B", "C")])
    result = what_if(G, "c", remove_firms=["A"])
    assert result["cut_off"] == ["B"] and result["failed"] == {} and result["cascade_gaps"] == []


def test_city_revenue_is_unknown_not_zero_where_no_firm_gives_it():
    from graph.analysis.counts import city_counts

    G = micro(SEGS, LINKS, [local("A", revenue=None), local("B", revenue=None, city="青岛市"), local("C", city="青岛市")],
              [("A", "a")])
    frame = city_counts(G).set_index("city")
    assert frame.loc["青岛市", "revenue"] == 100.0 and pd.isna(frame.loc["济南市", "revenue"])


def test_what_if_city():
    firms = [local("A", city="潍坊市"), local("B", city="潍坊市"), local("C", city="青岛市")]
    G = micro(SEGS, LINKS, firms, [("A", "a"), ("B", "b"), ("C", "c")], [("A", "B"), ("B", "C")])
    result = what_if(G, "c", remove_city="潍坊市")
    assert result["removed"] == ["A", "B"] and result["new_gaps"] == ["a", "b"] and result["cut_off"] == ["C"]


# ---------------------------------------------------------------- SME matching, projects, plan
def test_sme_matching():
    firms = [local("C", 500, ("链主",)), local("B", 10, ("专精特新",)), local("S", 10, ("专精特新",)),
             local("P", 10), other("X", 10)]
    fs = [("C", "c"), ("B", "b"), ("S", "b"), ("P", "b"), ("X", "b")]
    frame = sme_matches(micro(SEGS, LINKS, firms, fs, [("B", "C"), ("X", "C")]), "c", "C")
    assert list(frame["firm_id"]) == ["S"]
    assert frame.iloc[0]["leader_imports"] == 1
    assert codes(frame.iloc[0]["reasons"]) == ["sme_in_supplier_segment", "sme_replaces_imports"]


def test_projects_pipeline_and_gaps():
    projects = [("P1", "项目1", "c", "a", "济南市", "谋划", 2.0, None), ("P2", "项目2", "c", "a", "济南市", "开工", 3.5, None),
                ("P3", "项目3", "c", "b", "济南市", "竣工", None, None)]
    G = micro(SEGS, LINKS, [local("B")], [("B", "b")], projects=projects)
    frame = pipeline(G, "c").set_index("segment_id")
    assert frame.loc["a", ["谋划", "储备", "开工", "竣工", "projects"]].tolist() == [1, 0, 1, 0, 2]
    assert frame.loc["a", "investment"] == 5.5
    covered = gap_projects(pipeline(G, "c"), gaps(G, "c")["segment_id"]).set_index("segment_id")
    assert covered["has_project"].to_dict() == {"a": True, "c": False, "d": False}


def test_plan_progress():
    G = micro(SEGS, LINKS, [local("A", tags=("链主", "专精特新")), local("B", tags=("专精特新",)),
                            other("X", tags=("链主",))], [("A", "a")])
    frame = plan_progress(G, {"链主": 200, "专精特新": 4, "flagship_chains": 11}).set_index("item")
    assert frame.loc["链主", "actual"] == 1 and frame.loc["专精特新", "share"] == 0.5
    assert frame.loc["flagship_chains", "actual"] == 1


def test_plan_progress_is_unknown_not_zero_when_no_firm_carries_tags(tmp_path):
    from graph.report import report_tables

    G = micro(SEGS, LINKS, [local("A"), local("B"), other("X")], [("A", "a")])
    frame = plan_progress(G, {"链主": 200, "flagship_chains": 11}).set_index("item")
    assert frame.loc["链主", "actual"] is None and frame.loc["链主", "share"] != frame.loc["链主", "share"]   # NaN
    assert frame.loc["flagship_chains", "actual"] == 1 and frame.loc["flagship_chains", "share"] == round(1 / 11, 4)
    sheet = report_tables(G, {}, plan=frame.reset_index())["规划目标"].set_index("指标")
    assert sheet.loc["链主", "说明"] == "数据中没有企业标签（链主、专精特新……），现状未知"
    assert pd.isna(sheet.loc["标志性产业链", "说明"])
    from graph.brief import _plan_rows  # the chain brief's plan table says the same

    assert _plan_rows(G, G.chains[0].id, {"链主": 200, "flagship_chains": 11}, "zh") == [["链主企业", "200", "—", "—", "—"]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_matches_networkx(seed):
    import networkx as nx

    from graph.analysis.pagerank import pagerank

    graph = nx.gnp_random_graph(300, 0.02, seed=seed, directed=True)
    graph.add_nodes_from(range(300, 310))  # isolated, dangling nodes
    ours, theirs = pagerank(graph), nx.pagerank(graph, alpha=0.85, tol=1e-10, max_iter=500)
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[v] - theirs[v]) for v in ours) < 1e-9
