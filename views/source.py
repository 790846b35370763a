"""Where a page's data come from, decided once per run: :func:`page_source` gives one :class:`Source` — the store,
its cache key and its facts — that the page passes to whatever needs the data; caches are keyed by it.

The session reads an uploaded (or chosen example) dataset, else the Neo4j at NEO4J_URI (facts read chain by chain,
never the whole graph), else the default data; folders in the year chosen in the sidebar. Stores, drivers, the
reference pools and each chain's analyses are shared by every session (``st.cache_resource``).

>>> src = page_header("page_gaps")                     # doctest: +SKIP
>>> chain_analysis(src, "agri_machinery").gaps         # doctest: +SKIP
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import streamlit as st

from graph.analysis.coverage import completeness, gaps
from graph.analysis.pool import Pool, pool_wanted
from graph.analysis.relatedness import strengths
from graph.analysis.settings import DEFAULT
from graph.analysis.summary import ChainAnalysis, analyze_chain
from graph.analysis.weak_links import weak_links
from graph.facts import Facts
from graph.io import REFERENCE_POOL, DataError, read_pool
from graph.store import GraphStore, MemoryStore
from graph.years import dataset_years
from views.language import t

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("CHAIN_EXPLORER_DATA", ROOT / "data" / "demo"))
NEO4J_KEYS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")
POOL_AUTO, POOL_NONE = "auto", "none"


# ---------------------------------------------------------------- one source per run
@dataclass(frozen=True, eq=False)
class Source:
    """This run's data: ``store``, ``key`` (changes whenever the data or the reference pool choice do: another
    upload, database version or year) and ``facts`` (``store.facts()``, read once). ``kind``: "neo4j", "upload"
    or "files"; ``pool_choice``: the session's choice (:func:`pool_choice`) when the source was decided."""

    store: GraphStore
    key: str
    facts: Facts
    kind: str
    pool_choice: str

    @cached_property
    def pool(self) -> Pool | None:
        """The reference pool that fills this source's attraction targets (None: none)."""
        if self.pool_choice == POOL_NONE:
            return None
        if self.pool_choice == POOL_AUTO:
            wanted = REFERENCE_POOL.is_dir() and pool_wanted(self.facts, DEFAULT)
            return reference_pool(str(REFERENCE_POOL)) if wanted else None
        return reference_pool(self.pool_choice)


# cached functions take the page's Source and are keyed by its key (the store and facts are not hashed)
BY_KEY = {Source: lambda source: source.key}


def page_source() -> Source:
    """The session's :class:`Source`: an uploaded dataset, Neo4j when NEO4J_URI is set (and reachable), else the
    embedded data; files in the year chosen in the sidebar (:func:`data_folder`). Call it once per run."""
    choice = pool_choice()
    if not st.session_state.get("upload_path"):
        uri = neo4j_settings().get("NEO4J_URI")
        if uri:
            try:
                year = st.session_state.get("year") if st.session_state.get("year") in neo4j_years(uri) else None
                store = neo4j_store(uri, year)
                key = f"neo4j:{uri}:{year}:{store.version()}|pool={choice}"   # the version before the facts
                return Source(store, key, store.facts(), "neo4j", choice)
            except Exception as exc:  # unreachable, bad credentials, empty database ...
                st.session_state["neo4j_error"] = " ".join(str(exc).split())[:300]
    folder = str(data_folder())
    store = memory_store(folder)
    kind = "upload" if st.session_state.get("upload_path") else "files"
    return Source(store, f"files:{folder}|pool={choice}", store.facts(), kind, choice)


def page_header(title_key: str) -> Source:
    """The page's :class:`Source` (:func:`page_source`), its title, the source caption and the synthetic notice."""
    source = page_source()
    st.title(t(title_key))
    sidebar_source(source)
    if source.facts.meta.synthetic:
        st.warning(t("synthetic_notice"), icon="⚠️")
    return source


def sidebar_source(source: Source) -> None:
    """Which data the session reads, and why Neo4j is not used when it is set but unreachable."""
    if source.kind == "neo4j":
        st.sidebar.caption(t("source_neo4j", uri=neo4j_settings().get("NEO4J_URI", "")))
    else:
        st.sidebar.caption(t("source_upload" if source.kind == "upload" else "source_memory"))
        if st.session_state.get("neo4j_error"):
            st.sidebar.error(t("neo4j_unreachable", error=st.session_state["neo4j_error"]))


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_KEY)
def chain_analysis(source: Source, chain_id: str) -> ChainAnalysis:
    """All analyses of one chain, computed once per source key and shared by every session and page without
    copying (a page switch reads them in microseconds): treat it as read-only, copy a table before changing it
    (views.widgets.with_reasons and localise return new frames)."""
    return analyze_chain(source.facts, chain_id, pool=source.pool)


