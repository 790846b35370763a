"""The labelled registry stays consistent with the chain maps, and the messy exports with their script.

    .venv/bin/python -m pytest tests/data/registry -q
"""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import openpyxl
import pytest
import yaml
from stdnum.cn import uscc

HERE = Path(__file__).resolve().parent
CHAINS = HERE.parents[2] / "chains" / "shandong-2022"
LABELLED_COLUMNS = ["企业名称", "统一社会信用代码", "省份", "城市", "所属行业", "经营范围", "主营产品",
                    "expected_chain", "expected_segment", "also_acceptable", "kind", "name_source", "note"]
SHORT_COLUMNS = ["企业名称", "所属行业", "expected_chain", "expected_segment", "also_acceptable", "kind"]
KINDS = {"chain", "service", "tricky", "industry"}


def read(name: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(HERE / name, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def segment_ids() -> dict[str, set[str]]:
    """chain id -> its segment ids (nothing else of the maps is read)."""
    out = {}
    for path in sorted(CHAINS.glob("[a-z]*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[doc["id"]] = {s["id"] for s in doc["segments"]}
    return out


@pytest.fixture(scope="module")
def labelled() -> list[dict[str, str]]:
    return read("labelled.csv")


def test_labelled_has_the_documented_columns_and_size(labelled):
    with open(HERE / "labelled.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == LABELLED_COLUMNS
    assert 400 <= len(labelled) <= 600
    names = [r["企业名称"] for r in labelled]
    assert len(set(names)) == len(names)


def test_truth_names_only_chains_and_segments_of_the_map(labelled):
    segs = segment_ids()
    assert len(segs) == 11
    for r in labelled:
        chain = r["expected_chain"]
        assert r["kind"] in KINDS, r
        assert (chain != "") == (r["kind"] == "chain"), r
        if chain:
            assert chain in segs, r
            assert set(filter(None, r["expected_segment"].split(";"))) <= segs[chain], r
        else:
            assert r["expected_segment"] == r["also_acceptable"] == "", r
        for pair in filter(None, r["also_acceptable"].split(";")):
            alt_chain, alt_segment = pair.split(":")
            assert alt_chain in segs and alt_chain != chain, r
            assert alt_segment == "" or alt_segment in segs[alt_chain], r


def test_mix_covers_every_chain_and_holds_four_in_ten_off_chain(labelled):
    per_chain = {c: 0 for c in segment_ids()}
    for r in labelled:
        if r["expected_chain"]:
            per_chain[r["expected_chain"]] += 1
    assert min(per_chain.values()) >= 20, per_chain
    on_chain = sum(per_chain.values()) / len(labelled)
    assert 0.55 <= on_chain <= 0.65
    kinds = {k: sum(r["kind"] == k for r in labelled) for k in KINDS}
    assert kinds["tricky"] >= 50 and kinds["service"] >= 100


def test_cells_are_clean_values(labelled):
    codes = [r["统一社会信用代码"] for r in labelled if r["统一社会信用代码"]]
    assert 5 <= len(codes) <= 40
    assert all(uscc.is_valid(c) for c in codes)
    invented = {r["统一社会信用代码"] for r in labelled if r["name_source"] == "invented"}
    assert set(codes) <= invented  # no code is attributed to a real firm
    for r in labelled:
        assert r["省份"].endswith(("省", "市", "自治区")), r
        assert r["城市"].endswith("市"), r
        assert r["所属行业"] and r["name_source"] in {"real", "invented"}, r
    assert 0.45 <= sum(bool(r["经营范围"]) for r in labelled) / len(labelled) <= 0.6
    assert 0.3 <= sum(bool(r["主营产品"]) for r in labelled) / len(labelled) <= 0.4


def test_names_and_labels_is_the_same_registry_without_the_other_columns(labelled):
    with open(HERE / "names_and_labels.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == SHORT_COLUMNS
    short = read("names_and_labels.csv")
    assert short == [{c: r[c] for c in SHORT_COLUMNS} for r in labelled]


def load_make_messy():
    spec = importlib.util.spec_from_file_location("make_messy", HERE / "make_messy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sheet_values(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_make_messy_reproduces_the_committed_files(tmp_path):
    load_make_messy().main(["--out", str(tmp_path)])
    for name in ("messy.csv", "messy_expected.csv"):
        assert (tmp_path / name).read_bytes() == (HERE / name).read_bytes(), name
    assert sheet_values(tmp_path / "messy.xlsx") == sheet_values(HERE / "messy.xlsx")


def test_messy_csv_is_gbk_with_a_title_row_and_the_expected_rows():
    raw = (HERE / "messy.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(raw.decode("gbk").splitlines()))
    assert rows[0][0] == "山东省重点企业名录（2024年）" and set(rows[0][1:]) == {""}
    assert rows[1][1] == "公司名称" and "营业收入（亿元）" in rows[1]
    expected = read("messy_expected.csv")
    assert len(expected) == len(rows) - 2 == 30
    assert [int(e["row"]) for e in expected] == list(range(3, 33))
    assert [e["name"] for e in expected] == [r[1] for r in rows[2:]]
    for e in expected:
        if e["uscc"]:
            assert uscc.is_valid(e["uscc"]) == (e["uscc_valid"] == "1"), e
    xlsx = sheet_values(HERE / "messy.xlsx")
    assert xlsx[0][0] == rows[0][0] and list(xlsx[1]) == rows[1]
    assert [r[1] for r in xlsx[2:]] == [e["name"] for e in expected]
