"""数据 Data: choose a shipped example dataset (data/demo, data/demo-registry), classify a firm registry
(proposals → review workbook or accept), upload a dataset, see the validation report, use it for the session,
load it into Neo4j, download the 一图N清单 workbook."""
import io
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from graph.io import DataError, check_dataset, stage_upload, write_meta
from views.language import lang, t
from views.plan import plan_table
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

MAX_UPLOAD_MB = 50
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
    for stale in ("year", "last_check"):
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
st.caption(f"{t('current_dataset')}: {data.meta.name} · {data.meta.region} · {data.meta.chain_set}"
           + (f" · {data.meta.year}" if data.meta.year else ""))
example = example_picker()
if st.session_state.get("upload_path"):
    st.success(t("using_example", name=t(example)) if example else t("using_upload"))
    if st.button(t("back_to_default")):
        st.session_state.pop("upload_path")
        st.rerun()

def issue_table(issues) -> pd.DataFrame:
    return pd.DataFrame([{t("level"): ("错误" if i.level == "error" else "警告") if lang() == "zh" else i.level,
                          t("file"): i.file, t("row"): str(i.row or ""), t("column"): i.column or "",
                          t("message"): i.message(lang())}
                         for i in issues])


# ---------------------------------------------------------------- from a firm registry
# this section's labels (views/labels.py holds the shared ones)
REGISTRY_LABELS = {
    "registry_title": ("从企业名录开始", "From your firm registry"),
    "registry_intro": ("上传企业名录（CSV 或 XLSX，表头如 企业名称、统一社会信用代码、所属省份、所属城市、行业、经营范围、"
                       "主营产品、营业收入）：按产业链图谱的行业代码、标签和关键词给出每家企业的环节建议，附置信度和依据。"
                       "也可上传审核后的工作簿（review.xlsx）。",
                       "Upload a firm registry (CSV or XLSX with headers such as 企业名称/name, 统一社会信用代码, province, "
                       "city, industry, 经营范围, 主营产品, revenue): each firm gets segment proposals from the chain maps' "
                       "industry codes, labels and keywords, with a confidence and a basis. A reviewed workbook "
                       "(review.xlsx) can be uploaded too."),
    "registry_file": ("企业名录或审核后的工作簿", "Registry or reviewed workbook"),
    "registry_region": ("本地省份", "Home province"),
    "registry_threshold": ("置信度阈值", "Confidence threshold"),
    "registry_classify": ("归类", "Classify"),
    "registry_summary": ("{firms} 家企业：{placed} 家归入产业链（{links} 条建议），{to_choose} 家产业链明确、环节待选，"
                         "{unplaced} 家未归入。",
                         "{firms} firms: {placed} placed on a chain ({links} proposals), {to_choose} with the chain "
                         "known and the segment to choose, {unplaced} not placed."),
    "registry_reviewed": ("已读取审核后的工作簿：{firms} 家企业，{links} 条环节归属。",
                          "Reviewed workbook read: {firms} firms, {links} memberships."),
    "registry_warnings": ("{n} 条警告", "{n} warning(s)"),
    "registry_download": ("下载审核工作簿", "Download the review workbook"),
    "registry_accept": ("采纳建议并分析", "Accept the proposals and analyse"),
    "registry_use_reviewed": ("使用审核结果并分析", "Use the reviewed dataset and analyse"),
    "registry_as_pool": ("用作参考库（招商对象来源）", "Use as the reference pool (where targets come from)"),
    "pool_title": ("参考库", "Reference pool"),
    "pool_intro": ("参考库是外省候选企业的名录（已归入环节）：数据集自身的外省企业不足时，由它补足缺链、弱链的招商对象，"
                   "排在数据集自身的候选之后，标明「来源：参考库」和归类依据；其企业不计入本地。内置全国参考库："
                   "公开工商登记数据（CC BY-NC-SA 4.0，截至 2019 年）中每个环节注册资本最大的 30 家外省企业，"
                   "见 data/reference/README.md。自己的参考库：在上方上传全国名录、归类后点「用作参考库」。",
                   "A reference pool is a list of candidate firms outside the region, placed on segments: when the "
                   "dataset's own non-local firms are too few, it fills the attraction targets of gaps and weak links, "
                   "listed after the dataset's own candidates, marked 'from the reference pool' with the basis of each "
                   "placement; its firms never count as local. The shipped national pool: per segment the 30 firms "
                   "outside Shandong with the largest registered capital in public registration data (CC BY-NC-SA 4.0, "
                   "up to 2019), see data/reference/README.md. Your own pool: upload a national registry above, "
                   "classify it, then 'Use as the reference pool'."),
    "pool_choice": ("招商对象的参考库", "Reference pool for attraction targets"),
    "pool_auto": ("自动：外省企业少于一成时用内置全国参考库", "Automatic: the shipped national pool when under a "
                                                          "tenth of the firms are non-local"),
    "pool_none": ("不用参考库", "No reference pool"),
    "pool_own": ("我的参考库：{name}", "My pool: {name}"),
    "pool_in_use": ("当前数据集的招商对象含参考库「{name}」（{firms} 家企业）", "Attraction targets of the current "
                    "dataset include the reference pool {name} ({firms} firms)"),
    "pool_not_in_use": ("当前数据集的招商对象只来自数据集自身", "Attraction targets of the current dataset come from "
                        "the dataset alone"),
    "registry_status": ("状态", "Status"),
    "col_name": ("企业名称", "Firm"), "col_chain": ("产业链", "Chain"), "col_segment": ("环节", "Segment"),
    "col_confidence": ("置信度", "Confidence"), "col_status": ("状态", "Status"), "col_basis": ("依据", "Basis"),
    "status_proposed": ("建议", "proposed"), "status_below_threshold": ("低于阈值", "below threshold"),
    "status_runner_up": ("次选", "runner-up"), "status_alternative": ("另一产业链", "on another chain"),
    "status_chain_only": ("环节待选", "segment to choose"),
}


