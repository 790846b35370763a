"""No import inside a function, except a lazy import of a heavy or optional dependency that says why in a comment
(issue 22: imports placed in functions had hidden import circles).

A function-level import passes when a comment sits on its own line(s) or on the line just above it; a run of
imports on consecutive lines shares the comment above its first line. CHECKED lists the folders walked.

>>> uncommented_function_imports((ROOT / "graph/cli.py").read_text(encoding="utf-8"), "graph/cli.py")
[]
"""
from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("graph", "bench", "views")


def uncommented_function_imports(source: str, name: str) -> list[str]:
    """``name:line: text`` for each import inside a function without a comment on its lines or just above."""
    comments = {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                if tok.type == tokenize.COMMENT}
    lines = source.splitlines()
    tree = ast.parse(source)
    found, accepted = [], set()
    imports = sorted({node for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                      for node in ast.walk(fn) if isinstance(node, (ast.Import, ast.ImportFrom))},
                     key=lambda node: node.lineno)
    for node in imports:
        own = range(node.lineno, node.end_lineno + 1)
        above = node.lineno - 1
        above_is_comment = above in comments and lines[above - 1].lstrip().startswith("#")
        if any(line in comments for line in own) or above_is_comment or above in accepted:
            accepted.update(own)
        else:
            found.append(f"{name}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def _offenders(folder: str) -> dict[str, list[str]]:
    out = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if found := uncommented_function_imports(path.read_text(encoding="utf-8"), name):
            out[name] = found
    return out


@pytest.mark.parametrize("folder", CHECKED)
def test_function_imports_are_commented_lazy_imports(folder):
    offenders = _offenders(folder)
    assert not offenders, "\n".join(line for found in offenders.values() for line in found)


def test_the_check_tells_commented_from_uncommented():
    source = '''
import json


def top():
    return json


def heavy():
    # lazy: scipy only here
    from scipy import sparse
    from scipy.stats import spearmanr
    import numpy  # lazy: heavy too
    return sparse, spearmanr, numpy


def circle():
    """A docstring is not a comment."""
    from graph.build import views

    import os
    return views, os


class Store:
    def read(self):
        text = "# not a comment"
        import neo4j
        return text, neo4j
'''
    assert uncommented_function_imports(source, "m.py") == [
        "m.py:19: from graph.build import views", "m.py:21: import os", "m.py:28: import neo4j"]
