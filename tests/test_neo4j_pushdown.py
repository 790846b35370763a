"""The push-down (`analyze --source neo4j --pushdown`, graph.store.chain_reads) gives the files path's answers.

Every planted micro-dataset of tests/test_analysis.py and tests/test_facts.py is run again with its data loaded
into Neo4j and analysed from there (each chain's pairs selected in Neo4j, PageRank in GDS): the same exact
assertions must hold. The demo's whole `analyze --json` document must be identical.
"""
from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import warnings
from dataclasses import replace

import pandas as pd
import pytest

from graph.analysis.summary import differences
from graph.io import read_dataset
from graph.store.base import DatasetChanged
from graph.store.chain_reads import neo4j_facts
from graph.store.gds import GdsMissing
from tests import micro as micro_module
from tests import test_analysis, test_facts
from tests.conftest import NEO4J_URI, ROOT

DEMO = ROOT / "data" / "demo"
# tests that change or inspect a networkx graph itself (not an analysis of it) have nothing to push down
# (untagged supply and registry-only data are covered below on whole datasets; two datasets at once cannot
# both be current: test_a_load_meanwhile_stops_the_reader_with_one_message)
GRAPH_ONLY = {"test_leaders_stable_under_relabelling", "test_analyses_follow_a_changed_graph",
              "test_chain_counts_include_untagged_supply_between_chain_firms",
              "test_facts_from_record_lists_and_frames_agree", "test_registry_only_data_say_what_they_used",
              "test_facts_are_not_shared_between_datasets"}


@pytest.fixture(scope="module")
def store(neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    return Neo4jStore(neo4j_driver, batch_size=1000)


def planted_tests():
    for module in (test_analysis, test_facts):
        for name, test in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("test_") and name not in GRAPH_ONLY and not inspect.signature(test).parameters \
                    and "micro(" in inspect.getsource(test):
                yield pytest.param(module, name, id=f"{module.__name__.split('.')[-1]}::{name}")


@pytest.mark.parametrize(("module", "name"), list(planted_tests()))
@pytest.mark.parametrize("use_gds", [True, False], ids=["gds", "python-pagerank"])
def test_planted_answers_from_neo4j(store, monkeypatch, module, name, use_gds):
    """The test runs unchanged, except that each micro-dataset it builds is loaded into Neo4j and the
    analyses read it back chain by chain."""
    def micro_in_neo4j(*args, **kwargs):
        store.load(micro_module.micro_dataset(*args, **kwargs))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GdsMissing)
            return neo4j_facts(store.driver, use_gds=use_gds)

    monkeypatch.setattr(module, "micro", micro_in_neo4j)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GdsMissing)
        getattr(module, name)()


def test_planted_tests_are_collected():
    names = {p.values[1] for p in planted_tests()}
    assert {"test_gap_severity_exact", "test_leader_ranking_and_components", "test_key_suppliers",
            "test_targets_rank_by_local_customers_then_size", "test_location_quotient_and_strengths",
            "test_unassigned_share_is_the_remainder_split_evenly"} <= names
    assert len(names) >= 25


def pushed_json(folder, pagerank: str = "gds") -> dict:
    done = subprocess.run([sys.executable, "-m", "graph", "analyze", "--json", "--source", "neo4j", "--pushdown",
                           "--pagerank", pagerank, "--chains", str(ROOT / "chains" / "shandong-2022")],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "NEO4J_URI": NEO4J_URI})
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out.pop("pushdown") is True
    return out


@pytest.fixture(scope="module")
def files_json() -> dict:
    """`analyze --json` of the demo from the files, run once for both PageRank ways."""
    files = subprocess.run([sys.executable, "-m", "graph", "analyze", "--json", "--data", str(DEMO)],
                           capture_output=True, text=True, cwd=ROOT)
    assert files.returncode == 0, files.stderr
    return json.loads(files.stdout)


@pytest.mark.parametrize("pagerank", ["python", "gds"])
def test_demo_analysis_json_is_identical(neo4j_demo, files_json, pagerank):
    neo4j_demo()
    pushed = pushed_json(DEMO, pagerank)
    assert differences(pushed, files_json) == []
    assert all(c["leaders"] and c["key_suppliers"] and c["targets"] for c in pushed["chains"])


