"""A small .xlsx writer: just what the review workbook needs, its cells formatted a column at a time.

A general writer (openpyxl, XlsxWriter) builds an object per cell and spends 5–10 µs on it; the review workbook of
50,000 firms has 1.9 million cells. Here rows are given column by column (:class:`Block`): a text column becomes
indexes into the shared-string table (pandas.factorize), a number column its shortest round-trip text, and
pyarrow joins them with the row and cell markup, so no Python code runs per cell. What the workbook can hold:
shared strings, numbers, a bold header style, column widths, hidden columns, a frozen pane, an auto-filter, rows
coloured by a formula (conditional formats) and drop-down lists (list validations). Text is XML-escaped;
characters XML cannot hold (control characters) are dropped and text is cut at Excel's 32,767 characters per cell.
Strings are never formulas: a name such as ``=HYPERLINK(…)`` stays text.

>>> import io, openpyxl
>>> sheet = Sheet("表", widths=(20, 8), freeze="A2", auto_filter="A1:B3", lists=(("B2:B3", '"是,否"'),),
...               highlights=(("A2:B3", '$B2="是"', "E2F0D9"),))
>>> _ = sheet.add([["名称", "值"]], style=HEADER).add_columns([["甲 & 乙", "<丙>"], [1.5, None]])
>>> buffer = io.BytesIO()
>>> write_workbook(buffer, [sheet])
>>> book = openpyxl.load_workbook(buffer)
>>> [[c.value for c in row] for row in book["表"].iter_rows()], book["表"].freeze_panes
([['名称', '值'], ['甲 & 乙', 1.5], ['<丙>', None]], 'A2')
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Number
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# cell styles (indexes into cellXfs of the style sheet)
PLAIN, HEADER, TITLE = 0, 1, 2
MAX_CELL_TEXT = 32_767
ROWS_PER_CHUNK = 20_000       # rows formatted and compressed at a time
COMPRESSION = 1               # zlib level: 6 (the default) costs twice the time for a file ~15 % smaller
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PLAIN_NOT = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")   # what a text must not hold to go as it is

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
T = '<t xml:space="preserve">'   # every text as written, spaces at either end too


@dataclass
class Block:
    """Rows given column by column (``columns[j][i]`` is row i, column j), all in one cell style."""

    columns: list[Sequence]
    style: int = PLAIN

    @property
    def height(self) -> int:
        return max((len(c) for c in self.columns), default=0)


@dataclass
class Sheet:
    """One worksheet: its layout and its rows (added in order with :meth:`add` / :meth:`add_columns`)."""

    title: str
    widths: Sequence[float] = ()                              # column widths from column A
    hidden: Sequence[str] = ()                                # hidden column letters
    freeze: str | None = None                                 # the first cell that scrolls, e.g. "C2"
    auto_filter: str | None = None                            # e.g. "A1:L100"
    highlights: Sequence[tuple[str, str, str]] = ()           # (range, formula, RGB fill): rows coloured by formula
    lists: Sequence[tuple[str, str]] = ()                     # (range, formula1): drop-down lists
    blocks: list[Block] = field(default_factory=list)

    def add(self, rows: Sequence[Sequence], style: int = PLAIN) -> Sheet:
        """Append rows given row by row (short sheets: headers, instructions); an empty row stays empty."""
        width = max((len(r) for r in rows), default=0)
        columns = [[r[j] if j < len(r) else None for r in rows] for j in range(width)] or [[None] * len(rows)]
        return self.add_columns(columns, style)

    def add_columns(self, columns: list[Sequence], style: int = PLAIN) -> Sheet:
        """Append rows given column by column (lists or pandas Series; the quick way for many rows)."""
        self.blocks.append(Block(columns, style))
        return self

    @property
    def height(self) -> int:
        return sum(b.height for b in self.blocks)

    @property
    def width(self) -> int:
        return max((len(b.columns) for b in self.blocks), default=0)


class SharedStrings:
    """The workbook's shared-string table: every distinct text once, cells hold its index."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.cells = 0

    def code(self, text: str) -> int:
        """The table index of one cell's text (added to the table if new)."""
        self.cells += 1
        return self.index.setdefault(text, len(self.index))

    def codes(self, texts: pd.Series) -> np.ndarray:
        """The table index of every text of a column (-1 for a missing or empty one), each distinct text looked
        up once."""
        local, uniques = pd.factorize(texts)
        ids = np.array([-1 if u == "" else self.index.setdefault(u, len(self.index)) for u in uniques.tolist()] + [-1])
        codes = ids[local]   # local -1 (missing) picks the final -1
        self.cells += int((codes >= 0).sum())
        return codes

    def xml(self) -> str:
        texts = list(self.index)
        if texts and not PLAIN_NOT.search("".join(texts)) and max(map(len, texts)) <= MAX_CELL_TEXT:
            items = f"<si>{T}" + f"</t></si><si>{T}".join(texts) + "</t></si>"   # nothing to escape or cut
        else:
            items = "".join(f"<si>{T}{_t(text)}</t></si>" for text in texts)
        return f'{HEAD}<sst {NS} count="{self.cells}" uniqueCount="{len(self.index)}">{items}</sst>'


