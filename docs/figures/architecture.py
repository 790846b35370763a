"""Draw docs/figures/architecture.svg: the packages of Chain Explorer in layers, with the imports between them.

The arrows are read from the code (every ``import`` / ``from … import`` in the files of each box), so the
picture can be drawn again after a change: ``python docs/figures/architecture.py`` from the repository root.
A solid arrow is an import at the top of a module; a dashed one only inside a function (lazy).
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "chain-explorer"   # the same SVG from the same code
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_suffix(".svg")

# box -> (files or folders it holds, layer from the top, label lines)
BOXES = {
    "app": (["app.py", "serve.py", "views"], 0, "app.py, serve.py, views/\nStreamlit pages"),
    "cli": (["graph/cli.py", "graph/__main__.py", "graph/diff_cli.py", "graph/neo4j_cli.py", "graph/classify/cli.py"],
            0, "graph/cli.py, diff_cli.py,\nneo4j_cli.py: python -m graph"),
    "bench": (["bench"], 0, "bench/\nbenchmarks"),
    "out": (["graph/report.py", "graph/picture.py", "graph/charts.py", "graph/viz.py", "graph/plotting.py",
             "graph/search.py", "graph/geo.py", "graph/years.py"], 1,
            "report, picture, charts, viz,\nplotting, search, geo, years"),
    "classify": (["graph/classify"], 1, "graph/classify/\nregistry → dataset"),
    "synth": (["graph/synth"], 1, "graph/synth/\nsynthetic province"),
    "analysis": (["graph/analysis"], 2, "graph/analysis/\npure analyses of Facts"),
    "store": (["graph/store"], 2, "graph/store/\nMemoryStore, Neo4jStore"),
    "server": (["graph/server.py"], 2, "graph/server.py\nlocal Neo4j"),
    "facts": (["graph/facts.py", "graph/build.py"], 3, "graph/facts.py, build.py\nFacts ⇄ networkx"),
    "io": (["graph/io"], 4, "graph/io/\nfiles: YAML, CSV, XLSX"),
    "model": (["graph/model.py", "graph/messages"], 5, "graph/model.py, messages/\ncontract, messages"),
}
COLOURS = ["#dbe8f6", "#e3f1df", "#fdf0d5", "#f6e0e0", "#ece3f4", "#eeeeee"]


def files_of(box: str) -> list[Path]:
    files = []
    for entry in BOXES[box][0]:
        path = ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def owner(module: str, owners: dict[str, str]) -> str | None:
    """The box a module belongs to: the longest file or package prefix that names it."""
    best = None
    for prefix, box in owners.items():
        if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, box)
    return best[1] if best else None


def imports() -> dict[tuple[str, str], bool]:
    """(from box, to box) -> True when some import is at module level, False when all are inside functions."""
    owners = {}
    for box in BOXES:
        for entry in BOXES[box][0]:
            owners[module_of(ROOT / (entry if entry.endswith(".py") else entry + "/__init__.py"))] = box
    edges: dict[tuple[str, str], bool] = defaultdict(bool)
    for box in BOXES:
        for path in files_of(box):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            top = set(map(id, tree.body))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                else:
                    continue
                targets = {owner(n, owners) for n in names} - {None, box}
                for target in targets:
                    edges[(box, target)] |= id(node) in top
    return dict(edges)


def draw() -> None:
    edges = {e: top for e, top in imports().items() if e[1] != "model"}   # every box imports the model: not drawn
    layers = defaultdict(list)
    for box, (_, layer, _) in BOXES.items():
        layers[layer].append(box)
    width, height = 3.3, 0.9
    pos = {}
    for layer, boxes in layers.items():
        span = len(boxes) * width + (len(boxes) - 1) * 0.8
        for i, box in enumerate(boxes):
            pos[box] = (-span / 2 + i * (width + 0.8) + width / 2, -layer * 1.6)
    fig, ax = plt.subplots(figsize=(11, 9.5))
    for box, (x, y) in pos.items():
        ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.05",
                                    fc=COLOURS[BOXES[box][1]], ec="#555555", lw=1, zorder=2))
        ax.text(x, y, BOXES[box][2], ha="center", va="center", fontsize=9, zorder=3)
    # spread the arrows' ends along the edges they leave and enter, ordered by the other end's position
    leaving, entering = defaultdict(list), defaultdict(list)
    for a, b in edges:
        leaving[a].append(b)
        entering[b].append(a)

    def port(box, other, ends):
        ordered = sorted(ends, key=lambda o: (pos[o][0], -pos[o][1]))
        share = (ordered.index(other) + 1) / (len(ordered) + 1)
        return pos[box][0] - width / 2 + share * width

    for (a, b), top in sorted(edges.items()):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        if ya == yb:      # same layer: an arc over the boxes, top edge to top edge
            start, end, rad = (port(a, b, leaving[a]), ya + height / 2), (port(b, a, entering[b]), yb + height / 2), -0.35
            if xa > xb:
                rad = 0.35
        elif ya > yb:     # down a layer: bottom edge to top edge
            start, end, rad = (port(a, b, leaving[a]), ya - height / 2), (port(b, a, entering[b]), yb + height / 2), 0.0
        else:             # up a layer
            start, end, rad = (port(a, b, leaving[a]), ya + height / 2), (port(b, a, entering[b]), yb - height / 2), 0.2
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, lw=0.8, zorder=1,
                                     color="#c0392b" if yb > ya else "#34495e", alpha=0.7,
                                     linestyle="-" if top else "--", connectionstyle=f"arc3,rad={rad}"))
    ax.text(-7.3, 1.25, "A → B: A imports B (read from the code).  Solid: at module level; dashed: only inside a "
            "function.\nEvery box imports graph/model.py (not drawn).", fontsize=8.5, color="#333333", va="top")
    ax.set_xlim(-7.5, 7.5)
    ax.set_ylim(-5 * 1.6 - 0.8, 1.35)
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(OUT, format=OUT.suffix[1:], metadata={"Date": None} if OUT.suffix == ".svg" else None, dpi=70)
    print(f"{OUT.relative_to(ROOT)}: {len(edges)} arrows between {len(BOXES)} boxes")

if __name__ == "__main__":
    draw()
