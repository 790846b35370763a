"""What the 风险预警 page, the firm profile and the briefs share: the years the session's data come in, the
risk list between the session's year and the one before (cached per pair of years and chain), and its
readable table."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis.reasons import render_reasons
from graph.analysis.risk import GRADES, RiskResult, firm_risks, risk_table
from graph.analysis.risk_text import loss_text, role_label
from graph.years import held_in_neo4j, neo4j_spec
from views.language import lang, md, t
from views.source import Source, base_folder, data_folder, folder_years, memory_store, neo4j_settings, neo4j_store


def year_sources(source: Source) -> tuple[dict[int, str], str]:
    """({year: source}, stamp): Neo4j's years held (``neo4j:<year>``), else the dataset folder and its siblings."""
    if source.kind == "neo4j":
        store = neo4j_store(neo4j_settings()["NEO4J_URI"])
        return {y: neo4j_spec(y) for y in store.years()}, ",".join(d["version"] for d in store.held())
    return {y: str(f) for y, f in folder_years(str(base_folder())).items()}, ""


def session_year(years: dict[int, str], source: Source) -> int | None:
    """The year the session's pages read (the sidebar's), else the data folder's, else the latest."""
    chosen = st.session_state.get("year")
    if chosen in years:
        return chosen
    if source.kind != "neo4j":
        own = next((y for y, f in years.items() if f == str(data_folder())), None)
        if own is not None:
            return own
    return max(years, default=None)


def year_facts(source: str):
    """The facts of one year: a dataset folder (shared in-memory store) or a year held in Neo4j (chain by chain)."""
    if held_in_neo4j(source):
        year = int(source.rsplit(":", 1)[1])
        return neo4j_store(neo4j_settings()["NEO4J_URI"], year).of(pushdown=True).facts()
    return memory_store(source).facts()


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_risk(old: str, new: str, chain_id: str | None, stamp: str = "") -> RiskResult:
    """The risk list of two years (one chain, or all with None), computed once and shared: read-only."""
    return risk_table(year_facts(old), year_facts(new), chain=chain_id)


def previous_year(years: dict[int, str], year: int | None) -> int | None:
    earlier = [y for y in years if year is not None and y < year]
    return max(earlier) if earlier else None


def readable(table: pd.DataFrame, chain_names: dict[str, str]) -> pd.DataFrame:
    """The risk rows with grade, roles, signals and what the chain loses as text in the session's language."""
    language = lang()
    return table.assign(
        grade_text=table["grade"].map(lambda g: t(f"grade_{g}")),
        chain=table["chain_id"].map(lambda c: chain_names.get(c, c)),
        roles_text=table["roles"].map(lambda r: role_label(r, language)),
        signals_text=table["signals"].map(lambda s: render_reasons(s, language)),
        loss=[loss_text(r, language) for r in table.to_dict("records")],
        link_id=[n if isinstance(n, str) and n else f for f, n in zip(table["firm_id"], table["new_firm_id"],
                                                                        strict=True)])


COLUMNS = {"grade_text": "risk_grade", "score": "risk_score", "chain": "chain", "name": "firm_name", "city": "city",
           "roles_text": "risk_roles", "signals_text": "risk_signals", "loss": "risk_loss"}
LONG = ("roles_text", "signals_text", "loss")   # shown in full below the table, hidden in it (a laptop's width)


def hidden_long_columns() -> dict:
    """column_config hiding the long text columns (the grid's column button shows them again)."""
    return {t(COLUMNS[c]): {"hidden": True} for c in LONG}


def risk_text(row) -> str:
    """One risk row's role, signals and what losing the firm costs, as Markdown lines (text escaped)."""
    return "  \n".join(f"**{t(COLUMNS[c])}**：{md(getattr(row, c))}" if lang() == "zh"
                        else f"**{t(COLUMNS[c])}:** {md(getattr(row, c))}" for c in LONG)


def grade_order() -> list[str]:
    return list(GRADES)


def firm_risk_section(source: Source, firm_id: str) -> None:
    """The firm profile's 外迁预警 section: the firm's signals per chain between the session's year and the one
    before (nothing when the data come in one year)."""
    data = source.facts
    years, stamp = year_sources(source)
    year = session_year(years, source)
    old = previous_year(years, year)
    if old is None:
        return
    st.subheader(t("risk_firm", old=old, new=year))
    rows = firm_risks(cached_risk(years[old], years[year], None, stamp), firm_id)
    if rows.empty:
        st.caption(t("risk_firm_none"))
        return
    chain_names = {c.id: (c.name_en if lang() == "en" else c.name) for c in data.chains}
    shown = readable(rows, chain_names)
    columns = {k: v for k, v in COLUMNS.items() if k not in ("name", "city")}
    st.dataframe(shown[list(columns)].rename(columns={c: t(k) for c, k in columns.items()}), hide_index=True,
                 width="stretch", column_config=hidden_long_columns(), placeholder="—")
    for row in shown.itertuples():
        st.markdown(f"**{md(row.chain)} · {md(row.grade_text)}**  \n{risk_text(row)}")
    st.page_link("views/risk.py", label=t("risk_open"), icon="⚠️")
