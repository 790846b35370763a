"""Start, stop and inspect a local Neo4j Community server for development and tests.

The jars come from Maven Central on first use (``neo4j/pom.xml``) into a cache outside the
repository; ``neo4j/Launcher.java`` runs them as a single source file with Bolt on loopback.

>>> info = start(port=7688)          # doctest: +SKIP
>>> info.uri                         # doctest: +SKIP
'bolt://127.0.0.1:7688'
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POM = ROOT / "neo4j" / "pom.xml"
LAUNCHER = ROOT / "neo4j" / "Launcher.java"
CACHE = Path(os.environ.get("CHAIN_EXPLORER_CACHE", Path.home() / ".cache" / "chain-explorer"))
# the JVM flags Neo4j's own neo4j.conf sets (server.jvm.additional)
JVM_FLAGS = [
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
    "-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true", "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]


class ServerError(RuntimeError):
    """The local Neo4j could not be fetched, started or stopped."""


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    port: int
    home: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


def neo4j_version() -> str:
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text(encoding="utf-8"))
    return match.group(1)


def lib_dir() -> Path:
    return CACHE / f"neo4j-{neo4j_version()}" / "lib"


def default_home(port: int) -> Path:
    return CACHE / f"neo4j-home-{port}"


def fetch_jars(*, quiet: bool = False) -> Path:
    """Download Neo4j Community and its dependencies with Maven, once."""
    target = lib_dir()
    if target.is_dir() and any(target.glob("neo4j-bolt-*.jar")):
        return target
    if shutil.which("mvn") is None:
        raise ServerError("Maven (mvn) is needed to fetch Neo4j from Maven Central; install it and retry")
    staging = target.with_name("lib.partial")
    shutil.rmtree(staging, ignore_errors=True)
    if not quiet:
        print(f"fetching Neo4j {neo4j_version()} from Maven Central into {target.parent} ...", file=sys.stderr)
    result = subprocess.run(["mvn", "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
                             f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ServerError("Maven could not fetch Neo4j: " + (result.stdout + result.stderr).strip()[-2000:])
    staging.rename(target)
    return target


def _pid_file(home: Path) -> Path:
    return home / "launcher.json"


def _alive(pid: int) -> bool:
    """True when ``pid`` runs and is our launcher (not a recycled pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return "Launcher.java" in cmdline


def _bolt_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"\x60\x60\xb0\x17" + b"\x00\x00\x05\x05" + b"\x00" * 12)  # Bolt handshake, v5.5
            return len(sock.recv(4)) == 4
    except OSError:
        return False


def _ready(log_path: Path, offset: int) -> bool:
    """The launcher prints 'neo4j ready' once Bolt listens and the password is set."""
    with open(log_path, "rb") as handle:
        handle.seek(offset)
        return b"neo4j ready" in handle.read()


def status(*, port: int = 7687, home: Path | None = None) -> ServerInfo | None:
    """The running server started from ``home`` (default for ``port``), or None."""
    home = Path(home or default_home(port))
    try:
        data = json.loads(_pid_file(home).read_text())
    except (OSError, ValueError):
        return None
    info = ServerInfo(data["pid"], data["port"], str(home))
    return info if _alive(info.pid) else None


def start(*, port: int = 7687, home: Path | None = None, heap: str = "2g", timeout: float = 180) -> ServerInfo:
    """Start Neo4j detached on 127.0.0.1:``port`` and wait until Bolt answers.

    ``NEO4J_PASSWORD`` in the environment turns auth on with that password.
    """
    home = Path(home or default_home(port))
    running = status(port=port, home=home)
    if running:
        return running
    if _bolt_answers(port):
        raise ServerError(f"port {port} is already in use by another process")
    if shutil.which("java") is None:
        raise ServerError("Java 17 is needed to run Neo4j; install OpenJDK 17 and retry")
    lib = fetch_jars()
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "launcher.log"
    log = open(log_path, "ab")
    log_start = log.tell()
    command = ["java", f"-Xmx{heap}", f"-Xms{heap}", *JVM_FLAGS, "-cp", f"{lib}/*", str(LAUNCHER),
               "--home", str(home), "--port", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True, cwd=home)
    info = ServerInfo(process.pid, port, str(home))
    _pid_file(home).write_text(json.dumps({"pid": info.pid, "port": port}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-1500:]
            raise ServerError(f"Neo4j exited with code {process.returncode}; log tail:\n{tail}")
        if _ready(log_path, log_start) and _bolt_answers(port):
            return info
        time.sleep(0.5)
    stop(port=port, home=home)
    raise ServerError(f"Neo4j did not answer on port {port} within {timeout:.0f} s (log: {log_path})")


def stop(*, port: int = 7687, home: Path | None = None, timeout: float = 60) -> bool:
    """Stop exactly the process ``start`` launched (from its pid file). True if one was stopped."""
    home = Path(home or default_home(port))
    info = status(port=port, home=home)
    _pid_file(home).unlink(missing_ok=True)
    if info is None:
        return False
    os.kill(info.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(info.pid):
        try:
            if os.waitpid(info.pid, os.WNOHANG)[0]:
                break
        except ChildProcessError:
            pass
        time.sleep(0.3)
    if _alive(info.pid):
        os.kill(info.pid, signal.SIGKILL)
    try:  # reap it when this process started it (tests); a detached one is reaped by init
        os.waitpid(info.pid, 0)
    except ChildProcessError:
        pass
    return True
