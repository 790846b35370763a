"""Neo4j load benchmark, side by side in one run: `python -m bench.load [--scales 100k,1m] [--port 7712]`.

Per scale (synthetic province, seed 7): a first load into an empty database, then replacing it ``--replaces``
times (the staged, versioned load of graph.store.neo4j: committed UNWIND batches in parallel, the switch, the old
version removed), optionally the same replacement with the driver's Rust packing switched off, and the naive
path — one MERGE statement per row on a 2,000-row subset of the same rows, rolled back. Rows are nodes +
relationships. The staged path is timed from the dataset in memory (row building included) to the switch —
from then on readers see the new dataset: "rows/s until current" — and to the load's return, after the old
version is removed. The load average is printed with every replace; best and median are reported.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from neo4j._codec.packstream import v1

from bench.common import SCALES, province, table
from graph import server
from graph.store import queries as Q
from graph.store.bulk import bulk_load
from graph.store.driver import driver_from_env
from graph.store.neo4j import Neo4jStore
from graph.store.staging import expected_counts, staging_rows

DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def _rust_packing(on: bool, saved: dict = {}) -> None:  # noqa: B006 - remembers the Rust packer across calls
    """Switch the neo4j driver's Rust packing (package neo4j-rust-ext) off and on again: writes only."""
    saved.setdefault("pack", v1.Packer._pack)
    v1.Packer._pack = saved["pack"] if on else (lambda self, data, dehydration_hooks=None:
                                                self._py_pack(data, dehydration_hooks))


def per_row_merge(driver, dataset, sample: int) -> float:
    """Rows/s of one MERGE per row (firms, then supply rows among them), in one transaction rolled back."""
    firms = dataset.firms.head(sample).astype(object).where(dataset.firms.head(sample).notna(), None)
    keys = set(firms["firm_id"])
    supply = dataset.supply[dataset.supply["supplier_id"].isin(keys) & dataset.supply["customer_id"].isin(keys)]
    supply = supply.head(sample).astype(object).where(supply.head(sample).notna(), None)
    started = time.perf_counter()
    with driver.session() as session, session.begin_transaction() as tx:
        for f in firms.itertuples(index=False):
            tx.run(Q.MERGE_ONE_FIRM, firm_id=f.firm_id, version="bench", name=f.name, province=f.province,
                   city=f.city, revenue=f.revenue, local=f.province == dataset.meta.region).consume()
        for s in supply.itertuples(index=False):
            tx.run(Q.MERGE_ONE_SUPPLY, source=s.supplier_id, target=s.customer_id, version="bench",
                   chain_id=s.chain_id or "", amount=s.amount).consume()
        tx.rollback()
    return (len(firms) + len(supply)) / (time.perf_counter() - started)


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds process ``pid`` has used (0 without a pid): the Neo4j server's work, which on a
    shared machine varies less than wall time."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(driver, dataset, *, batch_size: int = 5000, workers: int = 2, replace: bool = True,
            rust_off: bool = True, sample: int = 2000, bulk: tuple[int, Path] | None = None,
            staged: bool = True, variants: tuple[tuple[int, int], ...] = (), replaces: int = 1,
            server_pid: int | None = None) -> dict:
    """Seconds and rows/s of each way to load ``dataset`` (see the module docstring).

    ``bulk=(port, home)`` of a server `graph server` manages adds `load --bulk` (run last: it restarts the server);
    ``variants`` ((batch size, workers), …) adds a replacement for each; ``replaces`` replaces that many times
    (``replace_runs``: seconds to the switch, in all, the load average and, given the local ``server_pid``, the
    server's CPU seconds of each; the first is the headline).
    """
    store = Neo4jStore(driver, batch_size=batch_size, workers=workers)
    with driver.session() as session:
        session.run(DELETE_ALL).consume()
    out = {}
    out["rows"] = rows = sum(expected_counts(staging_rows(dataset)).values())
    if staged:
        started = time.perf_counter()
        store.load(dataset)
        out["first_s"] = time.perf_counter() - started
    for i in range(replaces if staged and replace else 0):
        started, cpu = time.perf_counter(), cpu_seconds(server_pid)
        store.load(dataset)
        seconds = time.perf_counter() - started
        out.setdefault("replace_runs", []).append({"switch_s": store.timings["switched"], "total_s": seconds,
                                                   "prepared_s": store.timings["prepared"],
                                                   "server_cpu_s": cpu_seconds(server_pid) - cpu,
                                                   "load_average": os.getloadavg()[0]})
        print(f"  replace {i + 1}: current after {store.timings['switched']:.2f} s "
              f"({rows / store.timings['switched']:,.0f} rows/s), {seconds:.2f} s with the removal, server CPU "
              f"{out['replace_runs'][-1]['server_cpu_s']:.1f} s, load average {os.getloadavg()[0]:.1f}", flush=True)
        if i == 0:
            out["replace_s"] = seconds
            out["replace_switch_s"], out["replace_remove_s"] = store.timings["switched"], store.timings["removed"]
    if staged and rust_off:
        _rust_packing(False)
        try:
            started = time.perf_counter()
            store.load(dataset)
            out["replace_python_packing_s"] = time.perf_counter() - started
        finally:
            _rust_packing(True)
    for size, threads in variants if staged else ():
        started = time.perf_counter()
        Neo4jStore(driver, batch_size=size, workers=threads).load(dataset)
        out.setdefault("variants", {})[f"{size}/{threads}"] = rows / (time.perf_counter() - started)
    out["per_row_rows_s"] = per_row_merge(driver, dataset, sample)
    if bulk:
        started, steps = time.perf_counter(), {}
        bulk_load(dataset, port=bulk[0], home=bulk[1], timings=steps)
        out["bulk_s"] = time.perf_counter() - started
        out["bulk_steps"] = {k: round(v, 1) for k, v in steps.items()}
    out["rows_s"] = {k: rows / out[f"{k}_s"] for k in ("first", "replace", "replace_python_packing", "bulk")
                     if f"{k}_s" in out}
    if "replace_runs" in out:
        current = [rows / r["switch_s"] for r in out["replace_runs"]]
        out["current_rows_s"] = {"first": current[0], "best": max(current), "median": statistics.median(current)}
    return out


