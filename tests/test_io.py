"""Dataset loading and validation: every error kind names file, row and column; nothing loads."""
import shutil

import networkx as nx
import pandas as pd
import pytest

from graph.build import build_graph
from graph.io import check_dataset, read_dataset, write_dataset
from graph.io.schemas import TABLES
from graph.model import DATASET_COLUMNS, NUMBER_COLUMNS
from tests.conftest import DEMO, ROOT, TINY_TABLES

FIRMS_HEADER = "firm_id,name,province,city,uscc,revenue,employees,founded,tags\n"


def errors_of(folder):
    dataset, issues = check_dataset(folder)
    assert dataset is None, "a dataset with errors must not load"
    return [(i.file, i.row, i.column, i.code) for i in issues if i.level == "error"]


def test_tiny_dataset_loads(tiny):
    ds = read_dataset(tiny)
    assert ds.firms["firm_id"].tolist() == ["A", "B", "C", "X"]
    assert ds.firms["tags"].tolist() == ["", "专精特新", "链主;上市", "单项冠军"]
    assert ds.firms.loc[0, "uscc"] == "91110000600037341L" and ds.firms.loc[0, "revenue"] == 100.0
    assert ds.firms["uscc"].isna().tolist() == [False, True, True, True]
    assert ds.projects.loc[0, "investment"] == 12.5 and pd.isna(ds.projects.loc[0, "firm_id"])
    assert ds.supply_present and ds.benchmark is None
    assert ds.warnings == []


MINIMAL = {"firms__csv": "firm_id,name,province\nA,甲,山东省\nB,乙,山东省\nC,丙,山东省\nX,外,江苏省\n",
           "firm_segments__csv": "firm_id,chain_id,segment_id\nA,widgets,ore\nB,widgets,parts\nC,widgets,devices\n"
                                 "X,widgets,chips\n",
           "supply__csv": "supplier_id,customer_id\n", "projects__csv": None}


@pytest.mark.parametrize("minimal", [False, True], ids=["every column", "required columns only"])
def test_tables_follow_the_column_contract(make_dataset, minimal):
    ds = read_dataset(make_dataset(**(MINIMAL if minimal else {})))
    if minimal:
        assert ds.firms["city"].isna().all() and ds.firms["tags"].tolist() == [""] * 4 and len(ds.supply) == 0
    for table, frame in (("firms", ds.firms), ("firm_segments", ds.firm_segments), ("supply", ds.supply),
                         ("projects", ds.projects)):
        assert tuple(frame.columns) == DATASET_COLUMNS[table] == tuple(TABLES[table])
        assert isinstance(frame.index, pd.RangeIndex)
        for column in frame.columns:
            expected = "float64" if column in NUMBER_COLUMNS else "str"
            assert str(frame[column].dtype) == expected, (table, column)


