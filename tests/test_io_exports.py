"""Real-world exports read right or refused (issue 13 item 5), registry-only data, the benchmark table and the
share-remainder warning (issue 11): exact answers on tiny hand-made files."""
import shutil

import numpy as np
import pandas as pd
import pytest

from graph.io import check_dataset, read_dataset, write_dataset
from graph.model import DATASET_COLUMNS
from tests.conftest import TINY_TABLES

FIRMS_HEADER = "firm_id,name,province,city,uscc,revenue,employees,founded,tags\n"
FIRMS = TINY_TABLES["firms.csv"]


def load(folder):
    dataset, issues = check_dataset(folder)
    found = [(i.file, i.row, i.column, i.code) for i in issues]
    return dataset, found, issues


def test_title_row_above_the_header_is_skipped_and_named(make_dataset):
    firms = "XX省重点企业名录（2024年）,,,,,,,,\n" + FIRMS.replace("        ", "")
    ds, found, issues = load(make_dataset(firms__csv=firms))
    assert ds is not None and ds.firms["firm_id"].tolist() == ["A", "B", "C", "X"]
    (notice,) = [i for i in issues if i.code == "header_row"]
    assert (notice.file, notice.row, notice.level, notice.params) == ("firms.csv", 2, "warning", {"row": 2, "skipped": 1})
    assert notice.format("en") == "warning: firms.csv, row 2: header taken from row 2 (1 title row(s) above it skipped)"


def test_rows_keep_their_real_numbers_below_a_title_row(make_dataset):
    firms = "重点企业名录\n说明：单位万元\n" + FIRMS_HEADER + "A,甲,山东省,济南市,,1,,,\nA,乙,山东省,济南市,,1,,,\n"
    ds, found, _ = load(make_dataset(firms__csv=firms))
    assert ds is None
    assert ("firms.csv", 5, "firm_id", "duplicate_id") in found and ("firms.csv", 3, None, "header_row") in found


def test_province_and_city_names_are_normalised(make_dataset):
    firms = (FIRMS_HEADER + "A,甲,山东,济南,,1,,,\nB,乙,山东省,青岛,,1,,,\nC,丙,Shandong,山东省潍坊市,,1,,,\n"
             "X,外,江苏,苏州,,1,,,\n")
    projects = "project_id,name,chain_id,segment_id,city,stage\nP1,项目,widgets,ore,烟台,谋划\n"
    ds, found, _ = load(make_dataset(firms__csv=firms, projects__csv=projects))
    assert ds.firms["province"].tolist() == ["山东省", "山东省", "山东省", "江苏省"]
    assert ds.firms["city"].tolist() == ["济南市", "青岛市", "潍坊市", "苏州市"]
    assert ds.projects["city"].tolist() == ["烟台市"]
    assert not [f for f in found if f[3] in ("no_local_firm", "unknown_province")]


def test_region_written_without_suffix(tmp_path):
    from tests.conftest import write_dataset as write_files

    folder = write_files(tmp_path / "d", meta="name: t\nregion: 山东\nchain_set: chains\n")
    ds = read_dataset(folder)
    assert ds.meta.region == "山东省" and ds.warnings == []


def test_no_local_firm_and_unknown_provinces_are_warned(make_dataset):
    firms = FIRMS_HEADER + "A,甲,江苏省,苏州市,,1,,,\nB,乙,火星,,,1,,,\nC,丙,火星,,,1,,,\nX,外,浙江,杭州,,1,,,\n"
    ds, found, issues = load(make_dataset(firms__csv=firms))
    assert ds is not None
    assert ("firms.csv", 3, "province", "unknown_province") in found
    (unknown,) = [i for i in issues if i.code == "unknown_province"]
    assert unknown.params == {"value": "火星", "count": 2}
    (none_local,) = [i for i in issues if i.code == "no_local_firm"]
    assert (none_local.file, none_local.column, none_local.params["region"]) == ("firms.csv", "province", "山东省")
    assert none_local.params["examples"] == "江苏省、火星、浙江省"


