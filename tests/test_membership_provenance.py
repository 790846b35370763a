"""A membership's provenance travels end to end (issue 21, item 4): firm_segments.csv's ``confidence`` (classify's,
0–1) and ``reviewed`` (1 accepted by a person, 0 a proposal) are read, validated, held in the facts, on the
networkx graph's OPERATES_IN edges and in Neo4j (staged loads here, the bulk load in test_neo4j_bulk.py), and read
back; absent values stay absent. Leaders weigh a proposal by its confidence; every chain says how many of its memberships a person reviewed."""
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from graph.analysis.source import as_facts
from graph.analysis.summary import analyze, membership_provenance, to_json
from graph.build import build_graph, dataset_from_graph
from graph.classify.output import dataset_meta, write_classified
from graph.facts import Facts
from graph.io import check_dataset, read_dataset, write_dataset
from graph.messages import t
from graph.report import report_tables
from graph.store import MemoryStore
from tests.conftest import ROOT, SHANDONG

CHAIN = "construction_machinery"
FIRMS = pd.DataFrame({"firm_id": ["A", "B", "C", "D"], "name": ["甲挖掘机厂", "乙装载机厂", "丙挖掘机厂", "丁装载机厂"],
                      "province": ["山东省"] * 4, "city": ["济南市", "青岛市", "临沂市", "济宁市"],
                      "registered_capital": [5000.0, 5000.0, 800.0, 300.0]})
# A: a proposal at 0.55; B: placed by a person (no confidence); C: an accepted proposal; D: two proposals
LINKS = pd.DataFrame({"firm_id": ["A", "B", "C", "D", "D"], "chain_id": [CHAIN] * 5,
                      "segment_id": ["excavators", "excavators", "excavators", "loaders", "excavators"],
                      "confidence": [0.55, None, 0.9, 0.8, 0.6], "basis": ["名称含「挖掘机」", "人工审核 reviewed", "x", "y", "z"],
                      "reviewed": [0, 1, 1, 0, 0]})


def classified(folder, links: pd.DataFrame = LINKS):
    """A classified registry as `classify` writes it (registered capital, no revenue, no supply)."""
    meta = dataset_meta(name="reg", region="山东省", chain_set=str(SHANDONG), source="test")
    return write_classified(folder, FIRMS, links, meta=meta)


def provenance(frame: pd.DataFrame) -> list:
    """(firm, segment, confidence, reviewed) rows, None for a missing value."""
    return [(f, s, None if pd.isna(c) else float(c), None if pd.isna(r) else float(r)) for f, s, c, r in
            frame[["firm_id", "segment_id", "confidence", "reviewed"]].itertuples(index=False, name=None)]


EXPECTED = [("A", "excavators", 0.55, 0.0), ("B", "excavators", None, 1.0), ("C", "excavators", 0.9, 1.0),
            ("D", "loaders", 0.8, 0.0), ("D", "excavators", 0.6, 0.0)]


# ---------------------------------------------------------------- files
def test_a_classified_dataset_keeps_confidence_and_reviewed(tmp_path):
    ds = read_dataset(classified(tmp_path / "reg"))
    assert provenance(ds.firm_segments) == EXPECTED
    assert ds.firm_segments["confidence"].dtype == "float64" and ds.firm_segments["reviewed"].dtype == "float64"
    again = read_dataset(write_dataset(ds, tmp_path / "again"))   # written back out, read again: the same
    assert provenance(again.firm_segments) == EXPECTED


