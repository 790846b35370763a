"""Classification speed, measured side by side in one run: `python -m bench.classify [--firms 50000]`, or on a
real export: `python -m bench.classify --registry export.csv` (a registration export of any size).

The registry is the demo's registry view (graph.classify.demo) repeated until it holds ``--firms`` rows, each
name made unique and each 经营范围 padded with the generic clauses real exports carry (about 120 characters).
Rows of the table:
- read:     CSV -> normalised registry frame (header recognition, units, regions, credit codes, ids)
- rules:    candidates and statuses for every firm (forward maximum matching over one word dictionary)
- jieba:    only tokenising the same name + 经营范围 texts with jieba (the alternative tokeniser), for scale
- review workbook, two ways: the former writer (openpyxl write-only, kept here only, as the baseline) and the one
  in use (graph.io.xlsx_writer); the same sheets, cells and layout
- end to end: classify_registry + write_outputs (dataset + review workbook), and the same with the former writer

With ``--registry`` the table is that export's: read, rules, review workbook, and the command line end to end
(`python -m graph classify` in a child process: wall and CPU seconds and its peak memory).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from graph.classify import review as layout
from graph.classify.demo import registry_view
from graph.classify.orgkind import kind_of
from graph.classify.output import FIRM_COLUMNS, write_classified
from graph.classify.pipeline import DEFAULT_CHAINS, REVIEW_FILE, classify_registry, rules_for, write_outputs
from graph.classify.propose import propose
from graph.classify.registry import read_registry
from graph.classify.review import review_table, write_review
from graph.classify.scope import _sentence_clauses, clauses
from graph.io import DEMO_DATA, read_dataset

PADDING = ("；一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；货物进出口；技术进出口；"
           "机械设备销售；五金产品批发；（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）")


def registry_csv(firms: int, folder: Path) -> Path:
    demo = read_dataset(DEMO_DATA)
    firm_table, links = demo.firms, demo.firm_segments
    if not isinstance(firm_table, pd.DataFrame):   # record lists until the io helper's DataFrame tables land
        firm_table = pd.DataFrame([f.__dict__ for f in firm_table])
        links = pd.DataFrame([x.__dict__ for x in links])
    view = registry_view(firm_table, links, demo.chains)
    repeats = -(-firms // len(view))
    big = pd.concat([view] * repeats, ignore_index=True).head(firms)
    copy = big.index // len(view)
    big["企业名称"] = big["企业名称"] + copy.map(lambda i: f"（第{i}分公司）" if i else "")
    big["统一社会信用代码"] = big["统一社会信用代码"].where(copy == 0)
    big["经营范围"] = big["经营范围"].fillna("") + PADDING
    path = folder / "registry.csv"
    big.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def openpyxl_review(path, firms: pd.DataFrame, proposals: pd.DataFrame, chains, *, meta: dict) -> None:
    """The review workbook as graph.classify.review wrote it before graph.io.xlsx_writer: openpyxl in write-only
    mode, one cell object per cell (the baseline; the sheets, cells and layout are the same)."""
    # lazy: only the baseline writer uses openpyxl (the classifier writes with graph.io.xlsx_writer)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook(write_only=True)
    sheet = book.create_sheet(layout.REVIEW_SHEET)
    for index, (_, _, width) in enumerate(layout.REVIEW_COLUMNS):
        sheet.column_dimensions["ABCDEFGHIJKLMNOP"[index]].width = width
    for letter in ("M", "N"):
        sheet.column_dimensions[letter].hidden = True
    sheet.freeze_panes = "C2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def header_cell(sheet_, text):
        cell = WriteOnlyCell(sheet_, text)
        cell.font, cell.alignment = bold, wrap
        return cell

    sheet.append([header_cell(sheet, h) for h, _, _ in layout.REVIEW_COLUMNS])
    table = review_table(firms, proposals)
    for cells in table.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in cells])
    rows = 1 + len(table)
    for status, colour in layout.FILLS.items():
        rule = FormulaRule(formula=[f'$E2="{layout.STATUS_ZH[status]}"'], fill=PatternFill("solid", fgColor=colour))
        sheet.conditional_formatting.add(f"A2:L{max(rows, 2)}", rule)
    sheet.auto_filter.ref = f"A1:L{rows}"
    accept = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    accept.add(f"F2:F{rows + 500}")
    sheet.data_validations.append(accept)
    n_segments = sum(len(c.segments) for c in chains) + 1
    for column, source in (("G", "A"), ("I", "C")):
        ids = DataValidation(type="list", formula1=f"'{layout.SEGMENT_SHEET}'!${source}$2:${source}${n_segments}",
                             allow_blank=True)
        ids.add(f"{column}2:{column}{rows + 500}")
        sheet.data_validations.append(ids)
    segments = book.create_sheet(layout.SEGMENT_SHEET)
    for letter, width in zip("ABCDEFG", (24, 14, 26, 18, 12, 26, 30), strict=False):
        segments.column_dimensions[letter].width = width
    segments.freeze_panes = "A2"
    segments.append([header_cell(segments, h) for h in ("产业链ID chain_id", "产业链 chain", "环节ID segment_id",
                                                        "环节 segment", "阶段 stage", "Chain", "Segment")])
    for chain in chains:
        for seg in chain.segments:
            segments.append([chain.id, chain.name, seg.id, seg.name, seg.stage, chain.name_en, seg.name_en])
    firm_sheet = book.create_sheet(layout.FIRM_SHEET)
    for letter, width in zip("ABCDEFGHIJ", layout.FIRM_WIDTHS, strict=False):
        firm_sheet.column_dimensions[letter].width = width
    firm_sheet.freeze_panes = "A2"
    firm_sheet.append([header_cell(firm_sheet, c) for c in FIRM_COLUMNS])
    for record in firms.reindex(columns=list(FIRM_COLUMNS)).itertuples(index=False):
        firm_sheet.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in record])
    readme = book.create_sheet(layout.README_SHEET)
    readme.column_dimensions["A"].width = 100
    readme.column_dimensions["B"].width = 30
    title = WriteOnlyCell(readme, layout.INSTRUCTIONS[0])
    title.font = Font(bold=True, size=13)
    readme.append([title])
    for line in layout.INSTRUCTIONS[1:]:
        readme.append([line])
    readme.append([])
    readme.append([header_cell(readme, "参数 parameter"), header_cell(readme, "值 value")])
    for key in layout.META_KEYS:
        readme.append([key, None if meta.get(key) is None else str(meta.get(key))])
    book.save(path)


def former_outputs(result, out: Path) -> None:
    """write_outputs with the former (openpyxl) review workbook writer."""
    out.mkdir(parents=True, exist_ok=True)
    write_classified(out, result.firms(), result.memberships(),
                     meta={k: v for k, v in result.meta.items() if k != "threshold"})
    openpyxl_review(out / REVIEW_FILE, result.registry.frame, result.proposals, result.chains, meta=result.meta)


def timed(func):
    """(value, (wall seconds, CPU seconds of this process)) — CPU time stays honest on a shared, loaded machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    return value, (time.perf_counter() - wall, time.process_time() - cpu)


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it (Linux /proc)."""
    parent = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:   # the process ended while being read
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parent.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return sorted(tree)


def _pss_mb(pids: list[int]) -> float:
    """Memory the processes hold together: the sum of their proportional set sizes (a page that forked workers
    share is counted once, split among them)."""
    total = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)
    return total / 1024


def measured_run(command: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s of the command and its workers, peak memory in MB of them all together, sampled every 100 ms)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _pss_mb(_tree(process.pid)))
        time.sleep(0.1)
    wall = time.perf_counter() - wall
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, peak


def export_bench(path: Path) -> None:
    """Read, rules, review workbook and the command line end to end on one real export: in this process only
    (``--workers 1``) and with one worker per core (the default), side by side."""
    load_before = os.getloadavg()[0]
    chains, rules = rules_for(DEFAULT_CHAINS)
    registry, read_s = timed(lambda: read_registry(path))
    frame = registry.frame
    proposals, rules_s = timed(lambda: propose(frame, rules))
    # the same again from cold caches, listing what the firms placed on no chain make in words no map holds (the
    # command line does so)
    unknown: list = []
    for cache in (clauses, _sentence_clauses, kind_of):
        cache.cache_clear()
    fresh = rules_for(DEFAULT_CHAINS)[1]
    _, rules_unknown_s = timed(lambda: propose(frame, fresh, unknown=unknown))
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        meta = {"region": "山东省", "chain_set": "shandong-2022"}
        _, review_s = timed(lambda: write_review(Path(tmp) / "review.xlsx", frame, proposals, chains, meta=meta))
        for workers in (1, 0):
            command = [sys.executable, "-m", "graph", "classify", "--registry", str(path), "--out", f"{tmp}/out",
                       "--workers", str(workers)]
            runs[workers] = measured_run(command)
    n = len(frame)
    cores = os.cpu_count()
    print(f"\n### Classification of {path.name} ({n:,} firms, {path.stat().st_size / 1e6:.0f} MB; {cores} cores; "
          f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)\n")
    print("| step | wall s | CPU s | firms/s (wall) | firms/s (CPU) | peak memory MB |")
    print("|---|---|---|---|---|---|")
    for step, (w, c) in (("read registry", read_s), ("rules (all candidates, one process)", rules_s),
                         ("rules and the products no map holds (one process)", rules_unknown_s),
                         ("review.xlsx", review_s)):
        print(f"| {step} | {w:.2f} | {c:.2f} | {n / w:,.0f} | {n / c:,.0f} | |")
    for workers, label in ((1, "`--workers 1` (this process only)"), (0, f"default: one worker per core ({cores})")):
        w, c, peak = runs[workers]
        print(f"| **end to end**: `python -m graph classify`, {label}, a new process, imports included | {w:.2f} "
              f"| {c:.2f} | {n / w:,.0f} | {n / c:,.0f} | {peak:,.0f} |")
    print(f"\nend to end, one worker per core against this process only: {runs[1][0] / runs[0][0]:.2f}× as fast; "
          f"listing the products no map holds ({len(set(p for _, p in unknown)):,}) costs the rules "
          f"{rules_unknown_s[0] / rules_s[0]:.2f}× their wall time, {rules_unknown_s[1] / rules_s[1]:.2f}× their CPU time")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=50_000)
    parser.add_argument("--registry", type=Path, help="a real registry export to measure instead of the demo's")
    args = parser.parse_args(argv)
    if args.registry:
        export_bench(args.registry)
        return
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = registry_csv(args.firms, folder)
        chains, rules = rules_for(DEFAULT_CHAINS)
        registry, read_s = timed(lambda: read_registry(path))
        frame = registry.frame
        proposals, rules_s = timed(lambda: propose(frame, rules))
        import jieba  # lazy: the word-cutting comparison alone needs it (and it loads a dictionary)

        jieba.setLogLevel(60)
        jieba.initialize()
        texts = (frame["name"] + " " + frame["scope"]).tolist()
        _, jieba_s = timed(lambda: [jieba.lcut(t) for t in texts])
        meta = {"region": "山东省", "chain_set": "shandong-2022"}
        _, former_s = timed(lambda: openpyxl_review(folder / "former.xlsx", frame, proposals, chains, meta=meta))
        _, review_s = timed(lambda: write_review(folder / "review.xlsx", frame, proposals, chains, meta=meta))
        sizes = [(folder / f).stat().st_size / 1e6 for f in ("former.xlsx", "review.xlsx")]
        _, e2e_s = timed(lambda: write_outputs(classify_registry(path), folder / "out"))
        _, e2e_former_s = timed(lambda: former_outputs(classify_registry(path), folder / "former"))
    n = len(frame)
    chars = sum(len(t) for t in texts) / n
    rows = 1 + len(review_table(frame, proposals))
    print(f"\n### Classification ({n:,} firms, {chars:.0f} characters of name + 经营范围 each; "
          f"{proposals['firm_id'].nunique():,} firms with a candidate; {rows:,} review rows; "
          f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)\n")
    print("| step | wall s | CPU s | firms/s (wall) | firms/s (CPU) |")
    print("|---|---|---|---|---|")
    for step, (wall, cpu) in (("read registry (CSV)", read_s), ("rules (all candidates)", rules_s),
                              ("jieba.lcut of the same texts, for comparison", jieba_s),
                              (f"review.xlsx, former writer (openpyxl write-only; {sizes[0]:.1f} MB)", former_s),
                              (f"review.xlsx, graph.io.xlsx_writer ({sizes[1]:.1f} MB)", review_s),
                              ("**end to end** (read, classify, write dataset + review.xlsx)", e2e_s),
                              ("end to end with the former writer", e2e_former_s)):
        print(f"| {step} | {wall:.2f} | {cpu:.2f} | {n / wall:,.0f} | {n / cpu:,.0f} |")
    print(f"\nthe review workbook: {former_s[1] / review_s[1]:.1f}× less CPU time than the former writer; "
          f"jieba tokenising alone takes {jieba_s[1] / rules_s[1]:.1f}× the CPU time of the whole rule pass")


if __name__ == "__main__":
    main()
