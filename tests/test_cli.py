"""`python -m graph` as a user runs it: exit codes and readable lines, never a traceback."""
import subprocess
import sys

from tests.conftest import DEMO, ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_demo_exits_0():
    result = run("validate", "--data", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "4000" in result.stdout


def test_validate_names_every_problem_with_rows(make_dataset):
    firms = ("firm_id,name,province,city,uscc\nA,甲,山东省,济南市,\nB,乙,山东省,济南市,\n"
             "C,丙,山东省,济南市,91110000600037341X\nX,外,江苏省,苏州市,\nA,重复,山东省,济南市,\n")
    segs = "firm_id,chain_id,segment_id\nA,widgets,ore\nB,widgets,nowhere\nC,widgets,devices\nX,widgets,chips\n"
    folder = make_dataset(firms__csv=firms, firm_segments__csv=segs)
    result = run("--lang", "en", "validate", "--data", str(folder))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any("firms.csv, row 6, column firm_id" in line and "duplicate id 'A'" in line for line in lines)
    assert any("firm_segments.csv, row 3, column segment_id" in line and "nowhere" in line for line in lines)
    assert any("firms.csv, row 4, column uscc" in line and "credit code" in line for line in lines)


def test_missing_folder_is_one_line():
    result = run("info", "--data", "/no/such/folder")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_info_tables():
    result = run("info", "--data", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "纺织服装" in result.stdout and "青岛市" in result.stdout
