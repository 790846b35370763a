"""Reading a firm registry export (CSV or XLSX) into one table with canonical columns.

Headers are recognised by the names common exports use, Chinese or English (:data:`COLUMNS`), registration
exports' too (地区 → city, 注册资金 → registered capital, 注册日期 → founded, 企业类型, 登记状态, 注册地址); a title
row above the header is skipped and reported; columns a registry has but the tool does not use (法人代表, 电话 …)
are listed once as not used, unknown ones as ignored; units in headers (营业收入（亿元）) and in cells (1.2亿,
233.6000(万元人民币), 300万美元) are converted to the dataset's units. Firms no longer operating (登记状态 吊销, 注销,
迁出 …) are left out, counted and listed, and so is a row repeating an earlier one (same credit code and name;
the same code under another name is an error); a CSV row with more cells than the header (a quote gone astray in the
export) is left out with a warning, since its columns cannot be trusted. The file is read as a stream of rows,
so its size is bounded by memory only; the app passes ``max_mb`` for uploads. Firm ids are stable across runs:
the credit code when it is valid, else ``N`` + a hash of the normalised name.

>>> firm_id_for("济南二机床集团有限公司", None), firm_id_for("x", "91370100MA3C00001H")
('N824b0c38dac6', '91370100MA3C00001H')
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from stdnum.cn import uscc as uscc_std
from stdnum.exceptions import ValidationError

from graph.classify.messages import RegistryIssue
from graph.io import DataError
from graph.io.cells import CURRENCY_RATES, PLACEHOLDERS, parse_money, parse_quantity, split_header
from graph.io.decoding import decode
from graph.io.headers import find_header_row
from graph.io.regions import (
    CITIES_OF_PROVINCE,
    city_at_start,
    city_of_code,
    normalise_city,
    normalise_province,
    province_of_city,
)
from graph.model import FIRM_TAGS

MAX_REGISTRY_MB = 50      # the app's upload limit; the command line reads any size
# canonical column -> header names exports use (compared without spaces, underscores or case)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("公司名称", "企业名称", "名称", "企业名", "单位名称", "name", "company", "companyname", "firmname",
             "enterprisename"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "uscc", "creditcode", "unifiedsocialcreditcode"),
    "province": ("省份", "所属省份", "所在省份", "省", "province"),
    "city": ("城市", "所属城市", "所在城市", "地市", "所属地市", "市", "地区", "所在地区", "所属地区", "地区名称",
             "所在地市", "city", "region"),
    "industry": ("行业", "所属行业", "国标行业", "行业代码", "行业门类", "行业大类", "行业分类", "行业名称",
                 "国民经济行业", "国民经济行业分类", "industry", "industrycode", "sector"),
    "scope": ("经营范围", "businessscope", "scope"),
    "products": ("主营产品", "主营业务", "主要产品", "产品", "mainproducts", "products", "mainbusiness"),
    "revenue": ("营业收入", "营收", "收入", "revenue", "operatingrevenue"),
    "registered_capital": ("注册资本", "注册资金", "注册资本金", "registeredcapital", "capital"),
    "founded": ("成立日期", "成立时间", "成立年份", "注册日期", "founded", "established", "dateofestablishment"),
    "firm_type": ("企业类型", "公司类型", "企业性质", "经济类型", "市场主体类型", "firmtype", "companytype"),
    "status": ("登记状态", "经营状态", "企业状态", "状态", "status", "registrationstatus"),
    "address": ("注册地址", "住所", "地址", "企业地址", "通信地址", "经营地址", "address", "registeredaddress"),
    "employees": ("从业人数", "员工数", "职工人数", "参保人数", "employees"),
    "tags": ("标签", "企业标签", "tags", "labels"),
}
JOINED = ("industry", "products", "scope")   # several such columns are read as one text
UNITS = {"revenue": "万元", "registered_capital": "万元", "employees": "人"}
KNOWN_CURRENCIES = "人民币、" + "、".join(CURRENCY_RATES)   # what a capital cell may be written in
# columns registries carry that the tool does not use: listed once as not used, not as unknown
NOT_USED = ("法人代表", "法定代表人", "法人", "负责人", "电话", "联系电话", "手机", "固定电话", "邮箱", "电子邮箱", "网址",
            "官网", "序号", "编号", "登记机关", "曾用名", "英文名", "英文名称", "纳税人识别号", "注册号", "工商注册号",
            "组织机构代码", "营业期限", "营业期限自", "营业期限至", "核准日期", "所属区县", "区县", "县区", "邮编",
            "股东", "参保人数年份", "更新日期")
_NOT_USED = {re.sub(r"[\s_\-·.]+", "", n).lower() for n in NOT_USED}
# 登记状态 of a unit that no longer operates (存续, 在业, 开业, 正常 … operate)
# a scope that says the firm no longer trades (registries write it in place of the scope): left out as closed
STOPPED = re.compile(r"(?:仅供|只供|仅用于)[^。；;]{0,6}(?:清理|处理)[^。；;]{0,6}债权债务|停止经营")
CLOSED = ("吊销", "注销", "迁出", "撤销", "停业", "歇业", "清算", "责令关闭", "已关闭", "破产")
TAG_SPLIT = re.compile(r"[;；,，、|/\s]+")
YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


# registries repeat a few region spellings many times
_province = functools.lru_cache(maxsize=4096)(normalise_province)
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# a 地区 cell that names the group of county-level units a province administers directly, not one of them
DIRECTLY_ADMINISTERED = re.compile(r"(?:省|自治区)?直辖(?:县|县级市|县级行政区划|县级行政单位)")


def _city_in_address(address: str, province: str | None) -> str | None:
    """The city an address names after its province (海南省东方市板桥镇 → 东方市); a municipality is its own city.

    >>> _city_in_address("海南省澄迈县老城经济开发区", "海南省"), _city_in_address("上海市苍梧路5号", "上海市")
    ('澄迈县', '上海市')
    """
    return province if province in MUNICIPALITIES else city_at_start(address, province)


def _city_of_uscc(uscc: str | None, province: str | None) -> str | None:
    """The city of the registration authority a (checked) credit code names at positions 3–8, when it lies in the
    firm's province: 9137098374096696X6 → 370983 (肥城) → 泰安市.

    >>> _city_of_uscc("9137098374096696X6", "山东省"), _city_of_uscc("9137098374096696X6", "江苏省")
    ('泰安市', None)
    """
    city = city_of_code(uscc[2:8]) if uscc else None
    return city if city and province_of_city(city) == province else None


@functools.lru_cache(maxsize=65536)
def _city(text: str, province: str | None) -> str | None:
    """The city of a registry's 地区/城市 cell: a known city's full name (青岛 → 青岛市); a municipality's district
    (浦东, 海淀) → the municipality, whose districts are its city level; a name without its suffix (伊犁哈萨克) → the
    one city of the province it begins; a placeholder → None; anything else as written (the reader warns).

    >>> _city("浦东", "上海市"), _city("伊犁哈萨克", "新疆维吾尔自治区"), _city("N/A", "上海市"), _city("青岛", "山东省")
    ('上海市', '伊犁哈萨克自治州', None, '青岛市')
    """
    if not text or text.lower() in PLACEHOLDERS or DIRECTLY_ADMINISTERED.fullmatch(text):
        return None
    city = normalise_city(text, province)
    if province_of_city(city) or province is None:
        return city
    if province in MUNICIPALITIES:
        return province
    starting = [c for c in CITIES_OF_PROVINCE.get(province, ()) if c.startswith(text)]
    return starting[0] if len(starting) == 1 else city


def _header_key(text) -> str:
    return re.sub(r"[\s_\-·.]+", "", split_header(text)[0]).lower()


_LOOKUP = {_header_key(alias): column for column, aliases in COLUMNS.items() for alias in (column, *aliases)}


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_FORM = re.compile(r"^[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}$")


def checked_uscc(code: str) -> str:
    """A 统一社会信用代码 validated (GB 32100: form and check digit); ValidationError as python-stdnum raises it,
    which is asked only for a code that fails here, to say why (a registry holds hundreds of thousands).

    >>> checked_uscc("91370100MA3C00001H")
    '91370100MA3C00001H'
    """
    if USCC_FORM.match(code):
        total = sum(USCC_VALUE[c] * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
        if USCC_ALPHABET[(31 - total % 31) % 31] == code[17]:
            return code
    return uscc_std.validate(code)


def normalise_name(name) -> str:
    """Full-width to half-width, no spaces, brackets unified: '山东 临工（集团）' -> '山东临工(集团)'."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name or "")))


