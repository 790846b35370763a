"""load --bulk: the offline importer rebuilds the managed server's database in the versioned schema (a classified
dataset's membership provenance kept); the staged load works on top of it; without a managed server at NEO4J_URI's
port it stops with one line."""
import os
import subprocess
import sys

import pytest

from graph import server
from graph.build import build_graph
from graph.io import read_dataset
from graph.store.base import graph_counts
from tests.conftest import ROOT, TEST_SERVER_JVM
from tests.neo4j_helpers import free_port

pytestmark = pytest.mark.slow


def test_bulk_load_then_staged_load(tmp_path, make_dataset):
    """A classified dataset bulk-loaded reads back as its graph, memberships' provenance (confidence, reviewed)
    included (tests/test_membership_provenance.py: the staged load keeps it too); a staged load then replaces it."""
    from graph.store.neo4j import Neo4jStore, driver_from_env
    from tests.test_membership_provenance import EXPECTED, classified, provenance

    folder = classified(tmp_path / "reg")
    port, home = free_port(), tmp_path / "neo4j"
    env = {**{k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}, "NEO4J_URI": f"bolt://127.0.0.1:{port}"}
    server.start(port=port, home=home, heap="512m", pagecache="128m", gds=False,
                 jvm_flags=TEST_SERVER_JVM)
    try:
        bulk = subprocess.run([sys.executable, "-m", "graph", "load", "--bulk", "--home", str(home), "--data",
                               str(folder)], env=env, cwd=ROOT, capture_output=True, text=True)
        assert bulk.returncode == 0, bulk.stderr
        dataset = read_dataset(folder)
        expected = graph_counts(build_graph(dataset))
        rows = sum(expected["nodes"].values()) + sum(expected["relationships"].values())
        assert f"{rows} rows in " in bulk.stdout.splitlines()[-1]
        with driver_from_env(env) as driver:
            store = Neo4jStore(driver)
            G, H = build_graph(dataset), store.graph()
            assert H.graph == G.graph and dict(H.nodes(data=True)) == dict(G.nodes(data=True))
            assert sorted(H.edges(keys=True, data=True), key=repr) == sorted(G.edges(keys=True, data=True), key=repr)
            assert provenance(store.dataset().firm_segments) == EXPECTED
            other = read_dataset(make_dataset(supply__csv="supplier_id,customer_id,chain_id,amount\nA,C,widgets,1\n"))
            assert store.load(other) == graph_counts(build_graph(other))
    finally:
        server.stop(port=port, home=home)


def test_bulk_needs_the_managed_server(tiny):
    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"}
    result = subprocess.run([sys.executable, "-m", "graph", "load", "--bulk", "--data", str(tiny)], env=env, cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        f"Neo4j: load --bulk needs the Neo4j that `python -m graph server` runs on port {env['NEO4J_URI'][-5:].lstrip(':')}; "
        "none runs there (without --bulk, load works with any Neo4j)"]
