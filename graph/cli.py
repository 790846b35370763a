"""`python -m graph ...`: validate, info, synth, load, server (more commands join as they land).

Bad input ends in readable lines on stderr and exit code 1, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from graph.analysis import counts
from graph.analysis.diff_text import chain_table, changes_sheet
from graph.analysis.plan import plan_progress
from graph.analysis.reasons import render_reason, render_reasons
from graph.analysis.size import basis_label
from graph.analysis.summary import analyses, analyze, to_json
from graph.brief_cli import add_brief_command
from graph.classify.cli import add_parser as add_classify_parser
from graph.classify.demo import registry_view
from graph.command_data import load_pool, on_facts, plan_targets, pool_line, unknown_chain
from graph.diff_cli import add_diff_command
from graph.io import DataError, Issue, check_dataset, read_chain_set, write_dataset
from graph.messages import t
from graph.neo4j_cli import add_neo4j_commands, cmd_load
from graph.risk_cli import add_risk_command, risk_sheet
from graph.server import ServerError
from graph.store.base import DatasetChanged
from graph.store.errors import DatasetNotHeld
from graph.synth import synthesize
from graph.years import diff_folders, segment_names

pd.set_option("display.unicode.east_asian_width", True)
pd.set_option("display.width", 200)


def _print_issues(issues: list[Issue], lang: str) -> None:
    for issue in issues:
        print(issue.format(lang), file=sys.stderr)


def cmd_validate(args) -> int:
    dataset, issues = check_dataset(args.data, chains=args.chains)
    _print_issues(issues, args.lang)
    errors = sum(i.level == "error" for i in issues)
    warnings = len(issues) - errors
    if dataset is None:
        print(t("cli_invalid", args.lang, errors=errors, warnings=warnings), file=sys.stderr)
        return 1
    print(t("cli_valid", args.lang, firms=len(dataset.firms), supply=len(dataset.supply), projects=len(dataset.projects),
            chains=len(dataset.chains), warnings=warnings))
    return 0


def cmd_info(args) -> int:
    return on_facts(args, _print_info)


def _print_info(args, facts) -> int:
    meta = facts.meta
    print(f"{meta.name} · {meta.region} · {meta.chain_set}" + (" · 合成数据 synthetic" if meta.synthetic else ""))
    for title, frame in (("按产业链 per chain", counts.chain_counts(facts, lang=args.lang)),
                         ("按城市 per city (本地企业 local firms)", counts.city_counts(facts, lang=args.lang))):
        print(f"\n{title}")
        print(frame.to_string(index=False, na_rep="—"))
    return 0


def cmd_synth(args) -> int:
    chains = read_chain_set(args.chains)
    dataset = synthesize(chains, seed=args.seed, scale=args.scale, chain_set=args.chain_set or Path(args.chains).name)
    write_dataset(dataset, args.out, fmt=args.format)
    # the same firms as a raw registry export (no segment ids), to try `classify` without real data
    registry = Path(args.out) / "registry.csv"
    registry_view(dataset.firms, dataset.firm_segments, chains).to_csv(registry, index=False, encoding="utf-8-sig")
    print(f"{args.out}: {len(dataset.firms)} firms, {len(dataset.supply)} supply edges, {len(dataset.projects)} projects;"
          f" {registry.name}: the same firms as a registry export")
    return 0


def cmd_analyze(args) -> int:
    return on_facts(args, _print_analysis)


def _print_analysis(args, facts) -> int:
    if unknown_chain(facts, args):
        return 1
    targets = plan_targets(facts, args)
    plan = plan_progress(facts, targets) if targets else None
    pool = load_pool(args, facts)
    if args.json:
        out = to_json(facts, analyses(facts, chain=args.chain, pool=pool), plan=plan, pool=pool)
        if args.pushdown:
            out["pushdown"] = True
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    lang = args.lang
    en = lang == "en"
    if pool is not None:
        print(pool_line(pool, lang))
    for r in analyses(facts, chain=args.chain, pool=pool):
        by_revenue = r.completeness["revenue_share"]    # None without revenue: not printed as 0 %
        print(f"\n=== {r.name_en if en else r.name} ({r.chain_id}) — "
              + t("cli_completeness", lang, share=r.completeness["segment_share"])
              + ("" if by_revenue is None else t("cli_revenue_weighted", lang, share=by_revenue)))
        for title, frame, score in (("cli_gaps", r.gaps, "severity"), ("cli_weak_links", r.weak_links, "score")):
            print(f"-- {t(title, lang)}: {len(frame)}")
            for row in frame.head(5).itertuples():
                print(f"   {getattr(row, score):.2f}  {row.name_en if en else row.name}: {render_reasons(row.reasons, lang)}")
        basis = basis_label(r.leader_basis.get("size_basis"), lang)
        print(f"-- {t('cli_leaders', lang)}" + (t("cli_size_basis", lang, basis=basis) if basis else "") + ":")
        if not r.leader_basis.get("rankable", True):   # nothing to rank by: say so, list the 链主-tagged firms
            print(f"   {render_reason({'code': 'note_leaders_unrankable'}, lang)}")
        for row in r.leaders.head(5).itertuples():
            print(f"   {row.rank}. {row.name} ({row.firm_id}) {row.score:.3f}" if pd.notna(row.score)
                  else f"   - {row.name} ({row.firm_id})")
        print(f"-- {t('cli_targets', lang)}: {len(r.targets)}")
        for row in r.targets[r.targets["rank"] == 1].itertuples():
            source = t("cli_from_pool", lang) if row.source == "pool" else ""
            print(f"   {row.segment_name_en if en else row.segment_name}: {row.name} ({row.province}) {row.score:.2f}"
                  + source)
    if plan is not None:
        print("\n" + plan.astype(object).where(plan.notna(), "—").to_string(index=False))
        if plan["actual"].isna().any():
            print("— " + t("plan_untagged", lang))
    return 0


def cmd_report(args) -> int:
    if Path(args.out).suffix.lower() != ".xlsx":   # a folder, or a name Excel would not open (checked before reading)
        print(t("cli_report_suffix", args.lang, out=args.out), file=sys.stderr)
        return 1
    return on_facts(args, _write_report)


def _write_report(args, facts) -> int:
    from graph.report import write_report  # lazy: matplotlib, igraph and pyvis (~0.4 s), only when a report is written

    if unknown_chain(facts, args):
        return 1
    pool = load_pool(args, facts)
    results = analyze(facts, chain=args.chain, pool=pool)
    targets = plan_targets(facts, args)
    extra = {}
    if args.previous:
        diff = diff_folders(args.previous, args.data, chains=args.chains)
        extra = {"年度变化": changes_sheet(diff, args.lang, segment_names(list(facts.chains))),
                 "年度完整度": chain_table(diff, args.lang)}
        extra["风险清单"] = risk_sheet(args.previous, facts, chain=args.chain, lang=args.lang, chains=args.chains)
    written = write_report(facts, results, args.out, plan=plan_progress(facts, targets) if targets else None,
                           lang=args.lang, extra_sheets=extra, pool=pool)
    for path in written:
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graph", description="Chain Explorer 产业链图谱")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default zh)")
    sub = parser.add_subparsers(dest="command", required=True)

    def data_command(name, func, help_text):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--data", required=name not in ("info", "analyze", "report"),
                       help="dataset folder (dataset.yaml + CSV files or one .xlsx)")
        p.add_argument("--chains", help="chain-set folder (default: the dataset's chain_set)")
        p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
        p.set_defaults(func=func)
        return p

    data_command("validate", cmd_validate, "check a dataset; exit 0 if it loads, 1 with row-level messages if not")
    info = data_command("info", cmd_info, "counts per chain and per city")
    analyze = data_command("analyze", cmd_analyze, "gaps, weak links, leaders, targets ... per chain")
    analyze.add_argument("--chain", help="one chain id (default: all)")
    analyze.add_argument("--json", action="store_true", help="print one JSON object")
    report = data_command("report", cmd_report, "the 一图N清单 workbook (.xlsx) plus chain-map pages (.html)")
    report.add_argument("--out", required=True, help="workbook path ending in .xlsx, e.g. out/report.xlsx")
    report.add_argument("--chain", help="one chain id (default: all)")
    report.add_argument("--previous", help="dataset folder of an earlier year: adds the 年度变化 sheets")
    for p in (info, analyze, report):
        p.add_argument("--source", choices=("files", "neo4j"), default="files",
                       help="read the graph from the files (default) or from the Neo4j at NEO4J_URI")
        p.add_argument("--year", type=int, help="with --source neo4j: the year to read (default: the latest held)")
        p.set_defaults(pushdown=False, pagerank="gds")
    for p in (analyze, report):
        p.add_argument("--pushdown", action="store_true",
                       help="with --source neo4j: read each chain from Neo4j when it is analysed (PageRank in GDS) "
                            "instead of the whole graph at once")
        pool = p.add_mutually_exclusive_group()
        pool.add_argument("--pool", help="a reference pool of candidate firms (a dataset folder, e.g. made by "
                                         "`classify --registry national.xlsx --out DIR`): its firms fill attraction "
                                         "targets; default: data/reference/pool when the data hold few firms outside "
                                         "their region")
        pool.add_argument("--no-pool", dest="no_pool", action="store_true", help="no reference pool")
        p.add_argument("--pagerank", choices=("gds", "python"), default="gds",
                       help="with --pushdown: leaders' PageRank in Graph Data Science (default; in Python, with a "
                            "warning, when the server has none) or in Python from each chain's pairs")
    p = sub.add_parser("synth", help="generate a synthetic province dataset")
    p.add_argument("--out", required=True)
    p.add_argument("--chains", default=str(Path(__file__).resolve().parent.parent / "chains" / "shandong-2022"))
    p.add_argument("--chain-set", dest="chain_set", help="chain_set value written to dataset.yaml")
    p.add_argument("--seed", type=int, default=2022)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.set_defaults(func=cmd_synth)
    add_classify_parser(sub)
    add_diff_command(sub)
    add_risk_command(sub)
    add_brief_command(sub)
    add_neo4j_commands(sub)
    return parser


def _is_neo4j_error(exc: Exception) -> bool:
    """A Neo4j driver or server error (the driver is imported only when one may have happened)."""
    if isinstance(exc, ServerError):
        return True
    if "neo4j" not in sys.modules:
        return False
    from neo4j.exceptions import DriverError, Neo4jError  # lazy: the driver is loaded only when Neo4j was used

    return isinstance(exc, (DriverError, Neo4jError))


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments, with the one rule between flags that argparse cannot say by itself."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "pushdown", False) and args.source != "neo4j":
        parser.error("--pushdown needs --source neo4j")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        return args.func(args)
    except DataError as exc:
        _print_issues(exc.issues, args.lang)
        return 1
    except DatasetChanged as exc:    # a load made another version current while chains were being read
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:
        if isinstance(exc, DatasetNotHeld):      # a name or year that Neo4j does not hold: one line
            print(exc.format(args.lang), file=sys.stderr)
            return 1
        if not _is_neo4j_error(exc):
            raise
        hint = "" if isinstance(exc, ServerError) else " (NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD; a local one: python -m graph server start)"
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"Neo4j: {message}{hint}; nothing was changed by this command" if args.func is cmd_load else
              f"Neo4j: {message}{hint}", file=sys.stderr)
        return 1
