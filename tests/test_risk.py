"""外迁预警: each signal planted in a two-year micro dataset, found with its numbers, graded by the written rules."""
from __future__ import annotations

import pandas as pd
import pytest

from graph.analysis.reasons import render_reason
from graph.analysis.risk import GRADES, firm_risks, grade, risk_table, signal_codes
from graph.analysis.settings import Settings
from graph.facts import Facts
from graph.model import Chain, Dataset, DatasetMeta, Firm, FirmSegment, Segment, Supply, records_table

HOME = "山东省"
# no rank-based roles unless a test asks for them: 链主 only by tag, no key supporting firms
PLAIN = Settings(risk_leader_top=0, risk_key_supplier_top=0)
CHAIN = Chain("c", "链c", "Chain c", (Segment("a", "环节a", "Segment a", "upstream"),
                                      Segment("b", "环节b", "Segment b", "downstream")), (("a", "b"),))


def base_firms() -> dict[str, dict]:
    """Three local firms in each segment, two suppliers outside the province in a."""
    firms = {f: {"province": HOME, "city": "济南市", "revenue": 100.0, "employees": 50, "segments": [s]}
             for f, s in (("A1", "a"), ("A2", "a"), ("A3", "a"), ("B1", "b"), ("B2", "b"), ("B3", "b"))}
    for f in ("O1", "O2"):
        firms[f] = {"province": "江苏省", "city": "苏州市", "revenue": 100.0, "employees": 50, "segments": ["a"]}
    return firms


BASE_SUPPLY = [("A1", "B1"), ("A2", "B1"), ("A2", "B2"), ("A3", "B3"), ("A1", "B3"), ("A3", "B2")]


def year(firms: dict[str, dict], supply, *, y: int) -> Facts:
    records = [Firm(f, row.get("name", "企业" + f), row["province"], row["city"], row.get("uscc"), row["revenue"],
                    row["employees"], None, tuple(row.get("tags", ())))
               for f, row in firms.items()]
    memberships = [FirmSegment(f, "c", s) for f, row in firms.items() for s in row["segments"]]
    return Facts.from_dataset(Dataset(DatasetMeta("micro", HOME, "test", year=y), [CHAIN], records_table(records, "firms"),
                                      records_table(memberships, "firm_segments"),
                                      records_table([Supply(s, c, "c") for s, c in supply], "supply"),
                                      records_table([], "projects")))


def run(change=None, supply_after=None, settings=PLAIN, firms_before=None):
    before = firms_before or base_firms()
    after = {f: {**row, "segments": list(row["segments"])} for f, row in before.items()}
    if change:
        change(after)
    return risk_table(year(before, BASE_SUPPLY, y=2023),
                      year(after, BASE_SUPPLY if supply_after is None else supply_after, y=2024), settings=settings)


def row_of(result, firm_id):
    rows = firm_risks(result, firm_id)
    assert len(rows) == 1, result.table[["firm_id", "signals"]]
    return rows.iloc[0]


def signal(row, code):
    found = [s for s in row["signals"] if s["code"] == code]
    assert found, row["signals"]
    return found[0]


def test_nothing_changed_lists_no_one():
    assert run().table.empty


def test_revenue_fall_beyond_threshold_is_watch():
    result = run(lambda f: f["B2"].update(revenue=75.0))
    row = row_of(result, "B2")
    assert signal_codes(result.table) == [["risk_revenue_fall"]]
    s = signal(row, "risk_revenue_fall")
    assert (s["old"], s["new"], s["change"], s["severe"]) == (100.0, 75.0, -0.25, False)
    assert (row["grade"], row["score"]) == ("关注", 1.0)
    assert "100 → 75" in render_reason(s, "zh") and "-25%" in render_reason(s, "en")


def test_revenue_fall_below_threshold_is_no_signal():
    assert run(lambda f: f["B2"].update(revenue=85.0)).table.empty


def test_severe_revenue_fall_is_warning():
    row = row_of(run(lambda f: f["B2"].update(revenue=55.0)), "B2")
    assert signal(row, "risk_revenue_fall")["severe"] is True
    assert (row["grade"], row["score"]) == ("警示", 2.0)


def test_employees_fall():
    row = row_of(run(lambda f: f["B3"].update(employees=35)), "B3")
    s = signal(row, "risk_employees_fall")
    assert (s["old"], s["new"], s["change"]) == (50.0, 35.0, -0.3)
    assert row["grade"] == "关注"


