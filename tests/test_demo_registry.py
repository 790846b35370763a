"""The registry-only demo, data/demo-registry (issue 21, item 5), and issue 21's items 1, 2 and 4 on it: a synthetic
provincial registration export classified by `classify` — local firms, registered capital, no revenue, no supply.
It validates; leaders are ranked by registered capital and say so, ties sharing a rank; no chain lists a strength
(there is no benchmark); every chain's provenance counts match firm_segments.csv; the 数据 page switches to it."""
import json
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from graph.analysis.leaders import leaders
from graph.analysis.relatedness import lq_reference, strengths
from graph.analysis.summary import membership_provenance
from graph.io import check_dataset
from graph.store import MemoryStore
from graph.synth.registry_demo import build
from tests.conftest import ROOT

REGISTRY = ROOT / "data" / "demo-registry"
FILES = ("dataset.yaml", "firms.csv", "firm_segments.csv", "registry.csv")


@pytest.fixture(scope="module")
def facts():
    return MemoryStore.from_path(REGISTRY).facts()


@pytest.fixture(scope="module")
def analysed() -> dict:
    """`python -m graph analyze --data data/demo-registry --json`, the public command line."""
    done = subprocess.run([sys.executable, "-m", "graph", "analyze", "--data", str(REGISTRY), "--json"], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    return pd.read_csv(REGISTRY / "firms.csv", dtype={"firm_id": str})


@pytest.fixture(scope="module")
def memberships() -> pd.DataFrame:
    return pd.read_csv(REGISTRY / "firm_segments.csv", dtype={"firm_id": str})


# ---------------------------------------------------------------- the dataset
def test_it_validates_and_is_a_synthetic_registry_only_dataset(firms):
    dataset, issues = check_dataset(REGISTRY)
    assert dataset is not None and not [i for i in issues if i.level == "error"], issues
    meta = yaml.safe_load((REGISTRY / "dataset.yaml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and meta["supply"] == "none" and meta["year"] == 2024
    assert "虚构" in meta["description"] and "fictional" in meta["description"]
    assert "proposals" in meta["description"] and "建议" in meta["description"]
    assert not any((REGISTRY / f).exists() for f in ("supply.csv", "projects.csv", "benchmark.csv"))
    assert len(dataset.supply) == 0 and len(dataset.projects) == 0 and dataset.benchmark is None
    assert (firms["province"] == "山东省").all(), "a province's registry holds its own firms only"
    assert firms["revenue"].isna().all()
    assert firms["registered_capital"].notna().mean() > 0.95
    assert 0 < firms["employees"].notna().mean() < 0.5, "employees sparse"
    assert firms["founded"].notna().all()
    assert set(firms["tags"].dropna()) == {"链主"} and 0 < firms["tags"].notna().sum() <= 11
    assert (REGISTRY / "README.md").is_file()
    assert sum((REGISTRY / f).stat().st_size for f in (*FILES, "README.md")) < 3e6


def test_memberships_are_classify_proposals_a_quarter_reviewed(memberships, firms):
    assert memberships["firm_id"].isin(firms["firm_id"]).all()
    assert memberships["confidence"].between(0.5, 1.0).all() and memberships["basis"].str.len().gt(0).all()
    assert set(memberships["reviewed"]) == {0, 1}
    assert 0.2 <= memberships["reviewed"].mean() <= 0.3
    per_chain = memberships.groupby("chain_id")["reviewed"].agg(["sum", "count"])
    assert len(per_chain) == 11 and (per_chain["sum"] > 0).all() and (per_chain["sum"] < per_chain["count"]).all()


def test_the_generator_gives_the_committed_files(tmp_path):
    """Deterministic: a fresh run writes the committed files byte for byte (regenerate: make demo); over an old
    folder it keeps the README and removes tables a registry-only dataset must not have."""
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "README.md").write_text("kept", encoding="utf-8")
    (tmp_path / "again" / "supply.csv").write_text("supplier_id,customer_id\n", encoding="utf-8")
    figures = build(tmp_path / "again")
    assert (tmp_path / "again" / "README.md").read_text(encoding="utf-8") == "kept"
    assert not (tmp_path / "again" / "supply.csv").exists()
    for name in FILES:
        assert (tmp_path / "again" / name).read_bytes() == (REGISTRY / name).read_bytes(), name
    assert figures["firms"] == figures["registry_rows"] == len(pd.read_csv(REGISTRY / "firms.csv"))


# ---------------------------------------------------------------- item 1: leaders by registered capital
def test_every_chains_leaders_are_ranked_by_registered_capital_and_say_so(analysed, facts, firms):
    capital = dict(zip(firms["firm_id"], firms["registered_capital"], strict=True))
    for chain in analysed["chains"]:
        assert chain["size_basis"] == "registered_capital", chain["chain_id"]
        assert chain["leader_basis"]["rankable"] and chain["leader_basis"]["size_basis_zh"] == "注册资本"
        note = next(n for n in chain["notes"] if n["code"] == "note_size_basis")
        assert "注册资本" in note["zh"] and "registered capital" in note["en"]
        top = chain["leaders"][0]
        assert top["rank"] == 1 and top["size_basis"] == "registered_capital" and top["revenue"] is None
        share = next(r for r in top["reasons"] if r["code"] == "leader_size_share")
        assert "注册资本" in share["zh"]
        ranking = leaders(facts, chain["chain_id"])
        assert (ranking["size_basis"] == "registered_capital").all()
        given = ranking["size"].notna()
        assert (ranking.loc[given, "size"] == ranking.loc[given, "firm_id"].map(capital)).all()
        assert ranking.loc[~given, "firm_id"].map(capital).isna().all(), "a firm without capital is not given another size"
        # no supply and no scored tags: among firms covering the same segments, more capital never ranks lower
        for _, same in ranking.groupby("segments_covered"):
            ordered = same.sort_values("rank")
            assert ordered["revenue_share"].is_monotonic_decreasing, chain["chain_id"]


def test_a_citys_largest_firms_and_a_segments_firms_are_ordered_by_registered_capital(facts, firms):
    from graph.analysis.firms import segment_firms, top_firms_in_city

    capital = dict(zip(firms["firm_id"], firms["registered_capital"], strict=True))
    city = firms["city"].value_counts().index[0]
    top = top_firms_in_city(facts, city)
    assert (top["size_basis"] == "registered_capital").all() and top["revenue"].isna().all()
    assert top["size"].tolist() == top["firm_id"].map(capital).tolist() == sorted(top["size"], reverse=True)
    chain_id = facts.chains[0].id
    members = facts.chain(chain_id).firms_in
    segment = max(members, key=lambda s: len(members[s]))
    local = segment_firms(facts, chain_id, segment).query("local")
    assert local["size"].fillna(0).is_monotonic_decreasing and (local["size_basis"] == "registered_capital").all()


def test_the_report_says_what_a_registry_lacks_instead_of_empty_sheets_and_zero_revenue(facts):
    from graph.analysis.plan import plan_progress
    from graph.analysis.summary import analyze
    from graph.report import report_tables

    sheets = report_tables(facts, analyze(facts), plan=plan_progress(facts, {"专精特新": 10000}))
    assert sheets["重点配套企业"].to_dict("list") == {"说明": ["无供应关系数据：无法识别重点配套企业"]}
    assert sheets["重点建设项目"].to_dict("list") == {"说明": ["数据中没有项目（projects.csv）"]}
    assert "本链营收（万元）" not in sheets["区域布局"] and len(sheets["区域布局"]) > 10   # no revenue given: not 0
    tagged = sheets["规划目标"].iloc[0]   # the demo registry tags some firms: counted, not unknown
    assert tagged["现状"] >= 0 and "说明" not in sheets["规划目标"]


def test_equal_scores_share_a_rank_and_equal_capitals_tie(facts, firms):
    capital = dict(zip(firms["firm_id"], firms["registered_capital"], strict=True))
    capital_ties = 0
    for chain_id in facts.chain_ids():
        ranking = leaders(facts, chain_id)
        score = ranking["score"].round(6)
        # competition ranking (1, 2, 2, 4): a firm's rank is one more than the firms scoring above it
        expected = [1 + int((score > s).sum()) for s in score]
        assert ranking["rank"].tolist() == expected, chain_id
        for _, tie in ranking[score.duplicated(keep=False) & ranking["size"].notna()].groupby(score):
            assert tie["rank"].nunique() == 1
            if tie["firm_id"].map(capital).nunique() == 1 and tie["segments_covered"].nunique() == 1:
                capital_ties += 1
    assert capital_ties > 0, "round registered capitals (1000, 5000 万 …) make ties, as real registries do"


def test_the_tagged_leaders_are_listed_with_their_tag(analysed, facts):
    tagged = 0
    for chain in analysed["chains"]:
        ranking = leaders(facts, chain["chain_id"])
        tagged += int(ranking["tagged_leader"].sum())
        assert chain["leader_agreement"]["tagged"] == int(ranking["tagged_leader"].sum())
    assert 0 < tagged <= 11


# ---------------------------------------------------------------- item 2: no strengths without a reference
def test_no_chain_lists_a_strength_without_a_reference(analysed, facts):
    assert analysed["inputs"] == {"supply": False, "projects": False, "benchmark": False}
    assert analysed["lq_reference"] == lq_reference(facts) == "none"
    for chain in analysed["chains"]:
        assert chain["strengths"] == [], chain["chain_id"]
        assert strengths(facts, chain["chain_id"]).empty
        assert "note_no_lq_reference" in [n["code"] for n in chain["notes"]]


# ---------------------------------------------------------------- item 4: provenance per chain
def test_provenance_counts_match_firm_segments(analysed, facts, memberships):
    counted = memberships.groupby("chain_id")["reviewed"].agg(reviewed="sum", total="count")
    assert len(analysed["chains"]) == len(counted) == 11
    for chain in analysed["chains"]:
        row = counted.loc[chain["chain_id"]]
        expected = {"memberships_reviewed": int(row["reviewed"]), "memberships_proposed": int(row["total"] - row["reviewed"])}
        assert {k: chain[k] for k in expected} == expected, chain["chain_id"]
        assert membership_provenance(facts, chain["chain_id"]) == expected
    assert sum(c["memberships_reviewed"] for c in analysed["chains"]) == int(memberships["reviewed"].sum())


def test_each_weak_link_says_how_its_local_placements_were_made(analysed, memberships):
    """Every firm of the registry is local, so a weak segment's counts are its rows in firm_segments.csv."""
    by_segment = memberships.groupby(["chain_id", "segment_id"])["reviewed"].agg(reviewed="sum", total="count")
    seen = 0
    for chain in analysed["chains"]:
        for weak in chain["weak_links"]:
            row = by_segment.loc[(chain["chain_id"], weak["segment_id"])]
            assert weak["memberships_reviewed"] == int(row["reviewed"])
            assert weak["memberships_proposed"] == int(row["total"] - row["reviewed"])
            assert weak["memberships_reviewed"] + weak["memberships_proposed"] >= weak["local_firms"]
            seen += 1
    assert seen >= 5


def test_no_revenue_gives_no_revenue_weighted_completeness():
    """A registry has no revenue: completeness weighted by revenue is unknown (null), not 0 %."""
    done = subprocess.run([sys.executable, "-m", "graph", "analyze", "--data", str(REGISTRY), "--chain",
                           "pharmaceuticals", "--json"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["chains"][0]["completeness_revenue"] is None
    text = subprocess.run([sys.executable, "-m", "graph", "analyze", "--data", str(REGISTRY), "--chain",
                           "pharmaceuticals"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "完整度" in text and "按营收" not in text


# ---------------------------------------------------------------- item 5: selectable in the app
@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)   # the embedded data, whatever the environment says
    monkeypatch.delenv("CHAIN_EXPLORER_DATA", raising=False)

    def start(lang="zh"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["lang"] = lang
        at.run()
        at.switch_page("views/data.py")
        return at.run()
    return start


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_data_page_switches_to_the_registry_demo_and_back(app, lang):
    at = app(lang)
    assert not at.exception, at.exception
    picker = at.selectbox(key=f"example_dataset_{lang}")
    assert picker.value == "example_demo" and picker.options[0].startswith("合成演示数据" if lang == "zh" else "Synthetic")
    picker.set_value("example_demo_registry").run()
    assert not at.exception, at.exception
    assert at.session_state["upload_path"] == str(REGISTRY)
    caption = at.caption[0].value
    assert "合成工商登记演示" in caption
    assert any(("示例数据集" if lang == "zh" else "example dataset") in s.value for s in at.success)
    at.switch_page("views/leaders.py").run()
    assert not at.exception, at.exception
    assert any(("规模口径：注册资本" if lang == "zh" else "registered capital") in c.value for c in at.caption)
    at.switch_page("views/data.py").run()
    at.selectbox(key=f"example_dataset_{lang}").set_value("example_demo").run()
    assert not at.exception and "upload_path" not in at.session_state
    assert "合成演示数据" in at.caption[0].value
