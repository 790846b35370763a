"""What every page shares: labels in two languages, the language switch, the data source,
cached stores and analyses, and small rendering helpers. Pages import from here."""
from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import streamlit as st

from graph.analysis.reasons import render_reasons
from graph.analysis.summary import ChainAnalysis, analyze_chain
from graph.store import MemoryStore
from views.labels import LABELS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("CHAIN_EXPLORER_DATA", ROOT / "data" / "demo"))


# ---------------------------------------------------------------- language
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


# ---------------------------------------------------------------- data source
@st.cache_resource(show_spinner=False)
def memory_store(path: str) -> MemoryStore:
    return MemoryStore.from_path(path)


NEO4J_KEYS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


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
    from graph.store.neo4j import driver_from_env

    return driver_from_env(neo4j_settings())


@st.cache_resource(show_spinner=False)
def neo4j_store(uri: str, year: int | None = None):
    """One store per URI and year (None: the latest year held) for all sessions, sharing the URI's driver."""
    from graph.store.neo4j import Neo4jStore

    return Neo4jStore(neo4j_driver(uri), database=neo4j_settings().get("NEO4J_DATABASE") or None, year=year)


def source() -> tuple[object, str]:
    """(store, key) for this session: an uploaded dataset, Neo4j when NEO4J_URI is set, else the
    embedded demo; files in the year chosen in the sidebar (:func:`data_folder`). The key changes whenever
    the data do (another upload, database version or year), so cached analyses follow."""
    if not st.session_state.get("upload_path"):
        uri = neo4j_settings().get("NEO4J_URI")
        if uri:
            try:
                year = st.session_state.get("year") if st.session_state.get("year") in neo4j_years(uri) else None
                store = neo4j_store(uri, year)
                return store, f"neo4j:{uri}:{year}:{store.version()}"
            except Exception as exc:  # unreachable, bad credentials, empty database ...
                st.session_state["neo4j_error"] = " ".join(str(exc).split())[:300]
    folder = str(data_folder())
    return memory_store(folder), f"files:{folder}"


def keyed(source_key: str) -> str:
    """The cache key of the session's analyses: its data source key and its reference pool choice."""
    return f"{source_key}|pool={pool_choice()}"


# ---------------------------------------------------------------- reference pool
POOL_AUTO, POOL_NONE = "auto", "none"


def pool_choice() -> str:
    """The session's reference pool (st.session_state.pool): "auto" (the shipped pool when the data hold few firms
    outside their region, graph.analysis.pool.pool_wanted), "none", or a pool folder the 数据 page set."""
    return st.session_state.get("pool", POOL_AUTO)


@st.cache_resource(show_spinner=False, max_entries=8)
def reference_pool(path: str):
    """A pool folder read once for all sessions (graph.analysis.pool.Pool)."""
    from graph.analysis.pool import Pool
    from graph.io import read_pool

    return Pool.from_dataset(*read_pool(path))


def session_pool(data):
    """The pool that fills this session's attraction targets for ``data`` (None: none)."""
    from graph.analysis.pool import pool_wanted
    from graph.analysis.settings import DEFAULT
    from graph.io import REFERENCE_POOL

    choice = pool_choice()
    if choice == POOL_NONE:
        return None
    if choice == POOL_AUTO:
        return reference_pool(str(REFERENCE_POOL)) if REFERENCE_POOL.is_dir() and pool_wanted(data, DEFAULT) else None
    return reference_pool(choice)


# ---------------------------------------------------------------- years
@st.cache_resource(show_spinner=False, ttl=60)
def folder_years(folder: str) -> dict[int, Path]:
    """{year: folder} of the dataset at ``folder`` and its siblings of the same name and region
    (:func:`graph.years.dataset_years`; a dataset without a year is {0: folder}), looked up at most once a
    minute."""
    from graph.years import dataset_years

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
    except Exception:  # unreachable: source() says so in the sidebar
        return []


def year_picker() -> None:
    """Sidebar selectbox of the years the data come in, shown when the dataset folder has siblings of other
    years, or Neo4j holds several years of its dataset; the choice (``st.session_state.year``, at first the base
    folder's own year or the latest held) is what every page reads through :func:`source`."""
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
    from graph.analysis.coverage import completeness, gaps
    from graph.analysis.relatedness import strengths
    from graph.analysis.weak_links import weak_links
    from graph.io import DataError

    if neo4j_settings().get("NEO4J_URI"):
        return
    try:
        data = memory_store(str(DEFAULT_DATA)).facts()
    except DataError:
        return
    for chain_id in data.chain_ids():   # fills the facts' memo with the tables these read
        for analysis in (completeness, gaps, weak_links, strengths):
            analysis(data, chain_id)


