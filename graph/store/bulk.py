"""`load --bulk`: a whole dataset into the local server `python -m graph server` manages, by Neo4j's offline
importer (``neo4j-admin database import full``) instead of Cypher batches.

The server is stopped, the database is rebuilt from CSV files written here (from the staging rows of
graph.store.staging, in the versioned schema of graph.store.loading: every node carries ``version``), the server
is started again with the options it had, and the constraints and the ``(:Dataset)`` node are created. Whatever
the database held is replaced, and readers get no answer while the server is down: meant for a first load or an
offline refresh of a big province. Drivers opened before it must be closed: the new database's transaction ids
start again, below their bookmarks.

>>> bulk_load(read_dataset("data/demo"), port=7687)       # doctest: +SKIP
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import csv as pa_csv

from graph import server
from graph.model import Dataset, empty_table
from graph.store import queries as Q
from graph.store.driver import driver_from_env
from graph.store.errors import LoadError
from graph.store.frames import dataset_frames
from graph.store.loading import Loader
from graph.store.neo4j import Neo4jStore
from graph.store.staging import check_references, staging_rows
from graph.store.versions import META_FIELDS, dataset_key

NODES = ("Chain", "Segment", "City", "Firm", "Project")
RELATIONSHIPS = ("HAS_SEGMENT", "FEEDS", "LOCATED_IN", "OPERATES_IN", "SUPPLIES", "TARGETS")
ARRAY = ";"   # array delimiter: tags come ';'-joined (graph.model.Dataset); chain-map word lists hold no ';'


def _segment_ids(frame: pd.DataFrame) -> pd.Series:
    return frame["chain_id"].astype(str) + "/" + frame["segment_id"].astype(str)


def import_tables(dataset: Dataset, frames: dict[str, pd.DataFrame], version: str) -> dict[str, pd.DataFrame]:
    """{label or relationship type: DataFrame} under the importer's header names, in the schema of
    graph.store.loading (every node carries ``version``; a null cell writes no property)."""
    small = staging_rows(Dataset(dataset.meta, dataset.chains, empty_table("firms"), empty_table("firm_segments"),
                                  empty_table("supply"), benchmark=dataset.benchmark))
    chains = pd.DataFrame([[r[0], *r[:4], ARRAY.join(r[4]) if r[4] else None] for r in small["chains"]],
                          columns=[":ID(Chain)", "chain_id", "name", "name_en", "description", "labels:string[]"])
    segments = pd.DataFrame([[f"{r[0]}/{r[1]}", *r[:7], *(ARRAY.join(v) if v else None for v in r[7:10]), *r[10:]]
                             for r in small["segments"]],
                            columns=[":ID(Segment)", "chain_id", "segment_id", "name", "name_en", "stage",
                                     "key_tech:boolean", "order:int", "industries:string[]", "keywords:string[]",
                                     "exclude:string[]", "benchmark_firms:double", "benchmark_revenue:double"])
    firms, projects, memberships = frames["firms"], frames["projects"], frames["firm_segments"]
    has_city = firms["city"].notna() & (firms["city"] != "")
    city_ids = firms["province"].astype(str) + "/" + firms["city"].astype(str)
    tables = {
        "Chain": chains, "Segment": segments,
        "City": pd.DataFrame({":ID(City)": city_ids[has_city], "province": firms.loc[has_city, "province"],
                              "name": firms.loc[has_city, "city"]}).drop_duplicates(":ID(City)"),
        "Firm": pd.DataFrame({":ID(Firm)": firms["firm_id"], "firm_id": firms["firm_id"], "name": firms["name"],
                              "province": firms["province"], "city": firms["city"].where(has_city),
                              "uscc": firms["uscc"], "revenue:double": firms["revenue"],
                              "registered_capital:double": firms["registered_capital"],
                              "employees:double": firms["employees"], "founded:double": firms["founded"],
                              "tags:string[]": firms["tags"].where(firms["tags"] != ""),
                              "local:boolean": firms["province"] == dataset.meta.region}),
        "Project": projects.rename(columns={"investment": "investment:double"}).assign(
            **{":ID(Project)": projects["project_id"]}),
        "HAS_SEGMENT": pd.DataFrame({":START_ID(Chain)": segments["chain_id"],
                                     ":END_ID(Segment)": segments[":ID(Segment)"]}),
        "FEEDS": pd.DataFrame([[f"{c}/{a}", f"{c}/{b}"] for c, a, b in small["feeds"]],
                              columns=[":START_ID(Segment)", ":END_ID(Segment)"]),
        "LOCATED_IN": pd.DataFrame({":START_ID(Firm)": firms.loc[has_city, "firm_id"],
                                    ":END_ID(City)": city_ids[has_city]}),
        "OPERATES_IN": pd.DataFrame({":START_ID(Firm)": memberships["firm_id"],
                                     ":END_ID(Segment)": _segment_ids(memberships), "share:double": memberships["share"],
                                     "confidence:double": memberships["confidence"],
                                     "reviewed:double": memberships["reviewed"],
                                     "row:int": range(2, len(memberships) + 2)}),
        "SUPPLIES": frames["supply"].rename(columns={"supplier_id": ":START_ID(Firm)", "customer_id": ":END_ID(Firm)",
                                                     "amount": "amount:double"}),
        "TARGETS": pd.DataFrame({":START_ID(Project)": projects["project_id"], ":END_ID(Segment)": _segment_ids(projects)}),
    }
    for label in NODES:
        tables[label] = tables[label].assign(version=version)
    return tables


def write_import_files(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, int]:
    """One CSV per label and relationship type (pyarrow's writer); returns the rows written per file."""
    for name, frame in tables.items():
        pa_csv.write_csv(pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False),
                         folder / f"{name}.csv", pa_csv.WriteOptions(quoting_style="needed"))
    return {name: len(frame) for name, frame in tables.items()}


