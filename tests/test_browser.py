"""One real browser: the chain map, the city map and a firm network drawn in headless Chromium with nothing
fetched beyond localhost."""
import time

import pytest

from tests.conftest import ARTIFACTS, LOCAL, serve

pytestmark = pytest.mark.browser

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chain_map_draws_offline(app_url, browser, lang):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    leaks, scripts = [], []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    page.on("requestfinished", lambda request: scripts.append(request.url) if "vis-network" in request.url else None)
    page.goto(f"{app_url}/chain_map")
    page.get_by_text("产业链图谱").first.wait_for(timeout=60_000)
    if lang == "en":
        page.get_by_text("English").first.click()
        page.get_by_text("Chain map").first.wait_for(timeout=30_000)
    canvas = page.frame_locator("iframe").first.locator("canvas").first
    canvas.wait_for(timeout=60_000)
    box = canvas.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    time.sleep(1.5)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"chain_map_{lang}.png"), full_page=True)
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"
    assert scripts and set(scripts) == {f"{app_url}/app/static/vis-network.min.js"}, "vis-network served by the app"



@pytest.mark.parametrize("lang, title", [("zh", "年度对比"), ("en", "Year over year")])
def test_compare_page_draws_offline(app_url, browser, lang, title):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    leaks = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    page.goto(f"{app_url}/compare")
    page.get_by_text("年度对比").first.wait_for(timeout=60_000)
    if lang == "en":
        page.get_by_text("English").first.click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    charts = page.locator("[data-testid='stMarkdownContainer'] svg[role='img']")
    charts.nth(2).wait_for(timeout=120_000)  # completeness, plan counts and the change map
    assert charts.count() == 3 and charts.nth(0).locator("rect.bar").count() >= 22, "11 chains × 2 years"
    assert charts.nth(2).locator("circle").count() >= 10, "the chain's segments"
    time.sleep(1.5)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"compare_{lang}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"


@pytest.mark.parametrize("lang, label", [("zh", "数据年度"), ("en", "Data year")])
def test_year_picker_moves_the_pages_to_that_year(app_url, browser, lang, label):
    """The sidebar's year picker: the overview then shows 2023's data, and 年度对比 starts from 2023."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    leaks = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    page.goto(app_url)
    page.get_by_text("数据年度: 2024").first.wait_for(timeout=60_000)
    if lang == "en":
        page.get_by_text("English").first.click()
        page.get_by_text("Data year: 2024").first.wait_for(timeout=30_000)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name="2023").click()
    page.get_by_text(f"{label}: 2023").first.wait_for(timeout=60_000)
    sidebar.get_by_test_id("stSidebarNavLink").filter(has_text="年度对比" if lang == "zh" else "Year over year").click()
    main = page.get_by_test_id("stMain")
    main.get_by_test_id("stMetric").first.wait_for(timeout=120_000)
    assert main.get_by_role("combobox").first.input_value() == "2023"            # 年度对比's own "year"
    assert sidebar.get_by_role("combobox", name=label).input_value() == "2023"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"year_picker_{lang}.png"), full_page=True)
    assert page.get_by_test_id("stException").count() == 0
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"


def test_city_map_draws_offline(app_url, browser):
    """The city page's map: 16 filled city shapes of inline SVG with their hover text, nothing fetched beyond
    localhost."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    leaks = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    page.goto(f"{app_url}/cities")
    page.get_by_text("城市地图").first.wait_for(timeout=60_000)
    plot = page.locator("svg:has(path.city)").first
    plot.wait_for(timeout=60_000)
    assert plot.locator("path.city").count() == 16
    assert "龙头企业：" in plot.locator('path.city[data-city="潍坊市"] title').text_content()
    box = plot.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    time.sleep(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "city_map.png"), full_page=True)
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"


