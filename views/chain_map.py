"""产业链图谱 Chain map: segments upstream -> downstream coloured by status, or the firm network."""
import pandas as pd
import streamlit as st

from graph.analysis.context import chain_context
from graph.analysis.summary import segment_facts, segment_status
from graph.viz import chain_map_html, firm_network_html
from views.common import chain_analysis, chain_picker, lang, localise, page_header, t

G, key = page_header("page_chain_map")
chain_id = chain_picker(G)
result = chain_analysis(key, chain_id)
mode = st.radio(t("view_mode"), ["segments", "firms"], horizontal=True,
                format_func=lambda m: t("view_segments" if m == "segments" else "view_firms"))
ctx = chain_context(G, chain_id)
order = list(result.segments["segment_id"])
seg_name = dict(zip(result.segments["segment_id"], result.segments["name_en" if lang() == "en" else "name"],
                    strict=True))

if mode == "segments":
    st.iframe(chain_map_html(G, chain_id, status=segment_status(result), facts=segment_facts(result, lang()),
                                   lang=lang()), height=700)
    segment = st.selectbox(t("pick_segment"), order, format_func=seg_name.get)
    rows = [{"firm_id": f, "name": ctx.firms[f]["name"], "local": ctx.is_local(f),
             "province": ctx.firms[f]["province"], "city": ctx.firms[f].get("city"),
             "revenue": ctx.firms[f].get("revenue"), "tags": "、".join(ctx.firms[f].get("tags") or [])}
            for f in ctx.members[segment]]
    frame = pd.DataFrame(rows, columns=["firm_id", "name", "local", "province", "city", "revenue", "tags"])
    frame = frame.sort_values(["local", "revenue"], ascending=[False, False])
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
    firms = ctx.local_members(only) if only else [f for f in ctx.firms if ctx.is_local(f)]
    page, note = firm_network_html(G, firms, max_nodes=limit, lang=lang())
    if note:
        st.info(note)
    st.iframe(page, height=660)
