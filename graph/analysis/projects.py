"""Projects (项目): the pipeline by stage per segment, and which gaps have a project.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> pipeline(Facts.from_dataset(read_dataset("data/demo")), "agri_machinery").columns.tolist()[:4]
['segment_id', 'name', 'name_en', '谋划']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph.model import PROJECT_STAGES

PROJECT_COLUMNS = ["project_id", "name", "segment_id", "city", "stage", "investment", "firm_id"]


def chain_projects(facts, chain_id: str) -> pd.DataFrame:
    """Every project of the chain as a row.

    Returns
    -------
    projects : pandas.DataFrame
        One row per project, by ``project_id`` (RangeIndex). ``project_id``, ``name``, ``segment_id``, ``city``,
        ``stage`` (str: 谋划, 储备, 开工 or 竣工); ``investment`` (float, 亿元, NaN if not given); ``firm_id`` (str, the
        owner; None if not named).
    """
    projects = facts.projects
    frame = projects.loc[projects["chain_id"] == chain_id, PROJECT_COLUMNS]
    return frame.sort_values("project_id", ignore_index=True)


def pipeline(facts, chain_id: str) -> pd.DataFrame:
    """Segments × stages (谋划/储备/开工/竣工): project counts, plus total investment (亿元).

    Returns
    -------
    pipeline : pandas.DataFrame
        One row per segment, in chain-map order (RangeIndex). ``segment_id``, ``name``, ``name_en`` (str); ``谋划``,
        ``储备``, ``开工``, ``竣工`` (int, projects in that stage); ``projects`` (int, all stages); ``investment`` (float,
        亿元, 2 decimals; a project without one counts 0).
    """
    projects = facts.projects[facts.projects["chain_id"] == chain_id]
    segments = facts.chain_map(chain_id).segments
    order = [s.id for s in segments]
    seg = pd.Index(order).get_indexer(projects["segment_id"].to_numpy(dtype=object))
    stage = pd.Index(PROJECT_STAGES).get_indexer(projects["stage"].to_numpy(dtype=object))
    counts = np.zeros((len(order), len(PROJECT_STAGES)), dtype=int)
    np.add.at(counts, (seg, stage), 1)
    investment = np.bincount(seg, weights=projects["investment"].fillna(0.0).to_numpy(dtype=float),
                             minlength=len(order))
    frame = pd.DataFrame({"segment_id": order, "name": [s.name for s in segments],
                          "name_en": [s.name_en for s in segments]})
    for j, name in enumerate(PROJECT_STAGES):
        frame[name] = counts[:, j]
    frame["projects"] = counts.sum(axis=1)
    frame["investment"] = investment.round(2)
    return frame


def gap_projects(pipeline_frame: pd.DataFrame, gap_ids) -> pd.DataFrame:
    """For every gap: its project counts by stage and whether any project addresses it.

    Returns
    -------
    gap_projects : pandas.DataFrame
        The rows of ``pipeline_frame`` (:func:`pipeline`) whose segment is in ``gap_ids``, in chain-map order
        (RangeIndex): ``segment_id``, ``name``, ``name_en`` (str); ``谋划``, ``储备``, ``开工``, ``竣工``, ``projects``
        (int); ``investment`` (float, 亿元); and ``has_project`` (bool).
    """
    frame = pipeline_frame[pipeline_frame["segment_id"].isin(list(gap_ids))].copy()
    frame["has_project"] = frame["projects"] > 0
    return frame.reset_index(drop=True)
