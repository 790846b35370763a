"""总览 Overview: the dataset, the plan's targets, completeness of every chain, firms by city."""
import pandas as pd
import plotly.express as px
import streamlit as st

from graph.analysis.counts import city_counts
from graph.analysis.coverage import completeness, gaps
from graph.analysis.relatedness import strengths
from graph.analysis.weak_links import weak_links
from graph.io import read_city_coordinates
from views.common import chain_name, lang, page_header, plan_table, t

data, key = page_header("page_overview")
st.caption(f"{t('dataset')}: {data.meta.name} · {t('region')}: {data.meta.region}"
           + (f" · {t('data_year')}: {data.meta.year}" if data.meta.year else ""))

plan = plan_table(data)
if plan is not None:
    st.subheader(t("plan_targets"))
    metric_keys = {"链主": "metric_leaders", "专精特新": "metric_sme", "单项冠军": "metric_champions",
                   "flagship_chains": "metric_chains"}
    columns = st.columns(len(plan))
    for column, row in zip(columns, plan.itertuples(), strict=True):
        label = t(metric_keys[row.item]) if row.item in metric_keys else row.item
        column.metric(label, f"{row.actual:,}", t("of_target", target=row.target, share=row.share or 0),
                      delta_color="off", delta_arrow="off")


@st.cache_resource(show_spinner=False, max_entries=16)
def overview_parts(key: str, lang: str) -> tuple[pd.DataFrame, object, pd.DataFrame, object | None]:
    """The summary table, the completeness chart, the city table and the city chart, built once per data key
    and language (plotly figures take most of a rerun to build; pages only read them)."""
    # only what the table needs (not every chain's full analysis): the first page after start stays quick
    rows = []
    for c in data.chain_ids():
        share = completeness(data, c)
        rows.append({t("chain"): chain_name(data, c), t("completeness"): share["segment_share"],
                     t("completeness_revenue"): share["revenue_share"], t("gaps_count"): len(gaps(data, c)),
                     t("weak_count"): len(weak_links(data, c)), t("strength_count"): len(strengths(data, c))})
    summary = pd.DataFrame(rows)
    long = summary.melt(id_vars=[t("chain")], value_vars=[t("completeness"), t("completeness_revenue")])
    bars = px.bar(long, x="value", y=t("chain"), color="variable", barmode="group", orientation="h",
                  range_x=[0, 1], labels={"value": "", "variable": ""})
    bars.update_layout(height=460, legend={"orientation": "h", "y": -0.12}, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    bars.update_xaxes(tickformat=".0%")
    coords = read_city_coordinates()
    cities = city_counts(data)
    cities = cities[cities["city"].isin(coords)]
    cities = cities.assign(lat=cities["city"].map(lambda c: coords[c][0]), lon=cities["city"].map(lambda c: coords[c][1]))
    if cities.empty:
        return summary, bars, cities, None
    points = px.scatter(cities, x="lon", y="lat", size="firms", text="city", size_max=48,
                        hover_data={"firms": True, "revenue": ":,.0f", "lat": False, "lon": False},
                        labels={"lon": t("lon"), "lat": t("lat"), "firms": t("firms"), "revenue": t("revenue")})
    points.update_traces(textposition="top center", marker={"color": "#1f77b4", "opacity": 0.6})
    points.update_yaxes(scaleanchor="x", scaleratio=1.25)
    points.update_layout(height=480, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return summary, bars, cities, points


summary, bars, cities, points = overview_parts(key, lang())
left, right = st.columns([3, 2])
with left:
    st.subheader(t("completeness_chart"))
    st.plotly_chart(bars, width="stretch")
with right:
    st.subheader(t("gap_weak_counts"))
    st.dataframe(summary[[t("chain"), t("gaps_count"), t("weak_count"), t("strength_count")]], hide_index=True,
                 width="stretch", height=460)

st.subheader(t("firm_map"))
if points is None:
    st.info(t("none_found"))
else:
    st.plotly_chart(points, width="stretch")
    st.caption(t("firm_map_note"))
