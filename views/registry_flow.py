"""The 数据 page's one path from a file to the analysis: ① upload → ② proposals (or the validation report) →
③ review → ④ analyse → ⑤ the results. One uploader takes a firm registry, a reviewed workbook or a complete
dataset and tells them apart by what they hold (:func:`upload_kind`); the proposals always follow the current
threshold and province (recomputed, cached per file and setting).

>>> upload_kind(["名录.csv"]), upload_kind(["firms.csv", "firm_segments.csv"])
(('registry', 0), ('dataset', 0))
>>> upload_kind(["名录.csv", "review.xlsx"], {"review.xlsx": ["说明", "归类审核", "企业"]})
('review', 1)
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st

from graph.io import DataError, check_dataset, stage_upload, upload_folder, write_meta
from graph.io.schemas import TABLE_NAMES_ZH
from views.language import lang, md, t
from views.widgets import XLSX_MIME

MAX_UPLOAD_MB = 50
DATASET_SHEETS = set(TABLE_NAMES_ZH) | set(TABLE_NAMES_ZH.values())
RESULT_PAGES = [("views/overview.py", "page_overview"), ("views/gaps.py", "page_gaps"),
                ("views/targets.py", "page_targets"), ("views/leaders.py", "page_leaders")]
STATUSES = ["proposed", "chain_only", "below_threshold", "alternative", "runner_up"]


def upload_kind(names: list[str], sheets: dict[str, list[str]] | None = None) -> tuple[str, int]:
    """What the uploaded files are, and which one to read: ("review", i) when one is a workbook with the 归类审核
    sheet (the last such); ("dataset", 0) when any is a zip, a YAML, a table of a dataset by its name (firms.csv,
    企业.csv, …) or a workbook with such sheets; else ("registry", i), the last file. ``sheets``: the sheet names
    of the workbooks among ``names``.

    >>> upload_kind(["data.zip"]), upload_kind(["book.xlsx"], {"book.xlsx": ["firms"]}), upload_kind(["a.csv", "b.csv"])
    (('dataset', 0), ('dataset', 0), ('registry', 1))
    """
    sheets = sheets or {}
    reviews = [i for i, n in enumerate(names) if "归类审核" in sheets.get(n, ())]
    if reviews:
        return "review", reviews[-1]
    for name in names:
        path = Path(name)
        if (path.suffix.lower() in (".zip", ".yaml", ".yml") or path.stem.lower() in DATASET_SHEETS
                or set(sheets.get(name, ())) & DATASET_SHEETS):
            return "dataset", 0
    return "registry", len(names) - 1


def sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook ([] when it cannot be opened: the readers then say why)."""
    # openpyxl only when a workbook is uploaded
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - not a workbook; reading it reports the problem in words
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def issue_table(issues) -> pd.DataFrame:
    """Problems found, one row each, in the session's language (blanks stay blank, never None)."""
    return pd.DataFrame([{t("level"): t(f"level_{i.level}"), t("file"): i.file or "", t("row"): str(i.row or ""),
                          t("column"): i.column or "", t("message"): i.message(lang())} for i in issues])


def step(number: int, key: str) -> None:
    st.markdown(f"##### {'①②③④⑤'[number - 1]} {t(key)}")


# ---------------------------------------------------------------- ① upload
def staged(uploads) -> dict:
    """The file to read (for a registry or a reviewed workbook) written once into a folder of its own, with the
    files' kind; kept in the session until the files change (``st.session_state.flow``)."""
    identity = "|".join(f"{u.file_id}:{u.name}" for u in uploads)
    flow = st.session_state.get("flow")
    if flow and flow["id"] == identity:
        return flow
    folder = upload_folder("upload")
    names = [Path(u.name).name for u in uploads]
    sheets = {}
    for upload, name in zip(uploads, names, strict=True):
        if name.lower().endswith(".xlsx"):
            (folder / name).write_bytes(upload.getvalue())
            sheets[name] = sheet_names(folder / name)
    kind, which = upload_kind(names, sheets)
    if kind != "dataset":
        (folder / names[which]).write_bytes(uploads[which].getvalue())
    flow = {"id": identity, "kind": kind, "folder": str(folder), "file": str(folder / names[which])}
    st.session_state["flow"] = flow
    for stale in ("registry_result", "registry_started", "last_check", "flow_done"):
        st.session_state.pop(stale, None)
    return flow


@st.cache_resource(show_spinner=False, max_entries=8)
def classified(identity: str, region: str, threshold: float, _path: str, label: str):
    """A registry's proposals for one province and threshold, computed once per upload and setting (read-only)."""
    # the classifier takes ~0.3 s to import: only once a registry is uploaded, not on every visit to 数据
    from graph.classify.pipeline import classify_registry
    from graph.classify.registry import MAX_REGISTRY_MB

    return classify_registry(_path, region=region, threshold=threshold, label=label, max_mb=MAX_REGISTRY_MB)


