"""Year-over-year diff: two hand-made years with planted changes give exactly those changes."""
import json

import pandas as pd
import pytest

from graph.analysis.diff import DiffError, diff_years, match_firms
from graph.analysis.diff_text import chain_table, changes_sheet, diff_summary
from graph.cli import main
from graph.years import dataset_years, diff_folders
from tests.conftest import TINY_TABLES, write_dataset

META = "name: tiny\nregion: {region}\nchain_set: chains\nyear: {year}\nsynthetic: true\n"

# 2023: A ore, B and D parts, C devices are local; X (chips) sits in 江苏 and supplies C, so chips is a gap
# and X an attraction target. 2024: X moved to 济南 (closes the gap), D left, E is new in ore, A got a new
# id (same credit code), B a new id (same name up to full-width spaces), P1 went from 谋划 to 开工.
OLD = {**TINY_TABLES,
       "firms.csv": TINY_TABLES["firms.csv"] + "        D,丁零件,山东省,潍坊市,,50,5,2010,\n",
       "firm_segments.csv": TINY_TABLES["firm_segments.csv"] + "        D,widgets,parts,1\n"}
NEW = {**TINY_TABLES,
       "firms.csv": """\
        firm_id,name,province,city,uscc,revenue,employees,founded,tags
        A2,甲矿业集团,山东省,济南市,91110000600037341L,120,10,2000,
        B2,乙零件　,山东省,青岛市,,260,20,2001,专精特新
        C,丙整机,山东省,青岛市,,1100,300,1999,链主;上市
        X,外省芯片,山东省,济南市,,520,50,2005,单项冠军
        E,戊矿业,山东省,淄博市,,30,4,2024,
        """,
       "firm_segments.csv": """\
        firm_id,chain_id,segment_id,share
        A2,widgets,ore,1
        B2,widgets,parts,1
        C,widgets,devices,1
        X,widgets,chips,1
        E,widgets,ore,1
        """,
       "supply.csv": """\
        supplier_id,customer_id,chain_id,amount
        A2,B2,widgets,10
        B2,C,widgets,50
        X,C,widgets,80
        """,
       "projects.csv": """\
        project_id,name,chain_id,segment_id,city,stage,investment,firm_id
        P1,芯片项目,widgets,chips,济南市,开工,12.5,X
        P2,整机扩建项目,widgets,devices,青岛市,谋划,3,C
        """}


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    root = tmp_path_factory.mktemp("years")
    old = write_dataset(root / "tiny-2023", OLD, meta=META.format(region="山东省", year=2023))
    new = write_dataset(root / "tiny", NEW, meta=META.format(region="山东省", year=2024))
    return old, new


@pytest.fixture(scope="module")
def diff(years):
    return diff_folders(*years)


def test_planted_changes_exactly(diff):
    assert (diff["region"], diff["old"]["year"], diff["new"]["year"]) == ("山东省", 2023, 2024)
    [chain] = diff["chains"]
    assert chain["completeness"] == {"old": 0.75, "new": 1.0}
    assert chain["gaps"] == {"old": 1, "new": 0}
    assert chain["gaps_closed"] == [{"segment_id": "chips", "by": ["X"]}]
    assert chain["gaps_opened"] == []
    assert chain["targets_landed"] == [{"firm_id": "X", "segment_id": "chips", "name": "外省芯片"}]
    assert chain["firms_entered"] == [{"firm_id": "E", "name": "戊矿业", "segment_ids": ["ore"]},
                                      {"firm_id": "X", "name": "外省芯片", "segment_ids": ["chips"]}]
    assert chain["firms_left"] == [{"firm_id": "D", "name": "丁零件", "segment_ids": ["parts"]}]
    assert chain["projects_changed"] == [{"project_id": "P1", "name": "芯片项目", "segment_id": "chips",
                                          "old": "谋划", "new": "开工", "advanced": True}]
    assert chain["projects_added"] == [{"project_id": "P2", "name": "整机扩建项目", "segment_id": "devices",
                                        "stage": "谋划"}]
    assert chain["projects_removed"] == []


def test_weak_links_and_leaders(diff):
    [chain] = diff["chains"]
    # every local segment of the tiny chain has fewer than 3 local firms: chips joins them, nothing resolves
    assert chain["weak_links_added"] == [{"segment_id": "chips", "was_gap": True}]
    assert chain["weak_links_resolved"] == []
    assert {r["firm_id"] for r in chain["leaders_entered"]} == {"E", "X"}
    assert [r["firm_id"] for r in chain["leaders_left"]] == ["D"]


def test_plan_counts_old_and_new(diff):
    assert diff["plan"] == []  # the tiny chain set has no _plan.yaml


