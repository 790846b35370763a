"""Export forms datasets used to refuse or misread (issue 20 item 5), planted in the tiny dataset and in a copy of
the demo: each is read right, or refused with one line naming file, row and column."""
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from graph.io import check_dataset, read_dataset
from tests.conftest import DEMO, ROOT

FIRMS_HEADER = "firm_id,name,province,city,uscc,revenue,employees,founded,tags\n"
SEGMENTS = "A,widgets,ore,{0}\nB,widgets,parts,{1}\nC,widgets,devices,{1}\nX,widgets,chips,{1}\n"
OTHERS = "C,丙,山东省,青岛市,,1,,,\nX,外,江苏省,苏州市,,1,,,\n"   # the other firms firm_segments.csv names


def load(folder):
    dataset, issues = check_dataset(folder)
    return dataset, {(i.file, i.row, i.column, i.code): i for i in issues}


# ---------------------------------------------------------------- 1. header units
@pytest.mark.parametrize("header, cell, whole, share", [
    ("占比 (0-1)", "0.4", "1", 0.4), ("占比（0～1）", "0.4", "1", 0.4), ("share (0–1)", "0.4", "1", 0.4),
    ("占比（小数）", "0.4", "1", 0.4), ("占比(%)", "40", "100", 0.4), ("占比（百分比）", "40", "100", 0.4),
    ("占比 (0-100)", "40", "100", 0.4),
])
def test_share_headers_say_fraction_or_percent(make_dataset, header, cell, whole, share):
    segments = f"firm_id,chain_id,segment_id,{header}\n" + SEGMENTS.format(cell, whole)
    ds, found = load(make_dataset(firm_segments__csv=segments))
    assert ds is not None, [i.format("en") for i in found.values()]
    assert ds.firm_segments["share"].tolist() == [share, 1.0, 1.0, 1.0]
    assert not [key for key in found if key[3] == "unknown_unit"]


def test_a_share_range_the_tool_does_not_know_is_refused(make_dataset):
    ds, found = load(make_dataset(firm_segments__csv="firm_id,chain_id,segment_id,占比 (0-10)\n" + SEGMENTS.format(1, 1)))
    assert ds is None and ("firm_segments.csv", 1, "占比 (0-10)", "unknown_unit") in found


def test_units_written_with_a_label(make_dataset):
    firms = ("企业ID,企业名称,省份,城市,营业收入（单位：亿元）\nA,甲,山东省,济南市,2\nB,乙,山东省,青岛市,0.5\n"
             "C,丙,山东省,青岛市,1\nX,外,江苏省,苏州市,1\n")
    supply = "供应商ID,客户ID,金额(单位:元)\nA,B,25000\n"
    projects = "项目ID,项目名称,产业链ID,环节ID,城市,阶段,投资额（单位：万元）\nP1,项目,widgets,ore,济南市,谋划,5000\n"
    ds, found = load(make_dataset(firms__csv=firms, supply__csv=supply, projects__csv=projects))
    assert ds.firms["revenue"].tolist() == [20_000.0, 5_000.0, 10_000.0, 10_000.0]
    assert ds.supply["amount"].tolist() == [2.5] and ds.projects["investment"].tolist() == [0.5]
    converted = found[("firms.csv", 1, "营业收入（单位：亿元）", "unit_converted")]
    assert converted.format("en") == "warning: firms.csv, row 1, column 营业收入（单位：亿元）: unit 亿元 converted to 万元"


def test_a_labelled_unit_the_tool_does_not_know_is_refused(make_dataset):
    ds, found = load(make_dataset(firms__csv="firm_id,name,province,营业收入（单位：吨）\nA,甲,山东省,1\n"))
    assert ds is None and found[("firms.csv", 1, "营业收入（单位：吨）", "unknown_unit")].params["unit"] == "吨"


# ---------------------------------------------------------------- 2. full-width numbers
def test_full_width_numbers_are_read(make_dataset):
    firms = (FIRMS_HEADER + "A,甲,山东省,济南市,,１２．５,１０,２００５年３月,\nB,乙,山东省,青岛市,,\"１，２００\",,,\n"
             "C,丙,山东省,青岛市,,１．２亿,,,\nX,外,江苏省,苏州市,,１２,,２００１,\n")
    segments = "firm_id,chain_id,segment_id,share\n" + SEGMENTS.format("０．５", 1)
    supply = "supplier_id,customer_id,chain_id,amount\nA,B,widgets,８０．５\n"
    ds, found = load(make_dataset(firms__csv=firms, firm_segments__csv=segments, supply__csv=supply))
    assert ds is not None, [i.format("en") for i in found.values()]
    assert ds.firms["revenue"].tolist() == [12.5, 1200.0, 12_000.0, 12.0]
    assert ds.firms.loc[0, "employees"] == 10.0 and ds.firms["founded"].tolist()[::3] == [2005.0, 2001.0]
    assert ds.firm_segments.loc[0, "share"] == 0.5 and ds.supply["amount"].tolist() == [80.5]
    assert found[("firms.csv", 4, "revenue", "unit_in_cell")].params["value"] == "１．２亿"
    assert ("firms.csv", 2, "founded", "date_as_year") in found


