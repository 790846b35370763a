"""The labels of the 数据 page's registry flow and reference pool, with :func:`rt` (views/labels.py holds the
shared ones; these join that catalogue later).

>>> REGISTRY_LABELS["step_upload"]
('上传', 'Upload')
"""
from views.language import lang

REGISTRY_LABELS = {
    "flow_title": ("从文件到分析", "From your files to the analysis"),
    "flow_steps": ("① 上传 → ② 归类建议（或校验）→ ③ 审核 → ④ 分析 → ⑤ 查看结果",
                   "① Upload → ② proposals (or validation) → ③ review → ④ analyse → ⑤ see the results"),
    "step_upload": ("上传", "Upload"),
    "flow_intro": ("三种文件都在这里上传，按内容自动识别：企业名录（一个 CSV 或 XLSX，表头如 企业名称、统一社会信用代码、"
                   "所属省份、所属城市、行业、经营范围、主营产品、营业收入），按产业链图谱的行业代码、标签和关键词给出每家企业的"
                   "环节建议；审核后的工作簿（含「归类审核」页）；整理好的数据集（多个 CSV、一个 ZIP 压缩包或每张表一页的 XLSX）。",
                   "All three kinds of file are uploaded here and told apart by what they hold: a firm registry (one CSV "
                   "or XLSX with headers such as 企业名称/name, 统一社会信用代码, province, city, industry, 经营范围, "
                   "主营产品, revenue) gets segment proposals from the chain maps' industry codes, labels and keywords; "
                   "a reviewed workbook (with the 归类审核 sheet); a complete dataset (several CSV files, a zip, or an "
                   "XLSX with one sheet per table)."),
    "registry_file": ("企业名录、审核后的工作簿或数据集", "Registry, reviewed workbook or dataset"),
    "step_proposals": ("归类建议", "Proposals"),
    "registry_working": ("正在归类…", "Classifying…"),
    "registry_settings": ("以上按置信度阈值 {threshold}、本地省份「{region}」计算；改动设置会立即重新归类。",
                          "Computed with the confidence threshold {threshold} and the home province {region}; "
                          "changing either recomputes at once."),
    "step_review": ("审核", "Review"),
    "review_intro": ("下载审核工作簿，在「归类审核」页核对或改正环节，保存后在第 ① 步上传；也可直接采纳建议。",
                     "Download the review workbook, check or correct the segments on its 归类审核 sheet, save it and "
                     "upload it in step ①; or accept the proposals as they are."),
    "review_file": ("归类审核.xlsx", "review.xlsx"),
    "step_analyse": ("分析", "Analyse"),
    "step_reviewed": ("读取审核结果", "The reviewed workbook"),
    "step_validate": ("校验", "Validation"),
    "default_dataset_name": ("上传数据集", "Uploaded dataset"),
    "step_results": ("查看结果", "See the results"),
    "results_ready": ("已改用这些数据：各页面现在分析它们。", "These data are now the session's: every page analyses them."),
    "results_pool": ("已用作参考库：招商目标现在也从它选取。", "Now the reference pool: attraction targets are drawn from "
                     "it as well."),
    "more_issues": ("另有 {n} 条，全部列在下表", "{n} more, all listed in the table below"),
    "report_file": ("一图N清单.xlsx", "chain-lists.xlsx"),
    "level_error": ("错误", "error"), "level_warning": ("警告", "warning"), "level_note": ("说明", "note"),
    "registry_region": ("本地省份", "Home province"),
    "registry_threshold": ("置信度阈值", "Confidence threshold"),
    "registry_classify": ("归类", "Classify"),
    "registry_summary": ("{firms} 家企业：{placed} 家归入产业链（{links} 条建议），{to_choose} 家产业链明确、环节待选，"
                         "{unplaced} 家未归入。",
                         "{firms} firms: {placed} placed on a chain ({links} proposals), {to_choose} with the chain "
                         "known and the segment to choose, {unplaced} not placed."),
    "registry_reviewed": ("已读取审核后的工作簿：{firms} 家企业，{links} 条环节归属。",
                          "Reviewed workbook read: {firms} firms, {links} memberships."),
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
    """The registry label ``key`` in the session's language."""
    zh, en = REGISTRY_LABELS[key]
    text = en if lang() == "en" else zh
    return text.format(**params) if params else text
