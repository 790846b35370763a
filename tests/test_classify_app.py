"""The Data page's registry flow with AppTest: upload → proposals → review workbook or accept → analyse."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TINY = ROOT / "tests" / "data" / "classify" / "tiny.csv"


@pytest.fixture(autouse=True)
def embedded_data_by_default(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)


def data_page(lang="zh"):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("views/data.py")
    return at.run()


def button(at, label):
    return next(b for b in at.button if b.label == label)


def classify(at, name, data, label="归类"):
    at.file_uploader(key="registry_upload").set_value((name, data, "text/csv"))
    at.run()
    button(at, label).click()
    return at.run()


def test_registry_upload_shows_proposals_and_offers_the_review_workbook():
    at = classify(data_page(), "tiny.csv", TINY.read_bytes())
    assert not at.exception, at.exception
    assert any(s.value == "4 家企业：2 家归入产业链（3 条建议），0 家产业链明确、环节待选，2 家未归入。" for s in at.success)
    table = at.dataframe[-1].value
    assert list(table.columns) == ["企业名称", "产业链", "环节", "置信度", "状态", "依据"]
    assert sorted(table["环节"]) == ["挖掘机", "装载机", "装载机"] and set(table["状态"]) == {"建议"}
    assert any(d.label == "下载审核工作簿" for d in at.get("download_button"))


def test_registry_accept_makes_it_the_sessions_dataset():
    at = classify(data_page(), "tiny.csv", TINY.read_bytes())
    button(at, "采纳建议并分析").click()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["upload_path"].endswith("dataset")
    assert any(s.value == "正在使用上传的数据集。" for s in at.success)
    assert "tiny" in at.caption[0].value   # the page caption names the current dataset


def test_a_reviewed_workbook_is_recognised_and_applied(tmp_path):
    from graph.classify.pipeline import classify_registry, write_outputs

    _, review = write_outputs(classify_registry(TINY), tmp_path / "out")
    at = data_page()
    at.file_uploader(key="registry_upload").set_value(("review.xlsx", review.read_bytes(), "application/octet-stream"))
    at.run()   # read on upload: no 归类 button stands between a reviewed workbook and its result (issue 24)
    assert not at.exception, at.exception
    assert not any(b.label == "归类" for b in at.button)
    assert any(s.value == "已读取审核后的工作簿：4 家企业，3 条环节归属。" for s in at.success)


def test_a_bad_registry_shows_its_errors_and_nothing_else():
    at = classify(data_page("en"), "r.csv", "省份\n山东\n".encode(), label="Classify")
    assert not at.exception, at.exception
    assert at.error and "1" in at.error[0].value
    issues = at.dataframe[-1].value
    assert issues.iloc[0].tolist()[-1] == "no firm-name column (headers understood: 公司名称, 企业名称, 名称, name)"
    assert "registry_result" in at.session_state and not any(b.label == "Accept the proposals and analyse"
                                                              for b in at.button)


def test_english_labels():
    at = classify(data_page("en"), "tiny.csv", TINY.read_bytes(), label="Classify")
    assert any(s.value == "4 firms: 2 placed on a chain (3 proposals), 0 with the chain known and the segment to choose, 2 not placed." for s in at.success)
    table = at.dataframe[-1].value
    assert list(table.columns) == ["Firm", "Chain", "Segment", "Confidence", "Status", "Basis"]
    assert set(table["Segment"]) == {"Excavators", "Loaders"}
    assert table["Basis"].str.contains("“").all() and not table["Basis"].str.contains("经营范围|含「").any()   # English
    assert any(d.label == "Download the review workbook" for d in at.get("download_button"))


def accepted_then(name: str, data: bytes, page: str):
    """The app after classifying ``data``, accepting the proposals and opening ``page``."""
    at = classify(data_page(), name, data)
    button(at, "采纳建议并分析").click()
    at.run()
    at.switch_page(page)
    return at.run()


def test_after_accepting_a_registry_the_pages_say_what_its_missing_tags_leave_unknown():
    at = accepted_then("tiny.csv", TINY.read_bytes(), "views/overview.py")
    assert not at.exception, at.exception
    assert [m.value for m in at.metric][1:] == ["—", "—", "—"]   # 链主, 专精特新, 单项冠军: unknown, not 0
    at.switch_page("views/leaders.py")
    at.run()
    next(s for s in at.selectbox if s.label == "产业链").set_value("construction_machinery").run()   # tiny's firms
    assert not at.exception, at.exception
    assert "数据中没有企业标签，无从找出专精特新企业。" in [i.value for i in at.info]


EXPORT = ("企业名称,注册资金,经营范围,所在省份,地区\n"      # a registration export's columns: no revenue
          "临沂甲挖掘机有限公司,500万元,挖掘机制造,山东,临沂\n潍坊乙拖拉机有限公司,800万元,拖拉机制造,山东,潍坊\n")


def test_a_registry_without_revenue_offers_no_revenue_map_of_zeros():
    at = accepted_then("export.csv", EXPORT.encode(), "views/cities.py")
    assert not at.exception, at.exception
    measure = next(r for r in at.radio if r.key == "city_measure")
    assert measure.options == ["本链本地企业数", "区位商"]   # no 本链营收（万元）: nobody gave revenue


def test_the_products_no_map_holds_are_listed_under_the_proposals():
    registry = "企业名称,经营范围\n甲茶厂,甜茶加工\n乙有限公司,甜茶、炉条制造\n丙有限公司,挖掘机制造\n".encode()
    at = classify(data_page(), "名录.csv", registry)
    assert not at.exception, at.exception
    [listed] = [e for e in at.expander if e.label.startswith("未识别产品")]
    assert listed.label == "未识别产品：未归类企业制造、图谱中没有的 2 种产品"
    table = listed.dataframe[0].value
    assert table.values.tolist() == [["甜茶", 2, "甲茶厂、乙有限公司"], ["炉条", 1, "乙有限公司"]]
    at = classify(data_page("en"), "registry.csv", registry, label="Classify")
    assert any(e.label == "Products no map holds: 2 that firms placed on no chain make" for e in at.expander)