def test_a_full_width_minus_is_still_negative(make_dataset):
    ds, found = load(make_dataset(firms__csv=FIRMS_HEADER + "A,甲,山东省,济南市,,－１,,,\n"))
    assert ds is None and found[("firms.csv", 2, "revenue", "negative")].params["value"] == "－１"


# ---------------------------------------------------------------- 3. placeholders in the credit-code column
@pytest.mark.parametrize("placeholder", ["无", "NULL", "—", "N/A", "-", "null"])
def test_a_placeholder_credit_code_is_missing_with_a_warning(make_dataset, placeholder):
    firms = FIRMS_HEADER + f"A,甲,山东省,济南市,{placeholder},1,,,\nB,乙,山东省,青岛市,91110000600037341L,1,,,\n" + OTHERS
    ds, found = load(make_dataset(firms__csv=firms))
    assert ds is not None and pd.isna(ds.firms.loc[0, "uscc"]) and ds.firms.loc[1, "uscc"] == "91110000600037341L"
    warning = found[("firms.csv", 2, "uscc", "placeholder")]
    assert warning.level == "warning" and warning.params["value"] == placeholder


def test_a_wrong_credit_code_is_still_an_error(make_dataset):
    ds, found = load(make_dataset(firms__csv=FIRMS_HEADER + "A,甲,山东省,济南市,12345,1,,,\n"))
    assert ds is None and ("firms.csv", 2, "uscc", "bad_uscc") in found


# ---------------------------------------------------------------- 4. a column of units, one per row
def test_each_row_takes_its_unit_from_the_unit_column(make_dataset):
    firms = ("企业ID,企业名称,省份,城市,营业收入,单位\nA,甲,山东省,济南市,2,亿元\nB,乙,山东省,青岛市,300,万元\n"
             "C,丙,山东省,青岛市,5000000,元\nX,外,江苏省,苏州市,7,\nY,外二,江苏省,苏州市,1.2亿,万元\n"
             "Z,外三,江苏省,苏州市,10,万美元\n")
    segments = "firm_id,chain_id,segment_id\nA,widgets,ore\nB,widgets,parts\nC,widgets,devices\nX,widgets,chips\n" \
               "Y,widgets,chips\nZ,widgets,chips\n"
    ds, found = load(make_dataset(firms__csv=firms, firm_segments__csv=segments))
    assert ds is not None, [i.format("en") for i in found.values()]
    assert ds.firms["revenue"].tolist() == [20_000.0, 300.0, 500.0, 7.0, 12_000.0, 71.884]
    notice = found[("firms.csv", 1, "单位", "row_units")]
    assert notice.format("en") == ("warning: firms.csv, row 1, column 单位: this column gives each row's unit of revenue; "
                                   "each row converted to 万元")
    assert found[("firms.csv", 7, "单位", "currency_converted")].params["value"] == "万美元"


def test_an_unknown_unit_in_the_unit_column_is_refused_naming_the_cell(make_dataset):
    firms = "firm_id,name,province,city,revenue,收入单位\nA,甲,山东省,济南市,2,亿元\nB,乙,山东省,青岛市,3,美刀\n"
    ds, found = load(make_dataset(firms__csv=firms))
    assert ds is None
    error = found[("firms.csv", 3, "收入单位", "unknown_unit")]
    assert error.format("en") == ("error: firms.csv, row 3, column 收入单位: unknown unit '美刀' for column revenue: not "
                                  "read (expected 万元 or a unit convertible to it)")
    assert not [key for key in found if key[2] == "revenue"], "the number itself is not blamed"


def test_unit_columns_of_supply_and_projects(make_dataset):
    supply = "supplier_id,customer_id,chain_id,amount,金额单位\nA,B,widgets,2,亿元\nB,C,widgets,50,万元\n"
    projects = ("project_id,name,chain_id,segment_id,city,stage,investment,单位\nP1,项目,widgets,ore,济南市,谋划,5000,万元\n"
                "P2,项目二,widgets,ore,济南市,谋划,3,亿元\n")
    ds, found = load(make_dataset(supply__csv=supply, projects__csv=projects))
    assert ds.supply["amount"].tolist() == [20_000.0, 50.0] and ds.projects["investment"].tolist() == [0.5, 3.0]
    assert ("supply.csv", 1, "金额单位", "row_units") in found and ("projects.csv", 1, "单位", "row_units") in found


def test_a_unit_column_overrides_the_header_unit_only_where_it_says_something(make_dataset):
    firms = ("firm_id,name,province,city,营业收入（亿元）,单位\nA,甲,山东省,济南市,2,\nB,乙,山东省,青岛市,300,万元\n"
             "C,丙,山东省,青岛市,1,元\nX,外,江苏省,苏州市,1,\n")
    ds, _ = load(make_dataset(firms__csv=firms))
    assert ds.firms["revenue"].tolist() == [20_000.0, 300.0, 0.0001, 10_000.0]


