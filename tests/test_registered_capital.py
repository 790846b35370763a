"""Registered capital (注册资本, 万元): money cells as registration exports write them, the firms table's optional
``registered_capital`` column, and the column through facts, graph, both stores and the firm profile."""
import pandas as pd
import pytest

from graph.analysis.source import as_facts
from graph.build import build_graph
from graph.facts import Facts
from graph.io import check_dataset, read_dataset, write_dataset
from graph.io.cells import CURRENCY_RATES, parse_money, parse_quantity
from graph.store import MemoryStore
from graph.store.frames import dataset_frames
from tests.conftest import TINY_TABLES
from tests.conftest import write_dataset as write_files


# ---------------------------------------------------------------- money cells
@pytest.mark.parametrize("text, kwargs, expected", [
    ("233.6000(万元人民币)", {}, (233.6, "unit_in_cell")), ("1,286.5000(万)", {}, (1286.5, "unit_in_cell")),
    ("26万元", {}, (26.0, "unit_in_cell")), ("405万人民币", {}, (405.0, "unit_in_cell")),
    ("50(万元)", {}, (50.0, "unit_in_cell")), ("50（万元）", {}, (50.0, "unit_in_cell")),
    ("300(万美元)", {}, (300 * 7.1884, "currency_converted")), ("100万港币", {}, (92.604, "currency_converted")),
    ("100万港元", {}, (92.604, "currency_converted")), ("10万欧元", {}, (75.257, "currency_converted")),
    ("1000万日元", {}, (46.233, "currency_converted")), ("1万英镑", {}, (9.0765, "currency_converted")),
    ("N/A", {}, (None, "placeholder")), ("—", {}, (None, "placeholder")), ("", {}, (None, None)), (None, {}, (None, None)),
    ("500", {}, (500.0, None)), ("１，２８６．５", {}, (1286.5, None)), ("1.5亿元", {}, (15_000.0, "unit_in_cell")),
    ("5000元", {"target": "元"}, (5000.0, "unit_in_cell")), ("5", {"unit": "万美元"}, (5 * 7.1884, "currency_converted")),
    ("2", {"unit": "亿元"}, (20_000.0, None)), ("2万元", {"unit": "亿元"}, (2.0, "unit_in_cell")),
])
def test_parse_money(text, kwargs, expected):
    value, note = parse_money(text, **kwargs)
    assert note == expected[1]
    assert value == pytest.approx(expected[0]) if expected[0] is not None else value is None


@pytest.mark.parametrize("text", ["100万卢布", "300(万美刀)", "50(万元", "约50万", "5吨", "lots", "1e309万元"])
def test_parse_money_refuses_what_it_cannot_read(text):
    with pytest.raises(ValueError):
        parse_money(text)


def test_the_rates_are_stated_and_parse_quantity_keeps_to_yuan():
    assert CURRENCY_RATES["美元"] == 7.1884 and set(CURRENCY_RATES) >= {"美元", "港币", "港元", "欧元", "日元", "英镑"}
    assert parse_quantity("233.6000(万元人民币)") == (233.6, "unit_in_cell")
    with pytest.raises(ValueError, match="parse_money"):
        parse_quantity("300(万美元)")


# ---------------------------------------------------------------- the dataset column
FIRMS = "firm_id,name,province,city,{header}\nA,甲,山东省,济南市,{a}\nB,乙,山东省,青岛市,{b}\nC,丙,山东省,青岛市,\n" \
        "X,外,江苏省,苏州市,{x}\n"


def folder_with(tmp_path, header="注册资本", a="233.6000(万元人民币)", b="\"1,286.5000(万)\"", x="300(万美元)"):
    return write_files(tmp_path / "ds", {**TINY_TABLES, "firms.csv": FIRMS.format(header=header, a=a, b=b, x=x)})


