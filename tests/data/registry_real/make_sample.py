"""Draw the random samples of real registration rows that tests/data/registry_real labels.

Source: the public dataset "Enterprise-Registration-Data-of-Chinese-Mainland" (CC BY-NC-SA 4.0; see README.md
here), one CSV per province and registration year. Extract its csv branch into one file per province
(`DIR/山东.csv`, `DIR/江苏.csv` …, the header once), then:

    python tests/data/registry_real/make_sample.py DIR [--out tests/data/registry_real]

Rows that are not 10 fields or hold mojibake (private-use or replacement characters: rows of the source stored in
another encoding) are left out before sampling, so every sampled row is one a reader can read. The draw is
random with a fixed seed and not filtered by what a firm does:
- `sample_other.csv`: 480 rows from every province but 山东 (the set rules may be tuned on);
- `sample_shandong.csv`: 250 rows of 山东 (the independent check: never used to tune a rule);
- `sample_other_b.csv`: 250 further rows from every province but 山东, none of them in `sample_other.csv`, drawn
  with a second seed (SEED_B) after the first two draws: a second held-out set outside 山东, labelled before any
  classifier output on it was seen and measured only to report;
- `sample_other_c.csv`: 400 further rows from every province but 山东, in none of the sets above (SEED_C): a second
  set rules may be tuned on, so a rule is checked on more than one sample before it is kept;
- `sample_shandong_b.csv`: 250 further rows of 山东, none of them in `sample_shandong.csv`, drawn with a fourth
  seed (SEED_D) after all the draws above (so they come out as before): a second independent check in 山东,
  labelled blind and never used to tune a rule;
- `sample_other_makers.csv`: 300 further rows from every province but 山东, in none of the sets above, drawn
  (SEED_E) only among rows whose 经营范围 holds 制造, 生产 or 加工: a makers stratum where most on-chain firms
  are, a set rules may be tuned on for recall (its precision is not a random export's).
- `sample_shandong_c.csv`: 250 further rows of 山东, in neither 山东 set above (SEED_F), drawn after round 6 of the
  rules was written and labelled blind: a third independent check, measured once, for that round's figures.
- `sample_shandong_d.csv`: 400 further rows of 山东, in none of the 山东 sets above (SEED_G), drawn after round 6
  of the rules was written and labelled blind: a fourth independent check, larger (78 firms on a chain, where the
  others hold 39–67), measured once, for round 6's figures.
- `sample_other_e.csv` (600, SEED_H) and `sample_other_makers_b.csv` (300, SEED_I, among scopes with 制造/生产/加工):
  further rows from every province but 山东, in none of the sets above, labelled blind for round 7 to tune on.
- `sample_shandong_e.csv`: 400 further rows of 山东, in none of the 山东 sets above (SEED_J), drawn after round 7 of
  the rules was committed and labelled blind: a fifth independent check, measured once, for round 7's figures.
- `sample_shandong_f.csv`: 400 further rows of 山东, in none of the 山东 sets above (SEED_K), drawn after round 8 of
  the rules was committed (its 山东 figures read once on the five sets before) and labelled blind: a sixth
  independent check, measured once, for round 8's figures.
- `sample_other_g.csv` (500, SEED_L) and `sample_other_makers_c.csv` (300, SEED_M, among scopes with 制造/生产/加工):
  further rows from every province but 山东, in none of the sets above, labelled blind for round 9 to tune on;
- `sample_shandong_g.csv`: 400 further rows of 山东, in none of the 山东 sets above (SEED_N), labelled blind while
  round 9 was written (no output of the rules on it read) and measured once, after round 9 was committed: a seventh
  independent check.
Labellers add the truth columns by LABELLING.md, which makes labelled_other.csv, labelled_shandong.csv,
labelled_other_b.csv, labelled_other_c.csv and labelled_shandong_b.csv.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

HEADER = ["企业名称", "统一社会信用代码", "注册日期", "企业类型", "法人代表", "注册资金", "经营范围", "所在省份", "地区",
          "注册地址"]
MOJIBAKE = re.compile("[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
SEED = 20261207
SEED_B = 20261208
SEED_C = 20261209
SEED_D = 20261210
SEED_E = 20261211
SEED_F = 20261212
SEED_G = 20261213
SEED_H = 20261214
SEED_I = 20261215
SEED_J = 20261216
SEED_K = 20261217
SEED_L = 20261218
SEED_M = 20261219
SEED_N = 20261220
MAKING = re.compile("制造|生产|加工")


def makes(row: list[str]) -> bool:
    """Whether a row's 经营范围 holds 制造, 生产 or 加工 (the makers strata are drawn among these)."""
    return bool(MAKING.search(row[HEADER.index("经营范围")]))


