"""dataset.yaml on its own: read as it stands (for looking datasets up, without validating them) and written.

:func:`graph.io.read_dataset` reads and validates it with the tables; everything else that reads or writes a
dataset.yaml goes through here (years beside a folder, classify's output, an upload without one).

>>> import tempfile
>>> folder = write_meta(tempfile.mkdtemp(), {"name": "x", "region": "山东省", "chain_set": "c", "year": 2024,
...                                          "description": ""})
>>> read_meta(folder)
{'name': 'x', 'region': '山东省', 'chain_set': 'c', 'year': 2024}
"""
from __future__ import annotations

from pathlib import Path

import yaml

from graph.io.yamltext import load_yaml

META_FILE = "dataset.yaml"


def read_meta(folder: str | Path) -> dict | None:
    """The folder's dataset.yaml as a dict; None when it is missing, unreadable or not a mapping."""
    try:
        doc = load_yaml((Path(folder) / META_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    return doc if isinstance(doc, dict) else None


def write_meta(folder: str | Path, meta: dict) -> Path:
    """Write ``meta`` as the folder's dataset.yaml (empty values left out, keys in the given order); return the
    folder."""
    folder = Path(folder)
    clean = {k: v for k, v in meta.items() if v not in (None, "")}
    (folder / META_FILE).write_text(yaml.safe_dump(clean, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder
