"""Graph stores: one interface (:class:`GraphStore`), an embedded and a Neo4j backend."""
from graph.store.base import GraphStore
from graph.store.memory import MemoryStore

__all__ = ["GraphStore", "MemoryStore"]
