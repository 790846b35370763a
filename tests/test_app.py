"""The Streamlit app with AppTest: every page renders on data/demo in both languages."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import NEO4J_URI, ROOT

PAGES = ["views/overview.py", "views/firm.py", "views/chain_map.py", "views/gaps.py", "views/targets.py", "views/leaders.py",
         "views/whatif.py", "views/cities.py", "views/projects.py", "views/data.py"]


@pytest.fixture(autouse=True)
def embedded_data_by_default(monkeypatch):
    """The app reads Neo4j when NEO4J_URI is set; these tests choose explicitly."""
    monkeypatch.delenv("NEO4J_URI", raising=False)


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


def plan_without_tags():
    """The overview's plan boxes for data whose firms carry no tags (a registration export)."""
    import pandas as pd
    import streamlit as st

    from views.plan import plan_chips

    st.session_state["lang"] = st.session_state.get("lang", "zh")
    plan_chips(pd.DataFrame({"item": ["flagship_chains", "链主"], "actual": pd.Series([11, None], dtype=object),
                             "target": [11, 200], "share": [1.0, None]}))


def test_the_plan_boxes_say_unknown_not_zero_when_no_firm_carries_tags():
    at = AppTest.from_function(plan_without_tags, default_timeout=60).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.metric] == ["11", "—"]
    assert "现状未知" in at.metric[1].delta and "11" not in at.metric[1].delta


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
    at.radio(key="whatif_mode_zh").set_value("city").run()
    assert not at.exception
    assert any("新增缺链" in i.value for i in at.info)
    assert "**直接变成缺链的环节**（0）：没有找到。" in [m.value for m in at.markdown]


def test_whatif_lists_the_segments_lost_by_name():
    """The default scenario removes the chain's first single point of failure; the page lists by name the segments
    the analysis says become gaps."""
    from graph.analysis.resilience import what_if
    from graph.analysis.source import as_facts
    from graph.io import read_dataset
    from tests.conftest import DEMO

    at = open_page("views/whatif.py")
    assert not at.exception
    chain_id, removed = at.selectbox(key="chain_zh").value, at.multiselect[0].value
    data = as_facts(read_dataset(DEMO))
    outcome = what_if(data, chain_id, remove_firms=removed)
    names = {s.id: s.name for s in data.chain_map(chain_id).segments}
    assert outcome["new_gaps"], "the demo's single point of failure leaves a gap"
    line = f"**直接变成缺链的环节**（{len(outcome['new_gaps'])}）：" + "、".join(names[s] for s in outcome["new_gaps"])
    assert line in [m.value for m in at.markdown]


@pytest.mark.parametrize("lang, label", [("zh", "数据年度"), ("en", "Data year")])
def test_year_picker_moves_every_page_to_that_year(lang, label):
    """data/demo (2024) and data/demo-2023 are one dataset in two years: the sidebar picks the year for every
    page. The demo's story closes four gaps and opens one, so 2023 lists three gaps more than 2024."""
    at = open_page("views/gaps.py", lang)
    picker = at.sidebar.selectbox(key="year")
    assert (picker.label, picker.options, picker.value) == (label, ["2024", "2023"], 2024)
    assert not at.exception, at.exception
    gaps_2024 = len(at.dataframe[0].value)
    picker.set_value(2023).run()
    assert not at.exception, at.exception
    assert len(at.dataframe[0].value) == gaps_2024 + 3
    at.switch_page("views/overview.py")
    at.run()
    assert at.sidebar.selectbox(key="year").value == 2023
    assert any(c.value.endswith(f"{label}: 2023") for c in at.caption)
    at.sidebar.selectbox(key="year").set_value(2024).run()
    assert any(c.value.endswith(f"{label}: 2024") for c in at.caption)


def test_compare_page_starts_from_the_chosen_year():
    at = app()
    at.sidebar.selectbox(key="year").set_value(2023).run()
    at.switch_page("views/compare.py")
    at.run()
    assert not at.exception, at.exception
    assert (at.selectbox(key="compare_year_2023").value, at.selectbox(key="compare_base_2023").value) == (2023, 2024)
    assert [m.value for m in at.metric][:3] == ["4", "1", "3"]   # the same pair, whichever year is "this" one


def test_no_year_picker_for_a_dataset_of_one_year(tiny):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["upload_path"] = str(tiny)
    at.run()
    assert not at.exception, at.exception
    assert [s.key for s in at.sidebar.selectbox] == []
    assert at.title[0].value == "总览"


