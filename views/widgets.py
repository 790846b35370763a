"""What pages draw with: chain pickers and names in the session's language, tables localised and with readable
reasons, firm links, SVG charts, expanders that build on opening, workbooks to download, and the network
drawings' script. Nothing here reads data: pages pass in the facts and tables they have."""
from __future__ import annotations

import io
import shutil
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import streamlit as st

from graph.analysis.size import basis_label
from graph.build import chain_map_graph
from graph.messages import listed
from graph.report import write_workbook
from graph.viz import VIS_JS
from views.columns import WIDTHS, grid_config
from views.language import lang, t
from views.reasons import MISSING, reason_text, segment_names_en, tags_text


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


def with_reasons(frame: pd.DataFrame, data=None) -> pd.DataFrame:
    """Replace the structured reasons column by text in the current language, and list columns (tags, segments)
    by one line; given ``data``, English reasons name segments in English (views.reasons.reason_text)."""
    frame = frame.copy()
    language = lang()
    segment_en = segment_names_en(data) if data is not None and language == "en" else None
    if "reasons" in frame:
        frame["reasons"] = frame["reasons"].map(lambda r: reason_text(r, language, segment_en))
    if "tags" in frame:
        frame["tags"] = frame["tags"].map(lambda v: tags_text(v, language) if isinstance(v, list) else v)
    if "segments" in frame:
        frame["segments"] = frame["segments"].map(lambda v: listed(v, language) if isinstance(v, list) else v)
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


def firm_url(firm_id, name, session: str | None = None) -> str:
    """The relative URL of a firm's profile page. It opens in a new tab, a new session, so it carries the
    session's language, dataset, year and pool (``session``: a query suffix of views.links; None: the current
    session's); the name rides along last, as the link's display text.

    >>> firm_url("F1", "甲&乙", session="&lang=en&data=k3Jx9aQ2bLm0")
    'firm?id=F1&lang=en&data=k3Jx9aQ2bLm0&name=%E7%94%B2%26%E4%B9%99'
    """
    if session is None:
        from views.links import session_query  # views.links reads views.source; widgets need not

        session = session_query()
    return f"firm?id={quote(str(firm_id), safe='')}{session}&name={quote(str(name), safe='')}"


def firm_dataframe(frame: pd.DataFrame, columns: dict[str, str], *, name: str = "name", firm_id: str = "firm_id",
                   column_config: dict | None = None, score: str | None = None, **options) -> None:
    """``st.dataframe`` of ``frame`` localised to ``columns`` (as :func:`localise`), the ``name`` column
    linking to each firm's profile (``firm_id`` names the id column; it need not be shown); numbers rounded and
    explained, columns sized (views.columns.grid_config; ``score`` says which score), a missing value shown as —,
    and no rows said in words rather than an empty grid."""
    if frame.empty:
        st.caption(t("none_found"))
        return
    shown = localise(frame, columns)
    label = t(columns[name])
    shown[label] = [None if pd.isna(f) else firm_url(f, n) for f, n in zip(frame[firm_id], frame[name], strict=True)]
    link = st.column_config.LinkColumn(label, display_text=LINK_TEXT, width=WIDTHS.get(columns[name]))
    config = {**grid_config(columns, score=score), label: link, **(column_config or {})}
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    options.setdefault("placeholder", MISSING)
    st.dataframe(shown, column_config=config, **options)


def table(frame: pd.DataFrame, *, column_config: dict | None = None, **options) -> None:
    """``st.dataframe`` of an already localised ``frame`` with a missing value shown as —, or "none found" for
    no rows (never an empty grid)."""
    if frame.empty:
        st.caption(t("none_found"))
        return
    st.dataframe(frame, hide_index=True, width="stretch", placeholder=MISSING, column_config=column_config,
                 **options)


def xlsx_bytes(sheets: dict[str, pd.DataFrame], caption: str) -> bytes:
    """A workbook in memory (see graph.report.write_workbook)."""
    buffer = io.BytesIO()
    write_workbook(sheets, buffer, caption=caption)
    return buffer.getvalue()


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"



def map_graph(data):
    """The chain maps as a small networkx graph, for chain-map drawings."""
    return chain_map_graph(data.meta, data.chains)


STATIC = Path(__file__).resolve().parent.parent / "static"   # served by Streamlit at app/static/ (server.enableStaticServing in .streamlit/config.toml)


@st.cache_resource(show_spinner=False)
def vis_src() -> str | None:
    """The URL of vis-network for the network drawings: a copy of pyvis's file in static/, served by the app, so
    the browser loads and compiles it once rather than once per drawing (no page carries its 470 KB inline).
    The URL is relative: an iframe's HTML resolves it against the app page, whatever the base path. None (the
    drawings inline the library) when static serving is off or static/ cannot be written."""
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


def size_basis_note(basis: str | None) -> None:
    """A caption under a list of firms ordered by size: the one basis it uses (营业收入, or 注册资本 in a registration
    export), so a column of sizes is never read as revenue."""
    st.caption(f"{t('size_basis_col')}：{basis_label(basis, lang()) or t('size_basis_none')}")
