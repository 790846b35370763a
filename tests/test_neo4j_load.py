"""Staged, versioned Neo4j loads: rows from DataFrames, two loads at once, reads during a load, a bad row."""
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

from graph.build import build_graph
from graph.io import DataError, read_dataset
from graph.model import Chain, Dataset, DatasetMeta, Firm, FirmSegment, Segment, Supply, records_table
from graph.store.base import graph_counts
from tests.conftest import DEMO, ROOT
from tests.neo4j_helpers import empty_database, only_held, reads_during_load

DEMO_DATASET = read_dataset(DEMO)
DEMO_COUNTS = graph_counts(build_graph(DEMO_DATASET))


# ---------------------------------------------------------------- rows (no server)
def micro(**tables) -> Dataset:
    chain = Chain("w", "链", "W", (Segment("a", "甲", "A", "upstream"), Segment("b", "乙", "B", "downstream")),
                  (("a", "b"),))
    firms = [Firm("F1", "一号", "山东省", "济南市", revenue=10.0, tags=("链主", "上市")),
             Firm("F2", "二号", "江苏省", None, employees=5)]
    given = {"firms": firms, "firm_segments": [FirmSegment("F1", "w", "a", 0.5), FirmSegment("F2", "w", "b")],
             "supply": [Supply("F2", "F1", "w", 3.0), Supply("F1", "F2", None)]} | tables
    frames = {name: t if isinstance(t, pd.DataFrame) else records_table(t, name) for name, t in given.items()}
    return Dataset(DatasetMeta("m", "山东省", "x"), [chain], frames["firms"], frames["firm_segments"], frames["supply"])


def test_rows_are_the_same_from_records_and_from_frames_written_by_hand():
    from graph.store.staging import staging_rows

    records = micro()
    frames = micro(firms=pd.DataFrame({"firm_id": ["F1", "F2"], "name": ["一号", "二号"], "province": ["山东省", "江苏省"],
                                       "city": ["济南市", pd.NA], "uscc": [pd.NA, pd.NA], "revenue": [10.0, float("nan")],
                                       "employees": [float("nan"), 5.0], "founded": [float("nan")] * 2,
                                       "tags": ["链主;上市", ""]}),
                   supply=pd.DataFrame({"supplier_id": ["F2", "F1"], "customer_id": ["F1", "F2"],
                                        "chain_id": ["w", pd.NA], "amount": [3.0, float("nan")]}))
    expected = {
        "chains": [["w", "链", "W", "", None]],
        "segments": [["w", "a", "甲", "A", "upstream", False, 0, None, None, None, None, None],
                     ["w", "b", "乙", "B", "downstream", False, 1, None, None, None, None, None]],
        "feeds": [["w", "a", "b"]],
        "cities": [["山东省", "济南市"]],
        "firms": [["F1", "一号", "山东省", "济南市", None, 10.0, None, None, None, ["链主", "上市"], True],
                  ["F2", "二号", "江苏省", None, None, None, None, 5, None, None, False]],
        "projects": [],
        # share, confidence, reviewed, with their file rows
        "firm_segments": [["F1", "w", "a", 0.5, None, None, 2], ["F2", "w", "b", None, None, None, 3]],
        # one row per supplier, sorted, its customers as columns; each keeps its file row (header = row 1)
        "supply": [["F1", ["F2"], [None], [None], [3]], ["F2", ["F1"], ["w"], [3.0], [2]]],
    }
    assert staging_rows(records) == expected
    assert staging_rows(frames) == expected


def test_expected_counts_and_batches_by_relationships():
    from graph.store.staging import batches, expected_counts, staging_rows

    rows = staging_rows(micro())
    assert expected_counts(rows) == {"chains": 1, "segments": 4, "feeds": 1, "cities": 1, "firms": 3, "projects": 0,
                                     "firm_segments": 2, "supply": 2}
    supply = [["S1", [[1], [2], [3]]], ["S2", [[1]]], ["S3", [[1], [2]]]]
    assert [start for start, _ in batches(supply, 3, "supply")] == [0, 1]
    assert [len(b) for _, b in batches(list(range(7)), 3)] == [3, 3, 1]


