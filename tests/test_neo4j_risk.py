"""外迁预警 from two years held in Neo4j equals the risk list from the files."""
import json
import subprocess
import sys

from graph.io import read_dataset
from tests.conftest import DEMO, ROOT
from tests.test_app_neo4j import neo4j_mode  # noqa: F401  (a fixture)

DEMO_2023 = DEMO.parent / "demo-2023"


def risk_cli(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "graph", "risk", "--chain", "agri_machinery", "--json", *args],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_risk_from_neo4j_equals_the_files(neo4j_demo):
    neo4j_demo(2023, 2024)
    files = risk_cli("--data", str(DEMO))
    held = risk_cli("--source", "neo4j")
    named = risk_cli("--source", "neo4j", "--year", "2024", "--previous", "2023")
    assert files["firms"] and held["firms"] == files["firms"] == named["firms"]
    assert (held["old"]["year"], held["new"]["year"]) == (2023, 2024)


def test_risk_page_reads_two_years_neo4j_holds(neo4j_demo, neo4j_mode):  # noqa: F811
    """风险预警 in the app's Neo4j mode: both years read chain by chain (the whole graph never), the same list as
    from the two folders."""
    from graph.analysis.risk import risk_table
    from graph.facts import Facts
    from tests.test_app_neo4j import hold_years, open_page

    hold_years(neo4j_demo, 2023, 2024)
    at = open_page("views/risk.py")
    assert not at.exception, at.exception
    assert any("Neo4j" in c.value for c in at.sidebar.caption)
    files = risk_table(*(Facts.from_dataset(read_dataset(f)) for f in (DEMO_2023, DEMO)))
    assert [int(m.value.replace(",", "")) for m in at.metric] == list(files.counts().values())


def test_one_year_held_needs_two_years(neo4j_demo):
    neo4j_demo(2024)
    doc = risk_cli("--source", "neo4j")
    assert doc["needs_two_years"] and doc["firms"] == []