def test_units_in_headers_are_converted(make_dataset):
    firms = "企业ID,企业名称,省份,城市,营业收入（亿元）,从业人数(万人)\nA,甲,山东省,济南市,20,1.5\nX,外,江苏省,苏州市,0.5,\n"
    segs = "企业ID,产业链ID,环节ID,占比（%）\nA,widgets,ore,40\nA,widgets,parts,60\nX,widgets,chips,100\n"
    supply = "供应商ID,客户ID,金额（元）\nX,A,25000\n"
    projects = "项目ID,项目名称,产业链ID,环节ID,城市,阶段,投资额（万元）\nP1,项目,widgets,ore,济南市,谋划,5000\n"
    ds, found, issues = load(make_dataset(firms__csv=firms, firm_segments__csv=segs, supply__csv=supply,
                                          projects__csv=projects))
    assert ds.firms["revenue"].tolist() == [200_000.0, 5_000.0]
    assert ds.firms["employees"].tolist()[0] == 15_000.0 and np.isnan(ds.firms["employees"].tolist()[1])
    assert ds.firm_segments["share"].tolist() == [0.4, 0.6, 1.0]
    assert ds.supply["amount"].tolist() == [2.5]
    assert ds.projects["investment"].tolist() == [0.5]
    converted = {(i.file, i.column, i.params["unit"], i.params["target"]) for i in issues if i.code == "unit_converted"}
    assert converted == {("firms.csv", "营业收入（亿元）", "亿元", "万元"), ("firms.csv", "从业人数(万人)", "万人", "人"),
                         ("firm_segments.csv", "占比（%）", "%", "0–1"), ("supply.csv", "金额（元）", "元", "万元"),
                         ("projects.csv", "投资额（万元）", "万元", "亿元")}


def test_headers_in_the_contract_unit_and_notes_pass_silently(make_dataset):
    firms = ("企业ID（必填）,企业名称,省份,城市,营业收入（万元）,从业人数（人）\nA,甲,山东省,济南市,20,15\n"
             "B,乙,山东省,青岛市,1,1\nC,丙,山东省,青岛市,1,1\nX,外,江苏省,苏州市,1,1\n")
    ds, found, _ = load(make_dataset(firms__csv=firms))
    assert ds.firms["revenue"].tolist() == [20.0, 1.0, 1.0, 1.0] and ds.firms["employees"].tolist()[0] == 15.0
    assert found == []


@pytest.mark.parametrize("header, column", [("营业收入（吨）", "营业收入（吨）"), ("revenue (USD)", "revenue (USD)"),
                                            ("从业人数（万元）", "从业人数（万元）")])
def test_unknown_units_are_refused(make_dataset, header, column):
    firms = f"firm_id,name,province,city,{header}\nA,甲,山东省,济南市,1\n"
    ds, found, issues = load(make_dataset(firms__csv=firms))
    assert ds is None
    assert ("firms.csv", 1, column, "unknown_unit") in found
    (refusal,) = [i for i in issues if i.code == "unknown_unit"]
    assert refusal.level == "error" and refusal.params["unit"] in header


def test_share_in_an_unknown_unit_is_refused(make_dataset):
    ds, found, _ = load(make_dataset(firm_segments__csv="firm_id,chain_id,segment_id,share(元)\nA,widgets,ore,1\n"))
    assert ds is None and ("firm_segments.csv", 1, "share(元)", "unknown_unit") in found


def test_values_with_units_and_placeholders(make_dataset):
    firms = (FIRMS_HEADER + "A,甲,山东省,济南市,,1.2亿,—,2005-03-12,\nB,乙,山东省,青岛市,,\"3,000万\",--,无,\n"
             "C,丙,山东省,青岛市,,N/A,2万人,2001年5月,\nX,外,江苏省,苏州市,,5000元,,,\n")
    ds, found, issues = load(make_dataset(firms__csv=firms))
    assert ds.firms["revenue"].tolist()[:2] == [12_000.0, 3_000.0] and np.isnan(ds.firms.loc[2, "revenue"])
    assert ds.firms.loc[3, "revenue"] == 0.5
    assert ds.firms["founded"].tolist()[0] == 2005.0 and ds.firms["founded"].tolist()[2] == 2001.0
    assert ds.firms.loc[2, "employees"] == 20_000.0
    warned = {(i.row, i.column, i.code, i.params["value"]) for i in issues if i.level == "warning"
              and i.code in ("unit_in_cell", "placeholder", "date_as_year")}
    assert warned == {(2, "revenue", "unit_in_cell", "1.2亿"), (3, "revenue", "unit_in_cell", "3,000万"),
                      (4, "revenue", "placeholder", "N/A"), (5, "revenue", "unit_in_cell", "5000元"),
                      (2, "employees", "placeholder", "—"), (3, "employees", "placeholder", "--"),
                      (4, "employees", "unit_in_cell", "2万人"), (2, "founded", "date_as_year", "2005-03-12"),
                      (3, "founded", "placeholder", "无"), (4, "founded", "date_as_year", "2001年5月")}
    line = next(i for i in issues if i.code == "unit_in_cell").format("en")
    assert line == "warning: firms.csv, row 2, column revenue: '1.2亿' carries a unit; converted to 万元"


def test_garbage_numbers_are_still_errors(make_dataset):
    firms = FIRMS_HEADER + "A,甲,山东省,济南市,,约一亿,,,\nB,乙,山东省,青岛市,,5吨,,,\n"
    _, found, _ = load(make_dataset(firms__csv=firms))
    assert ("firms.csv", 2, "revenue", "bad_number") in found and ("firms.csv", 3, "revenue", "bad_number") in found


