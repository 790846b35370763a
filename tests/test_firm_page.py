"""The firm profile page (/firm) with AppTest: by ?id= in both languages, by search, and links from other pages."""
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from graph.analysis.summary import analyze
from graph.search import pinyin_initials
from graph.store import MemoryStore
from tests.conftest import DEMO, ROOT


@pytest.fixture(autouse=True)
def embedded_data_by_default(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)


@pytest.fixture(scope="module")
def demo():
    facts = MemoryStore.from_path(DEMO).facts()
    result = analyze(facts, chain="agri_machinery")["agri_machinery"]
    names = dict(zip(facts.firms["firm_id"], facts.firms["name"], strict=True))
    return {"leader": result.leaders["firm_id"].iloc[0], "target": result.targets["firm_id"].iloc[0],
            "target_segment": result.targets["segment_name"].iloc[0], "names": names}


def firm_page(lang="zh", firm_id=None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("views/firm.py")
    if firm_id:
        at.query_params["id"] = firm_id
    return at.run()


def link_name(url: str) -> str:
    return parse_qs(urlsplit(url).query)["name"][0]


@pytest.mark.parametrize("lang, role, title", [("zh", "链主排名第 1（共", "企业画像"),
                                                ("en", "leader rank 1 of", "Firm profiles")])
def test_profile_by_id(demo, lang, role, title):
    at = firm_page(lang, demo["leader"])
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert at.header[0].value == demo["names"][demo["leader"]]
    roles = at.dataframe[0].value
    assert any(str(v).startswith(role) for v in roles.iloc[:, 2]), roles
    suppliers = at.dataframe[1].value
    first = suppliers.iloc[0, 0]
    assert first.startswith("firm?id=F") and link_name(first) == demo["names"][parse_qs(urlsplit(first).query)["id"][0]]


def test_non_local_profile_lists_the_gaps_it_could_fill(demo):
    at = firm_page("zh", demo["target"])
    assert not at.exception, at.exception
    subheaders = [s.value for s in at.subheader]
    assert "招商对象：它能补的缺链与弱链" in subheaders
    targets = at.dataframe[1].value
    assert targets.iloc[0]["环节"] == demo["target_segment"] and targets.iloc[0]["排名"] == 1
    assert targets.iloc[0]["理由"].startswith("补链") or targets.iloc[0]["理由"].startswith("强链")


def test_unknown_id_is_one_error_line():
    at = firm_page("en", "NO-SUCH-FIRM")
    assert not at.exception
    assert [e.value for e in at.error] == ["There is no firm with id 'NO-SUCH-FIRM'."]


def test_search_by_name_opens_the_profile(demo):
    at = firm_page("zh")
    assert not at.header
    name = demo["names"][demo["leader"]]
    at.text_input[0].input(name).run()
    assert not at.exception, at.exception
    assert at.selectbox[0].value == demo["leader"]
    assert at.header[0].value == name
    assert at.query_params["id"] == demo["leader"]


@pytest.mark.parametrize("lang, said", [("zh", "没有找到与「华为」匹配的企业"), ("en", "No firm matches “华为”")])
def test_a_search_that_finds_nothing_says_so_naming_the_query(lang, said):
    at = firm_page(lang)
    at.text_input[0].input("华为").run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning if said in w.value], [w.value for w in at.warning]
    assert not at.header and not [s for s in at.selectbox if s.key != "year"]


def test_search_by_pinyin_initials_lists_the_firm(demo):
    at = firm_page("zh")
    initials = pinyin_initials([demo["names"][demo["target"]]])[0]
    at.text_input[0].input(initials).run()
    name = demo["names"][demo["target"]]
    assert any(o.startswith(f"{name} · ") and o.endswith(f" · {demo['target']}") for o in at.selectbox[0].options)
    at.selectbox[0].select(demo["target"]).run()
    assert at.header[0].value == demo["names"][demo["target"]]


@pytest.mark.parametrize("page, table", [("views/targets.py", 0), ("views/leaders.py", 0), ("views/whatif.py", 0),
                                         ("views/projects.py", 2)])
def test_firm_names_in_other_pages_link_to_profiles(demo, page, table):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    at.switch_page(page)
    at.run()
    if page == "views/whatif.py":     # losing a whole city (the first, 东营市) cuts local firms off
        at.radio(key="whatif_mode_zh").set_value("city").run()
    assert not at.exception, at.exception
    frame = at.dataframe[table].value
    links = [v for v in frame["企业名称"] if isinstance(v, str)]
    assert links and all(v.startswith("firm?id=") for v in links)
    firm_id = parse_qs(urlsplit(links[0]).query)["id"][0]
    assert link_name(links[0]) == demo["names"][firm_id]