def sidebar_source(key: str) -> None:
    if key.startswith("neo4j:"):
        st.sidebar.caption(t("source_neo4j", uri=neo4j_settings().get("NEO4J_URI", "")))
    elif st.session_state.get("upload_path"):
        st.sidebar.caption(t("source_upload"))
    else:
        st.sidebar.caption(t("source_memory"))
    if st.session_state.get("neo4j_error") and not key.startswith("neo4j:"):
        st.sidebar.error(t("neo4j_unreachable", error=st.session_state["neo4j_error"]))


def store_facts(store, key: str):
    """What analyses read from ``store``: from Neo4j, facts that read each chain (and each firm's supply rows)
    when a page asks for it (:meth:`graph.store.neo4j.Neo4jStore.facts_by_chain`), never the whole graph."""
    return store.facts_by_chain() if key.startswith("neo4j:") else store.facts()


def facts():
    """The current data as :class:`graph.facts.Facts` (what analyses read) and its cache key (the data source's
    and the reference pool choice: :func:`keyed`)."""
    store, key = source()
    return store_facts(store, key), keyed(key)


def map_graph(data):
    """The chain maps as a small networkx graph, for chain-map drawings."""
    from graph.build import chain_map_graph

    return chain_map_graph(data.meta, data.chains)


@st.cache_resource(show_spinner=False, max_entries=64)
def chain_analysis(key: str, chain_id: str) -> ChainAnalysis:
    """All analyses of one chain, computed once per data source key and shared by every session and page
    without copying (a page switch reads them in microseconds): treat it as read-only, copy a table before
    changing it (:func:`with_reasons` and :func:`localise` return new frames)."""
    store, key = source()
    data = store_facts(store, key)
    return analyze_chain(data, chain_id, pool=session_pool(data))


STATIC = ROOT / "static"   # served by Streamlit at app/static/ (server.enableStaticServing in .streamlit/config.toml)


@st.cache_resource(show_spinner=False)
def vis_src() -> str | None:
    """The URL of vis-network for the network drawings: a copy of pyvis's file in static/, served by the app, so
    the browser loads and compiles it once rather than once per drawing (no page carries its 470 KB inline).
    The URL is relative: an iframe's HTML resolves it against the app page, whatever the base path. None (the
    drawings inline the library) when static serving is off or static/ cannot be written."""
    from graph.viz import VIS_JS

    if not st.get_option("server.enableStaticServing"):
        return None
    target = STATIC / VIS_JS.name
    try:
        if not target.exists() or target.stat().st_size != VIS_JS.stat().st_size:
            STATIC.mkdir(exist_ok=True)
            shutil.copy2(VIS_JS, target)   # keeps pyvis's date: browsers may cache it without asking again
    except OSError:
        return None
    return f"app/static/{VIS_JS.name}"


def page_header(title_key: str):
    """Title, source caption and synthetic notice; returns (facts, key)."""
    data, key = facts()
    st.title(t(title_key))
    sidebar_source(key)
    if data.meta.synthetic:
        st.warning(t("synthetic_notice"), icon="⚠️")
    return data, key


def chain_picker(data, *, label_key: str = "chain", key: str = "chain", allow_all: bool = False) -> str | None:
    """A selectbox of chains (names in the current language); None means all chains."""
    ids = data.chain_ids()
    options = ([None] if allow_all else []) + ids
    names = {c: chain_name(data, c) for c in ids}
    # the widget key carries the language so option labels follow the switch; the choice is kept apart
    remembered = st.session_state.get(f"_{key}_choice")
    choice = st.selectbox(t(label_key), options, key=f"{key}_{lang()}",
                          index=options.index(remembered) if remembered in options else 0,
                          format_func=lambda c: t("all_chains") if c is None else names[c])
    st.session_state[f"_{key}_choice"] = choice
    return choice


def chain_name(data, chain_id: str) -> str:
    chain = data.chain_map(chain_id)
    return chain.name_en if lang() == "en" else chain.name


def segment_names(data, chain_id: str) -> dict[str, str]:
    """Segment id -> name in the current language, in chain-map order."""
    return {s.id: s.name_en if lang() == "en" else s.name for s in data.chain_map(chain_id).segments}


