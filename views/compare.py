"""年度对比 Year over year (dataset folders of several years, or the years Neo4j holds side by side): pick a year
and one to compare it with; completeness and the plan's counts over the years, a map of the segments that changed, the lists of gaps closed, landed targets, entries and exits,
projects that moved, and the 年度变化 sheet to export."""

import pandas as pd
import streamlit as st

from graph.analysis.diff import DiffError, segment_changes
from graph.analysis.diff_text import chain_table, changes_sheet
from graph.charts import bar_chart, layered_map
from graph.messages import listed, stage_label
from graph.years import diff_loaded, held_in_neo4j, neo4j_spec, read_year, segment_names
from views.language import lang, t
from views.layout import flow
from views.plan import plan_item
from views.source import Source, base_folder, folder_years, neo4j_settings, neo4j_store, page_source, sidebar_source
from views.widgets import XLSX_MIME, lazy_expander, svg_chart, xlsx_bytes

CHANGE_COLORS = {"gap_closed": "#2ca02c", "gap_opened": "#d62728", "weak_resolved": "#17becf",
                 "weak_added": "#ff9f1c", "gap": "#8c1c13", "weak": "#ffd166", "normal": "#c9d3e0"}


# years, diffs and figures are built once and shared by every session without copying (unpickling them took
# most of a rerun): treat them as read-only
# a year is a dataset folder or ``neo4j:<year>`` (graph.years.read_year); ``stamp`` changes when what the
# database holds does, so the caches follow a load
@st.cache_resource(show_spinner=False, max_entries=8)
def cached_year(year: str, stamp: str = ""):
    """One year read, validated and analysed (a year held in Neo4j chain by chain, never its whole graph)."""
    return read_year(year, store=neo4j_store(neo4j_settings()["NEO4J_URI"]) if held_in_neo4j(year) else None)


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_diff(old: str, new: str, stamp: str = "") -> dict:
    """The diff of two years."""
    return diff_loaded(cached_year(old, stamp), cached_year(new, stamp))


def year_sources(data_source: Source) -> tuple[dict[int, str], str]:
    """({year: source}, stamp): the Neo4j years held of the dataset loaded last, else the dataset folder and
    its siblings of other years."""
    if data_source.kind == "neo4j":
        store = neo4j_store(neo4j_settings()["NEO4J_URI"])
        return {y: neo4j_spec(y) for y in store.years()}, ",".join(d["version"] for d in store.held())
    return {y: str(f) for y, f in folder_years(str(base_folder())).items()}, ""


@st.cache_resource(show_spinner=False, max_entries=16)
def history_charts(folders: tuple[tuple[int, str], ...], language: str, stamp: str = "") -> tuple[str, str | None]:
    """Completeness of every chain and the plan's counts over the years, from (year, folder) pairs, as bars side
    by side per year (the plan's chart is None when the chain set has no plan)."""
    name_key = "name_en" if language == "en" else "name"
    history = {str(y): cached_year(f, stamp).doc for y, f in folders}
    chains = {c["chain_id"]: c[name_key] for doc in history.values() for c in doc["chains"]}
    shares = {y: {c["chain_id"]: c["completeness"] for c in doc["chains"]} for y, doc in history.items()}
    completeness = bar_chart(list(chains.values()), {y: [s.get(c) for c in chains] for y, s in shares.items()},
                             percent=True, width=520)
    counts = {y: {r["item"]: r["actual"] for r in doc.get("plan", []) if r["item"] != "flagship_chains"}
              for y, doc in history.items()}
    items = list(dict.fromkeys(i for c in counts.values() for i in c))
    if not items:
        return completeness, None
    plan = bar_chart([plan_item(i) for i in items], {y: [c.get(i) for i in items] for y, c in counts.items()},
                     width=340)
    return completeness, plan


