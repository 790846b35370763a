"""Where the Neo4j store connects: a driver and a database name from the environment.

>>> database_from_env({"NEO4J_DATABASE": "chains"}), database_from_env({})
('chains', None)
>>> driver = driver_from_env({"NEO4J_URI": "bolt://127.0.0.1:7687"})   # doctest: +SKIP
"""
from __future__ import annotations

import os

from neo4j import Driver, GraphDatabase


def driver_from_env(env: dict | None = None, *, verify: bool = True) -> Driver:
    """A driver from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (auth only when a password is set).

    With ``verify`` it fails at once (ServiceUnavailable, AuthError) when Neo4j cannot be used,
    instead of retrying each query for a minute.
    """
    env = os.environ if env is None else env
    uri = env.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    password = env.get("NEO4J_PASSWORD")
    auth = (env.get("NEO4J_USER", "neo4j"), password) if password else None
    driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=5)
    if verify:
        try:
            driver.verify_connectivity()
        except Exception:
            driver.close()
            raise
    return driver


def database_from_env(env: dict | None = None) -> str | None:
    """NEO4J_DATABASE, or None for the server's default database."""
    return (os.environ if env is None else env).get("NEO4J_DATABASE") or None
