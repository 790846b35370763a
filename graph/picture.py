"""The chain map (一图) as a static picture, PNG or SVG, for slides and the workbook: offline, CJK fonts.

Segments stand in stage bands left to right (上游 → 中游 → 下游 → 服务), with a segment fed by another of its
stage one column further right; boxes have the app's colours (graph.status_style.STATUS_COLORS), key technologies get a
★ and a thick dark border, arrows are the chain map's links. SVG keeps text as text (searchable, editable).

>>> from graph.model import Chain, Segment
>>> chain = Chain("c", "示例链", "Example", (Segment("a", "原料", "Inputs", "upstream"),
...               Segment("b", "整机", "Machines", "downstream", key_tech=True)), (("a", "b"),))
>>> chain_map_picture(chain, {"a": "gap"}, fmt="svg").count(b"\\xe5\\x8e\\x9f\\xe6\\x96\\x99")   # 原料
1
"""
from __future__ import annotations

import io
import math
import re
from functools import cache

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from graph.build import views
from graph.charts import ink
from graph.messages import t
from graph.model import STAGES, Chain, Segment
from graph.plotting import use_cjk_font
from graph.status_style import STATUS_COLORS

STAGE_BANDS = {"upstream": "#f3f6fa", "midstream": "#eef2f7", "downstream": "#f3f6fa", "services": "#eef2f7"}
BOX_W, BOX_H, COL_GAP, ROW_GAP = 2.0, 0.62, 0.9, 0.32   # inches
KEY_BORDER = "#222222"
SVG_FALLBACK_FONTS = ("Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Source Han Sans SC", "sans-serif")


@cache
def _font() -> str:
    return use_cjk_font()


def chain_from_graph(G: nx.MultiDiGraph, chain_id: str) -> Chain:
    """The chain map record of ``chain_id`` as the graph holds it (segments in chain-map order, links)."""
    dag = views(G).segment_dags[chain_id]
    node = G.nodes[f"chain:{chain_id}"]
    ordered = sorted(dag.nodes(data=True), key=lambda item: item[1]["order"])
    segments = tuple(Segment(s, d["name"], d["name_en"], d["stage"], bool(d["key_tech"])) for s, d in ordered)
    return Chain(chain_id, node["name"], node["name_en"], segments, tuple(sorted(dag.edges)))


def chain_layout(chain: Chain) -> dict[str, tuple[int, int]]:
    """Segment id -> (column, row): stage bands left to right; inside a band, a segment fed by another segment of
    the same band stands one column right of it; rows ordered to keep links short (barycentre sweeps).

    >>> chain = Chain("c", "链", "C", (Segment("a", "甲", "A", "upstream"), Segment("b", "乙", "B", "upstream"),
    ...               Segment("c", "丙", "C", "downstream")), (("a", "b"), ("b", "c")))
    >>> chain_layout(chain)
    {'a': (0, 0), 'b': (1, 0), 'c': (2, 0)}
    """
    stage = {s.id: s.stage for s in chain.segments}
    dag = nx.DiGraph()
    dag.add_nodes_from(stage)
    dag.add_edges_from(chain.links)
    depth: dict[str, int] = {}
    for s in nx.topological_sort(dag):
        depth[s] = max((depth[p] + 1 for p in dag.predecessors(s) if stage[p] == stage[s]), default=0)
    column, start = {}, 0
    for band in STAGES:
        members = [s.id for s in chain.segments if s.stage == band]
        for s in members:
            column[s] = start + depth[s]
        if members:
            start += max(depth[s] for s in members) + 1
    order = {s.id: i for i, s in enumerate(chain.segments)}
    rank = dict(order)
    for sweep in range(6):  # alternate: place each column by its neighbours' mean rank, left then right
        forward = sweep % 2 == 0
        for c in (range(start) if forward else range(start - 1, -1, -1)):
            cells = [s for s in column if column[s] == c]
            def centre(s, forward=forward):
                near = list(dag.predecessors(s) if forward else dag.successors(s))
                return sum(rank[n] for n in near) / len(near) if near else rank[s]
            for i, s in enumerate(sorted(cells, key=lambda s: (centre(s), order[s]))):
                rank[s] = i
    return {s.id: (column[s.id], rank[s.id]) for s in chain.segments}