@st.cache_resource(show_spinner=False, max_entries=64)
def chain_change_map(old: str, new: str, chain_id: str, language: str, stamp: str = "") -> str:
    """The chain's change map between two years (see :func:`change_map`)."""
    newer = cached_year(new, stamp)
    chain = next(c for c in newer.chains if c.id == chain_id)
    chain_diff = next(c for c in cached_diff(old, new, stamp)["chains"] if c["chain_id"] == chain_id)
    new_chain = next(c for c in newer.doc["chains"] if c["chain_id"] == chain_id)
    return change_map(segment_changes(chain, chain_diff, new_chain), chain.links)


@st.cache_resource(show_spinner=False, max_entries=16)
def changes_export(old: str, new: str, language: str, caption: str, stamp: str = "") -> tuple[pd.DataFrame, bytes]:
    """The 年度变化 sheet of two years and the workbook with it and the per-chain table."""
    diff = cached_diff(old, new, stamp)
    sheet = changes_sheet(diff, language, segment_names(cached_year(new, stamp).chains))
    return sheet, xlsx_bytes({t("page_compare"): sheet, t("chain"): chain_table(diff, language)}, caption=caption)


def change_map(changes: pd.DataFrame, links) -> str:
    """Segments in columns by depth (upstream on the left), coloured by what changed, links as grey lines."""
    name = "name_en" if lang() == "en" else "name"
    changes = changes.assign(row=changes.groupby("level").cumcount())
    nodes = [{"id": r.segment_id, "level": r.level, "row": r.row, "color": CHANGE_COLORS[r.change],
              "label": ("★ " if r.key_tech else "") + getattr(r, name)} for r in changes.itertuples()]
    legend = [(t("c_" + change), color) for change, color in CHANGE_COLORS.items()
              if (changes["change"] == change).any()]
    return layered_map(nodes, list(links), legend, width=600)


data_source = page_source()
st.title(t("page_compare"))
sidebar_source(data_source)
years, stamp = year_sources(data_source)
if len(years) < 2:
    st.info(t("one_year_only", folder="Neo4j" if data_source.kind == "neo4j" else base_folder().name))
    st.stop()
ordered = sorted(years, reverse=True)
# the pair defaults to the year chosen in the sidebar and the one before it; the pair is this page's own
chosen = st.session_state.get("year")
chosen = chosen if chosen in years else next((y for y, f in years.items() if f == str(base_folder())), max(years))
left, right = st.columns(2)
year = left.selectbox(t("year"), ordered, key=f"compare_year_{chosen}", index=ordered.index(chosen))
others = [y for y in ordered if y != year]
earlier = [y for y in others if y < year]
base = right.selectbox(t("compare_with"), others, key=f"compare_base_{year}",
                       index=others.index(earlier[0]) if earlier else 0)
old_year, new_year = min(year, base), max(year, base)
try:
    diff = cached_diff(years[old_year], years[new_year], stamp)
except DiffError as exc:
    st.error(t("incomparable", error=exc.format(lang())))
    st.stop()
newer = cached_year(years[new_year], stamp)
if newer.doc.get("synthetic"):
    st.warning(t("synthetic_notice"), icon="⚠️")
chain_by_id = {c.id: c for c in newer.chains}
name_key = "name_en" if lang() == "en" else "name"

totals = {k: sum(len(c[k]) for c in diff["chains"]) for k in
          ("gaps_closed", "gaps_opened", "targets_landed", "firms_entered", "firms_left")}
advanced = sum(p["advanced"] for c in diff["chains"] for p in c["projects_changed"])
with flow("compare_metrics", 130, gap="small"):   # six in a row on a wide page, wrapping on a laptop
    for label, value in (("m_gaps_closed", totals["gaps_closed"]), ("m_gaps_opened", totals["gaps_opened"]),
                         ("m_landed", totals["targets_landed"]), ("m_entered", totals["firms_entered"]),
                         ("m_left", totals["firms_left"]), ("m_projects", advanced)):
        st.metric(t(label), f"{value:,}", width="stretch")
