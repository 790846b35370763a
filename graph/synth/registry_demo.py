"""`python -m graph.synth.registry_demo --out data/demo-registry`: what a province's registration export looks like
after `python -m graph classify --registry` — synthetic, made from the synthetic demo (data/demo, 2024).

The demo's local firms (province = its region; a province's registry holds its own firms, so no 外省 firm is kept)
become one export row each (:func:`graph.classify.demo.registry_view`: 经营范围 from the segment's keywords, 行业代码),
with the columns such exports carry instead of revenue: 注册资金 (made up, :func:`registered_capital`), 注册日期
(the demo's founding year), 企业类型, 登记状态, a sparse 参保人数, and 标签 ``链主`` on the largest demo 链主 of each
chain (a province publishes its 链主 list; other tags are not in a registry). That table goes through the real
classify path (:func:`graph.classify.pipeline.classify_registry` and ``write_outputs``), so memberships are the
classifier's proposals with ``confidence`` and ``basis``; then a seeded quarter of them is marked ``reviewed`` = 1,
as if a person had accepted them in the review workbook. No revenue, no supply links (``supply: none``), no projects
and no benchmark. The export itself is kept as ``registry.csv`` beside the dataset, so classify can be tried on it.
The same seed and demo always give the same files.

>>> registered_capital_text(1286.5), registered_capital_text(300.0, "万美元")
('1,286.5(万元人民币)', '300(万美元)')
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from graph.classify.demo import registry_view
from graph.classify.pipeline import DEFAULT_CHAINS, classify_registry, write_outputs
from graph.io import read_dataset

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
SEED = 2024
REVIEWED_SHARE = 0.25
EMPLOYEES_SHARE = 0.3     # firms whose export row gives 参保人数
FOREIGN_SHARE = 0.03      # foreign-invested firms, registered capital in 万美元
ROUND_SHARE = 0.4         # registered capitals on a round number, as founders choose them
MISSING_SHARE = 0.01      # rows without 注册资金
ROUND_CAPITALS = (10, 30, 50, 100, 200, 300, 500, 800, 1000, 2000, 3000, 5000, 8000, 10000, 20000, 30000, 50000,
                  100000, 200000, 500000, 1000000)
ROUND_USD = (50, 100, 200, 300, 500, 1000, 2000, 5000)
DOMESTIC_TYPES = (("有限责任公司（自然人投资或控股）", 0.62), ("有限责任公司（自然人独资）", 0.14),
                  ("其他有限责任公司", 0.14), ("有限责任公司（非自然人投资或控股的法人独资）", 0.10))
STATE_TYPE = "有限责任公司（国有控股）"
FOREIGN_TYPES = ("有限责任公司（外商投资、非独资）", "有限责任公司（台港澳与境内合资）", "有限责任公司（外国法人独资）")
STALE = ("supply.csv", "projects.csv", "benchmark.csv", "dataset.xlsx", "review.xlsx")
NAME = "合成工商登记演示 Synthetic registry demo"
DESCRIPTION = (
    "合成数据：由合成演示数据（data/demo，2024 年）的山东省本地企业生成的工商登记名录，经 classify 归类。企业名称、"
    "注册资本、成立日期与企业类型均为虚构；企业所属环节是分类器的建议（附置信度与依据），约四分之一标为已人工审核，"
    "仅为演示。无营业收入、无供应关系、无项目、无全国基准。"
    " Synthetic data: a registration export made from the synthetic demo's (data/demo, 2024) local Shandong firms and "
    "classified by `classify`. Firm names, registered capital, founding dates and firm types are fictional; segment "
    "memberships are the classifier's proposals (with confidence and basis), about a quarter marked as reviewed by "
    "a person, for the demo only. No revenue, no supply links, no projects, no national benchmark.")


def registered_capital_text(value: float, unit: str = "万元人民币") -> str:
    """注册资金 as registration exports write it: '1,286.5(万元人民币)', '300(万美元)'."""
    return f"{value:,.1f}".rstrip("0").rstrip(".") + f"({unit})"


def _nearest(values: np.ndarray, choices: tuple[int, ...]) -> np.ndarray:
    """Each value snapped to the round number nearest to it on a log scale."""
    grid = np.log(np.asarray(choices, dtype=float))
    return np.asarray(choices, dtype=float)[np.abs(np.log(values)[:, None] - grid[None, :]).argmin(axis=1)]


def registered_capital(revenue: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(registered capital in 万元 or 万美元, foreign) per firm: log-normal (σ 0.7) around 0.3 · revenue^0.93, so
    it grows with the firm's revenue (a ¥50m firm ~ ¥12m, a ¥10bn one ~ ¥1.6bn); 40 % on a round number
    (1000, 5000 万 …, ties as real registries have), the rest to one decimal; 3 % foreign-invested, in 万美元."""
    n = len(revenue)
    centre = 0.3 * np.power(np.maximum(revenue, 1.0), 0.93)
    capital = np.exp(np.log(centre) + rng.normal(0.0, 0.7, n)).clip(3.0, 5e6)
    foreign = rng.random(n) < FOREIGN_SHARE
    on_round = rng.random(n) < ROUND_SHARE
    usd = _nearest(capital / 7.1884, ROUND_USD)
    value = np.where(on_round, _nearest(capital, ROUND_CAPITALS), np.round(capital, 1))
    return np.where(foreign, usd, value), foreign