def test_unknown_firm_in_a_supply_row_names_file_row_and_column():
    from graph.store.staging import check_references

    bad = micro(supply=[Supply("F2", "F1", "w"), Supply("F1", "F9", "w"), Supply("F7", "F1", None)])
    with pytest.raises(DataError) as err:
        check_references(bad)
    assert [(i.file, i.row, i.column, i.params["value"]) for i in err.value.issues] == [
        ("supply.csv", 3, "customer_id", "F9"), ("supply.csv", 4, "supplier_id", "F7")]
    bad = micro(firm_segments=[FirmSegment("F1", "w", "a"), FirmSegment("F2", "w", "zz"), FirmSegment("F3", "w", "b")])
    with pytest.raises(DataError) as err:
        check_references(bad)
    assert [(i.file, i.row, i.column, i.code) for i in err.value.issues] == [
        ("firm_segments.csv", 3, "segment_id", "unknown_segment"), ("firm_segments.csv", 4, "firm_id", "unknown_firm")]


# ---------------------------------------------------------------- against the suite's Neo4j
@pytest.fixture
def store(neo4j_driver):
    from graph.store.neo4j import Neo4jStore

    empty_database(neo4j_driver)
    return Neo4jStore(neo4j_driver, batch_size=500, lock_wait=1.0)


def slowed(seconds, started: threading.Event):
    def on_batch(n, total):
        started.set()
        time.sleep(seconds)
    return on_batch


def test_two_loads_at_once_one_wins_the_other_stops_with_one_line(store, neo4j_driver, tiny):
    from graph.store.neo4j import LoadInProgress, Neo4jStore

    tiny_dataset = read_dataset(tiny)
    store.load(tiny_dataset)
    started, errors = threading.Event(), []

    def first():
        try:
            store.load(DEMO_DATASET, on_batch=slowed(0.15, started))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    winner = threading.Thread(target=first)
    winner.start()
    assert started.wait(60)
    with pytest.raises(LoadInProgress, match="another load"):
        Neo4jStore(neo4j_driver, lock_wait=1.0).load(tiny_dataset)
    cli = subprocess.run([sys.executable, "-m", "graph", "--lang", "en", "load", "--data", str(tiny)],
                         cwd=ROOT, capture_output=True, text=True)
    assert winner.is_alive(), "the first load was still running while the second tried"
    lines = [line for line in cli.stderr.replace("\r", "\n").splitlines() if "another load" in line]
    assert cli.returncode == 1 and len(lines) == 1 and "Traceback" not in cli.stderr, cli.stderr
    winner.join(180)
    assert not errors
    assert store.counts() == DEMO_COUNTS and store.meta()["name"] == DEMO_DATASET.meta.name
    only_held(neo4j_driver, store.counts(name="tiny"), DEMO_COUNTS)   # another name: both kept


def test_reads_during_a_load_see_the_old_dataset_then_the_new_never_a_mix(store, neo4j_driver, tiny):
    from graph.store.neo4j import Neo4jStore

    tiny_dataset = read_dataset(tiny)
    store.load(tiny_dataset)
    tiny_counts = store.counts()
    reader = Neo4jStore(neo4j_driver)
    seen = reads_during_load(lambda on_batch: store.load(DEMO_DATASET, on_batch=on_batch),
                             lambda: (reader.counts(), reader.meta().get("name")), settle=0.5)
    kinds = [("old" if counts == tiny_counts else "new" if counts == DEMO_COUNTS else f"MIX {counts}") for counts, _ in seen]
    assert not [k for k in kinds if k.startswith("MIX")], "a reader saw a half-loaded dataset"
    assert kinds[0] == "old" and kinds[-1] == "new" and "old" in kinds[:len(kinds) // 2]
    only_held(neo4j_driver, tiny_counts, DEMO_COUNTS)


def test_a_bad_row_mid_load_stops_it_with_one_line_and_the_old_dataset_stays(store, neo4j_driver, tiny):
    from graph.store.neo4j import LoadError

    store.load(read_dataset(tiny))
    before = store.counts()
    firms = DEMO_DATASET.firms.astype({"uscc": object})
    firms.at[2000, "uscc"] = {"not": "a value Neo4j stores"}
    bad = Dataset(DEMO_DATASET.meta, DEMO_DATASET.chains, firms, DEMO_DATASET.firm_segments, DEMO_DATASET.supply,
                  DEMO_DATASET.projects)
    batches = []
    with pytest.raises(LoadError) as err:
        store.load(bad, on_batch=lambda n, total: batches.append(n))
    message = str(err.value)
    assert "\n" not in message and message.startswith("firms.csv rows 2,002–2,501: Neo4j refused the batch"), message
    assert len(batches) >= 3, "batches before the bad one were committed"
    assert store.counts() == before and store.meta()["name"] == "tiny"
    only_held(neo4j_driver, before)             # what the failed load staged is gone
    assert store.load(DEMO_DATASET) == DEMO_COUNTS
    only_held(neo4j_driver, before, DEMO_COUNTS)
