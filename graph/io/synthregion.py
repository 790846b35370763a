"""The region the synthetic demo is made for (chains/shandong_synth.yaml): its cities, the other provinces, and the
chain facts the generator plants — data, so graph.synth holds no place or chain fact of its own.

>>> home = read_synth_region(SHANDONG_SYNTH)
>>> home.region, len(home.home_cities), home.home_cities["青岛市"], home.bottlenecks["light_industry"]
('山东省', 16, ('370200', 16), {'mcu_chips': 1})
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph.io.issues import DataError, Issue
from graph.io.paths import SHANDONG_SYNTH
from graph.io.yamltext import load_yaml

_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class SynthRegion:
    """A region for graph.synth, each mapping in the file's order (the generator's draws depend on it).

    ``home_cities``: city -> (GB/T 2260 code, weight); ``other_provinces``: province -> (code, main city, weight);
    ``segment_bias``: (chain id, segment id) -> factor on the local firms a segment draws; ``bottlenecks``: chain id
    -> {segment id: local firms planted}, 0 a gap."""

    region: str
    home_cities: dict[str, tuple[str, float]]
    other_provinces: dict[str, tuple[str, str, float]]
    segment_bias: dict[tuple[str, str], float]
    bottlenecks: dict[str, dict[str, int]]


def read_synth_region(path: str | Path = SHANDONG_SYNTH) -> SynthRegion:
    """Read and check a synth region file; raise DataError naming every bad field."""
    path = Path(path)
    if not path.is_file():
        raise DataError([Issue(str(path), None, None, "file_missing", {"what": str(path)})])
    try:
        doc = load_yaml(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError([Issue(str(path), None, None, "bad_yaml", {"error": str(exc).splitlines()[0]})]) from exc
    issues: list[Issue] = []

    def bad(field: str, value, expected: str) -> None:
        issues.append(Issue(str(path), None, field, "bad_field", {"field": field, "value": value, "expected": expected}))

    def mapping(field: str) -> dict:
        value = doc.get(field) if isinstance(doc, dict) else None
        if not isinstance(value, dict) or not value:
            bad(field, value, "a non-empty mapping")
            return {}
        return value

    def weight(field: str, value) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            bad(field, value, "a positive number")
        return value

    def code(field: str, value) -> str:
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            bad(field, value, "a 6-digit GB/T 2260 code in quotes")
        return value

    region = doc.get("region") if isinstance(doc, dict) else None
    if not isinstance(region, str) or not region.strip():
        bad("region", region, "the region's name, e.g. 山东省")
    home, other = {}, {}
    for city, row in mapping("home_cities").items():
        row = row if isinstance(row, dict) else {}
        home[city] = (code(f"home_cities.{city}.code", row.get("code")),
                      weight(f"home_cities.{city}.weight", row.get("weight")))
    for province, row in mapping("other_provinces").items():
        row = row if isinstance(row, dict) else {}
        if not isinstance(row.get("city"), str):
            bad(f"other_provinces.{province}.city", row.get("city"), "a city name")
        other[province] = (code(f"other_provinces.{province}.code", row.get("code")), row.get("city"),
                           weight(f"other_provinces.{province}.weight", row.get("weight")))
    bias = {(chain, segment): weight(f"segment_bias.{chain}.{segment}", factor)
            for chain, factors in _nested(mapping("segment_bias"), "segment_bias", bad)
            for segment, factor in factors.items()}
    bottlenecks = {}
    for chain, planted in _nested(mapping("bottlenecks"), "bottlenecks", bad):
        for segment, n in planted.items():
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                bad(f"bottlenecks.{chain}.{segment}", n, "a whole number of local firms, 0 for a gap")
        bottlenecks[chain] = dict(planted)
    if issues:
        raise DataError(issues)
    return SynthRegion(region, home, other, bias, bottlenecks)


def _nested(value: dict, field: str, bad):
    """(chain id, {segment id: value}) pairs of a chain -> segment mapping, reporting a chain that is not one."""
    for chain, inner in value.items():
        if isinstance(inner, dict):
            yield chain, inner
        else:
            bad(f"{field}.{chain}", inner, "a mapping of segment id: value")
