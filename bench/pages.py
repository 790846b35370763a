"""Page switches in a real browser: the app served by Streamlit, driven by headless Chromium.

A page switch is timed in the page's own clock from the press on a sidebar link (the ``pointerdown`` event) to
the first animation frame after the new page is complete, i.e. after the browser has painted it: the URL path is
the page's, its elements are no longer stale, and the app reports ``data-test-script-state="notRunning"``.
Component iframes (network drawings) may still be drawing then; their time is the render benchmark's. The table
also gives, for all pages, the wall time Python sees from calling Playwright's click until it learns the page is
complete: it adds Playwright's checks before the click (the link is visible, stable over two frames, hit) and
the round trips to the browser, 30-50 ms per switch that no user waits for. Every page is visited once to warm the caches, then ``rounds`` tours
over all pages in the sidebar are timed; the first page after start is timed from ``goto`` on a fresh server
(started as ``make app`` starts it: serve.py, which reads the default data before it answers; the launch → answers
time is printed too).
Wall times depend on what else the machine runs, so the table also gives each page script's CPU time per
rerun with warm caches (AppTest, "script CPU" rows).

    python -c "from bench.pages import bench_pages; bench_pages(quick=False)"
    python -m bench.pages --baseline /tmp/old-checkout   # and another checkout of the app, side by side
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

from bench.common import table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGE = "overview"   # the page served at /
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
COMPLETE = """(path) => {
    const app = document.querySelector('[data-testid="stApp"]');
    return location.pathname.replace(/\\/$/, '') === path && app
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"] h1') !== null
        && document.querySelector('[data-stale="true"]') === null;
}"""
# polled in animation frames: once the page is complete, one more frame (it runs after that frame's paint)
# stamps the time; returns it then
PAINTED = f"""(path) => {{
    if (window.__painted) return window.__painted;
    if (!window.__complete && ({COMPLETE})(path)) {{
        window.__complete = true;
        requestAnimationFrame(() => {{ window.__painted = performance.now(); }});
    }}
    return false;
}}"""
PRESSES = """window.addEventListener('pointerdown', e => { window.__pressed = e.timeStamp; }, true);"""
RESET = "() => { window.__pressed = window.__painted = undefined; window.__complete = false; }"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(root: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    script = "serve.py" if (root / "serve.py").exists() else "app.py"   # serve.py: the data read at start
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
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


def _settle(tab, path: str) -> float:
    """Wait until the page at ``path`` is complete and painted; the page clock's time then (ms)."""
    return tab.wait_for_function(PAINTED, arg=path, timeout=180_000, polling="raf").json_value()


def _tour(tab, paths: list[str], record: tuple[dict[str, list[float]], list[float]] | None = None) -> None:
    """Click every sidebar link in turn; with ``record`` = (times, walls), note per page the seconds from the press
    to the painted page and the wall seconds Python waited."""
    for i, path in enumerate(paths):
        link = tab.locator('[data-testid="stSidebarNavLink"]').nth(i)
        tab.evaluate(RESET)
        started = time.perf_counter()
        link.click()
        painted = _settle(tab, path)
        if record is not None:
            times, walls = record
            times[path].append((painted - tab.evaluate("window.__pressed")) / 1000)
            walls.append(time.perf_counter() - started)


def _nav_paths(tab) -> list[str]:
    links = tab.locator('[data-testid="stSidebarNavLink"]')
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    paths = [("/" + h.split("://", 1)[-1].split("/", 1)[-1]) if "://" in h else h for h in hrefs]
    return [p.split("?")[0].rstrip("/") for p in paths]   # the default page is ''


