"""The app's Neo4j mode asks Neo4j per page — a chain, a firm's supply rows, a chain's subgraph — and never reads
the whole graph: every page renders with the store's whole-graph reads made to fail."""
from urllib.parse import quote

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DEMO, NEO4J_URI, ROOT
from tests.test_app import PAGES


def hold_years(neo4j_demo, *years: int) -> None:
    """Neo4j holding the demo in these years alone (tests/conftest.py neo4j_demo). The app looks the years up at
    most every 10 s, in a cache the pages of earlier tests filled: cleared, as a new server process would start."""
    from views.source import neo4j_years

    neo4j_demo(*years)
    neo4j_years.clear()


@pytest.fixture
def loaded(neo4j_demo):
    """Neo4j holding the demo's 2024 alone."""
    hold_years(neo4j_demo, 2024)


@pytest.fixture
def neo4j_mode(monkeypatch):
    from graph.store.neo4j import Neo4jStore

    def whole(self, *args, **kwargs):
        raise AssertionError("the app read the whole graph from Neo4j")

    read = Neo4jStore.facts

    def by_chain(self):
        if not self.pushdown:
            whole(self)
        return read(self)

    for method in ("dataset", "graph"):
        monkeypatch.setattr(Neo4jStore, method, whole)
    monkeypatch.setattr(Neo4jStore, "facts", by_chain)     # facts, but only those read chain by chain
    monkeypatch.setenv("NEO4J_URI", NEO4J_URI)


def open_page(page, lang="zh", **query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    at.query_params.update(query)
    at.run()
    at.switch_page(page)
    return at.run()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_from_neo4j_without_reading_the_whole_graph(loaded, neo4j_mode, page, lang):
    at = open_page(page, lang)
    assert not at.exception, at.exception
    assert any("Neo4j" in c.value for c in at.sidebar.caption)


def test_a_firm_profile_from_neo4j_lists_its_partners(loaded, neo4j_mode):
    from graph.facts import Facts
    from graph.io import read_dataset

    facts = Facts.from_dataset(read_dataset(DEMO))
    busiest = facts.column("firm_id")[facts.supply["customer"].value_counts().index[0]]
    at = AppTest.from_file(str(ROOT / "views" / "firm.py"), default_timeout=180)
    at.query_params["id"] = busiest
    at.run()
    assert not at.exception, at.exception
    shown = " ".join(str(v) for frame in at.dataframe for v in frame.value.astype(str).to_numpy().ravel())
    code = facts.supply.loc[facts.supply["customer"] == facts.firm_code.get_loc(busiest), "supplier"].iloc[0]
    supplier, supplier_id = facts.column("name")[code], facts.column("firm_id")[code]
    assert f"id={supplier_id}&name={quote(supplier)}" in shown      # partner names link to their profiles


@pytest.mark.parametrize("lang, label", [("zh", "数据年度"), ("en", "Data year")])
def test_year_picker_reads_a_year_neo4j_holds(neo4j_demo, neo4j_mode, lang, label):
    """Neo4j holding the demo's 2023 and 2024 side by side: the sidebar picks the year every page reads."""
    hold_years(neo4j_demo, 2023, 2024)
    at = open_page("views/gaps.py", lang)
    picker = at.sidebar.selectbox(key="year")
    assert (picker.label, picker.options, picker.value) == (label, ["2024", "2023"], 2024)
    gaps_2024 = len(at.dataframe[0].value)
    picker.set_value(2023).run()
    assert not at.exception, at.exception
    assert len(at.dataframe[0].value) == gaps_2024 + 3
    assert any("Neo4j" in c.value for c in at.sidebar.caption)


def test_compare_page_diffs_two_years_neo4j_holds(neo4j_demo, neo4j_mode):
    """年度对比 from Neo4j: each year read chain by chain; the same gaps closed as from the two folders."""
    from graph.years import diff_folders

    hold_years(neo4j_demo, 2023, 2024)
    at = open_page("views/compare.py")
    assert not at.exception, at.exception
    assert (at.selectbox(key="compare_year_2024").value, at.selectbox(key="compare_base_2024").value) == (2024, 2023)
    closed = sum(len(c["gaps_closed"]) for c in diff_folders(ROOT / "data" / "demo-2023", DEMO)["chains"])
    assert closed > 0 and at.metric[0].value == f"{closed:,}"
