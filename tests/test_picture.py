"""The chain map as a picture: PNG and SVG bytes, the app's colours, names as SVG text, a workbook picture."""
import io
import re
import zipfile

import numpy as np
import pytest
from matplotlib.image import imread
from openpyxl import Workbook, load_workbook

from graph.io.workbook import add_picture
from graph.model import Chain, Segment
from graph.picture import chain_from_graph, chain_layout, chain_map_picture
from tests.micro import micro_graph

CHAIN = Chain("demo", "示例装备", "Demo equipment", (
    Segment("steel", "钢材", "Steel", "upstream"),
    Segment("parts", "精密零件", "Precision parts", "upstream"),
    Segment("pumps", "液压柱塞泵与电液比例阀", "Piston pumps and valves", "midstream", key_tech=True),
    Segment("tractor", "拖拉机", "Tractors", "downstream"),
    Segment("service", "农机服务", "Services", "services"),
), (("steel", "parts"), ("parts", "pumps"), ("steel", "tractor"), ("pumps", "tractor"), ("tractor", "service")))


def svg_text(svg: bytes) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode("utf-8"))


def pixels(png: bytes, color: str) -> int:
    image = imread(io.BytesIO(png))[:, :, :3]
    target = np.array([int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return int((np.abs(image - target).max(axis=2) < 0.02).sum())


def test_layout_bands_stages_left_to_right():
    assert chain_layout(CHAIN) == {"steel": (0, 0), "parts": (1, 0), "pumps": (2, 0), "tractor": (3, 0),
                                   "service": (4, 0)}
    wide = Chain("w", "宽", "W", (Segment("a", "甲", "A", "upstream"), Segment("b", "乙", "B", "upstream"),
                                  Segment("c", "丙", "C", "midstream"), Segment("d", "丁", "D", "midstream")),
                 (("a", "d"), ("b", "c")))
    assert chain_layout(wide) == {"a": (0, 0), "b": (0, 1), "c": (1, 1), "d": (1, 0)}, "rows follow the links"


def test_png_is_a_picture_in_the_apps_colours():
    plain = chain_map_picture(CHAIN, {}, dpi=60)
    gap = chain_map_picture(CHAIN, {"tractor": "gap", "steel": "strength"}, dpi=60)
    assert plain.startswith(b"\x89PNG\r\n\x1a\n") and gap.startswith(b"\x89PNG\r\n\x1a\n")
    height, width = imread(io.BytesIO(gap)).shape[:2]
    assert (width, height) == (864, 181), "five columns of 2.9 in, one row, at 60 dpi"
    box = pixels(gap, "#d62728") - pixels(plain, "#d62728")
    assert box > 1000, "the gap segment is filled red (#d62728)"
    assert pixels(gap, "#2ca02c") - pixels(plain, "#2ca02c") > 1000, "the strength green (#2ca02c)"
    assert chain_map_picture(CHAIN, {}, dpi=60) == plain, "deterministic"


def test_svg_keeps_segment_names_stages_and_legend_as_text():
    svg = chain_map_picture(CHAIN, {"tractor": "gap", "pumps": "weak", "steel": "strength"}, fmt="svg")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    texts = svg_text(svg)
    joined = "".join(texts)
    for name in ("钢材", "精密零件", "拖拉机", "农机服务", "液压柱塞泵与电液比例阀"):
        assert name in joined, name
    assert "★ 液压柱塞泵" in texts, "the key technology is starred and wrapped over two lines"
    assert {"上游", "中游", "下游", "服务", "示例装备产业链图谱"} <= set(texts)
    assert {"缺链 1", "弱链 1", "优势 1", "一般 2", "★ 关键核心技术（卡脖子）"} <= set(texts)
    english = svg_text(chain_map_picture(CHAIN, {}, lang="en", fmt="svg", note="Source: demo <data> & co"))
    assert {"Upstream", "Steel", "Tractors", "Demo equipment — chain map", "gap 0", "normal 5"} <= set(english)
    assert "Source: demo &lt;data&gt; &amp; co" in english, "user text is escaped in the SVG"


def test_what_if_statuses_and_bad_arguments():
    texts = svg_text(chain_map_picture(CHAIN, {"pumps": "lost", "tractor": "lost_cascade"}, fmt="svg"))
    assert {"推演后直接缺链 1", "推演后连锁缺链 1"} <= set(texts)
    with pytest.raises(ValueError, match="fmt must be png or svg"):
        chain_map_picture(CHAIN, {}, fmt="pdf")
    with pytest.raises(ValueError, match="unknown segment status: broken"):
        chain_map_picture(CHAIN, {"steel": "broken"})


def test_chain_from_graph_gives_the_chain_map_record():
    G = micro_graph([("a", "upstream", True), ("b", "midstream", False)], [("a", "b")])
    assert chain_from_graph(G, "c") == Chain("c", "链c", "Chain c", (Segment("a", "环节a", "Segment a", "upstream", True),
                                                                    Segment("b", "环节b", "Segment b", "midstream")),
                                             (("a", "b"),))


def test_workbook_picture_is_embedded(tmp_path):
    book = Workbook()
    height = add_picture(book.active, chain_map_picture(CHAIN, {"steel": "gap"}, dpi=80), "B3", width_px=800)
    assert height == 168, "181/864 of 800 px, rounded up"
    image = book.active._images[0]
    assert (image.width, image.anchor) == (800, "B3") and image.height == pytest.approx(800 * 181 / 864, abs=12)
    book.save(tmp_path / "pic.xlsx")
    assert len(load_workbook(tmp_path / "pic.xlsx").active._images) == 1
    with zipfile.ZipFile(tmp_path / "pic.xlsx") as saved:
        drawing = saved.read("xl/drawings/drawing1.xml").decode()
    assert f'cx="{800 * 9525}"' in drawing, "shown 800 px wide (EMU)"


def test_a_cjk_font_installed_after_matplotlib_cached_its_font_list_is_found(monkeypatch):
    """matplotlib keeps its font list in ~/.cache/matplotlib: a font installed later (apt-get install
    fonts-noto-cjk after a first run) is found by scanning the system's font files, not reported missing."""
    from matplotlib import font_manager

    from graph.plotting import CJK_FONTS, use_cjk_font

    stale = [f for f in font_manager.fontManager.ttflist if f.name not in CJK_FONTS]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    assert use_cjk_font() in CJK_FONTS
