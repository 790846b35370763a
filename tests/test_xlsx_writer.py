"""graph.io.xlsx_writer: the review workbook's writer — values read back exactly, hostile text stays text, and
every part is well-formed SpreadsheetML with its elements in the order the schema (ECMA-376) requires."""
from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
import pytest

from graph.io import xlsx_writer as xlsx
from graph.io.xlsx_writer import HEADER, TITLE, Sheet, column_letter, write_workbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# child elements of <worksheet>, <workbook> and <styleSheet> in schema order (ECMA-376 Part 1, §18.3.1.99,
# §18.2.27, §18.8.39), the ones this writer uses among them
WORKSHEET_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetProtection",
                   "autoFilter", "mergeCells", "conditionalFormatting", "dataValidations", "hyperlinks",
                   "pageMargins", "pageSetup")
WORKBOOK_ORDER = ("fileVersion", "workbookPr", "bookViews", "sheets", "definedNames", "calcPr")
STYLES_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs")


def written(*sheets: Sheet) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, list(sheets))
    return buffer.getvalue()


def values(data: bytes, title: str | None = None) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[title] if title else book.worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_values_read_back_as_written():
    sheet = Sheet("s").add_columns([
        ["甲", "", None, "乙", "甲"],                                      # text; '' and None are empty
        pd.Series([1557.0, 0.1 + 0.2, np.nan, np.inf, -2.5]),          # numbers; NaN and inf are empty
        pd.Series([2005, None, 7, None, 1], dtype="Int64"),             # whole numbers with pandas' NA
        [1, "a", None, True, 2.5],                                      # a mixed column, cell by cell
    ])
    assert values(written(sheet)) == [["甲", 1557, 2005, 1], [None, 0.30000000000000004, None, "a"],
                                      [None, None, 7, None], ["乙", None, None, True], ["甲", -2.5, 1, 2.5]]


def test_hostile_text_stays_text():
    formula, long_text = '=HYPERLINK("http://example.com","点我")', "长" * 40_000
    sheet = Sheet("s").add([[formula], ["<b>&amp;</b>"], ["甲\x01乙\x0b丙"], ["  两边空格 "], [long_text],
                            ["#N/A"]])
    book = openpyxl.load_workbook(io.BytesIO(written(sheet)))
    cells = [row[0] for row in book.worksheets[0].iter_rows()]
    assert [c.data_type for c in cells] == ["s"] * 6   # a formula-like name is not a formula, #N/A not an error
    assert [c.value for c in cells[:4]] == [formula, "<b>&amp;</b>", "甲乙丙", "  两边空格 "]
    assert cells[4].value == "长" * 32_767 and cells[5].value == "#N/A"


def test_shared_strings_hold_each_text_once():
    sheet = Sheet("s").add_columns([["甲", "乙", "甲", None], ["乙", "丙", "", "甲"]])
    with zipfile.ZipFile(io.BytesIO(written(sheet))) as archive:
        table = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    assert [si.find(f"{MAIN}t").text for si in table] == ["甲", "乙", "丙"]
    assert (table.get("count"), table.get("uniqueCount")) == ("6", "3")


def test_many_rows_are_written_in_chunks(monkeypatch):
    monkeypatch.setattr(xlsx, "ROWS_PER_CHUNK", 3)
    sheet = Sheet("s").add([["id", "n"]], style=HEADER).add_columns([[f"f{i}" for i in range(10)],
                                                                     pd.Series(range(10)) * 1.5])
    assert values(written(sheet)) == [["id", "n"], *[[f"f{i}", i * 1.5 if i % 2 else int(i * 1.5)]
                                                     for i in range(10)]]


def test_short_columns_and_empty_rows_stay_in_place():
    sheet = Sheet("s").add([["a", "b", "c"], [], ["d"]]).add_columns([["e", "f"], ["g"]])
    assert values(written(sheet)) == [["a", "b", "c"], [None, None, None], ["d", None, None], ["e", "g", None],
                                      ["f", None, None]]


