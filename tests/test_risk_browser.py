"""The 风险预警 page in headless Chromium, both languages, nothing fetched beyond localhost."""
import time

import pytest

from tests.conftest import ARTIFACTS, LOCAL

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, title, grade", [("zh", "风险预警", "挽留"), ("en", "Risk watch", "Retain")])
def test_risk_page_draws_offline(app_url, browser, lang, title, grade):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    leaks = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    page.goto(f"{app_url}/risk")
    page.get_by_text("风险预警").first.wait_for(timeout=60_000)
    if lang == "en":
        page.get_by_text("English").first.click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    page.locator("[data-testid='stMetricLabel']", has_text=grade).first.wait_for(timeout=120_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    time.sleep(1.5)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"risk_{lang}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"
