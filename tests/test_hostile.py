"""Hostile values that are valid data load and stay plain text: in HTML, in Excel and in Neo4j."""
import ast
import re

import pytest
from openpyxl import load_workbook

from graph.analysis.source import as_facts
from graph.analysis.summary import analyze
from graph.build import build_graph
from graph.io import read_dataset
from graph.report import write_report
from graph.viz import chain_map_html, firm_network_html
from tests.conftest import ROOT

HOSTILE = ROOT / "tests" / "data" / "hostile"
DATASET = read_dataset(HOSTILE)
NAMES = dict(zip(DATASET.firms["firm_id"], DATASET.firms["name"], strict=True))


def test_hostile_dataset_is_valid_data():
    assert len(DATASET.firms) == 12 and DATASET.warnings == []
    assert NAMES["H3"] == "'}) DETACH DELETE n //" and len(NAMES["H9"]) == 1200


def test_html_pages_carry_names_only_escaped():
    G = build_graph(DATASET)
    pages = [chain_map_html(G, "widgets"), firm_network_html(G, list(NAMES))[0]]
    for page in pages:
        assert "<img src=x" not in page and "<script>alert" not in page and "<b>厂</b>" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in pages[1]


def test_excel_cells_are_text_never_formulas(tmp_path):
    facts = as_facts(build_graph(DATASET))        # a graph converted once, at the edge
    book = load_workbook(write_report(facts, analyze(facts), tmp_path / "r.xlsx")[0])
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert NAMES["H4"] in seen and NAMES["H7"] in seen


def test_neo4j_keeps_hostile_names_inert(neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    store.load(DATASET)
    G = store.graph()
    assert {d["firm_id"]: d["name"] for _, d in G.nodes(data=True) if d["kind"] == "firm"} == NAMES
    assert store.counts()["nodes"]["Firm"] == 12, "nothing was deleted by the Cypher-looking name"


CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|DELETE|SET|WHERE|UNWIND|RETURN)\b")


@pytest.mark.parametrize("path", sorted((ROOT / "graph").rglob("*.py")), ids=lambda p: p.name)
def test_no_cypher_built_by_string_formatting(path):
    """Cypher text is only ever a literal: no f-string, .format() or % with Cypher keywords."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            assert not CYPHER.search(text), f"{path.name}:{node.lineno} f-string with Cypher"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            if isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
                assert not CYPHER.search(node.func.value.value), f"{path.name}:{node.lineno} .format with Cypher"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
            assert not CYPHER.search(str(node.left.value)), f"{path.name}:{node.lineno} % with Cypher"


def test_charts_carry_names_only_as_text():
    """Every chart of graph.charts parses as markup whose only elements are the chart's own; the hostile names come
    back as text, never as tags or attributes (the pages pass this markup through unescaped)."""
    import xml.etree.ElementTree as ET

    import pandas as pd

    from graph.charts import bar_chart, city_map, heat_table, layered_map

    names = list(NAMES.values())
    square = [[[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]]]
    charts = [bar_chart(names, {names[0]: list(range(len(names)))}),
              city_map({n: square for n in names[:3]}, {names[0]: 1.0}, label=names[1], hover={names[0]: names}),
              layered_map([{"id": n, "level": 0, "row": i, "label": n, "color": "#cccccc"} for i, n in enumerate(names)],
                          [], [(names[2], "#ff0000")]),
              heat_table(pd.DataFrame({names[0]: [1, 2]}, index=names[1:3]))]
    allowed = {"svg", "rect", "line", "text", "title", "path", "circle", "defs", "linearGradient", "stop",
               "div", "table", "thead", "tbody", "tr", "th", "td"}
    for chart in charts:
        root = ET.fromstring(chart)
        elements = list(root.iter())
        assert {e.tag.split("}")[-1] for e in elements} <= allowed
        assert not any(a.lower().startswith("on") or a == "href" for e in elements for a in e.attrib)
        texts = {t for e in elements for t in (e.text, *e.attrib.values()) if t}
        assert any(names[0] in t for t in texts), "the hostile name is there, as text"


def test_only_the_chart_helper_passes_unescaped_markup():
    sources = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "views").glob("*.py")}
    # widgets.svg_chart (graph.charts' SVG) and layout.flow (one CSS rule from a code-given key and a width)
    assert sorted(n for n, s in sources.items() if "unsafe_allow_html" in s) == ["layout.py", "widgets.py"]
    assert sources["widgets.py"].count("unsafe_allow_html=True") == 1
    assert sources["layout.py"].count("unsafe_allow_html=True") == 1
    for name, source in sources.items():   # st.html shows graph.charts' markup, and the escaped why panel
        for call in re.findall(r"st\.html\(([^)]*)\)", source):
            assert call in ("heat", "quotient_heat", "grid") or name == "reasons.py", (name, call)
    panel = sources["reasons.py"].split("def why_panel", 1)[1].split("\ndef ", 1)[0]
    fields = re.findall(r"\{([^{}]*(?:\([^()]*\)[^{}]*)*)\}", panel.split('"""', 2)[2])   # code after the docstring
    assert fields and all(f.startswith("escape(") or f in ("LAZY", "sep", "''.join(items)") for f in fields), fields
