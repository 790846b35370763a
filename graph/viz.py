"""Graphs -> pyvis HTML that works offline: the chain map, a firm network, a firm's ego network.

vis-network is inlined and pyvis's CDN links (Bootstrap, CSS) are removed, so the page makes no
request. Node tooltips are plain text: vis-network 9 sets string titles with ``innerText``, and
the node data reach the page through Jinja's ``tojson`` (which escapes ``<``, ``>`` and ``&``);
every other text we put into the HTML (title, legend, notes) is escaped with ``html.escape``.

>>> html = chain_map_html(G, "agri_machinery", status={"powershift_cvt": "gap"})   # doctest: +SKIP
"""
from __future__ import annotations

import html
import math
import re

import networkx as nx
from pyvis.network import Network

from graph.build import views
from graph.model import firm_key

STATUS_COLORS = {"gap": "#d62728", "weak": "#ff9f1c", "strength": "#2ca02c", "normal": "#8fa8c8",
                 "lost": "#7b1fa2", "lost_cascade": "#c77dff"}
STATUS_NAMES = {"gap": ("缺链", "gap"), "weak": ("弱链", "weak link"), "strength": ("优势", "strength"),
                "normal": ("一般", "normal"), "lost": ("推演后直接缺链", "becomes a gap"),
                "lost_cascade": ("推演后连锁缺链", "lost through the cascade")}
OPTIONS_LR = ('{"layout": {"hierarchical": {"enabled": true, "direction": "LR", "sortMethod": "directed", '
              '"levelSeparation": 230, "nodeSpacing": 95}}, "physics": {"enabled": false}, '
              '"interaction": {"hover": true, "tooltipDelay": 120}, '
              '"edges": {"arrows": {"to": {"enabled": true, "scaleFactor": 0.6}}, "smooth": false}}')
OPTIONS_FREE = ('{"physics": {"enabled": true, "solver": "forceAtlas2Based", "stabilization": {"iterations": 150}}, '
                '"interaction": {"hover": true, "tooltipDelay": 120}, '
                '"edges": {"arrows": {"to": {"enabled": true, "scaleFactor": 0.5}}, "smooth": false}}')
# above a few hundred nodes vis-network's "improved layout" (Kamada-Kawai seeding) costs seconds; skip it
OPTIONS_FREE_LARGE = ('{"layout": {"improvedLayout": false}, "physics": {"enabled": true, "solver": "barnesHut", '
                      '"stabilization": {"iterations": 60, "updateInterval": 60}}, '
                      '"interaction": {"hover": true, "tooltipDelay": 120, "hideEdgesOnDrag": true}, '
                      '"edges": {"arrows": {"to": {"enabled": true, "scaleFactor": 0.5}}, "smooth": false}}')
LARGE_GRAPH = 300
_CDN_TAG = re.compile(r"<(link|script)\b[^>]*\b(href|src)=\"https?://[^\"]*\"[^>]*>(\s*</script>)?", re.S)
_HEADING = re.compile(r"<center>\s*<h1>.*?</h1>\s*</center>", re.S)


