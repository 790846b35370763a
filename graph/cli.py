"""`python -m graph ...`: validate, info, synth (more commands join as they land).

Bad input ends in readable lines on stderr and exit code 1, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from graph.analysis import counts
from graph.io import DataError, Issue, check_dataset, read_chain_set, read_dataset, write_dataset

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
        print(("校验失败：{e} 个错误，{w} 个警告；未加载任何数据。" if args.lang == "zh" else
               "validation failed: {e} error(s), {w} warning(s); nothing loaded.").format(e=errors, w=warnings),
              file=sys.stderr)
        return 1
    print(("校验通过：{f} 家企业，{s} 条供应关系，{p} 个项目，{c} 条产业链；{w} 个警告。" if args.lang == "zh" else
           "valid: {f} firms, {s} supply edges, {p} projects, {c} chains; {w} warning(s).").format(
        f=len(dataset.firms), s=len(dataset.supply), p=len(dataset.projects), c=len(dataset.chains), w=warnings))
    return 0


def cmd_info(args) -> int:
    from graph.build import build_graph

    G = build_graph(read_dataset(args.data, chains=args.chains))
    print(f"{G.graph['name']} · {G.graph['region']} · {G.graph['chain_set']}"
          + (" · 合成数据 synthetic" if G.graph.get("synthetic") else ""))
    for title, frame in (("按产业链 per chain", counts.chain_counts(G, lang=args.lang)),
                         ("按城市 per city (本地企业 local firms)", counts.city_counts(G, lang=args.lang))):
        print(f"\n{title}")
        print(frame.to_string(index=False))
    return 0


def cmd_synth(args) -> int:
    from graph.synth import synthesize

    chains = read_chain_set(args.chains)
    dataset = synthesize(chains, seed=args.seed, scale=args.scale, chain_set=args.chain_set or Path(args.chains).name)
    write_dataset(dataset, args.out, fmt=args.format)
    print(f"{args.out}: {len(dataset.firms)} firms, {len(dataset.supply)} supply edges, {len(dataset.projects)} projects")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graph", description="Chain Explorer 产业链图谱")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default zh)")
    sub = parser.add_subparsers(dest="command", required=True)

    def data_command(name, func, help_text):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--data", required=True, help="dataset folder (dataset.yaml + CSV files or one .xlsx)")
        p.add_argument("--chains", help="chain-set folder (default: the dataset's chain_set)")
        p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
        p.set_defaults(func=func)
        return p

    data_command("validate", cmd_validate, "check a dataset; exit 0 if it loads, 1 with row-level messages if not")
    data_command("info", cmd_info, "counts per chain and per city")
    p = sub.add_parser("synth", help="generate a synthetic province dataset")
    p.add_argument("--out", required=True)
    p.add_argument("--chains", default=str(Path(__file__).resolve().parent.parent / "chains" / "shandong-2022"))
    p.add_argument("--chain-set", dest="chain_set", help="chain_set value written to dataset.yaml")
    p.add_argument("--seed", type=int, default=2022)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.set_defaults(func=cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        _print_issues(exc.issues, args.lang)
        return 1