def test_firm_network_draws_at_once_offline(app_url, browser):
    """The chain's firm network: laid out on the server, vis-network draws its first frame without physics."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    leaks = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    page.goto(f"{app_url}/chain_map")
    page.get_by_text("企业网络").first.click()
    frame = page.frame_locator("iframe").first
    frame.get_by_text("本地企业").first.wait_for(timeout=60_000)   # the firm network's legend, not the chain map's
    frame.locator("body[data-drawn]").wait_for(state="attached", timeout=60_000)
    assert frame.locator("canvas").first.bounding_box()["width"] > 300
    time.sleep(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "firm_network.png"), full_page=True)
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"


def test_hostile_names_display_as_plain_text(hostile_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_url}/leaders")
    page.get_by_text("本地整机<b>厂</b>").first.wait_for(timeout=60_000)
    page.frame_locator("iframe").first.locator("canvas").first.wait_for(timeout=60_000)
    page.goto(f"{hostile_url}/chain_map")
    page.get_by_text("企业网络").first.click()
    page.frame_locator("iframe").first.locator("canvas").first.wait_for(timeout=60_000)
    time.sleep(2)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile_firm_network.png"), full_page=True)
    page.close()
    assert dialogs == [], f"a hostile name ran as script: {dialogs}"


def test_hostile_names_in_a_chart_stay_text(hostile_url, browser):
    """The city map's hover text carries firm names (a city's leading firms): in the page they are the SVG title's
    text, not markup and not markdown."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_url}/cities")
    jinan = page.locator('svg path.city[data-city="济南市"]')
    jinan.wait_for(timeout=60_000)
    assert "本地整机<b>厂</b>" in jinan.locator("title").text_content()
    svg = page.locator("svg:has(path.city)")
    assert svg.locator("a, strong, em, code, b, img, script").count() == 0
    page.close()
    assert dialogs == []


@pytest.fixture(scope="module")
def charts_url():
    yield from serve(script="tests/apps/hostile_charts.py")


def test_markdown_in_names_stays_text_in_charts(charts_url, browser):
    """Charts reach the page through markdown (views.widgets.svg_chart): a name such as ``[链接](javascript:…)
    **粗体**``, or one with a blank line before an image, must be the label's text, never a link, bold or an image
    that fetches."""
    from tests.apps.hostile_charts import hostile_names

    names = hostile_names()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    leaks = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    page.goto(charts_url)
    svg = page.locator("svg:has(rect.bar)")
    svg.wait_for(timeout=60_000)
    labels = svg.locator("text[data-category]")
    assert [labels.nth(i).get_attribute("data-category") for i in range(labels.count())] == names
    link = "[链接](javascript:alert(1)) **粗体** `code`"
    assert labels.nth(names.index(link)).text_content() == link
    main = page.get_by_test_id("stMain")
    assert main.locator("svg a, svg strong, svg em, svg code, svg b, img, script").count() == 0
    assert main.get_by_test_id("stMarkdownContainer").filter(has_text="点我").count() == 1, "one block: the chart"
    page.close()
    assert leaks == []


def test_a_collapsed_target_segment_shows_its_table_when_opened(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/targets")
    boxes = page.get_by_test_id("stExpander")
    boxes.first.get_by_test_id("stDataFrame").wait_for(timeout=60_000)   # a gap: open, with its table
    closed = boxes.filter(has_text="弱链").first
    assert closed.get_by_test_id("stDataFrame").count() == 0
    closed.locator("summary").click()
    closed.get_by_test_id("stDataFrame").wait_for(timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0
    page.close()


def test_twenty_concurrent_sessions(app_url, browser):
    """20 sessions open pages that analyse all chains at the same time; none shows an error."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    paths = ["gaps", "leaders", "targets", "whatif"] * 5
    pages = []
    for path in paths:
        page = context.new_page()
        page.goto(f"{app_url}/{path}", wait_until="commit")
        pages.append(page)
    for page in pages:
        page.locator("[data-testid='stDataFrame'], [data-testid='stIFrame'], iframe").first.wait_for(timeout=180_000)
    time.sleep(2)
    errors = [p.url for p in pages if p.locator("[data-testid='stException']").count()]
    context.close()
    assert errors == []
