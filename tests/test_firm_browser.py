"""The firm page in a real browser (headless Chromium): opened by link, found by typing, hostile names inert,
nothing fetched beyond localhost."""
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from graph.analysis.summary import analyze
from graph.store import MemoryStore
from tests.conftest import ARTIFACTS, DEMO, LOCAL

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo():
    facts = MemoryStore.from_path(DEMO).facts()
    result = analyze(facts, chain="agri_machinery")["agri_machinery"]
    names = dict(zip(facts.firms["firm_id"], facts.firms["name"], strict=True))
    target = result.targets["firm_id"].iloc[0]
    return {"leader": result.leaders["firm_id"].iloc[0], "target": target, "names": names}


def new_page(browser, leaks):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    return page


def heading(page, text: str):
    return page.locator('[data-testid="stHeading"]').filter(has_text=text).first


def test_profile_opens_from_a_pasted_link_and_from_the_leaders_page(app_url, browser, demo):
    leaks = []
    page = new_page(browser, leaks)
    page.goto(f"{app_url}/firm?id={demo['target']}")
    heading(page, demo["names"][demo["target"]]).wait_for(timeout=90_000)
    page.get_by_text("招商对象：它能补的缺链与弱链").first.wait_for(timeout=30_000)
    page.goto(f"{app_url}/leaders")
    link = page.locator('[data-testid="stPageLink-NavLink"]').filter(has_text="查看企业画像").first
    link.wait_for(timeout=90_000)
    href = link.get_attribute("href")
    assert href.startswith("firm?id=")
    link.click()
    heading(page, demo["names"][parse_qs(urlsplit(href).query)["id"][0]]).wait_for(timeout=90_000)
    heading(page, "所在环节与角色").wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "firm_profile.png"), full_page=True)
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"


def test_typing_in_the_search_box_finds_a_firm(app_url, browser, demo):
    leaks = []
    page = new_page(browser, leaks)
    page.goto(f"{app_url}/firm")
    box = page.locator('[data-testid="stTextInput"] input').first
    box.wait_for(timeout=90_000)
    name = demo["names"][demo["leader"]]
    box.fill(name[:-2])          # part of the name
    box.press("Enter")
    heading(page, name).wait_for(timeout=60_000)
    assert f"id={demo['leader']}" in page.url
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"


def test_hostile_names_on_a_profile_stay_text(hostile_url, browser):
    dialogs, leaks = [], []
    page = new_page(browser, leaks)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_url}/firm?id=L1")
    heading(page, "本地整机<b>厂</b>").wait_for(timeout=90_000)
    page.goto(f"{hostile_url}/firm?id=H1")
    heading(page, "<img src=x onerror=alert(1)>").wait_for(timeout=90_000)
    time.sleep(1)
    page.close()
    assert dialogs == [] and leaks == []
