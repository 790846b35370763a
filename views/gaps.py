"""缺链弱链 Gaps & weak links: tables with severity, numbers and reasons; filters; Excel export."""
import pandas as pd
import streamlit as st

from graph.model import STAGES
from views.columns import grid_config
from views.language import lang, t
from views.reasons import hidden, why_panel
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import XLSX_MIME, chain_name, localise, table, with_reasons, xlsx_bytes

source = page_header("page_gaps")
data = source.facts
ids = data.chain_ids()
left, right = st.columns(2)
# option labels looked up in dicts made now, in this run's language (a format_func may be called later)
chain_names = {c: chain_name(data, c) for c in ids}
stage_names = {s: t(f"stage_{s}") for s in STAGES}
# Streamlit's own "Select all" is English, so it shows in English only (the lists start full; × clears them)
words = {"placeholder": t("choose_options"), "select_all": lang() == "en"}
chosen = left.multiselect(t("chain"), ids, default=ids, format_func=chain_names.get, key=f"gap_chains_{lang()}",
                          **words)
stages = right.multiselect(t("stage"), list(STAGES), default=list(STAGES), format_func=stage_names.get,
                           key=f"gap_stages_{lang()}", **words)


# the tables' columns after chain and segment (name -> label key); the weak links' placements and reasons follow
GAP_COLUMNS = {"severity": "severity", "key_tech": "key_tech",
               "downstream_segments": "downstream_segments", "other_firms": "other_firms", "reasons": "reasons"}
WEAK_COLUMNS = {"score": "score", "key_tech": "key_tech", "local_firms": "local_firms", "hhi": "hhi",
                "top_share": "top_share", "support_rate": "support_rate"}


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
        gap_frames.append(with_reasons(result.gaps, data).assign(chain=name))
        weak = with_reasons(result.weak_links, data).assign(chain=name)
        if "memberships_reviewed" in weak:   # a classified dataset: the segment's local placements reviewed / proposed
            weak["placements"] = [t("memberships_reviewed", reviewed=a, proposed=b) for a, b in
                                  zip(weak["memberships_reviewed"], weak["memberships_proposed"], strict=True)]
        weak_frames.append(weak)
    gaps = pd.concat(gap_frames, ignore_index=True) if gap_frames else pd.DataFrame()
    weak = pd.concat(weak_frames, ignore_index=True) if weak_frames else pd.DataFrame()
    name_col = "name_en" if lang == "en" else "name"
    if not gaps.empty:
        gaps = localise(gaps[gaps["stage"].isin(stages)].sort_values("severity", ascending=False),
                        {"chain": "chain", name_col: "segment", **GAP_COLUMNS})
    if not weak.empty:
        provenance = {"placements": "provenance_col"} if "placements" in weak else {}
        weak = localise(weak[weak["stage"].isin(stages)].sort_values("score", ascending=False),
                        {"chain": "chain", name_col: "segment", **WEAK_COLUMNS, **provenance, "reasons": "reasons"})
    workbook = xlsx_bytes({t("gaps_count"): gaps, t("weak_count"): weak}, caption=f"{data.meta.name} · {t('page_gaps')}")
    return gaps, weak, workbook


gaps, weak, workbook = tables(source, tuple(chosen), tuple(stages), lang())
for title, frame, columns, score in (("gaps_table", gaps, GAP_COLUMNS, None),
                                     ("weak_table", weak, WEAK_COLUMNS, "weak")):
    st.subheader(t(title))
    if frame.empty:
        st.info(t("none_found"))
        continue
    # the grid holds the numbers; the reasons (and on a classified dataset how many placements a person reviewed),
    # hidden there, are read in full under it
    why = frame[t("reasons")]
    if t("provenance_col") in frame:
        why = why + " · " + t("provenance_col") + ("：" if lang() == "zh" else ": ") + frame[t("provenance_col")]
    table(frame, column_config={**grid_config({"chain": "chain", "segment": "segment", **columns}, score=score),
                                **hidden("reasons", "provenance_col")})
    why_panel(frame[t("chain")] + " · " + frame[t("segment")], why, key=f"why_{title}")
st.download_button(t("download_xlsx"), workbook, file_name="gaps_weak_links.xlsx", mime=XLSX_MIME)
