"""城市布局 Cities: chain × city heat map, a city profile, location quotients."""
import plotly.express as px
import streamlit as st

from graph.analysis.cities import chain_city_matrix, city_location_quotients, city_segment_matrix
from graph.analysis.firms import top_firms_in_city
from views.common import chain_name, chain_picker, page_header, segment_names, t

data, key = page_header("page_cities")
matrix = chain_city_matrix(data)
named = matrix.rename(index=lambda c: chain_name(data, c))
st.subheader(t("heatmap"))
figure = px.imshow(named, text_auto=True, aspect="auto", color_continuous_scale="Blues",
                   labels={"x": t("city"), "y": t("chain"), "color": t("local_firms")})
figure.update_layout(height=520, margin={"l": 0, "r": 0, "t": 10, "b": 0})
st.plotly_chart(figure, width="stretch")

st.subheader(t("city_lq"))
st.caption(t("city_lq_note"))
st.dataframe(city_location_quotients(matrix).rename(index=lambda c: chain_name(data, c)), width="stretch")

st.subheader(t("city_profile"))
if matrix.columns.empty:
    st.info(t("none_found"))
    st.stop()
city = st.selectbox(t("city"), list(matrix.columns))
profile = named[city].rename(t("local_firms")).to_frame()
profile[t("city_lq")] = city_location_quotients(matrix).rename(index=lambda c: chain_name(data, c))[city]
left, right = st.columns(2)
left.dataframe(profile.sort_values(t("local_firms"), ascending=False), width="stretch")
top = top_firms_in_city(data, city)
right.markdown(f"**{t('top_firms')}**")
right.dataframe({t("firm_name"): top["name"].tolist(), t("revenue"): top["revenue"].tolist()},
                hide_index=True, width="stretch")

st.subheader(t("segment_city"))
chain_id = chain_picker(data)
segments = city_segment_matrix(data, chain_id)
segments = segments.rename(index=segment_names(data, chain_id))
if segments.empty:
    st.info(t("none_found"))
else:
    figure = px.imshow(segments, text_auto=True, aspect="auto", color_continuous_scale="Greens",
                       labels={"x": t("city"), "y": t("segment"), "color": t("local_firms")})
    figure.update_layout(height=520, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    st.plotly_chart(figure, width="stretch")
