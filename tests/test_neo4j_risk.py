"""外迁预警 from two years held in Neo4j equals the risk list from the files."""
import json
import subprocess
import sys

import pytest

from graph.build import build_graph
from graph.io import read_dataset
from graph.store.base import graph_counts
from tests.conftest import DEMO, ROOT
from tests.neo4j_helpers import empty_database
from tests.test_app_neo4j import loaded, neo4j_mode  # noqa: F401, F811  (fixtures)

DEMO_2023 = DEMO.parent / "demo-2023"


def risk_cli(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "graph", "risk", "--chain", "agri_machinery", "--json", *args],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def both_years(neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    empty_database(neo4j_driver)
    store = Neo4jStore(neo4j_driver)
    for folder in (DEMO_2023, DEMO):
        dataset = read_dataset(folder)
        assert store.load(dataset) == graph_counts(build_graph(dataset))
    return store


def test_risk_from_neo4j_equals_the_files(both_years):
    files = risk_cli("--data", str(DEMO))
    held = risk_cli("--source", "neo4j")
    named = risk_cli("--source", "neo4j", "--year", "2024", "--previous", "2023")
    assert files["firms"] and held["firms"] == files["firms"] == named["firms"]
    assert (held["old"]["year"], held["new"]["year"]) == (2023, 2024)


def test_one_year_held_needs_two_years(neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    empty_database(neo4j_driver)
    Neo4jStore(neo4j_driver).load(read_dataset(DEMO))
    doc = risk_cli("--source", "neo4j")
    assert doc["needs_two_years"] and doc["firms"] == []


def test_risk_page_reads_two_years_neo4j_holds(neo4j_driver, neo4j_mode):  # noqa: F811
    """风险预警 in the app's Neo4j mode: both years read chain by chain (the whole graph never), the same list as
    from the two folders."""
    from graph.analysis.risk import risk_table
    from graph.facts import Facts
    from tests.test_app_neo4j import load_both_years, open_page

    load_both_years(neo4j_driver)
    at = open_page("views/risk.py")
    assert not at.exception, at.exception
    assert any("Neo4j" in c.value for c in at.sidebar.caption)
    files = risk_table(*(Facts.from_dataset(read_dataset(f)) for f in (DEMO_2023, DEMO)))
    assert [int(m.value.replace(",", "")) for m in at.metric] == list(files.counts().values())
