"""Finding the header row of a table when title rows (XX省重点企业名录（2024年）) sit above it."""
from __future__ import annotations

from graph.io.cells import split_header
from graph.io.schemas import normalise_header


def find_header_row(rows: list[list[str]], known: set[str], *, max_scan: int = 10) -> int:
    """Index of the first row (of the first ``max_scan``) with ≥ 2 cells naming a known header.

    Cells are compared after :func:`split_header` (units dropped), case- and space-insensitively. When no
    row qualifies, the first non-blank row is taken (0 for an all-blank table), as a plain CSV reads.

    >>> find_header_row([["XX省重点企业名录（2024年）", ""], ["企业名称", "营业收入（亿元）"], ["甲", "1"]],
    ...                 {"企业名称", "营业收入"})
    1
    >>> find_header_row([["", ""], ["a", "b"]], {"企业名称", "营业收入"})
    1
    """
    wanted = {normalise_header(name) for name in known}
    for index, row in enumerate(rows[:max_scan]):
        if sum(normalise_header(split_header(cell)[0]) in wanted for cell in row) >= 2:
            return index
    return next((i for i, row in enumerate(rows) if any(str(c).strip() for c in row)), 0)
