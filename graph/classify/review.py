"""The review workbook a person corrects, and reading it back into the final memberships.

Sheets: 归类审核 (every firm with its proposals, the ones below threshold, on another chain, with the chain known
but the segment to choose, and the runner-up; a person sets 采纳 to 是/否, changes 产业链ID/环节ID, or adds rows),
环节 (every chain and segment id), 企业 (the firms table), 未纳入 (rows of the registry left out: firms no longer
operating, misaligned rows), 读取问题 (every warning and note of reading the registry, with its row and column),
未识别产品 (what the firms placed on no chain make in words no map holds, most firms first: for the maps' owners),
说明 (how to review, and the run's parameters that apply-review reads back). A sheet
longer than Excel's 1,048,576 rows continues in 归类审核2, 归类审核3 … (企业2 …); all of them are read back.

>>> import pandas as pd, tempfile, pathlib
>>> from graph.model import Chain, Segment
>>> chains = [Chain("cm", "工程机械", "Construction machinery", (Segment("loaders", "装载机", "Loaders", "downstream"),), ())]
>>> firms = pd.DataFrame({"firm_id": ["A", "B"], "name": ["甲装载机公司", "乙银行"], "province": ["山东省"] * 2})
>>> proposals = pd.DataFrame([{"firm_id": "A", "rank": 1, "status": "proposed", "chain_id": "cm", "chain_name": "工程机械",
...     "segment_id": "loaders", "segment_name": "装载机", "confidence": 0.55, "basis": "名称含「装载机」"}])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "review.xlsx"
>>> write_review(path, firms, proposals, chains, meta={"region": "山东省", "chain_set": "x"})
>>> _, links, meta = read_review(path, chains)
>>> links[["firm_id", "segment_id", "basis"]].to_dict("records"), meta["region"]
([{'firm_id': 'A', 'segment_id': 'loaders', 'basis': '名称含「装载机」'}], '山东省')
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from graph.classify.candidates import PLACED
from graph.classify.messages import RegistryIssue
from graph.classify.output import FIRM_COLUMNS
from graph.io import DataError
from graph.io.xlsx_writer import HEADER, TITLE, Sheet, write_workbook
from graph.model import Chain

REVIEW_SHEET, SEGMENT_SHEET, FIRM_SHEET, README_SHEET = "归类审核", "环节", "企业", "说明"
# (header, proposals column or None, width)
REVIEW_COLUMNS = (
    ("企业ID firm_id", "firm_id", 22), ("企业名称 name", "name", 30), ("城市 city", "city", 10),
    ("行业/标签 industry", "industry", 22), ("状态 status", "status", 12), ("采纳 accept (是/否)", None, 10),
    ("产业链ID chain_id", "chain_id", 22), ("产业链 chain", "chain_name", 12), ("环节ID segment_id", "segment_id", 24),
    ("环节 segment", "segment_name", 16), ("置信度 confidence", "confidence", 10), ("依据 basis", "basis", 60),
    ("原产业链ID", "chain_id", 4), ("原环节ID", "segment_id", 4),
)
STATUS_ZH = {"proposed": "建议", "below_threshold": "低于阈值", "alternative": "另一产业链", "chain_only": "环节待选",
             "runner_up": "次选", "none": "未归类"}
FILLS = {"proposed": "E2F0D9", "below_threshold": "FFF2CC", "alternative": "FFF2CC", "chain_only": "DDEBF7",
         "runner_up": "EDEDED", "none": "FCE4D6"}
LEFT_OUT_SHEET = "未纳入"
ISSUE_SHEET = "读取问题"
UNKNOWN_SHEET = "未识别产品"
MAX_UNKNOWN_LISTED = 5_000   # products listed on 未识别产品: past these, each is made by a firm or two
FIRM_WIDTHS = (22, 30, 12, 10, 22, 12, 12, 10, 8, 20)   # the 企业 sheet's columns, graph.classify.output.FIRM_COLUMNS
MAX_SHEET_ROWS = 1_000_000   # Excel holds 1,048,576 rows a sheet: longer tables continue on a numbered sheet
YES = {"是", "y", "yes", "1", "true", "✓", "√", "采纳"}
NO = {"否", "n", "no", "0", "false", "", "×", "不采纳"}
META_KEYS = ("name", "region", "chain_set", "source", "threshold")
INSTRUCTIONS = (
    "如何审核 How to review",
    "1. 工作表「归类审核」每家企业至少一行：建议（绿）、低于阈值（黄）、次选（灰）、未归类（橙）。",
    "   Every firm has at least one row: proposed (green), below threshold (yellow), runner-up (grey), none (orange).",
    "   排序：先是已归入产业链的企业，再是仅有低于阈值候选的企业，最后是未归类企业；各组内按名录原顺序。",
    "   Order: firms placed on a chain first, then firms with candidates below the threshold only, then the unplaced;"
    " the registry's order within each group.",
    "2. 在「采纳」列填 是 或 否。建议行预填为 是，其余为 否。",
    "   Set 采纳 (accept) to 是 (yes) or 否 (no). Proposed rows start as 是, the others as 否.",
    "3. 环节不对：改「产业链ID」「环节ID」（可选值见工作表「环节」），并填 是。",
    "   Wrong segment: change 产业链ID / 环节ID (the 环节 sheet lists them) and set 是.",
    "4. 一家企业属于多个环节：复制该行，改环节ID。未归类企业：填入产业链ID、环节ID 和 是。",
    "   A firm in several segments: copy its row and change the segment. An unplaced firm: fill in ids and 是.",
    "   环节待选（蓝）：产业链已明确、环节未知，填入环节ID 并填 是；另一产业链（黄）：该企业主业之外的可能归属。",
    "   Chain known, segment to choose (blue): fill in 环节ID and set 是. On another chain (yellow): a possible "
    "placement beside the firm's main business.",
    "   工作表「未纳入」列出名录中未纳入的行（已吊销、注销、迁出的企业，列错开的行）。",
    "   The 未纳入 sheet lists the registry rows left out (firms no longer operating, misaligned rows).",
    "   工作表「未识别产品」列出未归类企业在经营范围中写明制造、而各环节关键词和“无环节产品”都未收录的产品（按企业数排序）：",
    "   若某产品属于某环节，请图谱维护者把它加入该环节的 keywords；若不属于任何环节，加入 _products.yaml；再重新归类。",
    "   The 未识别产品 sheet lists what firms placed on no chain make in words no map holds, most firms first: a map",
    "   owner adds a product a segment holds to its keywords (one no segment holds to _products.yaml) and classifies again.",
    "5. 保存后运行 Then run: python -m graph classify --apply-review 本文件.xlsx --out 输出目录",
    "   或在应用「数据」页上传本文件 Or upload this file on the app's Data page.",
    "「依据」列说明每条建议从何而来；置信度为规则证据的合成（0–1）。",
    "The basis column says where each proposal came from; confidence combines the rules' evidence (0–1).",
)


def review_table(firms: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """The review rows, one column per :data:`REVIEW_COLUMNS` entry: each firm's candidates in rank order, or one
    未归类 row.

    >>> firms = pd.DataFrame({"firm_id": ["A", "B"], "name": ["甲", "乙"], "industry": ["C3514", None]})
    >>> proposals = pd.DataFrame({"firm_id": ["A"], "status": ["proposed"], "chain_id": ["cm"], "confidence": [0.9]})
    >>> review_table(firms, proposals).iloc[:, :7].fillna("-").values.tolist()
    [['A', '甲', '-', 'C3514', '建议', '是', 'cm'], ['B', '乙', '-', '-', '未归类', '-', '-']]
    """
    columns = [c for c in ("firm_id", "name", "city") if c in firms]
    base = firms[columns].reset_index(drop=True)
    texts = [firms[c].tolist() for c in ("industry", "labels") if c in firms] or [[None] * len(base)]
    base["industry"] = [" ".join(v for v in values if isinstance(v, str) and v) or None
                        for values in zip(*texts, strict=True)]
    base["_firm"] = range(len(base))
    wanted = [c for _, c, _ in REVIEW_COLUMNS if c in proposals and c not in base]
    candidates = proposals[["firm_id", *dict.fromkeys(wanted)]].assign(_rank=range(len(proposals)))
    table = base.merge(candidates, on="firm_id", how="left")
    status = table["status"].fillna("none") if "status" in table else pd.Series("none", index=table.index)
    # firms placed (a proposal, or a chain whose segment is to choose) first, then those with candidates below the
    # threshold, then the unplaced: a reviewer meets the decisions first; file order within each group
    table["_group"] = status.map(lambda s: 0 if s in PLACED else 2 if s == "none" else 1)
    table["_group"] = table.groupby("_firm")["_group"].transform("min")
    table = table.sort_values(["_group", "_firm", "_rank"], kind="stable")
    status = status.loc[table.index]
    table["status"] = status.map(STATUS_ZH)
    table["_accept"] = status.map(lambda s: "是" if s == "proposed" else None if s == "none" else "否")
    return pd.DataFrame({h: table[c or "_accept"] if (c or "_accept") in table else None
                         for h, c, _ in REVIEW_COLUMNS}).reset_index(drop=True)


def write_review(path, firms: pd.DataFrame, proposals: pd.DataFrame, chains: list[Chain], *, meta: dict,
                 left_out: pd.DataFrame | None = None, issues: list | None = None,
                 unknown: pd.DataFrame | None = None) -> None:
    """Write the review workbook (to a path or a binary file object): frozen header, filters, column widths,
    rows coloured by status, 是/否 and id lists, a 说明 sheet, 未纳入 for the registry rows ``left_out``
    (row, name, reason), 读取问题 for the reader's warnings and notes (``issues``) and 未识别产品 for the products
    no map holds (``unknown``: product, firms, examples; the first :data:`MAX_UNKNOWN_LISTED`). Written column by column as SpreadsheetML (graph.io.xlsx_writer), so 50,000 firms take
    seconds; a table over :data:`MAX_SHEET_ROWS` rows continues on numbered sheets."""
    table = review_table(firms, proposals)
    n_segments = sum(len(c.segments) for c in chains) + 1
    sheets = []
    for title, part in _parts(REVIEW_SHEET, table):
        rows = 1 + len(part)
        review = Sheet(
            title, widths=[w for _, _, w in REVIEW_COLUMNS], hidden=("M", "N"),  # the original ids, to tell a
            freeze="C2", auto_filter=f"A1:L{rows}",                              # correction from the proposal
            # rows coloured by status through conditional formats: Excel paints them, no style per cell to write
            highlights=[(f"A2:L{max(rows, 2)}", f'$E2="{STATUS_ZH[status]}"', colour) for status, colour in FILLS.items()],
            lists=[(f"F2:F{rows + 500}", '"是,否"'),   # chain and segment ids picked from the 环节 sheet
                   (f"G2:G{rows + 500}", f"'{SEGMENT_SHEET}'!$A$2:$A${n_segments}"),
                   (f"I2:I{rows + 500}", f"'{SEGMENT_SHEET}'!$C$2:$C${n_segments}")])
        review.add([[h for h, _, _ in REVIEW_COLUMNS]], style=HEADER)
        review.add_columns([part[h] for h in part.columns])
        sheets.append(review)

    segments = Sheet(SEGMENT_SHEET, widths=(24, 14, 26, 18, 12, 26, 30), freeze="A2")
    segments.add([("产业链ID chain_id", "产业链 chain", "环节ID segment_id", "环节 segment", "阶段 stage", "Chain",
                   "Segment")], style=HEADER)
    segments.add([(chain.id, chain.name, seg.id, seg.name, seg.stage, chain.name_en, seg.name_en)
                  for chain in chains for seg in chain.segments])
    sheets.append(segments)

    columns = list(FIRM_COLUMNS)
    for title, part in _parts(FIRM_SHEET, firms.reindex(columns=columns)):
        firm_sheet = Sheet(title, widths=FIRM_WIDTHS, freeze="A2")
        firm_sheet.add([columns], style=HEADER)
        firm_sheet.add_columns([part[c] for c in columns])
        sheets.append(firm_sheet)

    if left_out is not None and len(left_out):
        gone = Sheet(LEFT_OUT_SHEET, widths=(10, 36, 30), freeze="A2")
        gone.add([("行 row", "企业名称 name", "原因 reason")], style=HEADER)
        gone.add_columns([left_out[c] for c in ("row", "name", "reason")])
        sheets.append(gone)

    if issues:
        found = Sheet(ISSUE_SHEET, widths=(8, 10, 16, 90), freeze="A2", auto_filter=f"A1:D{len(issues) + 1}")
        found.add([("级别 level", "行 row", "列 column", "说明 message")], style=HEADER)
        found.add_columns([[{"error": "错误", "warning": "警告"}.get(i.level, "说明") for i in issues],
                           [i.row for i in issues], [i.column for i in issues], [i.message("zh") for i in issues]])
        sheets.append(found)

    if unknown is not None and len(unknown):
        listed = unknown.head(MAX_UNKNOWN_LISTED)
        products = Sheet(UNKNOWN_SHEET, widths=(30, 10, 70), freeze="A2", auto_filter=f"A1:C{len(listed) + 1}")
        products.add([("产品 product", "企业数 firms", "示例企业 example firms")], style=HEADER)
        products.add_columns([listed[c] for c in ("product", "firms", "examples")])
        sheets.append(products)

    readme = Sheet(README_SHEET, widths=(100, 30))
    readme.add([[INSTRUCTIONS[0]]], style=TITLE).add([[line] for line in INSTRUCTIONS[1:]] + [[]])
    readme.add([("参数 parameter", "值 value")], style=HEADER)
    readme.add([(key, None if meta.get(key) is None else str(meta.get(key))) for key in META_KEYS])
    sheets.append(readme)
    write_workbook(path, sheets)


def _parts(title: str, table: pd.DataFrame):
    """(sheet title, rows) pieces of at most MAX_SHEET_ROWS rows: 归类审核, 归类审核2, 归类审核3 …"""
    for n, start in enumerate(range(0, max(len(table), 1), MAX_SHEET_ROWS), start=1):
        yield (title if n == 1 else f"{title}{n}"), table.iloc[start:start + MAX_SHEET_ROWS]


def is_review_workbook(path: str | Path) -> bool:
    """True for an .xlsx that has the 归类审核 sheet (a review workbook), False for anything else."""
    from openpyxl import load_workbook  # openpyxl (0.17 s of imports) only to read a workbook back

    if Path(path).suffix.lower() != ".xlsx":
        return False
    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # not a workbook: the registry reader will say so  # noqa: BLE001
        return False
    try:
        return REVIEW_SHEET in book.sheetnames
    finally:
        book.close()


def _sheet_rows(book, title: str, label: str, issues: list) -> list[tuple] | None:
    """The rows of a sheet and of its continuations (归类审核2 …, their headers dropped)."""
    if title not in book.sheetnames:
        issues.append(RegistryIssue(label, None, None, "review_no_sheet", {"sheet": title}))
        return None
    rows = list(book[title].iter_rows(values_only=True))
    n = 2
    while f"{title}{n}" in book.sheetnames:
        rows.extend(list(book[f"{title}{n}"].iter_rows(values_only=True))[1:])
        n += 1
    return rows


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """A sheet's rows as a table under its first row's headers (cells beyond the header are dropped)."""
    header = [str(h or "").strip() for h in rows[0]] if rows else []
    return pd.DataFrame([(list(r) + [None] * len(header))[:len(header)] for r in rows[1:]], columns=header)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_review(path: str | Path, chains: list[Chain] | None = None, *, label: str | None = None):
    """``(firms, memberships, meta)`` from a reviewed workbook; DataError naming sheet, row and column on bad input.

    ``chains`` checks every accepted chain/segment id (pass None to skip, e.g. before the chain set is known).
    """
    from openpyxl import load_workbook  # openpyxl (0.17 s of imports) only to read a workbook back

    label = label or Path(path).name
    issues: list = []
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file  # noqa: BLE001
        raise DataError([RegistryIssue(label, None, None, "not_a_table", {"error": type(exc).__name__})]) from None
    try:
        sheets = {t: _sheet_rows(book, t, label, issues) for t in (REVIEW_SHEET, FIRM_SHEET, README_SHEET)}
    finally:
        book.close()
    if issues:
        raise DataError(issues)
    meta = {}
    for row in sheets[README_SHEET]:
        if len(row) >= 2 and _text(row[0]) in META_KEYS and _text(row[1]):
            meta[_text(row[0])] = _text(row[1])
    firms = _frame(sheets[FIRM_SHEET])
    firms["firm_id"] = firms["firm_id"].map(_text)
    firm_ids = set(firms["firm_id"])
    segments = {(c.id, s.id) for c in chains for s in c.segments} if chains is not None else None
    review = _frame(sheets[REVIEW_SHEET])
    headers = [h for h, _, _ in REVIEW_COLUMNS]
    missing = [h for h in headers if h not in review.columns]
    if missing:
        raise DataError([RegistryIssue(f"{label}[{REVIEW_SHEET}]", 1, missing[0], "missing_column",
                                       {"column": missing[0]})])
    where = f"{label}[{REVIEW_SHEET}]"
    links, seen = [], set()
    for number, row in enumerate(review[headers].itertuples(index=False), start=2):
        values = dict(zip(headers, row, strict=False))
        accept = _text(values["采纳 accept (是/否)"]).lower()
        if accept not in YES | NO:
            issues.append(RegistryIssue(where, number, "采纳 accept", "review_bad_accept", {"value": accept}))
            continue
        if accept in NO:
            continue
        firm_id, chain_id, segment_id = (_text(values[h]) for h in ("企业ID firm_id", "产业链ID chain_id",
                                                                        "环节ID segment_id"))
        if firm_id not in firm_ids:
            issues.append(RegistryIssue(where, number, "企业ID firm_id", "review_unknown_firm", {"value": firm_id}))
            continue
        if segments is not None and (chain_id, segment_id) not in segments:
            issues.append(RegistryIssue(where, number, "环节ID segment_id", "review_unknown_segment",
                                        {"chain_id": chain_id, "value": segment_id}))
            continue
        if (firm_id, chain_id, segment_id) in seen:
            continue
        seen.add((firm_id, chain_id, segment_id))
        unchanged = (chain_id, segment_id) == (_text(values["原产业链ID"]), _text(values["原环节ID"]))
        confidence = values["置信度 confidence"] if unchanged else None
        basis = _text(values["依据 basis"]) if unchanged else "人工审核 reviewed"
        links.append({"firm_id": firm_id, "chain_id": chain_id, "segment_id": segment_id,
                      "confidence": None if confidence in (None, "") else float(confidence), "basis": basis,
                      "reviewed": 1})
    if any(i.level == "error" for i in issues):
        raise DataError(issues)
    memberships = pd.DataFrame(links, columns=["firm_id", "chain_id", "segment_id", "confidence", "basis", "reviewed"])
    return firms, memberships, meta
