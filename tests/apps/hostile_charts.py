"""A page for the browser test: the hostile dataset's firm names as a chart's labels, shown as the app shows charts."""
import pandas as pd
import streamlit as st

from graph.charts import bar_chart
from tests.conftest import ROOT
from views.common import svg_chart

names = list(pd.read_csv(ROOT / "tests" / "data" / "hostile" / "firms.csv", dtype=str)["name"])
st.title("hostile charts")
svg_chart(bar_chart(names, {"营收": list(range(1, len(names) + 1))}, width=2000))
