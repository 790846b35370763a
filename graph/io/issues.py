"""Problems found in the input (:class:`Issue`) and the error that carries them (:class:`DataError`).

>>> Issue("firms.csv", 3, "revenue", "bad_number", {"value": "lots"}).format("en")
"error: firms.csv, row 3, column revenue: 'lots' is not a number"
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graph.messages import render


@dataclass(frozen=True)
class Issue:
    """One problem in the input: where it is and what it is (as a message code)."""

    file: str
    row: int | None
    column: str | None
    code: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    level: str = "error"  # or "warning"

    def message(self, lang: str = "zh") -> str:
        return render(self.code, self.params, lang)

    def location(self, lang: str = "zh") -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"第{self.row}行" if lang == "zh" else f"row {self.row}")
        if self.column:
            parts.append(f"列 {self.column}" if lang == "zh" else f"column {self.column}")
        return ", ".join(parts)

    def format(self, lang: str = "zh") -> str:
        """One readable line, e.g. ``firms.csv, row 5, column firm_id: duplicate id 'F1' …``."""
        level = {"error": ("错误", "error"), "warning": ("警告", "warning")}[self.level]
        return f"{level[0] if lang == 'zh' else level[1]}: {self.location(lang)}: {self.message(lang)}"

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