def measure(roots: list[Path], *, rounds: int = 5) -> list[tuple[float, dict[str, list[float]], float, list[float]]]:
    """Per checkout: (seconds to the first page after start, {page path: [switch seconds, one per round]},
    seconds from launching the server until it answers, [Python's wall seconds per switch]).
    Every checkout gets its own server and tab; tours alternate between them, so load on the machine
    falls on all of them alike."""
    from playwright.sync_api import sync_playwright  # lazy: a browser driver only this benchmark needs

    servers, tabs, results = [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for root in roots:
                port = _free_port()
                launched = time.perf_counter()
                servers.append(_serve(root, port))
                start = time.perf_counter() - launched
                tab = browser.new_page(viewport={"width": 1400, "height": 1000})
                tab.add_init_script(PRESSES)
                started = time.perf_counter()
                tab.goto(f"http://127.0.0.1:{port}/")
                _settle(tab, "")
                tabs.append(tab)
                results.append((time.perf_counter() - started, {p: [] for p in _nav_paths(tab)}, start, []))
            for tab, (_, times, _, _) in zip(tabs, results, strict=True):   # warm every page's caches
                _tour(tab, list(times))
            for _ in range(rounds):
                for tab, (_, times, _, walls) in zip(tabs, results, strict=True):
                    _tour(tab, list(times), (times, walls))
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    return results


SCRIPT_TIMES = """
import json, sys, time
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=600)
at.session_state["lang"] = "zh"
at.run()
pages = sys.argv[1].split(",")
for page in pages:                      # warm every page's caches
    at.switch_page(page); at.run()
out = {p: [] for p in pages}
for _ in range(int(sys.argv[2])):
    for page in pages:
        at.switch_page(page)
        started = time.process_time()
        at.run()
        out[page].append(time.process_time() - started)
print(json.dumps(out))
"""


def script_cpu(root: Path, pages: list[str], rounds: int) -> dict[str, list[float]]:
    """CPU seconds of each page's script per rerun with warm caches (AppTest in a fresh process in ``root``):
    what a page switch costs the server, whatever else the machine is doing."""
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    done = subprocess.run([sys.executable, "-c", SCRIPT_TIMES, ",".join(pages), str(rounds)], cwd=root, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _script(path: str) -> str:
    """The page script served at ``path``."""
    return f"views/{path.strip('/') or DEFAULT_PAGE}.py"


def _cells(values: list[float]) -> list[str]:
    return [f"{np.percentile(values, 50) * 1000:.0f}", f"{np.percentile(values, 95) * 1000:.0f}",
            f"{max(values) * 1000:.0f}"]


def bench_pages(quick: bool, *, root: Path = ROOT, baseline: Path | None = None) -> str:
    """Print and return a Markdown table: p50 / p95 / max page-switch time per page with warm caches, and the
    first page after start; with ``baseline`` (another checkout of the app) both side by side, same run."""
    if not Path(CHROMIUM).exists():
        return table("Page switches", ["page", "note"], [["-", "n/a (no chromium)"]])
    roots = [root] if baseline is None else [baseline, root]
    measured = measure(roots, rounds=1 if quick else 5)
    labels = ["this checkout"] if baseline is None else ["baseline", "this checkout"]
    header = ["page"]
    for label in labels:
        header += [f"{label} p50 ms", "p95 ms", "max ms"]
    rows: dict[str, list[str]] = {}

    def put(name: str, n: int, cells: list[str]) -> None:
        rows.setdefault(name, [""] * 3 * len(roots))[3 * n:3 * n + 3] = cells

    order = list(measured[-1][1]) + [p for _, times, _, _ in measured[:-1] for p in times if p not in measured[-1][1]]
    for path in order:
        for n, (_, times, _, _) in enumerate(measured):
            if path in times:
                put(path or "/", n, _cells(times[path]))
    for n, (first, times, start, walls) in enumerate(measured):
        put("**all pages**", n, _cells([x for v in times.values() for x in v]))
        put("all pages, Python's wall time (with Playwright's checks)", n, _cells(walls))
        put("first page after start", n, [f"{first * 1000:.0f}", "", ""])
        put("server start (launch → answers)", n, [f"{start * 1000:.0f}", "", ""])
    script = [script_cpu(root, [_script(p) for p in times], 1 if quick else 5)
              for root, (_, times, _, _) in zip(roots, measured, strict=True)]
    for path in order:
        for n, cpu in enumerate(script):
            if _script(path) in cpu:
                put(f"{path or '/'} (script CPU)", n, _cells(cpu[_script(path)]))
    lines = [[name, *cells] for name, cells in rows.items()]
    switches = sum(len(v) for v in measured[-1][1].values())
    return table(f"Page switches in headless Chromium, press → painted, warm caches ({switches} switches per checkout, "
                 f"data/demo, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", header, lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app.py is served")
    parser.add_argument("--baseline", type=Path, help="another checkout measured side by side (e.g. before a change)")
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    bench_pages(options.quick, root=options.root, baseline=options.baseline)
