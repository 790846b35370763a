"""The Streamlit app with AppTest: pages render on data/demo and the language switch works."""
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def app():
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def test_overview_renders_in_chinese_with_synthetic_notice():
    at = app()
    assert not at.exception
    assert at.title[0].value == "产业链图谱"
    assert any("合成数据" in w.value for w in at.warning)
    assert len(at.dataframe) == 2


def test_language_switch_changes_labels():
    at = app()
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Chain Explorer"
    assert any("synthetic" in w.value for w in at.warning)