def rt(key: str, **params) -> str:
    zh, en = REGISTRY_LABELS[key]
    text = en if lang() == "en" else zh
    return text.format(**params) if params else text


def registry_flow(region_default: str) -> None:
    """Upload a registry → proposals → download the review workbook, or accept → the session's dataset."""
    from graph.classify.output import write_classified
    from graph.classify.pipeline import apply_review, classify_registry
    from graph.classify.registry import MAX_REGISTRY_MB
    from graph.classify.review import is_review_workbook, write_review

    st.markdown(f"#### {rt('registry_title')}")
    st.caption(rt("registry_intro"))
    upload = st.file_uploader(rt("registry_file"), type=["csv", "xlsx"], key="registry_upload")
    c1, c2 = st.columns(2)
    region = c1.text_input(rt("registry_region"), value=region_default, key="registry_region")
    threshold = c2.slider(rt("registry_threshold"), 0.05, 0.95, 0.5, 0.05, key="registry_threshold")
    if upload is not None and st.button(rt("registry_classify"), type="primary"):
        st.session_state.pop("registry_result", None)
        folder = Path(tempfile.mkdtemp(prefix="chain-explorer-registry-"))
        path = folder / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            if len(upload.getvalue()) <= MAX_REGISTRY_MB * 1e6 and is_review_workbook(path):
                out, firms, links = apply_review(path, folder / "dataset", label=upload.name)
                st.session_state["registry_result"] = ("reviewed", str(out), (firms, links))
            else:
                result = classify_registry(path, region=region, threshold=threshold, label=upload.name,
                                           max_mb=MAX_REGISTRY_MB)
                st.session_state["registry_result"] = ("classified", str(folder), result)
        except DataError as exc:
            st.session_state["registry_result"] = ("error", None, exc.issues)
    if "registry_result" not in st.session_state:
        return
    kind, folder, payload = st.session_state["registry_result"]
    if kind == "error":
        st.error(t("validation_failed", errors=sum(i.level == "error" for i in payload)))
        st.dataframe(issue_table(payload), hide_index=True, width="stretch")
        return
    if kind == "reviewed":
        st.success(rt("registry_reviewed", firms=payload[0], links=payload[1]))
        c1, c2 = st.columns(2)
        if c1.button(rt("registry_use_reviewed")):
            st.session_state["upload_path"] = folder
            st.session_state.pop("registry_result")
            st.rerun()
        if c2.button(rt("registry_as_pool"), key="reviewed_as_pool"):
            use_as_pool(folder)
        return
    result = payload
    links = result.memberships()
    placed = links["firm_id"].nunique()
    firms = len(result.registry.frame)
    chain_only = result.proposals.loc[result.proposals["status"] == "chain_only", "firm_id"]
    to_choose = chain_only[~chain_only.isin(links["firm_id"])].nunique()
    st.success(rt("registry_summary", firms=firms, placed=placed, links=len(links), to_choose=to_choose,
                  unplaced=firms - placed - to_choose))
    if result.registry.warnings:
        with st.expander(rt("registry_warnings", n=len(result.registry.warnings))):
            st.dataframe(issue_table(result.registry.warnings), hide_index=True, width="stretch")
    en = lang() == "en"
    shown = result.proposals.merge(result.registry.frame[["firm_id", "name"]], on="firm_id")
    statuses = ["proposed", "chain_only", "below_threshold", "alternative", "runner_up"]
    chosen = st.multiselect(rt("registry_status"), statuses, default=["proposed"],
                            format_func=lambda s: rt(f"status_{s}"), key="registry_statuses")
    shown = shown[shown["status"].isin(chosen)]
    table = pd.DataFrame({
        rt("col_name"): shown["name"], rt("col_chain"): shown["chain_name_en" if en else "chain_name"],
        rt("col_segment"): shown["segment_name_en" if en else "segment_name"],
        rt("col_confidence"): shown["confidence"].round(2), rt("col_status"): shown["status"].map(lambda s: rt(f"status_{s}")),
        rt("col_basis"): shown["basis_en" if en else "basis"]})
    st.dataframe(table, hide_index=True, width="stretch")
    buffer = io.BytesIO()
    write_review(buffer, result.registry.frame, result.proposals, result.chains, meta=result.meta,
                 left_out=result.registry.left_out, issues=result.registry.warnings)
    c1, c2, c3 = st.columns(3)
    c1.download_button(rt("registry_download"), buffer.getvalue(), file_name="review.xlsx", mime=XLSX_MIME)
    accept, as_pool = c2.button(rt("registry_accept")), c3.button(rt("registry_as_pool"))
    if accept or as_pool:
        meta = {k: v for k, v in result.meta.items() if k != "threshold"}
        out = write_classified(Path(folder) / "dataset", result.firms(), links, meta=meta)
        if as_pool:
            use_as_pool(str(out))
        st.session_state["upload_path"] = str(out)
        st.session_state.pop("registry_result")
        st.rerun()


