"""Uploaded files (the app's Data page) staged into a dataset folder, zips checked before extraction; the folders
uploads live in, named after the server process that made them, and removed once that process has ended.

>>> import tempfile
>>> folder = stage_upload([("firms.csv", "firm_id,name,province\\nA,甲,山东\\n".encode())], tempfile.mkdtemp())
>>> sorted(p.name for p in folder.iterdir())
['firms.csv']
>>> stage_upload([("a.exe", b"MZ")], tempfile.mkdtemp())
Traceback (most recent call last):
graph.io.issues.DataError: 1 error(s) in the input; first: error: a.exe: not a CSV or XLSX file: expected .csv, .xlsx, .yaml or .zip
"""
from __future__ import annotations

import functools
import io
import os
import re
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from graph.io.issues import DataError, Issue
from graph.io.limits import MAX_UPLOAD_FILES, MAX_UPLOAD_MB

UPLOAD_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")
# chain-explorer-upload-4711-k2j3h4 (since round 9's day) and chain-explorer-registry-k2j3h4 (before: no process id)
UPLOAD_FOLDER = re.compile(r"^chain-explorer-(?:upload|registry)-(?:(\d+)-)?[^-]+$")
UNOWNED_DAYS = 1   # a folder of an older version, with no process id in its name, is removed once this old


def upload_folder(kind: str, root: str | Path | None = None) -> Path:
    """A new folder for one upload (``kind``: upload, registry) of this server process, in the system's temporary
    directory (or ``root``). Its name holds the process id: the links to it are tokens this process hands out, so
    once the process has ended nobody can reach it, and the next server's first upload removes it
    (:func:`remove_orphaned_uploads`, once per process).

    >>> folder = upload_folder("upload", tempfile.mkdtemp())
    >>> folder.name.startswith(f"chain-explorer-upload-{os.getpid()}-") and folder.is_dir()
    True
    """
    _remove_orphans_once(str(root or tempfile.gettempdir()))
    return Path(tempfile.mkdtemp(prefix=f"chain-explorer-{kind}-{os.getpid()}-", dir=root))


@functools.cache
def _remove_orphans_once(root: str) -> int:
    return remove_orphaned_uploads(root)


def remove_orphaned_uploads(root: str | Path, *, now: float | None = None) -> int:
    """Remove the upload folders in ``root`` whose server process has ended (and those of older versions, with no
    process id, a day old); return how many. Another running server's folders stay."""
    removed = 0
    now = time.time() if now is None else now
    for folder in Path(root).glob("chain-explorer-*"):
        match = UPLOAD_FOLDER.match(folder.name)
        if not match or not folder.is_dir():
            continue
        pid = match.group(1)
        if (not _alive(int(pid))) if pid else now - folder.stat().st_mtime > UNOWNED_DAYS * 86_400:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
