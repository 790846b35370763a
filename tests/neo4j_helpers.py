"""Helpers of the Neo4j fault tests: a free port for a test's own server, waiting for a load to be halfway, and
reading while a load runs."""
import codecs
import os
import re
import socket
import subprocess
import threading
import time

PROGRESS = re.compile(r"\| *(\d+)/(\d+) \[")


def free_port() -> int:
    """A free loopback port (fixed ports collide when several checkouts test at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_loading(process: subprocess.Popen, *, at_least: int = 500, timeout: float = 180) -> str:
    """Read a `python -m graph load` progress bar until at least ``at_least`` rows are committed and the load is
    not finished; return what was read. Fails when the load ends first."""
    progress, deadline = "", time.monotonic() + timeout
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while time.monotonic() < deadline:
        # everything the pipe holds now (up to 64 KB), so the progress judged is the loader's latest, not a stale line
        chunk = decoder.decode(os.read(process.stderr.fileno(), 65536))
        assert chunk, f"load ended before it could be interrupted: {progress[-300:]}"
        progress += chunk
        done = [(int(n), int(total)) for n, total in PROGRESS.findall(progress[-200:])]
        if done and at_least <= done[-1][0] < done[-1][1]:
            return progress
    raise AssertionError(f"the load did not get going within {timeout:.0f} s: {progress[-300:]}")


SCHEMA_NODES = ("MATCH (n) WHERE n:Chain OR n:Segment OR n:Firm OR n:City OR n:Project "
                "RETURN count(n) AS n, count(DISTINCT n.version) AS versions")


def empty_database(driver) -> None:
    """Remove every dataset (its nodes and its Dataset node): a test that counts nodes starts from nothing."""
    with driver.session() as session:
        session.run("MATCH (n) WHERE n:Chain OR n:Segment OR n:Firm OR n:City OR n:Project OR n:Dataset "
                    "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def only_held(driver, *counts: dict) -> None:
    """The database holds exactly the current versions of datasets with these counts (one each): no staging or
    replaced nodes left."""
    record = driver.execute_query(SCHEMA_NODES).records[0]
    assert (record["n"], record["versions"]) == (sum(sum(c["nodes"].values()) for c in counts), len(counts))


def reads_during_load(load, read, *, readers: int = 2, batch_pause: float = 0.02, settle: float = 0.0) -> list:
    """What ``read()`` returned, called over and over by ``readers`` threads from the first committed batch of
    ``load(on_batch)`` (each batch then pauses ``batch_pause`` s) until the load has ended and ``settle`` s more."""
    started, done, seen = threading.Event(), threading.Event(), []

    def on_batch(n, total):
        started.set()
        time.sleep(batch_pause)

    def reader():
        while not done.is_set():
            seen.append(read())

    loader = threading.Thread(target=lambda: load(on_batch))
    loader.start()
    assert started.wait(60), "the load committed no batch within 60 s"
    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for t in threads:
        t.start()
    loader.join(180)
    time.sleep(settle)
    done.set()
    for t in threads:
        t.join()
    return seen
