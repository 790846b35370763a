"""The why of every row read in full, in a real browser (headless Chromium), in both languages at 1024 and 1440 px:
on 缺链弱链, 招商目标, 链主企业 and a firm profile the longest reason is on the page as text that wraps (no sideways
scrolling); score columns explain themselves on hover; no grid needs sideways scrolling (no column drops off); no
cell reads None, nan or empty (also on 韧性推演 and 产业链图谱). One server, one browser page."""
import time

import pytest

from graph.analysis.summary import analyze
from graph.store import MemoryStore
from tests.conftest import DEMO, LOCAL
from views.labels import LABELS
from views.reasons import reason_text, segment_names_en

pytestmark = pytest.mark.browser

# is ``text`` in full in an item of a why panel (CSS class st-key-<key…>), scrolled to, wrapped within the panel and
# the window?
PANEL_JS = """async ([key, text]) => {
  const norm = s => s.replace(/\\s+/g, " ").trim();
  const panels = [...document.querySelectorAll(`[class*="st-key-${key}"]`)];
  if (!panels.length) return null;
  const items = panels.flatMap(p => [...p.querySelectorAll("li")].map(li => [p, li]));
  const hit = items.find(([p, li]) => norm(li.textContent).includes(norm(text)));
  if (!hit) return {found: false};
  const [panel, item] = hit;
  item.scrollIntoView({block: "center"});   // rows out of view are laid out when they scroll in: read it there
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const box = item.getBoundingClientRect(), frame = panel.getBoundingClientRect();
  return {found: true, wraps: item.scrollWidth <= item.clientWidth + 1 && box.right <= frame.right + 1,
          inside: frame.right <= window.innerWidth && box.width > 0 && box.top >= Math.max(frame.top, 0) - 1
                  && box.bottom <= Math.min(frame.bottom, window.innerHeight) + 1};
}"""
GRIDS_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(g => g.offsetWidth > 0)
  .map(g => { const s = g.querySelector('.dvn-scroller');
              return {fits: !s || s.scrollWidth <= s.clientWidth + 1,
                      cells: [...g.querySelectorAll('td')].map(td => td.innerText.trim()),
                      heads: [...g.querySelectorAll('th')].map(th => th.innerText.trim())}; })"""
MISSING = {"none", "nan", "empty", "null"}


@pytest.fixture(scope="module")
def expected():
    """The longest reason each page shows, in both languages, rendered as the pages render them."""
    facts = MemoryStore.from_path(DEMO).facts()
    results = analyze(facts)
    first = facts.chain_ids()[0]            # the pages' default chain
    names = segment_names_en(facts)
    target = results[first].targets["firm_id"].iloc[0]

    def longest(frames, lang):
        return max((reason_text(r, lang, names) for f in frames for r in f["reasons"]), key=len)

    texts = {}
    for lang in ("zh", "en"):
        gap_targets = results[first].targets[results[first].targets["why"] == "gap"]   # their segments open at once
        mine = [t for t in (r.targets for r in results.values()) if (t["firm_id"] == target).any()]
        texts[lang] = {
            "gaps": ("why_weak_table", longest([r.weak_links for r in results.values()], lang)),
            "targets": ("why_targets_", longest([gap_targets], lang)),
            "leaders": ("why_leaders", longest([results[first].leaders.head(50)], lang)),
            f"firm?id={target}": ("why_firm_targets", longest([t[t["firm_id"] == target] for t in mine], lang)),
        }
    return texts


def help_texts(page, grid) -> set[str]:
    """The tooltips a grid's headers show when the mouse passes along them."""
    grid.evaluate("g => g.scrollIntoView({block: 'center'})")
    time.sleep(0.3)
    box = grid.bounding_box()
    seen = set()
    for x in range(int(box["x"] + 0.38 * box["width"]), int(box["x"] + box["width"]), 14):   # past chain and segment
        page.mouse.move(x, box["y"] + 17)
        time.sleep(0.2)
        seen.update(page.locator('[data-testid="stDataFrameTooltipContent"]').all_inner_texts())
    page.mouse.move(0, 0)
    return seen


def shown_in_panel(page, key: str, text: str) -> dict | None:
    """PANEL_JS's answer once the panel holds the text, or its last answer after 30 s (a busy machine may draw a
    panel a little after the script run ends)."""
    for _ in range(60):
        panel = page.evaluate(PANEL_JS, [key, text])
        if panel and panel["found"]:
            return panel
        time.sleep(0.5)
    return panel


def show(page, url: str, lang: str) -> None:
    page.goto(url)
    page.locator('[data-testid="stMainBlockContainer"] h1').first.wait_for(timeout=90_000)
    if lang == "en":
        page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
    settle(page)


def settle(page) -> None:
    """Wait until the script run is over and the grids have drawn."""
    time.sleep(0.3)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    time.sleep(0.5)


@pytest.mark.parametrize("width", [1024, 1440])
def test_reasons_in_full_scores_explained_and_no_missing_words(app_url, browser, expected, width):
    leaks, problems = [], []
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else leaks.append(r.url))
    for lang in ("zh", "en"):
        for name, (key, text) in expected[lang].items():
            show(page, f"{app_url}/{name}", lang)
            where = f"{name} {lang} {width}px"
            panel = shown_in_panel(page, key, text)
            if not (panel and panel["found"] and panel["wraps"] and panel["inside"]):
                problems.append(f"{where}: the reason is not there in full, wrapped inside the page: {panel} {text!r}")
            for grid in page.evaluate(GRIDS_JS):
                if not grid["fits"]:
                    problems.append(f"{where}: a grid scrolls sideways: {grid['heads']}")
                bad = [c for c in grid["cells"] if c.lower() in MISSING]
                if bad:
                    problems.append(f"{where}: cells read {bad}")
            if name == "gaps" and (width, lang) in ((1024, "zh"), (1440, "en")):
                weak = page.locator('[data-testid="stDataFrame"]').nth(1)
                wanted = {LABELS[k][1 if lang == "en" else 0]
                          for k in ("help_weak_score", "help_hhi", "help_support_rate")}
                missing = wanted - help_texts(page, weak)
                if missing:
                    problems.append(f"{where}: no help on hover: {missing}")
    for lang in ("zh", "en") if width == 1024 else ():   # the other pages: no missing words, nothing off the side
        for name in ("whatif", "chain_map"):
            show(page, f"{app_url}/{name}", lang)
            for grid in page.evaluate(GRIDS_JS):
                if not grid["fits"] or [c for c in grid["cells"] if c.lower() in MISSING]:
                    problems.append(f"{name} {lang} {width}px: {grid}")
    page.close()
    assert not problems, "\n".join(problems)
    assert leaks == []