st.page_link("views/risk.py", label=t("risk_open"), icon="⚠️")   # 外迁预警 of the same two years

completeness_chart, plan_chart = history_charts(tuple(years.items()), lang(), stamp)
with flow("compare_charts", 340):   # side by side on a wide page, one below the other on a laptop
    with st.container():
        st.subheader(t("completeness_years"))
        svg_chart(completeness_chart)
    with st.container():
        st.subheader(t("plan_years"))
        if plan_chart is None:
            st.info(t("none"))
        else:
            svg_chart(plan_chart)

chain_names = {c.id: getattr(c, name_key) for c in newer.chains}
chain_id = st.selectbox(t("chain"), list(chain_names), key=f"compare_chain_{lang()}", format_func=chain_names.get)
chain_diff = next(c for c in diff["chains"] if c["chain_id"] == chain_id)
st.subheader(f"{t('change_map')} · {old_year} → {new_year}")
chain = chain_by_id[chain_id]
svg_chart(chain_change_map(years[old_year], years[new_year], chain_id, lang(), stamp))
st.caption(t("change_map_note"))

seg_name = {s.id: getattr(s, name_key) for s in chain.segments}
firm_names = dict(zip(newer.firms["firm_id"], newer.firms["name"], strict=True))


def table(title: str, rows: list[dict], columns: dict[str, str]) -> None:
    st.markdown(f"**{t(title)}**")
    if not rows:
        st.caption(t("none"))
        return
    frame = pd.DataFrame(rows)
    for column in ("segment_id", "segment_ids", "by"):
        if column in frame:
            lookup = firm_names if column == "by" else seg_name
            frame[column] = frame[column].map(lambda v, lookup=lookup: listed((lookup.get(x, x) for x in v), lang())
                                              if isinstance(v, list) else lookup.get(v, v))
    for column in ("old", "new"):
        if column in frame:
            frame[column] = frame[column].map(lambda s: stage_label(s, lang()))
    # segment names (long in English) are cut at 150 px so that the table fits a 1024-px laptop
    narrow = {t(k): st.column_config.TextColumn(width=150) for k in ("segment", "segments") if k in columns.values()}
    st.dataframe(frame[list(columns)].rename(columns={c: t(k) for c, k in columns.items()}), hide_index=True,
                 width="stretch", placeholder="—", column_config=narrow)


with flow("compare_firms", 420):   # two lists side by side on a wide page, one below the other on a laptop
    with st.container():
        table("gaps_closed", chain_diff["gaps_closed"], {"segment_id": "segment", "by": "by"})
        table("entered", chain_diff["firms_entered"], {"firm_id": "compare_firm_id", "name": "firm_name",
                                                       "segment_ids": "segments"})
    with st.container():
        table("landed", chain_diff["targets_landed"], {"firm_id": "compare_firm_id", "name": "firm_name",
                                                       "segment_id": "segment"})
        table("left", chain_diff["firms_left"], {"firm_id": "compare_firm_id", "name": "firm_name", "segment_ids": "segments"})
table("projects_changed", chain_diff["projects_changed"], {"project_id": "compare_project_id", "name": "project_name",
                                                           "segment_id": "segment", "old": "old_stage",
                                                           "new": "new_stage"})

st.subheader(t("all_changes"))
sheet, workbook = changes_export(years[old_year], years[new_year], lang(), f"{old_year} → {new_year}", stamp)
st.download_button(t("download"), workbook,
                   file_name=f"changes_{old_year}_{new_year}.xlsx", mime=XLSX_MIME)
# every chain's changes in one sheet: shown when opened (a rerun), as the workbook has them
box = lazy_expander(t("all_changes_rows", n=len(sheet)), key="compare_all_changes")
if box.open:
    box.dataframe(sheet, hide_index=True, width="stretch", height=320, placeholder="—")
