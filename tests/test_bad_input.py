"""The corpus of broken datasets (tests/data/bad): each one is refused with file, row and column in one
readable line, and nothing is loaded — by the Python API, the CLI and the app's upload path alike."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from graph.io import check_dataset, stage_upload
from tests.conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad"
CASES = sorted(p for p in BAD.iterdir() if (p / "expected.yaml").exists())


def expected(case: Path) -> tuple:
    e = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    return e["file"], e["row"], e["column"], e["code"]


def errors(folder) -> tuple[object, list[tuple]]:
    dataset, issues = check_dataset(folder)
    return dataset, [(i.file, i.row, i.column, i.code) for i in issues if i.level == "error"]


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({expected(c)[3] for c in CASES}) >= 25, "flaws of many kinds"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_python_api_refuses(case):
    dataset, found = errors(case)
    assert dataset is None
    assert expected(case) in found


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_cli_refuses_in_one_line(case):
    result = subprocess.run([sys.executable, "-m", "graph", "--lang", "en", "validate", "--data", str(case)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    file, row, column, _ = expected(case)
    location = ", ".join([file] + ([f"row {row}"] if row else []) + ([f"column {column}"] if column else []))
    assert any(line.startswith(f"error: {location}: ") for line in result.stderr.splitlines()), result.stderr


@pytest.mark.parametrize("case", [c for c in CASES if not (c / "chains").exists()], ids=lambda p: p.name)
def test_upload_path_refuses(case, tmp_path):
    files = [(p.name, p.read_bytes()) for p in case.iterdir() if p.is_file() and p.name != "expected.yaml"]
    shutil.copytree(BAD / "_chains", tmp_path / "_chains")
    folder = stage_upload(files, tmp_path / "upload")
    if not (folder / "dataset.yaml").exists() and expected(case)[0] != "dataset.yaml":
        (folder / "dataset.yaml").write_text("name: up\nregion: 山东省\nchain_set: ../_chains\n", encoding="utf-8")
    dataset, found = errors(folder)
    assert dataset is None
    if expected(case)[0] != "dataset.yaml":
        assert expected(case) in found


def _base(tmp_path) -> Path:
    folder = shutil.copytree(BAD / "duplicate_firm_id", tmp_path / "big")
    shutil.copytree(BAD / "_chains", tmp_path / "_chains")
    (folder / "expected.yaml").unlink()
    firms = (folder / "firms.csv").read_text(encoding="utf-8").splitlines()
    (folder / "firms.csv").write_text("\n".join(firms[:-1]) + "\n", encoding="utf-8")
    return folder


def test_five_megabyte_field(tmp_path):
    folder = _base(tmp_path)
    with open(folder / "firms.csv", "a", encoding="utf-8") as handle:
        handle.write("Y," + "长" * 1_700_000 + ",山东省,济南市,,1,,,\n")
    assert (folder / "firms.csv").stat().st_size > 5_000_000
    _, found = errors(folder)
    assert ("firms.csv", 6, None, "csv_syntax") in found


def test_hundred_thousand_rows_with_one_bad_row_near_the_end(tmp_path):
    folder = _base(tmp_path)
    firms = ["firm_id,name,province,city"] + [f"F{i},企业{i},山东省,济南市" for i in range(100_000)]
    (folder / "firms.csv").write_text("\n".join(firms) + "\n", encoding="utf-8")
    segments = ["firm_id,chain_id,segment_id"] + [f"F{i},widgets,{('ore', 'parts', 'devices')[i % 3]}" for i in range(100_000)]
    (folder / "firm_segments.csv").write_text("\n".join(segments) + "\n", encoding="utf-8")
    supply = ["supplier_id,customer_id,chain_id,amount"] + [f"F{i},F{i + 1},widgets,{i}" for i in range(99_999)]
    supply[99_990] = "F99989,F99990,widgets,九十九"
    (folder / "supply.csv").write_text("\n".join(supply) + "\n", encoding="utf-8")
    (folder / "projects.csv").unlink()
    dataset, found = errors(folder)
    assert dataset is None
    assert found == [("supply.csv", 99_991, "amount", "bad_number")]
