"""Registry file -> proposals -> dataset folder + review workbook; reviewed workbook -> final dataset.

>>> c = classify_registry("tests/data/registry/tiny.csv")                    # doctest: +SKIP
>>> write_outputs(c, "out/my-registry")                                      # doctest: +SKIP
(PosixPath('out/my-registry'), PosixPath('out/my-registry/review.xlsx'))
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.classify.candidates import DEFAULT_THRESHOLD
from graph.classify.output import dataset_meta, firms_table, write_classified
from graph.classify.propose import propose
from graph.classify.registry import Registry, read_registry
from graph.classify.review import read_review, write_review
from graph.classify.rules import RuleSet
from graph.classify.unknown import unknown_table
from graph.io import CHAINS_ROOT, read_chain_set, read_products, resolve_chain_set
from graph.model import Chain

DEFAULT_CHAINS = CHAINS_ROOT / "shandong-2022"
CLASSES_FILE = "gbt4754-2017.csv"
REVIEW_FILE = "review.xlsx"


def read_classes(chain_folder: str | Path) -> dict[str, str]:
    """GB/T 4754-2017 class names -> 4-digit codes, from gbt4754-2017.csv next to (or inside) the chain set."""
    folder = Path(chain_folder)
    for path in (folder / CLASSES_FILE, folder.parent / CLASSES_FILE, CHAINS_ROOT / CLASSES_FILE):
        if path.is_file():
            with open(path, encoding="utf-8-sig", newline="") as handle:
                return {row["name"].strip(): row["code"].strip() for row in csv.DictReader(handle)
                        if len(row.get("code", "").strip()) == 4}
    return {}


def chain_set_name(folder: Path) -> str:
    """How dataset.yaml names the chain set: its folder name under chains/, else the path."""
    folder = folder.resolve()
    return folder.name if folder.parent == CHAINS_ROOT.resolve() else str(folder)


def rules_for(chain_folder: str | Path) -> tuple[list[Chain], RuleSet]:
    chains = read_chain_set(chain_folder)
    return chains, RuleSet(chains, read_classes(chain_folder), read_products(chain_folder))


@dataclass
class Classification:
    registry: Registry
    proposals: pd.DataFrame   # see graph.classify.propose.COLUMNS
    chains: list[Chain]
    meta: dict
    threshold: float
    unknown: pd.DataFrame   # products no map holds, made by firms placed on no chain (graph.classify.unknown)

    def firms(self) -> pd.DataFrame:
        return firms_table(self.registry.frame)

    def memberships(self) -> pd.DataFrame:
        """Proposals at or above the threshold: firm_id, chain_id, segment_id, confidence, basis."""
        chosen = self.proposals[self.proposals["status"] == "proposed"]
        return chosen[["firm_id", "chain_id", "segment_id", "confidence", "basis"]].reset_index(drop=True)


def classify_registry(path: str | Path, *, chains: str | Path = DEFAULT_CHAINS, region: str = "山东省",
                      threshold: float = DEFAULT_THRESHOLD, label: str | None = None,
                      max_mb: float | None = None, workers: int = 1,
                      progress: Callable[[int, int], None] | None = None) -> Classification:
    """Read a registry and propose segment memberships for every firm (DataError on bad input; ``max_mb``
    refuses a bigger file, as the app's upload does; ``workers`` and ``progress`` as in
    :func:`graph.classify.propose.propose`)."""
    folder = Path(chains)
    chain_list, rules = rules_for(folder)
    registry = read_registry(path, region=region, label=label, max_mb=max_mb)
    unknown: list[tuple[str, str]] = []
    proposals = propose(registry.frame, rules, threshold=threshold, workers=workers, progress=progress,
                        unknown=unknown)
    meta = dataset_meta(name=Path(label or path).stem, region=region, chain_set=chain_set_name(folder),
                        source=f"classify {label or Path(path).name}")
    return Classification(registry, proposals, chain_list, {**meta, "threshold": threshold}, threshold,
                          unknown_table(unknown, registry.frame))


def write_outputs(result: Classification, out: str | Path) -> tuple[Path, Path]:
    """The dataset (proposals at or above the threshold) and the review workbook inside it."""
    folder = Path(out)
    meta = {k: v for k, v in result.meta.items() if k != "threshold"}
    write_classified(folder, result.firms(), result.memberships(), meta=meta)
    review = folder / REVIEW_FILE
    write_result_review(review, result)
    return folder, review


def write_result_review(target, result: Classification) -> None:
    """The review workbook of ``result``, to a path or a binary file object (the app's download)."""
    write_review(target, result.registry.frame, result.proposals, result.chains, meta=result.meta,
                 left_out=result.registry.left_out, issues=result.registry.warnings, unknown=result.unknown)


def apply_review(workbook: str | Path, out: str | Path, *, chains: str | Path | None = None,
                 label: str | None = None) -> tuple[Path, int, int]:
    """Write the final dataset from a reviewed workbook: (folder, firms, memberships)."""
    _, _, meta = read_review(workbook, None, label=label)
    folder = resolve_chain_set(chains or meta.get("chain_set") or DEFAULT_CHAINS) or Path(chains or DEFAULT_CHAINS)
    chain_list = read_chain_set(folder)
    firms, memberships, meta = read_review(workbook, chain_list, label=label)
    meta = dataset_meta(name=meta.get("name") or Path(workbook).stem, region=meta.get("region") or "山东省",
                        chain_set=meta.get("chain_set") or chain_set_name(folder),
                        source=f"{meta.get('source') or 'classify'}; reviewed {label or Path(workbook).name}")
    write_classified(out, firms, memberships, meta=meta)
    return Path(out), len(firms), len(memberships)
