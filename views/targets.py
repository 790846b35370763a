"""招商目标 Attraction targets: per gap/weak segment, ranked non-local firms with reasons; 招商清单 export."""
import pandas as pd
import streamlit as st

from graph.analysis.size import basis_label
from graph.report import chain_sheets
from views.brief_buttons import brief_buttons
from views.language import lang, md, t
from views.reasons import why_panel
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import (
    XLSX_MIME,
    chain_name,
    chain_picker,
    firm_dataframe,
    lazy_expander,
    localise,
    with_reasons,
    xlsx_bytes,
)

COLUMNS = {"rank": "rank", "firm_id": "firm_id", "name": "firm_name", "province": "province", "city": "city",
           "source": "target_source", "score": "score", "local_customers": "local_customers",
           "size_basis": "size_basis_col", "size": "size_on_basis", "tags": "tags", "reasons": "reasons"}

# the workbook's columns (COLUMNS) and the page's grid, which fits 1024 px (id, province, size basis and tags are in
# the reasons under it, the profile and the export; the source shows when a reference pool is in the segment)
GRID_COLUMNS = {"rank": "rank", "name": "firm_name", "city": "city", "score": "score",
                "local_customers": "local_customers", "size": "size_on_basis"}


def readable(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets with reasons, source and size basis as text in the current language."""
    frame = with_reasons(targets, data)
    return frame.assign(source=frame["source"].map(lambda s: t(f"source_{s}")),
                        size_basis=frame["size_basis"].map(lambda b: basis_label(b, lang()) if isinstance(b, str) else ""))


def target_sheet(chain_id: str) -> pd.DataFrame:
    """One chain's 招商清单 with localised headers."""
    frame = readable(chain_analysis(source, chain_id).targets)
    frame = frame.assign(chain=chain_name(data, chain_id),
                         why=frame["why"].map(lambda w: t("why_gap" if w == "gap" else "why_weak")))
    segment = "segment_name_en" if lang() == "en" else "segment_name"
    return localise(frame, {"chain": "chain", segment: "segment", "why": "why", **COLUMNS})


source = page_header("page_targets")
data = source.facts
st.caption(t("targets_intro"))
chain_id = chain_picker(data)
targets = readable(chain_analysis(source, chain_id).targets)
st.caption(t("targets_count", segments=targets["segment_id"].nunique(), firms=len(targets)))
from_pool = int((chain_analysis(source, chain_id).targets["source"] == "pool").sum())
if from_pool:
    st.caption(t("targets_pool", n=from_pool, name=source.pool.name))
caption = f"{data.meta.name} · {t('page_targets')}"
left, right = st.columns(2)


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_KEY)
def chain_workbook(source: Source, chain_id: str, lang: str) -> bytes:
    """One chain's 招商清单 workbook, built once per data key, chain and language."""
    return xlsx_bytes(chain_sheets({chain_id: target_sheet(chain_id)}, data.chains, lang), caption=f"{data.meta.name} · {t('page_targets')}")


left.download_button(t("export_targets_chain"), chain_workbook(source, chain_id, lang()),
                     file_name=f"targets_{chain_id}.xlsx", mime=XLSX_MIME)
if right.button(t("export_targets_all")):
    sheets = chain_sheets({c: target_sheet(c) for c in data.chain_ids()}, data.chains, lang())
    right.download_button(t("download_xlsx"), xlsx_bytes(sheets, caption=caption), file_name="targets_all.xlsx",
                          mime=XLSX_MIME, key="download_all")
brief_buttons(source, chain_id, chain_analysis(source, chain_id), where="targets")
if not targets.empty:   # the one-page brief of a target firm
    firms = dict(zip(targets["firm_id"], targets["name"], strict=True))
    firm_id = st.selectbox(t("firm_brief"), list(firms), format_func=firms.get, key=f"brief_firm_{chain_id}")
    brief_buttons(source, chain_id, chain_analysis(source, chain_id), firm_id=firm_id, where="targets_firm")
if targets.empty:
    st.info(t("none_found"))
for _, group in targets.groupby("segment_id", sort=False):
    first = group.iloc[0]
    name = first["segment_name_en"] if lang() == "en" else first["segment_name"]
    why = t("why_gap" if first["why"] == "gap" else "why_weak")
    # a collapsed segment's table is built when it is opened (a rerun): the page draws only the open ones
    box = lazy_expander(f"{md(name)} · {why} · {len(group)}", key=f"targets_{chain_id}_{first['segment_id']}",
                        expanded=first["why"] == "gap")
    if box.open:
        with box:
            # the grid holds the numbers; the reasons, hidden there, are read in full under it
            pool = (group["source"] == t("source_pool")).any()
            firm_dataframe(group, {**GRID_COLUMNS, **({"source": "target_source"} if pool else {})}, score="target")
            why_panel([f"{r}. {n}" for r, n in zip(group["rank"], group["name"], strict=True)], group["reasons"],
                      key=f"why_targets_{first['segment_id']}")