def test_the_classify_command_output_reads_back(tmp_path):
    out = tmp_path / "cls"
    done = subprocess.run([sys.executable, "-m", "graph", "classify", "--registry",
                           str(ROOT / "tests" / "data" / "classify" / "tiny.csv"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    written = pd.read_csv(out / "firm_segments.csv")
    ds = read_dataset(out)
    assert len(ds.firm_segments) == len(written) > 0
    assert ds.firm_segments["confidence"].tolist() == pytest.approx(written["confidence"].tolist())
    assert ds.firm_segments["reviewed"].tolist() == written["reviewed"].astype(float).tolist() == [0.0] * len(written)


def test_aliases_and_yes_no(tmp_path):
    folder = classified(tmp_path / "reg")
    (folder / "firm_segments.csv").write_text("企业ID,产业链ID,环节ID,置信度,已审核\nA,construction_machinery,excavators,"
                                              "0.7,是\nB,construction_machinery,excavators,,否\nC,construction_machinery,"
                                              "excavators,55%,\nD,construction_machinery,loaders,1,1\n", encoding="utf-8")
    ds = read_dataset(folder)
    assert provenance(ds.firm_segments) == [("A", "excavators", 0.7, 1.0), ("B", "excavators", None, 0.0),
                                            ("C", "excavators", 0.55, None), ("D", "loaders", 1.0, 1.0)]
    (folder / "firm_segments.csv").write_text("firm_id,chain_id,segment_id,人工审核\nA,construction_machinery,excavators,"
                                              "1\n", encoding="utf-8")
    assert provenance(read_dataset(folder).firm_segments) == [("A", "excavators", None, 1.0)]


def test_bad_values_are_refused_naming_row_and_column(tmp_path):
    folder = classified(tmp_path / "reg")
    (folder / "firm_segments.csv").write_text(
        "firm_id,chain_id,segment_id,confidence,reviewed\nA,construction_machinery,excavators,1.5,1\n"
        "B,construction_machinery,excavators,0.5,maybe\nC,construction_machinery,excavators,high,0\n", encoding="utf-8")
    dataset, issues = check_dataset(folder)
    assert dataset is None
    errors = sorted((i.file, i.row, i.column, i.code) for i in issues if i.level == "error")
    assert errors == [("firm_segments.csv", 2, "confidence", "fraction_range"),
                      ("firm_segments.csv", 3, "reviewed", "bad_flag"),
                      ("firm_segments.csv", 4, "confidence", "bad_number")]
    texts = {i.code: (i.format("zh"), i.format("en")) for i in issues}
    assert "1.5 应在 0 到 1 之间" in texts["fraction_range"][0] and "must be between 0 and 1" in texts["fraction_range"][1]
    assert "maybe" in texts["bad_flag"][0] and "yes/no" in texts["bad_flag"][1]


def test_absent_columns_stay_absent(tiny, tmp_path):
    ds = read_dataset(tiny)
    assert ds.firm_segments[["confidence", "reviewed"]].isna().all().all()
    facts = Facts.from_dataset(ds)
    assert "confidence" not in facts.memberships and "reviewed" not in facts.memberships
    assert membership_provenance(facts, "widgets") == {}
    chain = to_json(facts, analyze(facts))["chains"][0]
    assert "memberships_reviewed" not in chain and "memberships_proposed" not in chain
    written = write_dataset(ds, tmp_path / "out")   # no empty provenance columns written
    assert (written / "firm_segments.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "firm_id,chain_id,segment_id,share"
    edge = next(d for *_, d in build_graph(facts).edges(data=True) if d["kind"] == "OPERATES_IN")
    assert edge["confidence"] is None and edge["reviewed"] is None


def test_facts_keep_missing_reviewed_missing(tmp_path):
    folder = classified(tmp_path / "reg")
    (folder / "firm_segments.csv").write_text(
        "firm_id,chain_id,segment_id,confidence,reviewed\nA,construction_machinery,excavators,0.55,1\n"
        "B,construction_machinery,excavators,,\nC,construction_machinery,excavators,0.9,\n"
        "D,construction_machinery,loaders,0.8,0\nD,construction_machinery,excavators,0.6,\n", encoding="utf-8")
    facts = Facts.from_dataset(read_dataset(folder))
    assert facts.memberships["reviewed"].isna().tolist() == [False, True, True, False, True]   # never assumed 0
    assert np.isnan(facts.memberships["confidence"].iloc[1])   # not given: analyses take it as 1.0
    assert membership_provenance(facts, CHAIN) == {"memberships_reviewed": 1, "memberships_proposed": 1}


# ---------------------------------------------------------------- the networkx graph
def test_the_graph_carries_them_on_operates_in_edges(tmp_path):
    ds = read_dataset(classified(tmp_path / "reg"))
    G = build_graph(ds)
    edges = {(G.nodes[u]["firm_id"], G.nodes[v]["segment_id"]): (d["confidence"], d["reviewed"])
             for u, v, d in G.edges(data=True) if d["kind"] == "OPERATES_IN"}
    assert edges == {(f, s): (c, r) for f, s, c, r in EXPECTED}
    assert provenance(dataset_from_graph(G).firm_segments) == EXPECTED
    again = as_facts(G)
    facts = Facts.from_dataset(ds)
    pd.testing.assert_frame_equal(again.memberships[["confidence", "reviewed"]], facts.memberships[["confidence",
                                                                                                       "reviewed"]])


# ---------------------------------------------------------------- analyses
def test_leaders_rank_a_proposal_below_an_equal_reviewed_membership(tmp_path):
    facts = MemoryStore(read_dataset(classified(tmp_path / "reg"))).facts()
    leaders = analyze(facts, chain=CHAIN)[CHAIN].leaders.set_index("firm_id")
    assert leaders.loc["B", "rank"] < leaders.loc["A", "rank"]   # equal registered capital: B reviewed, A at 0.55
    assert leaders.loc["B", "score"] > leaders.loc["A", "score"]
    assert leaders.loc["A", "confidence"] == pytest.approx(0.55) and leaders.loc["B", "confidence"] == 1.0
    assert "leader_confidence" in [r["code"] for r in leaders.loc["A", "reasons"]]


def test_per_chain_counts_in_analyze_json_and_the_report(tmp_path):
    folder = classified(tmp_path / "reg")
    done = subprocess.run([sys.executable, "-m", "graph", "analyze", "--data", str(folder), "--json"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    chains = {c["chain_id"]: c for c in json.loads(done.stdout)["chains"]}
    assert (chains[CHAIN]["memberships_reviewed"], chains[CHAIN]["memberships_proposed"]) == (2, 3)
    assert all((c["memberships_reviewed"], c["memberships_proposed"]) == (0, 0) for k, c in chains.items() if k != CHAIN)
    facts = MemoryStore(read_dataset(folder)).facts()
    results = analyze(facts)
    for lang, sheet, index, column, text in (
            ("zh", "总览", "产业链ID", "归类审核", "经人工审核 2 / 建议 3"),
            ("en", t("sheet_总览", "en"), t("header_产业链ID", "en"), t("header_归类审核", "en"), "reviewed 2 / proposals 3")):
        overview = report_tables(facts, results, lang=lang)[sheet].set_index(index)   # the English workbook is English
        assert overview.loc[CHAIN, column] == text


def test_app_labels_say_it_in_both_languages():
    from views.labels import LABELS

    zh, en = LABELS["memberships_reviewed"]
    assert zh.format(reviewed=2, proposed=3) == "经人工审核 2 / 建议 3"
    assert en.format(reviewed=2, proposed=3) == "reviewed 2 / proposals 3"


# ---------------------------------------------------------------- Neo4j
def test_bulk_import_tables_carry_them(tmp_path):
    from graph.store.bulk import import_tables
    from graph.store.frames import dataset_frames

    ds = read_dataset(classified(tmp_path / "reg"))
    operates = import_tables(ds, dataset_frames(ds), "v1")["OPERATES_IN"]
    assert operates["confidence:double"].tolist()[:2] == [0.55, pytest.approx(np.nan, nan_ok=True)]
    assert operates["reviewed:double"].tolist() == [0.0, 1.0, 1.0, 0.0, 0.0]


def test_neo4j_keeps_them_and_gives_the_same_analyses(neo4j_driver, tmp_path):
    from graph.store.chain_reads import neo4j_facts
    from graph.store.neo4j import Neo4jStore

    ds = read_dataset(classified(tmp_path / "reg"))
    store = Neo4jStore(neo4j_driver, batch_size=1000)
    store.load(ds)
    assert provenance(store.dataset().firm_segments) == EXPECTED
    G, H = build_graph(ds), store.graph()
    assert sorted(H.edges(keys=True, data=True), key=repr) == sorted(G.edges(keys=True, data=True), key=repr)
    C = MemoryStore(ds).chain_graph(CHAIN)
    assert sorted(store.chain_graph(CHAIN).edges(keys=True, data=True), key=repr) == \
        sorted(C.edges(keys=True, data=True), key=repr)
    files = MemoryStore(ds).facts()
    pushed = neo4j_facts(neo4j_driver, use_gds=False)
    assert to_json(pushed, analyze(pushed)) == to_json(files, analyze(files))
    stored = Facts.from_dataset(store.dataset())
    assert to_json(stored, analyze(stored)) == to_json(files, analyze(files))


@pytest.mark.parametrize("lang, text", [("zh", "经人工审核 2 / 建议 3"), ("en", "reviewed 2 / proposals 3")])
def test_overview_and_chain_map_pages_show_the_counts(tmp_path, monkeypatch, lang, text):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("NEO4J_URI", raising=False)
    folder = classified(tmp_path / "reg")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["upload_path"] = str(folder)
    at.run()
    at.switch_page("views/overview.py")
    at.run()
    assert not at.exception, at.exception
    table = next(frame.value for frame in at.dataframe if frame.value.shape[1] == 5)
    assert text in table.iloc[:, -1].tolist()
    at.switch_page("views/chain_map.py")
    at.session_state["_chain_choice"] = CHAIN
    at.run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert any(text in c for c in captions), captions


def test_an_accepted_proposal_counts_in_full_for_leaders(tmp_path):
    """C was a proposal at 0.9 that a person accepted (reviewed 1): its confidence no longer scales it down."""
    facts = MemoryStore(read_dataset(classified(tmp_path / "reg"))).facts()
    leaders = analyze(facts, chain=CHAIN)[CHAIN].leaders.set_index("firm_id")
    assert leaders.loc["C", "confidence"] == 1.0 and leaders.loc["A", "confidence"] == pytest.approx(0.55)
