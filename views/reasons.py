"""Reasons a person reads in full: the "why" of a table's rows as wrapped text under the table (the grid hides
that column), and lists, tags and reasons in one language at a time. What the grids' numbers mean: views/columns.py.

>>> tags_text(["链主", "上市"], "en")
'chain leader, listed'
"""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

import streamlit as st

from graph.analysis.reasons import render_reason, render_reasons
from graph.messages import listed, tag_label
from views.language import lang, t

MISSING = "—"   # what a table shows for a missing value (st.dataframe's placeholder)
LAZY = "content-visibility:auto;contain-intrinsic-size:auto 3em"   # a why panel's row: laid out when in view


def hidden(*keys: str) -> dict:
    """``column_config`` hiding the columns labelled ``keys`` in a grid (their text is read in a why_panel)."""
    return {t(k): None for k in keys}


def tags_text(tags, language: str | None = None) -> str:
    """A firm's tags (a list, or text joined by 、 or ;) as one line in the language.

    >>> tags_text(["链主", "上市"], "en")
    'chain leader, listed'
    """
    language = language or lang()
    if isinstance(tags, str):
        tags = [x for x in tags.replace(";", "、").split("、") if x]
    return listed((tag_label(x, language) for x in tags or ()), language)


def reason_text(items: list[dict], language: str, segment_en: dict[str, str] | None = None) -> str:
    """Structured reasons as text in the language; in English, a segment named in Chinese and 、-joined tags are
    given in English (``segment_en``: Chinese segment name -> English).

    >>> reason_text([{"code": "target_for_gap", "segment": "芯片"}], "en", {"芯片": "Chips"})
    'fills a gap: the region has no firm in Chips'
    """
    if language != "en":
        return render_reasons(items, language)
    texts = []
    for item in items:
        item = dict(item)
        if isinstance(item.get("segment"), str):
            item["segment"] = (segment_en or {}).get(item["segment"], item["segment"])
        if isinstance(item.get("tags"), str):
            item["tags"] = tags_text(item["tags"], "en")
        texts.append(render_reason(item, "en"))
    return "; ".join(texts)


def segment_names_en(data) -> dict[str, str]:
    """Chinese segment name -> English name, over all chains of ``data``."""
    return {s.name: s.name_en for c in data.chain_ids() for s in data.chain_map(c).segments}


def why_panel(labels: Iterable[str], texts: Iterable[str], *, key: str, title: str = "reasons_full") -> None:
    """The "why" of a table's rows in full, wrapped to the page's width (no sideways scrolling): one line per row,
    its label in bold; past 8 rows a box that scrolls down. ``key`` names the box (CSS class ``st-key-<key>``).

    >>> why_panel(["光刻胶"], ["本地没有企业"], key="why_gaps")  # doctest: +SKIP
    """
    sep = "：" if lang() == "zh" else ": "
    # HTML, escaped here, rather than Markdown (nothing to parse); rows scrolled out of the box are not laid out
    # until they scroll in (content-visibility), so 50 rows of text cost a page switch little
    items = [f'<li style="{LAZY}"><b>{escape(str(label))}</b>{sep}{escape(text)}</li>'
             for label, text in zip(labels, texts, strict=True) if isinstance(text, str) and text]
    if not items:
        return
    with st.container(key=key, border=True, height=340 if len(items) > 8 else "content"):
        st.html(f"<p><b>{escape(t(title))}</b></p><ul>{''.join(items)}</ul>")
