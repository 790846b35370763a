"""The Issue of the classify path: its messages live in graph/messages/; a code X reads ``registry_X`` where
the table has one (the classify path's wording of header_row, unknown_unit …), else X.

>>> RegistryIssue("r.csv", 2, "营业收入", "unknown_unit", {"unit": "美元"}).format("en")
"error: r.csv, row 2, column 营业收入: unknown unit '美元' (元, 万元, 亿元; 人, 万人 are known)"
"""
from __future__ import annotations

from graph.io import Issue
from graph.messages import MESSAGES, render


class RegistryIssue(Issue):
    """An :class:`Issue` of the classify path (see the module's docstring for its message)."""

    def message(self, lang: str = "zh") -> str:
        own = f"registry_{self.code}"
        return render(own if own in MESSAGES else self.code, self.params, lang)
