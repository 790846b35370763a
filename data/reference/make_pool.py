"""Build the shipped national pool of candidate firms (data/reference/pool) from public registration data.

Source: "Enterprise-Registration-Data-of-Chinese-Mainland" (CC BY-NC-SA 4.0; see README.md here), one CSV per
province, extracted as tests/data/registry_real/make_sample.py describes (`DIR/江苏.csv` …). Then:

    python data/reference/make_pool.py DIR [--out data/reference/pool] [--sample tests/data/pool_sample]

The universe is the registration rows of every province but the home one (山东) whose registered capital is at
least ``--min-capital`` 万元 (1000 by default), active, read and classified by ``python -m graph classify`` exactly
as a user's export is. The pool keeps, for every segment, the ``--per-segment`` firms placed on it with the largest
registered capital (30 by default: the firms most worth a visit, and enough to fill a segment's target places), with
all their memberships' confidence and basis. ``--sample`` also draws the rows the pool's quality is measured on: 150
pool firms and 150 of the universe's other firms (stratified, so figures can be estimated for the whole universe).
``--entrants FOLDER`` draws, after a rebuild, 100 of the pool's firms that were not in the pool the sample was drawn
from (FOLDER/drawn_pool.csv lists that pool's firms): the rebuilt pool's own firms the first sample cannot reach.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "data" / "registry_real"))
from make_sample import HEADER, clean_rows  # noqa: E402  (the one reader of the source's files)

from graph.classify.output import dataset_meta, write_classified  # noqa: E402
from graph.classify.pipeline import classify_registry  # noqa: E402

HOME = "山东"
SEED = 20261207
SAMPLE_PER_STRATUM = 150
SEED_ENTRANTS, ENTRANTS = 20261208, 100   # the rebuilt pool's firms the first sample could not reach
DESCRIPTION = ("全国参考库：公开工商登记数据中山东省以外、注册资本不低于 {min:g} 万元、在营的企业，经本工具 classify 归入产业链环节后，"
               "每个环节注册资本最大的 {per} 家；归类为程序建议（含置信度与依据），未经人工审核；数据截至 2019 年。"
               "National reference pool: firms outside Shandong in public registration data, registered capital ≥ "
               "{min:g} (10k CNY), active, placed on segments by classify; per segment the {per} with the largest "
               "registered capital; placements are the classifier's proposals (confidence and basis kept), not "
               "reviewed; data up to 2019.")


def capital_at_least(written: str, minimum: float) -> bool:
    """A loose first cut on the written capital (its leading number): the reader parses units afterwards."""
    digits = "".join(ch for ch in written.split("(")[0] if ch.isdigit() or ch == ".")
    try:
        return float(digits) >= minimum
    except ValueError:
        return False


def universe_rows(source: Path, minimum: float) -> list[list[str]]:
    """Rows of every province but the home one whose written capital reaches ``minimum``."""
    rows = []
    for path in sorted(source.glob("*.csv")):
        if path.stem != HOME:
            rows.extend(r for r in clean_rows(path) if capital_at_least(r[HEADER.index("注册资金")], minimum))
    return rows


def largest_per_segment(links: pd.DataFrame, firms: pd.DataFrame, per_segment: int) -> pd.DataFrame:
    """The memberships of the firms that are among the ``per_segment`` largest (registered capital, then name) of
    some segment they are placed on.

    >>> firms = pd.DataFrame({"firm_id": ["a", "b", "c"], "name": ["甲", "乙", "丙"], "registered_capital": [5, 9, 7]})
    >>> links = pd.DataFrame({"firm_id": ["a", "b", "c", "a"], "chain_id": ["x"] * 4, "segment_id": ["s", "s", "s", "t"]})
    >>> sorted(largest_per_segment(links, firms, 2)["firm_id"])
    ['a', 'b', 'c']
    """
    ranked = links.merge(firms[["firm_id", "name", "registered_capital"]], on="firm_id")
    ranked = ranked.sort_values(["registered_capital", "name"], ascending=[False, True], kind="stable")
    chosen = set(ranked.groupby(["chain_id", "segment_id"], sort=False).head(per_segment)["firm_id"])
    return links[links["firm_id"].isin(chosen)]


def build(source: Path, out: Path, *, minimum: float, per_segment: int, sample: Path | None,
          entrants: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "national.csv"
        with raw.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(universe_rows(source, minimum))
        result = classify_registry(raw, label="national.csv")
    firms = result.firms()
    firms = firms[pd.to_numeric(firms["registered_capital"], errors="coerce") >= minimum]
    links = result.memberships()
    links = largest_per_segment(links[links["firm_id"].isin(firms["firm_id"])], firms, per_segment)
    placed = firms[firms["firm_id"].isin(links["firm_id"])]
    meta = dataset_meta(name="全国参考库 National reference pool", region=f"{HOME}省", chain_set="shandong-2022",
                        source="Enterprise-Registration-Data-of-Chinese-Mainland (CC BY-NC-SA 4.0), classified by "
                               "data/reference/make_pool.py", description=DESCRIPTION.format(min=minimum, per=per_segment))
    write_classified(out, placed, links, meta=meta)
    print(f"{len(firms)} firms read (capital ≥ {minimum:g} 万元, outside {HOME}), {result.memberships()['firm_id'].nunique()}"
          f" placed → {len(placed)} kept ({per_segment} largest per segment), {len(links)} memberships → {out}")
    if sample:
        draw_sample(result.registry.frame, firms, placed, sample)
    if entrants:
        draw_entrants(result.registry.frame, placed, entrants)


def draw_sample(frame: pd.DataFrame, firms: pd.DataFrame, placed: pd.DataFrame, out: Path) -> None:
    """150 pool firms and 150 other firms read, shuffled together: `rows.csv` for labellers (registry columns
    only), `strata.csv` (which stratum each row was drawn from, and its size) for the evaluation."""
    rng = random.Random(SEED)
    pool_ids = sorted(placed["firm_id"])
    rest_ids = sorted(set(firms["firm_id"]) - set(pool_ids))
    drawn = ([(i, "pool", len(pool_ids)) for i in rng.sample(pool_ids, SAMPLE_PER_STRATUM)]
             + [(i, "rest", len(rest_ids)) for i in rng.sample(rest_ids, SAMPLE_PER_STRATUM)])
    rng.shuffle(drawn)
    out.mkdir(parents=True, exist_ok=True)
    labelling_rows(frame, [i for i, _, _ in drawn]).to_csv(out / "rows.csv", index=False, encoding="utf-8")
    placed[["firm_id"]].sort_values("firm_id").to_csv(out / "drawn_pool.csv", index=False, encoding="utf-8")
    pd.DataFrame({"样本序号": range(1, len(drawn) + 1), "firm_id": [i for i, _, _ in drawn],
                  "stratum": [s for _, s, _ in drawn], "stratum_size": [n for _, _, n in drawn]}).to_csv(
        out / "strata.csv", index=False, encoding="utf-8")
    print(f"sample: {len(drawn)} rows → {out}")


LABEL_COLUMNS = {"name": "企业名称", "uscc": "统一社会信用代码", "firm_type": "企业类型", "registered_capital": "注册资本（万元）",
                 "scope": "经营范围", "province": "所在省份", "city": "地区"}   # what the labeller sees


def labelling_rows(frame: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The rows of ``ids`` in that order, in the columns a labeller sees, numbered from 1 (样本序号)."""
    table = frame.set_index("firm_id").loc[ids].reset_index().reindex(columns=list(LABEL_COLUMNS))
    table = table.rename(columns=LABEL_COLUMNS)
    table.insert(0, "样本序号", range(1, len(table) + 1))
    return table