def _t(text: str) -> str:
    """``text`` as a <t> element holds it: cut to Excel's limit, escaped, without characters XML cannot hold."""
    return escape(NOT_XML.sub("", text[:MAX_CELL_TEXT]))


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _kind(values: pd.Series) -> str:
    """'number', 'text' or 'mixed' (cells written one by one)."""
    if pd.api.types.is_bool_dtype(values):
        return "mixed"
    if pd.api.types.is_numeric_dtype(values):
        return "number"
    found = pd.api.types.infer_dtype(values, skipna=True)
    return "text" if found in ("string", "empty") else "mixed"


def _number(value) -> str:
    """The shortest text that reads back as ``value``: 1557.0 -> "1557", 0.55 -> "0.55"."""
    if isinstance(value, int | np.integer):
        return str(int(value))
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _mixed_cell(value, strings: SharedStrings) -> tuple[str, str] | None:
    """(type attribute, value) of one cell of a mixed column, None for an empty one."""
    if value is None or (isinstance(value, str) and not value):
        return None
    if isinstance(value, bool):
        return ' t="b"', str(int(value))
    if isinstance(value, Number):
        return ("", _number(value)) if np.isfinite(value) else None
    if pd.isna(value):
        return None
    return ' t="s"', str(strings.code(str(value)))


def _column_cells(values, letter: str, rows: pa.Array, style: int, strings: SharedStrings) -> pa.Array:
    """The <c> elements of one column, '' for empty cells (a pyarrow string array)."""
    s = f' s="{style}"' if style else ""
    values = values if isinstance(values, pd.Series) else pd.Series(list(values))
    kind = _kind(values)
    if kind == "number":
        numbers = pa.array(values.astype(float), from_pandas=True)   # NaN is missing
        numbers = pc.if_else(pc.is_finite(numbers), numbers, pa.scalar(None, pa.float64()))
        text, marker = pc.cast(numbers, pa.string()), ""
    elif kind == "text":
        codes = strings.codes(values)
        text, marker = pa.array(np.where(codes >= 0, codes, 0), mask=codes < 0).cast(pa.string()), ' t="s"'
    else:
        cells = [_mixed_cell(v, strings) for v in values.tolist()]
        return pa.array([f'<c r="{letter}{r}"{s}{c[0]}><v>{c[1]}</v></c>' if c else ""
                         for r, c in zip(rows.to_pylist(), cells, strict=True)], type=pa.string())
    cells = pc.binary_join_element_wise(f'<c r="{letter}', rows, f'"{s}{marker}><v>', text, "</v></c>", "")
    return pc.fill_null(cells, "")


def _block_chunks(block: Block, first_row: int, strings: SharedStrings):
    """The <row> elements of a block (ASCII: texts are in the shared-string table), ROWS_PER_CHUNK rows at a time."""
    height = block.height
    for start in range(0, height, ROWS_PER_CHUNK):
        stop = min(start + ROWS_PER_CHUNK, height)
        rows = pa.array(np.arange(first_row + start, first_row + stop)).cast(pa.string())
        cells = []
        for j, column in enumerate(block.columns):
            part = column.iloc[start:stop] if isinstance(column, pd.Series) else list(column[start:stop])
            if len(part) < stop - start:   # a short column: empty below
                part = pd.Series(list(part) + [None] * (stop - start - len(part)))
            cells.append(_column_cells(part, column_letter(j), rows, block.style, strings))
        xml = pc.binary_join_element_wise('<row r="', rows, '">', *cells, "</row>", "")
        yield _joined(xml)


def _joined(texts: pa.Array) -> memoryview:
    """All values of a pyarrow string array without nulls, end to end: its data buffer between its offsets."""
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1]
    return memoryview(texts.buffers()[2])[offsets[0]:offsets[-1]]


def _pane(freeze: str) -> str:
    match = re.fullmatch(r"([A-Z]+)([0-9]+)", freeze)
    letters, row = match.group(1), int(match.group(2))
    column = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(letters))) - 1
    split = (f' xSplit="{column}"' if column else "") + (f' ySplit="{row - 1}"' if row > 1 else "")
    pane = "bottomRight" if column and row > 1 else "topRight" if column else "bottomLeft"
    return (f'<pane{split} topLeftCell="{freeze}" activePane="{pane}" state="frozen"/>'
            f'<selection pane="{pane}" activeCell="{freeze}" sqref="{freeze}"/>')


