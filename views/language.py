"""The session's language and the words in it: the sidebar switch, ``t(key)`` for a UI label (views/labels.py;
graph.messages.t given the session's language and the UI table), and text made safe for Markdown."""
from __future__ import annotations

import re

import streamlit as st

from graph import messages
from views.labels import LABELS


def language_switch() -> None:
    """Sidebar radio that sets st.session_state.lang to 'zh' or 'en'."""
    st.session_state.setdefault("lang", "zh")
    st.sidebar.radio("语言 Language", options=["zh", "en"], key="lang", horizontal=True,
                     format_func=lambda v: {"zh": "中文", "en": "English"}[v])


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **params) -> str:
    """The UI label ``key`` (views/labels.py) in the session's language, formatted with ``params``
    (graph.messages.t with the UI table)."""
    return messages.t(key, lang(), table=LABELS, **params)


def md(text) -> str:
    """Text safe to put into Markdown: markdown and HTML characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))
