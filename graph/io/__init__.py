"""Reading and writing chain maps and datasets, with validation users can act on.

This package is the only code that touches chain YAML, CSV and XLSX files. Every problem is
collected in one pass as an :class:`Issue` naming file, row and column; if any issue is an
error, :class:`DataError` is raised and nothing is loaded. Rows are numbered as a spreadsheet
shows them: the header is row 1, the first record row 2.

One module per concern, in the order data flows:
  limits, paths            size limits (the only place) and the project's data folders
  decoding                 bytes → UTF-8 (UTF-8, BOM, GB18030/GBK; mixed encodings refused)
  tables                   CSV/XLSX → raw text columns with spreadsheet row numbers (pyarrow fast path)
  schemas                  the tables' columns: kinds, required flags, units, header aliases
  headers, cells, regions  primitives: header row, header units and quantities, province and city names
  columns, parsing         a raw table → typed columns, every column checked at once
  datasets                 a dataset folder → validated :class:`graph.model.Dataset` (cross-table checks)
  pool                     a reference pool of candidate firms: a dataset plus the basis of each placement
  chainmaps, yamltext      chain maps, plans and the products no segment holds; YAML through libyaml
  synthregion              the region the synthetic demo is made for (chains/shandong_synth.yaml)
  meta                     dataset.yaml read as it stands (no validation) and written
  issues, uploads, writing problems found; uploaded files staged; datasets written back

>>> ds = read_dataset(DEMO_DATA)
>>> len(ds.chains), ds.meta.region
(11, '山东省')
"""
from graph.io.cells import parse_money, parse_quantity, split_header, unit_factor
from graph.io.chainmaps import read_chain_set, read_plan, read_products, resolve_chain_set
from graph.io.datasets import check_dataset, read_dataset
from graph.io.headers import find_header_row
from graph.io.issues import DataError, Issue
from graph.io.limits import MAX_FILE_MB, MAX_UPLOAD_FILES, MAX_UPLOAD_MB
from graph.io.meta import read_meta, write_meta
from graph.io.paths import CHAINS_ROOT, DEMO_DATA, PROJECT_ROOT, SHANDONG_SYNTH
from graph.io.pool import REFERENCE_POOL, read_pool
from graph.io.regions import normalise_city, normalise_province
from graph.io.synthregion import SynthRegion, read_synth_region
from graph.io.uploads import stage_upload, upload_folder
from graph.io.writing import dataset_tables, write_dataset

__all__ = [
    "CHAINS_ROOT", "DEMO_DATA", "MAX_FILE_MB", "MAX_UPLOAD_FILES", "MAX_UPLOAD_MB", "PROJECT_ROOT", "SHANDONG_SYNTH",
    "DataError", "Issue", "REFERENCE_POOL", "SynthRegion", "check_dataset", "dataset_tables", "find_header_row",
    "normalise_city", "normalise_province", "parse_money", "parse_quantity", "read_chain_set", "read_dataset",
    "read_meta", "read_plan", "read_pool", "read_products", "read_synth_region", "resolve_chain_set", "split_header",
    "stage_upload", "unit_factor", "upload_folder", "write_dataset", "write_meta",
]
