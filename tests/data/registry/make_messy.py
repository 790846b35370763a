"""Write messy.csv (GBK), messy.xlsx and messy_expected.csv from the literal table below.

The table holds each row as an export would show it next to the value a correct reader must
produce, written by hand (not computed), so the expected file stays independent of any parser.
All 30 firms are invented; revenues are invented.

    python tests/data/registry/make_messy.py            # rewrites the three files beside this script
    python tests/data/registry/make_messy.py --out DIR  # writes them into DIR instead
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

TITLE = "山东省重点企业名录（2024年）"
# as exported: 序号 and 联系电话 are columns a registry reader does not know
HEADER = ["序号", "公司名称", "统一社会信用代码", "所属省份", "地市", "所属行业", "营业收入（亿元）", "联系电话"]
EXPECTED_HEADER = ["row", "name", "uscc", "uscc_valid", "province", "city", "industry", "revenue",
                   "revenue_warning"]

# name, credit code, province, city, industry, revenue as written, phone (masked as exports do) |
# expected: province, city, revenue in 万元 ("" = missing), warning for the revenue cell (1/0), code valid (1/0/"")
ROWS = [
    ("济宁鲁岳履带底盘有限公司", "", "山东", "济宁", "工程机械配件", "1.2", "0537-8***0101",
     "山东省", "济宁市", "12000", 0, ""),
    ("临沂金鼎驾驶室制造有限公司", "", "山东省", "临沂市", "工程机械配件", "3,000万", "0539-8***0102",
     "山东省", "临沂市", "3000", 1, ""),
    ("潍坊恒泰液压阀业有限公司", "", "山东", "潍坊市", "液压件", "—", "0536-8***0103",
     "山东省", "潍坊市", "", 1, ""),
    ("济南华擎减速机有限公司", "913701023350325490", "山东", "济南", "通用设备", "--", "0531-8***0104",
     "山东省", "济南市", "", 1, 1),
    ("青州金穗收获机械有限公司", "", "山东", "潍坊", "农业机械", "N/A", "0536-3***0105",
     "山东省", "潍坊市", "", 1, ""),
    ("东营润禾精细化工有限公司", "", "山东", "东营", "化学制品", "0.85", "0546-8***0106",
     "山东省", "东营市", "8500", 0, ""),
    ("淄博鑫诚化工贸易有限公司", "", "山东", "淄博", "贸易", "2.5亿", "0533-2***0107",
     "山东省", "淄博市", "25000", 1, ""),
    ("无锡苏恒精密轴承有限公司", "", "江苏", "无锡", "轴承", "12", "0510-8***0108",
     "江苏省", "无锡市", "120000", 0, ""),
    ("北京中科智芯微电子有限公司", "", "北京", "北京", "集成电路设计", "12,500万", "010-6***0109",
     "北京市", "北京市", "12500", 1, ""),
    ("广西桂华糖业有限公司", "", "广西", "南宁", "食品加工", "无", "0771-5***0110",
     "广西壮族自治区", "南宁市", "", 1, ""),
    ("内蒙古草原乳业有限公司", "", "内蒙古", "呼和浩特", "乳品", "4.75", "0471-6***0111",
     "内蒙古自治区", "呼和浩特市", "47500", 0, ""),
    ("新疆天棉纺织有限公司", "", "新疆", "乌鲁木齐", "纺织制造", "0.6", "0991-4***0112",
     "新疆维吾尔自治区", "乌鲁木齐市", "6000", 0, ""),
    ("上海浦江船舶配套有限公司", "", "上海市", "上海市", "船舶配套", "800万元", "021-5***0113",
     "上海市", "上海市", "800", 1, ""),
    ("绍兴华越化纤有限公司", "", "浙江省", "绍兴", "化学纤维", "5,000,000元", "0575-8***0114",
     "浙江省", "绍兴市", "500", 1, ""),
    ("济南鑫达工程机械租赁有限公司", "", "山东", "济南", "租赁", "0.12", "0531-8***0115",
     "山东省", "济南市", "1200", 0, ""),
    ("青岛百姓康大药房连锁有限公司", "", "山东", "青岛", "医药零售", "1.05", "0532-8***0116",
     "山东省", "青岛市", "10500", 0, ""),
    ("济南泉城便利店连锁有限公司", "", "山东", "济南", "一般零售", "—", "0531-8***0117",
     "山东省", "济南市", "", 1, ""),
    ("烟台华府物业服务有限公司", "", "山东", "烟台", "物业管理", "0.3", "0535-6***0118",
     "山东省", "烟台市", "3000", 0, ""),
    ("临沂顺通货运有限公司", "", "山东", "临沂", "物流", "1.8亿元", "0539-8***0119",
     "山东省", "临沂市", "18000", 1, ""),
    ("威海海悦酒店有限公司", "", "山东", "威海", "酒店餐饮", "--", "0631-5***0120",
     "山东省", "威海市", "", 1, ""),
    ("德州鑫源储能科技有限公司", "", "山东", "德州", "电池", "6.3", "0534-2***0121",
     "山东省", "德州市", "63000", 0, ""),
    ("青岛恒光电源科技有限公司", "", " 山东 ", "青岛", "光伏设备", "2.05", "0532-8***0122",
     "山东省", "青岛市", "20500", 0, ""),
    ("东营华晟光伏科技有限公司", "", "山东", "东营", "光伏设备", "9", "0546-7***0123",
     "山东省", "东营市", "90000", 0, ""),
    ("潍坊禾丰植保机械有限公司", "91370702139100399P", "山东", "潍坊", "农业机械", "0.45", "0536-8***0124",
     "山东省", "潍坊市", "4500", 0, 1),
    ("淄博华瓷新材料有限公司", "91370303270441228B", "山东", "淄博", "非金属材料", "1.1", "0533-3***0125",
     "山东省", "淄博市", "11000", 0, 1),
    ("烟台海蓝风电叶片有限公司", "9137060273466472XE", "山东", "烟台", "风电设备", "3.2", "0535-2***0126",
     "山东省", "烟台市", "32000", 0, 0),
    ("青岛海舾舱室装饰工程有限公司", "", "山东", "青岛", "船舶配套", "3,500万", "0532-8***0127",
     "山东省", "青岛市", "3500", 1, ""),
    ("潍坊华彩印染有限公司", "", "山东", "潍坊", "印染", "N/A", "0536-8***0128",
     "山东省", "潍坊市", "", 1, ""),
    ("济南华芯微电子设计有限公司", "", "山东", "济南", "集成电路设计", "0.95", "0531-8***0129",
     "山东省", "济南市", "9500", 0, ""),
    ("菏泽丰收农机装备有限公司", "", "山东省", "菏泽市", "农业机械", "1,200万", "0530-5***0130",
     "山东省", "菏泽市", "1200", 1, ""),
]
FIRST_DATA_ROW = 3  # row 1 is the title, row 2 the header (as a spreadsheet numbers them)


def raw_rows() -> list[list[str]]:
    """The exported cells, one list per data row, in HEADER order."""
    return [[str(i), *r[:7]] for i, r in enumerate(ROWS, start=1)]


def expected_rows() -> list[list]:
    """What a correct reader yields per data row, in EXPECTED_HEADER order."""
    return [[FIRST_DATA_ROW + i, r[0], r[1], r[11], r[7], r[8], r[4], r[9], r[10]]
            for i, r in enumerate(ROWS)]


def write_csv(path: Path) -> None:
    """GBK, CRLF and a title row above the header, as Excel in China saves a 名录."""
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow([TITLE] + [""] * (len(HEADER) - 1))
        w.writerow(HEADER)
        w.writerows(raw_rows())


def _cell(column: str, value: str):
    """Plain numbers are number cells in a real workbook; everything else stays text."""
    if column == "序号":
        return int(value)
    if column.startswith("营业收入"):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def write_xlsx(path: Path) -> None:
    """The same table as one sheet with the title merged across the columns."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "企业名录"
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for row in raw_rows():
        ws.append([_cell(c, v) for c, v in zip(HEADER, row, strict=True)])
    wb.save(path)


def write_expected(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(EXPECTED_HEADER)
        w.writerows(expected_rows())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "messy.csv")
    write_xlsx(out / "messy.xlsx")
    write_expected(out / "messy_expected.csv")


if __name__ == "__main__":
    main()
