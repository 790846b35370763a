"""链主企业 Leaders & firm profile: the ranking with every component and the size basis it uses (ties shown as
ties; a chain with nothing to rank by says so and lists its 链主-tagged firms), key supporting firms, and a
firm's segments, tags, suppliers, customers, ego network and matching SMEs (融链固链)."""
import streamlit as st

from graph.analysis.firms import firm_info, firm_partners
from graph.analysis.plan import carries_tags
from graph.analysis.reasons import reason, render_reason
from graph.analysis.size import basis_label
from graph.analysis.sme import sme_matches
from graph.build import ego_graph
from graph.messages import listed
from graph.viz import ego_network_html
from views.language import lang, md, t
from views.links import firm_link_params
from views.reasons import hidden, tags_text, why_panel
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import chain_picker, firm_dataframe, lazy_expander, segment_names, vis_src, with_reasons

source = page_header("page_leaders")
data = source.facts
chain_id = chain_picker(data)
result = chain_analysis(source, chain_id)
names = dict(zip(result.leaders["firm_id"], result.leaders["name"], strict=True))
seg_name = segment_names(data, chain_id)

st.subheader(t("leaders_table"))
basis = result.leader_basis
agreement = result.leader_agreement
if not basis.get("rankable", True):
    # nothing to rank by: say so and what would be needed; list the firms tagged 链主, unranked
    st.warning(render_reason(reason("note_leaders_unrankable"), lang()))
    tagged = with_reasons(result.leaders, data)
    firm_dataframe(tagged, {"firm_id": "firm_id", "name": "firm_name", "city": "city", "tags": "tags",
                            "reasons": "reasons"}, column_config=hidden("reasons"))
    why_panel(tagged["name"], tagged["reasons"], key="why_leaders_unranked")
else:
    st.caption(t("size_basis_caption", basis=basis_label(basis["size_basis"], lang()) or t("size_basis_none"),
                 have=basis["firms_with"], lack=basis["firms_without"]))
    if agreement["tagged"] and agreement["precision_at_k"] is not None:
        st.caption(t("agreement", k=agreement["k"], hit=agreement["in_top_k"],
                     share=f"{agreement['precision_at_k']:.0%}"))
    leaders = with_reasons(result.leaders.head(50), data)
    tied = leaders["rank"].duplicated(keep=False)
    leaders["rank_shown"] = [t("rank_tied", rank=r) if tie else str(r)
                             for r, tie in zip(leaders["rank"], tied, strict=True)]
    if tied.any():
        st.caption(t("ties_note"))
    # two views of the ranking, each fitting 1024 px: who the leaders are, and what their score is made of
    rank = {"rank_shown": "rank", "name": "firm_name"}
    wide_rank = {t("rank"): st.column_config.Column(t("rank"), width=72)}   # room for "3 (tied)"
    views = {"ranking": t("leaders_tab_ranking"), "parts": t("leaders_tab_parts")}   # one grid drawn at a time
    view = st.radio(t("view_mode"), list(views), format_func=views.get, horizontal=True, key=f"leaders_view_{lang()}",
                    label_visibility="collapsed")
    if view == "ranking":
        firm_dataframe(leaders, {**rank, "city": "city", "score": "score", "size": "size_on_basis", "tags": "tags",
                                 "reasons": "reasons"},
                       score="leader", column_config={**wide_rank, **hidden("reasons")})
    else:
        firm_dataframe(leaders, {**rank, "revenue_share": "size_share", "pagerank_integrator": "pagerank_integrator",
                                 "pagerank_supplier": "pagerank_supplier", "local_partners": "local_partners",
                                 "segments_covered": "segments_covered", "tag_score": "tag_score"},
                       column_config=wide_rank)
    why_panel(leaders["rank_shown"] + ". " + leaders["name"], leaders["reasons"], key="why_leaders")

st.subheader(t("key_suppliers"))
suppliers = with_reasons(result.key_suppliers, data)
firm_dataframe(suppliers, {
    "rank": "rank", "name": "firm_name", "city": "city", "score": "score",
    "local_customers": "local_customers", "leaders_supplied": "leaders_supplied",
    "sole_supplier_of": "sole_supplier_of", "reasons": "reasons"}, score="supplier", column_config=hidden("reasons"))
why_panel(suppliers["rank"].astype(str) + ". " + suppliers["name"], suppliers["reasons"], key="why_key_suppliers")

st.subheader(t("firm_profile"))
options = list(result.leaders["firm_id"])
if not options:
    st.info(t("none_found"))
    st.stop()
firm_id = st.selectbox(t("pick_firm"), options, format_func=lambda f: f"{names[f]} ({f})")
firm = firm_info(data, firm_id)
st.markdown(f"**{md(firm['name'])}** · {md(firm_id)} · {md(firm['city'] or firm['province'])}")
st.caption(f"{t('segments')}: " + listed((seg_name[s] for s in firm["segments"].get(chain_id, [])), lang())
           + (f" · {t('tags')}: " + tags_text(firm["tags"]) if firm["tags"] else ""))
st.page_link("views/firm.py", label=t("open_profile"), query_params=firm_link_params(firm_id), icon="🔎")


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_KEY)
def firm_tables(source: Source, chain_id: str, firm_id: str) -> dict:
    """The firm's suppliers, customers and matching SMEs in the chain, once per data key, chain and firm
    (read-only; reasons stay structured, rendered per language below)."""
    data = source.facts
    return {"suppliers": firm_partners(data, chain_id, firm_id, direction="suppliers"),
            "customers": firm_partners(data, chain_id, firm_id, direction="customers"),
            "sme": sme_matches(data, chain_id, firm_id)}


tables = firm_tables(source, chain_id, firm_id)
st.markdown(f"**{t('ego_network')}**")


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_KEY)
def ego_network(source: Source, firm_id: str, lang: str) -> tuple[str, str | None]:
    """The firm's ego network as HTML, drawn once per data key, firm and language."""
    return ego_network_html(ego_graph(source.facts, firm_id), firm_id, lang=lang, vis_src=vis_src())


page, note = ego_network(source, firm_id, lang())
if note:
    st.info(note)
st.iframe(page, height=520)
# the same suppliers and customers as tables, built when opened (a rerun): the page draws the network first
counts = {d: len(tables[d]) for d in ("suppliers", "customers")}
box = lazy_expander(t("partner_tables", **counts), key="leaders_partner_tables")
if box.open:
    with box:
        for direction in ("suppliers", "customers"):   # one under the other: each keeps its columns at 1024 px
            st.markdown(f"**{t(direction)}**")
            firm_dataframe(tables[direction], {"firm_id": "firm_id", "name": "firm_name", "province": "province",
                                               "city": "city", "revenue": "revenue"})
st.markdown(f"**{t('sme_matches')}**")
matches = with_reasons(tables["sme"], data)
if matches.empty:
    st.info(t("none_found") if carries_tags(data) else t("sme_untagged"))   # a registration export tags no firm
else:
    seg = matches["segment_id"].map(seg_name)
    firm_dataframe(matches.assign(segment=seg), {
        "segment": "segment", "name": "firm_name", "city": "city", "tags": "tags",
        "leader_imports": "leader_imports", "local_customers": "local_customers", "reasons": "reasons"},
        column_config=hidden("reasons"))
    why_panel(matches["name"], matches["reasons"], key="why_sme")
