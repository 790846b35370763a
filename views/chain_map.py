"""产业链图谱 Chain map: segments upstream -> downstream coloured by status, or the firm network."""
import streamlit as st

from graph.analysis.firms import local_firm_ids, segment_firms
from graph.analysis.summary import segment_facts, segment_status
from graph.viz import chain_map_html, firm_network_html
from views.common import (
    chain_analysis,
    chain_picker,
    lang,
    localise,
    map_graph,
    network_graph,
    page_header,
    t,
)

data, key = page_header("page_chain_map")
chain_id = chain_picker(data)
result = chain_analysis(key, chain_id)
mode = st.radio(t("view_mode"), ["segments", "firms"], horizontal=True,
                format_func=lambda m: t("view_segments" if m == "segments" else "view_firms"))
order = list(result.segments["segment_id"])
seg_name = dict(zip(result.segments["segment_id"], result.segments["name_en" if lang() == "en" else "name"],
                    strict=True))

if mode == "segments":
    st.iframe(chain_map_html(map_graph(data), chain_id, status=segment_status(result), facts=segment_facts(result, lang()),
                                   lang=lang()), height=700)
    segment = st.selectbox(t("pick_segment"), order, format_func=seg_name.get)
    frame = segment_firms(data, chain_id, segment)
    frame["tags"] = frame["tags"].map("、".join)
    st.subheader(t("segment_firms", segment=seg_name[segment]))
    st.dataframe(localise(frame, {"firm_id": "firm_id", "name": "firm_name", "local": "local", "province": "province",
                                  "city": "city", "revenue": "revenue", "tags": "tags"}),
                 hide_index=True, width="stretch")
else:
    st.caption(t("firm_view_note"))
    left, right = st.columns(2)
    only = left.selectbox(t("filter_segment"), [None, *order], format_func=lambda s: t("all_segments") if s is None
                          else seg_name[s])
    limit = right.slider(t("max_nodes"), 50, 1000, 300, step=50)
    firms = local_firm_ids(data, chain_id, only)
    page, note = firm_network_html(network_graph(), firms, max_nodes=limit, lang=lang())
    if note:
        st.info(note)
    st.iframe(page, height=660)