def use_as_pool(folder: str) -> None:
    """Make the classified dataset at ``folder`` the session's reference pool (the session's data stay)."""
    st.session_state["pool"] = folder
    st.session_state.pop("registry_result", None)
    st.rerun()


def pool_section(data) -> None:
    """Which reference pool fills attraction targets: automatic, none, or the session's own."""
    st.markdown(f"#### {rt('pool_title')}")
    st.caption(rt("pool_intro"))
    own = pool_choice() not in (POOL_AUTO, POOL_NONE)
    options = [POOL_AUTO, POOL_NONE] + ([pool_choice()] if own else [])
    labels = {POOL_AUTO: rt("pool_auto"), POOL_NONE: rt("pool_none")}
    # the widget has a key of its own: Streamlit forgets a widget's state on pages that do not draw it
    st.session_state["pool_widget"] = pool_choice()
    st.radio(rt("pool_choice"), options, key="pool_widget", format_func=lambda o: labels.get(o) or rt(
        "pool_own", name=reference_pool(o).name),
        on_change=lambda: st.session_state.update(pool=st.session_state["pool_widget"]))
    used = source.pool
    st.info(rt("pool_in_use", name=used.name, firms=len(used.facts.firms)) if used else rt("pool_not_in_use"))


registry_flow(data.meta.region or "山东省")
pool_section(data)

st.markdown(f"#### {t('upload')}")
st.caption(t("upload_intro"))
uploads = st.file_uploader(t("upload"), type=["csv", "zip", "xlsx", "yaml", "yml"], accept_multiple_files=True,
                           label_visibility="collapsed")
c1, c2, c3 = st.columns(3)
meta_name = c1.text_input(t("meta_name"), value="上传数据集")
meta_region = c2.text_input(t("meta_region"), value=data.meta.region or "山东省")
meta_chains = c3.text_input(t("meta_chain_set"), value="shandong-2022")



if uploads and st.button(t("validate"), type="primary"):
    folder = Path(tempfile.mkdtemp(prefix="chain-explorer-upload-"))
    try:
        stage_upload([(u.name, u.getvalue()) for u in uploads], folder, max_total_mb=MAX_UPLOAD_MB)
        if not (folder / "dataset.yaml").exists():
            meta = {"name": meta_name, "region": meta_region, "chain_set": meta_chains, "synthetic": False}
            write_meta(folder, meta)
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
