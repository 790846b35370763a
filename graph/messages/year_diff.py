"""The year-over-year diff's words (graph.analysis.diff_text): kinds of change, then words. Part of the one table,
graph.messages.MESSAGES.

>>> YEAR_DIFF["change_gaps_closed"]
('缺链补上', 'gap closed')
"""

YEAR_DIFF: dict[str, tuple[str, str]] = {
    # --- words of the year-over-year diff (graph.analysis.diff_text): change kinds, then words ---
    "change_gaps_closed": ("缺链补上", "gap closed"),
    "change_gaps_opened": ("新增缺链", "new gap"),
    "change_weak_links_added": ("新增弱链", "new weak link"),
    "change_weak_links_resolved": ("弱链补强", "weak link strengthened"),
    "change_leaders_entered": ("进入链主前列", "entered the top leaders"),
    "change_leaders_left": ("退出链主前列", "left the top leaders"),
    "change_firms_entered": ("新增本地企业", "local firm entered"),
    "change_firms_left": ("本地企业退出", "local firm left"),
    "change_targets_landed": ("招商落地", "target landed"),
    "change_projects_changed": ("项目阶段变化", "project changed stage"),
    "change_projects_added": ("新增项目", "new project"),
    "change_projects_removed": ("项目移出", "project removed"),
    "diff_completeness": ("完整度", "completeness"),
    "diff_closed_by": ("{segment}（补链企业 {firm}）", "{segment} (by {firm})"),
    "diff_landed": ("{firm} → {segment}", "{firm} in {segment}"),
    "diff_more": ("等共 {total} 项", "and {more} more"), "diff_was_gap": ("原为缺链", "was a gap"),
    "diff_plan": ("规划指标", "plan"), "diff_target": ("目标", "target"),
    "diff_chain": ("产业链", "chain"), "diff_change": ("变化", "change"), "diff_segment": ("环节", "segment"),
    "diff_firm": ("企业", "firm"), "diff_detail": ("说明", "detail"),
    "diff_completeness_old": ("完整度（旧）", "completeness (old)"),
    "diff_completeness_new": ("完整度（新）", "completeness (new)"),
    "diff_gaps_old": ("缺链（旧）", "gaps (old)"), "diff_gaps_new": ("缺链（新）", "gaps (new)"),
    "diff_weak_links_old": ("弱链（旧）", "weak links (old)"), "diff_weak_links_new": ("弱链（新）", "weak links (new)"),
}