def clean_rows(path: Path) -> list[list[str]]:
    """The rows of one province file that have 10 fields and no mojibake."""
    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        assert next(reader) == HEADER, path
        return [row for row in reader if len(row) == len(HEADER) and not MOJIBAKE.search("".join(row))]


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["样本序号", *HEADER])
        writer.writerows([i, *row] for i, row in enumerate(rows, start=1))


def further(rows: list[list[str]], taken: set, seed: int, n: int, keep=lambda row: True) -> list[list[str]]:
    """``n`` rows drawn with ``seed`` among ``rows`` not yet ``taken`` (and kept), in the rows' order; they are added
    to ``taken``, so every later draw leaves them out."""
    drawn = random.Random(seed).sample([row for row in rows if tuple(row) not in taken and keep(row)], n)
    taken |= {tuple(row) for row in drawn}
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    args = parser.parse_args()
    other, shandong = [], []
    for path in sorted(args.source.glob("*.csv")):
        (shandong if path.stem == "山东" else other).extend(clean_rows(path))
    rng = random.Random(SEED)
    first = rng.sample(other, 480)
    write(args.out / "sample_other.csv", first)
    shandong_first = rng.sample(shandong, 250)
    write(args.out / "sample_shandong.csv", shandong_first)
    taken, taken_shandong = {tuple(row) for row in first}, {tuple(row) for row in shandong_first}
    write(args.out / "sample_other_b.csv", further(other, taken, SEED_B, 250))
    write(args.out / "sample_other_c.csv", further(other, taken, SEED_C, 400))
    write(args.out / "sample_shandong_b.csv", further(shandong, taken_shandong, SEED_D, 250))
    write(args.out / "sample_other_makers.csv", further(other, taken, SEED_E, 300, makes))
    write(args.out / "sample_shandong_c.csv", further(shandong, taken_shandong, SEED_F, 250))
    write(args.out / "sample_shandong_d.csv", further(shandong, taken_shandong, SEED_G, 400))
    write(args.out / "sample_other_e.csv", further(other, taken, SEED_H, 600))
    write(args.out / "sample_other_makers_b.csv", further(other, taken, SEED_I, 300, makes))
    write(args.out / "sample_shandong_e.csv", further(shandong, taken_shandong, SEED_J, 400))
    write(args.out / "sample_shandong_f.csv", further(shandong, taken_shandong, SEED_K, 400))
    write(args.out / "sample_other_g.csv", further(other, taken, SEED_L, 500))
    write(args.out / "sample_other_makers_c.csv", further(other, taken, SEED_M, 300, makes))
    write(args.out / "sample_shandong_g.csv", further(shandong, taken_shandong, SEED_N, 400))
    print(f"{len(other)} rows outside 山东, {len(shandong)} in 山东 → 480 + 250 + 250 (second set) + 400 (third, "
          "a second tuning set) + 250 (second 山东 set) + 300 (makers) + 250 (third 山东 set) + 400 (fourth 山东 set) "
          "+ 600 (a third tuning set) + 300 (a second makers stratum) + 400 (fifth 山东 set) + 400 (sixth 山东 set) "
          "+ 500 (a fourth tuning set) + 300 (a third makers stratum) + 400 (seventh 山东 set) sampled")


if __name__ == "__main__":
    main()