def test_many_warnings_of_one_kind_are_counted_not_listed(make_dataset):
    firms = FIRMS_HEADER + "".join(f"F{i},企业{i},江苏省,苏州市,,—,,,\n" for i in range(60)) + "A,甲,山东省,济南市,,1,,,\n"
    segs = "firm_id,chain_id,segment_id\n" + "".join(f"F{i},widgets,ore\n" for i in range(60)) + "A,widgets,ore\n"
    _, _, issues = load(make_dataset(firms__csv=firms, firm_segments__csv=segs, supply__csv="supplier_id,customer_id\n",
                                     projects__csv=None))
    placeholders = [i for i in issues if i.column == "revenue"]
    assert len(placeholders) == 51 and placeholders[-1].code == "more_warnings"
    assert placeholders[-1].params == {"count": 10, "first": 52, "last": 61, "code": "placeholder"}


def test_tags_with_other_separators(make_dataset):
    firms = FIRMS_HEADER + "A,甲,山东省,济南市,,1,,,\"链主，专精特新\"\nB,乙,山东省,青岛市,,1,,,上市、瞪羚\nC,丙,山东省,青岛市,,1,,,小巨人 | 上市\nX,外,江苏省,苏州市,,1,,,\n"
    ds, _, _ = load(make_dataset(firms__csv=firms))
    assert ds.firms["tags"].tolist() == ["链主;专精特新", "上市;瞪羚", "小巨人;上市", ""]


def test_supply_absent_when_declared(tmp_path):
    from tests.conftest import write_dataset as write_files

    tables = {k: v for k, v in TINY_TABLES.items() if k != "supply.csv"}
    folder = write_files(tmp_path / "d", tables, meta="name: t\nregion: 山东省\nchain_set: chains\nsupply: none\n")
    ds, found, issues = load(folder)
    assert ds is not None and ds.supply_present is False
    assert len(ds.supply) == 0 and tuple(ds.supply.columns) == DATASET_COLUMNS["supply"]
    assert found == [("dataset.yaml", None, "supply", "supply_absent")]
    assert issues[0].format("en").endswith("the dataset has no supply links (supply: none): analyses that need them will say so")


def test_supply_missing_without_declaration_is_an_error_with_a_hint(tmp_path):
    from tests.conftest import write_dataset as write_files

    folder = write_files(tmp_path / "d", {k: v for k, v in TINY_TABLES.items() if k != "supply.csv"})
    ds, found, _ = load(folder)
    assert ds is None
    assert found == [("supply.csv", None, None, "file_missing"), ("dataset.yaml", None, "supply", "supply_optional")]


def test_supply_declared_absent_but_present_is_an_error(tmp_path):
    from tests.conftest import write_dataset as write_files

    folder = write_files(tmp_path / "d", meta="name: t\nregion: 山东省\nchain_set: chains\nsupply: none\n")
    ds, found, issues = load(folder)
    assert ds is None and ("supply.csv", None, None, "supply_declared_absent") in found


def test_bad_supply_declaration(tmp_path):
    from tests.conftest import write_dataset as write_files

    folder = write_files(tmp_path / "d", meta="name: t\nregion: 山东省\nchain_set: chains\nsupply: maybe\n")
    assert ("dataset.yaml", None, "supply", "bad_field") in load(folder)[1]


def test_benchmark_table(make_dataset):
    bench = "chain_id,segment_id,firms,revenue（亿元）\nwidgets,ore,120,3.5\nwidgets,parts,80,\n"
    ds, found, _ = load(make_dataset(benchmark__csv=bench))
    assert ds.benchmark["segment_id"].tolist() == ["ore", "parts"]
    assert ds.benchmark["firms"].tolist() == [120.0, 80.0]
    assert ds.benchmark["revenue"].tolist()[0] == 35_000.0 and np.isnan(ds.benchmark["revenue"].tolist()[1])
    assert tuple(ds.benchmark.columns) == DATASET_COLUMNS["benchmark"]


def test_no_benchmark_file_no_benchmark(tiny):
    assert read_dataset(tiny).benchmark is None


@pytest.mark.parametrize("text, expected", [
    ("chain_id,segment_id,firms\ngadgets,ore,1\n", ("benchmark.csv", 2, "chain_id", "unknown_chain")),
    ("chain_id,segment_id,firms\nwidgets,mine,1\n", ("benchmark.csv", 2, "segment_id", "unknown_segment")),
    ("chain_id,segment_id,firms\nwidgets,ore,1\nwidgets,ore,2\n", ("benchmark.csv", 3, "segment_id", "duplicate_row")),
    ("chain_id,segment_id,firms\nwidgets,ore,-1\n", ("benchmark.csv", 2, "firms", "negative")),
    ("chain_id,firms\nwidgets,1\n", ("benchmark.csv", 1, "segment_id", "missing_column")),
])
def test_benchmark_errors(make_dataset, text, expected):
    ds, found, _ = load(make_dataset(benchmark__csv=text))
    assert ds is None and expected in found


