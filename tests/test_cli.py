"""`python -m graph` as a user runs it: exit codes and readable lines, never a traceback."""
import subprocess
import sys

from tests.conftest import DEMO, ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_demo_exits_0():
    result = run("validate", "--data", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "4015" in result.stdout


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


PLANTED = {
    "firms.csv": """\
        firm_id,name,province,city,revenue,tags
        O1,矿一,山东省,济南市,100,
        O2,矿二,山东省,淄博市,120,
        O3,矿三,山东省,潍坊市,90,
        B,独家零件,山东省,青岛市,200,专精特新
        D1,整机一,山东省,青岛市,9000,上市
        D2,整机二,山东省,烟台市,300,
        D3,整机三,山东省,济南市,250,
        X,外省芯片大厂,江苏省,苏州市,50000,单项冠军;上市
        Y,外省芯片小厂,浙江省,宁波市,80,
        """,
    "firm_segments.csv": """\
        firm_id,chain_id,segment_id
        O1,widgets,ore
        O2,widgets,ore
        O3,widgets,ore
        B,widgets,parts
        D1,widgets,devices
        D2,widgets,devices
        D3,widgets,devices
        X,widgets,chips
        Y,widgets,chips
        """,
    "supply.csv": """\
        supplier_id,customer_id,chain_id
        O1,B,widgets
        O2,B,widgets
        O3,B,widgets
        B,D1,widgets
        B,D2,widgets
        B,D3,widgets
        X,D1,widgets
        X,D2,widgets
        """,
    "projects.csv": None,
}


def test_analyze_json_finds_planted_gap_weak_link_leader_and_target(make_dataset):
    import json

    folder = make_dataset(**{k.replace(".", "__"): v for k, v in PLANTED.items()})
    result = run("analyze", "--data", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["region"] == "山东省" and out["dataset"] == "tiny"
    (chain,) = out["chains"]
    assert set(chain) >= {"chain_id", "name", "completeness", "gaps", "weak_links", "leaders", "targets"}
    assert chain["completeness"] == 0.75
    (gap,) = chain["gaps"]
    assert gap["segment_id"] == "chips" and "key_tech" in [r["code"] for r in gap["reasons"]]
    weak = {w["segment_id"]: w for w in chain["weak_links"]}
    spof = [r for r in weak["parts"]["reasons"] if r["code"] == "single_local_supplier"]
    assert spof and spof[0]["firm_id"] == "B" and spof[0]["customers"] == 3 and spof[0]["zh"] and spof[0]["en"]
    assert chain["leaders"][0]["firm_id"] == "D1" and chain["leaders"][0]["rank"] == 1
    assert set(chain["leaders"][0]["components"]) >= {"revenue_share", "pagerank_integrator", "local_partners"}
    chips = [t for t in chain["targets"] if t["segment_id"] == "chips"]
    assert [t["firm_id"] for t in chips] == ["X", "Y"]
    assert any(r["code"] == "target_supplies_local" and r["customers"] == 2 for r in chips[0]["reasons"])
    parts = [t for t in chain["targets"] if t["segment_id"] == "parts"]
    assert parts == [], "no non-local firm in parts: nobody to attract there"


def test_analyze_table_in_english():
    result = run("--lang", "en", "analyze", "--data", str(DEMO), "--chain", "agri_machinery")
    assert result.returncode == 0, result.stderr
    assert "Agricultural machinery" in result.stdout and "gaps" in result.stdout


def test_analyze_unknown_chain_is_one_line():
    result = run("analyze", "--data", str(DEMO), "--chain", "no_such_chain")
    assert result.returncode == 1 and "no_such_chain" in result.stderr and "Traceback" not in result.stderr
