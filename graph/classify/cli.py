"""`python -m graph classify`: a firm registry -> a dataset + review workbook; a reviewed workbook -> the dataset.

    python -m graph classify --registry 名录.xlsx --out data/my-region [--region 山东省] [--chains DIR] [--threshold 0.5]
                             [--workers 0]
    python -m graph classify --apply-review data/my-region/review.xlsx --out data/my-region
"""
from __future__ import annotations

import argparse
import sys

from graph.classify.candidates import DEFAULT_THRESHOLD
from graph.messages import t

MAX_WARNINGS_SHOWN = 20
TOP_UNKNOWN = 5   # products no map holds named on the terminal (the review workbook lists them all)


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the ``classify`` subcommand on an argparse subparsers object."""
    p = sub.add_parser("classify", help="firm registry -> proposed segment memberships + review workbook")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--registry", help="registry export (.csv or .xlsx): 公司名称, 统一社会信用代码, 行业, 经营范围 …")
    source.add_argument("--apply-review", dest="apply_review", help="a reviewed review.xlsx: write the final dataset")
    p.add_argument("--out", required=True, help="dataset folder to write")
    p.add_argument("--region", default="山东省", help="home province of the dataset (default 山东省)")
    p.add_argument("--chains", help="chain-set folder (default chains/shandong-2022)")
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                   help=f"lowest confidence written to firm_segments.csv (default {DEFAULT_THRESHOLD})")
    p.add_argument("--workers", type=int, default=0,
                   help="processes that read a big registry (default 0: one per core; 1: this process only)")
    p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_classify)
    return p


def _print_warnings(warnings, lang: str) -> None:
    for issue in warnings[:MAX_WARNINGS_SHOWN]:
        print(issue.format(lang), file=sys.stderr)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        more = len(warnings) - MAX_WARNINGS_SHOWN
        print(t("cli_more_warnings", lang, more=more), file=sys.stderr)


def cmd_classify(args) -> int:
    # lazy: every `python -m graph` command loads this module; the progress bar (tqdm) only this one …
    from tqdm import tqdm

    # … and the classifier (60 ms of imports)
    from graph.classify.pipeline import DEFAULT_CHAINS, apply_review, classify_registry, write_outputs

    if args.apply_review:
        folder, firms, links = apply_review(args.apply_review, args.out, chains=args.chains)
        print(t("cli_review_applied", args.lang, folder=folder, firms=firms, links=links))
        return 0
    if not 0 <= args.threshold <= 1:
        print(t("cli_threshold_range", args.lang), file=sys.stderr)
        return 1
    if args.workers < 0:
        print(t("cli_workers_range", args.lang), file=sys.stderr)
        return 1
    bars = []   # made when the rules start (a bad file is refused first), shown on a terminal only

    def advance(done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, unit=" firms", desc=t("cli_classifying", args.lang), file=sys.stderr,
                             leave=False, disable=None))
        bars[0].update(done - bars[0].n)

    try:
        result = classify_registry(args.registry, chains=args.chains or DEFAULT_CHAINS, region=args.region,
                                   threshold=args.threshold, workers=args.workers, progress=advance)
    finally:
        for bar in bars:
            bar.close()
    _print_warnings(result.registry.warnings, args.lang)
    folder, review = write_outputs(result, args.out)
    firms = len(result.registry.frame)
    links = result.memberships()
    placed = links["firm_id"].nunique()
    chain_only = result.proposals.loc[result.proposals["status"] == "chain_only", "firm_id"]
    to_choose = chain_only[~chain_only.isin(links["firm_id"])].nunique()
    left_out = len(result.registry.left_out)
    print(t("cli_classified", args.lang, firms=firms, placed=placed, proposals=len(links), threshold=args.threshold,
            to_choose=to_choose, unplaced=firms - placed - to_choose, left_out=left_out, folder=folder, review=review))
    if len(result.unknown):
        top = "、".join(f"{p} {n}" for p, n in result.unknown[["product", "firms"]].head(TOP_UNKNOWN).itertuples(index=False))
        print(t("cli_unknown_products", args.lang, count=len(result.unknown), top=top))
    return 0