def test_golden_province_from_neo4j_is_the_golden_analysis(store):
    """The golden province has untagged supply rows, rows tagged with other chains and missing shares."""
    golden = ROOT / "tests" / "data" / "golden"
    store.load(read_dataset(golden / "province"))
    expected = json.loads((golden / "analysis.json").read_text(encoding="utf-8"))
    assert differences(pushed_json(golden / "province"), expected) == []


def test_only_the_chains_asked_for_are_read(store, neo4j_demo):
    neo4j_demo()
    facts = neo4j_facts(store.driver)
    assert facts.supply.empty and len(facts.firms) > 1000
    from graph.analysis.summary import analyze

    analyze(facts, chain="agri_machinery")
    read = {key[1] for key in facts._memo if key[0] == "chain"}
    assert read == {"agri_machinery"}
    assert len(facts.chain("agri_machinery").pairs) > 100


def test_a_load_meanwhile_stops_the_reader_with_one_message(store, neo4j_demo, tiny):
    neo4j_demo()
    facts = neo4j_facts(store.driver)
    assert len(facts.chain("agri_machinery").pairs)        # a chain's supply rows are read for its pairs
    store.load(read_dataset(tiny))                          # another dataset: the demo stays readable
    assert len(facts.chain("pharmaceuticals").pairs)
    store.load(read_dataset(DEMO))                          # the demo's year replaced
    with pytest.raises(DatasetChanged, match="replaced while it was being read"):
        len(facts.chain("construction_machinery").pairs)


def test_registry_only_data_from_neo4j(store, tmp_path):
    """A dataset without supply links (supply: none) analyses from Neo4j as from the files, notes included."""
    from graph.analysis.summary import analyze, to_json
    from graph.facts import Facts
    from graph.io import write_dataset

    dataset = read_dataset(DEMO)
    registry = replace(dataset, supply=dataset.supply.iloc[0:0], supply_present=False)
    write_dataset(registry, tmp_path / "registry")
    registry = read_dataset(tmp_path / "registry")
    assert registry.supply_present is False
    store.load(registry)
    facts = neo4j_facts(store.driver)
    pushed = to_json(facts, analyze(facts, chain="agri_machinery"))
    files = Facts.from_dataset(registry)
    assert differences(pushed, to_json(files, analyze(files, chain="agri_machinery"))) == []
    assert pushed["inputs"]["supply"] is False and pushed["chains"][0]["notes"]


def test_firm_profile_from_neo4j_equals_the_files(store, neo4j_demo):
    """The firm page's facts in the app's Neo4j mode: partners come from the firm's own supply rows."""
    from graph.analysis.profile import firm_partners_all, loss_effects
    from graph.facts import Facts

    neo4j_demo()
    app_store = store.of(pushdown=True)          # as the app makes it: facts read chain by chain
    pushed, files = app_store.facts(), Facts.from_dataset(read_dataset(DEMO))
    out_degree, in_degree = files.supply["supplier"].value_counts(), files.supply["customer"].value_counts()
    both = (out_degree + in_degree).dropna().sort_values(ascending=False, kind="stable")   # firms with both kinds
    busiest = both.index[:6].tolist()
    for firm_id in files.column("firm_id")[busiest]:
        for direction in ("suppliers", "customers"):
            expected = firm_partners_all(files, firm_id, direction=direction)
            assert len(expected) > 0, (firm_id, direction)
            pd.testing.assert_frame_equal(firm_partners_all(pushed, firm_id, direction=direction), expected)
        pd.testing.assert_frame_equal(loss_effects(pushed, firm_id), loss_effects(files, firm_id))
    assert app_store.facts() is pushed           # kept until another load


def test_facts_read_chain_by_chain_build_no_graph(store, neo4j_demo):
    from graph.build import build_graph

    neo4j_demo()
    with pytest.raises(ValueError, match="no supply table"):
        build_graph(store.of(pushdown=True).facts())


def test_without_gds_pagerank_runs_in_python_with_one_warning(store, neo4j_demo, monkeypatch):
    from graph.analysis.summary import analyze
    from graph.store import gds

    neo4j_demo()
    monkeypatch.setattr(gds, "has_gds", lambda driver, database=None: False)
    monkeypatch.setattr(gds, "_warned", False)
    with pytest.warns(GdsMissing, match="no Graph Data Science") as caught:
        facts = neo4j_facts(store.driver, use_gds=None)
        analyze(facts, chain="agri_machinery")
        analyze(facts, chain="pharmaceuticals")
    assert len([w for w in caught if issubclass(w.category, GdsMissing)]) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error", GdsMissing)      # chosen, not missing: no warning
        analyze(neo4j_facts(store.driver, use_gds=False), chain="agri_machinery")