@st.cache_resource(show_spinner=False, max_entries=8)
def review_workbook(identity: str, region: str, threshold: float, _result) -> bytes:
    """The review workbook of :func:`classified`'s result for the same upload and settings, written once."""
    # the classifier's workbook writer, lazy as the classifier is (classified)
    from graph.classify.pipeline import write_result_review

    buffer = io.BytesIO()
    write_result_review(buffer, _result)
    return buffer.getvalue()


def registry_flow(region_default: str) -> None:
    """The whole path: the uploader, then the steps the uploaded files call for."""
    st.markdown(f"#### {t('flow_title')}")
    st.caption(t("flow_steps"))
    step(1, "step_upload")
    st.caption(t("flow_intro"))
    uploads = st.file_uploader(t("registry_file"), type=["csv", "xlsx", "zip", "yaml", "yml"],
                               accept_multiple_files=True, key="registry_upload")
    if not uploads:
        st.session_state.pop("flow", None)
        return
    flow = staged(uploads)
    {"registry": registry_steps, "review": review_steps, "dataset": dataset_steps}[flow["kind"]](flow, region_default)


# ---------------------------------------------------------------- a registry: ② proposals → ③ review → ④ analyse
def registry_steps(flow: dict, region_default: str) -> None:
    step(2, "step_proposals")
    c1, c2 = st.columns(2)
    region = c1.text_input(t("registry_region"), value=region_default, key="registry_region")
    threshold = c2.slider(t("registry_threshold"), 0.05, 0.95, 0.5, 0.05, key="registry_threshold")
    if st.session_state.get("registry_started") != flow["id"]:   # once started, a setting change recomputes
        st.button(t("registry_classify"), type="primary", on_click=st.session_state.update,
                  kwargs={"registry_started": flow["id"]})
        return
    try:
        with st.spinner(t("registry_working")):
            result = classified(flow["id"], region, threshold, flow["file"], Path(flow["file"]).name)
    except DataError as exc:
        st.session_state["registry_result"] = ("error", None, exc.issues)
        st.error(t("validation_failed", errors=sum(i.level == "error" for i in exc.issues)))
        st.dataframe(issue_table(exc.issues), hide_index=True, width="stretch")
        return
    proposals_view(result, region, threshold)
    step(3, "step_review")
    st.caption(t("review_intro"))
    st.download_button(t("registry_download"), review_workbook(flow["id"], region, threshold, result),
                       file_name=t("review_file"), mime=XLSX_MIME)
    step(4, "step_analyse")
    row = st.container(horizontal=True)   # wraps on a narrow screen instead of cutting the labels
    accept, as_pool = row.button(t("registry_accept"), type="primary"), row.button(t("registry_as_pool"))
    if accept or as_pool:
        # lazy as the classifier is (classified)
        from graph.classify.output import write_classified

        meta = {k: v for k, v in result.meta.items() if k != "threshold"}
        out = upload_folder("registry") / "dataset"
        write_classified(out, result.firms(), result.memberships(), meta=meta)
        finish(flow, str(out), as_pool=as_pool)
    results_step(flow)


def proposals_view(result, region: str, threshold: float) -> None:
    """The summary, the registry's warnings (open), the proposals by status."""
    links = result.memberships()
    placed = links["firm_id"].nunique()
    firms = len(result.registry.frame)
    chain_only = result.proposals.loc[result.proposals["status"] == "chain_only", "firm_id"]
    to_choose = chain_only[~chain_only.isin(links["firm_id"])].nunique()
    st.success(t("registry_summary", firms=firms, placed=placed, links=len(links), to_choose=to_choose,
                  unplaced=firms - placed - to_choose))
    st.caption(t("registry_settings", threshold=f"{threshold:.2f}", region=md(region)))
    warnings_view(result.registry.warnings)
    en = lang() == "en"
    shown = result.proposals.merge(result.registry.frame[["firm_id", "name"]], on="firm_id")
    chosen = st.multiselect(t("registry_status"), STATUSES, default=["proposed"],
                            format_func=lambda s: t(f"status_{s}"), key=f"registry_statuses_{lang()}")
    shown = shown[shown["status"].isin(chosen)]
    table = pd.DataFrame({
        t("col_name"): shown["name"], t("col_chain"): shown["chain_name_en" if en else "chain_name"],
        t("col_segment"): shown["segment_name_en" if en else "segment_name"],
        t("col_confidence"): shown["confidence"].round(2),
        t("col_status"): shown["status"].map(lambda s: t(f"status_{s}")),
        t("col_basis"): shown["basis_en" if en else "basis"]})
    st.dataframe(table.fillna(""), hide_index=True, width="stretch")
    unknown_view(result.unknown)


def unknown_view(unknown: pd.DataFrame, shown: int = 100) -> None:
    """What the firms placed on no chain make in words no map holds, most firms first (closed)."""
    if unknown.empty:
        return
    with st.expander(t("registry_unknown", n=len(unknown))):
        st.caption(t("registry_unknown_intro"))
        top = unknown.head(shown)
        st.dataframe(pd.DataFrame({t("col_product"): top["product"], t("col_firms"): top["firms"],
                                   t("col_examples"): top["examples"]}), hide_index=True, width="stretch")


