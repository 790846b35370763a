"""One language at a time on 项目, 年度对比 and 总览 (AppTest) and in the workbooks: stages, tags and lists in
English mode, no missing value left for the grid to draw as None, sheet names Excel takes."""
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from graph.analysis.diff_text import changes_sheet
from graph.messages import listed, stage_label, t, tag_label
from graph.model import FIRM_TAGS, PROJECT_STAGES
from graph.report import sheet_titles, write_workbook
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def embedded_data(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CHAIN_EXPLORER_DATA", raising=False)


def open_page(lang, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page)
    return at.run()


def cjk(text) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in str(text))


def test_every_stage_and_tag_has_english():
    assert all(not cjk(stage_label(s, "en")) for s in PROJECT_STAGES)
    assert all(not cjk(tag_label(t, "en")) for t in FIRM_TAGS)
    assert listed(["a", "b"], "en") == "a, b" and listed(["甲", "乙"], "zh") == "甲、乙"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_projects_page_in_one_language(lang):
    at = open_page(lang, "views/projects.py")
    assert not at.exception, at.exception
    pipeline, *_, projects = [d for d in at.dataframe]
    stages = [stage_label(s, lang) for s in PROJECT_STAGES]
    assert [c for c in pipeline.value.columns if c in stages] == stages
    assert set(projects.value[at.dataframe[-1].value.columns[4]]) <= set(stages)   # the stage column
    if lang == "en":
        assert not any(cjk(c) for c in pipeline.value.columns[1:])
    # a missing firm is drawn as the placeholder, never as None
    assert all(d.proto.placeholder == "—" for d in at.dataframe)
    assert projects.value.isna().any().any()   # the demo has projects without a firm: the placeholder is needed


def test_compare_page_stages_in_english():
    at = open_page("en", "views/compare.py")
    assert not at.exception, at.exception
    moved = next(d.value for d in at.dataframe if "Was" in d.value.columns)
    assert len(moved) and set(moved["Was"]) | set(moved["Now"]) <= set(stage_label(s, "en") for s in PROJECT_STAGES)
    assert not any("、" in str(v) for d in at.dataframe for v in d.value.to_numpy().ravel())


def test_overview_plan_items_in_one_language():
    at = open_page("en", "views/overview.py")
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert "Chain leaders" in labels and not any(cjk(label) for label in labels)


def test_changes_sheet_stages_follow_the_language():
    diff = {"old": {"year": 2023}, "new": {"year": 2024}, "chains": [{
        "chain_id": "w", "name": "小部件", "name_en": "Widgets", "completeness": {"old": 0.5, "new": 1.0},
        "gaps_closed": [{"segment_id": "b", "by": ["X", "Y"]}],
        "projects_changed": [{"project_id": "P1", "name": "芯片项目", "segment_id": "b", "old": "谋划", "new": "开工",
                              "advanced": True}]}], "plan": []}
    en, zh = changes_sheet(diff, "en"), changes_sheet(diff, "zh")
    assert en.iloc[1]["detail"] == "P1 芯片项目: Planning → Started" and en.iloc[0]["firm"] == "X, Y"
    assert zh.iloc[1]["说明"] == "P1 芯片项目: 谋划 → 开工" and zh.iloc[0]["企业"] == "X、Y"


def test_sheet_names_excel_takes():
    titles = sheet_titles(["new_gen_it", "新一代信息技术", "a:b", "Widgets" * 6, "widgets" * 6, "x?"])
    assert all(len(t) <= 31 and not set("[]:*?/\\") & set(t) for t in titles)
    assert len({t.casefold() for t in titles}) == len(titles)
    buffer = io.BytesIO()
    write_workbook({"a/b": pd.DataFrame({"x": [1]}), "A/B": pd.DataFrame({"x": [2]})}, buffer, caption="c")
    assert load_workbook(buffer).sheetnames == ["a_b", "A_B (2)"]


def test_english_workbook_is_english():
    from graph.analysis.summary import analyze
    from graph.report import report_tables
    from graph.store import MemoryStore

    facts = MemoryStore.from_path(str(ROOT / "data" / "demo")).facts()
    results = analyze(facts, chain="agri_machinery")
    zh, en = report_tables(facts, results), report_tables(facts, results, lang="en")
    assert list(en) == [t(f"sheet_{k}", "en") for k in zh]
    for (name, english), chinese in zip(en.items(), zh.values(), strict=True):
        assert list(english.columns) == [t(f"header_{c}", "en") for c in chinese.columns], name
    words = {v for frame in en.values() for c in ("Kind", "Key technology", "Stage", "Why", "Source", "Tags")
             if c in frame for v in frame[c].dropna()}
    assert words and not any(cjk(w) or "、" in w for w in words), sorted(w for w in words if cjk(w))
    assert {"Started", "gap"} & words
