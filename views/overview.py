"""总览 Overview: the dataset, the plan's targets, completeness of every chain, firms by city."""
import pandas as pd
import streamlit as st

from graph.analysis.counts import city_counts
from graph.analysis.coverage import completeness, gaps
from graph.analysis.relatedness import lq_reference, strengths
from graph.analysis.summary import membership_provenance
from graph.analysis.weak_links import weak_links
from graph.charts import bar_chart, city_map
from graph.geo import city_boundaries, match_cities
from views.language import lang, t
from views.layout import flow
from views.plan import plan_chips, plan_table
from views.source import BY_KEY, Source, page_header
from views.widgets import chain_name, svg_chart

source = page_header("page_overview")
data = source.facts
st.caption(f"{t('dataset')}: {data.meta.name} · {t('region')}: {data.meta.region}"
           + (f" · {t('data_year')}: {data.meta.year}" if data.meta.year else ""))

plan = plan_table(data)
if plan is not None:
    st.subheader(t("plan_targets"))
    plan_chips(plan)


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=BY_KEY)
def overview_parts(source: Source, lang: str) -> tuple[pd.DataFrame, str, str | None]:
    """The summary table, the completeness chart and the map of firms by city (None without city boundaries for
    the region), built once per data key and language."""
    data = source.facts
    # only what the table needs (not every chain's full analysis): the first page after start stays quick
    rows = []
    referenced = lq_reference(data) != "none"   # no benchmark: no strengths, a note instead of counts
    for c in data.chain_ids():
        share = completeness(data, c)
        placed = membership_provenance(data, c)   # a classified dataset: memberships reviewed by a person / proposed
        rows.append({t("chain"): chain_name(data, c), t("completeness"): share["segment_share"],
                     t("completeness_revenue"): share["revenue_share"], t("gaps_count"): len(gaps(data, c)),
                     t("weak_count"): len(weak_links(data, c)), t("strength_count"): len(strengths(data, c)) if referenced else None,
                     **({t("provenance_col"): t("memberships_reviewed", reviewed=placed["memberships_reviewed"],
                                                 proposed=placed["memberships_proposed"])} if placed else {})})
    summary = pd.DataFrame(rows)
    if summary[t("completeness_revenue")].isna().all():   # no revenue in the data: no revenue-weighted figure
        summary = summary.drop(columns=t("completeness_revenue"))
    series = [t("completeness"), t("completeness_revenue")]
    bars = bar_chart(list(summary[t("chain")]), {s: list(summary[s]) for s in series if s in summary},
                     percent=True, width=520)
    shapes = city_boundaries(data.meta.region or "")
    if not shapes:
        return summary, bars, None
    cities = city_counts(data)
    matched = match_cities(cities["city"], shapes)
    cities = cities.assign(shape=cities["city"].map(matched)).dropna(subset=["shape"])
    by_shape = cities.groupby("shape")[["firms", "revenue"]].sum(min_count=1)   # no revenue given: none shown
    hover = {s: [f"{t('revenue')}: {r.revenue:,.0f}"] if pd.notna(r.revenue) else [] for s, r in by_shape.iterrows()}
    return summary, bars, city_map(shapes, dict(by_shape["firms"].astype(float)), label=t("firms"), hover=hover,
                                   width=600)


summary, bars, firm_map = overview_parts(source, lang())
shown = [t("chain"), t("gaps_count"), t("weak_count"), t("strength_count"),
         *([t("provenance_col")] if t("provenance_col") in summary.columns else [])]
# side by side on a wide page; the table below the chart when both do not fit (a 1024-px laptop)
with flow("overview_parts", 380 if len(shown) > 4 else 340):
    with st.container():
        st.subheader(t("completeness_chart"))
        svg_chart(bars)
    with st.container():
        st.subheader(t("gap_weak_counts"))
        st.dataframe(summary[shown], hide_index=True, width="stretch", height=38 + 35 * len(summary),
                     placeholder="—")
        if lq_reference(data) == "none":
            st.caption(t("no_lq_reference"))

st.subheader(t("firm_map"))
if firm_map is None:
    st.info(t("none_found"))
else:
    svg_chart(firm_map)
    st.caption(t("firm_map_note"))
