"""Do the .docx briefs open in an office suite? `python -m bench.brief_office [--lang zh] [--chain C ...]`.

A one-off check, not a test: it needs LibreOffice (`apt-get install libreoffice-writer-nogui`), which the project
does not install. For every chain of the demo it writes the chain brief and the firm brief (the chain's top
attraction target) as .docx and

1. checks the package as Word reads it (:func:`package_problems`): the zip is intact, every part parses, has a
   content type and every internal relationship points at a part; every element belongs to an ECMA-376
   (transitional) namespace or to one its part declares ignorable (``mc:Ignorable``), so Word 2007 and WPS skip
   what they do not know; every table cell ends with a paragraph and every row has the grid's columns (Word calls
   a file without them "unreadable content"); drawing ids are unique; python-docx opens it again;
2. converts every .docx to PDF with LibreOffice headless (`soffice --headless --convert-to pdf`), extracts the text
   (PDFium) and checks that the chain's gaps and weak links and their top targets (firm brief: the firm and its
   segment) are in it; prints the pages LibreOffice laid out.
"""
from __future__ import annotations

import argparse
import io
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

from docx import Document
from lxml import etree

from bench.common import table
from graph.analysis.risk import risk_table
from graph.analysis.summary import analyze_chain
from graph.brief import GAPS_SHOWN, TARGETS_EACH, chain_brief, firm_brief
from graph.brief_render import to_docx
from graph.facts import Facts
from graph.io import PROJECT_ROOT, read_dataset

