"""The columnar facts and the defects the analysis-core rewrite fixed, each with exact answers."""
import subprocess
import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graph.analysis.counts import chain_counts
from graph.analysis.leaders import leaders
from graph.analysis.pagerank import pagerank, pagerank_arrays
from graph.analysis.relatedness import strengths
from graph.analysis.resilience import what_if
from graph.analysis.segments import segment_table
from graph.analysis.settings import Settings
from graph.analysis.source import as_facts
from graph.analysis.summary import analyze, to_json
from graph.analysis.weak_links import weak_links
from graph.build import build_graph
from graph.facts import Facts
from graph.model import FirmSegment, Supply, records_table
from tests.conftest import DEMO, ROOT
from tests.micro import local, micro, micro_dataset, micro_graph, other

SEGS = [("a", "upstream", False), ("b", "midstream", False), ("c", "downstream", False)]
LINKS = [("a", "b"), ("b", "c")]


# ---------------------------------------------------------------- 1. revenue counted once
def test_unassigned_share_is_the_remainder_split_evenly():
    G = micro(SEGS, LINKS, [local("F", 100.0), local("G", 60.0)],
              [("F", "b", 0.8), ("F", "c"), ("G", "a"), ("G", "b"), ("G", "c")])
    revenue = as_facts(G).memberships.set_index(["segment_id"]).groupby("segment_id")["revenue_in"].sum()
    assert revenue.to_dict() == pytest.approx({"a": 20.0, "b": 100.0, "c": 40.0})   # F: 80 + 20; G: 20 each


def test_nothing_left_for_segments_without_a_share():
    G = micro(SEGS, LINKS, [local("F", 100.0)], [("F", "b", 0.6), ("F", "a", 0.4), ("F", "c")])
    table = segment_table(G, "c")
    assert table["local_revenue"].to_dict() == pytest.approx({"a": 40.0, "b": 60.0, "c": 0.0})


# ---------------------------------------------------------------- 2. no stale results after a change
def test_analyses_follow_a_changed_graph():
    G = micro_graph(SEGS, LINKS, [local("A"), local("B1", 500), local("B2"), local("C"), other("X")],
                    [("A", "a"), ("B1", "b"), ("B2", "b"), ("C", "c"), ("X", "a")], [("A", "B1"), ("B1", "C")])
    assert analyze(G)["c"].gaps.empty               # the API's door takes a graph as it is now
    assert "A" in set(analyze(G)["c"].leaders["firm_id"])
    G.remove_node("firm:A")                       # the only local firm of segment a
    result = analyze(G)["c"]
    assert list(result.gaps["segment_id"]) == ["a"]
    assert "A" not in set(result.leaders["firm_id"])
    assert list(result.targets["firm_id"]) == ["X"]


def test_facts_are_not_shared_between_datasets():
    first = as_facts(micro(SEGS, LINKS, [local("A")], [("A", "a")]))
    second = as_facts(micro(SEGS, LINKS, [local("B")], [("B", "b")]))
    assert segment_table(first, "c")["local_firms"].tolist() == [1, 0, 0]
    assert segment_table(second, "c")["local_firms"].tolist() == [0, 1, 0]


# ---------------------------------------------------------------- 3. PageRank without edges
def test_pagerank_without_edges_is_uniform_like_networkx():
    graph = nx.DiGraph()
    graph.add_nodes_from("abcd")
    assert pagerank(graph) == pytest.approx(nx.pagerank(graph))
    assert pagerank(graph) == pytest.approx(dict.fromkeys("abcd", 0.25))
    assert pagerank_arrays(0, np.array([], dtype=int), np.array([], dtype=int)).size == 0


def test_pagerank_equals_networkx_on_a_random_graph():
    graph = nx.gnp_random_graph(60, 0.05, seed=3, directed=True)
    ours, theirs = pagerank(graph), nx.pagerank(graph, tol=1e-10)
    assert max(abs(ours[v] - theirs[v]) for v in graph) < 1e-9


