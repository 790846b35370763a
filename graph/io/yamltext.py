"""YAML text to Python data with libyaml's C parser when PyYAML has it (about 10x faster than pure Python).

>>> load_yaml("id: widgets\\nsegments: [{id: ore}]")
{'id': 'widgets', 'segments': [{'id': 'ore'}]}
"""
from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """Like ``yaml.safe_load``: plain data only, never Python objects; raises yaml.YAMLError on bad syntax."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 — a safe loader
