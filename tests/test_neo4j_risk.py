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
