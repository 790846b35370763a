"""A brief (graph.brief) written as Word (.docx, python-docx) or PDF (fpdf2 with an embedded CJK font), A4.

Why these libraries (docs/cli.md#brief): python-docx writes plain OOXML that Word and WPS open and edit (tables stay
tables, text stays text). fpdf2 embeds a subset of an OpenType CJK font — including the CFF-outline Noto Sans CJK
collection Debian's fonts-noto-cjk installs, which reportlab's TrueType embedding cannot read — and writes a
ToUnicode map, so the PDF renders and its Chinese text extracts offline; it is pure Python with no system libraries.

Speed (issue 23: a brief ≤ 2 s end to end): fpdf2 would parse the whole 16 MB collection face and subset it on
output (about 0.6 s a PDF); :func:`_font_subset` first cuts the face down to the brief's own characters with
fontTools, so fpdf2 parses and writes a ~50 KB font. The glyphs, their widths and the layout are the same (the
pages render pixel for pixel as before). :func:`open_font_ahead` opens the face before the text is known.

A brief must fit its pages (``Brief.max_pages``): the PDF is written at the normal size, and again a size smaller
(and a smaller map picture) when it would run over. The .docx is written at the normal size; LibreOffice lays every
demo brief out within its pages (`python -m bench.brief_office`).
"""
from __future__ import annotations

import io
import tempfile
from functools import cache
from pathlib import Path

from graph.brief import Brief
from graph.cjk_font import cjk_font_file

A4_MARGIN_MM = 14
SIZES = ((9.5, 78.0), (8.5, 66.0), (7.5, 56.0))    # (body points, greatest map height in mm), tried in order


@cache
def _font_file() -> tuple[str, int]:
    """One regular CJK face for everything (headings differ by size and colour): embedding a second, bold face
    would double the time a PDF takes (parsing and subsetting a 16 MB collection, about 0.5 s each)."""
    return cjk_font_file()


_OPENED: list = []      # faces opened ahead of need (graph.brief_cli's helper process); each serves one PDF


