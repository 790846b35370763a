"""Graphs -> self-contained vis-network HTML that works offline: the chain map, a firm network, an ego network.

vis-network comes from the pyvis package: inlined (470 KB; the page links nothing), or, with ``vis_src``, referenced
as a script served by the app itself (``VIS_JS`` copied to its static folder), so a browser loads and compiles it
once instead of once per drawing. Node data reach the page as JSON with
``<``, ``>``, ``&`` and ``'`` escaped (so no name can close the script), and vis-network 9 sets string tooltips
with ``innerText``; every other text we put into the HTML (title, legend, notes) is escaped with ``html.escape``.

Firm networks are laid out here (igraph, fixed seed) and drawn with physics off, so the browser draws them at once;
chain maps use vis-network's hierarchical left-to-right layout. When vis-network has drawn the first frame the page
sets ``document.body.dataset.drawn`` to the milliseconds since navigation started (tests and bench/render.py wait
for it).

>>> from graph.viz import firm_layout
>>> firm_layout(["A", "B"], [("A", "B")]) == firm_layout(["B", "A"], [("A", "B")])
True
"""
from __future__ import annotations

import html
import json
import math
import random
import threading
from functools import cache
from pathlib import Path

import igraph
import networkx as nx
import pyvis

from graph.build import views
from graph.messages import listed, t, tag_label
from graph.model import firm_key
from graph.status_style import STATUS_COLORS

OPTIONS_LR = ('{"layout": {"hierarchical": {"enabled": true, "direction": "LR", "sortMethod": "directed", '
              '"levelSeparation": 230, "nodeSpacing": 95}}, "physics": {"enabled": false}, '
              '"interaction": {"hover": true, "tooltipDelay": 120}, '
              '"edges": {"arrows": {"to": {"enabled": true, "scaleFactor": 0.6}}, "smooth": false}}')
# positions come from firm_layout (no physics, no stabilisation, no "improved layout" seeding); names show once
# zoomed in far enough to read them (drawThreshold); the links are drawn by the page (_LINKS_JS)
OPTIONS_FIXED = ('{"layout": {"improvedLayout": false}, "physics": {"enabled": false}, '
                 '"nodes": {"shape": "dot", "font": {"size": 12}, "scaling": {"label": {"drawThreshold": 9}}}, '
                 '"interaction": {"hover": true, "tooltipDelay": 120}}')
LOCAL_COLOR, OTHER_COLOR, HIGHLIGHT_COLOR = "#1f77b4", "#bbbbbb", "#d62728"
VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
_TOOLTIP_CSS = ("div.vis-tooltip{position:absolute;visibility:hidden;z-index:5;pointer-events:none;padding:5px;"
                "white-space:nowrap;font:13px sans-serif;color:#000;background:#f5f4ed;border:1px solid #808074;"
                "border-radius:3px;box-shadow:3px 3px 10px rgba(0,0,0,.2)}")
_LAYOUT_LOCK = threading.Lock()