def tables(results: dict[str, dict], show=table) -> list[str]:
    """Markdown tables (``show(title, header, rows)`` prints one: :func:`bench.common.table`) of :func:`measure`
    results per scale."""
    rows = []
    for name, r in results.items():
        rate = r["rows_s"]
        replace = rate.get("replace")
        current = r.get("current_rows_s", {}).get("first")
        rows.append([name, f"{r['rows']:,}", f"{r['first_s']:.1f}" if "first" in rate else "–",
                     f"{rate['first']:,.0f}" if "first" in rate else "–",
                     f"{r['replace_s']:.1f}" if replace else "–", f"{replace:,.0f}" if replace else "–",
                     f"{r['replace_switch_s']:.1f}" if replace else "–", f"{current:,.0f}" if current else "–",
                     f"{r['per_row_rows_s']:,.0f}",
                     f"{(current or rate.get('first') or rate['bulk']) / r['per_row_rows_s']:.0f}×",
                     f"{rate['replace_python_packing']:,.0f}" if "replace_python_packing" in rate else "–",
                     f"{r['bulk_s']:.1f}" if "bulk_s" in r else "–", f"{rate['bulk']:,.0f}" if "bulk" in rate else "–"])
    variants = [[name, *key.split("/"), f"{rate:,.0f}"] for name, r in results.items()
                for key, rate in r.get("variants", {}).items()]
    extra = [show("Neo4j load: replace with other batch sizes and writer threads (same run)",
                  ["scale", "batch size", "writer threads", "replace rows/s"], variants)] if variants else []
    repeats = [[name, len(r["replace_runs"]), f"{r['current_rows_s']['first']:,.0f}", f"{r['current_rows_s']['best']:,.0f}",
                f"{r['current_rows_s']['median']:,.0f}", f"{min(x['total_s'] for x in r['replace_runs']):.1f}",
                f"{statistics.median(x['total_s'] for x in r['replace_runs']):.1f}",
                " → ".join(f"{x['server_cpu_s']:.1f}" for x in r["replace_runs"]),
                f"{min(x['load_average'] for x in r['replace_runs']):.1f}–{max(x['load_average'] for x in r['replace_runs']):.1f}"]
               for name, r in results.items() if len(r.get("replace_runs", ())) > 1]
    extra += [show("Neo4j load: replaces in a row — rows/s until the new version is current",
                   ["scale", "replaces", "first", "best", "median", "best s with removal", "median s with removal",
                    "server CPU s per replace, in order", "load average"], repeats)] if repeats else []
    return extra + [show("Neo4j load: staged versioned load (committed UNWIND batches, 2 workers) vs one MERGE per row",
                  ["scale", "rows (nodes + relationships)", "first load s", "first load rows/s", "replace s (with removal)",
                   "replace rows/s (with removal)", "replace: new version current after s",
                   "replace rows/s until current", "per-row MERGE rows/s (2,000-row subset)",
                   "replace until current (or first) / per-row", "replace rows/s, Python packing",
                   "load --bulk s (server stop, neo4j-admin import, start)", "load --bulk rows/s"], rows)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="100k,1m")
    parser.add_argument("--port", type=int, default=7712)
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--batch-size", dest="batch_size", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--paths", default="staged,bulk", help="staged, bulk or both")
    parser.add_argument("--variants", default="", help="e.g. 5000/1,20000/2: replace again with batch/threads")
    parser.add_argument("--replaces", type=int, default=5, help="replaces in a row per scale (best and median)")
    parser.add_argument("--python-packing", dest="python_packing", action="store_true",
                        help="also replace with the driver's Rust packing switched off")
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
          f"Neo4j heap {args.heap}, page cache {args.pagecache}; batch {args.batch_size}, {args.workers} workers; "
          f"driver packing in {'Rust (neo4j-rust-ext)' if v1._rust_pack else 'Python'}")
    home = Path(tempfile.mkdtemp(prefix="bench-load-"))
    pid = server.start(port=args.port, home=home, heap=args.heap, pagecache=args.pagecache, gds=False).pid
    results = {}
    try:
        for name in args.scales.split(","):
            big = name == "1m"
            # a driver per scale: after load --bulk the database's transaction ids start again, so an old
            # driver's bookmarks point past them
            with driver_from_env({"NEO4J_URI": f"bolt://127.0.0.1:{args.port}"}) as driver:
                results[name] = measure(driver, province(SCALES[name]), batch_size=args.batch_size,
                                        workers=args.workers, replace=True, replaces=args.replaces, server_pid=pid,
                                        rust_off=args.python_packing and not big,
                                        bulk=(args.port, home) if "bulk" in args.paths else None,
                                        staged="staged" in args.paths,
                                        variants=tuple(tuple(map(int, v.split("/"))) for v in args.variants.split(",") if v))
            print(name, results[name], f"load average {os.getloadavg()[0]:.1f}", flush=True)
        tables(results)
    finally:
        server.stop(port=args.port, home=home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
