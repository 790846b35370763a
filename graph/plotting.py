"""Matplotlib figures for notebooks and reports, with Chinese labels that render.

Call :func:`use_cjk_font` once; it picks an installed CJK font (Debian ``fonts-noto-cjk``).

>>> use_cjk_font()                     # doctest: +SKIP
'Noto Sans CJK SC'
"""
from __future__ import annotations

import html

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "SimHei",
             "Microsoft YaHei", "PingFang SC")


def use_cjk_font() -> str:
    """Select the first installed CJK font for matplotlib; raise if none is installed. A font installed after
    matplotlib cached its font list (~/.cache/matplotlib) is found by scanning the system's font files once."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if not installed & set(CJK_FONTS):
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "wqy" in path.lower():
                font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            matplotlib.rcParams["font.sans-serif"] = [name, *matplotlib.rcParams["font.sans-serif"]]
            matplotlib.rcParams["font.family"] = "sans-serif"
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    raise RuntimeError("no CJK font found; install one, e.g. apt-get install fonts-noto-cjk")


def bar_chart(series: pd.Series, *, title: str = "", xlabel: str = "", percent: bool = False, ax=None):
    """A horizontal bar chart of a labelled series (largest at the top)."""
    series = series.sort_values()
    ax = ax or plt.subplots(figsize=(8, 0.35 * len(series) + 1.2))[1]
    ax.barh(series.index.astype(str), series.to_numpy(), color="#1f77b4")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    if percent:
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.figure.tight_layout()
    return ax


def heatmap(frame: pd.DataFrame, *, title: str = "", cmap: str = "Blues", annotate: bool = True, ax=None):
    """A labelled heat map of a data frame (rows × columns)."""
    ax = ax or plt.subplots(figsize=(0.55 * frame.shape[1] + 3, 0.38 * frame.shape[0] + 1.5))[1]
    image = ax.imshow(frame.to_numpy(dtype=float), cmap=cmap, aspect="auto")
    ax.set_xticks(range(frame.shape[1]), [str(c) for c in frame.columns], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(frame.shape[0]), [str(i) for i in frame.index], fontsize=8)
    if annotate and frame.size <= 600:
        for (i, j), value in pd.DataFrame(frame.to_numpy()).stack().items():
            ax.text(j, i, f"{value:.2g}", ha="center", va="center", fontsize=6)
    ax.figure.colorbar(image, ax=ax)
    ax.set_title(title)
    ax.figure.tight_layout()
    return ax


def notebook_frame(page: str, *, height: int = 600) -> str:
    """An offline pyvis page (graph.viz) wrapped in an iframe for notebooks (``IPython.display.HTML``)."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:0">'
            "</iframe>")


