"""One real browser: the chain-map page drawn in headless Chromium with nothing fetched beyond localhost."""
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


@pytest.fixture(scope="module")
def app_url():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed: apt-get install chromium fonts-noto-cjk")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
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
