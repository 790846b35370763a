"""The Streamlit app with AppTest: every page renders on data/demo in both languages."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = ["views/overview.py", "views/chain_map.py", "views/gaps.py", "views/targets.py", "views/leaders.py",
         "views/whatif.py", "views/cities.py", "views/projects.py", "views/data.py"]


def app(lang="zh"):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    return at.run()


def open_page(page, lang="zh"):
    at = app(lang)
    at.switch_page(page)
    return at.run()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders(page, lang):
    at = open_page(page, lang)
    assert not at.exception, at.exception
    title = at.title[0].value
    assert title and (title.isascii() if lang == "en" else not title.isascii())


def test_overview_numbers_and_notice():
    at = app()
    assert not at.exception
    assert at.title[0].value == "总览"
    assert any("合成数据" in w.value for w in at.warning)
    labels = [m.label for m in at.metric]
    assert labels == ["标志性产业链", "链主企业", "专精特新企业", "单项冠军"]
    assert at.metric[0].value == "11"


def test_language_switch_changes_labels():
    at = app()
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert [m.label for m in at.metric][0] == "Flagship chains"
    assert any("synthetic" in w.value for w in at.warning)


def test_gaps_filters_and_export_button():
    at = open_page("views/gaps.py")
    assert len(at.dataframe) == 2
    total = len(at.dataframe[0].value)
    at.multiselect[0].set_value(["agri_machinery"]).run()
    assert 0 < len(at.dataframe[0].value) < total
    assert at.get("download_button")


def test_whatif_city_removal():
    at = open_page("views/whatif.py")
    at.radio(key="whatif_mode").set_value("city").run()
    assert not at.exception
    assert any("新增缺链" in i.value for i in at.info)
