"""Layouts that hold on a 1024-px laptop and on a wide screen: rows whose parts wrap below each other when the page
is too narrow for them side by side (Streamlit's columns only stack on phones).

>>> with flow("overview_parts", 340):  # doctest: +SKIP
...     with st.container():
...         st.write("left")
"""
from __future__ import annotations

import streamlit as st


def flow(key: str, min_width: int, *, gap: str = "medium"):
    """A horizontal container whose parts share a row while each gets at least ``min_width`` px, and wrap onto
    rows of their own (full width) when not; ``key`` names it (and scopes its one line of CSS)."""
    # markdown, not st.html: the pages' html elements stay their own (tests read them)
    st.markdown(f"<style>.st-key-{key} > div {{min-width: min(100%, {min_width}px)}}</style>", unsafe_allow_html=True)
    return st.container(horizontal=True, key=key, gap=gap)
