"""Streamlit entry: page config, language switch, navigation. Nothing else."""
import streamlit as st

from views.common import language_switch, t

st.set_page_config(page_title="产业链图谱 Chain Explorer", page_icon="🔗", layout="wide")
language_switch()
pages = [
    st.Page("views/overview.py", title=t("page_overview"), default=True),
]
st.navigation(pages).run()
