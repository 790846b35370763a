"""The firm-search and page-switch benchmarks run and print their tables (correctness, not timing)."""
import pytest

from bench.pages import bench_pages
from bench.search import QUERIES, bench_search


def test_search_bench_prints_a_row_per_size():
    text = bench_search(quick=True)
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 2 and all(len(row.split("|")) == len(QUERIES) + 4 for row in rows)


@pytest.mark.browser
def test_page_bench_times_every_page_in_the_sidebar():
    text = bench_pages(quick=True)
    assert "n/a" not in text, "chromium missing"
    for page in ("| / |", "| /firm |", "| /gaps |", "| **all pages** |", "| first page after start |",
                 "| /firm (script CPU) |"):
        assert page in text, text
