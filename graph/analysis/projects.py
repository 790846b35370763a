"""Projects (项目): the pipeline by stage per segment, and which gaps have a project.

>>> from graph.io import read_dataset
>>> pipeline(read_dataset("data/demo"), "agri_machinery").columns.tolist()[:4]
['segment_id', 'name', 'name_en', '谋划']
"""
from __future__ import annotations

import pandas as pd

from graph.analysis.source import as_facts
from graph.model import PROJECT_STAGES

PROJECT_COLUMNS = ["project_id", "name", "segment_id", "city", "stage", "investment", "firm_id"]


def chain_projects(source, chain_id: str) -> pd.DataFrame:
    """Every project of the chain as a row."""
    projects = as_facts(source).projects
    frame = projects.loc[projects["chain_id"] == chain_id, PROJECT_COLUMNS]
    return frame.sort_values("project_id", ignore_index=True)


def pipeline(source, chain_id: str) -> pd.DataFrame:
    """Segments × stages (谋划/储备/开工/竣工): project counts, plus total investment (亿元)."""
    facts = as_facts(source)
    projects = chain_projects(facts, chain_id)
    rows = []
    for seg in facts.chain_map(chain_id).segments:
        mine = projects[projects["segment_id"] == seg.id]
        row = {"segment_id": seg.id, "name": seg.name, "name_en": seg.name_en}
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
