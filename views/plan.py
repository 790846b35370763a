"""The plan's targets (the chain set's _plan.yaml) and how far the data reach them, with the items' labels."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis.plan import plan_progress
from graph.io import read_plan, resolve_chain_set
from views.language import t
from views.source import data_folder

PLAN_ITEMS = {"链主": "metric_leaders", "专精特新": "metric_sme", "单项冠军": "metric_champions",
              "flagship_chains": "metric_chains"}


def plan_item(item: str) -> str:
    """A plan item's label in the current language; an item the labels do not know stays as the plan writes it."""
    return t(PLAN_ITEMS[item]) if item in PLAN_ITEMS else item


def plan_table(data) -> pd.DataFrame | None:
    """The plan's targets for the current chain set (None when the set has none)."""
    folder = resolve_chain_set(data.meta.chain_set or "", base=data_folder())
    plan = cached_plan(str(folder)) if folder else None
    # the facts never change, so the progress is computed once per facts and plan folder
    return data.memo(("plan_progress", str(folder)), lambda: plan_progress(data, plan["targets"])) if plan else None


@st.cache_data(show_spinner=False)
def cached_plan(folder: str) -> dict | None:
    """The chain set's _plan.yaml, read once per folder."""
    return read_plan(folder)