def firm_types(names: pd.Series, revenue: np.ndarray, foreign: np.ndarray, rng: np.random.Generator) -> list[str]:
    """企业类型: 股份有限公司 when the name says so, foreign-invested types for foreign firms, a state holding for a
    few large 集团, else the usual kinds of 有限责任公司 by their frequency."""
    kinds, weights = zip(*DOMESTIC_TYPES, strict=True)
    drawn = rng.choice(len(kinds), size=len(names), p=np.asarray(weights) / sum(weights))
    pick = rng.integers(0, len(FOREIGN_TYPES), len(names))
    state = rng.random(len(names)) < 0.5
    out = []
    for i, name in enumerate(names):
        if "股份" in name:
            out.append("股份有限公司（非上市、自然人投资或控股）")
        elif foreign[i]:
            out.append(FOREIGN_TYPES[pick[i]])
        elif "集团" in name and revenue[i] > 1e5 and state[i]:
            out.append(STATE_TYPE)
        else:
            out.append(kinds[drawn[i]])
    return out


def registry_table(demo, rng: np.random.Generator) -> pd.DataFrame:
    """The synthetic registration export: one row per local demo firm, Chinese headers as exports write them."""
    firms = demo.firms[demo.firms["province"] == demo.meta.region].sort_values("firm_id").reset_index(drop=True)
    links = demo.firm_segments[demo.firm_segments["firm_id"].isin(firms["firm_id"])]
    view = registry_view(firms, links, demo.chains)
    revenue = firms["revenue"].to_numpy(dtype=float)
    capital, foreign = registered_capital(revenue, rng)
    missing = rng.random(len(firms)) < MISSING_SHARE
    view["注册资金"] = ["" if gone else registered_capital_text(c, "万美元" if f else "万元人民币")
                    for c, f, gone in zip(capital, foreign, missing, strict=True)]
    founded = firms["founded"].to_numpy(dtype=float)
    month, day = rng.integers(1, 13, len(firms)), rng.integers(1, 29, len(firms))
    view["注册日期"] = [f"{int(y)}-{m:02d}-{d:02d}" if np.isfinite(y) else ""
                    for y, m, d in zip(founded, month, day, strict=True)]
    view["企业类型"] = firm_types(firms["name"], revenue, foreign, rng)
    view["登记状态"] = "存续"
    insured = rng.random(len(firms)) < EMPLOYEES_SHARE
    view["参保人数"] = [str(int(e)) if keep and np.isfinite(e) else ""
                    for e, keep in zip(firms["employees"].to_numpy(dtype=float), insured, strict=True)]
    leaders = leader_ids(demo, firms)
    view["标签"] = ["链主" if f in leaders else "" for f in firms["firm_id"]]
    view["地区"] = view.pop("城市").str.removesuffix("市")   # exports name the city without 市
    view = view.drop(columns=["营业收入（万元）"])
    order = ["企业名称", "统一社会信用代码", "省份", "地区", "企业类型", "登记状态", "注册资金", "注册日期", "参保人数",
             "行业代码", "经营范围", "标签"]
    return view[order]


