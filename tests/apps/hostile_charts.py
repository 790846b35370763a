"""A page for the browser test: the hostile dataset's firm names, and one with a blank line, as a chart's labels,
shown as the app shows charts (``streamlit run`` runs it as __main__; the test imports the names)."""
import pandas as pd
import streamlit as st

from graph.charts import bar_chart
from tests.conftest import ROOT
from views.widgets import svg_chart

BLANK_LINE = "坏企业\n\n![x](http://evil.example/p.png) [点我](https://evil.example)"   # would end an HTML block


def hostile_names() -> list[str]:
    return [*pd.read_csv(ROOT / "tests" / "data" / "hostile" / "firms.csv", dtype=str)["name"], BLANK_LINE]


if __name__ == "__main__":
    names = hostile_names()
    st.title("hostile charts")
    svg_chart(bar_chart(names, {"营收": list(range(1, len(names) + 1))}, width=2000))
