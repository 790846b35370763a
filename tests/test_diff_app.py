"""The 年度对比 page in AppTest: both languages, the demo's two years, the export."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def embedded_data(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CHAIN_EXPLORER_DATA", raising=False)


def open_compare(lang):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("views/compare.py")
    return at.run()


@pytest.mark.parametrize("lang, title, first_metric", [("zh", "年度对比", "缺链补上"), ("en", "Year over year", "Gaps closed")])
def test_compare_page_renders(lang, title, first_metric):
    at = open_compare(lang)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert any(("synthetic" if lang == "en" else "合成数据") in w.value for w in at.warning)
    assert [s.value for s in at.selectbox][:2] == [2024, 2023]
    # the demo's story: four gaps closed, one opened, three targets landed
    assert [(m.label, m.value) for m in at.metric][:3] == [(first_metric, "4"), (at.metric[1].label, "1"),
                                                            (at.metric[2].label, "3")]
    assert at.get("download_button")


def test_compare_page_lists_the_landed_target():
    at = open_compare("zh")
    at.selectbox[2].set_value("high_end_chemicals").run()
    assert not at.exception, at.exception
    frames = [d.value for d in at.dataframe]
    landed = [f for f in frames if "企业名称" in f.columns and "环节" in f.columns and len(f) == 1]
    assert any(f.iloc[0]["环节"] == "POE/高端聚烯烃" for f in landed)


def test_all_changes_sheet_is_shown_when_opened():
    at = open_compare("zh")
    box = next(b for b in at.expander if b.label.startswith("所有产业链的变化明细"))
    assert len(box.dataframe) == 0
    at.session_state["compare_all_changes"] = True
    at.run()
    assert not at.exception, at.exception
    box = next(b for b in at.expander if b.label.startswith("所有产业链的变化明细"))
    rows = int(box.label.split("（")[1].split(" 行")[0])
    assert len(box.dataframe) == 1 and box.dataframe[0].value.shape[0] == rows > 0


@pytest.mark.parametrize("lang, leaders", [("zh", "链主企业"), ("en", "Chain leaders")])
def test_plan_chart_names_the_items_in_the_language(lang, leaders):
    at = open_compare(lang)
    charts = [m.value for m in at.markdown if m.value.startswith("<div><svg")]
    assert len(charts) == 3, "completeness, the plan's counts, the change map"
    assert f'data-category="{leaders}"' in charts[1]
