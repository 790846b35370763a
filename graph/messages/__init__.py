"""The domain's words in one table, Chinese and English: data issues, analysis reasons, errors of comparing years
and reading Neo4j, the classify path's messages, the year-over-year diff's words, the names of stages, tags,
plan items and size bases, and the words of the briefs, the chain map picture, a segment's tooltip numbers and the
command line's text output. :func:`t` is the one lookup of every bilingual table (the app's UI labels,
views/labels.py, pass their table in); :func:`listed`, :func:`tag_label` and :func:`stage_label` are the only ones.

Code paths produce a code plus parameters; this module renders them in Chinese or English. The table is one;
three parts of it are kept in files of their own beside this one: the classify path's words (registry.py), the
year-over-year diff's (year_diff.py) and the briefs' (briefs.py).

>>> render("duplicate_id", {"value": "F1", "first_row": 2}, "en")
"duplicate id 'F1' (first seen in row 2)"
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph.messages.briefs import BRIEFS
from graph.messages.registry import REGISTRY
from graph.messages.year_diff import YEAR_DIFF

LANGS = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # --- data issues (graph.io) ---
    "file_missing": ("缺少文件 {what}", "file missing: {what}"),
    "file_unreadable": ("无法读取文件：{error}", "cannot read file: {error}"),
    "not_a_table": ("不是 CSV 或 XLSX 文件：{error}", "not a CSV or XLSX file: {error}"),
    "bad_encoding": ("无法识别的文本编码（支持 UTF-8、带 BOM 的 UTF-8、GB18030/GBK）",
                     "unrecognised text encoding (UTF-8, UTF-8 with BOM and GB18030/GBK are supported)"),
    "mixed_encoding": ("同一文件混用了编码：第 {utf8_row} 行是 UTF-8，第 {gbk_row} 行是 GBK；请整体另存为一种编码",
                       "mixed encodings in one file: row {utf8_row} is UTF-8 but row {gbk_row} is GBK; save the whole file in one encoding"),
    "csv_syntax": ("CSV 格式错误：{error}", "CSV syntax error: {error}"),
    "empty_file": ("文件为空（连表头都没有）", "the file is empty (not even a header row)"),
    "no_rows": ("只有表头，没有数据行", "header only, no data rows"),
    "sheet_missing": ("工作簿缺少工作表 {sheet}", "the workbook has no sheet named {sheet}"),
    "missing_column": ("缺少必填列 {column}", "required column {column} is missing"),
    "duplicate_column": ("列 {column} 出现了两次", "column {column} appears twice"),
    "required": ("必填项为空", "required value is empty"),
    "duplicate_id": ("重复的编号 '{value}'（首次出现在第 {first_row} 行）", "duplicate id '{value}' (first seen in row {first_row})"),
    "duplicate_row": ("重复的记录（首次出现在第 {first_row} 行）", "duplicate record (first seen in row {first_row})"),
    "bad_number": ("'{value}' 不是数字", "'{value}' is not a number"),
    "bad_integer": ("'{value}' 不是整数", "'{value}' is not a whole number"),
    "negative": ("{value} 不能为负数", "{value} must not be negative"),
    "share_range": ("占比 {value} 应在 0 到 1 之间", "share {value} must be between 0 and 1"),
    "fraction_range": ("{value} 应在 0 到 1 之间", "{value} must be between 0 and 1"),
    "bad_flag": ("'{value}' 应为 1/0 或 是/否", "'{value}' must be 1/0 or yes/no (是/否)"),
    "share_sum": ("企业 '{firm_id}' 的各环节占比合计 {total}，超过 1", "shares of firm '{firm_id}' add up to {total}, more than 1"),
    "bad_year": ("年份 {value} 不在 {low}–{high} 之间", "year {value} is not between {low} and {high}"),
    "bad_uscc": ("统一社会信用代码 '{value}' 无效（{error}）", "invalid unified social credit code '{value}' ({error})"),
    "duplicate_uscc": ("统一社会信用代码 '{value}' 与第 {first_row} 行重复", "credit code '{value}' repeats row {first_row}"),
    "unknown_tag": ("未知标签 '{value}'（已知：{known}）", "unknown tag '{value}' (known: {known})"),
    "unknown_firm": ("未知企业 '{value}'（企业表中没有）", "unknown firm '{value}' (not in the firms table)"),
    "unknown_chain": ("未知产业链 '{value}'（产业链集 {chain_set} 中没有）", "unknown chain '{value}' (not in chain set {chain_set})"),
    "unknown_segment": ("产业链 '{chain_id}' 中没有环节 '{value}'", "chain '{chain_id}' has no segment '{value}'"),
    "self_supply": ("企业不能自己供应自己（'{value}'）", "a firm cannot supply itself ('{value}')"),
    "bad_stage": ("未知阶段 '{value}'（应为 {allowed}）", "unknown stage '{value}' (expected one of {allowed})"),
    "firm_without_segment": ("企业 '{firm_id}' 不属于任何环节", "firm '{firm_id}' is in no segment"),
    "local_firm_without_city": ("本地企业 '{firm_id}' 没有城市", "local firm '{firm_id}' has no city"),
    "bad_yaml": ("YAML 格式错误：{error}", "YAML syntax error: {error}"),
    "bad_field": ("字段 {field} 的值 '{value}' 无效：{expected}", "field {field} has invalid value '{value}': {expected}"),
    "missing_field": ("缺少字段 {field}", "field {field} is missing"),
    "unknown_chain_set": ("找不到产业链集 '{value}'（查找了 {searched}）", "chain set '{value}' not found (looked in {searched})"),
    "empty_chain_set": ("产业链集 {value} 中没有任何 .yaml 产业链文件", "chain set {value} holds no .yaml chain files"),
    "duplicate_chain": ("产业链编号 '{value}' 与 {other} 重复", "chain id '{value}' is also used by {other}"),
    "duplicate_segment": ("环节编号 '{value}' 重复", "segment id '{value}' appears twice"),
    "unknown_link_segment": ("连接引用了不存在的环节 '{value}'", "link refers to unknown segment '{value}'"),
    "self_link": ("环节 '{value}' 连向自身", "segment '{value}' links to itself"),
    "cycle": ("产业链图谱中有环：{cycle}（应从上游指向下游）", "the chain map has a cycle: {cycle} (links must run upstream to downstream)"),
    "zip_unsafe": ("压缩包不安全，已拒绝：{reason}", "unsafe zip refused: {reason}"),
    "header_row": ("表头取第 {row} 行（其上 {skipped} 行标题或说明已跳过）", "header taken from row {row} ({skipped} title row(s) above it skipped)"),
    "unknown_unit": ("列 {column} 的单位 '{unit}' 无法识别，未读取（应为 {expected} 或可换算的单位）",
                     "unknown unit '{unit}' for column {column}: not read (expected {expected} or a unit convertible to it)"),
    "unit_converted": ("单位 {unit} 已换算为 {target}", "unit {unit} converted to {target}"),
    "unit_in_cell": ("'{value}' 带单位，已换算为 {target}", "'{value}' carries a unit; converted to {target}"),
    "placeholder": ("'{value}' 视为缺失值", "'{value}' read as a missing value"),
    "date_as_year": ("'{value}' 是日期，取其年份", "'{value}' is a date; its year is used"),
    "currency_converted": ("'{value}' 是外币金额，已按 {date} 人民币汇率中间价换算为 {target}",
                           "'{value}' is in a foreign currency; converted to {target} at the yuan's central parity of {date}"),
    "row_units": ("此列给出每行 {column} 的单位，已逐行换算为 {target}",
                  "this column gives each row's unit of {column}; each row converted to {target}"),
    "city_in_other_province": ("城市 '{value}' 属于 {city_province}，不在本行的省份 {province}，城市已留空",
                               "city '{value}' lies in {city_province}, not in this row's province {province}; "
                               "city left empty"),
    "more_warnings": ("本列另有 {count} 处同类警告（{code}，第 {first}–{last} 行）",
                      "{count} more warning(s) of this kind in this column ({code}, rows {first}–{last})"),
    "unknown_province": ("'{value}' 不是已知的省级行政区（{count} 行）", "'{value}' is not a known province ({count} row(s))"),
    "no_local_firm": ("没有一家企业位于本地 {region}（省份列的值有：{examples}）；请检查 dataset.yaml 的 region 与省份列",
                      "no firm is in the home region {region} (province values include: {examples}); check region in dataset.yaml and the province column"),
    "supply_absent": ("数据集没有供应关系（supply: none）：需要供应关系的分析会注明这一点",
                      "the dataset has no supply links (supply: none): analyses that need them will say so"),
    "supply_optional": ("若确实没有供应关系数据，请在 dataset.yaml 中写 supply: none", "if the dataset has no supply links, write supply: none in dataset.yaml"),
    "supply_declared_absent": ("dataset.yaml 写了 supply: none，但这里有供应关系表：删去其一",
                               "dataset.yaml says supply: none, but here is a supply table: remove one of them"),
    "share_no_remainder": ("企业 '{firm_id}' 有 {missing} 个环节未填占比，但已填占比合计 {total}，没有剩余：这些环节按 0 计",
                           "firm '{firm_id}' has {missing} segment(s) without a share but its given shares add up to {total}: nothing remains, they get 0"),
    "too_large": ("文件过大（{size} MB，上限 {limit} MB）", "file too large ({size} MB, limit {limit} MB)"),
    # --- analysis reasons (graph.analysis) ---
    "gap_no_local_firm": ("本地没有企业（数据中外省有 {other_firms} 家）", "no local firm ({other_firms} firm(s) elsewhere in the data)"),
    "gap_downstream": ("下游 {segments}/{total} 个环节依赖它", "{segments} of {total} other segments are downstream of it"),
    "gap_local_demand": ("直接下游有 {firms} 家本地企业需要这一投入", "{firms} local firm(s) in the segments it feeds need this input"),
    "key_tech": ("关键核心技术环节（卡脖子）", "key core technology (bottleneck)"),
    "few_local_firms": ("本地仅 {firms} 家企业（少于 {threshold} 家）", "only {firms} local firm(s) (fewer than {threshold})"),
    "concentrated": ("本地营收高度集中：HHI {hhi}，最大企业 {top_firm_name}（{top_firm}）占 {top_share}",
                     "local revenue concentrated: HHI {hhi}, largest firm {top_firm_name} ({top_firm}) holds {top_share}"),
    "single_local_supplier": ("单一本地供应商 {firm_name}（{firm_id}）支撑 {customers} 家本地客户（单点风险）",
                              "a single local supplier, {firm_name} ({firm_id}), serves {customers} local customers (single point of failure)"),
    "low_local_support": ("本地配套率低：{rate}（{local_edges}/{edges} 条供应关系来自本地，阈值 {threshold}）",
                          "low local supporting rate: {rate} ({local_edges} of {edges} supply links are local; threshold {threshold})"),
    "strength_lq_firms": ("区位商 企业数 {lq_firms}（无营业收入，未计算营收区位商）",
                          "location quotient {lq_firms} on firm counts (no revenue: none on revenue)"),
    "strength_lq": ("区位商 营收 {lq_revenue}、企业数 {lq_firms}；本地占该环节营收 {local_share}",
                    "location quotient {lq_revenue} on revenue, {lq_firms} on firm counts; local share of revenue {local_share}"),
    "extension_upstream_of": ("优势环节「{strengths}」的上游", "upstream of strong segment(s) {strengths}"),
    "extension_downstream_of": ("优势环节「{strengths}」的下游", "downstream of strong segment(s) {strengths}"),
    "extension_density": ("关联密度 {density}", "relatedness density {density}"),
    "leader_revenue_share": ("占本链本地营收 {share}", "{share} of the chain's local revenue"),
    "leader_size_share": ("占本链本地企业{basis}合计的 {share}", "{share} of the chain's local {basis_en}"),
    "leader_confidence": ("归类置信度 {confidence}：其规模与环节按此折算", "placement confidence {confidence}: its size and "
                          "segments count at that weight"),
    "memberships_reviewed": ("经人工审核 {reviewed} / 建议 {proposed}", "reviewed {reviewed} / proposals {proposed}"),
    "leader_tagged_unranked": ("已标注链主（本链无法排序）", "tagged 链主 (this chain cannot be ranked)"),
    "leader_partners": ("与 {partners} 家本地企业有供应关系", "supply links with {partners} local firm(s)"),
    "leader_pagerank_integrator": ("供应网络中的集成商地位（归一化 PageRank {normalised}）",
                                   "integrator position in the supply network (normalised PageRank {normalised})"),
    "leader_pagerank_supplier": ("供应网络中的关键供应商地位（归一化反向 PageRank {normalised}）",
                                 "critical-supplier position in the supply network (normalised reverse PageRank {normalised})"),
    "leader_segments": ("覆盖 {segments} 个环节", "covers {segments} segments"),
    "leader_tags": ("企业标签：{tags}", "tags: {tags}"),
    "supplier_local_customers": ("为 {customers} 家本地企业配套", "supplies {customers} local firm(s)"),
    "supplier_leaders": ("为 {leaders} 家领航企业配套", "supplies {leaders} leading firm(s)"),
    "supplier_sole": ("是 {customers} 家本地企业唯一的本地供应商", "the only local supplier of {customers} local firm(s)"),
    "target_for_gap": ("补链：本地缺失环节「{segment}」", "fills a gap: the region has no firm in {segment}"),
    "target_for_weak": ("强链：薄弱环节「{segment}」", "strengthens a weak link: {segment}"),
    "target_supplies_local": ("已为 {customers} 家本地企业供货", "already supplies {customers} local firm(s)"),
    "target_size": ("营业收入 {revenue} 万元", "revenue {revenue} (10k CNY)"),
    "target_tags": ("企业标签：{tags}", "tags: {tags}"),
    "target_size_basis": ("{basis} {size} {unit}", "{basis_en} {size} {unit_en}"),
    "target_from_pool": ("来源：参考库「{pool}」（外省企业，不计入本地）",
                         "from the reference pool {pool} (outside the region, not counted as local)"),
    "target_basis_proposal": ("归类依据：{basis}（程序建议，置信度 {confidence}，未经人工审核）",
                              "placed by: {basis} (classifier proposal, confidence {confidence}, not reviewed)"),
    "target_basis_reviewed": ("归类依据：{basis}（已人工审核）", "placed by: {basis} (reviewed by a person)"),
    "sme_in_supplier_segment": ("位于链主的供应环节「{segment}」", "in the leader's supplier segment {segment}"),
    "sme_replaces_imports": ("链主在该环节有 {suppliers} 家外省供应商，可替代", "the leader buys this from {suppliers} non-local supplier(s)"),
    "sme_proven": ("已为 {customers} 家本地企业供货", "already supplies {customers} local firm(s)"),
    # --- what an analysis used instead when the data have no supply links (graph.analysis) ---
    "note_no_supply_leaders": ("无供应关系数据：链主按规模份额（口径见规模口径）、覆盖环节和企业标签排序（未用 PageRank 与本地伙伴数）",
                               "no supply links in the data: leaders ranked by size share (on the size basis named), segments covered and tags "
                               "(no PageRank, no local partners)"),
    "note_no_supply_weak": ("无供应关系数据：未评估单一本地供应商与本地配套率",
                            "no supply links in the data: single local supplier and local supporting rate not assessed"),
    "note_no_supply_suppliers": ("无供应关系数据：无法识别重点配套企业",
                                 "no supply links in the data: key supporting firms cannot be identified"),
    "note_no_supply_targets": ("无供应关系数据：招商目标按规模与标签排序（未用已供货的本地企业数）",
                               "no supply links in the data: targets ranked by size and tags (not by local firms "
                               "already supplied)"),
    "note_no_supply_whatif": ("无供应关系数据：只计算直接形成的缺链，不计算断供企业与连锁反应",
                              "no supply links in the data: only direct new gaps; no cut-off firms and no cascade"),
    "note_size_basis": ("规模口径：{basis}（本链 {firms_with} 家本地企业有此数据，{firms_without} 家没有、按 0 计）",
                        "size basis: {basis_en} ({firms_with} local firm(s) of this chain have it, {firms_without} "
                        "do not and count 0)"),
    "note_leaders_unrankable": ("本链链主无法由现有数据排序：本地企业没有营业收入、注册资本或从业人数，没有供应关系，也没有企业标签；"
                                "需要其中至少一项。下表仅列出已标注链主的企业（如有）",
                                "leaders cannot be ranked from these data: the chain's local firms have no revenue, "
                                "registered capital or employees, no supply links and no tags; at least one of them is "
                                "needed. Only firms tagged 链主 are listed (if any)"),
    "note_no_lq_reference": ("无参照：优势环节需要 benchmark.csv 或全国参考库，未计算区位商",
                             "no reference: strengths need benchmark.csv or a national pool; no location quotients "
                             "computed"),
    "note_no_revenue_lq": ("无营业收入：只按企业数计算区位商", "no revenue: location quotients on firm counts only"),
    "note_lq_reference": ("区位商参照：{reference}", "location quotients against: {reference}"),
    # --- 外迁预警 risk signals between two years (graph.analysis.risk) ---
    "risk_grade": ("{grade}（风险分 {score:g} = {points:g} 分 × 角色权重 {weight:g}）",
                   "{grade_en} (risk score {score:g} = {points:g} points × role weight {weight:g})"),
    "risk_gone": ("新年度已不在数据中（注销或退出）", "no longer in the newer year's data (closed or left)"),
    "risk_moved_out": ("迁出本地区：{old_province}{old_city} → {new_province}{new_city}",
                       "moved out of the region: {old_city} {old_province} → {new_city} {new_province}"),
    "risk_moved_city": ("迁往本地区其他城市：{old_city} → {new_city}",
                        "moved to another city of the region: {old_city} → {new_city}"),
    "risk_revenue_fall": ("营业收入 {old:,.0f} → {new:,.0f} 万元（{change:+.0%}，降幅达 {threshold:.0%} 以上）",
                          "revenue {old:,.0f} → {new:,.0f} (10k CNY) ({change:+.0%}; down {threshold:.0%} or more)"),
    "risk_employees_fall": ("从业人数 {old:,.0f} → {new:,.0f}（{change:+.0%}，降幅达 {threshold:.0%} 以上）",
                            "employees {old:,.0f} → {new:,.0f} ({change:+.0%}; down {threshold:.0%} or more)"),
    "risk_segments_left": ("退出本链环节「{segments}」（本链环节 {old} → {new} 个）",
                           "left segment(s) {segments_en} of this chain ({old} → {new} segments)"),
    "risk_customers_lost": ("本链本地客户 {old} → {new} 家（失去 {lost} 家）",
                            "local customers in this chain {old} → {new} (lost {lost})"),
    "risk_suppliers_lost": ("本链本地供应商 {old} → {new} 家（失去 {lost} 家）",
                            "local suppliers in this chain {old} → {new} (lost {lost})"),
    "risk_supply_outside": ("本地配套转向省外：本地供应商 {local_old} → {local_new} 家，省外 {outside_old} → {outside_new} 家"
                            "（本地占比 {share_old:.0%} → {share_new:.0%}）",
                            "local supply replaced from outside the region: local suppliers {local_old} → {local_new}, "
                            "outside {outside_old} → {outside_new} (local share {share_old:.0%} → {share_new:.0%})"),
    "risk_role_leader": ("链主（排名 {rank}）", "chain leader (rank {rank})"),
    "risk_role_key_supplier": ("重点配套企业（排名 {rank}）", "key supporting firm (rank {rank})"),
    "risk_role_sole": ("失去它：新增 {gaps} 个缺链，{cut_off} 家本地企业失去全部本地供应商",
                       "losing it opens {gaps} gap(s) and leaves {cut_off} local firm(s) without a local supplier"),
    "risk_grade_count": ("{grade} {count} 家", "{grade} {count}"),
    "risk_summary_head": ("外迁预警 {old} → {new}：{counts}", "risk signals {old} → {new}: {counts}"),
    "risk_summary_more": ("… 另有 {more} 条（--json 输出全部）", "… {more} more (--json prints all)"),
    "risk_role_name_leader": ("链主", "chain leader"),
    "risk_role_name_key_supplier": ("重点配套", "key supporting firm"),
    "risk_role_name_sole_local": ("唯一本地企业/供应商", "single local firm or supplier"),
    "risk_loss": ("新增缺链 {gaps} 个，断供 {cut_off} 家，连锁停摆 {failed} 家",
                  "{gaps} new gap(s), {cut_off} firm(s) cut off, {failed} by cascade"),
    # the columns of the 风险清单 sheet (graph.analysis.risk_text.risk_frame)
    # a segment's stage and status, an issue's level, the per-chain and per-city counts (graph/picture.py,
    # graph/viz.py, graph/io/issues.py, graph/analysis/counts.py; the app shows the same entries)
    "stage_upstream": ("上游", "upstream"), "stage_midstream": ("中游", "midstream"),
    "stage_downstream": ("下游", "downstream"), "stage_services": ("服务", "services"),
    "segment_status_gap": ("缺链", "gap"), "segment_status_weak": ("弱链", "weak link"),
    "segment_status_strength": ("优势", "strength"), "segment_status_normal": ("一般", "normal"),
    "segment_status_lost": ("推演后直接缺链", "becomes a gap"),
    "segment_status_lost_cascade": ("推演后连锁缺链", "lost through the cascade"),
    "level_error": ("错误", "error"), "level_warning": ("警告", "warning"), "level_note": ("说明", "note"),
    "count_chain_id": ("产业链ID", "chain_id"), "count_name": ("产业链", "chain"), "count_segments": ("环节数", "segments"),
    "count_local_firms": ("本地企业", "local firms"), "count_other_firms": ("外省企业", "non-local firms"),
    "count_supply_edges": ("供应关系", "supply edges"), "count_projects": ("项目", "projects"),
    "count_city": ("城市", "city"), "count_firms": ("企业数", "firms"), "count_revenue": ("营业收入（万元）", "revenue (10k CNY)"),
    # the 一图N清单 workbook's sheet names and headers (graph/report.py writes them in Chinese; English with lang="en")
    "sheet_总览": ("总览", "Overview"), "sheet_规划目标": ("规划目标", "Plan targets"),
    "sheet_领航龙头企业": ("领航龙头企业", "Leading firms"), "sheet_重点配套企业": ("重点配套企业", "Key supporting firms"),
    "sheet_主要特色优势": ("主要特色优势", "Strengths"), "sheet_急需突破短板": ("急需突破短板", "Short boards"),
    "sheet_协同攻关技术": ("协同攻关技术", "Key technologies"), "sheet_区域布局": ("区域布局", "Regional layout"),
    "sheet_重点建设项目": ("重点建设项目", "Key projects"), "sheet_双招双引对象": ("双招双引对象", "Attraction targets"),
    "header_产业链": ("产业链", "Chain"), "header_产业链ID": ("产业链ID", "Chain ID"), "header_环节数": ("环节数", "Segments"),
    "header_本地覆盖环节": ("本地覆盖环节", "Segments covered locally"), "header_完整度": ("完整度", "Completeness"),
    "header_按营收完整度": ("按营收完整度", "Completeness (revenue)"), "header_缺链数": ("缺链数", "Gaps"),
    "header_弱链数": ("弱链数", "Weak links"), "header_优势环节数": ("优势环节数", "Strengths"),
    "header_本地企业数": ("本地企业数", "Local firms"), "header_已标注链主": ("已标注链主", "Tagged leaders"),
    "header_链主排名吻合度": ("链主排名吻合度", "Leader ranking agreement"), "header_招商目标数": ("招商目标数", "Attraction targets"),
    "header_链主规模口径": ("链主规模口径", "Leaders' size basis"), "header_归类审核": ("归类审核", "Placements reviewed"),
    "header_说明": ("说明", "Note"), "header_指标": ("指标", "Item"), "header_现状": ("现状", "Now"),
    "header_目标": ("目标", "Target"), "header_完成比例": ("完成比例", "Share reached"), "header_排名": ("排名", "Rank"),
    "header_企业ID": ("企业ID", "Firm ID"), "header_企业名称": ("企业名称", "Firm"), "header_城市": ("城市", "City"),
    "header_综合得分": ("综合得分", "Score"), "header_营业收入（万元）": ("营业收入（万元）", "Revenue (10k CNY)"),
    "header_规模口径": ("规模口径", "Size basis"), "header_规模（按口径）": ("规模（按口径）", "Size"),
    "header_本链规模占比": ("本链规模占比", "Share of the chain's size"), "header_集成商中心度": ("集成商中心度", "Integrator centrality"),
    "header_关键供应商中心度": ("关键供应商中心度", "Supplier centrality"), "header_本地伙伴数": ("本地伙伴数", "Local partners"),
    "header_覆盖环节数": ("覆盖环节数", "Segments covered"), "header_标签": ("标签", "Tags"), "header_理由": ("理由", "Reasons"),
    "header_得分": ("得分", "Score"), "header_本地客户数": ("本地客户数", "Local customers"),
    "header_配套领航企业数": ("配套领航企业数", "Leaders supplied"), "header_唯一本地供应商次数": ("唯一本地供应商次数", "Only local supplier of"),
    "header_环节": ("环节", "Segment"), "header_环节ID": ("环节ID", "Segment ID"),
    "header_区位商（营收）": ("区位商（营收）", "LQ (revenue)"), "header_区位商（企业数）": ("区位商（企业数）", "LQ (firms)"),
    "header_本地营收占比": ("本地营收占比", "Local revenue share"), "header_区位商参照": ("区位商参照", "LQ reference"),
    "header_类型": ("类型", "Kind"), "header_严重程度": ("严重程度", "Severity"), "header_关键核心技术": ("关键核心技术", "Key technology"),
    "header_本链营收（万元）": ("本链营收（万元）", "Revenue in the chain (10k CNY)"), "header_主要环节": ("主要环节", "Main segments"),
    "header_项目ID": ("项目ID", "Project ID"), "header_项目名称": ("项目名称", "Project"), "header_阶段": ("阶段", "Stage"),
    "header_投资额（亿元）": ("投资额（亿元）", "Investment (100m CNY)"), "header_补缺链": ("补缺链", "Fills a gap"),
    "header_原因": ("原因", "Why"), "header_省份": ("省份", "Province"),
    "header_已供本地企业数": ("已供本地企业数", "Local firms supplied"), "header_规模": ("规模", "Size"), "header_来源": ("来源", "Source"),
    # the risk watch's grades (graph/analysis/risk.py)
    "risk_grade_挽留": ("挽留", "retain"), "risk_grade_警示": ("警示", "warning"), "risk_grade_关注": ("关注", "watch"),
    # network drawings (graph/viz.py): tooltips and legends
    "net_status": ("状态：{status}", "status: {status}"), "net_key_tech": ("关键核心技术（卡脖子）", "key core technology"),
    "net_legend_chain": ("★ 粗边框 = 关键核心技术；节点大小 = 本地营收", "★ thick border = key technology; size = local revenue"),
    "net_cut_down": ("共 {n} 家企业，仅显示营收最大的 {shown} 家。", "{n} firms; showing the {shown} largest by revenue."),
    "net_revenue": ("营业收入 {revenue:,.0f} 万元", "revenue {revenue:,.0f} (10k CNY)"),
    "net_local": ("本地企业", "local firm"), "net_other": ("外省企业", "non-local firm"), "net_selected": ("所选企业", "selected firm"),
    # the command line (graph/brief_cli.py, command_data.py, risk_cli.py, neo4j_cli.py, classify/cli.py) and where an
    # issue sits (graph/io/issues.py)
    "cli_firm_not_found": ("企业「{firm}」既不在数据中，也不是本链的招商目标",
                           "firm '{firm}' is neither in the data nor an attraction target of this chain"),
    "cli_brief_suffix": ("--out {out}: 应以 .docx 或 .pdf 结尾", "--out {out}: must end in .docx or .pdf"),
    "report_no_projects": ("数据中没有项目（projects.csv）", "no projects in the data (projects.csv)"),
    "plan_untagged": ("数据中没有企业标签（链主、专精特新……），现状未知", "no firm in the data carries tags (链主, 专精特新 …): unknown"),
    "cli_report_suffix": ("--out {out}: 应为以 .xlsx 结尾的工作簿路径（如 out/report.xlsx）",
                          "--out {out}: must be a workbook path ending in .xlsx (e.g. out/report.xlsx)"),
    "cli_unknown_chain": ("未知的产业链「{chain}」（已有：{known}）", "unknown chain '{chain}' (known: {known})"),
    "cli_pool_line": ("招商目标含参考库「{name}」的外省企业（{n} 家，不计入本地）",
                      "attraction targets include firms of the reference pool {name} ({n} firms, outside the region, "
                      "not counted as local)"),
    "cli_held": ("Neo4j 中的数据集（每个名称和年度一份）：{held}", "datasets in Neo4j (one per name and year): {held}"),
    "cli_none": ("无", "none"),
    "cli_dropped": ("已从 Neo4j 删除数据集 {label}：{nodes:,} 个节点（企业 {firms:,} 家）、{links:,} 条关系。仍保留：{held}",
                    "removed dataset {label} from Neo4j: {nodes:,} nodes ({firms:,} firms), {links:,} relationships. "
                    "Still held: {held}"),
    "cli_review_applied": ("{folder}: {firms} 家企业，{links} 条环节归属", "{folder}: {firms} firms, {links} memberships"),
    "cli_classifying": ("归类", "classify"),
    "cli_workers_range": ("--workers 应为 0（每核一个）或正整数", "--workers must be 0 (one per core) or a positive number"),
    "cli_threshold_range": ("--threshold 应在 0 到 1 之间", "--threshold must be between 0 and 1"),
    "cli_more_warnings": ("… 另有 {more} 条（见审核表工作表「读取问题」）",
                          "… {more} more (the review workbook's sheet 读取问题 lists them all)"),
    "cli_classified": ("{firms} 家企业：{placed} 家归入产业链（{proposals} 条建议，阈值 {threshold}），{to_choose} 家产业链明确、"
                       "环节待在审核表中选择，{unplaced} 家未归入；{left_out} 行未纳入（已不在营或列错开）；数据集 {folder}，"
                       "审核表 {review}",
                       "{firms} firms: {placed} placed on a chain ({proposals} proposals at threshold {threshold}), "
                       "{to_choose} with the chain known and the segment to choose in the review workbook, {unplaced} "
                       "not placed; {left_out} row(s) left out (no longer operating or misaligned); dataset {folder}, "
                       "review workbook {review}"),
    "cli_unknown_products": ("未归类企业制造的产品中有 {count} 种不在任何图谱中（最多的：{top}），见审核表工作表「未识别产品」",
                             "{count} products that firms placed on no chain make are in no map (most made: {top}); "
                             "the review workbook's sheet 未识别产品 lists them"),
    "where_row": ("第{row}行", "row {row}"), "where_column": ("列 {column}", "column {column}"),
    # the evidence behind a classifier's proposal (graph/classify/candidates.py Evidence.render)
    "field_name": ("名称", "the name"), "field_industry": ("行业/标签", "industry/label"),
    "field_products": ("主营产品", "main products"), "field_scope": ("经营范围", "business scope"),
    "verb_make": ("制造", "make"), "verb_trade": ("销售", "sell"), "verb_service": ("服务", "service"),
    "evidence_code": ("行业代码 {word} → {target}", "industry code {word} → {target}"),
    "evidence_class_name": ("国标行业「{word}」→ {target}", "GB/T class “{word}” → {target}"),
    "evidence_label": ("{field}含产业链标签「{word}」", "{field} holds the chain label “{word}”"),
    "evidence_clause": ("经营范围「{clause}」", "business scope “{clause}”"),
    "evidence_clause_en": ("经营范围「{verb}：{item}」", "business scope “{verb}: {item}”"),
    "evidence_keyword": ("{field}含「{word}」", "{field} contains “{word}”"),
    "evidence_name_only": ("经营范围所列项目中没有此产品，置信度×{factor}",
                           "not among what the business scope says the firm does, confidence ×{factor}"),
    "evidence_side_line": ("经营范围制造 {made} 项、销售 {sold} 项（制造为副业），置信度×{factor}",
                           "the business scope makes {made} items and sells {sold} (making a side line), confidence ×{factor}"),
    "evidence_segment_unknown": ("产业链明确、环节待定（请在审核表中选择）", "chain known, segment to choose (in the review workbook)"),
    "evidence_non_manufacturing": ("非制造业信号「{word}」，置信度×{factor}", "non-manufacturing signal “{word}”, confidence ×{factor}"),
    "risk_col_grade": ("预警等级", "Grade"), "risk_col_score": ("风险分", "Score"), "risk_col_chain": ("产业链", "Chain"),
    "risk_col_name": ("企业名称", "Firm"), "risk_col_firm_id": ("企业编号", "Firm id"), "risk_col_city": ("城市", "City"),
    "risk_col_roles": ("角色", "Role"), "risk_col_signals": ("风险信号", "Signals"), "risk_col_loss": ("失去它", "If lost"),
    "risk_needs_two_years": ("风险预警需要两个年度的数据：{dataset} 只有 {year} 年度。请在它旁边放一个同名、同地区的其他年度数据集"
                             "文件夹（见 docs/years.md），或用 --previous 指定上一年度",
                             "risk signals need two years of data: {dataset} has only {year}. Put a folder of another "
                             "year of the same dataset beside it (docs/years.md), or name the earlier year with "
                             "--previous"),
    # --- comparing years and reading Neo4j (graph.analysis.diff, graph.years, graph.store.errors) ---
    "diff_region": ("两个年度的地区不同：{old}（旧）与 {new}（新）",
                    "the two years cover different regions: {old} (old) vs {new} (new)"),
    "diff_chains": ("两个年度的产业链不同：仅旧年度有 {only_old}；仅新年度有 {only_new}",
                    "the two years have different chains: only old {only_old}; only new {only_new}"),
    "neo4j_bad_spec": ("{spec}：应为 neo4j:年份 或 neo4j:名称/年份，例如 neo4j:2024",
                       "{spec}: expected neo4j:YEAR or neo4j:NAME/YEAR, e.g. neo4j:2024"),
    "neo4j_not_held": ("Neo4j 中没有数据集 {asked}（已有：{held}）", "Neo4j holds no dataset {asked} (held: {held})"),
    # --- names of values the data hold in Chinese (stage_label, tag_label, named) ---
    "project_stage_谋划": ("谋划", "Planning"),
    "project_stage_储备": ("储备", "Reserve"),
    "project_stage_开工": ("开工", "Started"),
    "project_stage_竣工": ("竣工", "Completed"),
    "tag_链主": ("链主", "chain leader"),
    "tag_专精特新": ("专精特新", "specialised SME"),
    "tag_小巨人": ("小巨人", "little giant"),
    "tag_单项冠军": ("单项冠军", "single champion"),
    "tag_上市": ("上市", "listed"),
    "tag_高新技术企业": ("高新技术企业", "high-tech enterprise"),
    "tag_瞪羚": ("瞪羚", "gazelle"),
    "plan_链主": ("链主企业", "Chain leaders"),
    "plan_专精特新": ("专精特新企业", "Specialised SMEs"),
    "plan_单项冠军": ("单项冠军", "Single champions"),
    "plan_flagship_chains": ("标志性产业链", "Flagship chains"),
    # the words of the workbook's cells (graph.report): what strengths are measured against, why and whence a target
    "lq_reference_benchmark": ("基准（benchmark.csv）", "benchmark (benchmark.csv)"),
    "lq_reference_none": ("无参照", "no reference"),
    "target_why_gap": ("补链（缺链）", "fill a gap"), "target_why_weak": ("强链（弱链）", "strengthen a weak link"),
    "target_source_dataset": ("本数据集", "this dataset"), "target_source_pool": ("参考库", "reference pool"),
    "basis_unrankable": ("无法排序", "cannot be ranked"), "basis_no_size": ("无规模数据", "no size data"),
    "basis_missing": ("{label}（{missing} 家本地企业缺此数据）", "{label} ({missing} local firm(s) without it)"),
    "leaders_unrankable_row": ("（本链链主无法排序）", "(this chain's leaders cannot be ranked)"),
    "yes": ("是", "yes"),
    "board_gap": ("缺链", "gap"), "board_weak": ("弱链", "weak link"),
    "caption_synthetic": (" · 合成演示数据：企业名称、规模与供应关系均为虚构",
                          " · synthetic demo data: firm names, sizes and supply links are fictional"),
    "caption_pool": (" · 招商对象含参考库「{pool}」的外省企业（来源列为「参考库」）",
                     " · attraction targets include firms of the reference pool {pool} (source: reference pool)"),
    # a firm's size basis (graph.analysis.size; the English is what the JSON's size_basis_en holds) and its unit
    "size_basis_revenue": ("营业收入", "revenue"),
    "size_basis_registered_capital": ("注册资本", "registered capital"),
    "size_basis_employees": ("从业人数", "employees"),
    "size_unit_revenue": ("万元", "10k CNY"),
    "size_unit_registered_capital": ("万元", "10k CNY"),
    "size_unit_employees": ("人", "people"),
    # --- the chain map picture (graph.picture) ---
    "picture_title": ("{name}产业链图谱", "{name} — chain map"),
    "picture_key_tech": ("★ 关键核心技术（卡脖子）", "★ key technology"),
    # --- a segment's numbers in tooltips (graph.analysis.summary.segment_facts) ---
    "facts_local_firms": ("本地企业", "local firms"), "facts_other_firms": ("外省企业", "non-local firms"),
    "facts_local_revenue": ("本地营收（万元）", "local revenue (10k CNY)"),
    "facts_support_rate": ("本地配套率", "local supporting rate"),
    # --- the command line's text output (graph.cli): validate, analyze ---
    "cli_invalid": ("校验失败：{errors} 个错误，{warnings} 个警告；未加载任何数据。",
                    "validation failed: {errors} error(s), {warnings} warning(s); nothing loaded."),
    "cli_valid": ("校验通过：{firms} 家企业，{supply} 条供应关系，{projects} 个项目，{chains} 条产业链；{warnings} 个警告。",
                  "valid: {firms} firms, {supply} supply edges, {projects} projects, {chains} chains; {warnings} warning(s)."),
    "cli_completeness": ("完整度 {share:.0%}", "completeness {share:.0%}"),
    "cli_revenue_weighted": (" / 按营收 {share:.0%}", " / revenue-weighted {share:.0%}"),
    "cli_gaps": ("缺链", "gaps"), "cli_weak_links": ("弱链", "weak links"), "cli_leaders": ("链主", "leaders"),
    "cli_size_basis": (" (规模口径: {basis})", " (size basis: {basis})"),
    "cli_targets": ("招商目标", "attraction targets"),
    "cli_from_pool": (" [参考库]", " [reference pool]"),
    **REGISTRY, **YEAR_DIFF, **BRIEFS,   # the parts kept in files of their own (graph/messages/)
}


def t(key: str, lang: str = "zh", /, *, table: Mapping[str, tuple[str, str]] | None = None, **params) -> str:
    """The words ``key`` of ``table`` (default :data:`MESSAGES`; the app passes views.labels.LABELS) in ``lang``
    ('zh' or 'en'), formatted with ``params`` — the one lookup of every bilingual table.

    >>> t("bad_number", "en", value="x"), t("project_stage_开工", "en")
    ("'x' is not a number", 'Started')
    """
    zh, en = (MESSAGES if table is None else table)[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text


def render(code: str, params: dict | None = None, lang: str = "zh") -> str:
    """Message `code` with the dict `params` in `lang` (:func:`t` for code paths that carry params as a dict)."""
    return t(code, lang, **(params or {}))


def named(family: str, value, lang: str = "zh"):
    """A value the data hold in Chinese (a stage, a tag, a plan item) by the name ``{family}_{value}`` has in
    ``lang``; a value the table does not know, or one that is not text, stays as it is.

    >>> named("plan", "链主", "en"), named("plan", "自定义", "en")
    ('Chain leaders', '自定义')
    """
    key = f"{family}_{value}" if isinstance(value, str) else None
    return t(key, lang) if key in MESSAGES else value


def stage_label(stage, lang: str = "zh"):
    """A project's stage in ``lang`` (an unknown or missing stage stays as it is).

    >>> stage_label("开工", "en"), stage_label("开工", "zh"), stage_label(None, "en")
    ('Started', '开工', None)
    """
    return named("project_stage", stage, lang)


def tag_label(tag: str, lang: str = "zh") -> str:
    """A firm's tag in ``lang`` (a tag outside the known set is data, shown as given).

    >>> tag_label("专精特新", "en"), tag_label("专精特新", "zh"), tag_label("自定义", "en")
    ('specialised SME', '专精特新', '自定义')
    """
    return named("tag", tag, lang)


def listed(values: Iterable, lang: str = "zh") -> str:
    """Items as one line in ``lang``: 、 between them in Chinese, a comma in English.

    >>> listed(["甲", "乙"], "zh"), listed(["a", "b"], "en")
    ('甲、乙', 'a, b')
    """
    return (", " if lang == "en" else "、").join(str(v) for v in values)


class MessageError(ValueError):
    """An error a user reads as one line: a code of :data:`MESSAGES` and its parameters (``str()`` is English).

    >>> MessageError("neo4j_bad_spec", spec="neo4j:last").format("zh")
    'neo4j:last：应为 neo4j:年份 或 neo4j:名称/年份，例如 neo4j:2024'
    """

    def __init__(self, code: str, **params):
        super().__init__(render(code, params, "en"))
        self.code, self.params = code, params

    def format(self, lang: str = "zh") -> str:
        return render(self.code, self.params, lang)