DEMO = PROJECT_ROOT / "data" / "demo"
ECMA_376 = {
    "http://schemas.openxmlformats.org/package/2006/content-types",
    "http://schemas.openxmlformats.org/package/2006/relationships",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/", "http://purl.org/dc/dcmitype/",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office", "urn:schemas-microsoft-com:office:word",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_IGNORABLE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable"


def package_problems(data: bytes) -> list[str]:
    """What would keep Word or WPS from opening the .docx ``data`` cleanly (empty when nothing)."""
    problems = []
    package = zipfile.ZipFile(io.BytesIO(data))
    if package.testzip() is not None:
        return ["a damaged zip member"]
    names = set(package.namelist())
    types = etree.fromstring(package.read("[Content_Types].xml"))
    defaults = {e.get("Extension").lower() for e in types if e.tag.endswith("Default")}
    overrides = {e.get("PartName") for e in types if e.tag.endswith("Override")}
    for name in sorted(names - {"[Content_Types].xml"}):
        if f"/{name}" not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
            problems.append(f"{name}: no content type")
        if not name.endswith((".xml", ".rels")):
            continue
        root = etree.fromstring(package.read(name))
        ignorable = {root.nsmap.get(prefix) for prefix in (root.get(MC_IGNORABLE) or "").split()}
        foreign = {etree.QName(e).namespace for e in root.iter() if isinstance(e.tag, str)} - ECMA_376 - ignorable
        problems += [f"{name}: element of {ns} (neither ECMA-376 nor declared ignorable)" for ns in sorted(foreign)]
        if name.endswith(".rels"):
            base = PurePosixPath(name).parent.parent
            for rel in root:
                target = rel.get("Target")
                if rel.get("TargetMode") != "External":
                    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(str(base / target))
                    if part not in names:
                        problems.append(f"{name}: relationship to a missing part {target}")
    document = etree.fromstring(package.read("word/document.xml"))
    for i, tbl in enumerate(document.iter(f"{W}tbl")):
        grid = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        for row in tbl.findall(f"{W}tr"):
            cells = row.findall(f"{W}tc")
            spans = sum(int(c.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val")) if c.find(f"{W}tcPr/{W}gridSpan")
                        is not None else 1 for c in cells)
            if spans != grid:
                problems.append(f"table {i + 1}: a row of {spans} columns in a grid of {grid}")
            if any(len(c) == 0 or c[-1].tag != f"{W}p" for c in cells):
                problems.append(f"table {i + 1}: a cell that does not end with a paragraph")
    ids = [e.get("id") for e in document.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                              "wordprocessingDrawing}docPr")]
    if len(ids) != len(set(ids)):
        problems.append("drawing ids repeat")
    if document.find(f"{W}body")[-1].tag != f"{W}sectPr":
        problems.append("the body does not end with its section properties")
    try:
        Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 (any failure to open is the finding)
        problems.append(f"python-docx cannot open it again: {error}")
    return problems


def squeeze(text: str) -> str:
    r"""Text without whitespace and hyphens: lines wrap inside names, and PDFium reads a hyphen that ends a line as
    U+FFFE (or U+0002).

    >>> squeeze("High\ufffehorsepower \r\ntractors") == squeeze("High-horsepower tractors")
    True
    """
    return re.sub(r"[\s\-\ufffe\x02]+", "", text)


def briefs(lang: str, chains: list[str] | None):
    """(file stem, brief, the words its text must hold) for the chain and the firm brief of every chain."""
    old = Facts.from_dataset(read_dataset(DEMO.parent / "demo-2023"))
    new = Facts.from_dataset(read_dataset(DEMO))
    key = "name_en" if lang == "en" else "name"
    for chain_id in chains or new.chain_ids():
        result = analyze_chain(new, chain_id)
        shown = (result.gaps.to_dict("records") + result.weak_links.to_dict("records"))[:GAPS_SHOWN]
        words = [w for row in shown for w in [row[key], *result.targets[result.targets["segment_id"] ==
                                                                          row["segment_id"]].head(TARGETS_EACH)["name"]]]
        yield (f"{chain_id}-chain", chain_brief(new, chain_id, lang=lang, previous=old, result=result,
                                                risk=risk_table(old, new, chain=chain_id)), words)
        top = result.targets.iloc[0]
        yield (f"{chain_id}-firm", firm_brief(new, chain_id, top["firm_id"], lang=lang, result=result),
               [top["name"], top["segment_name_en" if lang == "en" else "segment_name"]])


def check(lang: str = "zh", chains: list[str] | None = None) -> int:
    import pypdfium2  # a dev requirement (requirements-dev.txt): only this check reads the PDFs

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui", file=sys.stderr)
        return 1
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip()
    rows, failed = [], 0
    with tempfile.TemporaryDirectory() as folder:
        made = {}
        for stem, brief, words in briefs(lang, chains):
            data = to_docx(brief)
            (Path(folder) / f"{stem}.docx").write_bytes(data)
            made[stem] = (words, package_problems(data))
        started = time.perf_counter()
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                        "pdf", "--outdir", folder, *sorted(str(p) for p in Path(folder).glob("*.docx"))],
                       check=True, capture_output=True)
        seconds = time.perf_counter() - started
        for stem, (words, problems) in made.items():
            pdf = Path(folder) / f"{stem}.pdf"
            if not pdf.exists():
                rows.append([stem, "-", "LibreOffice wrote no PDF", "; ".join(problems) or "none"])
                failed += 1
                continue
            document = pypdfium2.PdfDocument(pdf)
            text = squeeze("".join(page.get_textpage().get_text_range() for page in document))
            missing = [w for w in words if squeeze(w) not in text]
            failed += bool(missing or problems)
            rows.append([stem, len(document), f"{len(words) - len(missing)}/{len(words)}"
                         + (f" (missing: {', '.join(missing)})" if missing else ""), "; ".join(problems) or "none"])
    table(f"The demo's briefs (.docx, lang {lang}) opened by {version} headless ({len(made)} files converted to PDF "
          f"in {seconds:.1f} s)", ["brief", "pages (LibreOffice)", "gaps, weak links and top targets found",
                                   "package problems"], rows)
    print(f"\n{len(rows) - failed} of {len(rows)} briefs pass." if failed else f"\nAll {len(rows)} briefs pass.")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.brief_office", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--chain", action="append", help="only these chains (default: every chain of the demo)")
    options = parser.parse_args(argv)
    return check(options.lang, options.chain)


if __name__ == "__main__":
    sys.exit(main())
