"""The registry flow on 数据 as one path (issue 24, item 4), in headless Chromium, in both languages: a real-like
registry uploaded → proposals, the ignored-columns warning open without a click → the threshold moved and the
proposals recomputed (never the old result as if current) → the review workbook downloaded and uploaded back,
read without a 归类 button → analysed → a link to the results that opens them."""
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import LOCAL, ROOT

pytestmark = pytest.mark.browser

REGISTRY = ROOT / "tests" / "data" / "registry_real" / "labelled_shandong.csv"   # 250 firms, extra columns
WORDS = {
    "zh": {"lang": "中文", "classify": "归类", "ignored": "未识别的列已忽略", "summary": r"250 家企业：(\d+) 家归入产业链",
           "settings": "置信度阈值 {threshold}", "accept": "使用审核结果并分析", "done": "已改用这些数据",
           "results": "缺链弱链", "reviewed": "已读取审核后的工作簿：250 家企业"},
    "en": {"lang": "English", "classify": "Classify", "ignored": "unrecognised columns ignored",
           "summary": r"250 firms: (\d+) placed on a chain", "settings": "confidence threshold {threshold}",
           "accept": "Accept the proposals and analyse", "done": "These data are now the session's",
           "results": "Gaps & weak links"},
}


def button(page, text: str):
    return page.locator('[data-testid="stButton"] button').filter(has_text=re.compile(f"^{re.escape(text)}$")).first


def idle(page) -> None:
    """Wait until the app's script run is over (a download button clicked during a rerun is replaced: canceled)."""
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=90_000)


def summary(page, words) -> int:
    """The number of firms placed, from the summary on screen."""
    box = page.locator('[data-testid="stAlert"]').filter(has_text=re.compile(words["summary"])).first
    box.wait_for(timeout=60_000)
    return int(re.search(words["summary"], box.inner_text()).group(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_registry_flow_is_one_path_to_the_results(app_url, browser, tmp_path, lang):
    words = WORDS[lang]
    context = browser.new_context(viewport={"width": 1440, "height": 1200}, accept_downloads=True)
    leaks = []
    context.on("request", lambda r: None if r.url.startswith(LOCAL) else leaks.append(r.url))
    page = context.new_page()
    page.goto(f"{app_url}/data")
    page.locator('[data-testid="stSidebar"] label').filter(has_text=words["lang"]).click()
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.wait_for(state="attached", timeout=90_000)
    assert uploader.count() == 1, "one uploader on 数据"
    uploader.set_input_files(str(REGISTRY))
    button(page, words["classify"]).click()
    placed = summary(page, words)
    expect(button(page, words["classify"])).to_have_count(0)   # started once, the proposals follow the settings
    page.get_by_text(words["settings"].format(threshold="0.50")).wait_for(timeout=30_000)
    warning = page.locator('[data-testid="stAlert"]').filter(has_text=words["ignored"]).first
    expect(warning).to_be_visible(timeout=30_000)   # open, without a click
    assert "expected_chain" in warning.inner_text()

    page.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.get_by_text(words["settings"].format(threshold="0.70")).wait_for(timeout=60_000)
    assert summary(page, words) < placed, "a higher threshold places fewer firms: the proposals were recomputed"

    main = page.locator('[data-testid="stMain"]')
    assert not re.search(r"\b(None|nan)\b", main.inner_text())
    if lang == "zh":   # the review round trip: download, upload back, read at once
        idle(page)
        with page.expect_download(timeout=60_000) as download:
            page.locator('[data-testid="stDownloadButton"] button').filter(has_text="下载审核工作簿").click()
        review = tmp_path / "归类审核.xlsx"
        download.value.save_as(review)
        uploader.set_input_files(str(review))
        page.get_by_text(words["reviewed"]).wait_for(timeout=60_000)
        expect(button(page, words["classify"])).to_have_count(0)   # a reviewed workbook needs no 归类 button
    button(page, words["accept"]).click()
    page.get_by_text(words["done"]).wait_for(timeout=60_000)
    page.locator('[data-testid="stMain"] [data-testid="stPageLink-NavLink"]').filter(has_text=words["results"]).click()
    page.locator('[data-testid="stHeading"]').filter(has_text=words["results"]).first.wait_for(timeout=60_000)
    assert page.url.endswith("/gaps")
    context.close()
    assert leaks == [], f"requests left localhost: {leaks}"