def with_reasons(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace the structured reasons column by text in the current language."""
    frame = frame.copy()
    if "reasons" in frame:
        frame["reasons"] = frame["reasons"].map(lambda r: render_reasons(r, lang()))
    for column in ("tags", "segments"):
        if column in frame:
            frame[column] = frame[column].map(lambda v: "、".join(v) if isinstance(v, list) else v)
    return frame


def localise(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Keep ``columns`` (name -> label key) in order, renamed to the current language."""
    return frame[list(columns)].rename(columns={c: t(k) for c, k in columns.items()})


# ---------------------------------------------------------------- charts
def svg_chart(svg: str) -> None:
    """Show a chart of ``graph.charts`` (one line of SVG, labels escaped there): the browser draws it at once and
    shows each shape's title on hover. ``st.html`` would strip SVG; markdown keeps it, and the ``<div>`` around it
    makes the line an HTML block, so the labels are not read as markdown (``**``, ``[..](..)`` in a name). A blank
    line would end that block: graph.charts writes none (newlines in text become ``&#10;``), and a chart with a
    line break is refused."""
    if "\n" in svg or "\r" in svg:
        raise ValueError("a chart must be one line of markup (graph.charts escapes line breaks in text)")
    st.markdown(f"<div>{svg}</div>", unsafe_allow_html=True)


def lazy_expander(label: str, key: str, *, expanded: bool = False):
    """An expander whose content a page builds only ``if box.open:`` (opening it reruns the page), so a page draws
    what it shows at once. It stays open or closed when its label changes (another language, other counts):
    Streamlit would make it a new widget with its default state, so the last state seen is the default.

    >>> box = lazy_expander("明细", key="details")  # doctest: +SKIP
    """
    seen = f"_{key}_open"
    box = st.expander(label, expanded=st.session_state.get(seen, expanded), key=key, on_change="rerun")
    st.session_state[seen] = bool(box.open)
    return box


# ---------------------------------------------------------------- links to firm profiles
LINK_TEXT = r"&name=([^&]*)$"   # LinkColumn shows the first group, URL-decoded: the firm's name


def firm_url(firm_id, name) -> str:
    """The relative URL of a firm's profile page; the name rides along as the link's display text.

    >>> firm_url("F1", "甲&乙")
    'firm?id=F1&name=%E7%94%B2%26%E4%B9%99'
    """
    return f"firm?id={quote(str(firm_id), safe='')}&name={quote(str(name), safe='')}"


def firm_dataframe(frame: pd.DataFrame, columns: dict[str, str], *, name: str = "name", firm_id: str = "firm_id",
                   column_config: dict | None = None, **options) -> None:
    """``st.dataframe`` of ``frame`` localised to ``columns`` (as :func:`localise`), the ``name`` column
    linking to each firm's profile (``firm_id`` names the id column; it need not be shown)."""
    shown = localise(frame, columns)
    label = t(columns[name])
    shown[label] = [None if pd.isna(f) else firm_url(f, n) for f, n in zip(frame[firm_id], frame[name], strict=True)]
    config = {label: st.column_config.LinkColumn(label, display_text=LINK_TEXT), **(column_config or {})}
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    st.dataframe(shown, column_config=config, **options)


def xlsx_bytes(sheets: dict[str, pd.DataFrame], caption: str) -> bytes:
    """A workbook in memory (see graph.report.write_workbook)."""
    from graph.report import write_workbook

    buffer = io.BytesIO()
    write_workbook(sheets, buffer, caption=caption)
    return buffer.getvalue()


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PLAN_ITEMS = {"链主": "metric_leaders", "专精特新": "metric_sme", "单项冠军": "metric_champions",
              "flagship_chains": "metric_chains"}


def plan_item(item: str) -> str:
    """A plan item's label in the current language; an item the labels do not know stays as the plan writes it."""
    return t(PLAN_ITEMS[item]) if item in PLAN_ITEMS else item


def plan_table(data) -> pd.DataFrame | None:
    """The plan's targets for the current chain set (None when the set has none)."""
    from graph.analysis.plan import plan_progress
    from graph.io import resolve_chain_set

    folder = resolve_chain_set(data.meta.chain_set or "", base=data_folder())
    plan = cached_plan(str(folder)) if folder else None
    # the facts never change, so the progress is computed once per facts and plan folder
    return data.memo(("plan_progress", str(folder)), lambda: plan_progress(data, plan["targets"])) if plan else None


@st.cache_data(show_spinner=False)
def cached_plan(folder: str) -> dict | None:
    """The chain set's _plan.yaml, read once per folder."""
    from graph.io import read_plan

    return read_plan(folder)
