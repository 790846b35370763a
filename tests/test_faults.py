"""Faults: Neo4j dies in the middle of a load -> one clear line, the previous dataset intact, a rerun completes
and removes what the dead load staged. The same server runs without Graph Data Science: PageRank still works."""
import os
import signal
import subprocess
import sys
import time

import pytest

from graph import server
from graph.build import build_graph
from graph.io import read_dataset
from graph.store.base import graph_counts
from tests.conftest import DEMO, ROOT, TEST_SERVER_JVM
from tests.neo4j_helpers import free_port, wait_until_loading

pytestmark = pytest.mark.slow
ALL_NODES = "MATCH (n) WHERE n:Chain OR n:Segment OR n:Firm OR n:City OR n:Project RETURN count(n) AS n"


def state(uri):
    from graph.store.neo4j import Neo4jStore, driver_from_env

    with driver_from_env({"NEO4J_URI": uri}) as driver:
        return Neo4jStore(driver).counts(), driver.execute_query(ALL_NODES).records[0]["n"]


def test_neo4j_killed_mid_load(tmp_path, tiny):
    port = free_port()
    home = tmp_path / "neo4j"
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    env["NEO4J_URI"] = f"bolt://127.0.0.1:{port}"
    info = server.start(port=port, home=home, heap="1g", pagecache="256m", gds=False,
                        jvm_flags=TEST_SERVER_JVM)
    try:
        from graph.store.neo4j import Neo4jStore, driver_from_env

        with driver_from_env(env) as driver:      # the previous dataset, loaded here (no second CLI start)
            small = read_dataset(tiny)
            assert Neo4jStore(driver).load(small) == graph_counts(build_graph(small))
        before, _ = state(env["NEO4J_URI"])
        load = [sys.executable, "-m", "graph", "load", "--batch-size", "300", "--data"]
        process = subprocess.Popen([*load, str(DEMO)], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        wait_until_loading(process)
        os.kill(info.pid, signal.SIGKILL)  # the server dies, no clean shutdown
        rest = process.stderr.read()
        assert process.wait(timeout=120) == 1
        lines = [line for line in rest.replace("\r", "\n").splitlines() if line.startswith("Neo4j:")]
        assert len(lines) == 1 and "nothing was changed" in lines[0] and "Traceback" not in rest

        server.start(port=port, home=home, heap="1g", pagecache="256m", gds=False,
                     jvm_flags=TEST_SERVER_JVM)
        counts, nodes = state(env["NEO4J_URI"])
        assert counts == before, "the previous dataset is intact after the crash"
        assert nodes > sum(before["nodes"].values()), "the dead load left staged nodes behind (readers ignore them)"
        again = subprocess.run([*load, str(DEMO)], env=env, cwd=ROOT, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        expected = graph_counts(build_graph(read_dataset(DEMO)))
        held = sum(expected["nodes"].values()) + sum(before["nodes"].values())     # demo beside tiny
        assert state(env["NEO4J_URI"]) == (expected, held), "the two datasets held, nothing stale"

        from graph.store.chain_reads import pagerank_both_ways
        from graph.store.gds import GdsMissing, has_gds

        with driver_from_env(env) as driver:
            assert not has_gds(driver)
            with pytest.warns(GdsMissing):
                frame = pagerank_both_ways(driver, "agri_machinery", alpha=0.85)
        assert len(frame) > 50 and abs(frame["pr_forward"].sum() - 1) < 1e-9
    finally:
        server.stop(port=port, home=home)
        time.sleep(0.5)
