"""`load --bulk`: a whole dataset into the local server `python -m graph server` manages, by Neo4j's offline
importer (``neo4j-admin database import full``) instead of Cypher batches.

The server is stopped, the database is rebuilt from CSV files written here (the same versioned schema as
graph.store.neo4j: every node carries ``version``), the server is started again with the options it had, and
the constraints and the ``(:Dataset)`` node are created. Whatever the database held is replaced, and readers get
no answer while the server is down: meant for a first load or an offline refresh of a big province. Drivers
opened before it must be closed: the new database's transaction ids start again, below their bookmarks.

>>> bulk_load(read_dataset("data/demo"), port=7687)       # doctest: +SKIP
"""
from __future__ import annotations

import csv
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from graph import server
from graph.model import Dataset
from graph.store import queries as Q
from graph.store.neo4j import META_FIELDS, LoadError, Neo4jStore, check_references, driver_from_env, staging_rows

ARRAY = "\x1f"   # array delimiter: a control character no name or tag contains

# file -> (--nodes/--relationships, label or type, header); columns follow the staging rows of graph.store.neo4j
NODES = {
    "Chain": ":ID(Chain),chain_id,name,name_en,description,labels:string[],version",
    "Segment": ":ID(Segment),chain_id,segment_id,name,name_en,stage,key_tech:boolean,order:int,industries:string[],"
               "keywords:string[],exclude:string[],benchmark_firms:double,benchmark_revenue:double,version",
    "City": ":ID(City),province,name,version",
    "Firm": ":ID(Firm),firm_id,name,province,city,uscc,revenue:double,employees:double,founded:double,tags:string[],"
            "local:boolean,version",
    "Project": ":ID(Project),project_id,name,chain_id,segment_id,city,stage,investment:double,firm_id,version",
}
RELATIONSHIPS = {
    "HAS_SEGMENT": ":START_ID(Chain),:END_ID(Segment)",
    "FEEDS": ":START_ID(Segment),:END_ID(Segment)",
    "LOCATED_IN": ":START_ID(Firm),:END_ID(City)",
    "OPERATES_IN": ":START_ID(Firm),:END_ID(Segment),share:double",
    "SUPPLIES": ":START_ID(Firm),:END_ID(Firm),chain_id,amount:double",
    "TARGETS": ":START_ID(Project),:END_ID(Segment)",
}


def _value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY.join(value)
    return "" if value is None else value


def write_import_files(rows: dict[str, list[list]], version: str, folder: Path) -> dict[str, int]:
    """One CSV per label and relationship type; returns rows written per file stem."""
    def segment(chain_id, segment_id):
        return f"{chain_id}/{segment_id}"

    tables = {
        "Chain": [[r[0], *r, version] for r in rows["chains"]],
        "Segment": [[segment(r[0], r[1]), *r, version] for r in rows["segments"]],
        "City": [[f"{p}/{c}", p, c, version] for p, c in rows["cities"]],
        "Firm": [[r[0], *r, version] for r in rows["firms"]],
        "Project": [[r[0], *r, version] for r in rows["projects"]],
        "HAS_SEGMENT": [[r[0], segment(r[0], r[1])] for r in rows["segments"]],
        "FEEDS": [[segment(c, a), segment(c, b)] for c, a, b in rows["feeds"]],
        "LOCATED_IN": [[r[0], f"{r[2]}/{r[3]}"] for r in rows["firms"] if r[3] is not None],
        "OPERATES_IN": [[f, segment(c, s), share] for f, c, s, share in rows["firm_segments"]],
        "SUPPLIES": [[supplier, customer, chain_id, amount] for supplier, customers in rows["supply"]
                     for customer, chain_id, amount, _ in customers],
        "TARGETS": [[r[0], segment(r[2], r[3])] for r in rows["projects"]],
    }
    for name, table in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            handle.write({**NODES, **RELATIONSHIPS}[name] + "\n")
            csv.writer(handle).writerows([_value(v) for v in row] for row in table)
    return {name: len(table) for name, table in tables.items()}


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
    rows = staging_rows(dataset)
    check_references(rows)
    version = uuid.uuid4().hex
    folder = Path(tempfile.mkdtemp(prefix="bulk-", dir=info.home))
    try:
        written = write_import_files(rows, version, folder)
        step("files")
        server.stop(port=port, home=Path(info.home))
        step("stop")
        arguments = [database, "--overwrite-destination=true", f"--array-delimiter=U+{ord(ARRAY):04X}", "--multiline-fields=true",
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
        store = Neo4jStore(driver)
        store.ensure_constraints()
        meta = {k: v for k, v in dataset.meta.__dict__.items() if k in META_FIELDS and v is not None}
        driver.execute_query(Q.SWITCH, props={**meta, "supply_present": bool(dataset.supply_present)},
                             version=version)
        _await_indexes(driver)
        step("schema")
        return store.counts()


def _auth() -> dict:
    import os

    return {k: os.environ[k] for k in ("NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}


def _await_indexes(driver, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = {r["state"] for r in driver.execute_query(Q.INDEX_STATES).records}
        if states <= {"ONLINE"}:
            return
        time.sleep(0.2)
