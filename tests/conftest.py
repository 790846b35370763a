"""Shared fixtures: a tiny chain set and a writer for hand-made datasets."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def worker_uri(uri: str, worker: str | None) -> str:
    """The suite's Neo4j for a pytest-xdist worker: ``make test`` starts one server per worker on consecutive ports
    (worker gw0 on the port of NEO4J_URI, gw1 on the next …), since the Community edition holds one database and two
    workers loading into one server would collide.

    >>> worker_uri("bolt://127.0.0.1:7688", "gw1"), worker_uri("bolt://127.0.0.1:7688", None)
    ('bolt://127.0.0.1:7689', 'bolt://127.0.0.1:7688')
    """
    if not worker:
        return uri
    head, port = uri.rsplit(":", 1)
    return f"{head}:{int(port) + int(worker.removeprefix('gw'))}"


# the suite's Neo4j (make test sets NEO4J_URI); captured once, since app tests unset the variable; a worker's own
# server is also what subprocesses started by tests see
NEO4J_URI = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
if "NEO4J_URI" in os.environ:   # the first server's URI kept aside: this module is imported as conftest and tests.conftest
    BASE_URI = os.environ.setdefault("SUITE_NEO4J_BASE_URI", NEO4J_URI)
    NEO4J_URI = os.environ["NEO4J_URI"] = worker_uri(BASE_URI, os.environ.get("PYTEST_XDIST_WORKER"))
DEMO = ROOT / "data" / "demo"
SHANDONG = ROOT / "chains" / "shandong-2022"

TINY_CHAIN = """\
id: widgets
name: 小部件
name_en: Widgets
segments:
  - {id: ore, name: 矿石, name_en: Ore, stage: upstream, key_tech: false}
  - {id: parts, name: 零件, name_en: Parts, stage: midstream, key_tech: true}
  - {id: chips, name: 芯片, name_en: Chips, stage: midstream, key_tech: true}
  - {id: devices, name: 整机, name_en: Devices, stage: downstream, key_tech: false}
links:
  - {from: ore, to: parts}
  - {from: parts, to: devices}
  - {from: chips, to: devices}
