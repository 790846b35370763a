"""Start, stop and inspect a local Neo4j Community server for development and tests.

The jars come from Maven Central on first use (``neo4j/pom.xml``; Graph Data Science Community from
``neo4j/gds/pom.xml``) into a cache outside the repository; ``neo4j/Launcher.java`` runs them as a single source
file with Bolt on loopback. GDS loads only with its jars both on the class path and in the plugin directory
(with ``gds.*`` unrestricted); the cache directory serves as both.

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
GDS_POM = ROOT / "neo4j" / "gds" / "pom.xml"
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


def _pom_version(pom: Path, tag: str) -> str:
    return re.search(rf"<{tag}>([^<]+)</{tag}>", pom.read_text(encoding="utf-8")).group(1)


def neo4j_version() -> str:
    return _pom_version(POM, "neo4j.version")


def gds_version() -> str:
    return _pom_version(GDS_POM, "gds.version")


def lib_dir() -> Path:
    return CACHE / f"neo4j-{neo4j_version()}" / "lib"


def gds_dir() -> Path:
    return CACHE / f"gds-{gds_version()}" / "lib"


def default_home(port: int) -> Path:
    return CACHE / f"neo4j-home-{port}"


def _fetch(pom: Path, target: Path, marker: str, what: str, quiet: bool) -> Path:
    """Copy the runtime dependencies of ``pom`` into ``target`` with Maven, once (staged, then renamed)."""
    if target.is_dir() and any(target.glob(marker)):
        return target
    if shutil.which("mvn") is None:
        raise ServerError(f"Maven (mvn) is needed to fetch {what} from Maven Central; install it and retry")
    staging = target.with_name(f"lib.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    if not quiet:
        print(f"fetching {what} from Maven Central into {target.parent} ...", file=sys.stderr)
    result = subprocess.run(["mvn", "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
                             f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ServerError(f"Maven could not fetch {what}: " + (result.stdout + result.stderr).strip()[-2000:])
    try:
        staging.rename(target)
    except OSError:  # another process finished the same download first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def fetch_jars(*, quiet: bool = False) -> Path:
    """Download Neo4j Community and its dependencies with Maven, once."""
    return _fetch(POM, lib_dir(), "neo4j-bolt-*.jar", f"Neo4j {neo4j_version()}", quiet)


def fetch_gds_jars(*, quiet: bool = False) -> Path:
    """Download Graph Data Science Community (GPLv3, never committed) with Maven, once."""
    return _fetch(GDS_POM, gds_dir(), "proc-sysinfo-*.jar", f"Graph Data Science {gds_version()}", quiet)


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


def start(*, port: int = 7687, home: Path | None = None, heap: str = "2g", pagecache: str = "1g", gds: bool = True,
          timeout: float = 180, jvm_flags: tuple[str, ...] | list[str] = ()) -> ServerInfo:
    """Start Neo4j detached on 127.0.0.1:``port`` and wait until Bolt answers.

    ``heap`` and ``pagecache`` size the JVM heap and Neo4j's page cache (a 1M-edge province wants about 4g and 2g);
    ``gds`` installs Graph Data Science Community. ``NEO4J_PASSWORD`` in the environment turns auth on.
    ``jvm_flags`` are added to the JVM's (the tests' short-lived servers start on the quick JIT alone).
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
    class_path, plugins = f"{lib}/*", []
    if gds:
        gds_lib = fetch_gds_jars()
        class_path, plugins = f"{class_path}:{gds_lib}/*", ["--plugins", str(gds_lib)]
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "launcher.log"
    log = open(log_path, "ab")
    log_start = log.tell()
    command = ["java", f"-Xmx{heap}", f"-Xms{heap}", *JVM_FLAGS, *jvm_flags, "-cp", class_path, str(LAUNCHER),
               "--home", str(home), "--port", str(port), "--pagecache", pagecache, *plugins]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True, cwd=home)
    info = ServerInfo(process.pid, port, str(home))
    _pid_file(home).write_text(json.dumps({"pid": info.pid, "port": port, "heap": heap, "pagecache": pagecache,
                                           "gds": gds, "jvm_flags": list(jvm_flags)}))
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


def options(*, port: int = 7687, home: Path | None = None) -> dict:
    """The heap, page cache, GDS choice and added JVM flags the running server was started with ({} when none
    runs)."""
    home = Path(home or default_home(port))
    try:
        data = json.loads(_pid_file(home).read_text())
    except (OSError, ValueError):
        return {}
    return {k: data[k] for k in ("heap", "pagecache", "gds", "jvm_flags") if k in data}


def admin_import(home: Path, arguments: list[str], *, heap: str = "1g") -> subprocess.CompletedProcess:
    """Run ``neo4j-admin database import full`` (Neo4j's own jars) on the stopped server's home."""
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    (home / "conf").mkdir(parents=True, exist_ok=True)
    return subprocess.run(["java", f"-Xmx{heap}", "-cp", f"{fetch_jars()}/*", "org.neo4j.cli.AdminTool", "database",
                           "import", "full", *arguments], env=env, capture_output=True, text=True, cwd=home)


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
