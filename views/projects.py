"""项目 Projects: pipeline by stage (谋划/储备/开工/竣工) per chain and segment; which gaps have projects."""
import streamlit as st

from graph.analysis.projects import chain_projects
from graph.charts import bar_chart
from graph.model import PROJECT_STAGES
from views.language import lang, t
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import chain_picker, firm_dataframe, svg_chart

source = page_header("page_projects")
data = source.facts
chain_id = chain_picker(data)
result = chain_analysis(source, chain_id)
name_key = "name_en" if lang() == "en" else "name"
pipeline = result.pipeline


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_KEY)
def pipeline_chart(source: Source, chain_id: str, lang: str) -> str:
    """The pipeline as stacked bars by stage, one row per segment, once per data key, chain and language."""
    return bar_chart(list(pipeline[name_key]), {stage: list(pipeline[stage]) for stage in PROJECT_STAGES},
                     stacked=True, axis_label=t("projects"))


st.subheader(t("pipeline"))
svg_chart(pipeline_chart(source, chain_id, lang()))
st.dataframe(pipeline[[name_key, *PROJECT_STAGES, "projects", "investment"]].rename(
                 columns={name_key: t("segment"), "projects": t("projects"), "investment": t("investment")}),
             hide_index=True, width="stretch")

st.subheader(t("gap_projects"))
gaps = result.gap_projects
if gaps.empty:
    st.info(t("none_found"))
else:
    st.dataframe(gaps[[name_key, *PROJECT_STAGES, "projects", "has_project"]].rename(
        columns={name_key: t("segment"), "projects": t("projects"), "has_project": t("has_project")}),
        hide_index=True, width="stretch")

st.subheader(t("project_list"))
projects = chain_projects(data, chain_id)
names = dict(zip(result.segments["segment_id"], result.segments[name_key], strict=True))
firm_names = data.firms.set_index("firm_id")["name"]
projects = projects.assign(segment=projects["segment_id"].map(names),
                           firm_name=projects["firm_id"].map(firm_names))
firm_dataframe(projects, {"project_id": "project_id", "name": "project_name", "segment": "segment", "city": "city",
                          "stage": "stage", "investment": "investment", "firm_id": "firm_id",
                          "firm_name": "firm_name"}, name="firm_name")
