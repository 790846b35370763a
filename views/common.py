"""What every page shares: UI labels in two languages, the language switch, the cached store."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from graph.store import MemoryStore

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("CHAIN_EXPLORER_DATA", ROOT / "data" / "demo"))

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("产业链图谱", "Chain Explorer"),
    "language": ("语言 Language", "Language 语言"),
    "page_overview": ("总览", "Overview"),
    "dataset": ("数据集", "Dataset"),
    "region": ("本地区域", "Home region"),
    "synthetic_notice": ("演示数据为合成数据：企业名称、规模与供应关系均为虚构，仅地名、产业链与规划目标为真实信息。",
                         "Demo data is synthetic: firm names, sizes and supply links are fictional; only places, "
                         "chains and the plan's targets are real."),
    "per_chain": ("各产业链概况", "Chains at a glance"),
    "per_city": ("各城市本地企业", "Local firms by city"),
    "backend_memory": ("数据源：内置文件（内存）", "Source: embedded files (in memory)"),
}


def language_switch() -> None:
    """Sidebar radio that sets st.session_state.lang to 'zh' or 'en'."""
    st.session_state.setdefault("lang", "zh")
    st.sidebar.radio(t("language"), options=["zh", "en"], key="lang", horizontal=True,
                     format_func=lambda v: {"zh": "中文", "en": "English"}[v])


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str) -> str:
    """The UI label ``key`` in the current language."""
    zh, en = LABELS[key]
    return en if lang() == "en" else zh


@st.cache_resource(show_spinner=False)
def memory_store(path: str) -> MemoryStore:
    return MemoryStore.from_path(path)


def store():
    """The store for this session: the embedded demo data unless the user chose another."""
    return memory_store(str(st.session_state.get("data_path", DEFAULT_DATA)))
