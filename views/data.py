"""数据 Data: choose a shipped example dataset (data/demo, data/demo-registry); one path from a file to the
analysis (views.registry_flow: a firm registry → proposals → review → analyse → the results, or a complete
dataset → validation → analyse); the reference pool; load into Neo4j; download the 一图N清单 workbook."""
import io
from pathlib import Path

import streamlit as st

from views.language import lang, md, t
from views.plan import plan_table
from views.registry_flow import registry_flow
from views.source import (
    DEFAULT_DATA,
    POOL_AUTO,
    POOL_NONE,
    ROOT,
    base_folder,
    files_source,
    neo4j_settings,
    neo4j_store,
    page_header,
    pool_choice,
    reference_pool,
)
from views.widgets import XLSX_MIME

# the example datasets shipped in data/: label key -> folder
EXAMPLES = {"example_demo": ROOT / "data" / "demo", "example_demo_registry": ROOT / "data" / "demo-registry"}


def example_of(folder) -> str | None:
    """The label key of the example dataset at ``folder``, None for any other folder."""
    folder = Path(folder).resolve()
    return next((k for k, f in EXAMPLES.items() if f.resolve() == folder), None)


def use_example(widget: str) -> None:
    """Switch the session to the example chosen in ``widget`` the way an upload does (``upload_path``); the default
    folder read from files needs none. The year and a pending upload check belong to the data left."""
    choice = st.session_state.get(widget)
    if choice is None:
        return
    folder = EXAMPLES[choice]
    if folder.resolve() == DEFAULT_DATA.resolve() and not neo4j_settings().get("NEO4J_URI"):
        st.session_state.pop("upload_path", None)
    else:
        st.session_state["upload_path"] = str(folder)
    for stale in ("year", "last_check", "link_unknown", "flow_done"):
        st.session_state.pop(stale, None)


def example_picker() -> str | None:
    """A selectbox of the shipped example datasets; returns the current one's label key (None: other data)."""
    shown = [k for k, f in EXAMPLES.items() if (f / "dataset.yaml").is_file()]
    current = example_of(base_folder()) if files_source() else None
    widget = f"example_dataset_{lang()}"   # the options' labels follow the language switch
    labels = {k: t(k) for k in shown}
    st.selectbox(t("example_datasets"), shown, index=shown.index(current) if current in shown else None,
                 format_func=labels.__getitem__, placeholder=t("example_none"), help=t("example_help"), key=widget,
                 on_change=use_example, args=(widget,))
    return current


source = page_header("page_data")
data = source.facts
st.caption(f"{t('current_dataset')}: " + " · ".join(md(v) for v in (data.meta.name, data.meta.region,
                                                                  data.meta.chain_set, data.meta.year) if v))
example = example_picker()
if st.session_state.get("upload_path"):
    st.success(t("using_example", name=t(example)) if example else t("using_upload"))
    if st.button(t("back_to_default")):
        for stale in ("upload_path", "year", "link_unknown", "flow_done"):
            st.session_state.pop(stale, None)
        st.rerun()


def pool_section(data) -> None:
    """Which reference pool fills attraction targets: automatic, none, or the session's own."""
    st.markdown(f"#### {t('pool_title')}")
    st.caption(t("pool_intro"))
    own = pool_choice() not in (POOL_AUTO, POOL_NONE)
    options = [POOL_AUTO, POOL_NONE] + ([pool_choice()] if own else [])
    labels = {POOL_AUTO: t("pool_auto"), POOL_NONE: t("pool_none")}
    # the widget has a key of its own: Streamlit forgets a widget's state on pages that do not draw it
    st.session_state["pool_widget"] = pool_choice()
    st.radio(t("pool_choice"), options, key="pool_widget", format_func=lambda o: labels.get(o) or t(
        "pool_own", name=md(reference_pool(o).name)),
        on_change=lambda: st.session_state.update(pool=st.session_state["pool_widget"]))
    used = source.pool
    st.info(t("pool_in_use", name=md(used.name), firms=len(used.facts.firms)) if used else t("pool_not_in_use"))


registry_flow(data.meta.region or "山东省")
pool_section(data)

if neo4j_settings().get("NEO4J_URI") and st.session_state.get("upload_path") and st.button(t("load_neo4j")):
    from graph.io import read_dataset

    bar = st.progress(0.0)
    dataset = read_dataset(st.session_state["upload_path"])
    done = [0]

    def advance(rows, total):
        done[0] += rows
        bar.progress(min(1.0, done[0] / total))

    counts = neo4j_store(neo4j_settings()["NEO4J_URI"]).load(dataset, on_batch=advance)
    st.success(t("loaded_neo4j", counts=counts))

st.markdown(f"#### {t('report_download')}")
if st.button(t("make_report")):
    from graph.analysis.summary import analyze
    from graph.report import report_tables, write_workbook

    with st.spinner("…"):
        current = data
        buffer = io.BytesIO()
        caption = f"{current.meta.name} · {current.meta.region}"
        write_workbook(report_tables(current, analyze(current), plan=plan_table(current), lang=lang()), buffer,
                       caption=caption)
    st.download_button(t("report_download"), buffer.getvalue(), file_name=t("report_file"), mime=XLSX_MIME)
