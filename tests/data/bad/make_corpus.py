"""Regenerate the corpus of broken datasets: one folder per flaw, each with expected.yaml.

Run from the repository root: python tests/data/bad/make_corpus.py
Every case starts from the same small valid dataset (BASE) and changes one thing.
The two large cases (a 5 MB field, 100k rows with one bad row) are built by the tests instead.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CHAIN = """\
id: widgets
name: 小部件
name_en: Widgets
segments:
  - {id: ore, name: 矿石, name_en: Ore, stage: upstream, key_tech: false}
  - {id: parts, name: 零件, name_en: Parts, stage: midstream, key_tech: true}
  - {id: devices, name: 整机, name_en: Devices, stage: downstream, key_tech: false}
links:
  - {from: ore, to: parts}
  - {from: parts, to: devices}
"""
META = "name: bad case\nregion: 山东省\nchain_set: ../_chains\nsynthetic: true\n"
FIRMS = ("firm_id,name,province,city,uscc,revenue,employees,founded,tags\n"
         "A,甲矿业,山东省,济南市,91110000600037341L,100,10,2000,\n"
         "B,乙零件,山东省,青岛市,,200,20,2001,专精特新\n"
         "C,丙整机,山东省,青岛市,,1000,300,1999,链主\n"
         "X,外省零件,江苏省,苏州市,,500,50,2005,\n")
SEGMENTS = "firm_id,chain_id,segment_id,share\nA,widgets,ore,1\nB,widgets,parts,1\nC,widgets,devices,1\nX,widgets,parts,1\n"
SUPPLY = "supplier_id,customer_id,chain_id,amount\nA,B,widgets,10\nB,C,widgets,50\nX,C,widgets,80\n"
PROJECTS = ("project_id,name,chain_id,segment_id,city,stage,investment,firm_id\n"
            "P1,零件项目,widgets,parts,济南市,谋划,12.5,\nP2,整机项目,widgets,devices,青岛市,开工,3,C\n")
BASE = {"dataset.yaml": META, "firms.csv": FIRMS, "firm_segments.csv": SEGMENTS, "supply.csv": SUPPLY,
        "projects.csv": PROJECTS}


def add(text: str, line: str) -> str:
    return text + line + "\n"


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# name: (changes {file: new content or None to delete}, expected (file, row, column, code))
CASES = {
    "missing_required_column": ({"firms.csv": FIRMS.replace(",province", "").replace(",山东省", "").replace(",江苏省", "")},
                                ("firms.csv", 1, "province", "missing_column")),
    "empty_firms_file": ({"firms.csv": ""}, ("firms.csv", None, None, "empty_file")),
    "header_only_firms": ({"firms.csv": FIRMS.splitlines()[0] + "\n"}, ("firms.csv", None, None, "no_rows")),
    "duplicate_firm_id": ({"firms.csv": add(FIRMS, "B,又一个乙,山东省,济南市,,5,,,")}, ("firms.csv", 6, "firm_id", "duplicate_id")),
    "duplicate_project_id": ({"projects.csv": add(PROJECTS, "P1,重复项目,widgets,ore,济南市,储备,,")},
                             ("projects.csv", 4, "project_id", "duplicate_id")),
    "duplicate_segment_row": ({"firm_segments.csv": add(SEGMENTS, "B,widgets,parts,1")},
                              ("firm_segments.csv", 6, "segment_id", "duplicate_row")),
    "duplicate_supply_row": ({"supply.csv": add(SUPPLY, "A,B,widgets,11")}, ("supply.csv", 5, "customer_id", "duplicate_row")),
    "dangling_firm_in_segments": ({"firm_segments.csv": add(SEGMENTS, "Z,widgets,ore,1")},
                                  ("firm_segments.csv", 6, "firm_id", "unknown_firm")),
    "dangling_supplier": ({"supply.csv": add(SUPPLY, "Q,C,widgets,1")}, ("supply.csv", 5, "supplier_id", "unknown_firm")),
    "dangling_customer": ({"supply.csv": add(SUPPLY, "A,Q,widgets,1")}, ("supply.csv", 5, "customer_id", "unknown_firm")),
    "unknown_segment": ({"firm_segments.csv": replace(SEGMENTS, "A,widgets,ore", "A,widgets,mine")},
                        ("firm_segments.csv", 2, "segment_id", "unknown_segment")),
    "unknown_chain": ({"supply.csv": replace(SUPPLY, "B,C,widgets", "B,C,gadgets")}, ("supply.csv", 3, "chain_id", "unknown_chain")),
    "self_supply": ({"supply.csv": add(SUPPLY, "C,C,widgets,1")}, ("supply.csv", 5, "customer_id", "self_supply")),
    "negative_revenue": ({"firms.csv": replace(FIRMS, ",200,20,", ",-200,20,")}, ("firms.csv", 3, "revenue", "negative")),
    "non_numeric_revenue": ({"firms.csv": replace(FIRMS, ",200,20,", ",二百,20,")}, ("firms.csv", 3, "revenue", "bad_number")),
    "negative_amount": ({"supply.csv": replace(SUPPLY, "A,B,widgets,10", "A,B,widgets,-10")}, ("supply.csv", 2, "amount", "negative")),
    "share_over_one": ({"firm_segments.csv": replace(SEGMENTS, "B,widgets,parts,1", "B,widgets,parts,1.5")},
                       ("firm_segments.csv", 3, "share", "share_range")),
    "invalid_credit_code": ({"firms.csv": replace(FIRMS, "91110000600037341L", "91110000600037341X")},
                            ("firms.csv", 2, "uscc", "bad_uscc")),
    "unknown_project_stage": ({"projects.csv": replace(PROJECTS, ",谋划,", ",考虑中,")}, ("projects.csv", 2, "stage", "bad_stage")),
    "project_unknown_firm": ({"projects.csv": replace(PROJECTS, ",3,C", ",3,ZZ")}, ("projects.csv", 3, "firm_id", "unknown_firm")),
    "non_integer_employees": ({"firms.csv": replace(FIRMS, ",200,20,", ",200,20.5,")}, ("firms.csv", 3, "employees", "bad_integer")),
    "impossible_founding_year": ({"firms.csv": replace(FIRMS, ",2001,", ",3001,")}, ("firms.csv", 3, "founded", "bad_year")),
    "empty_required_name": ({"firms.csv": replace(FIRMS, "B,乙零件,", "B,,")}, ("firms.csv", 3, "name", "required")),
    "duplicate_column": ({"firms.csv": FIRMS.replace("tags\n", "tags,企业名称\n", 1)}, ("firms.csv", 1, "企业名称", "duplicate_column")),
    "missing_supply_file": ({"supply.csv": None}, ("supply.csv", None, None, "file_missing")),
    "missing_dataset_yaml": ({"dataset.yaml": None}, ("dataset.yaml", None, None, "file_missing")),
    "dataset_yaml_without_region": ({"dataset.yaml": META.replace("region: 山东省\n", "")}, ("dataset.yaml", None, "region", "missing_field")),
    "dataset_yaml_bad_synthetic": ({"dataset.yaml": META.replace("synthetic: true", "synthetic: maybe")},
                                   ("dataset.yaml", None, "synthetic", "bad_field")),
    "unknown_chain_set": ({"dataset.yaml": META.replace("../_chains", "no-such-chain-set")},
                          ("dataset.yaml", None, "chain_set", "unknown_chain_set")),
    "cyclic_chain_map": ({"dataset.yaml": META.replace("../_chains", "chains"),
                          "chains/widgets.yaml": CHAIN + "  - {from: devices, to: ore}\n"},
                         ("chains/widgets.yaml", None, "links", "cycle")),
    "chain_yaml_syntax": ({"dataset.yaml": META.replace("../_chains", "chains"),
                           "chains/widgets.yaml": CHAIN.replace("name_en: Widgets\n", "name_en: [Widgets\n")},
                          ("chains/widgets.yaml", None, None, "bad_yaml")),
    "mixed_encodings": ({"firms.csv": FIRMS.encode("utf-8") + "Y,戊企业,山东省,济南市,,5,,,\n".encode("gbk")},
                        ("firms.csv", None, None, "mixed_encoding")),
    "not_a_table": ({"firms.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR not a table"}, ("firms.csv", None, None, "not_a_table")),
    # real-world exports (issue 13): a unit nobody can convert, a title row above a real error, a unit in a cell
    # that is not a quantity, a broken benchmark table and a bad supply declaration
    "unknown_unit_in_header": ({"firms.csv": FIRMS.replace(",revenue,", ",营业收入（吨）,", 1)},
                               ("firms.csv", 1, "营业收入（吨）", "unknown_unit")),
    "title_row_then_duplicate": ({"firms.csv": "XX省重点企业名录（2024年）,,,,,,,,\n" + add(FIRMS, "B,又一个乙,山东,济南,,5,,,")},
                                 ("firms.csv", 7, "firm_id", "duplicate_id")),
    "unit_that_is_not_money": ({"firms.csv": replace(FIRMS, ",200,20,", ",200吨,20,")}, ("firms.csv", 3, "revenue", "bad_number")),
    "benchmark_unknown_segment": ({"benchmark.csv": "chain_id,segment_id,firms,revenue\nwidgets,ore,10,5\nwidgets,mine,3,1\n"},
                                  ("benchmark.csv", 3, "segment_id", "unknown_segment")),
    "supply_declared_badly": ({"dataset.yaml": META + "supply: maybe\n"}, ("dataset.yaml", None, "supply", "bad_field")),
    "xlsx_missing_sheet": ({"firms.csv": None, "firm_segments.csv": None, "supply.csv": None, "projects.csv": None,
                            "dataset.xlsx": "xlsx without supply"}, ("dataset.xlsx", None, None, "sheet_missing")),
}


def write_xlsx(path: Path, tables: dict[str, str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, text in tables.items():
        sheet = book.create_sheet(name)
        for line in text.splitlines():
            sheet.append(line.split(","))
    book.save(path)


def main() -> None:
    chains = HERE / "_chains"
    chains.mkdir(exist_ok=True)
    (chains / "widgets.yaml").write_text(CHAIN, encoding="utf-8")
    for name, (changes, expected) in CASES.items():
        folder = HERE / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        files = {**BASE, **changes}
        for file, content in files.items():
            if content is None:
                continue
            path = folder / file
            path.parent.mkdir(parents=True, exist_ok=True)
            if file.endswith(".xlsx"):
                write_xlsx(path, {"firms": FIRMS, "firm_segments": SEGMENTS, "projects": PROJECTS})
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        keys = ("file", "row", "column", "code")
        (folder / "expected.yaml").write_text(yaml.safe_dump(dict(zip(keys, expected, strict=True)),
                                                             allow_unicode=True), encoding="utf-8")
    assert not any(zipfile.is_zipfile(p) for p in HERE.glob("*/*.csv"))


if __name__ == "__main__":
    main()
