"""Streamlit entry: page config, a link's session parameters (views.links), language switch, year picker,
navigation. Nothing else."""
import streamlit as st

from graph.store.base import DatasetChanged
from views.language import language_switch, t
from views.links import adopt_link, remember_query
from views.source import year_picker

st.set_page_config(page_title="产业链图谱 Chain Explorer", page_icon="🔗", layout="wide")
adopt_link()   # a link opened in a new tab: its language, dataset and year, before the switch and the picker
language_switch()
year_picker()
remember_query()   # what firm links carry, once per run
PAGES = [("views/overview.py", "page_overview"), ("views/firm.py", "page_firm"), ("views/chain_map.py", "page_chain_map"),
         ("views/gaps.py", "page_gaps"), ("views/targets.py", "page_targets"), ("views/leaders.py", "page_leaders"),
         ("views/whatif.py", "page_whatif"), ("views/cities.py", "page_cities"), ("views/projects.py", "page_projects"),
         ("views/data.py", "page_data")]
page = st.navigation([st.Page(path, title=t(label), default=i == 0) for i, (path, label) in enumerate(PAGES)]
                     + [st.Page("views/compare.py", title=t("page_compare")),
                        st.Page("views/risk.py", title=t("page_risk"))])
try:
    page.run()
except DatasetChanged:   # a load into Neo4j replaced the data while this page read them: read the new ones
    st.rerun()