@pytest.mark.parametrize("table, text, expected", [
    ("firms.csv", FIRMS_HEADER + "A,甲,山东省,济南市,,1,,,\nA,乙,山东省,济南市,,1,,,\n",
     ("firms.csv", 3, "firm_id", "duplicate_id")),
    ("firms.csv", FIRMS_HEADER + "A,甲,山东省,济南市,91110000600037341X,1,,,\n",
     ("firms.csv", 2, "uscc", "bad_uscc")),
    ("firms.csv", FIRMS_HEADER + "A,甲,山东省,济南市,,-5,,,\n", ("firms.csv", 2, "revenue", "negative")),
    ("firms.csv", FIRMS_HEADER + "A,甲,山东省,济南市,,lots,,,\n", ("firms.csv", 2, "revenue", "bad_number")),
    ("firms.csv", FIRMS_HEADER + "A,甲,山东省,济南市,,1,3.5,,\n", ("firms.csv", 2, "employees", "bad_integer")),
    ("firms.csv", FIRMS_HEADER + "A,甲,山东省,济南市,,1,,1066,\n", ("firms.csv", 2, "founded", "bad_year")),
    ("firms.csv", FIRMS_HEADER + "A,,山东省,济南市,,1,,,\n", ("firms.csv", 2, "name", "required")),
    ("firms.csv", "firm_id,name,city\nA,甲,济南市\n", ("firms.csv", 1, "province", "missing_column")),
    ("firms.csv", "firm_id,name,province,企业名称\nA,甲,山东省,甲\n", ("firms.csv", 1, "企业名称", "duplicate_column")),
    ("firms.csv", "", ("firms.csv", None, None, "empty_file")),
    ("firms.csv", FIRMS_HEADER, ("firms.csv", None, None, "no_rows")),
    ("firms.csv", None, ("firms.csv", None, None, "file_missing")),
    ("firm_segments.csv", "firm_id,chain_id,segment_id,share\nA,widgets,ore,1.5\n",
     ("firm_segments.csv", 2, "share", "share_range")),
    ("firm_segments.csv", "firm_id,chain_id,segment_id\nA,widgets,nowhere\n",
     ("firm_segments.csv", 2, "segment_id", "unknown_segment")),
    ("firm_segments.csv", "firm_id,chain_id,segment_id\nA,gadgets,ore\n",
     ("firm_segments.csv", 2, "chain_id", "unknown_chain")),
    ("firm_segments.csv", "firm_id,chain_id,segment_id\nZ,widgets,ore\n",
     ("firm_segments.csv", 2, "firm_id", "unknown_firm")),
    ("firm_segments.csv", "firm_id,chain_id,segment_id\nA,widgets,ore\nA,widgets,ore\n",
     ("firm_segments.csv", 3, "segment_id", "duplicate_row")),
    ("supply.csv", "supplier_id,customer_id\nA,A\n", ("supply.csv", 2, "customer_id", "self_supply")),
    ("supply.csv", "supplier_id,customer_id\nA,Q\n", ("supply.csv", 2, "customer_id", "unknown_firm")),
    ("supply.csv", "supplier_id,customer_id,chain_id,amount\nA,B,widgets,1\nA,B,widgets,2\n",
     ("supply.csv", 3, "customer_id", "duplicate_row")),
    ("projects.csv", "project_id,name,chain_id,segment_id,city,stage\nP1,x,widgets,ore,济南市,想想\n",
     ("projects.csv", 2, "stage", "bad_stage")),
    ("projects.csv", "project_id,name,chain_id,segment_id,city,stage\nP1,x,widgets,ore,济南市,谋划\nP1,y,widgets,ore,济南市,谋划\n",
     ("projects.csv", 3, "project_id", "duplicate_id")),
])
def test_each_error_kind_is_located(make_dataset, table, text, expected):
    folder = make_dataset(**{table.replace(".", "__"): text})
    if text is None:
        (folder / table).unlink(missing_ok=True)
    assert expected in errors_of(folder)


def test_all_problems_reported_in_one_pass(make_dataset):
    firms = FIRMS_HEADER + ("A,甲,山东省,济南市,,1,,,\nB,乙,山东省,济南市,,1,,,\nC,丙,山东省,济南市,,1,,,\n"
                            "X,外,江苏省,苏州市,91110000600037341X,1,,,\nA,重,山东省,济南市,,1,,,\n")
    segs = "firm_id,chain_id,segment_id\nA,widgets,ore\nB,widgets,parts\nC,widgets,devicez\nX,widgets,chips\n"
    found = errors_of(make_dataset(firms__csv=firms, firm_segments__csv=segs))
    assert ("firms.csv", 6, "firm_id", "duplicate_id") in found
    assert ("firms.csv", 5, "uscc", "bad_uscc") in found
    assert ("firm_segments.csv", 4, "segment_id", "unknown_segment") in found