def test_gone_is_warning_and_partners_lose_a_supplier():
    result = run(lambda f: f.pop("A2"), supply_after=[p for p in BASE_SUPPLY if "A2" not in p])
    row = row_of(result, "A2")
    assert [s["code"] for s in row["signals"]] == ["risk_gone"]
    assert (row["grade"], row["score"]) == ("警示", 3.0) and pd.isna(row["new_firm_id"])
    # B1 and B2 each had 2 local suppliers, one of them A2: half lost
    for customer in ("B1", "B2"):
        s = signal(row_of(result, customer), "risk_suppliers_lost")
        assert (s["old"], s["new"], s["lost"]) == (2, 1, 1)


def test_moved_out_of_the_province():
    def move(f):
        f["B2"].update(province="广东省", city="深圳市")
    row = row_of(run(move), "B2")
    s = signal(row, "risk_moved_out")
    assert (s["old_province"], s["old_city"], s["new_province"], s["new_city"]) == (HOME, "济南市", "广东省", "深圳市")
    assert [x["code"] for x in row["signals"]] == ["risk_moved_out"]
    assert row["grade"] == "警示"


def test_moved_to_another_city_is_watch():
    row = row_of(run(lambda f: f["B2"].update(city="青岛市")), "B2")
    s = signal(row, "risk_moved_city")
    assert (s["old_city"], s["new_city"]) == ("济南市", "青岛市")
    assert (row["grade"], row["score"]) == ("关注", 1.0)


def test_segments_left():
    before = base_firms()
    before["A1"]["segments"] = ["a", "b"]
    row = row_of(run(lambda f: f["A1"].update(segments=["a"]), firms_before=before), "A1")
    s = signal(row, "risk_segments_left")
    assert (s["old"], s["new"], s["left"], s["segments"], s["segments_en"]) == (2, 1, ["b"], "环节b", "Segment b")
    assert (row["grade"], row["score"]) == ("警示", 2.0)


def test_local_customers_lost():
    # A2 stops supplying both of its local customers (B1, B2 keep another local supplier each)
    result = run(supply_after=[p for p in BASE_SUPPLY if p[0] != "A2"])
    row = row_of(result, "A2")
    s = signal(row, "risk_customers_lost")
    assert (s["old"], s["new"], s["lost"], s["change"]) == (2, 0, 2, -1.0)
    assert row["grade"] == "关注"


def test_losing_less_than_the_share_is_no_signal():
    # A1 supplies B1 and B3; losing B3 alone is half: a signal; with the share at 0.6 it is not
    supply = [p for p in BASE_SUPPLY if p != ("A1", "B3")]
    assert "risk_customers_lost" in signal_codes(firm_risks(run(supply_after=supply), "A1"))[0]
    strict = Settings(risk_leader_top=0, risk_key_supplier_top=0, risk_partners_lost_share=0.6)
    assert firm_risks(run(supply_after=supply, settings=strict), "A1").empty


def test_local_supply_replaced_from_outside():
    # B1 bought from A1 and A2 (local); now from O1 and O2 (outside the province)
    supply = [p for p in BASE_SUPPLY if p[1] != "B1"] + [("O1", "B1"), ("O2", "B1")]
    row = row_of(run(supply_after=supply), "B1")
    s = signal(row, "risk_supply_outside")
    assert (s["local_old"], s["local_new"], s["outside_old"], s["outside_new"]) == (2, 0, 0, 2)
    assert (s["share_old"], s["share_new"]) == (1.0, 0.0)
    assert [x["code"] for x in row["signals"]] == ["risk_suppliers_lost", "risk_supply_outside"]
    assert (row["grade"], row["score"]) == ("警示", 3.0)


def test_role_weights_and_retain_needs_a_role():
    # the same gone firm: 警示 without a role, 挽留 as a tagged 链主 (3 points × 2)
    def with_tag(tag):
        firms = base_firms()
        firms["B2"]["tags"] = [tag]
        return firms
    gone = {"supply_after": [p for p in BASE_SUPPLY if "B2" not in p]}
    plain = row_of(run(lambda f: f.pop("B2"), firms_before=with_tag("专精特新"), **gone), "B2")
    leader = row_of(run(lambda f: f.pop("B2"), firms_before=with_tag("链主"), **gone), "B2")
    assert (plain["grade"], plain["roles"]) == ("警示", [])
    assert (leader["grade"], leader["score"], leader["roles"]) == ("挽留", 6.0, ["leader"])
    assert any(r["code"] == "risk_role_leader" for r in leader["reasons"])


