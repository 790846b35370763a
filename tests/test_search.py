"""Firm search: exact rankings on a tiny hand-made firm table."""
import pandas as pd
import pytest

from graph.search import build_index, pinyin_initials, search

FIRMS = pd.DataFrame([
    ("F1", "潍柴动力股份有限公司", "91370700745659784X", 100.0),
    ("F2", "潍坊柴油机厂", None, 50.0),
    ("F3", "山东动力科技", None, 10.0),
    ("F4", "动力电池（江苏）有限公司", "91320500MA1MXXXX0Y", 500.0),
    ("F10", "青岛港口机械", None, None),
], columns=["firm_id", "name", "uscc", "revenue"])


@pytest.fixture(scope="module")
def index():
    return build_index(FIRMS)


def ids(index, query, **options):
    return search(index, query, **options)["firm_id"].tolist()


def test_pinyin_initials_skip_punctuation_and_keep_letters():
    assert pinyin_initials(["潍柴动力股份有限公司", "动力电池（江苏）有限公司", "ABC-2化工"]) == [
        "wcdlgfyxgs", "dldcjsyxgs", "abc2hg"]


@pytest.mark.parametrize("query, expected", [
    ("动力", ["F4", "F1", "F3"]),           # prefix first, then substrings at the same place by revenue
    ("潍柴动力股份有限公司", ["F1"]),       # the exact name
    ("wcdl", ["F1"]),                      # pinyin initials
    ("WCDL", ["F1"]),                      # case does not matter
    ("dl", ["F4", "F1", "F3"]),            # initials prefix before initials substring
    ("91370700745659784X", ["F1"]),        # the credit code
    ("91370700745659784x", ["F1"]),
    ("9137", ["F1"]),                      # part of a credit code
    ("f2", ["F2"]),                        # the firm id
    ("F1", ["F1", "F10"]),                 # the exact id, then ids that contain it
    ("潍坊 柴", ["F2"]),                    # every word must match
    ("潍 dl", ["F1"]),                     # words may match different keys
    ("ｑｄ", ["F10"]),                      # full-width letters fold to initials
    ("  ", []),
    ("不存在的名字", []),
])
def test_ranking(index, query, expected):
    assert ids(index, query) == expected


def test_result_columns_say_how_each_firm_matched(index):
    found = search(index, "动力")
    assert found.columns.tolist() == ["row", "firm_id", "name", "match", "tier"]
    assert found["row"].tolist() == [3, 0, 2]
    assert found["match"].tolist() == ["name", "name", "name"]
    assert search(index, "wcdl")["match"].tolist() == ["pinyin"]
    assert search(index, "9137")["match"].tolist() == ["code"]
    assert search(index, "F2")["match"].tolist() == ["id"]


def test_typo_falls_back_to_fuzzy_matching(index):
    found = search(index, "潍柴动カ股份")
    assert found["firm_id"].tolist()[0] == "F1" and found["match"].tolist()[0] == "fuzzy"


def test_limit(index):
    assert ids(index, "有限公司") == ["F1", "F4"]   # same tier: the earlier match first
    assert ids(index, "有限公司", limit=1) == ["F1"]
