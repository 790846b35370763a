"""数据 Data: upload a dataset, see the validation report, use it for the session, load it into Neo4j,
download the 一图N清单 workbook."""
import io
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
import yaml

from graph.io import DataError, check_dataset, stage_upload
from views.common import XLSX_MIME, lang, neo4j_settings, page_header, plan_table, t

MAX_UPLOAD_MB = 50

data, key = page_header("page_data")
st.caption(f"{t('current_dataset')}: {data.meta.name} · {data.meta.region} · {data.meta.chain_set}")
if st.session_state.get("upload_path"):
    st.success(t("using_upload"))
    if st.button(t("back_to_default")):
        st.session_state.pop("upload_path")
        st.rerun()

st.markdown(f"#### {t('upload')}")
st.caption(t("upload_intro"))
uploads = st.file_uploader(t("upload"), type=["csv", "zip", "xlsx", "yaml", "yml"], accept_multiple_files=True,
                           label_visibility="collapsed")
c1, c2, c3 = st.columns(3)
meta_name = c1.text_input(t("meta_name"), value="上传数据集")
meta_region = c2.text_input(t("meta_region"), value=data.meta.region or "山东省")
meta_chains = c3.text_input(t("meta_chain_set"), value="shandong-2022")


def issue_table(issues) -> pd.DataFrame:
    return pd.DataFrame([{t("level"): ("错误" if i.level == "error" else "警告") if lang() == "zh" else i.level,
                          t("file"): i.file, t("row"): str(i.row or ""), t("column"): i.column or "",
                          t("message"): i.message(lang())}
                         for i in issues])


if uploads and st.button(t("validate"), type="primary"):
    folder = Path(tempfile.mkdtemp(prefix="chain-explorer-upload-"))
    try:
        stage_upload([(u.name, u.getvalue()) for u in uploads], folder, max_total_mb=MAX_UPLOAD_MB)
        if not (folder / "dataset.yaml").exists():
            meta = {"name": meta_name, "region": meta_region, "chain_set": meta_chains, "synthetic": False}
            (folder / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        dataset, issues = check_dataset(folder)
    except DataError as exc:
        dataset, issues = None, exc.issues
    st.session_state["last_check"] = (str(folder) if dataset else None, issues,
                                      (len(dataset.firms), len(dataset.supply), len(dataset.projects)) if dataset else None)

if "last_check" in st.session_state:
    folder, issues, sizes = st.session_state["last_check"]
    if folder:
        st.success(t("validation_ok", firms=sizes[0], supply=sizes[1], projects=sizes[2]))
    else:
        st.error(t("validation_failed", errors=sum(i.level == "error" for i in issues)))
    if issues:
        st.markdown(f"**{t('issues')}**")
        st.dataframe(issue_table(issues), hide_index=True, width="stretch")
    if folder and st.button(t("use_dataset")):
        st.session_state["upload_path"] = folder
        st.session_state.pop("last_check")
        st.rerun()

if neo4j_settings().get("NEO4J_URI") and st.session_state.get("upload_path") and st.button(t("load_neo4j")):
    from graph.io import read_dataset
    from views.common import neo4j_store

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
    st.download_button(t("report_download"), buffer.getvalue(), file_name="一图N清单.xlsx", mime=XLSX_MIME)
