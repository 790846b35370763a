"""Chain maps (chains/<set>/<chain_id>.yaml) and the plan of a chain set (_plan.yaml)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from graph.io.issues import DataError, Issue
from graph.io.paths import CHAINS_ROOT
from graph.io.yamltext import load_yaml
from graph.model import STAGES, Chain, Segment

ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
INDUSTRY_CODE = re.compile(r"^\d{4}$")


def _chain_from_yaml(doc, file: str, issues: list[Issue]) -> Chain | None:
    def bad(column, code, **params):
        issues.append(Issue(file, None, column, code, params))

    if not isinstance(doc, dict):
        bad(None, "bad_field", field="(document)", value=type(doc).__name__, expected="a mapping")
        return None
    for key in ("id", "name", "segments"):
        if key not in doc:
            bad(key, "missing_field", field=key)
    if any(key not in doc for key in ("id", "name", "segments")):
        return None
    chain_id = str(doc["id"])
    if not ID_PATTERN.match(chain_id):
        bad("id", "bad_field", field="id", value=chain_id, expected="[a-z0-9_]+")
    segments, seen = [], set()
    raw_segments = doc["segments"] if isinstance(doc["segments"], list) else []
    if not raw_segments:
        bad("segments", "bad_field", field="segments", value=doc["segments"], expected="a non-empty list")
    for i, seg in enumerate(raw_segments):
        where = f"segments[{i}]"
        if not isinstance(seg, dict) or "id" not in seg or "name" not in seg:
            bad(where, "missing_field", field=f"{where}.id/name")
            continue
        seg_id = str(seg["id"])
        if not ID_PATTERN.match(seg_id):
            bad(f"{where}.id", "bad_field", field="id", value=seg_id, expected="[a-z0-9_]+")
        if seg_id in seen:
            bad(f"{where}.id", "duplicate_segment", value=seg_id)
        seen.add(seg_id)
        stage = seg.get("stage", "midstream")
        if stage not in STAGES:
            bad(f"{where}.stage", "bad_field", field="stage", value=stage, expected="/".join(STAGES))
        key_tech = seg.get("key_tech", False)
        if not isinstance(key_tech, bool):
            bad(f"{where}.key_tech", "bad_field", field="key_tech", value=key_tech, expected="true/false")
        words = {name: _word_list(seg.get(name), f"{where}.{name}", bad) for name in ("industries", "keywords", "exclude")}
        for code in words["industries"]:
            if not INDUSTRY_CODE.match(code):
                bad(f"{where}.industries", "bad_field", field="industries", value=code, expected="GB/T 4754 class, 4 digits")
        segments.append(Segment(seg_id, str(seg["name"]), str(seg.get("name_en", seg["name"])), stage, bool(key_tech),
                                **words))
    links = []
    raw_links = doc.get("links") or []
    if not isinstance(raw_links, list):
        bad("links", "bad_field", field="links", value=raw_links, expected="a list of {from, to}")
        raw_links = []
    for i, link in enumerate(raw_links):
        where = f"links[{i}]"
        if not isinstance(link, dict) or "from" not in link or "to" not in link:
            bad(where, "missing_field", field=f"{where}.from/to")
            continue
        source, target = str(link["from"]), str(link["to"])
        for end, value in (("from", source), ("to", target)):
            if value not in seen:
                bad(f"{where}.{end}", "unknown_link_segment", value=value)
        if source == target:
            bad(where, "self_link", value=source)
        links.append((source, target))
    cycle = find_cycle([(s, t) for s, t in links if s != t])
    if cycle:
        bad("links", "cycle", cycle=" → ".join(cycle))
    return Chain(chain_id, str(doc["name"]), str(doc.get("name_en", doc["name"])), tuple(segments),
                 tuple(links), str(doc.get("description", "")), _word_list(doc.get("labels"), "labels", bad))


def find_cycle(links: list[tuple[str, str]]) -> list[str] | None:
    """The first cycle a depth-first search meets (nodes in order of first appearance), closed; None for a DAG.

    >>> find_cycle([("ore", "parts"), ("parts", "devices"), ("devices", "ore")]), find_cycle([("a", "b")])
    (['ore', 'parts', 'devices', 'ore'], None)
    """
    successors: dict[str, list[str]] = {}
    for source, target in links:
        successors.setdefault(source, []).append(target)
        successors.setdefault(target, [])
    state: dict[str, int] = {}   # 1 = on the current path, 2 = done
    for start in successors:
        if start in state:
            continue
        path, stack = [start], [iter(successors[start])]
        state[start] = 1
        while stack:
            node = next(stack[-1], None)
            if node is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(node) == 1:
                return path[path.index(node):] + [node]
            elif node not in state:
                state[node] = 1
                path.append(node)
                stack.append(iter(successors[node]))
    return None


def _word_list(value, where: str, bad) -> tuple[str, ...]:
    """An optional YAML list of words or codes as a tuple of stripped strings."""
    if value is None:
        return ()
    if not isinstance(value, list):
        bad(where, "bad_field", field=where, value=value, expected="a list")
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def resolve_chain_set(chain_set: str | Path, *, base: Path | None = None) -> Path | None:
    """Find a chain set: a path (absolute, or relative to ``base``/cwd) or a folder under chains/."""
    candidates = [Path(chain_set)]
    if base is not None:
        candidates.insert(0, base / chain_set)
    candidates.append(CHAINS_ROOT / str(chain_set))
    return next((c for c in candidates if c.is_dir()), None)


def read_chains(folder: Path, issues: list[Issue]) -> list[Chain]:
    files = [p for p in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if not p.name.startswith("_")]
    if not files:
        issues.append(Issue(str(folder), None, None, "empty_chain_set", {"value": str(folder)}))
    chains, owners = [], {}
    for path in files:
        label = f"{folder.name}/{path.name}"
        try:
            doc = load_yaml(path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            issues.append(Issue(label, None, None, "bad_yaml", {"error": str(exc).splitlines()[0]}))
            continue
        chain = _chain_from_yaml(doc, label, issues)
        if chain is None:
            continue
        if chain.id in owners:
            issues.append(Issue(label, None, "id", "duplicate_chain", {"value": chain.id, "other": owners[chain.id]}))
            continue
        owners[chain.id] = label
        chains.append(chain)
    return chains


def read_chain_set(folder: str | Path) -> list[Chain]:
    """Read and validate every chain map in a folder; raise DataError on any error.

    >>> [c.id for c in read_chain_set(CHAINS_ROOT / "shandong-2022")][:2]
    ['advanced_materials', 'agri_machinery']
    """
    issues: list[Issue] = []
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError([Issue(str(folder), None, None, "unknown_chain_set",
                               {"value": str(folder), "searched": str(folder)})])
    chains = read_chains(folder, issues)
    if any(i.level == "error" for i in issues):
        raise DataError(issues)
    return chains


def read_plan(folder: str | Path) -> dict | None:
    """The plan a chain set belongs to (``_plan.yaml``: name, targets), or None when there is none."""
    path = Path(folder) / "_plan.yaml"
    if not path.is_file():
        return None
    try:
        doc = load_yaml(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError([Issue(str(path), None, None, "bad_yaml", {"error": str(exc).splitlines()[0]})]) from exc
    targets = doc.get("targets") if isinstance(doc, dict) else None
    if not isinstance(targets, dict) or not all(isinstance(v, int) for v in targets.values()):
        raise DataError([Issue(str(path), None, "targets", "bad_field",
                               {"field": "targets", "value": targets, "expected": "a mapping of item: whole number"})])
    return {"name": doc.get("name", ""), "name_en": doc.get("name_en", ""), "targets": targets}


PRODUCT_LISTS = ("outside",)


def read_products(folder: str | Path) -> dict[str, tuple[str, ...]]:
    """What a registry reader needs beyond the segments' words (``_products.yaml``): ``outside``, the products no
    segment holds; an empty list when the chain set has no such file.

    >>> len(read_products(CHAINS_ROOT / "shandong-2022")["outside"]) > 100
    True
    """
    path = Path(folder) / "_products.yaml"
    if not path.is_file():
        return {key: () for key in PRODUCT_LISTS}
    try:
        doc = load_yaml(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError([Issue(str(path), None, None, "bad_yaml", {"error": str(exc).splitlines()[0]})]) from exc
    issues: list[Issue] = []

    def bad(where, code, **params):
        issues.append(Issue(str(path), None, where, code, params))

    if not isinstance(doc, dict):
        bad(None, "bad_field", field="_products.yaml", value=type(doc).__name__, expected="a mapping")
        raise DataError(issues)
    lists = {key: _word_list(doc.get(key), key, bad) for key in PRODUCT_LISTS}
    if issues:
        raise DataError(issues)
    return lists

