"""The dataset tables' columns: kinds, required flags, units and the header aliases people write.

>>> TABLES["firms"]["revenue"][0], column_lookup("firms")["营业收入"], COLUMN_UNITS[("projects", "investment")]
('number', 'revenue', '亿元')
>>> row_unit_lookup("firms")["单位"], row_unit_lookup("firms")["注册资金单位"], row_unit_lookup("supply")["金额单位"]
('revenue', 'registered_capital', 'amount')
"""
from __future__ import annotations

import re

from graph.io.cells import is_money

# column: (kind, required, aliases). Kinds: id, text, province, city, number, int, year, share (0–1), flag (1/0,
# 是/否 → 1.0/0.0), uscc, tags, stage
TABLES: dict[str, dict[str, tuple[str, bool, tuple[str, ...]]]] = {
    "firms": {
        "firm_id": ("id", True, ("企业id", "企业编号", "企业代码")),
        "name": ("text", True, ("企业名称", "名称", "firm_name", "公司名称", "企业全称")),
        "province": ("province", True, ("省份", "所在省份", "省", "所属省份", "所在省")),
        "city": ("city", False, ("城市", "所在城市", "地市", "市", "所属城市", "所属地市")),
        "uscc": ("uscc", False, ("统一社会信用代码", "信用代码", "社会信用代码")),
        "revenue": ("number", False, ("营业收入", "营收", "收入", "营业总收入")),
        "registered_capital": ("number", False, ("注册资本", "注册资金", "注册资本金")),
        "employees": ("int", False, ("从业人数", "员工数", "职工人数", "员工人数", "从业人员")),
        "founded": ("year", False, ("成立年份", "成立时间", "成立日期")),
        "tags": ("tags", False, ("标签", "企业标签")),
    },
    "firm_segments": {
        "firm_id": ("id", True, ("企业id", "企业编号")),
        "chain_id": ("id", True, ("产业链id", "产业链编号", "链id")),
        "segment_id": ("id", True, ("环节id", "环节编号")),
        "share": ("share", False, ("占比", "收入占比")),
        # classify's provenance of a membership: its confidence (0–1) and whether a person accepted it (1/0, 是/否)
        "confidence": ("share", False, ("置信度",)),
        "reviewed": ("flag", False, ("已审核", "人工审核")),
    },
    "supply": {
        "supplier_id": ("id", True, ("供应商id", "供应方id", "供应企业id")),
        "customer_id": ("id", True, ("客户id", "采购方id", "客户企业id")),
        "chain_id": ("id", False, ("产业链id", "产业链编号")),
        "amount": ("number", False, ("金额", "供应金额", "采购金额")),
    },
    "projects": {
        "project_id": ("id", True, ("项目id", "项目编号")),
        "name": ("text", True, ("项目名称", "名称")),
        "chain_id": ("id", True, ("产业链id", "产业链编号")),
        "segment_id": ("id", True, ("环节id", "环节编号")),
        "city": ("city", True, ("城市", "所在城市")),
        "stage": ("stage", True, ("阶段", "项目阶段")),
        "investment": ("number", False, ("投资额", "总投资", "计划投资")),
        "firm_id": ("id", False, ("企业id", "企业编号")),
    },
    "benchmark": {
        "chain_id": ("id", True, ("产业链id", "产业链编号")),
        "segment_id": ("id", True, ("环节id", "环节编号")),
        "firms": ("number", False, ("企业数", "企业数量", "全国企业数")),
        "revenue": ("number", False, ("营业收入", "营收", "全国营业收入")),
    },
}
# the contract's unit of each quantity column; a unit in its header is converted to this, an unknown one refused.
# Brackets in other headers (企业ID（必填）) are notes and ignored.
COLUMN_UNITS = {
    ("firms", "revenue"): "万元", ("firms", "registered_capital"): "万元", ("firms", "employees"): "人",
    ("supply", "amount"): "万元", ("projects", "investment"): "亿元", ("benchmark", "firms"): "家",
    ("benchmark", "revenue"): "万元",
}
TABLE_NAMES_ZH = {"firms": "企业", "firm_segments": "企业环节", "supply": "供应关系", "projects": "项目",
                  "benchmark": "基准"}
OPTIONAL_TABLES = {"projects", "benchmark"}   # supply.csv too, when dataset.yaml says `supply: none`
PROJECT_STAGE_ALIASES = {"planned": "谋划", "reserved": "储备", "started": "开工", "completed": "竣工"}


def normalise_header(text: str) -> str:
    """'营业收入（万元）' -> '营业收入'; ' Firm_ID ' -> 'firm_id'."""
    text = re.sub(r"[（(].*?[)）]", "", str(text or "")).strip().lower()
    return re.sub(r"\s+", "_", text)


def column_lookup(table: str) -> dict[str, str]:
    """{normalised header or alias: canonical column} for one table."""
    lookup = {}
    for name, (_, _, aliases) in TABLES[table].items():
        lookup[name] = name
        for alias in aliases:
            lookup[normalise_header(alias)] = name
    return lookup


def row_unit_lookup(table: str) -> dict[str, str]:
    """{normalised header: money column} of the columns that give each row's unit of a money column: ``<header>单位``
    / ``<name>_unit`` for each money column, and a bare ``单位`` / ``金额单位`` / ``unit`` for the table's first one
    (firms: revenue; supply: amount; projects: investment; benchmark: revenue)."""
    money = [c for c in TABLES[table] if is_money(COLUMN_UNITS.get((table, c)))]
    lookup = {normalise_header(h): money[0] for h in ("单位", "金额单位", "unit")} if money else {}
    for column in money:
        lookup[normalise_header(f"{column}_unit")] = column
        for alias in TABLES[table][column][2]:
            lookup[normalise_header(f"{alias}单位")] = column
    return lookup
