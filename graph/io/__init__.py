"""Reading and writing chain maps and datasets, with validation users can act on.

This package is the only code that touches chain YAML, CSV and XLSX files. Every problem is
collected in one pass as an :class:`Issue` naming file, row and column; if any issue is an
error, :class:`DataError` is raised and nothing is loaded. Rows are numbered as a spreadsheet
shows them: the header is row 1, the first record row 2.

One module per concern: issues (Issue, DataError), limits (file-size limits), paths, schemas
(table columns), decoding (bytes → text), tables (CSV/XLSX → raw cells), headers (header row),
cells (one cell → a value), regions (province and city names), chainmaps, datasets, uploads, writing.

>>> ds = read_dataset(DEMO_DATA)
>>> len(ds.chains), ds.meta.region
(11, '山东省')
"""
from graph.io.cells import parse_quantity, split_header, unit_factor
from graph.io.chainmaps import read_chain_set, read_plan, resolve_chain_set
from graph.io.datasets import check_dataset, read_dataset
from graph.io.headers import find_header_row
from graph.io.issues import DataError, Issue
from graph.io.limits import MAX_FILE_MB, MAX_UPLOAD_FILES, MAX_UPLOAD_MB
from graph.io.paths import CHAINS_ROOT, DEMO_DATA, GEO_CITIES, PROJECT_ROOT
from graph.io.regions import normalise_city, normalise_province, read_city_coordinates
from graph.io.uploads import stage_upload
from graph.io.writing import dataset_tables, write_dataset

__all__ = [
    "CHAINS_ROOT", "DEMO_DATA", "GEO_CITIES", "MAX_FILE_MB", "MAX_UPLOAD_FILES", "MAX_UPLOAD_MB", "PROJECT_ROOT",
    "DataError", "Issue", "check_dataset", "dataset_tables", "find_header_row", "normalise_city",
    "normalise_province", "parse_quantity", "read_chain_set", "read_city_coordinates", "read_dataset", "read_plan",
    "resolve_chain_set", "split_header", "stage_upload", "unit_factor", "write_dataset",
]
