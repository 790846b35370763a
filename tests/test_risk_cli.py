"""`python -m graph risk` on the demo's two years and on one year."""
import json
import subprocess
import sys

from tests.conftest import DEMO, ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, cwd=ROOT)


def test_risk_json_finds_the_previous_year_beside_the_data():
    done = run("risk", "--data", str(DEMO), "--chain", "agri_machinery", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert (doc["old"]["year"], doc["new"]["year"], doc["needs_two_years"]) == (2023, 2024, False)
    assert doc["firms"] and {f["chain_id"] for f in doc["firms"]} == {"agri_machinery"}
    first = doc["firms"][0]
    assert first["grade"] in ("挽留", "警示", "关注") and first["signals"][0]["zh"] and first["signals"][0]["en"]
    assert sum(doc["counts"].values()) == len(doc["firms"])


def test_risk_with_previous_named_and_text_in_english():
    done = run("--lang", "en", "risk", "--data", str(DEMO), "--previous", str(ROOT / "data" / "demo-2023"),
               "--chain", "light_industry", "--limit", "3")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("risk signals 2023 → 2024: retain")


def test_one_year_says_risk_needs_two_years():
    done = run("risk", "--data", str(ROOT / "data" / "demo-2023"), "--json")
    doc = json.loads(done.stdout)
    assert done.returncode == 0 and doc["needs_two_years"] and doc["firms"] == []
    assert "两个年度" in doc["message"]["zh"] and "two years" in doc["message"]["en"]
    text = run("risk", "--data", str(ROOT / "data" / "demo-2023"))
    assert "风险预警需要两个年度的数据" in text.stdout


def test_unknown_chain_is_one_line():
    done = run("risk", "--data", str(DEMO), "--chain", "nope")
    assert done.returncode == 1 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
