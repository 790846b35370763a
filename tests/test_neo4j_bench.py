"""bench/load.py runs against a Neo4j (correctness, not timing): each way of loading reports its rows/s."""
from bench.load import SCALES, measure, province, tables


def test_load_benchmark_measures_every_path(neo4j_driver):
    result = measure(neo4j_driver, province(SCALES["quick"]), batch_size=500, sample=50)
    assert set(result["rows_s"]) == {"first", "replace", "replace_python_packing"}
    assert result["rows"] > 1000 and result["per_row_rows_s"] > 0
    assert 0 < result["replace_switch_s"] < result["replace_s"]
    printed = []
    text = tables({"quick": result}, lambda title, header, rows: printed.append((header, rows)) or "")
    header, rows = printed[0]
    assert text == [""] and len(rows[0]) == len(header) and rows[0][0] == "quick" and rows[0][9].endswith("×") and rows[0][-2:] == ["–", "–"]