# ---------------------------------------------------------------- 4. ranking without artificial ties
def test_scores_closer_than_display_precision_still_rank_by_score():
    # revenue shares 0.5 + 1e-8 apart: rounded to 6 decimals they tie; the larger must still win
    big, small = 1_000_000.01, 1_000_000.0
    G = micro(SEGS, [], [local("B", small, (), "济南市"), local("A", big, (), "济南市")], [("B", "a"), ("A", "a")])
    ranking = leaders(G, "c", settings=Settings(leader_weights={"revenue_share": 1.0}))
    assert list(ranking["firm_id"]) == ["A", "B"]


def test_exact_ties_break_on_revenue_then_name_not_firm_id():
    firms = [local("F1", 100, (), "济南市") + ("甲公司",), local("F2", 100, (), "济南市") + ("乙公司",)]
    G = micro(SEGS, [], firms, [("F1", "a"), ("F2", "a")])
    ranking = leaders(G, "c", settings=Settings(leader_weights={"segments_covered": 1.0}))
    assert list(ranking["firm_id"]) == ["F2", "F1"]      # same score, same revenue: by name (乙 < 甲), not by id


# ---------------------------------------------------------------- 5. per-chain counts include untagged supply
def test_chain_counts_include_untagged_supply_between_chain_firms():
    G = micro_graph(SEGS, LINKS, [local("A"), local("B"), local("C")], [("A", "a"), ("B", "b"), ("C", "c")],
                    [("A", "B")])
    G.add_edge("firm:B", "firm:C", key="SUPPLIES:", kind="SUPPLIES", chain_id=None, amount=None)
    facts = as_facts(G)
    assert chain_counts(facts).loc[0, "supply_edges"] == 2
    assert segment_table(facts, "c").loc["b", "supply_edges"] == 1     # the analyses see the same edge


# ---------------------------------------------------------------- 6. 本地配套率 and multi-segment firms
def test_multi_segment_supplier_counts_each_edge_once_in_all():
    # S operates in a and b; it supplies two local customers: each edge counts 1/2 in a and 1/2 in b
    G = micro(SEGS, LINKS, [local("S"), local("C1"), local("C2"), other("X")],
              [("S", "a"), ("S", "b"), ("C1", "c"), ("C2", "c"), ("X", "b")], [("S", "C1"), ("S", "C2"), ("X", "C1")])
    table = segment_table(G, "c")
    assert table.loc["a", "supply_edges"] == 1.0 and table.loc["b", "supply_edges"] == 2.0
    assert table.loc["a", "local_supply_edges"] == 1.0 and table.loc["b", "local_supply_edges"] == 1.0
    assert table.loc["b", "support_rate"] == 0.5
    assert table["supply_edges"].sum() == 3.0                       # three edges, three in total