# ---------------------------------------------------------------- 5. a city of another province
def test_a_city_of_another_province_is_warned_and_left_empty(make_dataset):
    firms = (FIRMS_HEADER + "A,甲,山东省,南京市,,1,,,\nB,乙,山东,南京,,1,,,\nC,丙,山东省,青岛,,1,,,\nX,外,江苏省,青岛市,,1,,,\n"
             "Y,外二,江苏省,昆山,,1,,,\n")
    ds, found = load(make_dataset(firms__csv=firms))
    assert ds is not None and len(ds.firms) == 5, "the rows are kept"
    assert ds.firms["city"].tolist()[2] == "青岛市" and ds.firms["city"].tolist()[4] == "昆山"
    assert ds.firms["city"].isna().tolist() == [True, True, False, True, False]
    first = found[("firms.csv", 2, "city", "city_in_other_province")]
    assert first.format("en") == ("warning: firms.csv, row 2, column city: city '南京市' lies in 江苏省, not in this "
                                  "row's province 山东省; city left empty")
    assert found[("firms.csv", 3, "city", "city_in_other_province")].params["value"] == "南京"
    assert found[("firms.csv", 5, "city", "city_in_other_province")].params == {
        "value": "青岛市", "city": "青岛市", "city_province": "山东省", "province": "江苏省"}
    assert not [key for key in found if key[3] == "city_in_other_province" and key[1] in (4, 6)]


# ---------------------------------------------------------------- all of them in a copy of the demo
@pytest.fixture(scope="module")
def demo():
    return read_dataset(DEMO)


def test_the_demo_exported_with_every_form_reads_the_same(tmp_path, demo):
    """The demo's firms as a real export writes them: revenue in 亿元 with a 单位： label and a unit column that
    says 万元 for some rows, full-width digits, placeholder credit codes, one firm moved to a city of another
    province; shares headed 占比 (0-1)."""
    copy = shutil.copytree(DEMO, tmp_path / "demo")
    firms = pd.read_csv(DEMO / "firms.csv", dtype=str, keep_default_na=False)
    revenue = pd.to_numeric(firms["revenue"].replace("", np.nan))
    in_wan = np.arange(len(firms)) % 3 == 0
    firms["revenue"] = np.where(in_wan, firms["revenue"], (revenue / 10_000).map(repr))
    firms.loc[revenue.isna(), "revenue"] = ""
    firms["单位"] = np.where(in_wan, "万元", "")
    firms.loc[1, "employees"] = firms.loc[1, "employees"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    no_code = firms.index[firms["uscc"] == ""][:2]
    firms.loc[no_code, "uscc"] = ["无", "N/A"]
    moved = firms.index[(firms["province"] == "山东省") & (firms["city"] != "")][5]
    firms.loc[moved, "city"] = "南京市"
    firms = firms.rename(columns={"revenue": "营业收入（单位：亿元）"})
    firms.to_csv(copy / "firms.csv", index=False, encoding="utf-8")
    segments = (DEMO / "firm_segments.csv").read_text(encoding="utf-8").replace(",share\n", ",占比 (0-1)\n", 1)
    (copy / "firm_segments.csv").write_text(segments, encoding="utf-8")

    ds, found = load(copy)
    assert ds is not None, [i.format("en") for i in found.values() if i.level == "error"][:5]
    np.testing.assert_allclose(ds.firms["revenue"], demo.firms["revenue"], rtol=1e-12)
    assert ds.firms["employees"].tolist() == demo.firms["employees"].tolist()
    assert ds.firms["uscc"].fillna("").tolist() == demo.firms["uscc"].fillna("").tolist()
    expected_city = demo.firms["city"].copy()
    expected_city[moved] = np.nan
    assert ds.firms["city"].fillna("").tolist() == expected_city.fillna("").tolist()
    assert ds.firm_segments.equals(demo.firm_segments)
    assert {(key[1], key[2], key[3]) for key in found if key[3] in ("placeholder", "city_in_other_province")} == {
        (int(no_code[0]) + 2, "uscc", "placeholder"), (int(no_code[1]) + 2, "uscc", "placeholder"),
        (int(moved) + 2, "city", "city_in_other_province")}


def test_the_command_line_names_the_cell_of_an_unknown_unit(tmp_path):
    copy = shutil.copytree(DEMO, tmp_path / "demo")
    firms = pd.read_csv(DEMO / "firms.csv", dtype=str, keep_default_na=False)
    firms["单位"] = "万元"
    firms.loc[2, "单位"] = "万卢布"
    firms.to_csv(copy / "firms.csv", index=False, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "graph", "--lang", "en", "validate", "--data", str(copy)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
    assert errors == ["error: firms.csv, row 4, column 单位: unknown unit '万卢布' for column revenue: not read "
                      "(expected 万元 or a unit convertible to it)"]
