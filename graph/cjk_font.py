"""The CJK font file a PDF embeds (graph.brief_render), found without matplotlib: importing matplotlib's font
manager (with graph.plotting, pyplot) only to locate one file cost a PDF brief 0.3 s.

>>> path, index = cjk_font_file()     # e.g. /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc, face 2
>>> path.lower().endswith((".ttc", ".otc", ".ttf", ".otf")) and index >= 0
True
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def font_dirs() -> list[Path]:
    """Where fonts are installed on Linux, macOS and Windows (the system's and the user's)."""
    home = Path.home()
    if sys.platform == "win32":
        return [Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
                Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts"]
    return [Path(p) for p in ("/usr/share/fonts", "/usr/local/share/fonts", "/usr/X11R6/lib/X11/fonts",
                              "/Library/Fonts", "/System/Library/Fonts", "/opt/local/share/fonts")] + \
        [home / ".local" / "share" / "fonts", home / ".fonts", home / "Library" / "Fonts"]


def font_files() -> list[str]:
    """Every font file under :func:`font_dirs`, sorted; fontconfig's list (fc-list) when those hold no CJK font."""
    found = {os.path.join(root, name) for folder in font_dirs() if folder.is_dir()
             for root, _, names in os.walk(folder) for name in names if name.lower().endswith(FONT_SUFFIXES)}
    if not any("CJK" in f or "wqy" in f.lower() for f in found) and shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True).stdout
        found |= {f for f in listed.splitlines() if f.lower().endswith(FONT_SUFFIXES)}
    return sorted(found)


def cjk_font_file(*, bold: bool = False, family: str = "Noto Sans CJK SC") -> tuple[str, int]:
    """(path, face index) of an installed CJK font file: the face ``family`` (Simplified Chinese) of a Noto CJK
    collection (.ttc) when installed (Debian ``fonts-noto-cjk``, `make sysdeps`), else the first CJK font file
    found; RuntimeError when there is none."""
    from fontTools.ttLib import TTCollection  # fontTools comes with fpdf2, which is what needs this font

    files = font_files()
    weight = "Bold" if bold else "Regular"
    for path in (f for f in files if "CJK" in f and "Sans" in f and f.endswith(f"-{weight}.ttc")):
        for index, face in enumerate(TTCollection(path, lazy=True).fonts):
            if face["name"].getDebugName(1) == family:
                return path, index
    others = [f for f in files if "CJK" in f or "wqy" in f.lower()]
    if others:
        return others[0], 0
    raise RuntimeError("no CJK font found; install one, e.g. apt-get install fonts-noto-cjk")
