"""One contract for both stores: the same graph from the files and from Neo4j; Neo4j loads are
idempotent, replace the previous dataset, and leave it intact when they fail halfway."""
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

import networkx as nx
import pytest

from graph.build import build_graph
from graph.io import read_dataset
from graph.store import MemoryStore
from graph.store.base import graph_counts
from tests.conftest import DEMO, ROOT
from tests.neo4j_helpers import empty_database, wait_until_loading

DEMO_DATASET = read_dataset(DEMO)
DEMO_GRAPH = build_graph(DEMO_DATASET)
ALL_NODES = "MATCH (n) WHERE n:Chain OR n:Segment OR n:Firm OR n:City OR n:Project RETURN count(n) AS n"


@pytest.fixture(scope="module", params=["memory", "neo4j"])
def demo_store(request):
    if request.param == "memory":
        return MemoryStore(DEMO_DATASET)
    return request.getfixturevalue("neo4j_demo")()


def assert_same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph):
    assert a.graph == b.graph
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr)


def test_same_nodes_edges_and_attributes(demo_store):
    assert_same_graph(demo_store.graph(), DEMO_GRAPH)


def test_counts_equal_the_files(demo_store):
    counts = demo_store.counts()
    assert counts == graph_counts(DEMO_GRAPH)
    assert counts["nodes"]["Firm"] == len(DEMO_DATASET.firms)
    assert counts["relationships"]["SUPPLIES"] == len(DEMO_DATASET.supply)
    assert counts["relationships"]["OPERATES_IN"] == len(DEMO_DATASET.firm_segments)


def test_chain_list(demo_store):
    chains = demo_store.chains()
    assert len(chains) == 11 and chains == MemoryStore(DEMO_DATASET).chains()


@pytest.mark.parametrize("chain_id", ["agri_machinery", "new_gen_it"])
def test_chain_subgraph(demo_store, chain_id):
    assert_same_graph(demo_store.chain_graph(chain_id), MemoryStore(DEMO_DATASET).chain_graph(chain_id))


