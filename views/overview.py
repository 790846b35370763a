"""总览 Overview: the dataset, and counts per chain and per city."""
import streamlit as st

from graph.analysis.counts import chain_counts, city_counts
from views.common import lang, store, t

G = store().graph()
st.title(t("app_title"))
st.caption(f"{t('dataset')}: {G.graph['name']} · {t('region')}: {G.graph['region']}")
if G.graph.get("synthetic"):
    st.warning(t("synthetic_notice"), icon="⚠️")
st.sidebar.caption(t("backend_memory"))
st.subheader(t("per_chain"))
st.dataframe(chain_counts(G, lang=lang()), hide_index=True, width="stretch")
st.subheader(t("per_city"))
st.dataframe(city_counts(G, lang=lang()), hide_index=True, width="stretch")
