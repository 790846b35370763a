"""The graph model built from records, its views and the memory store."""
import networkx as nx
import pandas as pd

from graph.analysis.source import as_facts
from graph.build import build_graph, chain_subgraph, views
from graph.facts import Facts
from graph.io import read_dataset
from graph.store import MemoryStore


def test_tiny_graph_nodes_and_edges(tiny):
    G = build_graph(read_dataset(tiny))
    kinds = {}
    for n, d in G.nodes(data=True):
        kinds.setdefault(d["kind"], set()).add(n)
    assert kinds["chain"] == {"chain:widgets"}
    assert kinds["firm"] == {"firm:A", "firm:B", "firm:C", "firm:X"}
    assert kinds["city"] == {"city:山东省/济南市", "city:山东省/青岛市", "city:江苏省/苏州市"}
    assert kinds["project"] == {"project:P1"}
    assert G.nodes["firm:X"]["local"] is False and G.nodes["firm:A"]["local"] is True
    assert G.has_edge("firm:B", "firm:C", key="SUPPLIES:widgets")
    assert G.has_edge("segment:widgets/parts", "segment:widgets/devices", key="FEEDS")
    assert G.has_edge("project:P1", "segment:widgets/chips", key="TARGETS")
    assert G.graph["region"] == "山东省"


def test_views(tiny):
    v = views(build_graph(read_dataset(tiny)))
    assert sorted(v.segment_dags["widgets"].edges) == [("chips", "devices"), ("ore", "parts"), ("parts", "devices")]
    assert sorted(v.supply.edges) == [("A", "B"), ("B", "C"), ("X", "C")]
    assert v.segment_firms[("widgets", "chips")] == ["X"]
    assert v.firm_segments["C"] == [("widgets", "devices")]


def test_views_follow_a_changed_graph(tiny):
    G = build_graph(read_dataset(tiny))
    G.remove_node("firm:X")
    assert ("widgets", "chips") not in views(G).segment_firms


def test_graph_and_facts_round_trip(tiny):
    facts = Facts.from_dataset(read_dataset(tiny))
    again = as_facts(build_graph(facts))
    for table in ("firms", "memberships", "supply", "projects"):
        pd.testing.assert_frame_equal(getattr(facts, table), getattr(again, table), check_dtype=False)
    assert again.chains == facts.chains


def test_chain_subgraph_keeps_one_chain(tiny):
    G = build_graph(read_dataset(tiny))
    sub = chain_subgraph(G, "widgets")
    assert set(sub.nodes) == set(G.nodes)
    G.add_node("chain:other", kind="chain", chain_id="other", name="另", name_en="Other")
    assert set(chain_subgraph(G, "other").nodes) == {"chain:other"}


def test_memory_store(tiny):
    store = MemoryStore.from_path(tiny)
    counts = store.counts()
    assert counts["nodes"] == {"Chain": 1, "City": 3, "Firm": 4, "Project": 1, "Segment": 4}
    assert counts["relationships"] == {"FEEDS": 3, "HAS_SEGMENT": 4, "LOCATED_IN": 4, "OPERATES_IN": 4,
                                       "SUPPLIES": 3, "TARGETS": 1}
    assert store.chains() == [{"chain_id": "widgets", "name": "小部件", "name_en": "Widgets", "segments": 4}]
    assert isinstance(store.graph(), nx.MultiDiGraph)


def test_demo_graph_follows_the_schema():
    from graph.model import EDGE_KINDS, NODE_ATTRS, NODE_LABELS
    from tests.conftest import DEMO

    G = build_graph(read_dataset(DEMO))
    assert {d["kind"] for _, d in G.nodes(data=True)} == set(NODE_LABELS)
    for _, d in G.nodes(data=True):
        assert set(NODE_ATTRS[d["kind"]]) <= set(d), d["kind"]
    for u, v, d in G.edges(data=True):
        assert (G.nodes[u]["kind"], G.nodes[v]["kind"]) == EDGE_KINDS[d["kind"]]