def test_cli_json_equals_function(years, diff, capsys):
    assert main(["diff", "--old", str(years[0]), "--new", str(years[1]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == diff


@pytest.mark.parametrize("lang, words", [("zh", ["2023 → 2024", "缺链补上：芯片（补链企业 X）",
                                                 "招商落地：外省芯片（X） → 芯片", "本地企业退出：丁零件（D）"]),
                                         ("en", ["gap closed: Chips (by X)", "target landed: 外省芯片 (X) in Chips",
                                                 "local firm left: 丁零件 (D)"])])
def test_cli_summary(years, capsys, lang, words):
    assert main(["--lang", lang, "diff", "--old", str(years[0]), "--new", str(years[1])]) == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out


def test_changes_sheet_rows(diff):
    sheet = changes_sheet(diff, "en")
    assert list(sheet.columns) == ["chain", "change", "segment", "firm", "detail"]
    assert sheet["change"].value_counts().to_dict() == {
        "local firm entered": 2, "entered the top leaders": 2, "gap closed": 1, "new weak link": 1,
        "left the top leaders": 1, "local firm left": 1, "target landed": 1, "project changed stage": 1,
        "new project": 1}
    assert sheet.iloc[0].tolist() == ["Widgets", "gap closed", "chips", "X", ""]


def test_years_found_by_shared_name(years):
    assert dataset_years(years[1]) == {2023: years[0], 2024: years[1]}
    assert dataset_years(years[0]) == {2023: years[0], 2024: years[1]}


def test_firms_matched_by_id_then_credit_code_then_name():
    old = pd.DataFrame({"firm_id": ["A", "B", "C"], "name": ["甲", "乙（集团）", "丙"],
                        "uscc": ["91370000MA0000000X", None, None]})
    new = pd.DataFrame({"firm_id": ["C", "A9", "B9", "Z"], "name": ["甲", "甲", "乙(集团)", "丙"],
                        "uscc": [None, "91370000ma0000000x", None, None]})
    # C keeps its id; A9 has A's code; B9 has B's name up to full-width brackets; Z's name 丙 belongs to
    # old C, which is already taken by id, so Z is new
    assert match_firms(old, new) == {"C": "C", "A9": "A", "B9": "B"}


def _doc(region="山东省", chains=("w",)):
    return {"region": region, "chains": [{"chain_id": c, "completeness": 1.0, "gaps": [], "weak_links": [],
                                          "leaders": [], "targets": []} for c in chains]}


EMPTY = pd.DataFrame(columns=["firm_id", "name", "province", "uscc", "chain_id", "segment_id", "project_id",
                              "stage"])


@pytest.mark.parametrize("old, new, zh, en", [
    (_doc(), _doc(region="江苏省"), "两个年度的地区不同：山东省（旧）与 江苏省（新）",
     "the two years cover different regions: 山东省 (old) vs 江苏省 (new)"),
    (_doc(chains=("w", "v")), _doc(chains=("w", "u")), "两个年度的产业链不同：仅旧年度有 v；仅新年度有 u",
     "the two years have different chains: only old v; only new u"),
])
def test_incomparable_years(old, new, zh, en):
    with pytest.raises(DiffError) as caught:
        diff_years(old, new, *[EMPTY] * 6)
    assert (caught.value.format("zh"), caught.value.format("en")) == (zh, en)


def test_cli_bad_input_one_line(years, tmp_path, capsys):
    other = write_dataset(tmp_path / "other", OLD, meta=META.format(region="江苏省", year=2023))
    assert main(["--lang", "en", "diff", "--old", str(other), "--new", str(years[1])]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["the two years cover different regions: 江苏省 (old) vs 山东省 (new)"]
    assert main(["diff", "--old", str(tmp_path / "nowhere"), "--new", str(years[1])]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nowhere" in err[0]


def test_summary_limits_long_lists():
    chain = {"chain_id": "w", "name": "小部件", "name_en": "Widgets", "completeness": {"old": 1.0, "new": 1.0},
             "firms_left": [{"firm_id": f"F{i}", "name": None, "segment_ids": ["ore"]} for i in range(12)]}
    text = diff_summary({"old": {"year": 1}, "new": {"year": 2}, "chains": [chain], "plan": []}, "en", limit=3)
    assert text.splitlines() == ["1 → 2", "Widgets (w): completeness 100% → 100%",
                                 "  local firm left: F0, F1, F2, and 9 more"]


def test_chain_table(diff):
    assert chain_table(diff, "zh").values.tolist() == [["小部件", 0.75, 1.0, 1, 0, 3, 4]]


def test_summary_names_five_firms_per_closed_gap_the_sheet_all():
    chain = {"chain_id": "w", "name": "小部件", "name_en": "Widgets", "completeness": {"old": 0.5, "new": 1.0},
             "gaps_closed": [{"segment_id": "b", "by": [f"F{i}" for i in range(7)]}]}
    diff = {"old": {"year": 1}, "new": {"year": 2}, "chains": [chain], "plan": []}
    assert diff_summary(diff, "en").splitlines()[2] == "  gap closed: b (by F0, F1, F2, F3, F4 +2)"
    assert changes_sheet(diff, "en")["firm"].tolist() == [", ".join(f"F{i}" for i in range(7))]
