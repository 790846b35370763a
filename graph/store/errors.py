"""What the Neo4j store raises besides the driver's own errors (``DatasetChanged`` is every store's: graph.store.base).

>>> DatasetNotHeld("demo 2021", "demo 2023, demo 2024").format("en")
'Neo4j holds no dataset demo 2021 (held: demo 2023, demo 2024)'
"""
from __future__ import annotations

from graph.messages import MessageError


class LoadError(RuntimeError):
    """A load stopped; the previous dataset is still the current one. The message is one line."""


class LoadInProgress(LoadError):
    """Another load into the same database holds the load lock."""


class DatasetNotHeld(MessageError, LookupError):
    """A read asked for a dataset name or year the database does not hold; ``format(lang)`` is one line."""

    def __init__(self, asked: str, held: str):
        super().__init__("neo4j_not_held", asked=asked, held=held)
        self.asked, self.held = asked, held
