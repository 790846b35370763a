"""Problems found in the input (:class:`Issue`) and the error that carries them (:class:`DataError`).

>>> Issue("firms.csv", 3, "revenue", "bad_number", {"value": "lots"}).format("en")
"error: firms.csv, row 3, column revenue: 'lots' is not a number"
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graph.io.limits import MAX_WARNINGS_PER_KIND
from graph.messages import render, t


@dataclass(frozen=True)
class Issue:
    """One problem in the input: where it is and what it is (as a message code)."""

    file: str
    row: int | None
    column: str | None
    code: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    level: str = "error"  # or "warning", or "note" (nothing wrong: said for the record)

    def message(self, lang: str = "zh") -> str:
        return render(self.code, self.params, lang)

    def location(self, lang: str = "zh") -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(t("where_row", lang, row=self.row))
        if self.column:
            parts.append(t("where_column", lang, column=self.column))
        return ", ".join(parts)

    def format(self, lang: str = "zh") -> str:
        """One readable line, e.g. ``firms.csv, row 5, column firm_id: duplicate id 'F1' …``."""
        return f"{t(f'level_{self.level}', lang)}: {self.location(lang)}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.format("en")


class DataError(ValueError):
    """Bad input. ``issues`` lists every problem found (errors and warnings)."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        errors = [i for i in issues if i.level == "error"]
        super().__init__(f"{len(errors)} error(s) in the input; first: {errors[0] if errors else ''}")

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]


def add_row_issues(issues: list[Issue], file: str, rows, column: str | None, code: str, params=None, *,
                   level: str = "error") -> None:
    """One issue per row of ``rows`` (``params``: one dict for all, or one per row).

    Warnings of one kind in one column are listed one by one up to MAX_WARNINGS_PER_KIND; the rest become one
    ``more_warnings`` line with their count and first row. Errors are always all listed.

    >>> found = []
    >>> add_row_issues(found, "f.csv", range(2, 60), "tags", "placeholder", {"value": "—"}, level="warning")
    >>> len(found), found[-1].format("en")
    (51, 'warning: f.csv, row 52, column tags: 8 more warning(s) of this kind in this column (placeholder, rows 52–59)')
    """
    rows = [int(r) for r in rows]
    listed = rows if level == "error" else rows[:MAX_WARNINGS_PER_KIND]
    per_row = isinstance(params, list)
    for i, row in enumerate(listed):
        issues.append(Issue(file, row, column, code, params[i] if per_row else dict(params or {}), level))
    rest = rows[len(listed):]
    if rest:
        issues.append(Issue(file, rest[0], column, "more_warnings",
                            {"count": len(rest), "first": rest[0], "last": rest[-1], "code": code}, level))
