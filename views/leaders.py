"""链主企业 Leaders & firm profile: the ranking with every component, key supporting firms, and a
firm's segments, tags, suppliers, customers, ego network and matching SMEs (融链固链)."""
import pandas as pd
import streamlit as st

from graph.analysis.firms import firm_info, firm_partners
from graph.analysis.sme import sme_matches
from graph.viz import ego_network_html
from views.common import (
    chain_analysis,
    chain_picker,
    lang,
    localise,
    md,
    network_graph,
    page_header,
    segment_names,
    t,
    with_reasons,
)

data, key = page_header("page_leaders")
chain_id = chain_picker(data)
result = chain_analysis(key, chain_id)
names = dict(zip(result.leaders["firm_id"], result.leaders["name"], strict=True))
seg_name = segment_names(data, chain_id)

st.subheader(t("leaders_table"))
agreement = result.leader_agreement
if agreement["tagged"]:
    st.caption(t("agreement", k=agreement["k"], hit=agreement["in_top_k"], share=f"{agreement['precision_at_k']:.0%}"))
leaders = with_reasons(result.leaders)
st.dataframe(localise(leaders, {
    "rank": "rank", "firm_id": "firm_id", "name": "firm_name", "city": "city", "score": "score",
    "revenue_share": "revenue_share", "pagerank_integrator": "pagerank_integrator",
    "pagerank_supplier": "pagerank_supplier", "local_partners": "local_partners", "segments_covered": "segments_covered",
    "tag_score": "tag_score", "tags": "tags", "reasons": "reasons"}).head(50), hide_index=True, width="stretch")

st.subheader(t("key_suppliers"))
st.dataframe(localise(with_reasons(result.key_suppliers), {
    "rank": "rank", "firm_id": "firm_id", "name": "firm_name", "city": "city", "score": "score",
    "local_customers": "local_customers", "leaders_supplied": "leaders_supplied",
    "sole_supplier_of": "sole_supplier_of", "reasons": "reasons"}), hide_index=True, width="stretch")

st.subheader(t("firm_profile"))
options = list(result.leaders["firm_id"])
if not options:
    st.info(t("none_found"))
    st.stop()
firm_id = st.selectbox(t("pick_firm"), options, format_func=lambda f: f"{names[f]} ({f})")
firm = firm_info(data, firm_id)
st.markdown(f"**{md(firm['name'])}** · {md(firm_id)} · {md(firm['city'] or firm['province'])}")
st.caption(f"{t('segments')}: " + "、".join(seg_name[s] for s in firm["segments"].get(chain_id, []))
           + (f" · {t('tags')}: " + "、".join(firm["tags"]) if firm["tags"] else ""))


def partners(direction: str) -> pd.DataFrame:
    frame = firm_partners(data, chain_id, firm_id, direction=direction)
    return localise(frame, {"firm_id": "firm_id", "name": "firm_name", "province": "province", "city": "city",
                            "revenue": "revenue"})


left, right = st.columns(2)
left.markdown(f"**{t('suppliers')}**")
left.dataframe(partners("suppliers"), hide_index=True, width="stretch")
right.markdown(f"**{t('customers')}**")
right.dataframe(partners("customers"), hide_index=True, width="stretch")
st.markdown(f"**{t('ego_network')}**")
page, note = ego_network_html(network_graph(), firm_id, lang=lang())
if note:
    st.info(note)
st.iframe(page, height=520)
st.markdown(f"**{t('sme_matches')}**")
matches = with_reasons(sme_matches(data, chain_id, firm_id))
if matches.empty:
    st.info(t("none_found"))
else:
    seg = matches["segment_id"].map(seg_name)
    st.dataframe(localise(matches.assign(segment=seg), {
        "segment": "segment", "firm_id": "firm_id", "name": "firm_name", "city": "city", "tags": "tags",
        "leader_imports": "leader_imports", "local_customers": "local_customers", "reasons": "reasons"}),
        hide_index=True, width="stretch")