def bulk_load(dataset: Dataset, *, port: int, home: Path | None = None, database: str = "neo4j",
              timings: dict | None = None) -> dict:
    """Replace the managed server's database with ``dataset`` by the offline importer; return the counts.

    ``timings`` (a dict) receives the seconds of each step: files, stop, import, start, schema.
    """
    clock = [time.perf_counter()]
    timings = {} if timings is None else timings

    def step(name: str) -> None:
        now = time.perf_counter()
        timings[name] = now - clock[0]
        clock[0] = now

    info = server.status(port=port, home=home)
    if info is None:
        raise LoadError(f"load --bulk needs the Neo4j that `python -m graph server` runs on port {port}; "
                        "none runs there (without --bulk, load works with any Neo4j)")
    options = server.options(port=port, home=home)
    frames = dataset_frames(dataset)
    check_references(dataset, frames)
    version = uuid.uuid4().hex
    folder = Path(tempfile.mkdtemp(prefix="bulk-", dir=info.home))
    try:
        written = write_import_files(import_tables(dataset, frames, version), folder)
        step("files")
        server.stop(port=port, home=Path(info.home))
        step("stop")
        arguments = [database, "--overwrite-destination=true", f"--array-delimiter={ARRAY}",
                     "--multiline-fields=true",
                     "--threads=2", "--max-off-heap-memory=1g", "--report-file", str(folder / "import.report"),
                     *(f"--nodes={label}={folder / label}.csv" for label in NODES if written[label]),
                     *(f"--relationships={kind}={folder / kind}.csv" for kind in RELATIONSHIPS if written[kind])]
        result = server.admin_import(Path(info.home), arguments)
        step("import")
        started = server.start(port=port, home=Path(info.home), **options)
        step("start")
        if result.returncode != 0:
            tail = " ".join((result.stdout + result.stderr).split())[-600:]
            raise LoadError(f"neo4j-admin import failed; the server is running again, its database may be empty — "
                            f"load again: {tail}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with driver_from_env({"NEO4J_URI": started.uri, **_auth()}) as driver:
        Loader(driver).ensure_constraints()
        meta = {k: v for k, v in dataset.meta.__dict__.items() if k in META_FIELDS and v is not None}
        driver.execute_query(Q.SWITCH, props={**meta, "supply_present": bool(dataset.supply_present)},
                             key=dataset_key(dataset.meta.name, dataset.meta.year), version=version)
        _await_indexes(driver)
        step("schema")
        return Neo4jStore(driver).counts()


def _auth() -> dict:
    return {k: os.environ[k] for k in ("NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}


def _await_indexes(driver, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = {r["state"] for r in driver.execute_query(Q.INDEX_STATES).records}
        if states <= {"ONLINE"}:
            return
        time.sleep(0.2)