def test_blank_lines_keep_spreadsheet_row_numbers(make_dataset):
    firms = FIRMS_HEADER + "A,甲,山东省,济南市,,1,,,\n\nA,乙,山东省,济南市,,1,,,\n"
    assert ("firms.csv", 4, "firm_id", "duplicate_id") in errors_of(make_dataset(firms__csv=firms))


def test_warnings_do_not_stop_a_load(make_dataset):
    firms = TINY_TABLES["firms.csv"] + "        Y,无环节,江苏省,,,1,,,瞪羚;金牌\n"
    ds, issues = check_dataset(make_dataset(firms__csv=firms))
    assert ds is not None
    assert {(i.row, i.code) for i in issues} == {(6, "firm_without_segment"), (6, "unknown_tag")}


def test_chinese_headers_and_units(make_dataset):
    firms = "企业ID,企业名称,省份,城市,营业收入（万元）,标签\nA,甲,山东省,济南市,\"1,200.5\",链主\n"
    segs = "企业ID,产业链ID,环节ID,占比\nA,widgets,ore,1\n"
    ds = read_dataset(make_dataset(firms__csv=firms, firm_segments__csv=segs, supply__csv="供应商ID,客户ID\n",
                                   projects__csv=None))
    assert ds.firms.loc[0, "revenue"] == 1200.5 and ds.firms.loc[0, "tags"] == "链主"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings(make_dataset, encoding):
    tables = {name.replace(".", "__"): text for name, text in TINY_TABLES.items()}
    ds = read_dataset(make_dataset(encoding=encoding, **tables))
    assert ds.firms.loc[1, "name"] == "乙零件" and ds.firms.loc[1, "city"] == "青岛市"


def test_mixed_encodings_are_refused(make_dataset):
    folder = make_dataset()
    lines = (FIRMS_HEADER + "A,甲,山东省,济南市,,1,,,\n").encode("utf-8") + "B,乙,山东省,济南市,,1,,,\n".encode("gbk")
    (folder / "firms.csv").write_bytes(lines)
    assert ("firms.csv", None, None, "mixed_encoding") in errors_of(folder)


def test_not_a_table(make_dataset):
    folder = make_dataset()
    (folder / "firms.csv").write_bytes(b"PK\x03\x04 this is a zip, not a csv")
    assert ("firms.csv", None, None, "not_a_table") in errors_of(folder)


def assert_same_tables(a, b):
    for table in ("firms", "firm_segments", "supply", "projects"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))
    graph_a, graph_b = build_graph(a), build_graph(b)      # and the same graph (metadata aside) built from them
    graph_a.graph.clear()
    graph_b.graph.clear()
    assert nx.utils.graphs_equal(graph_a, graph_b)


def test_xlsx_and_csv_give_the_same_tables(tiny, tmp_path):
    ds = read_dataset(tiny)
    folder = write_dataset(ds, tmp_path / "as_xlsx", fmt="xlsx")
    shutil.copytree(tiny / "chains", folder / "chains")
    assert_same_tables(ds, read_dataset(folder))


def test_xlsx_missing_sheet(tiny, tmp_path):
    from openpyxl import load_workbook

    folder = write_dataset(read_dataset(tiny), tmp_path / "x", fmt="xlsx")
    shutil.copytree(tiny / "chains", folder / "chains")
    book = load_workbook(folder / "dataset.xlsx")
    del book["supply"]
    book.save(folder / "dataset.xlsx")
    assert ("dataset.xlsx", None, None, "sheet_missing") in errors_of(folder)


def test_demo_reencoded_as_gbk_gives_the_same_tables(tmp_path):
    copy = shutil.copytree(DEMO, tmp_path / "demo")
    text = (copy / "firms.csv").read_text(encoding="utf-8")
    (copy / "firms.csv").write_bytes(text.encode("gbk"))
    assert_same_tables(read_dataset(DEMO), read_dataset(copy))


