"""The public analyses say what they return (a numpydoc "Returns" section), and what they say is what they give:
every column of a returned DataFrame and every key of a returned dict is named there, on data/demo."""
import dataclasses
import inspect
import re

import pandas as pd
import pytest

from graph.analysis import (
    cities,
    counts,
    coverage,
    diff,
    firms,
    leaders,
    plan,
    profile,
    projects,
    relatedness,
    resilience,
    risk,
    segments,
    sme,
    summary,
    targets,
    weak_links,
)
from graph.store import MemoryStore
from graph.years import diff_folders
from tests.conftest import DEMO

CHAIN = "agri_machinery"


@pytest.fixture(scope="module")
def facts():
    return MemoryStore.from_path(DEMO).facts()


@pytest.fixture(scope="module")
def results(facts):
    return summary.analyze(facts, chain=CHAIN)


@pytest.fixture(scope="module")
def older():
    return MemoryStore.from_path(DEMO.parent / "demo-2023").facts()


def _calls(facts, results, older):
    """(function, what it returned) for each public analysis."""
    ranking = results[CHAIN].leaders
    leader, target = ranking["firm_id"].iloc[0], results[CHAIN].targets["firm_id"].iloc[0]
    pipe = projects.pipeline(facts, CHAIN)
    risks = risk.risk_table(older, facts, chain=CHAIN)
    return [
        (coverage.completeness, coverage.completeness(facts, CHAIN)), (coverage.gaps, coverage.gaps(facts, CHAIN)),
        (segments.segment_table, segments.segment_table(facts, CHAIN)),
        (weak_links.weak_links, weak_links.weak_links(facts, CHAIN)),
        (relatedness.strengths, relatedness.strengths(facts, CHAIN)),
        (relatedness.extension, relatedness.extension(facts, CHAIN)),
        (leaders.leaders, ranking), (leaders.leader_basis, leaders.leader_basis(facts, CHAIN)),
        (leaders.leader_agreement, leaders.leader_agreement(ranking)),
        (leaders.key_suppliers, leaders.key_suppliers(facts, CHAIN)),
        (leaders.ranking_sensitivity, leaders.ranking_sensitivity(facts, CHAIN, {"size": {"revenue_share": 1}})),
        (targets.attraction_targets, results[CHAIN].targets),
        (resilience.what_if, resilience.what_if(facts, CHAIN, remove_city="潍坊市")),
        (sme.sme_matches, sme.sme_matches(facts, CHAIN, leader)),
        (projects.chain_projects, projects.chain_projects(facts, CHAIN)), (projects.pipeline, pipe),
        (projects.gap_projects, projects.gap_projects(pipe, results[CHAIN].gaps["segment_id"])),
        (plan.plan_progress, plan.plan_progress(facts, {"链主": 200})),
        (cities.city_layout, cities.city_layout(facts, CHAIN)),
        (counts.chain_counts, counts.chain_counts(facts)), (counts.city_counts, counts.city_counts(facts)),
        (firms.segment_firms, firms.segment_firms(facts, CHAIN, "tractors")),
        (firms.firm_info, firms.firm_info(facts, leader)),
        (firms.firm_partners, firms.firm_partners(facts, CHAIN, leader)),
        (firms.top_firms_in_city, firms.top_firms_in_city(facts, "潍坊市")),
        (profile.firm_roles, profile.firm_roles(facts, leader, results)),
        (profile.firm_targets, profile.firm_targets(target, results)),
        (profile.firm_partners_all, profile.firm_partners_all(facts, leader)),
        (profile.loss_effects, profile.loss_effects(facts, leader)),
        (profile.firm_projects, profile.firm_projects(facts, leader)),
        (diff.diff_years, diff_folders(DEMO.parent / "demo-2023", DEMO)),
        (risk.risk_table, dataclasses.asdict(risks) | {"table": None}), (risk.risk_table, risks.table),
        (risk.firm_risks, risk.firm_risks(risks, risks.table["firm_id"].iloc[0])),
        (summary.analyze_chain, {f.name: None for f in dataclasses.fields(summary.ChainAnalysis)}),
        (summary.to_json, summary.to_json(facts, results)),
    ]


def returns_section(function) -> str:
    doc = inspect.getdoc(function) or ""
    match = re.search(r"^Returns\n-------\n(.*?)(?:\n\n|\Z)", doc, re.S | re.M)
    assert match, f"{function.__module__}.{function.__name__} has no numpydoc Returns section"
    return match.group(1)


def test_every_returned_column_and_key_is_documented(facts, results, older):
    missing = {}
    for function, value in _calls(facts, results, older):
        names = value.columns if isinstance(value, pd.DataFrame) else value.keys()
        section = returns_section(function)
        if absent := [n for n in names if f"``{n}``" not in section]:
            missing[f"{function.__module__}.{function.__name__}"] = absent
    assert not missing


def test_the_check_finds_an_undocumented_column():
    def analysis():
        """A made-up analysis.

        Returns
        -------
        frame : pandas.DataFrame
            ``a`` (int).
        """

    assert "``a``" in returns_section(analysis) and "``b``" not in returns_section(analysis)
    with pytest.raises(AssertionError):
        returns_section(lambda: None)