def test_pushdown_benchmark_compares_the_ways_with_parity(neo4j_driver):
    """bench/pushdown.py on the smallest province (correctness, not timing)."""
    from bench.pushdown import WAYS, compare

    row = compare(NEO4J_URI, "quick")
    assert row[0] == "quick" and len(row) == len(WAYS) + 5
    assert all(" s / " in cell and cell.endswith(" MB") for cell in row[1:1 + len(WAYS)])
    assert row[-2] == "yes"


def test_analyze_reads_the_year_asked_for(neo4j_demo):
    """`--year` picks one of the years Neo4j holds side by side; a year not held is one line."""
    neo4j_demo(2023, 2024)
    env = {**os.environ, "NEO4J_URI": NEO4J_URI}
    files = subprocess.run([sys.executable, "-m", "graph", "analyze", "--json", "--data", str(ROOT / "data" / "demo-2023")],
                           capture_output=True, text=True, cwd=ROOT)
    for extra in ([], ["--pushdown"]):
        done = subprocess.run([sys.executable, "-m", "graph", "analyze", "--json", "--source", "neo4j", "--year",
                               "2023", *extra], capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        document.pop("pushdown", None)
        assert document["year"] == 2023 and differences(document, json.loads(files.stdout)) == []
        missing = subprocess.run([sys.executable, "-m", "graph", "analyze", "--json", "--source", "neo4j", "--year",
                                  "1999", *extra], capture_output=True, text=True, cwd=ROOT, env=env)
        assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
        assert "1999" in missing.stderr and "2023" in missing.stderr


def report_cli(folder, *args: str):
    """`graph report --out FOLDER/r.xlsx ARGS` (Neo4j: the worker's), which succeeds; returns the folder."""
    done = subprocess.run([sys.executable, "-m", "graph", "report", "--out", str(folder / "r.xlsx"), *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "NEO4J_URI": NEO4J_URI})
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(scope="module")
def files_report(tmp_path_factory):
    """The report from the files, made once for both PageRank ways."""
    return report_cli(tmp_path_factory.mktemp("files"), "--data", str(DEMO))


@pytest.mark.parametrize("pagerank", ["python", "gds"])
def test_report_from_neo4j_chain_by_chain_equals_the_files_report(neo4j_demo, files_report, tmp_path, pagerank):
    """`report --source neo4j --pushdown`: the same workbook cells and the same chain-map pages as the report from
    the files (scores rounded to six decimals may differ by one in the last place, as in summary.differences)."""
    from openpyxl import load_workbook

    neo4j_demo()
    folders = {"files": files_report,
               "pushdown": report_cli(tmp_path, "--source", "neo4j", "--pushdown", "--pagerank", pagerank,
                                      "--chains", str(ROOT / "chains" / "shandong-2022"))}
    books = {way: load_workbook(folder / "r.xlsx") for way, folder in folders.items()}
    assert books["files"].sheetnames == books["pushdown"].sheetnames
    cells = 0
    for name in books["files"].sheetnames:
        for left, right in zip(books["files"][name].iter_rows(values_only=True),
                               books["pushdown"][name].iter_rows(values_only=True), strict=True):
            for a, b in zip(left, right, strict=True):
                assert abs(a - b) <= 1e-6 + 1e-12 if isinstance(a, float) else a == b, (name, a, b)
                cells += 1
    assert cells > 5000
    pages = sorted(p.name for p in folders["files"].glob("*.html"))
    assert len(pages) == 11 and pages == sorted(p.name for p in folders["pushdown"].glob("*.html"))
    for page in pages:
        assert (folders["files"] / page).read_text() == (folders["pushdown"] / page).read_text()


def test_a_report_reads_each_chains_supply_once(store, neo4j_demo, monkeypatch):
    """Analyses read a chain's supply rows for its pairs; the report's city sheet needs only members: no read."""
    from graph.analysis.summary import analyze
    from graph.report import report_tables

    neo4j_demo()
    facts = neo4j_facts(store.driver, use_gds=False)
    asked = []
    read = facts.reader.supply_rows
    monkeypatch.setattr(facts.reader, "supply_rows", lambda of, chain_id: asked.append(chain_id) or read(of, chain_id))
    report_tables(facts, analyze(facts))
    assert sorted(asked) == sorted(facts.chain_ids())