def test_demo_round_trips_through_write_dataset(tmp_path):
    ds = read_dataset(DEMO)
    again = read_dataset(write_dataset(ds, tmp_path / "again"), chains=ROOT / "chains" / ds.meta.chain_set)
    assert_same_tables(ds, again)
    assert [p.name for p in sorted((tmp_path / "again").iterdir())] == sorted(p.name for p in DEMO.iterdir())
    for written in (tmp_path / "again").iterdir():   # the same files out, byte for byte
        assert written.read_bytes() == (DEMO / written.name).read_bytes(), written.name


def test_unknown_chain_set(make_dataset):
    folder = make_dataset()
    (folder / "dataset.yaml").write_text("name: t\nregion: 山东省\nchain_set: no-such-set\n", encoding="utf-8")
    assert ("dataset.yaml", None, "chain_set", "unknown_chain_set") in errors_of(folder)


def test_data_error_is_a_value_error(make_dataset):
    with pytest.raises(ValueError):
        read_dataset(make_dataset(supply__csv="supplier_id,customer_id\nA,A\n"))


def test_issue_line_is_readable(make_dataset):
    _, issues = check_dataset(make_dataset(supply__csv="supplier_id,customer_id\nA,A\n"))
    (issue,) = [i for i in issues if i.level == "error"]
    assert issue.format("en") == "error: supply.csv, row 2, column customer_id: a firm cannot supply itself ('A')"
    assert issue.format("zh") == "错误: supply.csv, 第2行, 列 customer_id: 企业不能自己供应自己（'A'）"


def _zip(entries):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_upload_of_a_zip_becomes_a_dataset(tiny, tmp_path):
    from graph.io import stage_upload

    entries = [(f"nested/{p.name}", p.read_bytes()) for p in tiny.iterdir() if p.is_file()]
    folder = stage_upload([("ds.zip", _zip(entries))], tmp_path / "up")
    shutil.copytree(tiny / "chains", folder / "chains")
    assert len(read_dataset(folder).firms) == 4


def test_upload_folders_of_ended_server_processes_are_removed_and_a_running_ones_stay(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from graph.io.uploads import remove_orphaned_uploads, upload_folder

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    mine = upload_folder("registry", tmp_path)                        # this process: running
    gone = tmp_path / f"chain-explorer-upload-{ended.pid}-abc123"     # a server that has ended
    (gone / "dataset").mkdir(parents=True)
    old, new = tmp_path / "chain-explorer-upload-old1234", tmp_path / "chain-explorer-registry-new1234"
    for folder in (old, new):                                         # an older version's, no process id
        folder.mkdir()
    os.utime(old, (time.time() - 3 * 86_400,) * 2)
    other = tmp_path / "chain-explorer-notes"                         # not an upload folder
    other.mkdir()
    assert remove_orphaned_uploads(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, new.name, other.name])
    assert mine.name.startswith(f"chain-explorer-registry-{os.getpid()}-")


@pytest.mark.parametrize("entries, code", [
    ([("../evil.csv", b"x")], "zip_unsafe"),
    ([(f"f{i}.csv", b"x") for i in range(30)], "zip_unsafe"),
    ([("bomb.csv", b"0" * 3_000_000)], "too_large"),
])
def test_unsafe_uploads_are_refused(tmp_path, entries, code):
    from graph.io import DataError, stage_upload

    with pytest.raises(DataError) as info:
        stage_upload([("up.zip", _zip(entries))], tmp_path / "up", max_total_mb=1)
    assert info.value.errors[0].code == code
    assert not any((tmp_path / "up").iterdir()), "nothing is written"


def test_damaged_zip_and_wrong_type(tmp_path):
    from graph.io import DataError, stage_upload

    for name, data in (("a.zip", b"PK\x03\x04broken"), ("a.exe", b"MZ")):
        with pytest.raises(DataError) as info:
            stage_upload([(name, data)], tmp_path / name)
        assert info.value.errors[0].code == "not_a_table"
