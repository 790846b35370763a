"""Shared fixtures: a tiny chain set and a writer for hand-made datasets."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the suite's Neo4j (make test sets NEO4J_URI); captured once, since app tests unset the variable
NEO4J_URI = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
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
