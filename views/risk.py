"""风险预警 Risk watch: local firms showing signs of leaving or shrinking between the session's year and an earlier
one, graded 关注/警示/挽留 by their role in the chain (graph.analysis.risk); per chain and city, sortable, Excel."""
import streamlit as st

from graph.analysis.risk import GRADES
from graph.analysis.risk_text import risk_frame
from views.language import lang, t
from views.risk_common import (
    COLUMNS,
    cached_risk,
    hidden_long_columns,
    previous_year,
    readable,
    risk_text,
    session_year,
    year_sources,
)
from views.source import page_header
from views.widgets import XLSX_MIME, chain_picker, firm_dataframe, xlsx_bytes

source = page_header("page_risk")
data = source.facts
st.caption(t("risk_intro"))
years, stamp = year_sources(source)
year = session_year(years, source)
if len(years) < 2:
    st.info(t("risk_needs_two_years", dataset=data.meta.name, year=data.meta.year or "-"))
    st.stop()
earlier = sorted((y for y in years if y < year), reverse=True)
if not earlier:
    st.info(t("risk_no_earlier", year=year))
    st.stop()
left, middle, right = st.columns(3)
with left:
    chain_id = chain_picker(data, allow_all=True, key="risk_chain")
old = middle.selectbox(t("risk_previous"), earlier, index=earlier.index(previous_year(years, year)),
                       key=f"risk_previous_{year}")
result = cached_risk(years[old], years[year], chain_id, stamp)
table = result.table
cities = sorted(c for c in table["city"].dropna().unique())
city = right.selectbox(t("city"), [None, *cities], key=f"risk_city_{lang()}",
                       format_func=lambda c: t("all_cities") if c is None else c)
if city is not None:
    table = table[table["city"] == city]
st.caption(t("risk_years", old=old, new=year))

counts = {g: int((table["grade"] == g).sum()) for g in GRADES}
for column, grade in zip(st.columns(len(GRADES)), GRADES, strict=True):
    column.metric(t(f"grade_{grade}"), f"{counts[grade]:,}")
grades = st.multiselect(t("risk_grades"), list(GRADES), default=list(GRADES), key=f"risk_grades_{lang()}",
                        format_func=lambda g: t(f"grade_{g}"), placeholder=t("pick_grades"))
table = table[table["grade"].isin(grades)]
chain_names = {c.id: (c.name_en if lang() == "en" else c.name) for c in data.chains}
st.caption(t("risk_count", n=len(table)))
if table.empty:
    st.info(t("none_found"))
else:
    shown = readable(table, chain_names)
    firm_dataframe(shown, COLUMNS, firm_id="link_id", height=min(600, 38 + 35 * len(table)),
                   column_config=hidden_long_columns(), placeholder="—")
    st.caption(t("risk_hidden_note"))
    rows = {i: row for i, row in enumerate(shown.itertuples())}
    pick = st.selectbox(t("risk_detail"), list(rows), key=f"risk_detail_{lang()}",
                        format_func=lambda i: f"{rows[i].name} · {rows[i].chain} · {rows[i].grade_text}")
    st.markdown(risk_text(rows[pick]))

sheet = risk_frame(result.__class__(table, result.years), {c.id: (c.name, c.name_en) for c in data.chains}, lang())
st.download_button(t("risk_export"), xlsx_bytes({t("page_risk"): sheet}, caption=f"{data.meta.name} · {old} → {year}"),
                   file_name=f"risk_{old}_{year}.xlsx", mime=XLSX_MIME)
