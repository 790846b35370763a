"""产业链图谱 Chain map: segments upstream -> downstream coloured by status, or the firm network."""
import streamlit as st

from graph.analysis.firms import local_firm_ids, segment_firms
from graph.analysis.summary import segment_facts, segment_status
from graph.build import chain_firm_graph
from graph.picture import chain_map_picture
from graph.viz import chain_map_html, firm_network_html
from views.brief_buttons import brief_buttons
from views.language import lang, t
from views.reasons import tags_text
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import chain_picker, firm_dataframe, map_graph, size_basis_note, vis_src

MAX_FIRMS, DEFAULT_FIRMS = 5000, 2000   # firm networks are laid out on the server and drawn at once (bench/render.py)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=BY_KEY)
def firm_network(source: Source, chain_id: str, only: str | None, limit: int, language: str) -> tuple[str, str]:
    """The firm network page of a chain's local firms (of one segment when ``only``), cached per data source."""
    data = source.facts
    return firm_network_html(chain_firm_graph(data, chain_id), local_firm_ids(data, chain_id, only),
                             max_nodes=limit, lang=language, vis_src=vis_src())


source = page_header("page_chain_map")
data = source.facts
chain_id = chain_picker(data)
result = chain_analysis(source, chain_id)
if result.provenance:   # a classified dataset: how many of the chain's memberships a person reviewed
    st.caption(f"{t('provenance_col')}: " + t("memberships_reviewed", reviewed=result.provenance["memberships_reviewed"],
                                               proposed=result.provenance["memberships_proposed"]))
mode = st.radio(t("view_mode"), ["segments", "firms"], horizontal=True,
                format_func=lambda m: t("view_segments" if m == "segments" else "view_firms"))
order = list(result.segments["segment_id"])
seg_name = dict(zip(result.segments["segment_id"], result.segments["name_en" if lang() == "en" else "name"],
                    strict=True))

if mode == "segments":
    status = segment_status(result)
    st.iframe(chain_map_html(map_graph(data), chain_id, status=status, facts=segment_facts(result, lang()),
                             lang=lang(), vis_src=vis_src()), height=700)
    chain, language = data.chain_map(chain_id), lang()
    png, svg, note = st.columns([1, 1, 3])
    png.download_button(t("download_png"), data=lambda: chain_map_picture(chain, status, lang=language),
                        file_name=f"{chain_id}.png", mime="image/png", key="picture_png")
    svg.download_button(t("download_svg"), data=lambda: chain_map_picture(chain, status, lang=language, fmt="svg"),
                        file_name=f"{chain_id}.svg", mime="image/svg+xml", key="picture_svg")
    note.caption(t("picture_note"))
    brief_buttons(source, chain_id, result)
    if any(n["code"] == "note_no_lq_reference" for n in result.notes):   # no benchmark: no segment is a strength
        st.caption(t("no_lq_reference"))
    segment = st.selectbox(t("pick_segment"), order, format_func=seg_name.get)
    frame = segment_firms(data, chain_id, segment)
    frame["tags"] = frame["tags"].map(tags_text)
    st.subheader(t("segment_firms", segment=seg_name[segment]))
    firm_dataframe(frame, {"name": "firm_name", "local": "local", "province": "province",
                           "city": "city", "size": "size_on_basis", "tags": "tags"})
    if not frame.empty:   # one basis for the whole list: revenue, or registered capital in a registration export
        size_basis_note(frame["size_basis"].iloc[0])
else:
    st.caption(t("firm_view_note"))
    left, right = st.columns(2)
    only = left.selectbox(t("filter_segment"), [None, *order], format_func=lambda s: t("all_segments") if s is None
                          else seg_name[s])
    limit = right.slider(t("max_nodes"), 50, MAX_FIRMS, DEFAULT_FIRMS, step=50)
    page, note = firm_network(source, chain_id, only, limit, lang())
    if note:
        st.info(note)
    st.caption(t("zoom_hint"))
    st.iframe(page, height=660)
