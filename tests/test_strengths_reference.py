"""Issue 21, item 2: strengths (location quotients) only against a reference — the dataset's benchmark.csv —
never with the data as their own reference; no revenue LQs without revenue."""
import pandas as pd
import pytest

from graph.analysis.relatedness import lq_reference, strength_notes, strengths
from graph.analysis.source import as_facts
from graph.analysis.summary import analyze, to_json
from graph.build import build_graph
from graph.facts import Facts
from graph.io import read_dataset
from graph.report import report_tables
from graph.synth.benchmark import synthetic_benchmark
from tests.conftest import DEMO
from tests.micro import local, micro_dataset

SEGS = [("a", "upstream", False), ("b", "midstream", False), ("c", "downstream", False)]
LINKS = [("a", "b"), ("b", "c")]
BENCH = pd.DataFrame({"chain_id": ["c"] * 3, "segment_id": ["a", "b", "c"], "firms": [10.0, 80.0, 10.0],
                      "revenue": [100.0, 800.0, 100.0]})


def registry_only(benchmark=None, *, revenue=True) -> Facts:
    """Only local firms (a registry export): three in a, one in b."""
    dataset = micro_dataset(SEGS, LINKS, [local(f"L{i}", 100.0) for i in range(4)],
                            [(f"L{i}", "a") for i in range(3)] + [("L3", "b")])
    if not revenue:
        dataset.firms["revenue"] = None
    dataset.benchmark = benchmark
    return Facts.from_dataset(dataset)


def test_no_benchmark_no_strengths_but_a_note():
    facts = registry_only()
    assert strengths(facts, "c").empty   # before issue 21: every segment LQ 1.0 against itself, listed as strong
    assert lq_reference(facts) == "none"
    result = analyze(facts)["c"]
    assert result.strengths.empty and result.extension.empty
    note = [n for n in result.notes if n["code"] == "note_no_lq_reference"]
    assert note and to_json(facts, {"c": result})["chains"][0]["notes"][-1]["en"].startswith(
        "no reference: strengths need benchmark.csv or a national pool")
    sheet = report_tables(facts, {"c": result})["主要特色优势"]
    assert list(sheet.columns) == ["说明"] and sheet.iloc[0, 0].startswith("无参照")


def test_benchmark_gives_strengths_named_as_such():
    facts = registry_only(BENCH)
    frame = strengths(facts, "c")
    # locally 75 % of revenue (and of firms) in a, nationally 10 %: LQ 7.5
    assert frame.loc[0, "segment_id"] == "a" and frame.loc[0, "lq_revenue"] == 7.5 and frame.loc[0, "lq_firms"] == 7.5
    assert frame["lq_reference"].unique().tolist() == ["benchmark"] and strength_notes(facts) == []


def test_no_revenue_no_revenue_lqs():
    facts = registry_only(BENCH, revenue=False)
    frame = strengths(facts, "c")
    assert frame.loc[0, "segment_id"] == "a" and frame.loc[0, "lq_firms"] == 7.5
    assert frame["lq_revenue"].isna().all() and frame["local_share"].isna().all()
    assert frame.loc[0, "reasons"][0]["code"] == "strength_lq_firms"
    assert [n["code"] for n in strength_notes(facts)] == ["note_no_revenue_lq"]
    sheet = report_tables(facts, analyze(facts))["主要特色优势"]
    assert "区位商（营收）" not in sheet and "本地营收占比" not in sheet and sheet.loc[0, "区位商（企业数）"] == 7.5


def test_the_demo_ships_its_synthetic_benchmark_and_keeps_its_strengths():
    dataset = read_dataset(DEMO)
    assert dataset.benchmark is not None
    shipped = dataset.benchmark.reset_index(drop=True)
    made = synthetic_benchmark(dataset)
    pd.testing.assert_frame_equal(shipped[["chain_id", "segment_id"]].astype(str),
                                  made[["chain_id", "segment_id"]].astype(str))
    assert shipped["firms"].tolist() == made["firms"].tolist()
    assert shipped["revenue"].to_numpy() == pytest.approx(made["revenue"].to_numpy())
    facts = Facts.from_dataset(dataset)
    frame = strengths(facts, "agri_machinery")
    assert len(frame) and lq_reference(facts) == "benchmark"
    # the synthetic nation is the sum of the data's provinces: the LQs are those among the data's regions
    from graph.analysis.relatedness import location_quotients
    among = location_quotients(facts, measure="firms").loc[facts.region]
    for row in frame.itertuples():
        assert row.lq_firms == pytest.approx(round(float(among[f"agri_machinery/{row.segment_id}"]), 4), abs=1e-4)


def test_a_graph_keeps_the_benchmark():
    facts = registry_only(BENCH)
    again = as_facts(build_graph(facts))
    assert again.benchmark is not None
    assert strengths(again, "c").equals(strengths(facts, "c"))