def _open_face():
    """The CJK face (fontTools), ready to cut down: no layout tables (fpdf2 does not shape text, and would drop
    them: fontTools would read them whole, 0.2 s), one character map (each costs 0.05 s to read), and the tables
    a subset reads already read."""
    from fontTools.ttLib import TTFont  # fontTools comes with fpdf2: only PDFs need it

    path, index = _font_file()
    font = TTFont(path, fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG"):
        if tag in font:
            del font[tag]
    cmap = font["cmap"]
    cmap.tables = [max(cmap.tables, key=lambda t: (t.platformID == 3, t.format == 12))]
    touched = [cmap.tables[0].cmap] + [font[tag] for tag in ("head", "hhea", "maxp", "OS/2", "post", "name", "hmtx")
                                       if tag in font]       # touched: fontTools reads a table when first asked
    if "CFF " in font:
        top = font["CFF "].cff.topDictIndex[0]
        touched += [top.CharStrings, getattr(top, "FDSelect", None), getattr(top, "FDArray", None)]
    return font


def open_font_ahead() -> None:
    """Open the CJK face now for the next PDF (graph.brief_cli's helper process, while the data are read)."""
    _OPENED.append(_open_face())


def _font_subset(text: str) -> bytes:
    """The CJK face cut down to the characters of ``text`` and printable ASCII, as an OpenType font, subroutines
    inlined and bounding boxes kept as they are, so that fpdf2's own subsetting and writing of it takes
    milliseconds.

    >>> len(_font_subset("产业链")) < 200_000
    True
    """
    from fontTools.subset import Options, Subsetter  # fontTools only for PDFs (as in _open_face)

    font = _OPENED.pop() if _OPENED else _open_face()
    subsetter = Subsetter(Options(notdef_outline=True, recommended_glyphs=True, desubroutinize=True))
    subsetter.populate(unicodes={ord(c) for c in text} | set(range(0x20, 0x7F)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _image_size(png: bytes) -> tuple[int, int]:
    from PIL import Image  # Pillow (with matplotlib) only for a brief with a picture

    with Image.open(io.BytesIO(png)) as image:
        return image.size


def _pdf(brief: Brief, body: float, map_height: float, font_path: Path):
    from fpdf import FPDF  # fpdf2 only when a PDF is asked for (0.2 s of imports)
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(A4_MARGIN_MM, A4_MARGIN_MM, A4_MARGIN_MM)
    pdf.set_auto_page_break(True, A4_MARGIN_MM)
    pdf.add_font("cjk", "", font_path)
    pdf.fonts["cjk"].ttfont.recalcBBoxes = False     # the face's own boxes: recomputing them costs 0.1 s a PDF
    pdf.set_title(brief.title)
    pdf.set_creator("Chain Explorer")
    pdf.add_page()
    width = pdf.epw
    line = body * 0.47
    pdf.set_font("cjk", "", body + 6)
    pdf.multi_cell(width, (body + 6) * 0.5, brief.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", body - 1)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, line, brief.subtitle, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)
    for block in brief.blocks:
        if block.kind == "heading":
            if pdf.will_page_break(body * 2.2):       # no heading alone at the foot of a page
                pdf.add_page()
            pdf.ln(1.2)
            pdf.set_font("cjk", "", body + 1.5)
            pdf.set_text_color(31, 78, 121)
            pdf.multi_cell(width, (body + 1.5) * 0.5, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            pdf.ln(0.6)
        elif block.kind in ("para", "note"):
            pdf.set_font("cjk", "", body if block.kind == "para" else body - 1.5)
            if block.kind == "note":
                pdf.set_text_color(110, 110, 110)
            pdf.multi_cell(width, line, block.text, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_text_color(0, 0, 0)
        elif block.kind == "image":
            w_px, h_px = _image_size(block.image)
            w = min(width, map_height * w_px / h_px)
            pdf.image(io.BytesIO(block.image), x=pdf.l_margin + (width - w) / 2, w=w)
        elif block.kind == "table":
            size = body - 1.5
            pdf.set_font("cjk", "", size)
            heading = FontFace(emphasis="NONE", fill_color=(226, 234, 243))
            with pdf.table(col_widths=[w * 100 for w in block.widths] or None, width=width, text_align="LEFT",
                           line_height=size * 0.45, padding=0.8, first_row_as_headings=bool(block.header),
                           headings_style=heading, borders_layout="HORIZONTAL_LINES") as table:
                for row in ([block.header] if block.header else []) + block.rows:
                    cells = table.row()
                    for cell in row:
                        cells.cell(str(cell))
            pdf.ln(1)
    return pdf


def to_pdf(brief: Brief) -> tuple[bytes, int, float]:
    """(the PDF, its pages, the body size used): the first of :data:`SIZES` that fits ``brief.max_pages``."""
    with tempfile.TemporaryDirectory() as folder:
        font_path = Path(folder) / "cjk.otf"       # fpdf2 reads fonts from files named .otf/.ttf only
        font_path.write_bytes(_font_subset(brief.text()))
        for body, map_height in SIZES:
            pdf = _pdf(brief, body, map_height, font_path)
            if pdf.pages_count <= brief.max_pages:
                break
        return bytes(pdf.output()), pdf.pages_count, body


def to_docx(brief: Brief, *, body: float = SIZES[0][0], map_height: float = SIZES[0][1]) -> bytes:
    """The .docx of ``brief``: A4, East Asian text in 宋体 (SimSun; Word and WPS substitute an installed CJK font),
    Latin in Arial, tables with a header row."""
    # lazy: python-docx only when a .docx is asked for (the PDF and the app's pages go without it)
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(A4_MARGIN_MM))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(body)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    normal.paragraph_format.space_after = Pt(2)
    doc.core_properties.title = brief.title
    doc.core_properties.author = "Chain Explorer"

    def paragraph(text: str, *, size: float = body, bold: bool = False, color=None):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.font.size, run.font.bold = Pt(size), bold
        if color:
            run.font.color.rgb = RGBColor(*color)
        return p

    paragraph(brief.title, size=body + 6, bold=True)
    paragraph(brief.subtitle, size=body - 1, color=(90, 90, 90))
    width_mm = 210 - 2 * A4_MARGIN_MM
    for block in brief.blocks:
        if block.kind == "heading":
            paragraph(block.text, size=body + 1.5, bold=True, color=(31, 78, 121)).paragraph_format.space_before = Pt(5)
        elif block.kind == "para":
            paragraph(block.text)
        elif block.kind == "note":
            paragraph(block.text, size=body - 1.5, color=(110, 110, 110))
        elif block.kind == "image":
            w_px, h_px = _image_size(block.image)
            doc.add_picture(io.BytesIO(block.image), width=Mm(min(width_mm, map_height * w_px / h_px)))
            doc.paragraphs[-1].alignment = 1
        elif block.kind == "table":
            rows = ([block.header] if block.header else []) + block.rows
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for column, share in zip(table.columns, block.widths, strict=False):
                column.width = Mm(width_mm * share)    # the grid: LibreOffice (and WPS) size columns by it, Word by cells
            for i, row in enumerate(rows):
                for j, value in enumerate(row):
                    cell = table.cell(i, j)
                    if block.widths:
                        cell.width = Mm(width_mm * block.widths[j])
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(str(value))
                    run.font.size, run.font.bold = Pt(body - 1.5), bool(block.header) and i == 0
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_brief(brief: Brief, path) -> dict:
    """Write ``brief`` to ``path`` (.docx or .pdf, by its suffix); returns {path, format, pages (PDF only)}."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise ValueError(f"--out must end in .docx or .pdf, not {path.name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        data, pages, _ = to_pdf(brief)
        path.write_bytes(data)
        return {"path": str(path), "format": "pdf", "pages": pages}
    path.write_bytes(to_docx(brief))
    return {"path": str(path), "format": "docx"}
