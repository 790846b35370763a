"""Reasons read in full, numbers that say what they mean, one language at a time (views/reasons.py,
views/columns.py): the pure helpers, then every grid of the analysis pages in both languages (AppTest)."""
import html
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from graph.analysis.reasons import render_reasons
from graph.analysis.summary import analyze
from graph.store import MemoryStore
from tests.conftest import DEMO, ROOT
from views.labels import LABELS
from views.reasons import listed, reason_text, tag_label, tags_text

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ABBREVIATIONS = re.compile(r"HHI|ID")   # Latin that Chinese headers use as such (企业ID, HHI)
MISSING_WORDS = re.compile(r"(?i)none|nan|empty|null")


# ---------------------------------------------------------------- pure helpers
@pytest.mark.parametrize("language, expected", [("zh", "甲、乙"), ("en", "甲, 乙")])
def test_listed_uses_the_languages_separator(language, expected):
    assert listed(["甲", "乙"], language) == expected


def test_tags_are_english_in_english_and_unknown_tags_stay_as_given():
    assert tag_label("单项冠军", "en") == "single champion" and tag_label("单项冠军", "zh") == "单项冠军"
    assert tags_text(["链主", "上市", "自定义"], "en") == "chain leader, listed, 自定义"
    assert tags_text("专精特新;瞪羚", "en") == "specialised SME, gazelle"
    assert tags_text(["链主", "上市"], "zh") == "链主、上市"


def test_english_reasons_name_the_segment_and_tags_in_english():
    items = [{"code": "target_for_gap", "segment": "芯片"}, {"code": "target_tags", "tags": "专精特新、上市"}]
    assert (reason_text(items, "en", {"芯片": "Chips"})
            == "fills a gap: the region has no firm in Chips; tags: specialised SME, listed")
    assert reason_text(items, "zh", {"芯片": "Chips"}) == render_reasons(items, "zh")
    assert reason_text(items[:1], "en") == "fills a gap: the region has no firm in 芯片"   # no names given: as stored


# ---------------------------------------------------------------- the pages' grids (AppTest)
@pytest.fixture(autouse=True)
def embedded_data_by_default(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)


@pytest.fixture(scope="module")
def firms():
    """A non-local attraction target and a firm with a project, on the demo."""
    facts = MemoryStore.from_path(DEMO).facts()
    chain = facts.chain_ids()[0]
    target = analyze(facts, chain=chain)[chain].targets["firm_id"].iloc[0]
    return {"target": target, "project": "F003793"}


def open_page(page: str, lang: str, firm_id: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page)
    if firm_id:
        at.query_params["id"] = firm_id
    at.run()
    assert not at.exception, at.exception
    return at


def label(key: str, lang: str) -> str:
    return LABELS[key][1 if lang == "en" else 0]


SCORE_KEYS = ("severity", "score", "hhi", "top_share", "support_rate", "size_share", "pagerank_integrator",
              "pagerank_supplier", "local_partners", "segments_covered", "tag_score")
# columns whose words the app writes (not firm, city or province names from the data)
OWN_TEXT = ("tags", "why", "target_source", "local_or_not", "effect", "project_stage", "size_basis_col")
PAGES = [("views/gaps.py", None), ("views/targets.py", None), ("views/leaders.py", None), ("views/whatif.py", None),
         ("views/chain_map.py", None), ("views/firm.py", "target"), ("views/firm.py", "project")]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page, firm", PAGES)
def test_grids_explain_round_and_keep_to_one_language(page, firm, lang, firms):
    at = open_page(page, lang, firms[firm] if firm else None)
    grids = list(at.dataframe)
    assert grids, "no table on the page"
    panels = html.unescape("\n".join(e.proto.body for e in at.get("html")))
    for grid in grids:
        frame, config = grid.value, json.loads(grid.proto.columns or "{}")
        shown = [c for c in frame.columns if config.get(c, {}) is not None and not config.get(c, {}).get("hidden")]
        assert grid.proto.placeholder == "—" and len(frame) > 0   # a missing value is a dash; no empty grid
        for column in shown:
            texts = [v for v in frame[column] if isinstance(v, str)]
            assert not [v for v in texts if MISSING_WORDS.fullmatch(v.strip())], (column, texts)
            if frame[column].dtype.kind == "f":   # every float rounded for display
                assert config.get(column, {}).get("type_config", {}).get("format"), column
        for key in SCORE_KEYS:
            if label(key, lang) in shown:
                assert config[label(key, lang)].get("help"), key
        if lang == "en":
            assert not [c for c in frame.columns if CJK.search(c)]
            for key in OWN_TEXT:
                if label(key, lang) in frame:
                    assert not [v for v in frame[label(key, lang)] if isinstance(v, str) and CJK.search(v)], key
        else:
            assert not [c for c in frame.columns if LATIN_WORD.search(ABBREVIATIONS.sub("", c))]
            for key in OWN_TEXT:
                if label(key, lang) in frame:
                    assert not [v for v in frame[label(key, lang)] if isinstance(v, str) and LATIN_WORD.search(v)], key
        for key in ("reasons", "role"):   # the why, hidden in the grid, is there in full under it
            column = label(key, lang)
            if column in frame and config.get(column, "shown") is None:
                assert all(text in panels for text in frame[column] if text), column
                if lang == "en":
                    assert not [v for v in frame[column] if "、" in v or "「" in v], column


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_profile_names_a_projects_stage_as_such(lang, firms):
    at = open_page("views/firm.py", lang, firms["project"])
    projects = next(g.value for g in at.dataframe if label("project_id", lang) in g.value)
    assert label("project_stage", lang) in projects and "环节阶段" not in projects
    stages = set(projects[label("project_stage", lang)])
    assert stages and stages <= {label(f"project_stage_{s}", lang) for s in ("谋划", "储备", "开工", "竣工")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_leaders_score_components_say_what_they_mean(lang):
    at = open_page("views/leaders.py", lang)
    at.radio(key=f"leaders_view_{lang}").set_value("parts").run()
    assert not at.exception, at.exception
    config = json.loads(at.dataframe[0].proto.columns)
    for key, help_key in (("size_share", "help_size_share"), ("pagerank_integrator", "help_integrator"),
                          ("pagerank_supplier", "help_supplier_centrality"), ("local_partners", "help_local_partners"),
                          ("segments_covered", "help_segments_covered"), ("tag_score", "help_tag_score")):
        assert config[label(key, lang)]["help"] == label(help_key, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["views/gaps.py", "views/whatif.py"])
def test_multiselects_speak_the_language(page, lang):
    """Streamlit's own "Select all" is English: offered in English only; the placeholder is the page's own word."""
    at = open_page(page, lang)
    assert at.multiselect
    for box in at.multiselect:
        assert box.proto.placeholder == label("choose_options", lang)
        assert (box.proto.select_all != 0) == (lang == "en")   # 0: never shown