def test_layout_reads_back():
    review = Sheet("审核", widths=(22, 30, 4), hidden=("C",), freeze="C2", auto_filter="A1:C3",
                   highlights=(("A2:C3", '$B2="建议"', "E2F0D9"), ("A2:C3", '$B2="次选"', "EDEDED")),
                   lists=(("B2:B503", '"是,否"'), ("C2:C503", "'环节'!$A$2:$A$9")))
    review.add([["甲", "乙", "丙"]], style=HEADER).add([["x", "建议", "y"], ["z", "次选", None]])
    readme = Sheet("说明's", widths=(100,)).add([["标题"]], style=TITLE).add([["正文"]])
    book = openpyxl.load_workbook(io.BytesIO(written(review, readme)))
    assert book.sheetnames == ["审核", "说明's"]
    sheet = book["审核"]
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("C2", "A1:C3")
    assert {k: (d.width, bool(d.hidden)) for k, d in sheet.column_dimensions.items()} == {
        "A": (22, False), "B": (30, False), "C": (4, True)}
    assert [(r.formula[0], r.dxf.fill.fgColor.rgb) for cf in sheet.conditional_formatting for r in cf.rules] == [
        ('$B2="建议"', "FFE2F0D9"), ('$B2="次选"', "FFEDEDED")]
    assert sorted((str(v.sqref), v.formula1) for v in sheet.data_validations.dataValidation) == [
        ("B2:B503", '"是,否"'), ("C2:C503", "'环节'!$A$2:$A$9")]
    assert [(c.font.b, bool(c.alignment.wrap_text)) for c in sheet[1]] == [(True, True)] * 3
    assert not sheet["A2"].font.b
    assert book["说明's"]["A1"].font.b and book["说明's"]["A1"].font.sz == 13
    assert book["说明's"].freeze_panes is None
    with zipfile.ZipFile(io.BytesIO(written(review, readme))) as archive:   # the filter's hidden name, as Excel keeps it
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    [name] = workbook.find(f"{MAIN}definedNames")
    assert (name.attrib, name.text) == ({"name": "_xlnm._FilterDatabase", "localSheetId": "0", "hidden": "1"},
                                        "'审核'!$A$1:$C$3")
    assert [s.get("name") for s in workbook.find(f"{MAIN}sheets")] == ["审核", "说明's"]


@pytest.mark.parametrize("freeze, pane", [
    ("C2", {"xSplit": "2", "ySplit": "1", "topLeftCell": "C2", "activePane": "bottomRight", "state": "frozen"}),
    ("A2", {"ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"}),
    ("B1", {"xSplit": "1", "topLeftCell": "B1", "activePane": "topRight", "state": "frozen"}),
])
def test_frozen_panes(freeze, pane):
    with zipfile.ZipFile(io.BytesIO(written(Sheet("s", freeze=freeze).add([["a"]])))) as archive:
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    assert sheet.find(f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane").attrib == pane


def in_schema_order(element, order) -> bool:
    names = [child.tag.removeprefix(MAIN) for child in element]
    assert set(names) <= set(order), names
    positions = [order.index(n) for n in names]
    return positions == sorted(positions)


def test_every_part_is_well_formed_and_in_schema_order():
    review = Sheet("审核", widths=(10, 10), hidden=("B",), freeze="A2", auto_filter="A1:B2",
                   highlights=(("A2:B2", '$A2="x"', "FCE4D6"),), lists=(("A2:A9", '"是,否"'),))
    data = written(review.add([["h1", "h2"]], style=HEADER).add([["x", 1]]), Sheet("其他").add([["y"]]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = {name: ElementTree.fromstring(archive.read(name)) for name in names}   # every part parses
    assert names[0] == "[Content_Types].xml"
    assert {"_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} == set(names) - {"[Content_Types].xml"}
    overrides = {o.get("PartName") for o in parts["[Content_Types].xml"]
                 if o.tag.endswith("Override")}
    assert overrides == {"/" + n for n in names if n.startswith("xl/") and not n.startswith("xl/_rels")}
    targets = {r.get("Target") for r in parts["xl/_rels/workbook.xml.rels"]}
    assert targets == {"worksheets/sheet1.xml", "worksheets/sheet2.xml", "styles.xml", "sharedStrings.xml"}
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        assert in_schema_order(parts[name], WORKSHEET_ORDER), name
    assert in_schema_order(parts["xl/workbook.xml"], WORKBOOK_ORDER)
    assert in_schema_order(parts["xl/styles.xml"], STYLES_ORDER)
    styles = parts["xl/styles.xml"]
    for group in ("fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs"):
        node = styles.find(f"{MAIN}{group}")
        assert int(node.get("count")) == len(node), group   # counts Excel checks
    sheet = parts["xl/worksheets/sheet1.xml"]
    rows = [int(r.get("r")) for r in sheet.find(f"{MAIN}sheetData")]
    assert rows == [1, 2] and sheet.find(f"{MAIN}dimension").get("ref") == "A1:B2"
