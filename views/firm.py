"""企业画像 Firm profiles: search firms by name, pinyin initials, credit code or id; ``/firm?id=<firm_id>``
opens one firm: its facts, segments and roles per chain, partners, the gaps it could fill, what losing it
would break, and its projects."""
import pandas as pd
import streamlit as st

from graph.analysis.firms import firm_info
from graph.analysis.profile import (
    firm_chains,
    firm_partners_all,
    firm_projects,
    firm_roles,
    firm_targets,
    loss_effects,
)
from graph.messages import listed, stage_label, tag_label
from graph.search import FirmIndex, build_index, search
from views.brief_buttons import firm_brief_buttons
from views.columns import grid_config
from views.language import lang, md, t
from views.reasons import MISSING, hidden, why_panel
from views.risk_common import firm_risk_section
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import chain_name, firm_dataframe, localise, segment_names, table, with_reasons


@st.cache_resource(show_spinner=False, max_entries=4, hash_funcs=BY_KEY)
def firm_index(source: Source) -> FirmIndex:
    """The search index of the current data, built once per data key and shared by all sessions."""
    data = source.facts
    return build_index(data.firms)


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs=BY_KEY)
def profile(source: Source, firm_id: str) -> dict:
    """Everything the profile shows, computed once per data key and firm."""
    data = source.facts
    results = {c: chain_analysis(source, c) for c in firm_chains(data, firm_id)}
    return {"info": firm_info(data, firm_id), "roles": firm_roles(data, firm_id, results),
            "targets": firm_targets(firm_id, results),
            "suppliers": firm_partners_all(data, firm_id, direction="suppliers"),
            "customers": firm_partners_all(data, firm_id, direction="customers"),
            "loss": loss_effects(data, firm_id), "projects": firm_projects(data, firm_id)}


def project_stage(stage) -> str:
    """A project's stage (谋划/储备/开工/竣工) in the current language; another value as given."""
    return stage_label(stage, lang())


def role_text(row, seg_name: dict[str, str]) -> str:
    parts = []
    if row.leader_rank is not None and not pd.isna(row.leader_rank):
        parts.append(t("role_leader", rank=int(row.leader_rank), n=row.leaders_ranked))
    if row.key_supplier_rank is not None and not pd.isna(row.key_supplier_rank):
        parts.append(t("role_key_supplier", rank=int(row.key_supplier_rank)))
    if row.local_customers:
        parts.append(t("role_local_customers", n=row.local_customers))
    if row.sole_supplier_of:
        parts.append(t("role_sole_supplier", n=row.sole_supplier_of))
    if row.sole_supplier_weak:
        parts.append(t("role_sole_weak", segments=listed((seg_name[s] for s in row.sole_supplier_weak), lang())))
    return ("；" if lang() == "zh" else "; ").join(parts) if parts else t("role_none")


def partner_table(title: str, frame: pd.DataFrame) -> None:
    st.markdown(f"**{title}**")
    st.caption(t("partners_count", local=int(frame["local"].sum()), other=int((~frame["local"].astype(bool)).sum())))
    if frame.empty:
        return
    frame = frame.assign(local=frame["local"].map(lambda v: t("local_firm") if v else t("non_local_firm")),
                         chains=frame["chains"].map(lambda cs: listed((chain_name(data, c) for c in cs), lang())))
    firm_dataframe(frame, {"name": "firm_name", "local": "local_or_not", "province": "province", "city": "city",
                           "chains": "chains_in", "amount": "amount"})


