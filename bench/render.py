"""Render benchmark: firm networks drawn in headless Chromium, laid out on the server (physics off) vs the
previous way (vis-network's own Barnes–Hut physics with a 60-iteration stabilisation), same firms, same run.

`python -m bench --sections render` (or `python -m bench.render [--quick]`). "drawn" is measured from the start of
navigation until vis-network has drawn its first frame (fixed layout) or finished stabilising (physics); each
browser time is the median of 3 fresh page loads, and the 1-minute load average is printed with each row
(the machine is shared: a load far above the core count inflates every time).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import province, table
from graph.build import build_graph, views
from graph.viz import firm_layout, firm_network_html, network_page

CHROMIUM = "/usr/bin/chromium"
# the way firm networks were drawn before the server-side layout (kept here only as the baseline)
OPTIONS_PHYSICS = ('{"layout": {"improvedLayout": false}, "physics": {"enabled": true, "solver": "barnesHut", '
                   '"stabilization": {"iterations": 60, "updateInterval": 60}}, "nodes": {"shape": "dot"}, '
                   '"interaction": {"hover": true, "tooltipDelay": 120, "hideEdgesOnDrag": true}, '
                   '"edges": {"arrows": {"to": {"enabled": true, "scaleFactor": 0.5}}, "smooth": false}}')
DRAWN = "() => document.body && document.body.dataset.drawn"
STABILISED = """() => window.network && window.network.body && (window.network.physics.stabilized ||
    window.network.physics.stabilizationIterations >= window.network.physics.options.stabilization.iterations)"""


def physics_page(page: str) -> str:
    """The same firms and links without positions, drawn by vis-network's physics instead (the baseline)."""
    def data(name):
        return json.loads(re.search(rf"var {name} = (?:new vis\.DataSet\()?(.*?)\)?;\n", page).group(1))
    nodes = [{k: v for k, v in n.items() if k not in ("x", "y")} for n in data("nodes")]
    edges = [{"from": nodes[i]["id"], "to": nodes[j]["id"]} for i, j in data("links")]
    return network_page(nodes, edges, OPTIONS_PHYSICS)


def browser_seconds(page: str, condition: str, repeat: int = 3) -> tuple[float, float | None]:
    """Medians over ``repeat`` loads of (seconds from goto until ``condition`` holds, the page's own drawn time)."""
    runs = [browser_once(page, condition) for _ in range(repeat)]
    drawn = [d for _, d in runs if d is not None]
    return statistics.median(e for e, _ in runs), (statistics.median(drawn) if drawn else None)


def browser_once(page: str, condition: str) -> tuple[float, float | None]:
    from playwright.sync_api import sync_playwright  # lazy: a browser driver only this benchmark needs

    path = Path(tempfile.mkdtemp()) / "graph.html"
    path.write_text(page, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-background-networking"])
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        tab.goto(path.as_uri())
        tab.wait_for_function(condition, timeout=180_000)
        elapsed = time.perf_counter() - started
        drawn = tab.evaluate("() => document.body.dataset.drawn || null")
        browser.close()
    return elapsed, (float(drawn) / 1000 if drawn else None)


def bench_render(quick: bool) -> str:
    G = build_graph(province(2.0 if not quick else 0.05))
    firms = sorted(d["firm_id"] for _, d in G.nodes(data=True) if d.get("kind") == "firm")
    supply = views(G).supply
    rows = []
    repeat = 1 if quick else 3
    for n in ((200, 1000, 2000, 5000) if not quick else (50,)):
        chosen = firms[:n]
        inside = set(chosen)
        links = [(u, v) for u, v in supply.edges(chosen) if v in inside]
        started = time.perf_counter()
        firm_layout(chosen, links)
        layout = time.perf_counter() - started
        started = time.perf_counter()
        page, _ = firm_network_html(G, chosen, max_nodes=n)
        generate = time.perf_counter() - started
        if not Path(CHROMIUM).exists():
            rows.append([n, len(set(links)), f"{layout:.2f}", f"{generate:.2f}", f"{len(page) / 1e6:.1f}",
                         "n/a", "n/a", "n/a", "n/a", f"{os.getloadavg()[0]:.1f}"])
            continue
        fixed, in_page = browser_seconds(page, DRAWN, repeat)
        physics, _ = browser_seconds(physics_page(page), STABILISED, repeat)
        rows.append([n, len(set(links)), f"{layout:.2f}", f"{generate:.2f}", f"{len(page) / 1e6:.1f}",
                     f"{in_page:.2f}", f"{fixed:.2f}", f"{physics:.2f}", f"{physics / fixed:.1f}×",
                     f"{os.getloadavg()[0]:.1f}"])
    return table("Rendering a firm network: laid out on the server (igraph FR, physics off) vs vis-network physics "
                 "(Barnes–Hut, 60 stabilisation iterations), headless Chromium, same firms",
                 ["firms", "supply links", "layout s", "HTML generation s (incl. layout)", "HTML MB",
                  "fixed: navigation → first frame s (in page)", "fixed: goto → drawn s",
                  "physics: goto → stabilised s", "physics / fixed", "load avg"], rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.render", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    bench_render(parser.parse_args().quick)
