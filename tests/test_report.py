"""The 一图N清单 workbook and the offline chain-map pages."""
import re

import pytest
from openpyxl import load_workbook

from graph.analysis.source import as_facts
from graph.analysis.summary import analyze, segment_facts, segment_status
from graph.build import build_graph
from graph.io import read_dataset
from graph.io.workbook import safe_text
from graph.report import write_report
from graph.viz import chain_map_html, ego_network_html, firm_network_html
from tests.conftest import DEMO
from tests.micro import local, micro, other

LISTS = ["领航龙头企业", "重点配套企业", "主要特色优势", "急需突破短板", "协同攻关技术", "区域布局", "重点建设项目", "双招双引对象"]


@pytest.fixture(scope="module")
def demo_graph():
    return build_graph(read_dataset(DEMO))


@pytest.mark.slow   # over 5 s: left out of make check
def test_demo_workbook_has_every_list_filled(demo_graph, tmp_path):
    facts = as_facts(demo_graph)                   # a graph converted once, at the edge
    written = write_report(facts, analyze(facts), tmp_path / "report.xlsx")
    book = load_workbook(written[0])
    assert book.sheetnames == ["总览", "一图", *LISTS]
    assert len(book["一图"]._images) == 11          # one chain-map picture per chain
    for name in LISTS:
        sheet = book[name]
        assert sheet.freeze_panes == "A3"
        assert sheet.max_row > 3, f"{name} is empty"
        assert {c.value for c in sheet[3] if c.value is not None}, name
    overview = book["总览"]
    assert overview.max_row == 2 + 11 and isinstance(overview["E3"].value, float)
    assert "合成" in overview["A1"].value
    assert len(written) == 1 + 11 and all(p.exists() for p in written)


def test_hostile_names_are_inert(tmp_path):
    hostile = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2", "@SUM(A1)", "<img src=x onerror=alert(1)>",
               "'}) DETACH DELETE n //"]
    firms = [local("B", 100), local("C", 300)] + [other(f"X{i}", 10 * (i + 1), (), "江苏省") for i in range(len(hostile))]
    firms = [(*f, name) for f, name in zip(firms, ["零件厂", "整机厂", *hostile], strict=True)]
    fs = [("B", "b"), ("C", "c")] + [(f"X{i}", "a") for i in range(len(hostile))]
    segs = [("a", "upstream", True), ("b", "midstream", False), ("c", "downstream", False)]
    G = micro(segs, [("a", "b"), ("b", "c")], firms, fs, [("X0", "B"), ("B", "C")])
    results = analyze(G)
    book = load_workbook(write_report(G, results, tmp_path / "r.xlsx")[0])
    names = [row[6].value for row in book["双招双引对象"].iter_rows(min_row=3)]
    assert book["双招双引对象"]["G2"].value == "企业名称"
    assert set(hostile) <= set(names)
    for row in book["双招双引对象"].iter_rows(min_row=3):
        assert row[6].data_type == "s", "a hostile name must stay text, never a formula"
    page, _ = firm_network_html(build_graph(G), [f"X{i}" for i in range(len(hostile))])
    assert "<img src=x" not in page, "a hostile name reaches the page only JSON-escaped"
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page


def test_safe_text():
    assert safe_text("=1+1") == "'=1+1" and safe_text("@x") == "'@x" and safe_text("普通") == "普通"


def test_chain_map_is_offline_and_laid_out(demo_graph):
    r = analyze(demo_graph, chain="agri_machinery")["agri_machinery"]
    page = chain_map_html(demo_graph, "agri_machinery", status=segment_status(r), facts=segment_facts(r))
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page), "no CDN links"
    assert "new vis.Network" in page and '"hierarchical": {"enabled": true' in page
    assert '"level": 0' in page and "#d62728" in page  # a gap drawn red
    assert page.count('"shape": "dot"') == len(r.segments)


def test_big_firm_network_is_cut_down_and_says_so(demo_graph):
    firms = [d["firm_id"] for _, d in demo_graph.nodes(data=True) if d.get("kind") == "firm"][:900]
    page, note = firm_network_html(demo_graph, firms, max_nodes=300)
    assert "900" in note and "300" in note and note in page
    ego, _ = ego_network_html(demo_graph, firms[0])
    assert "#d62728" in ego


@pytest.mark.slow   # over 5 s: left out of make check
def test_report_previous_adds_the_year_sheets(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = tmp_path / "r.xlsx"
    done = subprocess.run([sys.executable, "-m", "graph", "report", "--data", str(ROOT / "data" / "demo"),
                           "--previous", str(ROOT / "data" / "demo-2023"), "--chain", "agri_machinery",
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    book = load_workbook(out, read_only=True)
    assert {"年度变化", "年度完整度", "风险清单"} <= set(book.sheetnames)
    rows = list(book["年度变化"].iter_rows(values_only=True))
    assert len(rows) > 2
    risks = [r for r in book["风险清单"].iter_rows(values_only=True) if any(v is not None for v in r)]
    assert any("预警等级" in r for r in risks[:3]) and len(risks) > 3


@pytest.mark.parametrize("out", ["folder", "r.xls", "r"])
def test_report_refuses_an_out_that_is_no_xlsx_workbook_path_before_reading(tmp_path, out, capsys):
    from graph.cli import main

    (tmp_path / "folder").mkdir()
    target = tmp_path / out
    assert main(["--lang", "en", "report", "--data", str(tmp_path / "no-such-dataset"), "--out", str(target)]) == 1
    assert capsys.readouterr().err.strip() == f"--out {target}: must be a workbook path ending in .xlsx (e.g. out/report.xlsx)"
    assert not (tmp_path / "r.xls").exists() and not (tmp_path / "r").exists()
