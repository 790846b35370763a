"""Download buttons for the briefs (graph.brief): Word and PDF of a chain brief or a target-firm brief, made when a
button is pressed (Streamlit calls ``data`` then), once per data key, chain, firm, language and format."""
from __future__ import annotations

import streamlit as st

from graph.brief import chain_brief, firm_brief
from graph.brief_render import to_docx, to_pdf
from graph.io import resolve_chain_set
from views.language import lang, t
from views.plan import cached_plan
from views.risk_common import cached_risk, previous_year, session_year, year_facts, year_sources
from views.source import Source, chain_analysis, data_folder

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


def _plan_targets(data) -> dict | None:
    folder = resolve_chain_set(data.meta.chain_set or "", base=data_folder())
    plan = cached_plan(str(folder)) if folder else None
    return plan["targets"] if plan else None


@st.cache_resource(show_spinner=False, max_entries=64)
def brief_bytes(key: str, chain_id: str, firm_id: str | None, language: str, fmt: str, _data, _result,
                _years: tuple | None, _plan: dict | None) -> bytes:
    """The brief as .docx or .pdf bytes (``_years``: the (older, newer) sources and stamp, or None for one year)."""
    if firm_id:
        brief = firm_brief(_data, chain_id, firm_id, lang=language, result=_result)
    else:
        previous = risk = None
        if _years is not None:
            old, new, stamp = _years
            previous, risk = year_facts(old), cached_risk(old, new, chain_id, stamp)
        brief = chain_brief(_data, chain_id, lang=language, previous=previous, risk=risk, plan_targets=_plan,
                            result=_result)
    return to_docx(brief) if fmt == "docx" else to_pdf(brief)[0]


def brief_buttons(source: Source, chain_id: str, result, *, firm_id: str | None = None, where: str = "chain") -> None:
    """Two download buttons (Word, PDF) of the chain brief, or of ``firm_id``'s brief for ``chain_id``."""
    data, key = source.facts, source.key
    years, stamp = year_sources(source)
    year = session_year(years, source)
    old = previous_year(years, year)
    sources = (years[old], years[year], stamp) if old is not None else None
    plan = None if firm_id else _plan_targets(data)
    language = lang()
    name = f"brief_{chain_id}" + (f"_{firm_id}" if firm_id else "")
    docx, pdf = st.columns(2)
    for column, fmt, mime in ((docx, "docx", DOCX_MIME), (pdf, "pdf", PDF_MIME)):
        column.download_button(
            t(f"brief_{fmt}") + ("" if firm_id else f" · {t('chain_brief')}"),
            data=lambda fmt=fmt: brief_bytes(key, chain_id, firm_id, language, fmt, data, result, sources, plan),
            file_name=f"{name}.{fmt}", mime=mime, key=f"brief_{where}_{fmt}", on_click="ignore")


def firm_brief_buttons(source: Source, firm_id: str, targets, chains: list[str]) -> None:
    """The firm profile's buttons: the firm's brief for the first chain it is an attraction target of, else the
    brief of the first chain it belongs to (nothing when it belongs to none)."""
    chain_id = targets["chain_id"].iloc[0] if len(targets) else (chains[0] if chains else None)
    if chain_id is None:
        return
    st.caption(t("firm_brief"))
    brief_buttons(source, chain_id, chain_analysis(source, chain_id), firm_id=firm_id, where="firm")
