"""缺链弱链 Gaps & weak links: tables with severity, numbers and reasons; filters; Excel export."""
import pandas as pd
import streamlit as st

from graph.model import STAGES
from views.language import lang, t
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import XLSX_MIME, chain_name, localise, with_reasons, xlsx_bytes

source = page_header("page_gaps")
data = source.facts
ids = data.chain_ids()
left, right = st.columns(2)
# option labels looked up in dicts made now, in this run's language (a format_func may be called later)
chain_names = {c: chain_name(data, c) for c in ids}
stage_names = {s: t(f"stage_{s}") for s in STAGES}
chosen = left.multiselect(t("chain"), ids, default=ids, format_func=chain_names.get, key=f"gap_chains_{lang()}")
stages = right.multiselect(t("stage"), list(STAGES), default=list(STAGES), format_func=stage_names.get,
                           key=f"gap_stages_{lang()}")


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_KEY)
def tables(source: Source, chosen: tuple[str, ...], stages: tuple[str, ...], lang: str
           ) -> tuple[pd.DataFrame, pd.DataFrame, bytes]:
    """The gaps and weak-links tables for the chosen chains and stages, and their workbook, built once per
    data key, filter and language."""
    data = source.facts
    gap_frames, weak_frames = [], []
    for chain_id in chosen:
        result = chain_analysis(source, chain_id)
        name = chain_name(data, chain_id)
        gap_frames.append(with_reasons(result.gaps).assign(chain=name))
        weak = with_reasons(result.weak_links).assign(chain=name)
        if "memberships_reviewed" in weak:   # a classified dataset: the segment's local placements reviewed / proposed
            weak["placements"] = [t("memberships_reviewed", reviewed=a, proposed=b) for a, b in
                                  zip(weak["memberships_reviewed"], weak["memberships_proposed"], strict=True)]
        weak_frames.append(weak)
    gaps = pd.concat(gap_frames, ignore_index=True) if gap_frames else pd.DataFrame()
    weak = pd.concat(weak_frames, ignore_index=True) if weak_frames else pd.DataFrame()
    name_col = "name_en" if lang == "en" else "name"
    gap_columns = {"chain": "chain", name_col: "segment", "severity": "severity", "key_tech": "key_tech",
                   "downstream_segments": "downstream_segments", "other_firms": "other_firms", "reasons": "reasons"}
    weak_columns = {"chain": "chain", name_col: "segment", "score": "score", "key_tech": "key_tech",
                    "local_firms": "local_firms", "hhi": "hhi", "top_share": "top_share",
                    "support_rate": "support_rate", **({"placements": "provenance_col"} if "placements" in weak else {}),
                    "reasons": "reasons"}
    if not gaps.empty:
        gaps = localise(gaps[gaps["stage"].isin(stages)].sort_values("severity", ascending=False), gap_columns)
    if not weak.empty:
        weak = localise(weak[weak["stage"].isin(stages)].sort_values("score", ascending=False), weak_columns)
    workbook = xlsx_bytes({t("gaps_count"): gaps, t("weak_count"): weak}, caption=f"{data.meta.name} · {t('page_gaps')}")
    return gaps, weak, workbook


gaps, weak, workbook = tables(source, tuple(chosen), tuple(stages), lang())
for title, frame in (("gaps_table", gaps), ("weak_table", weak)):
    st.subheader(t(title))
    if frame.empty:
        st.info(t("none_found"))
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
st.download_button(t("download_xlsx"), workbook, file_name="gaps_weak_links.xlsx", mime=XLSX_MIME)
