"""Page switches in a real browser: the app served by Streamlit, driven by headless Chromium.

A page switch is a click on a sidebar link until the new page's script has finished and the browser has
painted: the URL path is the page's, its elements are no longer stale, and the app reports
``data-test-script-state="notRunning"``. Component iframes (network drawings) may still be drawing then;
their time is the render benchmark's. Every page is visited once to warm the caches, then ``rounds`` tours
over all pages in the sidebar are timed; the first page after start is timed from ``goto`` on a fresh server.

    python -c "from bench.pages import bench_pages; bench_pages(quick=False)"
    python -m bench.pages --root /tmp/old-checkout     # the same benchmark on another checkout of the app
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
DONE = """(path) => {
    const app = document.querySelector('[data-testid="stApp"]');
    return location.pathname.replace(/\\/$/, '') === path && app
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"] h1') !== null
        && document.querySelector('[data-stale="true"]') === null;
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(root: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"],
                              cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("streamlit did not start")


def _settle(tab, path: str) -> None:
    tab.wait_for_function(DONE, arg=path, timeout=180_000, polling="raf")


def measure(root: Path = ROOT, *, rounds: int = 5) -> tuple[float, dict[str, list[float]]]:
    """(seconds to the first page after start, {page path: [switch seconds, one per round]})."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = _serve(root, port)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.perf_counter()
            tab.goto(f"http://127.0.0.1:{port}/")
            _settle(tab, "")
            first = time.perf_counter() - started
            links = tab.locator('[data-testid="stSidebarNavLink"]')
            paths = [links.nth(i).get_attribute("href") for i in range(links.count())]
            paths = ["/" + h.split("://", 1)[-1].split("/", 1)[-1].split("?")[0] if "://" in h else h for h in paths]
            paths = [p.rstrip("/") for p in paths]
            times: dict[str, list[float]] = {p: [] for p in paths}
            for tour in range(rounds + 1):   # tour 0 warms the caches
                for i, path in enumerate(paths):
                    link = tab.locator('[data-testid="stSidebarNavLink"]').nth(i)
                    started = time.perf_counter()
                    link.click()
                    _settle(tab, path)
                    if tour:
                        times[path].append(time.perf_counter() - started)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return first, times


def bench_pages(quick: bool, *, root: Path = ROOT) -> str:
    """Print and return a Markdown table: p50 / p95 / max page-switch time per page, warm caches."""
    from bench.__main__ import table

    if not Path(CHROMIUM).exists():
        return table("Page switches", ["page", "note"], [["-", "n/a (no chromium)"]])
    first, times = measure(root, rounds=1 if quick else 5)
    rows = [[p or "/", f"{np.percentile(v, 50) * 1000:.0f}", f"{np.percentile(v, 95) * 1000:.0f}",
             f"{max(v) * 1000:.0f}"] for p, v in times.items()]
    every = [x for v in times.values() for x in v]
    rows.append(["**all pages**", f"{np.percentile(every, 50) * 1000:.0f}", f"{np.percentile(every, 95) * 1000:.0f}",
                 f"{max(every) * 1000:.0f}"])
    rows.append(["first page after start", f"{first * 1000:.0f}", "", ""])
    return table(f"Page switches in headless Chromium, warm caches ({len(every)} switches, data/demo)",
                 ["page", "p50 ms", "p95 ms", "max ms"], rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app.py is served")
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    bench_pages(options.quick, root=options.root)
