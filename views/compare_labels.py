"""Labels of the 年度对比 (year over year) page, key -> (zh, en); ``tc`` picks the session's language."""
from __future__ import annotations

from views.language import lang

LABELS: dict[str, tuple[str, str]] = {
    "page_compare": ("年度对比", "Year over year"),
    "year": ("年度", "Year"),
    "compare_with": ("对比年度", "Compared with"),
    "one_year_only": ("当前数据集只有一个年度（{folder}）。同名（dataset.yaml 的 name 与 region 相同）、year 不同的"
                      "数据集文件夹放在同一目录下，即可在此对比。",
                      "This dataset has one year only ({folder}). Put folders of the same dataset (same name and "
                      "region in dataset.yaml, another year) side by side to compare them here."),
    "same_year": ("请选择两个不同的年度。", "Pick two different years."),
    "incomparable": ("无法对比：{error}", "Cannot compare: {error}"),
    "m_gaps_closed": ("缺链补上", "Gaps closed"),
    "m_gaps_opened": ("新增缺链", "New gaps"),
    "m_landed": ("招商落地", "Targets landed"),
    "m_entered": ("新增本地企业", "Local firms entered"),
    "m_left": ("本地企业退出", "Local firms left"),
    "m_projects": ("项目推进", "Projects advanced"),
    "completeness_years": ("各产业链完整度（按年度）", "Completeness of each chain by year"),
    "plan_years": ("规划指标（按年度）", "The plan's counts by year"),
    "completeness": ("完整度", "Completeness"),
    "chain": ("产业链", "Chain"),
    "item": ("指标", "Item"),
    "count": ("数量", "Count"),
    "target": ("目标", "Target"),
    "change_map": ("环节变化图", "Segments that changed"),
    "change_map_note": ("从左（上游）到右（下游）；★ 为关键核心技术环节。", "Upstream on the left, downstream on the "
                        "right; ★ marks key technologies."),
    "c_gap_closed": ("缺链补上", "gap closed"),
    "c_gap_opened": ("新增缺链", "new gap"),
    "c_weak_resolved": ("弱链补强", "weak link strengthened"),
    "c_weak_added": ("新增弱链", "new weak link"),
    "c_gap": ("仍为缺链", "still a gap"),
    "c_weak": ("弱链", "weak link"),
    "c_normal": ("一般", "normal"),
    "gaps_closed": ("补上的缺链", "Gaps closed"),
    "landed": ("落地的招商对象", "Attraction targets that landed"),
    "entered": ("新增本地企业", "Local firms that entered"),
    "left": ("退出的本地企业", "Local firms that left"),
    "projects_changed": ("阶段变化的项目", "Projects that changed stage"),
    "segment": ("环节", "Segment"),
    "firm_id": ("企业ID", "Firm ID"),
    "firm_name": ("企业名称", "Firm"),
    "by": ("补链企业", "Closed by"),
    "segments": ("所在环节", "Segments"),
    "project_id": ("项目ID", "Project ID"),
    "project_name": ("项目名称", "Project"),
    "old_stage": ("原阶段", "Was"),
    "new_stage": ("现阶段", "Now"),
    "all_changes": ("全部变化", "All changes"),
    "all_changes_rows": ("所有产业链的变化明细（{n} 行，与下载的工作簿相同）", "Every chain's changes ({n} rows, as in the workbook)"),
    "download": ("导出 Excel（年度变化）", "Export to Excel (changes)"),
    "none": ("无。", "None."),
    # the plan's items (the 总览 chips, the plan's chart): one language at a time
    "plan_链主": ("链主企业", "Chain leaders"),
    "plan_专精特新": ("专精特新企业", "Specialised SMEs"),
    "plan_单项冠军": ("单项冠军", "Single champions"),
    "plan_flagship_chains": ("标志性产业链", "Flagship chains"),
    # 项目 projects
    "project_stage": ("项目阶段", "Stage"),
    "investment": ("投资（亿元）", "Invest. (100m)"),
    "gap_has_project": ("有项目", "Has a project"),
    "total": ("合计", "Total"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    # 风险预警: the long texts of a firm in full, below a table that fits a 1024-px laptop
    "pick_grades": ("选择预警等级", "Choose grades"),
    "risk_detail": ("风险信号明细", "A firm's signals in full"),
    "risk_hidden_note": ("表中隐去了较长的「角色」「风险信号」「失去它」列（可用表格右上角的列按钮显示）；下面选一家企业查看全文。",
                         "The long columns Role, Signals and If lost are hidden in the table (the table's column "
                         "button shows them); pick a firm below to read them in full."),
}


def tc(key: str, **params) -> str:
    """The label ``key`` of this page in the session's language, formatted with ``params``."""
    zh, en = LABELS[key]
    text = en if lang() == "en" else zh
    return text.format(**params) if params else text
