"""The local Neo4j launcher: auth with NEO4J_PASSWORD, status, and stop ending exactly its process."""
import os
import time

import pytest

from graph import server
from tests.conftest import TEST_SERVER_JVM
from tests.neo4j_helpers import free_port

pytestmark = pytest.mark.slow


def test_password_turns_auth_on_and_stop_ends_the_process(tmp_path, monkeypatch):
    from neo4j.exceptions import AuthError

    from graph.store.neo4j import driver_from_env

    port = free_port()
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-for-test")
    # no Graph Data Science (its plugin load doubles the start) and a small page cache: none is what this tests
    info = server.start(port=port, home=tmp_path / "home", heap="512m", pagecache="64m", gds=False,
                        jvm_flags=TEST_SERVER_JVM)
    try:
        assert server.status(port=port, home=tmp_path / "home") == info
        env = {"NEO4J_URI": info.uri, "NEO4J_PASSWORD": "s3cret-for-test"}
        with driver_from_env(env) as driver:
            assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
            retention = driver.execute_query("SHOW SETTINGS YIELD name, value WHERE name = $name RETURN value",
                                             name="db.tx_log.rotation.retention_policy").records
            assert [r["value"] for r in retention] == ["2 files"], "loads do not pile up transaction logs"
        with pytest.raises(AuthError):
            driver_from_env({**env, "NEO4J_PASSWORD": "wrong"})
        log = (tmp_path / "home" / "launcher.log").read_text()
        assert "s3cret" not in log, "the password is never logged"
    finally:
        began = time.monotonic()
        assert server.stop(port=port, home=tmp_path / "home")
        # Bolt's network threads end at once: Netty's quiet period (5 s per connector, not readable by SHOW SETTINGS)
        # made every stop take 10 s or more; a stop is under a second without it
        assert time.monotonic() - began < 8
    assert server.status(port=port, home=tmp_path / "home") is None
    with pytest.raises(ProcessLookupError):
        os.kill(info.pid, 0)
