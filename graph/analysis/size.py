"""A firm's size, named: revenue where given, else registered capital, else employees.

Rule (one firm): its size is its revenue (营业收入, 万元) when given, else its registered capital (注册资本, 万元),
else its employees (从业人数) — :func:`firm_size`. A *ranking* never mixes these measures: it uses one basis for
every firm it ranks — the measure most of the ranked firms have, ties going to the earlier one of revenue,
registered capital, employees — and says how many firms lack it (:func:`size_basis`). A firm without the basis
counts 0 there; it is never given another measure's number.

>>> import pandas as pd
>>> firms = pd.DataFrame({"revenue": [None, None, 5.0], "registered_capital": [100.0, 50.0, None],
...                       "employees": [None, 20.0, 30.0]})
>>> size_basis(firms)
{'basis': 'registered_capital', 'firms_with': 2, 'firms_without': 1}
>>> firm_size(firms)[1].tolist()
['registered_capital', 'registered_capital', 'revenue']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph.messages import MESSAGES, t

SIZE_BASES = ("revenue", "registered_capital", "employees")
# basis -> (中文, English) of its name and unit, read from graph/messages/ (size_basis_*, size_unit_*) for the
# code that formats both languages at once; the English name is what the JSON's size_basis_en holds
SIZE_BASIS_LABELS = {b: MESSAGES[f"size_basis_{b}"] for b in SIZE_BASES}
SIZE_UNITS = {b: MESSAGES[f"size_unit_{b}"] for b in SIZE_BASES}


def _given(values) -> np.ndarray:
    """True where a size is given (a number above 0; 0 and blanks are not a size)."""
    v = pd.to_numeric(pd.Series(np.asarray(values, dtype=float)), errors="coerce").to_numpy(dtype=float)
    return np.isfinite(v) & (v > 0)


def firm_size(firms: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(size, basis) per row of ``firms``: revenue where given, else registered capital, else employees
    (basis None and size NaN where none is given). For one firm's own size — a ranking uses :func:`size_basis`.

    >>> firm_size(pd.DataFrame({"revenue": [None], "registered_capital": [None], "employees": [8.0]}))[0].tolist()
    [8.0]
    """
    n = len(firms)
    size, basis = np.full(n, np.nan), np.full(n, None, dtype=object)
    for column in reversed(SIZE_BASES):
        if column not in firms:
            continue
        values = firms[column].to_numpy(dtype=float)
        given = _given(values)
        size[given], basis[given] = values[given], column
    return size, basis


def size_basis(firms: pd.DataFrame) -> dict:
    """The one measure a ranking of ``firms`` uses: the one most of them have (revenue, then registered capital,
    then employees on equal counts); ``basis`` None when none has any.

    >>> size_basis(pd.DataFrame({"revenue": [1.0, None], "registered_capital": [None, 3.0]}))["basis"]
    'revenue'
    >>> size_basis(pd.DataFrame({"revenue": [None]}))
    {'basis': None, 'firms_with': 0, 'firms_without': 1}
    """
    counts = {c: int(_given(firms[c].to_numpy(dtype=float)).sum()) if c in firms else 0 for c in SIZE_BASES}
    best = max(SIZE_BASES, key=lambda c: (counts[c], -SIZE_BASES.index(c)))
    if not counts[best]:
        return {"basis": None, "firms_with": 0, "firms_without": len(firms)}
    return {"basis": best, "firms_with": counts[best], "firms_without": len(firms) - counts[best]}


def basis_label(basis: str | None, lang: str = "zh") -> str:
    """营业收入 / 注册资本 / 从业人数 (or the English); '' for None.

    >>> basis_label("registered_capital"), basis_label("employees", "en")
    ('注册资本', 'employees')
    """
    return "" if basis is None else t(f"size_basis_{basis}", lang)