def leader_ids(demo, local: pd.DataFrame) -> set[str]:
    """The largest local demo firm tagged 链主 in each chain (a handful: at most one per chain)."""
    tagged = local[local["tags"].fillna("").str.split(";").map(lambda tags: "链主" in tags)]
    links = demo.firm_segments.merge(tagged[["firm_id", "revenue"]], on="firm_id")
    best = links.sort_values(["chain_id", "revenue", "firm_id"], ascending=[True, False, True])
    return set(best.drop_duplicates("chain_id")["firm_id"])


def mark_reviewed(memberships: pd.DataFrame, share: float = REVIEWED_SHARE, seed: int = SEED) -> pd.Series:
    """1 for a deterministic ``share`` of the memberships (picked by a hash of firm, chain and segment: the same rows
    whatever the order), 0 for the rest — as if a person had accepted those in the review workbook."""
    keys = memberships["firm_id"] + "/" + memberships["chain_id"] + "/" + memberships["segment_id"]
    score = keys.map(lambda k: int(hashlib.sha1(f"{seed}:{k}".encode()).hexdigest()[:8], 16) / 16**8)
    chosen = score.rank(method="first") <= round(share * len(memberships))
    return chosen.astype(int)


def build(out: str | Path, *, demo: str | Path = DEMO, chains: str | Path = DEFAULT_CHAINS, seed: int = SEED) -> dict:
    """Write the registry demo to ``out``; returns its figures (firms, memberships, reviewed)."""
    source = read_dataset(demo)
    rng = np.random.default_rng(seed)
    table = registry_table(source, rng)
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="registry-demo-") as tmp:
        export = Path(tmp) / "registry.csv"
        table.to_csv(export, index=False, encoding="utf-8")
        result = classify_registry(export, chains=chains, region=source.meta.region, label="registry.csv")
        written, _ = write_outputs(result, Path(tmp) / "dataset")
        links = pd.read_csv(written / "firm_segments.csv", dtype=str, keep_default_na=False)
        meta = yaml.safe_load((written / "dataset.yaml").read_text(encoding="utf-8"))
        out.mkdir(parents=True, exist_ok=True)
        for stale in STALE:   # tables a registry-only dataset must not have (README.md and others stay)
            (out / stale).unlink(missing_ok=True)
        shutil.copy(export, out / "registry.csv")
        shutil.copy(written / "firms.csv", out / "firms.csv")
        firms = len(pd.read_csv(written / "firms.csv", usecols=["firm_id"]))
    links["reviewed"] = mark_reviewed(links, seed=seed)
    meta.update(name=NAME, year=source.meta.year, synthetic=True, description=DESCRIPTION,
                source=f"python -m graph.synth.registry_demo (data/demo {source.meta.year}, seed={seed}) → "
                       "python -m graph classify")
    order = ["name", "region", "chain_set", "year", "synthetic", "source", "description", "supply"]
    meta = {k: meta[k] for k in order if k in meta}
    (out / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    links.to_csv(out / "firm_segments.csv", index=False, encoding="utf-8", lineterminator="\n")
    return {"firms": firms, "memberships": len(links), "reviewed": int(links["reviewed"].astype(int).sum()),
            "registry_rows": len(table)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.synth.registry_demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the dataset folder, e.g. data/demo-registry")
    parser.add_argument("--demo", default=str(DEMO), help="the synthetic demo it is made from (data/demo)")
    parser.add_argument("--chains", default=str(DEFAULT_CHAINS))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    figures = build(args.out, demo=args.demo, chains=args.chains, seed=args.seed)
    print(f"{args.out}: {figures['firms']} firms, {figures['memberships']} memberships "
          f"({figures['reviewed']} reviewed), from {figures['registry_rows']} registry rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
