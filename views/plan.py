"""The plan's targets (the chain set's _plan.yaml) and how far the data reach them, with the items' labels."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis.plan import plan_progress
from graph.io import read_plan, resolve_chain_set
from graph.messages import named, render
from views.language import lang, t
from views.layout import flow
from views.source import data_folder


def plan_item(item: str) -> str:
    """A plan item's label in the current language, in that language only; an item the labels do not know stays
    as the plan writes it."""
    return named("plan", item, lang())


def plan_chips(plan: pd.DataFrame) -> None:
    """One box per plan item (count, target, share reached), side by side while they fit, wrapping below each other
    on a narrow page: the target and share are never cut off."""
    with flow("plan_chips", 220, gap="small"):
        for row in plan.itertuples():
            if pd.isna(row.actual):   # the data carry no firm tags: the count is unknown, not 0
                st.metric(plan_item(row.item), "—", render("plan_untagged", lang=lang()), delta_color="off", delta_arrow="off",
                          border=True, width="stretch")
                continue
            st.metric(plan_item(row.item), f"{row.actual:,}", t("of_target", target=row.target, share=row.share or 0),
                      delta_color="off", delta_arrow="off", border=True, width="stretch")


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