def warnings_view(issues, shown: int = 6) -> None:
    """What the registry reader noticed, open: warnings in one box and notes in another, the first ``shown``
    of each as a list; all of them in a table below when there are more."""
    for level, box in (("warning", st.warning), ("note", st.info)):
        found = [i for i in issues if (i.level == "note") == (level == "note")]
        if not found:
            continue
        lines = [f"- {md(i.message(lang()))}" for i in found[:shown]]
        if len(found) > shown:
            lines.append(f"- {t('more_issues', n=len(found) - shown)}")
        box("\n".join(lines))
        if len(found) > shown:
            st.dataframe(issue_table(found), hide_index=True, width="stretch", height=min(400, 38 + 35 * len(found)))


# ---------------------------------------------------------------- a reviewed workbook: ② read → ④ analyse
def review_steps(flow: dict, _region: str) -> None:
    step(2, "step_reviewed")
    if "registry_result" not in st.session_state:
        # lazy as the classifier is (classified)
        from graph.classify.pipeline import apply_review

        try:
            out, firms, links = apply_review(flow["file"], Path(flow["folder"]) / "dataset",
                                             label=Path(flow["file"]).name)
            st.session_state["registry_result"] = ("reviewed", str(out), (firms, links))
        except DataError as exc:
            st.session_state["registry_result"] = ("error", None, exc.issues)
    kind, folder, payload = st.session_state["registry_result"]
    if kind == "error":
        st.error(t("validation_failed", errors=sum(i.level == "error" for i in payload)))
        st.dataframe(issue_table(payload), hide_index=True, width="stretch")
        return
    st.success(t("registry_reviewed", firms=payload[0], links=payload[1]))
    step(4, "step_analyse")
    row = st.container(horizontal=True)
    if row.button(t("registry_use_reviewed"), type="primary"):
        finish(flow, folder)
    if row.button(t("registry_as_pool"), key="reviewed_as_pool"):
        finish(flow, folder, as_pool=True)
    results_step(flow)


# ---------------------------------------------------------------- a complete dataset: ② validate → ④ analyse
def dataset_steps(flow: dict, region_default: str) -> None:
    step(2, "step_validate")
    st.caption(t("upload_intro"))
    c1, c2, c3 = st.columns(3)
    stale = {"on_change": st.session_state.pop, "args": ("last_check", None)}   # a report of other settings goes
    meta_name = c1.text_input(t("meta_name"), value=t("default_dataset_name"), **stale)
    meta_region = c2.text_input(t("meta_region"), value=region_default, **stale)
    meta_chains = c3.text_input(t("meta_chain_set"), value="shandong-2022", **stale)
    if st.button(t("validate"), type="primary"):
        folder = Path(flow["folder"]) / "dataset"
        uploads = st.session_state["registry_upload"]
        try:
            stage_upload([(u.name, u.getvalue()) for u in uploads], folder, max_total_mb=MAX_UPLOAD_MB)
            if not (folder / "dataset.yaml").exists():
                write_meta(folder, {"name": meta_name, "region": meta_region, "chain_set": meta_chains,
                                    "synthetic": False})
            dataset, issues = check_dataset(folder)
        except DataError as exc:
            dataset, issues = None, exc.issues
        sizes = (len(dataset.firms), len(dataset.supply), len(dataset.projects)) if dataset else None
        st.session_state["last_check"] = (str(folder) if dataset else None, issues, sizes)
    if "last_check" not in st.session_state:
        return
    folder, issues, sizes = st.session_state["last_check"]
    if folder:
        st.success(t("validation_ok", firms=sizes[0], supply=sizes[1], projects=sizes[2]))
    else:
        st.error(t("validation_failed", errors=sum(i.level == "error" for i in issues)))
    if issues:
        st.markdown(f"**{t('issues')}**")
        st.dataframe(issue_table(issues), hide_index=True, width="stretch")
    if folder:
        step(4, "step_analyse")
        if st.button(t("use_dataset"), type="primary"):
            finish(flow, folder)
    results_step(flow)


# ---------------------------------------------------------------- ⑤ the results
def finish(flow: dict, folder: str, *, as_pool: bool = False) -> None:
    """Use ``folder`` as the session's dataset (or as its reference pool) and point to the results."""
    if as_pool:
        st.session_state["pool"] = folder
    else:
        st.session_state["upload_path"] = folder
        for stale in ("year", "link_unknown"):
            st.session_state.pop(stale, None)
    st.session_state["flow_done"] = (flow["id"], "pool" if as_pool else "data")
    st.rerun()


def results_step(flow: dict) -> None:
    """After ④: what happened, and links to the pages that now read these data."""
    done = st.session_state.get("flow_done")
    if not done or done[0] != flow["id"]:
        return
    step(5, "step_results")
    st.success(t("results_pool" if done[1] == "pool" else "results_ready"))
    row = st.container(horizontal=True)
    for path, label in RESULT_PAGES:
        row.page_link(path, label=t(label), icon="➡️", width="content")
