"""Uploaded files (the app's Data page) staged into a dataset folder, zips checked before extraction.

>>> import tempfile
>>> folder = stage_upload([("firms.csv", "firm_id,name,province\\nA,甲,山东\\n".encode())], tempfile.mkdtemp())
>>> sorted(p.name for p in folder.iterdir())
['firms.csv']
>>> stage_upload([("a.exe", b"MZ")], tempfile.mkdtemp())
Traceback (most recent call last):
graph.io.issues.DataError: 1 error(s) in the input; first: error: a.exe: not a CSV or XLSX file: expected .csv, .xlsx, .yaml or .zip
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from graph.io.issues import DataError, Issue
from graph.io.limits import MAX_UPLOAD_FILES, MAX_UPLOAD_MB

UPLOAD_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")


def stage_upload(files: list[tuple[str, bytes]], folder: str | Path, *, max_total_mb: float = MAX_UPLOAD_MB,
                 max_files: int = MAX_UPLOAD_FILES) -> Path:
    """Write uploaded files (CSV, XLSX, YAML or one zip of them) into ``folder`` as a dataset folder.

    Zips are checked before extraction: at most ``max_files`` members, no paths outside the folder,
    and at most ``max_total_mb`` uncompressed in all (zip bombs are refused without inflating them).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    limit = max_total_mb * 1e6

    def refuse(name, code, **params):
        raise DataError([Issue(name, None, None, code, params)])

    total = 0
    for name, data in files:
        base = Path(name).name
        total += len(data)
        if total > limit:
            refuse(base, "too_large", size=round(total / 1e6), limit=max_total_mb)
        if base.lower().endswith(".zip"):
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
                members = [m for m in archive.infolist() if not m.is_dir()]
            except zipfile.BadZipFile:
                refuse(base, "not_a_table", error="damaged or not a zip")
            if len(members) > max_files:
                refuse(base, "zip_unsafe", reason=f"{len(members)} files (limit {max_files})")
            inflated = sum(m.file_size for m in members)
            if total + inflated > limit:
                refuse(base, "too_large", size=round((total + inflated) / 1e6), limit=max_total_mb)
            for member in members:
                target = Path(member.filename).name
                if Path(member.filename).is_absolute() or ".." in Path(member.filename).parts:
                    refuse(base, "zip_unsafe", reason=f"path {member.filename}")
                if target.lower().endswith(UPLOAD_SUFFIXES) and not target.startswith(("._", "~$")):
                    try:
                        (folder / target).write_bytes(archive.read(member))
                    except (zipfile.BadZipFile, OSError, EOFError) as exc:
                        refuse(base, "not_a_table", error=f"{member.filename}: {exc}")
        elif base.lower().endswith(UPLOAD_SUFFIXES):
            (folder / base).write_bytes(data)
        else:
            refuse(base, "not_a_table", error="expected .csv, .xlsx, .yaml or .zip")
    return folder