def _wrap(text: str, width: int) -> str:
    """Up to three lines of about ``width`` wide characters (a Latin letter counts half), balanced, never
    breaking inside a Latin word.

    >>> _wrap("液压柱塞泵与电液比例阀", 9)
    '液压柱塞泵与\\n电液比例阀'
    >>> _wrap("动力换挡/CVT传动", 6)
    '动力换挡/\\nCVT传动'
    >>> _wrap("Basic software (OS / databases)", 11)
    'Basic software (OS /\\ndatabases)'
    """
    tokens = re.findall(r"[A-Za-z0-9.'-]+ ?|\s|.", text)
    size = [len(t) / 2 if t.isascii() else len(t) for t in tokens]
    lines = min(3, math.ceil(sum(size) / width))
    target = sum(size) / lines
    out, line, used = [], "", 0.0
    for token, w in zip(tokens, size, strict=True):
        if (line and used + w / 2 > target and len(out) < lines - 1 and token[0].isalnum()
                and not line.rstrip().endswith(("(", "（", "《"))):
            out.append(line.rstrip())
            line, used = "", 0.0
        line, used = line + token, used + w
    return "\n".join([*out, line.rstrip()])


def _text_inches(text: str, points: float) -> float:
    """Rough width of ``text`` (CJK characters are square, Latin ones about half as wide)."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.5 for c in text) * points / 72


def _legend(ax, entries: list[tuple[str, str, str, float]], *, centre: float, y: float, points: float = 11) -> None:
    """One centred row of (label, fill, border, border width) swatches, drawn directly (matplotlib's legend is
    slow to build)."""
    swatch, gap, spacing = 0.3, 0.08, 0.4
    widths = [swatch + gap + _text_inches(label, points) for label, *_ in entries]
    x = centre - (sum(widths) + spacing * (len(entries) - 1)) / 2
    for (label, fill, border, lw), w in zip(entries, widths, strict=True):
        ax.add_patch(Rectangle((x, y - 0.08), swatch, 0.16, facecolor=fill, edgecolor=border, lw=lw, zorder=3))
        ax.text(x + swatch + gap, y, label, ha="left", va="center", fontsize=points, color="#1a1a1a")
        x += w + spacing


def chain_map_figure(chain: Chain, status: dict[str, str], *, lang: str = "zh", title: str | None = None,
                     note: str = "") -> Figure:
    """The chain map as a matplotlib Figure (see :func:`chain_map_picture`)."""
    _font()
    en = lang == "en"
    place = chain_layout(chain)
    columns = max(c for c, _ in place.values()) + 1
    rows = max(r for _, r in place.values()) + 1
    step_x, step_y = BOX_W + COL_GAP, BOX_H + ROW_GAP
    top, bottom = -0.45, rows * step_y - ROW_GAP + 0.15          # the stage bands, in inches (y grows down)
    width = max(columns * step_x - COL_GAP + 0.8, 8.0)
    lower, upper = bottom + 0.75, -1.5                           # legend below the bands, title above
    fig = Figure(figsize=(width, lower - upper), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    middle = (columns * step_x - COL_GAP) / 2
    ax.set_xlim(middle - width / 2, middle + width / 2)
    ax.set_ylim(lower, upper)
    ax.axis("off")

    def centre(s):
        c, r = place[s]
        column_rows = sum(1 for col, _ in place.values() if col == c)
        return c * step_x + BOX_W / 2, r * step_y + BOX_H / 2 + (rows - column_rows) * step_y / 2

    for band in STAGES:
        cols = [place[s.id][0] for s in chain.segments if s.stage == band]
        if not cols:
            continue
        left, right = min(cols) * step_x - COL_GAP / 3, max(cols) * step_x + BOX_W + COL_GAP / 3
        ax.add_patch(Rectangle((left, top), right - left, bottom - top, color=STAGE_BANDS[band], zorder=0, lw=0))
        ax.text((left + right) / 2, top - 0.12, t(f"stage_{band}", lang).capitalize(), ha="center", va="bottom",
                fontsize=13, color="#44546a", fontweight="bold")
    for a, b in chain.links:
        (x1, y1), (x2, y2) = centre(a), centre(b)
        backward = place[b][0] <= place[a][0]
        start = (x1 + BOX_W / 2, y1) if not backward else (x1, y1 + BOX_H / 2)
        end = (x2 - BOX_W / 2, y2) if not backward else (x2, y2 + BOX_H / 2)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, lw=0.9, color="#8a8a8a",
                                     alpha=0.75, zorder=1, shrinkA=1, shrinkB=1,
                                     connectionstyle="arc3,rad=0.35" if backward else "arc3,rad=0.0"))
    for seg in chain.segments:
        state = status.get(seg.id, "normal")
        fill = STATUS_COLORS[state]
        x, y = centre(seg.id)
        ax.add_patch(FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H, zorder=2,
                                    boxstyle="round,pad=0,rounding_size=0.08", facecolor=fill,
                                    edgecolor=KEY_BORDER if seg.key_tech else fill, lw=3.0 if seg.key_tech else 0.8))
        name = ("★ " if seg.key_tech else "") + (seg.name_en if en else seg.name)
        ax.text(x, y, _wrap(name, 9 if not en else 11), ha="center", va="center", zorder=3, color=ink(fill),
                fontsize=10.5 if not en else 9, linespacing=1.15)
    counts = {k: sum(1 for s in chain.segments if status.get(s.id, "normal") == k) for k in STATUS_COLORS}
    heading = title if title is not None else t("picture_title", lang, name=chain.name_en if en else chain.name)
    ax.text(middle - width / 2 + 0.3, upper + 0.12, heading, ha="left", va="top", fontsize=17, fontweight="bold",
            color="#1a1a1a")
    shown = ["gap", "weak", "strength", "normal"] + [k for k in ("lost", "lost_cascade") if counts[k]]
    entries = [(f"{t(f'segment_status_{k}', lang)} {counts[k]}", STATUS_COLORS[k], STATUS_COLORS[k], 0.8)
               for k in shown]
    entries.append((t("picture_key_tech", lang), "#ffffff", KEY_BORDER, 2.5))
    _legend(ax, entries, centre=middle, y=bottom + 0.38)
    if note:
        ax.text(middle - width / 2 + 0.3, lower - 0.06, note, ha="left", va="bottom", fontsize=8.5, color="#666666")
    return fig


def chain_map_picture(chain: Chain, status: dict[str, str], *, lang: str = "zh", fmt: str = "png",
                      title: str | None = None, note: str = "", dpi: int = 200) -> bytes:
    """The chain map as PNG or SVG bytes. ``status``: segment id -> gap | weak | strength | normal (what
    graph.analysis.summary.segment_status returns; also lost | lost_cascade); missing segments are normal.
    ``title`` replaces the default heading; ``note`` is a small line at the bottom left (source, date)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"fmt must be png or svg, not {fmt!r}")
    unknown = sorted(set(status.values()) - set(STATUS_COLORS))
    if unknown:
        raise ValueError(f"unknown segment status: {', '.join(unknown)}")
    fig = chain_map_figure(chain, status, lang=lang, title=title, note=note)
    buffer = io.BytesIO()
    settings = {"svg.fonttype": "none", "svg.hashsalt": "chain-explorer"}
    if fmt == "svg":  # SVG text names its fonts: offer the usual CJK fonts of other systems after ours
        settings["font.sans-serif"] = [_font(), *SVG_FALLBACK_FONTS]
    with matplotlib.rc_context(settings):
        fig.savefig(buffer, format=fmt, dpi=dpi, facecolor="white", metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