def _text(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def offline_html(net: Network, *, title: str = "", legend: list[tuple[str, str]] = (), note: str = "") -> str:
    """The network as one self-contained HTML page: inline vis-network, no CDN links."""
    page = net.generate_html(notebook=False)
    page = _CDN_TAG.sub("", page)
    page = _HEADING.sub("", page)
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
    return page.replace("<body>", "<body>" + header, 1)


def _levels(dag: nx.DiGraph) -> dict[str, int]:
    """Longest-path depth from the sources: upstream segments on the left."""
    level: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        level[node] = max((level[p] + 1 for p in dag.predecessors(node)), default=0)
    return level


def chain_map_html(G: nx.MultiDiGraph, chain_id: str, *, status: dict[str, str] | None = None,
                   facts: dict[str, dict] | None = None, lang: str = "zh", height: str = "620px") -> str:
    """The chain's segments laid out upstream -> downstream, coloured by status, sized by local revenue.

    ``status``: segment id -> gap | weak | strength | normal | lost | lost_cascade; ``facts``: segment id ->
    {label: value} shown in the tooltip (e.g. local firms, revenue).
    """
    status = status or {}
    facts = facts or {}
    dag = views(G).segment_dags[chain_id]
    level = _levels(dag)
    revenue = {s: float(facts.get(s, {}).get("_local_revenue", 0.0)) for s in dag.nodes}
    peak = max(revenue.values(), default=0.0) or 1.0
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for s, attrs in dag.nodes(data=True):
        state = status.get(s, "normal")
        name = attrs["name_en"] if lang == "en" else attrs["name"]
        lines = [name, _text(lang, "状态：", "status: ") + STATUS_NAMES[state][1 if lang == "en" else 0]]
        if attrs["key_tech"]:
            lines.append(_text(lang, "关键核心技术（卡脖子）", "key core technology"))
        lines += [f"{k}: {v}" for k, v in facts.get(s, {}).items() if not k.startswith("_")]
        net.add_node(s, label=("★ " if attrs["key_tech"] else "") + name, title="\n".join(lines),
                     color={"background": STATUS_COLORS[state], "border": "#222222" if attrs["key_tech"] else
                            STATUS_COLORS[state]},
                     borderWidth=4 if attrs["key_tech"] else 1, shape="dot",
                     size=12 + 30 * math.sqrt(revenue[s] / peak), level=level[s],
                     font={"size": 16, "face": "sans-serif"})
    for u, v in dag.edges:
        net.add_edge(u, v, color="#999999")
    net.set_options(OPTIONS_LR)
    chain = G.nodes[f"chain:{chain_id}"]
    shown = ["gap", "weak", "strength", "normal"] + [k for k in ("lost", "lost_cascade") if k in status.values()]
    legend = [(STATUS_NAMES[k][1 if lang == "en" else 0], STATUS_COLORS[k]) for k in shown]
    legend.append((_text(lang, "★ 粗边框 = 关键核心技术；节点大小 = 本地营收", "★ thick border = key technology; size = local revenue"),
                   "#ffffff"))
    return offline_html(net, title=chain["name_en"] if lang == "en" else chain["name"], legend=legend)


def firm_network_html(G: nx.MultiDiGraph, firm_ids: list[str], *, highlight: str | None = None,
                      max_nodes: int = 300, lang: str = "zh", height: str = "620px") -> tuple[str, str]:
    """Supply edges among ``firm_ids`` (the largest ``max_nodes`` by revenue when there are more).

    Returns (html, note); the note says when the view was cut down, so the browser never freezes.
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
        note = _text(lang, f"共 {len(firm_ids)} 家企业，仅显示营收最大的 {max_nodes} 家。",
                     f"{len(firm_ids)} firms; showing the {max_nodes} largest by revenue.")
        firm_ids = keep
    chosen = set(firm_ids)
    peak = max((G.nodes[firm_key(f)].get("revenue") or 0.0 for f in firm_ids), default=0.0) or 1.0
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for f in firm_ids:
        d = G.nodes[firm_key(f)]
        where = d.get("city") or d.get("province") or ""
        lines = [d["name"], f"{f} · {where}"]
        if d.get("revenue") is not None:
            lines.append(_text(lang, f"营业收入 {d['revenue']:,.0f} 万元", f"revenue {d['revenue']:,.0f} (10k CNY)"))
        if d.get("tags"):
            lines.append("、".join(d["tags"]))
        color = "#1f77b4" if d.get("local") else "#bbbbbb"
        if f == highlight:
            color = "#d62728"
        net.add_node(f, label=d["name"][:12], title="\n".join(lines), color=color,
                     size=6 + 24 * math.sqrt((d.get("revenue") or 0.0) / peak))
    for u, v in supply.edges(firm_ids):
        if v in chosen:
            net.add_edge(u, v, color="#aaaaaa")
    net.set_options(OPTIONS_FREE_LARGE if len(firm_ids) > LARGE_GRAPH else OPTIONS_FREE)
    legend = [(_text(lang, "本地企业", "local firm"), "#1f77b4"), (_text(lang, "外省企业", "non-local firm"), "#bbbbbb")]
    if highlight:
        legend.append((_text(lang, "所选企业", "selected firm"), "#d62728"))
    return offline_html(net, legend=legend, note=note), note


def ego_network_html(G: nx.MultiDiGraph, firm_id: str, *, lang: str = "zh", max_nodes: int = 200) -> tuple[str, str]:
    """A firm with its suppliers and customers."""
    supply = views(G).supply
    around = [firm_id, *sorted(supply.predecessors(firm_id)), *sorted(supply.successors(firm_id))]
    return firm_network_html(G, around, highlight=firm_id, max_nodes=max_nodes, lang=lang)
