"""PageRank both ways inside Neo4j (GDS) and from streamed edges (no GDS) equals networkx on the chain's
supply subgraph: the chain's firms, one edge per (supplier, customer) pair tagged with the chain or untagged."""
import os
import warnings

import networkx as nx
import pytest

from graph.io import read_dataset

SUPPLY = """\
    supplier_id,customer_id,chain_id,amount
    A,B,widgets,10
    A,B,,3
    B,C,widgets,50
    X,C,widgets,80
    C,X,,1
    E,C,,5
    """
FIRMS = """\
    firm_id,name,province,city,uscc,revenue,employees,founded,tags
    A,甲矿业,山东省,济南市,91110000600037341L,100,10,2000,
    B,乙零件,山东省,青岛市,,200,20,2001,专精特新
    C,丙整机,山东省,青岛市,,1000,300,1999,链主;上市
    X,外省芯片,江苏省,苏州市,,500,50,2005,单项冠军
    E,无环节,江苏省,苏州市,,5,5,2010,
    """


def expected(alpha):
    """networkx on the subgraph written by hand: E operates in no segment, A→B appears once."""
    G = nx.DiGraph([("A", "B"), ("B", "C"), ("X", "C"), ("C", "X")])
    forward = nx.pagerank(G, alpha=alpha, tol=1e-13, max_iter=1000)
    reverse = nx.pagerank(G.reverse(), alpha=alpha, tol=1e-13, max_iter=1000)
    return forward, reverse


@pytest.fixture
def loaded(neo4j_driver, make_dataset):
    from graph.store.neo4j import Neo4jStore

    Neo4jStore(neo4j_driver).load(read_dataset(make_dataset(supply__csv=SUPPLY, firms__csv=FIRMS)))
    return neo4j_driver


def gds_or_skip(driver):
    from graph.store.gds import has_gds

    if not has_gds(driver):
        message = "the Neo4j under test has no Graph Data Science (python -m graph server start installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize("alpha", [0.85, 0.5])
def test_gds_pagerank_equals_networkx(loaded, alpha):
    from graph.store.chain_reads import pagerank_both_ways

    gds_or_skip(loaded)
    frame = pagerank_both_ways(loaded, "widgets", alpha=alpha, use_gds=True)
    forward, reverse = expected(alpha)
    assert frame["firm_id"].tolist() == ["A", "B", "C", "X"]
    for row in frame.itertuples():
        assert row.pr_forward == pytest.approx(forward[row.firm_id], abs=1e-6)
        assert row.pr_reverse == pytest.approx(reverse[row.firm_id], abs=1e-6)
    assert frame["pr_forward"].sum() == pytest.approx(1.0, abs=1e-9)


def test_without_gds_streamed_edges_and_one_warning(loaded, monkeypatch):
    from graph.store import gds
    from graph.store.chain_reads import pagerank_both_ways

    monkeypatch.setattr(gds, "_warned", False)
    with pytest.warns(gds.GdsMissing, match="Graph Data Science"):
        frame = pagerank_both_ways(loaded, "widgets", alpha=0.85, use_gds=False)
    forward, reverse = expected(0.85)
    assert frame["firm_id"].tolist() == ["A", "B", "C", "X"]
    for row in frame.itertuples():
        assert row.pr_forward == pytest.approx(forward[row.firm_id], abs=1e-9)
        assert row.pr_reverse == pytest.approx(reverse[row.firm_id], abs=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pagerank_both_ways(loaded, "widgets", alpha=0.85, use_gds=False)   # no second warning

