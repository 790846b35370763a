"""Faults: Neo4j dies in the middle of a load -> one clear line, the previous dataset intact, a rerun completes."""
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
from tests.conftest import DEMO, ROOT

pytestmark = pytest.mark.slow
PORT = 7692


def counts(uri):
    from graph.store.neo4j import Neo4jStore, driver_from_env

    with driver_from_env({"NEO4J_URI": uri}) as driver:
        return Neo4jStore(driver).counts()


def test_neo4j_killed_mid_load(tmp_path, tiny):
    home = tmp_path / "neo4j"
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    env["NEO4J_URI"] = f"bolt://127.0.0.1:{PORT}"
    info = server.start(port=PORT, home=home, heap="1g")
    try:
        load = [sys.executable, "-m", "graph", "load", "--batch-size", "300", "--data"]
        assert subprocess.run([*load, str(tiny)], env=env, cwd=ROOT, capture_output=True).returncode == 0
        before = counts(env["NEO4J_URI"])
        process = subprocess.Popen([*load, str(DEMO)], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        progress = ""
        while not any(f" {p}%" in progress for p in range(15, 90)):
            chunk = process.stderr.read(100)
            assert chunk, f"load ended before the server could be killed: {progress[-300:]}"
            progress += chunk
        os.kill(info.pid, signal.SIGKILL)  # the server dies, no clean shutdown
        rest = process.stderr.read()
        assert process.wait(timeout=120) == 1
        lines = [line for line in rest.replace("\r", "\n").splitlines() if line.startswith("Neo4j:")]
        assert len(lines) == 1 and "nothing was changed" in lines[0] and "Traceback" not in rest

        server.start(port=PORT, home=home, heap="1g")
        assert counts(env["NEO4J_URI"]) == before, "the previous dataset is intact after the crash"
        again = subprocess.run([*load, str(DEMO)], env=env, cwd=ROOT, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        assert counts(env["NEO4J_URI"]) == graph_counts(build_graph(read_dataset(DEMO)))
    finally:
        server.stop(port=PORT, home=home)
        time.sleep(0.5)
