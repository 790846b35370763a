"""Several years side by side in one Neo4j database (one dataset per name and year), the diff between two of
them, and reads that never return a version whose removal had begun."""
import subprocess
import sys
import threading
import time

import pytest

from graph.build import build_graph
from graph.io import read_dataset
from graph.store import queries as Q
from graph.store.base import graph_counts
from tests.conftest import DEMO, ROOT
from tests.neo4j_helpers import empty_database, only_held, reads_during_load

DEMO_2023 = DEMO.parent / "demo-2023"
YEARS = {2023: read_dataset(DEMO_2023), 2024: read_dataset(DEMO)}
COUNTS = {year: graph_counts(build_graph(dataset)) for year, dataset in YEARS.items()}


def diff_cli(old: str, new: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph", *extra, "diff", "--old", old, "--new", new, "--json"],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture
def both_years(neo4j_demo):
    """data/demo-2023 and data/demo held, nothing else (tests/conftest.py neo4j_demo: loaded once, and again only
    after a test here replaced or dropped one)."""
    return neo4j_demo(2023, 2024)


def test_both_years_are_held_and_reads_pick_a_year(both_years, neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    name = YEARS[2024].meta.name
    assert YEARS[2023].meta.name == name, "the demo's years share one dataset name"
    assert both_years.years() == [2023, 2024]
    assert [(d["name"], d["year"]) for d in both_years.held()] == [(name, 2023), (name, 2024)]
    assert both_years.meta()["year"] == 2024, "default: the latest year"
    assert both_years.counts() == COUNTS[2024] and both_years.counts(year=2023) == COUNTS[2023]
    assert Neo4jStore(neo4j_driver, year=2023).dataset().meta == YEARS[2023].meta
    only_held(neo4j_driver, COUNTS[2023], COUNTS[2024])


def test_loading_an_earlier_year_last_keeps_the_latest_as_the_default(both_years, neo4j_driver):
    both_years.load(YEARS[2023])
    assert both_years.meta()["year"] == 2024 and both_years.counts() == COUNTS[2024]
    only_held(neo4j_driver, COUNTS[2023], COUNTS[2024])


def test_diff_from_neo4j_equals_the_diff_from_the_files(both_years):
    files = diff_cli(str(DEMO_2023), str(DEMO))
    neo4j = diff_cli("neo4j:2023", "neo4j:2024")
    assert files.returncode == 0 and neo4j.returncode == 0, files.stderr + neo4j.stderr
    assert neo4j.stdout == files.stdout
    named = diff_cli(f"neo4j:{YEARS[2023].meta.name}/2023", str(DEMO))
    assert named.returncode == 0 and named.stdout == files.stdout, named.stderr


@pytest.mark.parametrize("lang, old, line", [
    ("en", "neo4j:2022", "Neo4j holds no dataset 2022 (held: {name} 2023, {name} 2024)"),
    ("zh", "neo4j:2022", "Neo4j 中没有数据集 2022（已有：{name} 2023, {name} 2024）"),
    ("en", "neo4j:last", "neo4j:last: expected neo4j:YEAR or neo4j:NAME/YEAR, e.g. neo4j:2024"),
])
def test_a_year_not_held_is_one_line(both_years, lang, old, line):
    result = diff_cli(old, "neo4j:2024", "--lang", lang)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [line.format(name=YEARS[2024].meta.name)]


def test_replacing_2024_leaves_2023_untouched(both_years, neo4j_driver):
    before = {d["year"]: d["version"] for d in both_years.held()}
    assert both_years.load(YEARS[2024]) == COUNTS[2024]
    after = {d["year"]: d["version"] for d in both_years.held()}
    assert after[2023] == before[2023] and after[2024] != before[2024]
    assert both_years.counts(year=2023) == COUNTS[2023]
    only_held(neo4j_driver, COUNTS[2023], COUNTS[2024])


def test_readers_of_2023_are_unaffected_by_a_2024_load(both_years, neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    reader = Neo4jStore(neo4j_driver, year=2023)
    version = reader.version()
    seen = reads_during_load(lambda on_batch: both_years.load(YEARS[2024], on_batch=on_batch),
                             lambda: (reader.counts(), reader.version()))
    assert len(seen) > 5 and all(s == (COUNTS[2023], version) for s in seen)
    only_held(neo4j_driver, COUNTS[2023], COUNTS[2024])


# ---------------------------------------------------------------- reads pinned to a version that is replaced
def _counts(tx, version):
    return {r["label"]: r["n"] for r in tx.run(Q.COUNT_LABELS, version=version) if r["n"]}


@pytest.fixture
def tiny_twice(neo4j_driver, tiny, make_dataset):
    """An empty database holding `tiny`, and a second dataset of the same name (it replaces the first)."""
    from graph.store.neo4j import Neo4jStore

    empty_database(neo4j_driver)
    first = read_dataset(tiny)
    Neo4jStore(neo4j_driver).load(first)
    second = read_dataset(make_dataset(firms__csv="firm_id,name,province,city\nA,甲,山东省,济南市\nB,乙,山东省,青岛市\n"
                                                  "C,丙,山东省,青岛市\nX,外,江苏省,苏州市\nY,新,山东省,济南市\n"))
    return graph_counts(build_graph(first))["nodes"], second, graph_counts(build_graph(second))["nodes"]


def test_a_read_whose_version_was_removed_meanwhile_runs_again(neo4j_driver, tiny_twice):
    """The loader does not wait for readers (as without the privilege to list them): the read that pinned the
    replaced version sees it vanish, notices it is no longer current, and runs again on the new one."""
    from graph.store.neo4j import Neo4jStore
    from graph.store.versions import read_pinned

    old, second, new = tiny_twice
    attempts = []

    def work(tx, version, meta):
        if not attempts:
            Neo4jStore(neo4j_driver, reader_wait=0).load(second)     # switches and removes this read's version
        attempts.append(_counts(tx, version))
        return attempts[-1]

    assert read_pinned(neo4j_driver, work) == new
    assert attempts == [{}, new], "the first attempt saw its version removed and was not returned"


def test_removal_waits_for_a_read_that_pinned_the_replaced_version(neo4j_driver, tiny_twice):
    from graph.store.neo4j import Neo4jStore
    from graph.store.versions import read_pinned

    old, second, new = tiny_twice
    store = Neo4jStore(neo4j_driver)
    old_version = store.version()
    pinned, go, attempts = threading.Event(), threading.Event(), []

    def work(tx, version, meta):
        if not attempts:
            pinned.set()
            assert go.wait(60)
        attempts.append(_counts(tx, version))
        return attempts[-1]

    reader = threading.Thread(target=lambda: read_pinned(neo4j_driver, work))
    reader.start()
    assert pinned.wait(60)
    loader = threading.Thread(target=lambda: Neo4jStore(neo4j_driver).load(second))
    loader.start()
    deadline = time.monotonic() + 60
    while store.version() == old_version and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.version() != old_version, "the load switched"
    time.sleep(0.5)
    left = neo4j_driver.execute_query("MATCH (n) WHERE n.version = $v RETURN count(n) AS n", v=old_version)
    assert left.records[0]["n"] == sum(old.values()), "the replaced version waits for its reader"
    go.set()
    reader.join(60)
    loader.join(60)
    assert attempts == [old, new], "the reader saw the whole old version, then read again on the new one"
    only_held(neo4j_driver, {"nodes": new})


def graph_cli(*args: str) -> subprocess.CompletedProcess:
    import os

    from tests.conftest import NEO4J_URI
    return subprocess.run([sys.executable, "-m", "graph", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NEO4J_URI": NEO4J_URI})


def test_drop_removes_one_year_and_keeps_the_other(both_years, neo4j_driver):
    name = YEARS[2023].meta.name
    done = graph_cli("drop", "--name", name, "--year", "2023")
    assert done.returncode == 0, done.stderr
    firms = COUNTS[2023]["nodes"]["Firm"]
    assert f"已从 Neo4j 删除数据集 {name} 2023：" in done.stdout and f"（企业 {firms:,} 家）" in done.stdout
    assert done.stdout.strip().endswith(f"仍保留：{name} 2024")
    assert both_years.years() == [2024] and both_years.counts() == COUNTS[2024]
    only_held(neo4j_driver, COUNTS[2024])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dropping_a_dataset_not_held_is_one_line_and_changes_nothing(both_years, neo4j_driver, lang):
    name = YEARS[2024].meta.name
    done = graph_cli("--lang", lang, "drop", "--name", name, "--year", "2019")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == (f"Neo4j holds no dataset {name} 2019 (held: {name} 2023, {name} 2024)" if lang == "en"
                                   else f"Neo4j 中没有数据集 {name} 2019（已有：{name} 2023, {name} 2024）")
    assert graph_cli("drop", "--name", name).returncode == 1, "without --year: the dataset without a year"
    assert both_years.years() == [2023, 2024]
    only_held(neo4j_driver, COUNTS[2023], COUNTS[2024])


def test_drop_waits_for_a_running_load(both_years, neo4j_driver):
    """The load lock: a drop while another load holds it stops with one line and removes nothing."""
    from graph.store.neo4j import LoadInProgress, Neo4jStore

    with Neo4jStore(neo4j_driver).loader._lock():
        with pytest.raises(LoadInProgress):
            Neo4jStore(neo4j_driver, lock_wait=0.5).drop(name=YEARS[2023].meta.name, year=2023)
    assert both_years.years() == [2023, 2024]