def test_warm_start_reads_the_default_data_into_the_shared_cache(monkeypatch):
    """serve.py's start-up step: afterwards the first page finds the demo read (reading again would fail here)."""
    from graph.store import MemoryStore
    from views.source import DEFAULT_DATA, memory_store, warm_start

    memory_store.clear()
    warm_start()

    def no_second_read(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(MemoryStore, "from_path", no_second_read)
    assert memory_store(str(DEFAULT_DATA)).facts().meta.year == 2024


def test_warm_start_leaves_bad_data_and_neo4j_to_the_pages(monkeypatch, make_dataset):
    import views.source
    from graph.io import DataError
    from graph.store import MemoryStore
    from views.source import memory_store, warm_start

    bad = make_dataset(firms__csv="firm_id,name,province\nA,甲,山东省\nA,乙,山东省\n")   # a duplicate id
    with pytest.raises(DataError):
        MemoryStore.from_path(bad)
    monkeypatch.setattr(views.source, "DEFAULT_DATA", bad)
    memory_store.clear()
    warm_start()                                   # no exception: the page reports the error in one line
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setattr(views.source, "DEFAULT_DATA", ROOT / "data" / "demo")
    warm_start()                                   # Neo4j configured: no files read
    monkeypatch.setattr(MemoryStore, "from_path", lambda *a, **k: "read now")
    assert memory_store(str(ROOT / "data" / "demo")) == "read now"
    memory_store.clear()


@pytest.fixture
def exports(monkeypatch):
    """Bytes of every .xlsx a page offers for download (captured from Streamlit's media storage)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    captured = []
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and mimetype.endswith("spreadsheetml.sheet"):
            captured.append(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured


def workbook(data):
    import io

    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_gaps_export_is_a_valid_workbook(exports):
    open_page("views/gaps.py")
    book = workbook(exports[-1])
    assert book.sheetnames == ["缺链", "弱链"]
    assert book["缺链"]["A2"].value == "产业链" and book["缺链"].max_row > 3


def test_target_exports_for_a_chain_and_for_all(exports):
    at = open_page("views/targets.py")
    chain_book = workbook(exports[-1])
    assert len(chain_book.sheetnames) == 1 and chain_book.active.max_row > 3
    at.button[0].click().run()
    assert not at.exception
    all_book = workbook(exports[-1])
    assert len(all_book.sheetnames) == 11
    assert all_book.worksheets[0]["B2"].value == "环节"


def test_report_workbook_from_the_data_page(exports):
    at = open_page("views/data.py")
    [b for b in at.button if b.label == "生成工作簿"][0].click().run()
    assert not at.exception
    book = workbook(exports[-1])
    assert "双招双引对象" in book.sheetnames and book["双招双引对象"].max_row > 10



def test_unreachable_neo4j_falls_back_to_embedded_data(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens on the discard port
    at = app()
    assert not at.exception
    assert any("无法连接 Neo4j" in e.value for e in at.sidebar.error)
    assert at.metric[0].value == "11", "the embedded data stay browsable"


def test_neo4j_source_is_named_in_the_sidebar(neo4j_driver, tiny, monkeypatch):
    """Any dataset in Neo4j will do: the tiny one (a second; the demo's pages took over a minute in make test),
    whose one gap, in 小部件, the embedded data do not have."""
    from graph.io import read_dataset
    from graph.store.neo4j import Neo4jStore

    Neo4jStore(neo4j_driver).load(read_dataset(tiny))
    monkeypatch.setenv("NEO4J_URI", NEO4J_URI)
    at = open_page("views/gaps.py")
    assert not at.exception
    assert any("Neo4j" in c.value for c in at.sidebar.caption)
    assert len(at.dataframe[0].value) > 0
    assert set(at.dataframe[0].value.iloc[:, 0]) == {"小部件"}, "the gaps of the data in Neo4j"


def test_targets_build_a_segments_table_when_it_is_opened():
    """Collapsed (weak-link) segments carry no table until opened: the page draws only the open ones."""
    at = open_page("views/targets.py")
    boxes = at.expander
    opened = [b for b in boxes if b.proto.expanded]
    closed = [b for b in boxes if not b.proto.expanded]
    assert opened and closed
    assert all(len(b.dataframe) == 1 for b in opened) and all(len(b.dataframe) == 0 for b in closed)
    key = closed[0].proto.id.rsplit("-", 1)[-1]
    at.session_state[key] = True
    at.run()
    assert not at.exception
    box = next(b for b in at.expander if b.proto.id.endswith(key))
    assert len(box.dataframe) == 1 and box.dataframe[0].value.shape[0] == int(box.label.rsplit(" · ", 1)[-1])


def test_leaders_partner_tables_are_built_when_opened():
    """The chosen firm's suppliers and customers in the chain: the network is drawn at once, the two tables when
    their expander is opened, with as many rows as its label counts."""
    at = open_page("views/leaders.py")
    box = next(b for b in at.expander if b.label.startswith("本链供应商"))
    assert not box.proto.expanded and len(box.dataframe) == 0 and at.get("iframe")
    at.session_state["leaders_partner_tables"] = True
    at.run()
    assert not at.exception
    box = next(b for b in at.expander if b.label.startswith("本链供应商"))
    suppliers, customers = (int(part.split("）")[0]) for part in box.label.split("（")[1:3])
    assert [d.value.shape[0] for d in box.dataframe] == [suppliers, customers] and suppliers + customers > 0


@pytest.mark.parametrize("page, key, title", [
    ("views/targets.py", None, "高性能膜材料"), ("views/leaders.py", "leaders_partner_tables", "本链供应商"),
    ("views/compare.py", "compare_all_changes", "所有产业链的变化明细")])
def test_an_opened_table_stays_open_when_its_label_changes(page, key, title):
    """Opened, then the language switched: the label changes (Streamlit then makes it a new widget), the expander
    stays open and its table is there."""
    at = open_page(page)
    box = next(b for b in at.expander if b.label.startswith(title))
    key = key or box.proto.id.rsplit("-", 1)[-1]
    at.session_state[key] = True
    at.run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    box = next(b for b in at.expander if b.proto.id.endswith(key))
    assert not box.label.startswith(title), "the English label"
    assert box.proto.expanded and len(box.dataframe) >= 1