def test_registration_forms_are_read_into_registered_capital(tmp_path):
    ds, issues = check_dataset(folder_with(tmp_path))
    assert ds is not None, [i.format("en") for i in issues]
    assert ds.firms["registered_capital"].tolist()[:2] == [233.6, 1286.5] and pd.isna(ds.firms.loc[2, "registered_capital"])
    assert ds.firms.loc[3, "registered_capital"] == pytest.approx(2156.52)
    notes = {(i.row, i.column, i.code) for i in issues}
    assert {(2, "registered_capital", "unit_in_cell"), (5, "registered_capital", "currency_converted")} <= notes
    line = next(i for i in issues if i.code == "currency_converted").format("en")
    assert line == ("warning: firms.csv, row 5, column registered_capital: '300(万美元)' is in a foreign currency; "
                    "converted to 万元 at the yuan's central parity of 2024-12-31")


@pytest.mark.parametrize("header, cell, expected", [
    ("注册资金", "26万元", 26.0), ("注册资本（万元）", "405", 405.0), ("注册资本(元)", "50000", 5.0),
    ("注册资本（万美元）", "10", 71.884), ("registered_capital", "50(万元)", 50.0), ("注册资本", "N/A", None),
])
def test_headers_and_their_units(tmp_path, header, cell, expected):
    ds, issues = check_dataset(folder_with(tmp_path, header=header, a=cell, b="1", x="1"))
    assert ds is not None, [i.format("en") for i in issues]
    value = ds.firms.loc[0, "registered_capital"]
    assert value == pytest.approx(expected) if expected is not None else pd.isna(value)


@pytest.mark.parametrize("cell, code", [("-5", "negative"), ("100万卢布", "bad_number"), ("lots", "bad_number")])
def test_bad_registered_capital_is_refused_naming_the_cell(tmp_path, cell, code):
    ds, issues = check_dataset(folder_with(tmp_path, b=cell))
    assert ds is None
    assert [(i.file, i.row, i.column, i.code) for i in issues if i.level == "error"] == [
        ("firms.csv", 3, "registered_capital", code)]


def test_registered_capital_survives_write_facts_and_graph(tmp_path):
    ds = read_dataset(folder_with(tmp_path))
    again = read_dataset(write_dataset(ds, tmp_path / "again"), chains=tmp_path / "ds" / "chains")
    assert again.firms["registered_capital"].tolist()[:2] == [233.6, 1286.5]
    facts = Facts.from_dataset(ds)
    assert facts.column("registered_capital")[1] == 1286.5
    graph = build_graph(facts)
    assert graph.nodes["firm:A"]["registered_capital"] == 233.6 and graph.nodes["firm:C"]["registered_capital"] is None
    assert as_facts(graph).firms["registered_capital"].tolist()[:2] == [233.6, 1286.5]


def test_the_neo4j_bulk_import_writes_it(tmp_path):
    from graph.store.bulk import import_tables

    ds = read_dataset(folder_with(tmp_path))
    firm = import_tables(ds, dataset_frames(ds), "v1")["Firm"]
    assert firm["registered_capital:double"].tolist()[:2] == [233.6, 1286.5]


def test_neo4j_holds_and_reads_it_back(tmp_path, neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    ds = read_dataset(folder_with(tmp_path))
    store = Neo4jStore(neo4j_driver)
    store.load(ds)
    back = store.dataset().firms.set_index("firm_id")["registered_capital"]
    files = ds.firms.set_index("firm_id")["registered_capital"]
    assert back.fillna(-1).to_dict() == files.fillna(-1).to_dict()
    assert store.graph().nodes["firm:B"]["registered_capital"] == 1286.5
    assert dict(store.graph().nodes(data=True)) == dict(MemoryStore(ds).graph().nodes(data=True))


def test_the_firm_profile_shows_it(tmp_path):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    folder = folder_with(tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.session_state["upload_path"] = str(folder)
    at.run()
    at.switch_page("views/firm.py")
    at.query_params["id"] = "A"
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Registered capital (10k CNY)"] == "234" and metrics["Revenue (10k CNY)"] == "-"
