"""Workbooks people open in Excel (and the text pages beside them): the one place reports are written.

>>> import io
>>> buffer = io.BytesIO()
>>> _ = write_workbook({"表": pd.DataFrame({"名称": ["=1+1"], "数": [3]})}, buffer, caption="说明")
>>> from openpyxl import load_workbook
>>> sheet = load_workbook(buffer)["表"]
>>> sheet["A3"].value, sheet["A3"].data_type, sheet["B3"].value
('=1+1', 's', 3)
"""
from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def write_workbook(sheets: dict[str, pd.DataFrame], path, *, caption: str, pictures: dict[str, bytes] | None = None):
    """Write data frames as sheets to ``path`` (a path or a binary file object): a caption in row 1,
    the header (bold, frozen, with a filter) in row 2, widths to fit, text never run as a formula.
    ``pictures`` (title -> PNG) go one below the other on a sheet 一图 after the first sheet."""
    # lazy: openpyxl (~0.1 s) only when a workbook is written
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if isinstance(path, (str, Path)):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.cell(row=1, column=1, value=safe_text(caption)).font = Font(italic=True, color="AA0000")
        first = 2
        for col, header in enumerate(frame.columns, start=1):
            sheet.cell(row=first, column=col, value=safe_text(str(header))).font = Font(bold=True)
        for r, row in enumerate(frame.itertuples(index=False), start=first + 1):
            for col, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=col)
                cell.value = cell_value(value)
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
        sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
        if len(frame.columns):
            sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(frame.columns))}{max(first, first + len(frame))}"
        for col, header in enumerate(frame.columns, start=1):
            texts = [str(header)] + [str(v) for v in frame.iloc[:200, col - 1].tolist()]
            width = max(_display_width(t) for t in texts)
            sheet.column_dimensions[get_column_letter(col)].width = min(60, max(8, width + 2))
    if pictures:
        sheet = book.create_sheet("一图", 1)
        top = 1
        for png in pictures.values():
            top += math.ceil(add_picture(sheet, png, f"A{top}", width_px=1100) / 20) + 2
    book.save(path)
    return path


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def safe_text(text: str) -> str:
    """Text that a spreadsheet will not run as a formula (for CSV; XLSX cells are typed as text too)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def cell_value(value):
    """Plain cell values: NaN -> empty, lists joined, numpy scalars unwrapped."""
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, bool):
        return "是" if value else ""
    return value


def add_picture(sheet, png: bytes, anchor: str = "A1", *, width_px: int = 960) -> int:
    """Put a PNG into an openpyxl worksheet at ``anchor``, scaled to ``width_px`` wide (for the 一图N清单 workbook);
    returns the height it takes in pixels (a default row is 20 px high), to place the next one below.

    >>> from openpyxl import Workbook
    >>> from graph.model import Chain, Segment
    >>> from graph.picture import chain_map_picture
    >>> sheet = Workbook().active
    >>> add_picture(sheet, chain_map_picture(Chain("c", "链", "C", (Segment("a", "甲", "A", "upstream"),), ()), {}))
    363
    >>> len(sheet._images)
    1
    """
    from openpyxl.drawing.image import Image  # lazy: openpyxl only when a workbook is written

    image = Image(io.BytesIO(png))
    scale = width_px / image.width
    image.width, image.height = width_px, math.ceil(image.height * scale)
    sheet.add_image(image, anchor)
    return image.height


def write_text(path: str | Path, text: str) -> Path:
    """Write a UTF-8 text file (an HTML page beside a workbook), creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