def _sheet_head(sheet: Sheet, selected: bool) -> str:
    last = f"{column_letter(max(sheet.width, 1) - 1)}{max(sheet.height, 1)}"
    view = '<sheetView tabSelected="1" workbookViewId="0">' if selected else '<sheetView workbookViewId="0">'
    view += (_pane(sheet.freeze) if sheet.freeze else "") + "</sheetView>"
    hidden = ' hidden="1"'
    cols = "".join(f'<col min="{j + 1}" max="{j + 1}" width="{w}" customWidth="1"'
                   f'{hidden if column_letter(j) in sheet.hidden else ""}/>' for j, w in enumerate(sheet.widths))
    return (f"{HEAD}<worksheet {NS} {REL_NS}><dimension ref=\"A1:{last}\"/><sheetViews>{view}</sheetViews>"
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>')


def _sheet_tail(sheet: Sheet, fills: dict[str, int]) -> str:
    tail = "</sheetData>"
    if sheet.auto_filter:
        tail += f'<autoFilter ref="{sheet.auto_filter}"/>'
    for priority, (ref, formula, colour) in enumerate(sheet.highlights, start=1):
        tail += (f'<conditionalFormatting sqref="{ref}"><cfRule type="expression" dxfId="{fills[colour]}" '
                 f'priority="{priority}"><formula>{escape(formula)}</formula></cfRule></conditionalFormatting>')
    if sheet.lists:
        tail += f'<dataValidations count="{len(sheet.lists)}">' + "".join(
            f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="{ref}">'
            f"<formula1>{escape(formula)}</formula1></dataValidation>" for ref, formula in sheet.lists)
        tail += "</dataValidations>"
    return tail + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'


def _styles(fills: dict[str, int]) -> str:
    """Fonts: plain, bold (header, wrapped at the top), bold 13 pt (title); one differential fill per colour."""
    dxfs = "".join(f'<dxf><fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/><bgColor rgb="FF{c}"/>'
                   f"</patternFill></fill></dxf>" for c in fills)
    return (f'{HEAD}<styleSheet {NS}><fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
            '<alignment vertical="top" wrapText="1"/></xf>'
            '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            f'<dxfs count="{len(fills)}">{dxfs}</dxfs></styleSheet>')


def _workbook(sheets: list[Sheet]) -> str:
    entries = "".join(f'<sheet name={quoteattr(s.title)} sheetId="{i}" r:id="rId{i}"/>'
                      for i, s in enumerate(sheets, start=1))
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_quoted(s.title))}!{_absolute(s.auto_filter)}</definedName>"
        for i, s in enumerate(sheets) if s.auto_filter)
    return (f'{HEAD}<workbook {NS} {REL_NS}><bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets>{entries}</sheets>{f"<definedNames>{names}</definedNames>" if names else ""}'
            '<calcPr calcId="191029"/></workbook>')


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """'A1:L9' -> '$A$1:$L$9'."""
    return re.sub(r"([A-Z]+)([0-9]+)", r"$\1$\2", ref)


def _fills(sheets: list[Sheet]) -> dict[str, int]:
    """Every highlight colour -> its differential style (dxf) index."""
    return {colour: i for i, colour in enumerate(dict.fromkeys(c for s in sheets for _, _, c in s.highlights))}


def _package(sheets: list[Sheet]) -> dict[str, str]:
    """Every part but the worksheets and shared strings: content types, relationships, workbook, styles."""
    sheet_types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SML}.worksheet+xml"/>'
                          for i in range(1, len(sheets) + 1))
    sheet_rels = "".join(f'<Relationship Id="rId{i}" Type="{DOC_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                         for i in range(1, len(sheets) + 1))
    return {
        "[Content_Types].xml": (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SML}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{SML}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SML}.sharedStrings+xml"/>'
            f"{sheet_types}</Types>"),
        "_rels/.rels": (f'{HEAD}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                        f'Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": _workbook(sheets),
        "xl/_rels/workbook.xml.rels": (
            f'{HEAD}<Relationships xmlns="{PKG_REL}">{sheet_rels}<Relationship Id="rId{len(sheets) + 1}" '
            f'Type="{DOC_REL}/styles" Target="styles.xml"/><Relationship Id="rId{len(sheets) + 2}" '
            f'Type="{DOC_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/styles.xml": _styles(_fills(sheets)),
    }


def write_workbook(target, sheets: list[Sheet]) -> None:
    """Write ``sheets`` as an .xlsx to a path or a binary file object; the first sheet is the one shown."""
    parts, fills, strings = _package(sheets), _fills(sheets), SharedStrings()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for number, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as stream:
                stream.write(_sheet_head(sheet, number == 1).encode("utf-8"))
                row = 1
                for block in sheet.blocks:
                    for chunk in _block_chunks(block, row, strings):
                        stream.write(chunk)
                    row += block.height
                stream.write(_sheet_tail(sheet, fills).encode("utf-8"))
        archive.writestr("xl/sharedStrings.xml", strings.xml())
