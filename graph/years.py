"""Years of a dataset, read, analysed and compared: what `python -m graph diff` and the 年度对比 page share.

Years of a dataset are sibling folders that share ``name`` and ``region`` in dataset.yaml and differ in
``year`` (the demo: data/demo is 2024, data/demo-2023 beside it). This module is the boundary between
files and the pure diff: it reads both years, analyses them and hands plain tables to graph.analysis.diff.
A year may also come from a Neo4j store, which holds one dataset per name and year: ``neo4j:2023`` (the dataset
loaded last) or ``neo4j:<name>/2023``. How years are compared: docs/years.md.

>>> years = dataset_years("data/demo")
>>> sorted(years)[:2], years[max(years)].name
([2023, 2024], 'demo')
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.analysis.diff import diff_years
from graph.analysis.plan import plan_progress
from graph.analysis.summary import analyses, to_json
from graph.facts import Facts
from graph.io import read_dataset, read_meta, read_plan, resolve_chain_set
from graph.messages import MessageError
from graph.model import Chain

FIRM_COLUMNS = ["firm_id", "name", "province", "city", "uscc", "revenue", "tags"]
PROJECT_COLUMNS = ["project_id", "name", "chain_id", "segment_id", "city", "stage", "investment", "firm_id"]
NEO4J = "neo4j:"


@dataclass
class Year:
    """One year of a dataset: its `analyze --json` document (with ``year``) and its tables."""

    folder: Path | None
    doc: dict
    firms: pd.DataFrame
    firm_segments: pd.DataFrame
    projects: pd.DataFrame
    chains: list[Chain]


class SourceError(MessageError):
    """A ``neo4j:`` spec that names no year (code neo4j_bad_spec of graph.messages)."""


def load_year(folder: str | Path, *, chains: str | Path | None = None) -> Year:
    """Read, validate and analyse one dataset folder (raises graph.io.DataError on bad input)."""
    folder = Path(folder)
    return facts_year(Facts.from_dataset(read_dataset(folder, chains=chains)), folder, chains=chains)


def facts_year(facts: Facts, folder: Path | None, *, chains: str | Path | None = None) -> Year:
    """A :class:`Year` of a dataset's facts (the plan's chain set is looked up beside ``folder`` when given) —
    also facts read chain by chain from Neo4j, so a year held there is analysed without reading its whole graph."""
    plan_folder = resolve_chain_set(chains or facts.meta.chain_set, base=folder)
    plan = read_plan(plan_folder) if plan_folder else None
    doc = to_json(facts, analyses(facts), plan=plan_progress(facts, plan["targets"]) if plan else None)
    m = facts.memberships
    memberships = pd.DataFrame({"firm_id": facts.column("firm_id")[m["firm"].to_numpy()],
                                "chain_id": m["chain_id"].astype(str).to_numpy(dtype=object),
                                "segment_id": m["segment_id"].astype(str).to_numpy(dtype=object)})
    return Year(folder, doc, facts.firms[FIRM_COLUMNS], memberships, facts.projects[PROJECT_COLUMNS],
                list(facts.chains))


def neo4j_year(spec: str, store, *, chains: str | Path | None = None) -> Year:
    """The year ``spec`` (``2023`` or ``<name>/2023``, as after ``neo4j:``) read chain by chain from the database
    of ``store`` (a :class:`graph.store.neo4j.Neo4jStore`) and analysed.

    Raises :class:`SourceError` for a spec without a year, ``graph.store.neo4j.DatasetNotHeld`` for a year the
    database does not hold (both one line by ``format(lang)``).
    """
    name, _, year = spec.rpartition("/")
    if not year.isdigit():
        raise SourceError("neo4j_bad_spec", spec=NEO4J + spec)
    facts = store.of(name=name or None, year=int(year), pushdown=True).facts()
    return facts_year(facts, None, chains=chains)


def neo4j_spec(year: int, name: str | None = None) -> str:
    """The spec of a year held in Neo4j: ``neo4j:2023`` (the dataset loaded last) or ``neo4j:<name>/2023``."""
    return f"{NEO4J}{name}/{year}" if name else f"{NEO4J}{year}"


def held_in_neo4j(source: str) -> bool:
    """Whether ``source`` names a year held in Neo4j (``neo4j:…``) rather than a dataset folder."""
    return source.startswith(NEO4J)


def read_year(source: str, *, chains: str | Path | None = None, store=None) -> Year:
    """A dataset folder, or ``neo4j:…`` read through ``store`` (a Neo4jStore)."""
    if held_in_neo4j(source):
        return neo4j_year(source[len(NEO4J):], store, chains=chains)
    return load_year(source, chains=chains)


def diff_loaded(old: Year, new: Year, *, top_k: int = 10) -> dict:
    """The diff of two analysed years (:func:`graph.analysis.diff.diff_years`)."""
    return diff_years(old.doc, new.doc, old.firms, new.firms, old.firm_segments, new.firm_segments,
                      old.projects, new.projects, top_k=top_k)


def diff_folders(old: str | Path, new: str | Path, *, chains: str | Path | None = None, top_k: int = 10) -> dict:
    """The diff of two dataset folders (graph.analysis.diff.diff_years on their analyses)."""
    return diff_loaded(load_year(old, chains=chains), load_year(new, chains=chains), top_k=top_k)


def segment_names(chains: list[Chain]) -> dict[tuple[str, str], tuple[str, str]]:
    """(chain_id, segment_id) -> (中文名, English name), for diff_summary and changes_sheet."""
    return {(c.id, s.id): (s.name, s.name_en) for c in chains for s in c.segments}


def dataset_years(folder: str | Path) -> dict[int, Path]:
    """{year: folder} of the dataset at ``folder`` and its siblings with the same name and region.

    A folder without a ``year`` counts only itself (under year 0)."""
    folder = Path(folder)
    own = read_meta(folder)
    if own is None or not isinstance(own.get("year"), int):
        return {0: folder}
    years = {own["year"]: folder}
    for sibling in sorted(folder.parent.iterdir()):
        meta = read_meta(sibling) if sibling.is_dir() and sibling != folder else None
        if (meta and isinstance(meta.get("year"), int) and meta.get("name") == own.get("name")
                and meta.get("region") == own.get("region")):
            years.setdefault(meta["year"], sibling)
    return dict(sorted(years.items()))
