"""The session's language and the UI labels in it: the sidebar switch, ``t(key)``, and text made safe for
Markdown. Every page's words go through here (labels in views/labels.py)."""
from __future__ import annotations

import re

import streamlit as st

from views.labels import LABELS


def language_switch() -> None:
    """Sidebar radio that sets st.session_state.lang to 'zh' or 'en'."""
    st.session_state.setdefault("lang", "zh")
    st.sidebar.radio("语言 Language", options=["zh", "en"], key="lang", horizontal=True,
                     format_func=lambda v: {"zh": "中文", "en": "English"}[v])


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **params) -> str:
    """The UI label ``key`` in the current language, formatted with ``params``."""
    zh, en = LABELS[key]
    text = en if lang() == "en" else zh
    return text.format(**params) if params else text


def md(text) -> str:
    """Text safe to put into Markdown: markdown and HTML characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))
