"""Write expected_*: what classify gives on fixed registries, kept to show that speed work changes no result.

Run once from the repository root with the code whose results are the reference (first recorded at main e085e35,
before the review workbook got its own writer; recorded again for issue 20, when the rules learnt to read
registration exports):  python tests/data/classify/make_expected.py
- expected_labelled.csv.gz: every candidate (graph.classify.propose.COLUMNS) of every firm of
  tests/data/registry/labelled.csv; expected_labelled_review.json.gz: every cell value of every sheet of its review
  workbook, sheet by sheet (both kept whole, so a difference can be read);
- expected_digests.json: the SHA-256 of both and of the dataset's files (dataset.yaml, firms.csv,
  firm_segments.csv, joined), for labelled.csv and for demo_registry.csv.gz (the demo's registry
  view, 4,015 firms with GB/T codes and 经营范围; digests only, to keep the repository small).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REGISTRIES = {"labelled": ROOT / "tests" / "data" / "registry" / "labelled.csv",
              "demo_registry": HERE / "demo_registry.csv.gz"}


def workbook_cells(path) -> dict[str, list[list]]:
    """Every sheet's rows of cell values (trailing empty cells dropped), as JSON can hold them."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        sheets = {}
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                row = list(row)
                while row and row[-1] is None:
                    row.pop()
                rows.append(row)
            sheets[sheet.title] = rows
        return sheets
    finally:
        book.close()


def registry_file(name: str, folder: Path) -> Path:
    """The registry as a plain file (the demo view is stored gzipped)."""
    source = REGISTRIES[name]
    if source.suffix != ".gz":
        return source
    path = folder / source.stem
    path.write_bytes(gzip.decompress(source.read_bytes()))
    return path


def outputs(name: str, folder: Path) -> tuple[str, str, str]:
    """(the candidates as CSV text, the review workbook's cells as JSON text, the dataset's files) of a registry."""
    from graph.classify.pipeline import classify_registry, write_outputs

    result = classify_registry(registry_file(name, folder), label=f"{name}.csv")
    _, review = write_outputs(result, folder / name)
    cells = json.dumps(workbook_cells(review), ensure_ascii=False, separators=(",", ":"))
    files = "".join((folder / name / f).read_text(encoding="utf-8")
                    for f in ("dataset.yaml", "firms.csv", "firm_segments.csv"))
    return result.proposals.to_csv(index=False), cells, files


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    sys.path.insert(0, str(ROOT))
    digests = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in REGISTRIES:
            proposals, cells, files = outputs(name, Path(tmp))
            digests[name] = {"proposals": digest(proposals), "review": digest(cells), "dataset": digest(files)}
            if name == "labelled":
                (HERE / "expected_labelled.csv.gz").write_bytes(gzip.compress(proposals.encode("utf-8"), mtime=0))
                (HERE / "expected_labelled_review.json.gz").write_bytes(gzip.compress(cells.encode("utf-8"), mtime=0))
    (HERE / "expected_digests.json").write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