def test_share_remainder_warning(make_dataset):
    """A: share 1 given, parts without one -> nothing remains; B: 0.4 remains for chips; C: no share at all."""
    segs = ("firm_id,chain_id,segment_id,share\nA,widgets,ore,1\nA,widgets,parts,\nB,widgets,parts,0.6\n"
            "B,widgets,chips,\nC,widgets,devices,\nC,widgets,parts,\nX,widgets,chips,1\n")
    ds, found, issues = load(make_dataset(firm_segments__csv=segs))
    assert ds is not None
    (warning,) = [i for i in issues if i.code == "share_no_remainder"]
    assert (warning.row, warning.column, warning.params) == (3, "share", {"firm_id": "A", "missing": 1, "total": 1.0})
    assert warning.format("en") == ("warning: firm_segments.csv, row 3, column share: firm 'A' has 1 segment(s) without "
                                    "a share but its given shares add up to 1.0: nothing remains, they get 0")


def test_share_remainder_warning_names_every_starved_firm(make_dataset):
    segs = ("firm_id,chain_id,segment_id,share\nA,widgets,ore,1\nA,widgets,parts,\nX,widgets,chips,0.7\n"
            "X,widgets,ore,0.3\nX,widgets,parts,\nB,widgets,parts,\nC,widgets,devices,\n")
    _, _, issues = load(make_dataset(firm_segments__csv=segs))
    assert [(i.row, i.params["firm_id"]) for i in issues if i.code == "share_no_remainder"] == [(3, "A"), (6, "X")]


def test_cells_with_newlines_and_blank_lines_keep_row_numbers(make_dataset):
    firms = FIRMS_HEADER + "A,\"甲\n矿业\",山东省,济南市,,1,,,\n\nB,乙,山东省,青岛市,,1,,,\nA,丙,山东省,青岛市,,1,,,\n"
    ds, found, _ = load(make_dataset(firms__csv=firms))
    assert ("firms.csv", 5, "firm_id", "duplicate_id") in found


def test_xlsx_with_title_row_and_units(tiny, tmp_path):
    from openpyxl import load_workbook

    folder = write_dataset(read_dataset(tiny), tmp_path / "x", fmt="xlsx")
    shutil.copytree(tiny / "chains", folder / "chains")
    book = load_workbook(folder / "dataset.xlsx")
    sheet = book["firms"]
    sheet.insert_rows(1)
    sheet["A1"] = "重点企业名录（2024年）"
    sheet["F2"] = "营业收入（亿元）"
    book.save(folder / "dataset.xlsx")
    ds, found, _ = load(folder)
    assert ds.firms["revenue"].tolist() == [1_000_000.0, 2_000_000.0, 10_000_000.0, 5_000_000.0]
    assert ("dataset.xlsx[firms]", 2, None, "header_row") in found


def test_write_dataset_keeps_supply_absence_and_benchmark(make_dataset, tmp_path):
    bench = "chain_id,segment_id,firms,revenue\nwidgets,ore,120,3.5\n"
    folder = make_dataset(benchmark__csv=bench, supply__csv=None)
    text = (folder / "dataset.yaml").read_text(encoding="utf-8") + "supply: none\n"
    (folder / "dataset.yaml").write_text(text, encoding="utf-8")
    ds = read_dataset(folder)
    out = write_dataset(ds, tmp_path / "out")
    shutil.copytree(folder / "chains", out / "chains")
    assert not (out / "supply.csv").exists() and "supply: none" in (out / "dataset.yaml").read_text(encoding="utf-8")
    again = read_dataset(out)
    assert again.supply_present is False
    pd.testing.assert_frame_equal(again.benchmark, ds.benchmark)
    pd.testing.assert_frame_equal(again.firms, ds.firms)


def test_shares_over_one_are_warned_per_firm_in_file_order(make_dataset):
    segs = ("firm_id,chain_id,segment_id,share\nX,widgets,chips,0.9\nA,widgets,ore,0.5\nX,widgets,ore,0.3\n"
            "A,widgets,parts,0.7\nB,widgets,parts,1\nC,widgets,devices,1\n")
    _, _, issues = load(make_dataset(firm_segments__csv=segs))
    assert [(i.row, i.column, i.params) for i in issues if i.code == "share_sum"] == [
        (None, "share", {"firm_id": "X", "total": 1.2}), (None, "share", {"firm_id": "A", "total": 1.2})]