# ---------------------------------------------------------------- stores
@st.cache_resource(show_spinner=False)
def memory_store(path: str) -> MemoryStore:
    return MemoryStore.from_path(path)


def neo4j_settings() -> dict:
    """NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD from the environment, else from .streamlit/secrets.toml."""
    found = {k: os.environ[k] for k in NEO4J_KEYS if os.environ.get(k)}
    if "NEO4J_URI" not in found:
        try:
            found = {k: str(st.secrets[k]) for k in NEO4J_KEYS if k in st.secrets}
        except Exception:  # no secrets file
            found = {}
    return found


@st.cache_resource(show_spinner=False)
def neo4j_driver(uri: str):
    """One driver per URI for all sessions (the driver is thread-safe)."""
    from graph.store.neo4j import driver_from_env  # the Neo4j driver only when NEO4J_URI is set

    return driver_from_env(neo4j_settings())


@st.cache_resource(show_spinner=False)
def neo4j_store(uri: str, year: int | None = None):
    """One store per URI and year (None: the latest year held) for all sessions, sharing the URI's driver; its
    facts read each chain (and each firm's supply rows) when a page asks for it, never the whole graph."""
    from graph.store.neo4j import Neo4jStore  # the Neo4j driver only when NEO4J_URI is set

    return Neo4jStore(neo4j_driver(uri), database=neo4j_settings().get("NEO4J_DATABASE") or None, year=year,
                      pushdown=True)


# ---------------------------------------------------------------- reference pool
def pool_choice() -> str:
    """The session's reference pool (st.session_state.pool): "auto" (the shipped pool when the data hold few firms
    outside their region, graph.analysis.pool.pool_wanted), "none", or a pool folder the 数据 page set."""
    return st.session_state.get("pool", POOL_AUTO)


@st.cache_resource(show_spinner=False, max_entries=8)
def reference_pool(path: str) -> Pool:
    """A pool folder read once for all sessions (graph.analysis.pool.Pool)."""
    return Pool.from_dataset(*read_pool(path))


# ---------------------------------------------------------------- years
@st.cache_resource(show_spinner=False, ttl=60)
def folder_years(folder: str) -> dict[int, Path]:
    """{year: folder} of the dataset at ``folder`` and its siblings of the same name and region
    (:func:`graph.years.dataset_years`; a dataset without a year is {0: folder}), looked up at most once a
    minute."""
    return dataset_years(folder)


def base_folder() -> Path:
    """The dataset folder the session starts from: its upload, else the default data."""
    return Path(st.session_state.get("upload_path") or DEFAULT_DATA)


def data_folder() -> Path:
    """The folder the embedded source reads: the base folder's sibling of the year chosen in the sidebar
    (``st.session_state.year``), else the base folder itself."""
    base = base_folder()
    return folder_years(str(base)).get(st.session_state.get("year"), base)


def files_source() -> bool:
    """Whether the pages read dataset folders (an upload, no NEO4J_URI, or Neo4j unreachable), not Neo4j."""
    return bool(st.session_state.get("upload_path") or not neo4j_settings().get("NEO4J_URI")
                or st.session_state.get("neo4j_error"))


@st.cache_resource(show_spinner=False, ttl=10)
def neo4j_years(uri: str) -> list[int]:
    """The years Neo4j holds of the dataset loaded last, looked up at most every 10 s ([] when unreachable)."""
    try:
        return neo4j_store(uri).years()
    except Exception:  # unreachable: page_source() says so in the sidebar
        return []


def year_picker() -> None:
    """Sidebar selectbox of the years the data come in, shown when the dataset folder has siblings of other
    years, or Neo4j holds several years of its dataset; the choice (``st.session_state.year``, at first the base
    folder's own year or the latest held) is what every page reads through :func:`page_source`."""
    if files_source():
        base = base_folder()
        found = folder_years(str(base))
        default = next((y for y, f in found.items() if f == base), None)
        years = list(found)
    else:
        years = neo4j_years(neo4j_settings()["NEO4J_URI"])
        default = max(years, default=None)
    if len(years) < 2:
        return
    if st.session_state.get("year") not in years:   # first run, or another upload
        st.session_state["year"] = default
    st.sidebar.selectbox(t("data_year"), sorted(years, reverse=True), key="year")


def warm_start() -> None:
    """Import what the pages import, and read the default dataset with the overview's analyses into the shared
    caches (the embedded source only): serve.py runs it once at server start, before the first session. Bad
    data are left for the pages to report, in one line each.

    >>> warm_start()  # doctest: +SKIP
    """
    if neo4j_settings().get("NEO4J_URI"):
        return
    try:
        data = memory_store(str(DEFAULT_DATA)).facts()
    except DataError:
        return
    for chain_id in data.chain_ids():   # fills the facts' memo with the tables these read
        for analysis in (completeness, gaps, weak_links, strengths):
            analysis(data, chain_id)