"""

TINY_TABLES = {
    "firms.csv": """\
        firm_id,name,province,city,uscc,revenue,employees,founded,tags
        A,甲矿业,山东省,济南市,91110000600037341L,100,10,2000,
        B,乙零件,山东省,青岛市,,200,20,2001,专精特新
        C,丙整机,山东省,青岛市,,1000,300,1999,链主;上市
        X,外省芯片,江苏省,苏州市,,500,50,2005,单项冠军
        """,
    "firm_segments.csv": """\
        firm_id,chain_id,segment_id,share
        A,widgets,ore,1
        B,widgets,parts,1
        C,widgets,devices,1
        X,widgets,chips,1
        """,
    "supply.csv": """\
        supplier_id,customer_id,chain_id,amount
        A,B,widgets,10
        B,C,widgets,50
        X,C,widgets,80
        """,
    "projects.csv": """\
        project_id,name,chain_id,segment_id,city,stage,investment,firm_id
        P1,芯片项目,widgets,chips,济南市,谋划,12.5,
        """,
}


def write_dataset(folder: Path, tables: dict[str, str] | None = None, *, chain: str = TINY_CHAIN,
                  encoding: str = "utf-8", meta: str | None = None) -> Path:
    """Write dataset.yaml, a one-chain chain set and the given CSV tables (dedented)."""
    folder.mkdir(parents=True, exist_ok=True)
    chains = folder / "chains"
    chains.mkdir(exist_ok=True)
    (chains / "widgets.yaml").write_text(chain, encoding="utf-8")
    (folder / "dataset.yaml").write_text(meta or "name: tiny\nregion: 山东省\nchain_set: chains\nsynthetic: true\n",
                                         encoding="utf-8")
    for name, text in (TINY_TABLES if tables is None else tables).items():
        if text is None:
            continue
        (folder / name).write_bytes(textwrap.dedent(text).encode(encoding))
    return folder


@pytest.fixture
def tiny(tmp_path) -> Path:
    return write_dataset(tmp_path / "tiny")


@pytest.fixture
def make_dataset(tmp_path):
    """make_dataset(**{file: text}) -> folder: the tiny dataset with some tables replaced."""
    def make(encoding="utf-8", chain=TINY_CHAIN, **changes):
        tables = dict(TINY_TABLES)
        tables.update({k.replace("__", "."): v for k, v in changes.items()})
        return write_dataset(tmp_path / "ds", tables, chain=chain, encoding=encoding)
    return make


# ---------------------------------------------------------------- markers by file or fixture
# `make check` deselects neo4j, browser, notebook and slow tests; `make test` (CI) runs them all. A test is marked
# here by what it uses, so a new test that takes `neo4j_driver` or `browser` is marked without a decorator.
NEO4J_FILES = ("test_neo4j_", "test_server.py", "test_faults.py")   # these also start a Neo4j of their own
# the JVM flags of those servers of their own: a test's server lives a minute at most, so the quick JIT alone (C1)
# beats compiling its start again with C2 on two busy cores (about 6 of a start's 15 CPU seconds saved)
TEST_SERVER_JVM = ("-XX:TieredStopAtLevel=1",)
BROWSER_FIXTURES = {"browser", "app_url", "hostile_url"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)   # a fixture parametrised over both stores: its "neo4j" half
        on_neo4j = callspec is not None and any(isinstance(v, str) and v == "neo4j" for v in callspec.params.values())
        if "neo4j_driver" in fixtures or on_neo4j or name.startswith(NEO4J_FILES):
            item.add_marker(pytest.mark.neo4j)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if name == "test_notebooks.py":
            item.add_marker(pytest.mark.notebook)
    # files with long tests (a server, a browser, a notebook) first: make test's workers take whole files in this
    # order (--no-loadscope-reorder), so that the quick unit-test files fill in at the end and neither waits long
    # on a last slow file
    heavy = {item.path for item in items if any(item.get_closest_marker(m) for m in ("neo4j", "browser", "slow",
                                                                                        "notebook"))}
    items.sort(key=lambda item: item.path not in heavy)


@pytest.fixture(scope="session")
def neo4j_driver():
    from neo4j.exceptions import AuthError, ServiceUnavailable

    from graph.store.neo4j import driver_from_env

    try:
        driver = driver_from_env({**os.environ, "NEO4J_URI": NEO4J_URI})
    except (ServiceUnavailable, AuthError, OSError) as exc:
        message = f"Neo4j at {NEO4J_URI} unreachable ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; in CI Neo4j tests never skip")
        pytest.skip(message + "; start one with: python -m graph server start")
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def neo4j_demo(neo4j_driver):
    """``neo4j_demo(*years)`` -> a Neo4jStore: the worker's Neo4j holds data/demo in these years (default 2024;
    2023 is data/demo-2023) and no other dataset. A year is loaded once a session (its counts checked against the
    files) and again only when another test replaced, dropped or deleted it: each load has a version id of its own.
    Datasets other tests left are dropped; nodes of no dataset held (a killed load's) mean starting from empty."""
    from graph.build import build_graph
    from graph.io import read_dataset
    from graph.store.base import graph_counts
    from graph.store.neo4j import Neo4jStore
    from tests.neo4j_helpers import SCHEMA_NODES, empty_database

    store, ours = Neo4jStore(neo4j_driver), {}      # ours: {year: version} of the loads made here

    def hold(*years: int) -> Neo4jStore:
        years = years or (2024,)
        if neo4j_driver.execute_query(SCHEMA_NODES).records[0]["versions"] > len(store.held()):
            empty_database(neo4j_driver)
        for held in store.held():
            if held["year"] not in years or held["version"] != ours.get(held["year"]):
                store.drop(name=held["name"], year=held["year"])
        missing = set(years) - {held["year"] for held in store.held()}
        for year in sorted(missing):
            dataset = read_dataset(DEMO.parent / "demo-2023" if year == 2023 else DEMO)
            assert dataset.meta.year == year and store.load(dataset) == graph_counts(build_graph(dataset))
        ours.update((held["year"], held["version"]) for held in store.held())
        return store

    return hold


# ---------------------------------------------------------------- the app in a real browser (browser tests)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:", "about:")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(data: Path | None = None, script: str = "serve.py"):
    """Run the app as ``make app`` does (serve.py; or another ``script``) on a free port (embedded data,
    optionally another dataset); yield its URL."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian chromium is not installed (make sysdeps installs it)")
        pytest.skip("chromium not installed: apt-get install chromium fonts-noto-cjk")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    if data:
        env["CHAIN_EXPLORER_DATA"] = str(data)
    env["PYTHONPATH"] = str(ROOT)   # a script under tests/ imports the project as the app does
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("streamlit did not start")
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def app_url():
    yield from serve()


@pytest.fixture(scope="module")
def hostile_url():
    yield from serve(ROOT / "tests" / "data" / "hostile")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()