# ---------------------------------------------------------------- Neo4j only
@pytest.fixture
def neo4j_store(neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    return Neo4jStore(neo4j_driver, batch_size=1000)


def test_constraints_exist_per_version(neo4j_store, tiny):
    neo4j_store.load(read_dataset(tiny))
    unique = {(c["labelsOrTypes"][0], tuple(c["properties"])) for c in neo4j_store.constraints()
              if c["type"] == "UNIQUENESS"}
    assert {("Chain", ("chain_id", "version")), ("Segment", ("chain_id", "segment_id", "version")),
            ("Firm", ("firm_id", "version")), ("City", ("province", "name", "version")),
            ("Project", ("project_id", "version")), ("Dataset", ("key",)), ("LoadLock", ("key",))} <= unique
    assert not {label for label, props in unique if props == ("key",)} - {"Dataset", "LoadLock"}


def test_dataset_reads_back_the_files(neo4j_store, neo4j_demo):
    """Neo4jStore.dataset(): DataFrame tables equal to the files' (sorted by id: Neo4j keeps no file order)."""
    from graph.store.frames import dataset_frames

    neo4j_demo()
    back = neo4j_store.dataset()
    def canonical(chains):
        return sorted((replace(c, links=tuple(sorted(c.links))) for c in chains), key=lambda c: c.id)

    assert back.meta == DEMO_DATASET.meta and canonical(back.chains) == canonical(DEMO_DATASET.chains)
    files = dataset_frames(DEMO_DATASET)
    sort = {"firms": ["firm_id"], "firm_segments": ["firm_id", "chain_id", "segment_id"],
            "supply": ["supplier_id", "customer_id", "chain_id"], "projects": ["project_id"]}
    for name, keys in sort.items():
        got = getattr(back, name).sort_values(keys).reset_index(drop=True)
        want = files[name].sort_values(keys).reset_index(drop=True)
        assert list(got.columns) == list(want.columns)
        for column in want.columns:
            assert got[column].tolist() == want[column].tolist() or \
                got[column].fillna(-1).tolist() == want[column].astype(object).fillna(-1).tolist(), (name, column)


def test_reload_is_idempotent_and_replaces(neo4j_store, tiny):
    tiny_dataset = read_dataset(tiny)
    neo4j_store.load(DEMO_DATASET)
    neo4j_store.load(tiny_dataset)
    first = neo4j_store.graph()
    assert first.graph["name"] == "tiny", "a load replaces the dataset held"
    neo4j_store.load(tiny_dataset)
    assert_same_graph(neo4j_store.graph(), first)
    assert neo4j_store.counts() == graph_counts(build_graph(tiny_dataset))


def test_failing_load_leaves_previous_state(neo4j_store, tiny):
    tiny_dataset = read_dataset(tiny)
    neo4j_store.load(tiny_dataset)
    before = neo4j_store.counts()
    batches = []

    def fail_on_third_batch(n, total):
        batches.append(n)
        if len(batches) == 3:
            raise RuntimeError("simulated failure mid-load")

    with pytest.raises(RuntimeError, match="simulated"):
        neo4j_store.load(DEMO_DATASET, on_batch=fail_on_third_batch)
    assert neo4j_store.counts() == before
    assert neo4j_store.graph().graph["name"] == "tiny"


def test_killed_load_leaves_previous_state(neo4j_store, tiny):
    """The client dies mid-load: readers keep the old dataset; the lock dies with the client's connection, so the
    next load runs at once and removes what the dead one staged."""
    empty_database(neo4j_store.driver)
    neo4j_store.load(read_dataset(tiny))
    before = neo4j_store.counts()
    process = subprocess.Popen([sys.executable, "-m", "graph", "load", "--data", str(DEMO), "--batch-size", "500"],
                               cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, bufsize=1)
    wait_until_loading(process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(1)
    assert neo4j_store.counts() == before
    staged = neo4j_store.driver.execute_query(ALL_NODES).records[0]["n"]
    assert staged > sum(before["nodes"].values()), "the killed load had committed batches"
    assert neo4j_store.load(DEMO_DATASET) == graph_counts(DEMO_GRAPH)
    held = sum(graph_counts(DEMO_GRAPH)["nodes"].values()) + sum(before["nodes"].values())   # demo and tiny
    assert neo4j_store.driver.execute_query(ALL_NODES).records[0]["n"] == held


def test_analyze_json_same_from_neo4j_and_files(neo4j_demo):
    neo4j_demo()
    env = {**os.environ}
    args = [sys.executable, "-m", "graph", "analyze", "--data", str(DEMO), "--json"]
    files = subprocess.run([*args, "--source", "files"], capture_output=True, text=True, cwd=ROOT, env=env)
    neo4j = subprocess.run([*args, "--source", "neo4j"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert files.returncode == 0 and neo4j.returncode == 0, files.stderr + neo4j.stderr
    assert files.stdout == neo4j.stdout


def test_pushdown_aggregations_equal_the_python_results(neo4j_demo):
    """completeness, gaps, weak links and targets computed inside Neo4j equal the in-memory analyses."""
    import json

    neo4j_demo()
    base = [sys.executable, "-m", "graph", "analyze", "--json"]
    files = subprocess.run([*base, "--data", str(DEMO)], capture_output=True, text=True, cwd=ROOT)
    pushed = subprocess.run([*base, "--source", "neo4j", "--pushdown"], capture_output=True, text=True, cwd=ROOT)
    assert files.returncode == 0 and pushed.returncode == 0, files.stderr + pushed.stderr
    files, pushed = json.loads(files.stdout), json.loads(pushed.stdout)
    assert pushed["pushdown"] is True and pushed["dataset"] == files["dataset"]
    fields = ["chain_id", "completeness", "completeness_revenue", "segments_covered", "gaps", "weak_links", "targets"]
    assert [{k: c[k] for k in fields} for c in pushed["chains"]] == [{k: c[k] for k in fields} for c in files["chains"]]
    assert sum(len(c["targets"]) for c in pushed["chains"]) > 50