def test_single_local_firm_of_a_segment_weighs_by_the_what_if():
    firms = base_firms()
    for f in ("A1", "A2"):
        firms[f]["province"], firms[f]["city"] = "江苏省", "苏州市"     # A3: the only local firm of segment a
    result = run(lambda f: f["A3"].update(revenue=55.0), firms_before=firms)
    row = row_of(result, "A3")
    assert row["roles"] == ["sole_local"] and row["new_gaps"] == ["a"]
    assert (row["grade"], row["score"]) == ("警示", 3.0)                 # 2 points (severe) × 1.5
    row = row_of(run(lambda f: f["A3"].update(revenue=55.0, employees=20), firms_before=firms), "A3")
    assert (row["grade"], row["score"]) == ("挽留", 6.0)                 # 4 points × 1.5, with a role


def test_key_supplier_shrinking_and_buying_outside_is_retain():
    settings = Settings(risk_leader_top=0, risk_key_supplier_top=4)   # B1 ranks 4th (A1–A3 tie 1st)
    supply = [p for p in BASE_SUPPLY if p[1] != "B1"] + [("O1", "B1"), ("O2", "B1"), ("B1", "B2")]
    before_supply = [*BASE_SUPPLY, ("B1", "B2")]
    firms = base_firms()
    after = {f: dict(row) for f, row in firms.items()}
    after["B1"] = {**after["B1"], "revenue": 70.0}
    result = risk_table(year(firms, before_supply, y=2023), year(after, supply, y=2024), settings=settings)
    row = row_of(result, "B1")
    assert "key_supplier" in row["roles"]
    assert [s["code"] for s in row["signals"]] == ["risk_revenue_fall", "risk_suppliers_lost", "risk_supply_outside"]
    assert (row["grade"], row["score"]) == ("挽留", 6.0)                 # (1 + 1 + 2) × 1.5


def test_firm_matched_by_credit_code_is_not_gone():
    firms = base_firms()
    firms["B2"]["uscc"] = "91370100MA3C00000X"

    def renumber(f):
        f["N9"] = f.pop("B2")
    result = run(renumber, supply_after=[(s, "N9" if c == "B2" else c) for s, c in BASE_SUPPLY], firms_before=firms)
    assert result.table.empty


def test_one_year_needs_two_years():
    result = risk_table(year(base_firms(), BASE_SUPPLY, y=2024))
    assert result.needs_two_years and result.table.empty and result.years == (2024,)


def test_grades_are_ordered_most_severe_first():
    def many(f):
        f["B2"].update(revenue=75.0)
        f.pop("A2")
    result = run(many, supply_after=[p for p in BASE_SUPPLY if "A2" not in p])
    order = [GRADES.index(g) for g in result.table["grade"]]
    assert order == sorted(order) and result.table["firm_id"].iloc[0] == "A2"


@pytest.mark.parametrize("score,role,expected", [(0.5, False, "关注"), (2.0, False, "警示"), (9.0, False, "警示"),
                                                 (3.9, True, "警示"), (4.0, True, "挽留")])
def test_grade_rule(score, role, expected):
    assert grade(score, role) == expected


def test_the_demo_tells_the_risk_story():
    """data/demo-2023 → data/demo (graph.synth.story.RISK_STORY): a key supporting firm of agricultural machinery
    shrinks and buys outside the province; a 链主 of high-end equipment moves its CNC machine-tool segment away."""
    from graph.io import read_dataset
    from tests.conftest import DEMO

    old, new = (Facts.from_dataset(read_dataset(f)) for f in (DEMO.parent / "demo-2023", DEMO))
    supplier = row_of(risk_table(old, new, chain="agri_machinery"), "F000477")
    assert [s["code"] for s in supplier["signals"]] == ["risk_revenue_fall", "risk_employees_fall",
                                                          "risk_suppliers_lost", "risk_supply_outside"]
    outside = signal(supplier, "risk_supply_outside")
    assert (outside["local_old"], outside["local_new"]) == (10, 0) and outside["outside_new"] > outside["outside_old"]
    assert signal(supplier, "risk_revenue_fall")["change"] == pytest.approx(-0.4, abs=0.01)
    assert (supplier["grade"], supplier["roles"]) == ("挽留", ["key_supplier"])
    leader = row_of(risk_table(old, new, chain="high_end_equipment"), "F002013")
    assert signal(leader, "risk_segments_left")["left"] == ["cnc_machine_tools"]
    assert "leader" in leader["roles"] and leader["grade"] == "挽留"