def draw_entrants(frame: pd.DataFrame, placed: pd.DataFrame, folder: Path) -> None:
    """100 firms drawn at random among the pool's firms that the pool the sample was drawn from did not hold
    (``folder/drawn_pool.csv``): `entrants_rows.csv` for labellers, `entrants_strata.csv` (the stratum's size)."""
    drawn_pool = set(pd.read_csv(folder / "drawn_pool.csv", dtype=str)["firm_id"])
    entrants = sorted(set(placed["firm_id"]) - drawn_pool)
    ids = random.Random(SEED_ENTRANTS).sample(entrants, min(ENTRANTS, len(entrants)))
    labelling_rows(frame, ids).to_csv(folder / "entrants_rows.csv", index=False, encoding="utf-8")
    pd.DataFrame({"样本序号": range(1, len(ids) + 1), "firm_id": ids, "stratum": "entrants",
                  "stratum_size": len(entrants)}).to_csv(folder / "entrants_strata.csv", index=False, encoding="utf-8")
    print(f"entrants: {len(ids)} of {len(entrants)} → {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "pool")
    parser.add_argument("--min-capital", type=float, default=1000.0, help="万元 (default 1000)")
    parser.add_argument("--per-segment", type=int, default=30, help="firms kept per segment (default 30)")
    parser.add_argument("--sample", type=Path, help="also draw the labelling sample into this folder")
    parser.add_argument("--entrants", type=Path, help="draw the rebuilt pool's new firms' sample into this folder")
    args = parser.parse_args()
    build(args.source, args.out, minimum=args.min_capital, per_segment=args.per_segment, sample=args.sample,
          entrants=args.entrants)


if __name__ == "__main__":
    main()
