"""The 风险预警 page in AppTest: both languages, the demo's two years, per chain and city, the export; the firm
profile lists a firm's signals."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def embedded_data(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CHAIN_EXPLORER_DATA", raising=False)


def open_page(lang, page="views/risk.py", **state):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    at.switch_page(page)
    return at.run()


@pytest.mark.parametrize("lang, title, grades", [("zh", "风险预警", ["挽留", "警示", "关注"]),
                                                 ("en", "Risk watch", ["Retain", "Warning", "Watch"])])
def test_risk_page_renders_in_both_languages(lang, title, grades):
    at = open_page(lang)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert [m.label for m in at.metric] == grades
    assert sum(int(m.value.replace(",", "")) for m in at.metric) > 0
    frame = at.dataframe[0].value
    assert len(frame) > 0 and ("风险信号" if lang == "zh" else "Signals") in frame.columns
    assert at.get("download_button")


def test_risk_page_per_chain_and_city():
    at = open_page("zh")
    everything = len(at.dataframe[0].value)
    at.selectbox(key="risk_chain_zh").set_value("light_industry").run()
    assert not at.exception, at.exception
    chain_rows = at.dataframe[0].value
    assert 0 < len(chain_rows) < everything and set(chain_rows["产业链"]) == {"轻工"}
    city = next(s for s in at.selectbox if s.key == "risk_city_zh")
    pick = city.options[1]
    city.set_value(pick).run()
    assert set(at.dataframe[0].value["城市"]) == {pick}


def test_one_year_says_risk_needs_two_years():
    at = open_page("zh", year=2023)
    assert not at.exception, at.exception
    assert any("之前没有可比较的年度" in i.value for i in at.info)


def test_firm_profile_lists_the_firms_signals():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = "zh"
    at.run()
    at.switch_page("views/firm.py")
    at.query_params["id"] = "F000063"
    at.run()
    assert not at.exception, at.exception
    assert any(h.value.startswith("外迁预警信号（2023 → 2024）") for h in at.subheader)
    frames = [d.value for d in at.dataframe if "风险信号" in d.value.columns]
    assert frames and len(frames[0]) >= 1 and frames[0].iloc[0]["预警等级"] in ("挽留", "警示", "关注")


def test_compare_page_links_to_the_risk_watch():
    at = open_page("en", page="views/compare.py")
    assert not at.exception, at.exception
    links = [e for e in at.get("page_link") if "risk" in str(e.proto.page)]
    assert links and links[0].proto.label == "Open the risk watch"


@pytest.mark.parametrize("page, labels", [
    ("views/chain_map.py", ["下载简报（Word） · 产业链简报", "下载简报（PDF） · 产业链简报"]),
    ("views/targets.py", ["下载简报（Word） · 产业链简报", "下载简报（PDF） · 产业链简报", "下载简报（Word）", "下载简报（PDF）"])])
def test_pages_offer_the_briefs(page, labels):
    at = open_page("zh", page=page)
    assert not at.exception, at.exception
    found = [b.proto.label for b in at.get("download_button") if "简报" in b.proto.label]
    assert found == labels


def test_firm_page_offers_the_firms_brief():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("views/firm.py")
    at.query_params["id"] = "F003177"       # the top target of agricultural machinery's gap
    at.run()
    assert not at.exception, at.exception
    assert [b.proto.label for b in at.get("download_button") if "brief" in b.proto.label] == [
        "Download brief (Word)", "Download brief (PDF)"]


def test_the_buttons_make_both_formats():
    from graph.analysis.summary import analyze_chain
    from graph.facts import Facts
    from graph.io import read_dataset
    from tests.conftest import DEMO
    from views.brief_buttons import brief_bytes

    data = Facts.from_dataset(read_dataset(DEMO))
    result = analyze_chain(data, "agri_machinery")
    years = (str(DEMO.parent / "demo-2023"), str(DEMO), "")
    docx = brief_bytes("test", "agri_machinery", None, "zh", "docx", data, result, years, {"链主": 200})
    pdf = brief_bytes("test", "agri_machinery", "F003177", "en", "pdf", data, result, None, None)
    assert docx[:2] == b"PK" and pdf[:5] == b"%PDF-"