# ---------------------------------------------------------------- 7. unknown chain on the command line
@pytest.mark.parametrize("command", [["report", "--out", "x.xlsx"], ["analyze", "--json"]])
def test_unknown_chain_is_one_line(command, tmp_path):
    args = [sys.executable, "-m", "graph", command[0], "--data", str(DEMO), "--chain", "no_such", *command[1:]]
    done = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "no_such" in done.stderr and len(done.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- 8. location quotients against a benchmark
def strong_region_facts(benchmark):
    dataset = micro_dataset(SEGS, LINKS, [local(f"L{i}", 100.0) for i in range(4)] + [other("O", 100.0)],
                            [(f"L{i}", "a") for i in range(3)] + [("L3", "b"), ("O", "b")])
    dataset.benchmark = benchmark
    return Facts.from_dataset(dataset)


def test_strengths_use_the_benchmark_when_given():
    without = strong_region_facts(None)
    assert strengths(without, "c").empty                     # no reference, no strengths (issue 21)
    assert to_json(without, analyze(without))["lq_reference"] == "none"
    assert "note_no_lq_reference" in [n["code"] for n in analyze(without)["c"].notes]
    # nationally, segment a is 10 % of revenue; here 75 % of local revenue: LQ 7.5
    bench = pd.DataFrame({"chain_id": ["c"] * 3, "segment_id": ["a", "b", "c"], "firms": [10.0, 80.0, 10.0],
                          "revenue": [100.0, 800.0, 100.0]})
    facts = strong_region_facts(bench)
    result = strengths(facts, "c")
    assert result.loc[0, "segment_id"] == "a" and result.loc[0, "lq_revenue"] == 7.5
    assert result.loc[0, "lq_reference"] == "benchmark"
    assert to_json(facts, analyze(facts))["lq_reference"] == "benchmark"


# ---------------------------------------------------------------- registry-only data (no supply links)
def test_registry_only_data_say_what_they_used():
    dataset = micro_dataset(SEGS, LINKS, [local("A", 300, ("上市",)), local("B", 100), other("X", 50)],
                            [("A", "a"), ("B", "b"), ("X", "c")])
    dataset.supply_present = False
    facts = Facts.from_dataset(dataset)
    result = analyze(facts)["c"]
    assert [n["code"] for n in result.notes] == ["note_no_supply_leaders", "note_no_supply_weak",
                                                 "note_no_supply_suppliers", "note_no_supply_targets",
                                                 "note_no_lq_reference"]   # no benchmark (issue 21)
    assert result.leaders[["pagerank_integrator", "pagerank_supplier", "local_partners"]].to_numpy().sum() == 0
    assert list(result.leaders["firm_id"]) == ["A", "B"]
    assert result.key_suppliers.empty
    assert not any(r["code"] in ("single_local_supplier", "low_local_support")
                   for reasons in weak_links(facts, "c")["reasons"] for r in reasons)
    document = to_json(facts, {"c": result})
    assert document["inputs"] == {"supply": False, "projects": False, "benchmark": False}
    assert document["chains"][0]["notes"][0]["en"].startswith("no supply links")
    assert what_if(facts, "c", remove_firms=["A"])["supply_present"] is False


def test_facts_from_record_lists_and_frames_agree():
    dataset = micro_dataset(SEGS, LINKS, [local("A"), other("X")], [("A", "a"), ("X", "b", 0.5)], [("X", "A")])
    frames = Facts.from_dataset(dataset)
    dataset.firm_segments = records_table([FirmSegment(r.firm_id, r.chain_id, r.segment_id,
                                                       None if pd.isna(r.share) else r.share)
                                           for r in dataset.firm_segments.itertuples()], "firm_segments")
    dataset.supply = records_table([Supply(r.supplier_id, r.customer_id, r.chain_id)
                                    for r in dataset.supply.itertuples()], "supply")
    records = Facts.from_dataset(dataset)
    pd.testing.assert_frame_equal(frames.memberships, records.memberships)
    pd.testing.assert_frame_equal(frames.supply[["supplier", "customer", "chain_id"]],
                                  records.supply[["supplier", "customer", "chain_id"]])


def test_golden_province_analysis_is_unchanged():
    """The full `analyze --json` of a fixed synthetic province (tests/data/golden) is committed; any change
    to the analyses' results shows up here and must be deliberate."""
    import json

    golden = ROOT / "tests" / "data" / "golden"
    done = subprocess.run([sys.executable, "-m", "graph", "analyze", "--data", str(golden / "province"), "--json"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(done.stdout) == json.loads((golden / "analysis.json").read_text(encoding="utf-8"))


def test_build_graph_is_built_lazily_by_the_memory_store():
    from graph.store import MemoryStore

    store = MemoryStore.from_path(DEMO)
    analyze(store.facts(), chain="agri_machinery")
    assert store._graph is None                  # analyses never needed the networkx graph
    assert isinstance(build_graph(store.facts()), nx.MultiDiGraph)
