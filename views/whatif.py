"""韧性推演 What-if: remove firms or a city; segments that become gaps and firms cut off, on the map and as tables."""
import streamlit as st

from graph.analysis.firms import chain_cities, chain_firm_rows
from graph.analysis.reasons import render_reason
from graph.analysis.resilience import what_if
from graph.analysis.summary import segment_facts, segment_status
from graph.messages import listed
from graph.viz import chain_map_html
from views.language import lang, md, t
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import chain_picker, firm_dataframe, map_graph, segment_names, vis_src


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs=BY_KEY)
def scenario(source: Source, chain_id: str, removed: tuple[str, ...], city: str | None, lang: str) -> tuple[dict, str]:
    """The what-if outcome and its chain map (HTML), computed once per data key, scenario and language."""
    data = source.facts
    result = chain_analysis(source, chain_id)
    outcome = what_if(data, chain_id, remove_firms=removed, remove_city=city)
    status = segment_status(result)
    status.update(dict.fromkeys(outcome["new_gaps"], "lost"))
    status.update(dict.fromkeys(outcome["cascade_gaps"], "lost_cascade"))
    page = chain_map_html(map_graph(data), chain_id, status=status, facts=segment_facts(result, lang), lang=lang,
                          vis_src=vis_src())
    return outcome, page


source = page_header("page_whatif")
data = source.facts
st.caption(t("whatif_intro"))
chain_id = chain_picker(data)
result = chain_analysis(source, chain_id)
names = dict(zip(result.leaders["firm_id"], result.leaders["name"], strict=True))
mode = st.radio(t("remove_what"), ["firms", "city"], horizontal=True, key=f"whatif_mode_{lang()}",
                format_func=lambda m: t("remove_firms" if m == "firms" else "remove_city"))
if mode == "firms":
    options = list(result.leaders["firm_id"])
    # start from a single point of failure when the chain has one: the what-if then shows something
    spof = [r["firm_id"] for reasons in result.weak_links["reasons"] for r in reasons if r["code"] == "single_local_supplier"]
    # Streamlit's own "Select all" is English: shown in English only
    removed = st.multiselect(t("pick_firms"), options, default=spof[:1] or options[:1],
                             format_func=lambda f: f"{names[f]} ({f})", placeholder=t("choose_options"),
                             select_all=lang() == "en")
    outcome, page = scenario(source, chain_id, tuple(sorted(removed)), None, lang())
else:
    city = st.selectbox(t("pick_city"), chain_cities(data, chain_id))
    outcome, page = scenario(source, chain_id, (), city, lang())
if not outcome["supply_present"]:
    st.warning(render_reason({"code": "note_no_supply_whatif"}, lang()))

st.info(t("whatif_summary", gaps=len(outcome["new_gaps"]), cascade=len(outcome["cascade_gaps"]),
          cut=len(outcome["cut_off"]), failed=len(outcome["failed"]), rounds=outcome["rounds"]))
st.caption(t("removed_count", n=len(outcome["removed"])))
st.iframe(page, height=680)

seg_name = segment_names(data, chain_id)
for title, segments in (("new_gaps", outcome["new_gaps"]), ("cascade_gaps", outcome["cascade_gaps"])):
    names = listed((md(seg_name[s]) for s in segments), lang()) or t("none_found")
    st.markdown(f"**{t(title)}**（{len(segments)}）：{names}" if lang() == "zh"
                else f"**{t(title)}** ({len(segments)}): {names}")


def firm_rows(firm_ids, rounds=None) -> None:
    frame = chain_firm_rows(data, chain_id, firm_ids, lang=lang())
    # names joined by 、 in Chinese only
    frame["segments"] = frame["segments"].map(lambda text: listed(text.split("、"), lang()))
    frame["round"] = frame["firm_id"].map(rounds or {})
    columns = {"firm_id": "firm_id", "name": "firm_name", "city": "city", "segments": "segments"}
    firm_dataframe(frame, {**columns, "round": "round"} if rounds else columns)


st.markdown(f"**{t('cut_off')}**")
firm_rows(outcome["cut_off"])
st.markdown(f"**{t('failed')}**")
firm_rows(list(outcome["failed"]), outcome["failed"])
