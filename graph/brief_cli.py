"""`python -m graph brief --data DIR --chain C [--firm F] --out FILE.docx|.pdf [--lang zh|en]`: a chain brief (two
A4 pages at most) or a target-firm brief (one page) as Word or PDF (graph.brief, graph.brief_render).

The chain brief compares completeness with the dataset's year before and lists the risks between them when that
year is there (``--previous DIR``, default the sibling year as `diff` finds it); from Neo4j (``--source neo4j``) the
year held before ``--year``.

Speed (issue 23: each brief ≤ 2 s end to end): the map picture needs matplotlib (0.3 s of imports, 0.1 s to draw),
the PDF fpdf2 and fontTools (0.15 s of imports, 0.1 s to open the font). On Linux a helper process forked at the
start does those while this one reads and analyses the data, then draws the picture while this one reads the year
before and lists its risks, and writes the document (:func:`_helper`).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.analysis.risk import risk_table
from graph.analysis.summary import analyze_chain, segment_status
from graph.brief import chain_brief, firm_brief, map_picture
from graph.brief_render import open_font_ahead, write_brief
from graph.command_data import load_pool, on_facts, plan_targets, unknown_chain
from graph.messages import t
from graph.risk_cli import folder_facts, neo4j_years_facts, previous_folder


def _previous_facts(args, facts):
    """The year before's facts, or None (one year only)."""
    if args.source == "neo4j":
        # lazy: the neo4j driver (0.13 s of imports) only when the data come from Neo4j
        from graph.store.neo4j import database_from_env, driver_from_env

        with driver_from_env() as driver:
            older, _ = neo4j_years_facts(driver, database_from_env(), year=facts.meta.year, previous=None)
        return older
    folder = Path(args.previous) if args.previous else previous_folder(args.data)
    return folder_facts(folder, args.chains) if folder else None


def _warm_up(picture: bool, suffix: str) -> None:
    """Run in the helper process: the imports (and the PDF's font) its work will need."""
    if picture:
        # lazy: matplotlib (0.3 s of imports), here in the helper while the main process reads the data
        import graph.picture  # noqa: F401
    if suffix == ".pdf":
        # lazy: fpdf2 (0.15 s of imports), here in the helper too
        import fpdf  # noqa: F401

        open_font_ahead()


def _helper(args):
    """A one-process pool, forked now and already warming up (:func:`_warm_up`). None, and everything done in this
    process, for a firm brief in Word (nothing slow to do beside: python-docx imports in 0.03 s) and off Linux
    (macOS forks unsafely once system frameworks are loaded; Windows does not fork)."""
    suffix = Path(args.out).suffix.lower()
    if (args.firm and suffix == ".docx") or not sys.platform.startswith("linux"):
        return None
    # lazy: the helper process's machinery only for the briefs that fork one
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    helper = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    helper.submit(_warm_up, not args.firm, suffix)
    return helper


def make_brief(facts, args, *, helper=None):
    """The :class:`graph.brief.Brief` the arguments ask for; a chain brief's picture is drawn by ``helper`` (see
    :func:`_helper`) while the year before is read, or here when it is None."""
    pool = load_pool(args, facts)
    result = analyze_chain(facts, args.chain, pool=pool)
    if args.firm:
        return firm_brief(facts, args.chain, args.firm, lang=args.lang, result=result)
    picture = (helper.submit(map_picture, facts.chain_map(args.chain), segment_status(result), args.lang)
               if helper else None)
    previous = _previous_facts(args, facts)
    risk = risk_table(previous, facts, chain=args.chain) if previous is not None else None
    return chain_brief(facts, args.chain, lang=args.lang, previous=previous, risk=risk,
                       plan_targets=plan_targets(facts, args), result=result,
                       picture=picture.result() if picture else True)


def _write(args, facts, helper=None) -> int:
    if unknown_chain(facts, args):
        return 1
    try:
        brief = make_brief(facts, args, helper=helper)
    except KeyError:
        print(t("cli_firm_not_found", args.lang, firm=args.firm), file=sys.stderr)
        return 1
    written = helper.submit(write_brief, brief, args.out).result() if helper else write_brief(brief, args.out)
    print(written["path"] + (f" ({written['pages']} page(s))" if "pages" in written else ""))
    return 0


def cmd_brief(args) -> int:
    if Path(args.out).suffix.lower() not in (".docx", ".pdf"):
        print(t("cli_brief_suffix", args.lang, out=args.out), file=sys.stderr)
        return 1
    args.pushdown = False
    helper = _helper(args)
    try:
        return on_facts(args, lambda args, facts: _write(args, facts, helper))
    finally:
        if helper:
            helper.shutdown(cancel_futures=True)


def add_brief_command(sub) -> None:
    """Register `brief` on the CLI's subparsers."""
    p = sub.add_parser("brief", help="a chain brief or a target-firm brief as Word (.docx) or PDF (简报)")
    p.add_argument("--data", help="dataset folder")
    p.add_argument("--chains", help="chain-set folder (default: the dataset's chain_set)")
    p.add_argument("--chain", required=True, help="the chain id")
    p.add_argument("--firm", help="a target firm's id: the one-page firm brief instead of the chain brief")
    p.add_argument("--out", required=True, help="FILE.docx or FILE.pdf")
    p.add_argument("--previous", help="dataset folder of the year before (default: the sibling year before --data)")
    p.add_argument("--source", choices=("files", "neo4j"), default="files",
                   help="read the data from the files (default) or from the Neo4j at NEO4J_URI")
    p.add_argument("--year", type=int, help="with --source neo4j: the year to read (default: the latest held)")
    pool = p.add_mutually_exclusive_group()
    pool.add_argument("--pool", help="a reference pool that fills attraction targets (as for analyze)")
    pool.add_argument("--no-pool", dest="no_pool", action="store_true", help="no reference pool")
    p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_brief)
