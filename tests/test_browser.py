"""One real browser: the chain map, the city map and a firm network drawn in headless Chromium with nothing
fetched beyond localhost."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:", "about:")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(data: Path | None = None):
    """Run the app on a free port (embedded data, optionally another dataset); yield its URL."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian chromium is not installed (make sysdeps installs it)")
        pytest.skip("chromium not installed: apt-get install chromium fonts-noto-cjk")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    if data:
        env["CHAIN_EXPLORER_DATA"] = str(data)
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("streamlit did not start")
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def app_url():
    yield from serve()


@pytest.fixture(scope="module")
def hostile_url():
    yield from serve(ROOT / "tests" / "data" / "hostile")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chain_map_draws_offline(app_url, browser, lang):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    leaks = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
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
    charts = page.locator("[data-testid='stPlotlyChart'] .main-svg")
    charts.nth(2).wait_for(timeout=120_000)  # completeness, plan counts and the change map
    time.sleep(1.5)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"compare_{lang}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()
    assert leaks == [], f"requests left localhost: {leaks}"


def test_city_map_draws_offline(app_url, browser):
    """The city page's map: 16 filled city shapes drawn by plotly, nothing fetched beyond localhost."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    leaks = []
    page.on("request", lambda request: None if request.url.startswith(LOCAL) else leaks.append(request.url))
    page.goto(f"{app_url}/cities")
    page.get_by_text("城市地图").first.wait_for(timeout=60_000)
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for(timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot')[0]"
                           "?.querySelectorAll('path.js-fill').length >= 16", timeout=60_000)
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
    frame.get_by_text("外省企业").first.wait_for(timeout=60_000)   # the firm network's legend, not the chain map's
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
