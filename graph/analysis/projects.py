"""Projects (项目): the pipeline by stage per segment, and which gaps have a project.

>>> pipeline(G, "agri_machinery")          # doctest: +SKIP
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.analysis.context import chain_context
from graph.build import nodes_of_kind
from graph.model import PROJECT_STAGES


def chain_projects(G: nx.MultiDiGraph, chain_id: str) -> pd.DataFrame:
    """Every project of the chain as a row."""
    rows = [d for d in nodes_of_kind(G, "project").values() if d["chain_id"] == chain_id]
    columns = ["project_id", "name", "segment_id", "city", "stage", "investment", "firm_id"]
    frame = pd.DataFrame([{c: d.get(c) for c in columns} for d in rows], columns=columns)
    return frame.sort_values("project_id", ignore_index=True)


def pipeline(G: nx.MultiDiGraph, chain_id: str) -> pd.DataFrame:
    """Segments × stages (谋划/储备/开工/竣工): project counts, plus total investment (亿元)."""
    ctx = chain_context(G, chain_id)
    projects = chain_projects(G, chain_id)
    rows = []
    for s, attrs in sorted(ctx.dag.nodes(data=True), key=lambda item: item[1]["order"]):
        mine = projects[projects["segment_id"] == s]
        row = {"segment_id": s, "name": attrs["name"], "name_en": attrs["name_en"]}
        row.update({stage: int((mine["stage"] == stage).sum()) for stage in PROJECT_STAGES})
        row["projects"] = len(mine)
        row["investment"] = round(float(mine["investment"].fillna(0).sum()), 2)
        rows.append(row)
    return pd.DataFrame(rows, columns=["segment_id", "name", "name_en", *PROJECT_STAGES, "projects", "investment"])


def gap_projects(pipeline_frame: pd.DataFrame, gap_ids) -> pd.DataFrame:
    """For every gap: its project counts by stage and whether any project addresses it."""
    frame = pipeline_frame[pipeline_frame["segment_id"].isin(list(gap_ids))].copy()
    frame["has_project"] = frame["projects"] > 0
    return frame.reset_index(drop=True)