def show_profile(firm_id: str) -> None:
    found = profile(source, firm_id)
    info = found["info"]
    st.header(md(info["name"]))
    where = " · ".join(md(v) for v in (info["province"], info["city"]) if v)
    kind = t("local_firm") if info["local"] else t("non_local_firm")
    st.caption(f"{md(firm_id)} · {kind} · {where}"
               + (f" · {t('credit_code')} {md(info['uscc'])}" if info["uscc"] else ""))
    code = data.firm_code.get_loc(firm_id)
    capital, employees = (data.firms[c].iat[code] for c in ("registered_capital", "employees"))
    # side by side, the next one on a new line when a label would not fit (a 1024-px laptop)
    with st.container(horizontal=True, wrap=True, gap="large"):
        for key, value in (("revenue", info["revenue"]), ("registered_capital", capital), ("employees", employees)):
            st.metric(t(key), "-" if value is None or pd.isna(value) else f"{value:,.0f}", width="content")
        st.metric(t("chains_in"), len(info["segments"]), width="content")
    if info["tags"]:
        st.markdown(f"{t('tags')}: " + " · ".join(md(tag_label(tag, lang())) for tag in info["tags"]))

    st.subheader(t("roles"))
    rows = []
    for row in found["roles"].itertuples():
        seg_name = segment_names(data, row.chain_id)
        rows.append({"chain": chain_name(data, row.chain_id), "segments": listed((seg_name[s] for s in row.segments), lang()),
                     "role": role_text(row, seg_name)})
    roles = localise(pd.DataFrame(rows, columns=["chain", "segments", "role"]),
                     {"chain": "chain", "segments": "segments", "role": "role"})
    table(roles, column_config=hidden("role"))   # the roles are read in full under the grid
    why_panel(roles[t("chain")], roles[t("role")], key="why_roles", title="roles_full")

    firm_risk_section(source, firm_id)
    firm_brief_buttons(source, firm_id, found["targets"], list(found["roles"]["chain_id"]))

    if not info["local"]:
        st.subheader(t("firm_targets"))
        targets = found["targets"]
        if targets.empty:
            st.info(t("none_found"))
        else:
            segment = "segment_name_en" if lang() == "en" else "segment_name"
            columns = {"chain": "chain", segment: "segment", "why": "why", "rank": "rank", "score": "score",
                       "reasons": "reasons"}
            targets = localise(with_reasons(targets, data).assign(
                chain=targets["chain_id"].map(lambda c: chain_name(data, c)),
                why=targets["why"].map(lambda w: t("why_gap" if w == "gap" else "why_weak"))), columns)
            table(targets, column_config={**grid_config(columns, score="target"), **hidden("reasons")})
            why_panel(targets[t("chain")] + " · " + targets[t("segment")], targets[t("reasons")],
                      key="why_firm_targets")

    partner_table(t("suppliers"), found["suppliers"])   # one under the other: each keeps its columns at 1024 px
    partner_table(t("customers"), found["customers"])

    st.subheader(t("firm_loss"))
    st.caption(t("firm_loss_note"))
    loss = found["loss"]
    summary, affected = [], []
    for row in loss.itertuples():
        seg_name = segment_names(data, row.chain_id)
        chain = chain_name(data, row.chain_id)
        summary.append({"chain": chain, "new_gaps": listed((seg_name[s] for s in row.new_gaps), lang()),
                        "cascade_gaps": listed((seg_name[s] for s in row.cascade_gaps), lang()),
                        "cut_off": len(row.cut_off), "failed": len(row.failed)})
        affected += [{"chain": chain, "firm_id": f, "effect": t("effect_cut_off")} for f in row.cut_off]
        affected += [{"chain": chain, "firm_id": f, "effect": t("effect_failed")} for f in row.failed]
    columns = {"chain": "chain", "new_gaps": "new_gaps", "cascade_gaps": "cascade_gaps", "cut_off": "cut_off_count",
               "failed": "failed_count"}
    table(localise(pd.DataFrame(summary, columns=list(columns)), columns), column_config=grid_config(columns))
    if affected:
        affected = pd.DataFrame(affected)
        names = data.firms["name"].to_numpy()[data.codes(affected["firm_id"])]
        st.markdown(f"**{t('affected_firms')}**")
        firm_dataframe(affected.assign(name=names), {"chain": "chain", "name": "firm_name", "effect": "effect"})

    st.subheader(t("firm_projects"))
    projects = found["projects"]
    if projects.empty:
        st.info(t("none_found"))
    else:
        projects = projects.assign(chain=projects["chain_id"].map(lambda c: chain_name(data, c)),
                                   segment=[segment_names(data, c)[s] for c, s in
                                            zip(projects["chain_id"], projects["segment_id"], strict=True)],
                                   stage=projects["stage"].map(project_stage))
        columns = {"project_id": "project_id", "name": "project_name", "chain": "chain", "segment": "segment",
                   "city": "city", "stage": "project_stage", "investment": "investment"}
        table(localise(projects, columns), column_config=grid_config(columns))


source = page_header("page_firm")
data = source.facts
query = st.text_input(t("firm_search"), key="firm_query", placeholder=t("firm_search_help"))
chosen = st.query_params.get("id")
if "name" in st.query_params:   # the display text links carry (see views.widgets.firm_url)
    del st.query_params["name"]
if query.strip():
    hits = search(firm_index(source), query, limit=20)
    if hits.empty:
        st.warning(t("firm_not_found", query=md(query.strip())))
        chosen = None
    else:
        city = data.firms["city"].to_numpy()[hits["row"].to_numpy()]
        labels = {f: f"{n} · {c or MISSING} · {f}" for f, n, c in zip(hits["firm_id"], hits["name"], city, strict=True)}
        options = list(labels)
        chosen = st.selectbox(t("search_results", n=len(options)), options, format_func=labels.get,
                              key=f"firm_pick_{query}")
        st.query_params["id"] = chosen
if not chosen:
    st.caption(t("firm_hint"))
elif chosen not in data.firm_code:
    st.error(t("unknown_firm", firm_id=chosen))
else:
    show_profile(chosen)