def firm_id_for(name, uscc) -> str:
    """The credit code when given (already validated), else ``N`` + 12 hex digits of the normalised name."""
    if uscc:
        return uscc
    return "N" + hashlib.sha1(normalise_name(name).encode("utf-8")).hexdigest()[:12]


@dataclass
class Registry:
    """A registry read and normalised: ``frame`` has ``row`` (as a spreadsheet numbers it), ``firm_id``, the
    canonical columns present and ``labels`` (vendor labels from the tag column); ``left_out`` lists the rows not
    taken (row, name, reason: a 登记状态 of a unit no longer operating, a scope saying it only settles its debts, or
    a misaligned row)."""

    file: str
    frame: pd.DataFrame
    header_row: int
    columns: dict[str, list[str]]
    ignored: list[str]
    warnings: list = field(default_factory=list)
    left_out: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "name", "reason"]))


def _records(path: Path, label: str, issues: list):
    """The file's rows as lists of strings, one at a time (an XLSX's first sheet, or a CSV of any size)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook  # openpyxl (0.17 s of imports) only for an XLSX

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file  # noqa: BLE001
            issues.append(RegistryIssue(label, None, None, "not_a_table", {"error": type(exc).__name__}))
            return iter(())
        return _sheet_rows(book)
    with open(path, "rb") as handle:
        start = handle.read(4096)
        if start[:2] == b"PK" or b"\x00" in start:
            issues.append(RegistryIssue(label, None, None, "not_a_table", {"error": "binary content"}))
            return iter(())
        text = decode(start + handle.read(), label, issues)
    if text is None:
        return iter(())
    return _csv_rows(text, label, issues)


def _sheet_rows(book):
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else str(v).strip() for v in row]
    finally:
        book.close()


def _csv_rows(text: str, label: str, issues: list):
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as exc:
        issues.append(RegistryIssue(label, None, None, "csv_syntax", {"error": str(exc)}))


def read_registry(path: str | Path, *, region: str = "山东省", label: str | None = None,
                  max_mb: float | None = None) -> Registry:
    """Read a registry export; raise :class:`DataError` (one line per problem, nothing read) on bad input.

    Warnings (invalid credit codes, units written in cells, unknown provinces, rows left out) go to
    ``Registry.warnings``. ``max_mb`` refuses a larger file before reading it (the app's upload limit).
    """
    path = Path(path)
    label = label or path.name
    issues: list = []

    def fail(code, row=None, column=None, **params):
        issues.append(RegistryIssue(label, row, column, code, params))
        raise DataError(issues)

    if not path.is_file():
        fail("file_missing", what=str(path))
    size_mb = path.stat().st_size / 1e6
    if max_mb is not None and size_mb > max_mb:
        fail("too_large_registry", size=round(size_mb), limit=max_mb)
    records = _records(path, label, issues)
    first = list(itertools.islice(records, 12))
    if issues:
        raise DataError(issues)
    if not any(any(c.strip() for c in r) for r in first):
        fail("empty_file")
    top = find_header_row(first, set(_LOOKUP))
    header = first[top]
    if top and any(any(c.strip() for c in r) for r in first[:top]):
        issues.append(RegistryIssue(label, top + 1, None, "header_row", {"row": top + 1, "skipped": top}, "warning"))
    columns: dict[str, list[str]] = {}
    positions: dict[str, list[int]] = {}
    ignored, unused = [], []
    for index, cell in enumerate(header):
        column = _LOOKUP.get(_header_key(cell))
        if column is None or (column in positions and column not in JOINED):
            if str(cell).strip():
                ignored.append(str(cell).strip())
                if _header_key(cell) in _NOT_USED:
                    unused.append(str(cell).strip())
            continue
        columns.setdefault(column, []).append(str(cell).strip())
        positions.setdefault(column, []).append(index)
    unknown = [c for c in ignored if c not in unused]
    if unknown:
        issues.append(RegistryIssue(label, top + 1, None, "ignored_columns", {"columns": "、".join(unknown)}, "warning"))
    if unused:
        issues.append(RegistryIssue(label, top + 1, None, "unused_columns", {"columns": "、".join(unused)}, "note"))
    if "name" not in positions:
        fail("no_name_column", top + 1)
    numbered = zip(itertools.count(1), itertools.chain(first, records))
    rows = ((n, r) for n, r in numbered if n > top + 1 and any(c.strip() for c in r))
    frame, left_out = _frame(rows, top + 1, len(header), columns, positions, region, label, issues)
    if any(i.level == "error" for i in issues):
        raise DataError(issues)
    if frame.empty:
        fail("no_rows")
    return Registry(label, frame, top + 1, columns, ignored, issues, left_out)


def _cells(cells: list[str], indexes: list[int]) -> str:
    """One canonical column's text in a row: its cells stripped, several columns joined by spaces."""
    if len(indexes) == 1:
        i = indexes[0]
        return cells[i].strip() if i < len(cells) else ""
    return " ".join(t for t in (cells[i].strip() if i < len(cells) else "" for i in indexes) if t)


def _frame(rows, header_row, width, columns, positions, region, label, issues) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the firms of the rows, the rows left out), reading the rows one at a time."""
    units = {c: split_header(columns[c][0])[1] for c in UNITS if c in columns}
    for column, unit in units.items():
        if unit is not None and parse_quantity_checked("1", unit, UNITS[column], column)[0] is None:
            issues.append(RegistryIssue(label, header_row, columns[column][0], "unknown_unit", {"unit": unit}))
            return pd.DataFrame(), pd.DataFrame()
    out = {k: [] for k in ("row", "firm_id", "name", "uscc", "province", "city", "industry", "labels", "products",
                           "scope", "revenue", "registered_capital", "employees", "founded", "tags", "firm_type",
                           "address")}
    seen: dict[str, tuple[int, str]] = {}   # firm id -> (row, name) where it was first read
    present = {column: indexes for column, indexes in positions.items()}
    left_out: list[tuple[int, str, str]] = []
    number = None

    def issue(code, column, level="warning", **params):
        issues.append(RegistryIssue(label, number, column, code, params, level))

    for number, cells in rows:
        cell = {column: _cells(cells, indexes) for column, indexes in present.items()}
        name = cell["name"]
        if len(cells) > width and any(c.strip() for c in cells[width:]):   # a quote astray: columns shifted
            issue("misaligned_row", None, cells=len(cells), width=width)
            left_out.append((number, name, "misaligned"))
            continue
        if not name:   # a notes or totals row: skipped, and said so
            issue("empty_name", columns["name"][0])
            continue
        status = cell.get("status", "")
        if status and any(word in status for word in CLOSED):
            left_out.append((number, name, status))
            continue
        stopped = STOPPED.search(cell.get("scope", ""))
        if stopped:   # 仅供清理本企业债权债务使用: a scope kept only to settle the firm's debts
            left_out.append((number, name, stopped.group()))
            continue
        uscc = cell.get("uscc", "").upper() or None
        if uscc:
            try:
                uscc = checked_uscc(uscc)
            except ValidationError as exc:
                issue("invalid_uscc", columns["uscc"][0], value=uscc, error=str(exc))
                uscc = None
        firm_id = firm_id_for(name, uscc)
        if firm_id in seen:
            first_row, first_name = seen[firm_id]
            if uscc and normalise_name(first_name) == normalise_name(name):   # the same firm listed twice
                issue("repeated_row", columns["uscc"][0], value=uscc, first_row=first_row)
                left_out.append((number, name, "repeated"))
                continue
            code = "duplicate_uscc" if uscc else "duplicate_name"
            issue(code, columns["uscc" if uscc else "name"][0], "error", value=uscc or name, first_row=first_row)
            continue
        province_text = cell.get("province", "")
        province = _province(province_text) if province_text else region
        numbers, unread = {}, []
        for column, target in UNITS.items():
            text = cell.get(column, "")
            numbers[column] = None
            if text:
                value, note = parse_quantity_checked(text, units.get(column), target, column)
                if value is None and note is None:
                    unread.append((column, text))
                    continue
                if note in ("unit_in_cell", "currency_converted") and column != "registered_capital":
                    issue("unit_in_cell", columns[column][0], value=text, converted=f"{value:g}", unit=target)
                elif note == "placeholder" and column != "registered_capital":
                    issue(note, columns[column][0], value=text)
                numbers[column] = value
        if province is None and unread:   # two typed cells wrong at once: the row's columns have shifted
            issue("misaligned_cells", None, columns="、".join([columns["province"][0],
                                                               *(columns[c][0] for c, _ in unread)]))
            left_out.append((number, name, "misaligned"))
            continue
        seen[firm_id] = (number, name)
        if province is None:
            issue("unknown_province", columns["province"][0], value=province_text)
            province = province_text
        for column, text in unread:   # registered capital in an unknown currency: missing, with a warning
            if column == "registered_capital":
                issue("capital_unread", columns[column][0], "warning", value=text, known=KNOWN_CURRENCIES)
            else:
                issue("bad_quantity", columns[column][0], "error", value=text)
        tags, labels = [], []
        for token in TAG_SPLIT.split(cell.get("tags", "")):
            if token:
                (tags if token in FIRM_TAGS else labels).append(token)
        founded = YEAR.search(cell.get("founded", ""))
        out["row"].append(number)
        out["firm_id"].append(firm_id)
        out["name"].append(name)
        out["uscc"].append(uscc)
        out["province"].append(province)
        out["city"].append(_city(cell.get("city", ""), province) or _city_in_address(cell.get("address", ""), province)
                           or _city_of_uscc(uscc, province))
        for column in ("industry", "products", "scope", "firm_type", "address"):   # N/A, — … are missing
            text = cell.get(column, "")
            out[column].append("" if text.lower() in PLACEHOLDERS else text)
        out["labels"].append(" ".join(labels))
        for column in UNITS:
            out[column].append(numbers[column])
        out["founded"].append(float(founded.group(1)) if founded else None)
        out["tags"].append(";".join(dict.fromkeys(tags)))
    if "province" not in positions:
        issues.append(RegistryIssue(label, None, None, "no_province_column", {"region": region}, "warning"))
    closed = [(n, name, reason) for n, name, reason in left_out if reason not in ("misaligned", "repeated")]
    if closed:
        issues.append(RegistryIssue(label, None, columns["status" if "status" in columns else "scope"][0], "not_operating",
                                    {"count": len(closed), "first": "、".join(n for _, n, _ in closed[:5])}, "warning"))
    frame = pd.DataFrame(out)
    for column in ("revenue", "registered_capital", "employees", "founded"):
        frame[column] = frame[column].astype(float)
    return frame, pd.DataFrame(left_out, columns=["row", "name", "reason"])


@functools.lru_cache(maxsize=65_536)   # registries repeat a few thousand amounts (50(万元), N/A …) many times
def parse_quantity_checked(text: str, unit, target: str, column: str = "") -> tuple[float | None, str | None]:
    """:func:`graph.io.cells.parse_quantity` (:func:`~graph.io.cells.parse_money` for registered capital, which
    exports write as 233.6000(万元人民币) or 300万美元), with (None, None) for a cell it cannot read."""
    parse = parse_money if column == "registered_capital" else parse_quantity
    try:
        return parse(text, unit=unit, target=target)
    except ValueError:
        return None, None
