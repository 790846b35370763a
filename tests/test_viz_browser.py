"""Network drawings in headless Chromium (issue 24): every label inside the frame at 1024 and 1440 px, an ego
network's names not overlapping, the legend naming only what is drawn."""
import pytest

from graph.build import build_graph, views
from graph.io import read_dataset
from graph.viz import chain_map_html, ego_network_html, firm_network_html
from tests.conftest import DEMO
from tests.test_viz import small_graph

pytestmark = pytest.mark.browser

# each node's box with its label, in page pixels, and the frame's size
BOXES_JS = """() => {
  const frame = document.getElementById("mynetwork");
  return {width: frame.clientWidth, height: frame.clientHeight, boxes: nodes.getIds().map((id) => {
    const b = network.getBoundingBox(id);
    const a = network.canvasToDOM({x: b.left, y: b.top}), z = network.canvasToDOM({x: b.right, y: b.bottom});
    return {id: id, left: a.x, top: a.y, right: z.x, bottom: z.y};
  })};
}"""


@pytest.fixture(scope="module")
def demo_graph():
    return build_graph(read_dataset(DEMO))


def drawn(browser, html: str, width: int) -> dict:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.set_content(html)
    page.locator("body[data-drawn]").wait_for(state="attached", timeout=30_000)
    found = page.evaluate(BOXES_JS)
    page.close()
    return found


@pytest.mark.parametrize("width", [1024, 1440])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chain_map_label_is_inside_the_frame(browser, demo_graph, width, lang):
    for chain_id in ("advanced_materials", "new_gen_it", "pharmaceuticals"):
        found = drawn(browser, chain_map_html(demo_graph, chain_id, lang=lang), width)
        outside = [b["id"] for b in found["boxes"] if b["left"] < 0 or b["top"] < 0
                   or b["right"] > found["width"] or b["bottom"] > found["height"]]
        assert not outside, (chain_id, outside)


@pytest.mark.parametrize("width", [1024, 1440])
def test_an_ego_networks_names_do_not_overlap(browser, demo_graph, width):
    supply = views(demo_graph).supply
    busiest = max(supply.nodes, key=lambda f: (supply.in_degree(f) + supply.out_degree(f), f))
    html, _ = ego_network_html(demo_graph, busiest, lang="en")
    found = drawn(browser, html, width)
    boxes = found["boxes"]
    assert len(boxes) >= 8
    overlaps = [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]]
    assert not overlaps, overlaps[:5]
    assert all(b["left"] >= 0 and b["right"] <= found["width"] for b in boxes)


def test_the_legend_names_only_the_kinds_of_firm_drawn():
    only_local, _ = firm_network_html(small_graph(), ["A", "B", "C"], lang="en")
    assert "local firm" in only_local and "non-local firm" not in only_local and "selected firm" not in only_local
    with_other, _ = firm_network_html(small_graph(), ["A", "B", "X"], highlight="A", lang="en")
    assert "non-local firm" in with_other and "selected firm" in with_other