@cache
def _vis_js() -> str:
    return VIS_JS.read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON that is safe inside a <script> element.

    >>> script_json({"name": "</script><b>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("'", "\\u0027")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# Supply links of a firm network are drawn by the page itself, as one canvas path under the nodes: vis-network
# builds an object with its own options per edge, which costs seconds at tens of thousands of links. Arrowheads
# (supplier -> customer) show once zoomed in; links of the selected firm are drawn red.
_LINKS_JS = """
var ids = nodes.getIds(), size = ids.map(function (id) { return nodes.get(id).size || 10; });
function drawLinks(ctx, pos, scale, chosen) {
  var head = 5 / scale, arrows = scale > 0.35;
  ctx.beginPath();
  for (var k = 0; k < links.length; k++) {
    var a = ids[links[k][0]], b = ids[links[k][1]];
    if (chosen && !chosen[a] && !chosen[b]) continue;
    var p = pos[a], q = pos[b], dx = q.x - p.x, dy = q.y - p.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
    var ux = dx / d, uy = dy / d, ex = q.x - ux * (size[links[k][1]] + 1), ey = q.y - uy * (size[links[k][1]] + 1);
    ctx.moveTo(p.x, p.y); ctx.lineTo(ex, ey);
    if (arrows) {
      ctx.moveTo(ex - head * (1.6 * ux + 0.7 * uy), ey - head * (1.6 * uy - 0.7 * ux)); ctx.lineTo(ex, ey);
      ctx.lineTo(ex - head * (1.6 * ux - 0.7 * uy), ey - head * (1.6 * uy + 0.7 * ux));
    }
  }
  ctx.lineWidth = (chosen ? 1.6 : 0.7) / scale;
  ctx.strokeStyle = chosen ? "rgba(214, 39, 40, 0.9)" : "rgba(120, 120, 120, 0.45)";
  ctx.stroke();
}
network.on("beforeDrawing", function (ctx) {
  var pos = network.getPositions(ids), scale = network.getScale(), chosen = null;
  drawLinks(ctx, pos, scale, null);
  network.getSelectedNodes().forEach(function (id) { chosen = chosen || {}; chosen[id] = true; });
  if (chosen) { drawLinks(ctx, pos, scale, chosen); }
});
"""


# After the first drawing, fit the view to the nodes *with their labels* (vis-network's own fit sees only the
# nodes, so a name at the edge was cut by the frame); never zooms in beyond vis-network's own fit.
_FIT_JS = """
function fitLabels() {
  var box = null;
  nodes.getIds().forEach(function (id) {
    var b = network.getBoundingBox(id);
    if (!b) { return; }
    box = box ? {left: Math.min(box.left, b.left), right: Math.max(box.right, b.right),
                 top: Math.min(box.top, b.top), bottom: Math.max(box.bottom, b.bottom)} : b;
  });
  var frame = document.getElementById("mynetwork");
  if (!box || !frame.clientWidth) { return; }
  var scale = Math.min((frame.clientWidth - 24) / (box.right - box.left || 1),
                       (frame.clientHeight - 24) / (box.bottom - box.top || 1), network.getScale());
  network.moveTo({position: {x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2}, scale: scale});
}
network.once('afterDrawing', function () {
  fitLabels();
  document.body.dataset.drawn = performance.now();
});
"""


def network_page(nodes: list[dict], edges: list[dict], options: str, *, links: list[tuple[int, int]] = (),
                 height: str = "620px", title: str = "", legend: list[tuple[str, str]] = (), note: str = "",
                 vis_src: str | None = None) -> str:
    """One HTML page drawing ``nodes`` and ``edges`` (vis-network data) with ``options`` (JSON); ``links`` are
    more arrows as (from, to) positions in ``nodes``, drawn by the page itself (fast for many). The page is
    self-contained unless ``vis_src`` gives the URL vis-network is loaded from.

    >>> '<script src="lib/vis.js"></script>' in network_page([], [], "{}", vis_src="lib/vis.js")
    True
    """
    header = ""
    if title:
        header += f'<div style="font:600 16px sans-serif;margin:4px 8px">{html.escape(title)}</div>'
    if legend:
        items = "".join(f'<span style="display:inline-block;margin-right:14px"><span style="display:inline-block;'
                        f'width:12px;height:12px;border-radius:6px;background:{color};margin-right:4px"></span>'
                        f'{html.escape(label)}</span>' for label, color in legend)
        header += f'<div style="font:13px sans-serif;margin:4px 8px">{items}</div>'
    if note:
        header += f'<div style="font:12px sans-serif;color:#555;margin:2px 8px">{html.escape(note)}</div>'
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{{margin:0}}'
            f'#mynetwork{{width:100%;height:{html.escape(height)};border:1px solid lightgray}}{_TOOLTIP_CSS}</style>'
            + (f'<script src="{html.escape(vis_src)}"></script>' if vis_src else f"<script>{_vis_js()}</script>")
            + f"</head><body>{header}"
            '<div id="mynetwork"></div><script>'
            f"var nodes = new vis.DataSet({script_json(nodes)});\n"
            f"var edges = new vis.DataSet({script_json(edges)});\n"
            f"var links = {script_json([list(pair) for pair in links])};\n"
            f"var network = new vis.Network(document.getElementById('mynetwork'), {{nodes: nodes, edges: edges}}, "
            f"{options});\n"
            + (_LINKS_JS if links else "") + _FIT_JS +
            "</script></body></html>")


def _levels(dag: nx.DiGraph) -> dict[str, int]:
    """Longest-path depth from the sources: upstream segments on the left."""
    level: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        level[node] = max((level[p] + 1 for p in dag.predecessors(node)), default=0)
    return level


def chain_map_html(G: nx.MultiDiGraph, chain_id: str, *, status: dict[str, str] | None = None,
                   facts: dict[str, dict] | None = None, lang: str = "zh", height: str = "620px",
                   vis_src: str | None = None) -> str:
    """The chain's segments laid out upstream -> downstream, coloured by status, sized by local revenue.

    ``status``: segment id -> gap | weak | strength | normal | lost | lost_cascade; ``facts``: segment id ->
    {label: value} shown in the tooltip (e.g. local firms, revenue); ``vis_src`` as in :func:`network_page`.
    """
    status = status or {}
    facts = facts or {}
    dag = views(G).segment_dags[chain_id]
    level = _levels(dag)
    revenue = {s: float(facts.get(s, {}).get("_local_revenue", 0.0)) for s in dag.nodes}
    peak = max(revenue.values(), default=0.0) or 1.0
    nodes = []
    for s, attrs in dag.nodes(data=True):
        state = status.get(s, "normal")
        name = attrs["name_en"] if lang == "en" else attrs["name"]
        lines = [name, t("net_status", lang, status=t(f"segment_status_{state}", lang))]
        if attrs["key_tech"]:
            lines.append(t("net_key_tech", lang))
        lines += [f"{k}: {v}" for k, v in facts.get(s, {}).items() if not k.startswith("_")]
        nodes.append({"id": s, "label": ("★ " if attrs["key_tech"] else "") + name, "title": "\n".join(lines),
                      "shape": "dot", "level": level[s], "borderWidth": 4 if attrs["key_tech"] else 1,
                      "color": {"background": STATUS_COLORS[state],
                                "border": "#222222" if attrs["key_tech"] else STATUS_COLORS[state]},
                      "size": 12 + 30 * math.sqrt(revenue[s] / peak), "font": {"size": 16, "face": "sans-serif"}})
    edges = [{"from": u, "to": v, "color": "#999999"} for u, v in sorted(dag.edges)]   # the same page from any source
    chain = G.nodes[f"chain:{chain_id}"]
    shown = ["gap", "weak", "strength", "normal"] + [k for k in ("lost", "lost_cascade") if k in status.values()]
    legend = [(t(f"segment_status_{k}", lang), STATUS_COLORS[k]) for k in shown]
    legend.append((t("net_legend_chain", lang),
                   "#ffffff"))
    return network_page(nodes, edges, OPTIONS_LR, height=height, legend=legend, vis_src=vis_src,
                        title=chain["name_en"] if lang == "en" else chain["name"])


def firm_layout(firm_ids: list[str], edges: list[tuple[str, str]], *, seed: int = 7,
                link: float = 110.0) -> dict[str, tuple[float, float]]:
    """Positions (x, y) in pixels for a firm network.

    Firms with a link are placed by Fruchterman–Reingold (igraph, grid variant above 500 firms) from a seeded
    start, scaled so that the median link is ``link`` px long; firms with no link among these sit in a grid to
    the right, spaced for their names. The same firms and edges give the same positions whatever their order.

    >>> pos = firm_layout(["A", "B", "C", "D"], [("A", "B"), ("B", "C")])
    >>> pos == firm_layout(["D", "C", "B", "A"], [("B", "C"), ("A", "B")])
    True
    >>> pos["D"][0] > max(pos[f][0] for f in "ABC")    # the unlinked firm sits to the right
    True
    """
    ids = sorted(set(firm_ids))
    known = set(ids)
    pairs = {tuple(sorted((u, v))) for u, v in edges if u != v and u in known and v in known}
    linked = sorted({f for pair in pairs for f in pair})
    index = {f: i for i, f in enumerate(linked)}
    position: dict[str, tuple[float, float]] = {}
    right = 0.0
    if linked:
        g = igraph.Graph(n=len(linked), edges=sorted((index[u], index[v]) for u, v in pairs))
        with _LAYOUT_LOCK:  # igraph draws from one process-wide generator: seed it, run, put the default back
            igraph.set_random_number_generator(random.Random(seed))
            try:
                coords = g.layout_fruchterman_reingold(niter=300, grid=len(linked) > 500).coords
            finally:
                igraph.set_random_number_generator(random)
        lengths = sorted(math.dist(coords[a], coords[b]) for a, b in g.get_edgelist())
        scale = link / (lengths[len(lengths) // 2] or 1.0)
        xs, ys = [x for x, _ in coords], [y for _, y in coords]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        for f, (x, y) in zip(linked, coords, strict=True):
            position[f] = (round((x - cx) * scale, 1), round((y - cy) * scale, 1))
        right = (max(xs) - cx) * scale + 1.5 * link
    alone = [f for f in ids if f not in index]
    if alone:
        step_x, step_y = 150.0, 70.0   # room for a name of 12 characters under each dot
        columns = max(1, round(math.sqrt(len(alone) * step_y / step_x)))   # about square
        rows = math.ceil(len(alone) / columns)
        for i, f in enumerate(alone):
            position[f] = (round(right + (i % columns) * step_x, 1),
                           round((i // columns - (rows - 1) / 2) * step_y, 1))
    return position


def firm_network_html(G: nx.MultiDiGraph, firm_ids: list[str], *, highlight: str | None = None,
                      max_nodes: int = 2000, lang: str = "zh", height: str = "620px",
                      vis_src: str | None = None, layout=None, sizes: tuple[float, float] = (6.0, 30.0)
                      ) -> tuple[str, str]:
    """Supply edges among ``firm_ids`` (the largest ``max_nodes`` by revenue when there are more), laid out here
    (``layout(firm_ids, links)`` -> positions; default :func:`firm_layout`); dots from ``sizes`` (smallest,
    largest radius, by √revenue).

    Returns (html, note); the note says when the view was cut down. ``vis_src`` as in :func:`network_page`.
    """
    supply = views(G).supply
    firm_ids = list(dict.fromkeys(firm_ids))
    note = ""
    if len(firm_ids) > max_nodes:
        def size(f):
            return G.nodes[firm_key(f)].get("revenue") or 0.0
        keep = sorted(firm_ids, key=lambda f: (-size(f), f))[:max_nodes]
        if highlight and highlight not in keep:
            keep[-1] = highlight
        note = t("net_cut_down", lang, n=len(firm_ids), shown=max_nodes)
        firm_ids = keep
    chosen = set(firm_ids)
    links = [(u, v) for u, v in supply.edges(firm_ids) if v in chosen]
    position = (layout or firm_layout)(firm_ids, links)
    peak = max((G.nodes[firm_key(f)].get("revenue") or 0.0 for f in firm_ids), default=0.0) or 1.0
    nodes = []
    for f in firm_ids:
        d = G.nodes[firm_key(f)]
        where = d.get("city") or d.get("province") or ""
        lines = [d["name"], f"{f} · {where}"]
        if d.get("revenue") is not None:
            lines.append(t("net_revenue", lang, revenue=d["revenue"]))
        if d.get("tags"):
            lines.append(listed((tag_label(tag, lang) for tag in d["tags"]), lang))
        color = HIGHLIGHT_COLOR if f == highlight else LOCAL_COLOR if d.get("local") else OTHER_COLOR
        x, y = position[f]
        nodes.append({"id": f, "label": d["name"][:12], "title": "\n".join(lines), "color": color, "x": x, "y": y,
                      "size": round(sizes[0] + (sizes[1] - sizes[0]) * math.sqrt((d.get("revenue") or 0.0) / peak), 1)})
    at = {f: i for i, f in enumerate(firm_ids)}
    pairs = [(at[u], at[v]) for u, v in dict.fromkeys(links)]
    drawn = {n["color"] for n in nodes}      # the legend names only the kinds of firm drawn
    legend = [(label, color) for label, color in ((t("net_local", lang), LOCAL_COLOR),
                                                  (t("net_other", lang), OTHER_COLOR),
                                                  (t("net_selected", lang), HIGHLIGHT_COLOR))
              if color in drawn]
    return network_page(nodes, [], OPTIONS_FIXED, links=pairs, height=height, legend=legend, note=note,
                        vis_src=vis_src), note


def ego_network_html(G: nx.MultiDiGraph, firm_id: str, *, lang: str = "zh", max_nodes: int = 200,
                     vis_src: str | None = None) -> tuple[str, str]:
    """A firm with its suppliers and customers (see :func:`firm_network_html`)."""
    supply = views(G).supply
    suppliers, customers = sorted(supply.predecessors(firm_id)), sorted(supply.successors(firm_id))
    around = [firm_id, *suppliers, *customers]
    return firm_network_html(G, around, highlight=firm_id, max_nodes=max_nodes, lang=lang, vis_src=vis_src,
                             layout=lambda shown, _links: ego_layout(firm_id, suppliers, customers, shown),
                             sizes=(5.0, 12.0))   # small dots: a column's names stay apart


def ego_layout(firm_id: str, suppliers: list[str], customers: list[str], shown: list[str], *,
               column: float = 260.0, row: float = 46.0, per_column: int = 12) -> dict[str, tuple[float, float]]:
    """Positions for one firm with its suppliers to the left and its customers to the right, in columns of at most
    ``per_column`` names ``row`` px apart, so no two names overlap (a firm both supplier and customer sits left).

    >>> pos = ego_layout("F", ["S1", "S2"], ["C1"], ["F", "S1", "S2", "C1"])
    >>> pos["S1"][0] < pos["F"][0] < pos["C1"][0], pos["S1"][1] != pos["S2"][1]
    (True, True)
    """
    keep = set(shown)
    left = [f for f in dict.fromkeys(suppliers) if f in keep and f != firm_id]
    right = [f for f in dict.fromkeys(customers) if f in keep and f != firm_id and f not in set(left)]
    position = {firm_id: (0.0, 0.0)}
    for side, firms in ((-1, left), (1, right)):
        for i, f in enumerate(firms):
            depth, place = divmod(i, per_column)
            height = min(len(firms) - depth * per_column, per_column)
            position[f] = (side * column * (depth + 1), round((place - (height - 1) / 2) * row, 1))
    return position
