"""The classify path's words: what reading a registration export says (graph.classify.messages.RegistryIssue:
code X reads registry_X where there is one). Part of the one table, graph.messages.MESSAGES.

>>> REGISTRY["ignored_columns"][1]
'unrecognised columns ignored: {columns}'
"""

REGISTRY: dict[str, tuple[str, str]] = {
    # --- the classify path (graph.classify.messages.RegistryIssue: code X reads registry_X where there is one) ---
    "registry_header_row": ("表头取自第 {row} 行（上方 {skipped} 行为标题）", "header taken from row {row} ({skipped} title row(s) above it)"),
    "ignored_columns": ("未识别的列已忽略：{columns}", "unrecognised columns ignored: {columns}"),
    "unused_columns": ("名录常见、本工具不用的列：{columns}", "columns registries carry that this tool does not use: {columns}"),
    "misaligned_row": ("此行有 {cells} 个单元格、表头只有 {width} 列（引号错位，各列已错开），此行未纳入",
                       "this row has {cells} cells for {width} columns (a stray quote shifted them); row left out"),
    "repeated_row": ("与第 {first_row} 行为同一企业（信用代码 {value} 与名称相同），此行未纳入",
                     "the same firm as row {first_row} (credit code {value} and name alike); row left out"),
    "misaligned_cells": ("{columns} 同时无法读取，此行各列疑似错开，未纳入",
                         "{columns} unreadable at once: the row's columns look shifted; row left out"),
    "not_operating": ("{count} 家企业已不在营（吊销、注销、迁出，或经营范围写明停止经营、仅供清理债权债务等），未纳入，见审核表「未纳入」：{first}…",
                      "{count} firm(s) no longer operating (revoked, deregistered, moved out, or a scope saying it only "
                      "settles its debts …) left out; the review "
                      "workbook's 未纳入 sheet lists them: {first}…"),
    "no_name_column": ("找不到企业名称列（可用表头：公司名称、企业名称、名称、name）",
                       "no firm-name column (headers understood: 公司名称, 企业名称, 名称, name)"),
    "registry_unknown_unit": ("未知单位 '{unit}'（可用：元、万元、亿元；人、万人）", "unknown unit '{unit}' (元, 万元, 亿元; 人, 万人 are known)"),
    "bad_quantity": ("'{value}' 不是数字", "'{value}' is not a number"),
    "capital_unread": ("'{value}' 读不出：单位或币种不在折算表中（{known}），注册资本按缺失处理",
                       "'{value}' cannot be read: its unit or currency is not in the rate table ({known}); registered "
                       "capital left missing"),
    "registry_unit_in_cell": ("'{value}' 带单位，按 {converted} {unit} 读取", "'{value}' carries a unit; read as {converted} {unit}"),
    "registry_placeholder": ("'{value}' 视为缺失", "'{value}' read as missing"),
    "invalid_uscc": ("统一社会信用代码 '{value}' 无效（{error}），改用名称生成企业ID",
                     "invalid credit code '{value}' ({error}); the firm id comes from the name instead"),
    "duplicate_name": ("企业 '{value}' 与第 {first_row} 行重复（无信用代码时以名称识别企业）",
                       "firm '{value}' repeats row {first_row} (without a credit code the name identifies a firm)"),
    "empty_name": ("企业名称为空，此行已跳过", "the firm name is empty; row skipped"),
    "no_province_column": ("没有省份列：全部企业按 {region} 处理", "no province column: every firm taken to be in {region}"),
    "registry_unknown_province": ("'{value}' 不是已知的省级行政区", "'{value}' is not a known province"),
    "too_large_registry": ("文件过大（{size} MB，上传上限 {limit} MB）；更大的名录请用命令行归类（不限大小）："
                           "python -m graph classify --registry 文件 --out 目录",
                           "file too large ({size} MB, upload limit {limit} MB); classify a bigger registry from the "
                           "command line (any size): python -m graph classify --registry FILE --out DIR"),
    "review_no_sheet": ("不是归类审核工作簿：缺少工作表 {sheet}", "not a review workbook: sheet {sheet} is missing"),
    "review_bad_accept": ("采纳列应填 是 或 否，而不是 '{value}'", "the accept column takes 是/yes or 否/no, not '{value}'"),
    "review_unknown_firm": ("企业ID '{value}' 不在企业表中", "firm id '{value}' is not in the firms sheet"),
    "review_unknown_segment": ("产业链 '{chain_id}' 中没有环节 '{value}'（见工作表 环节）",
                               "chain '{chain_id}' has no segment '{value}' (see the 环节 sheet)"),
}
