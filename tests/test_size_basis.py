"""Issue 21, item 1: leaders rank by a size that is named (size_basis), never a mix of measures; memberships count
by their confidence; equal scores share a rank; with nothing to rank by, the analysis says so."""
import numpy as np
import pandas as pd
import pytest

from graph.analysis.leaders import leader_basis, leaders
from graph.analysis.size import firm_size, size_basis
from graph.analysis.summary import analyze, to_json
from graph.facts import Facts
from graph.io import read_dataset
from graph.report import report_tables
from tests.conftest import DEMO
from tests.micro import local, micro_dataset, other

SEGS = [("a", "upstream", False), ("b", "midstream", False), ("c", "downstream", False)]
LINKS = [("a", "b"), ("b", "c")]


def registry(sizes: dict, fs=None, *, tags=None, confidence=None, supply=False) -> Facts:
    """Local firms with the given (revenue, registered_capital, employees), one segment each, no supply."""
    firms = [local(f, 1.0, (tags or {}).get(f, ())) for f in sizes] + [other("X", 1.0)]
    fs = fs or [(f, "b") for f in sizes] + [("X", "b")]
    dataset = micro_dataset(SEGS, LINKS, firms, fs)
    for column, i in (("revenue", 0), ("registered_capital", 1), ("employees", 2)):
        dataset.firms[column] = [sizes.get(f, (None,) * 3)[i] for f in dataset.firms["firm_id"]]
    if confidence is not None:
        dataset.firm_segments["confidence"] = [confidence.get(f, np.nan) for f in dataset.firm_segments["firm_id"]]
    dataset.supply_present = supply
    return Facts.from_dataset(dataset)


def test_the_rule_for_one_firm_and_for_a_ranking():
    firms = pd.DataFrame({"revenue": [10.0, None, None, 0.0], "registered_capital": [5.0, 7.0, None, None],
                          "employees": [1.0, 2.0, 3.0, None]})
    size, basis = firm_size(firms)
    assert basis.tolist() == ["revenue", "registered_capital", "employees", None]
    assert size[:3].tolist() == [10.0, 7.0, 3.0] and np.isnan(size[3])
    # employees are the most common measure here (3 firms), then registered capital (2), revenue (1)
    assert size_basis(firms) == {"basis": "employees", "firms_with": 3, "firms_without": 1}
    # equal counts go to the earlier measure: revenue before registered capital before employees
    assert size_basis(firms.iloc[:1])["basis"] == "revenue"          # 1 firm has each


def test_registered_capital_ranks_alone_and_is_named():
    facts = registry({"A": (None, 500.0, None), "B": (None, 100.0, None), "C": (1000.0, None, None),
                      "D": (None, 300.0, None)})
    basis = leader_basis(facts, "c")
    assert (basis["size_basis"], basis["firms_with"], basis["firms_without"]) == ("registered_capital", 3, 1)
    frame = leaders(facts, "c")
    assert list(frame["firm_id"]) == ["A", "D", "B", "C"]
    assert frame["size_basis"].unique().tolist() == ["registered_capital"]
    # C's revenue is not mixed into a ranking by capital: it counts 0 there
    c = frame.set_index("firm_id").loc["C"]
    assert c["revenue_share"] == 0.0 and np.isnan(c["size"]) and c["revenue"] == 1000.0
    assert frame.set_index("firm_id").loc["A", "revenue_share"] == pytest.approx(500 / 900, abs=1e-6)
    assert frame.loc[0, "reasons"][0]["code"] == "leader_size_share"
    result = analyze(facts)["c"]
    assert "note_size_basis" in [n["code"] for n in result.notes]
    chain = to_json(facts, {"c": result})["chains"][0]
    assert chain["size_basis"] == "registered_capital" and chain["leader_basis"]["firms_without"] == 1
    assert chain["leaders"][0]["size_basis"] == "registered_capital" and chain["leaders"][0]["size"] == 500.0
    sheet = report_tables(facts, {"c": result})["领航龙头企业"]
    assert set(sheet["规模口径"]) == {"注册资本"} and "本链营收占比" not in sheet
    assert report_tables(facts, {"c": result})["总览"].loc[0, "链主规模口径"] == "注册资本（1 家本地企业缺此数据）"


def test_equal_scores_share_a_rank():
    facts = registry({"A": (None, 100.0, None), "B": (None, 50.0, None), "C": (None, 50.0, None),
                      "D": (None, 10.0, None)})
    frame = leaders(facts, "c")
    assert frame["rank"].tolist() == [1, 2, 2, 4]
    assert frame["score"].iloc[1] == frame["score"].iloc[2]


def test_a_membership_counts_by_its_confidence():
    sizes = {"A": (None, 100.0, None), "B": (None, 100.0, None)}
    facts = registry(sizes, confidence={"A": 0.55, "B": 1.0})
    frame = leaders(facts, "c").set_index("firm_id")
    assert frame.loc["B", "rank"] == 1 and frame.loc["A", "rank"] == 2
    # A's size counts 0.55: its share is 55 / 155; its one segment counts 0.55
    assert frame.loc["A", "revenue_share"] == pytest.approx(55 / 155, abs=1e-6)
    assert frame.loc["A", "segments_covered"] == pytest.approx(0.55) and frame.loc["A", "confidence"] == 0.55
    assert "leader_confidence" in [r["code"] for r in frame.loc["A", "reasons"]]
    # without the column every membership counts 1 (a person's data): the two firms tie
    assert leaders(registry(sizes), "c")["rank"].tolist() == [1, 1]


def test_nothing_to_rank_by_says_so_and_lists_tagged_leaders():
    facts = registry({"A": (None, None, None), "B": (None, None, None), "C": (None, None, None)},
                     tags={"B": ("链主",)})
    basis = leader_basis(facts, "c")
    assert basis["rankable"] is False and basis["size_basis"] is None
    assert set(basis["needs"]) == {"revenue", "registered_capital", "employees", "supply", "tags"}
    frame = leaders(facts, "c")
    assert list(frame["firm_id"]) == ["B"] and frame["rank"].isna().all() and frame["score"].isna().all()
    result = analyze(facts)["c"]
    assert "note_leaders_unrankable" in [n["code"] for n in result.notes]
    assert result.leader_agreement["precision_at_k"] is None
    chain = to_json(facts, {"c": result})["chains"][0]
    assert chain["leader_basis"]["rankable"] is False and [r["firm_id"] for r in chain["leaders"]] == ["B"]
    sheet = report_tables(facts, {"c": result})["领航龙头企业"]
    assert sheet.loc[0, "企业名称"] == "（本链链主无法排序）" and "无法由现有数据排序" in sheet.loc[0, "理由"]
    assert list(sheet["企业ID"].iloc[1:]) == ["B"]


def test_tags_alone_make_a_ranking():
    facts = registry({"A": (None, None, None), "B": (None, None, None)}, tags={"B": ("上市",)})
    assert leader_basis(facts, "c")["rankable"] is True
    assert list(leaders(facts, "c")["firm_id"]) == ["B", "A"]


def test_demo_ranks_by_revenue_as_before():
    facts = Facts.from_dataset(read_dataset(DEMO))
    basis = leader_basis(facts, "agri_machinery")
    assert basis["size_basis"] == "revenue" and basis["firms_without"] == 0
    frame = leaders(facts, "agri_machinery")
    assert frame["size"].equals(frame["revenue"].astype(float))
    assert not [n for n in analyze(facts, chain="agri_machinery")["agri_machinery"].notes
                if n["code"] in ("note_size_basis", "note_leaders_unrankable")]
