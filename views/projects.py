"""项目 Projects: pipeline by stage (谋划/储备/开工/竣工) per chain and segment; which gaps have projects."""
import streamlit as st

from graph.analysis.projects import chain_projects
from graph.charts import bar_chart
from graph.messages import stage_label
from graph.model import PROJECT_STAGES
from views.language import lang, t
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import LINK_TEXT, chain_picker, firm_dataframe, svg_chart

source = page_header("page_projects")
data = source.facts
chain_id = chain_picker(data)
result = chain_analysis(source, chain_id)
name_key = "name_en" if lang() == "en" else "name"
pipeline = result.pipeline
stages = {stage: stage_label(stage, lang()) for stage in PROJECT_STAGES}   # 谋划 -> Planning in English


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_KEY)
def pipeline_chart(source: Source, chain_id: str, lang: str) -> str:
    """The pipeline as stacked bars by stage, one row per segment, once per data key, chain and language."""
    return bar_chart(list(pipeline[name_key]), {stages[stage]: list(pipeline[stage]) for stage in PROJECT_STAGES},
                     stacked=True, axis_label=t("projects"), width=600)


st.subheader(t("pipeline"))
svg_chart(pipeline_chart(source, chain_id, lang()))
# fits a 1024-px laptop in both languages: long segment names are cut in the grid (the chart above shows them)
st.dataframe(pipeline[[name_key, *PROJECT_STAGES, "projects", "investment"]].rename(
                 columns={name_key: t("segment"), **stages, "projects": t("total"), "investment": t("compare_investment")}),
             hide_index=True, width="stretch", placeholder="—",
             column_config={t("segment"): st.column_config.TextColumn(width=130)})

st.subheader(t("gap_projects"))
gaps = result.gap_projects
if gaps.empty:
    st.info(t("none_found"))
else:
    gaps = gaps.assign(has_project=gaps["has_project"].map({True: t("yes"), False: t("no")}))   # not true/false
    st.dataframe(gaps[[name_key, *PROJECT_STAGES, "projects", "has_project"]].rename(
        columns={name_key: t("segment"), **stages, "projects": t("projects"), "has_project": t("gap_has_project")}),
        hide_index=True, width="stretch", placeholder="—")

st.subheader(t("project_list"))
projects = chain_projects(data, chain_id)
names = dict(zip(result.segments["segment_id"], result.segments[name_key], strict=True))
firm_names = data.firms.set_index("firm_id")["name"]
# the list fits the 564-px column of a 1024-px laptop: names wrap in rows of three lines, the project id is hidden
# (the grid's column button shows it), the firm's name links to its profile; a project without a firm shows —
projects = projects.assign(segment=projects["segment_id"].map(names), stage=projects["stage"].map(stages),
                           firm_name=projects["firm_id"].map(firm_names))
firm_dataframe(projects, {"project_id": "project_id", "name": "project_name", "segment": "segment", "city": "city",
                          "stage": "stage", "investment": "investment", "firm_name": "firm_name"}, name="firm_name",
               column_config={t("project_id"): {"hidden": True},
                              t("project_name"): st.column_config.TextColumn(width=110),
                              t("segment"): st.column_config.TextColumn(width=96),
                              t("city"): st.column_config.TextColumn(width=64),
                              t("stage"): st.column_config.TextColumn(t("compare_project_stage"), width=72),
                              t("investment"): st.column_config.NumberColumn(t("compare_investment"), width=96),
                              t("firm_name"): st.column_config.LinkColumn(t("firm_name"), display_text=LINK_TEXT,
                                                                         width=110)},
               row_height=66, placeholder="—")
