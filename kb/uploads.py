"""Uploaded files: saved under safe names, indexed one upload after another, and moved aside (quarantined) when they
cannot be indexed.

The app saves uploads into one folder and syncs that folder into the index on one thread of its own (add_uploads), so
an upload is indexed whether or not the editor's page stays open, and a second editor's upload, or a `kb ingest` from
the command line, is waited for instead of failing. A file the sync skipped is moved into the folder's hidden
quarantine folder, so it never stops the next upload.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ingest.read import SUPPORTED_SUFFIXES
from kb.errors import IndexBusy
from kb.sync import FileReport, SyncResult

QUARANTINE = ".quarantine"  # a hidden folder, which the ingest does not read
NAME_LIMIT = 120  # characters of a saved file's name, its extension included
BUSY_WAIT_SECONDS = 3600  # how long an upload waits for a `kb ingest` that holds the index
log = logging.getLogger(__name__)


WINDOWS_DEVICES = re.compile(r"(?i)(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?")  # "NUL.txt" on Windows writes nowhere


def safe_file_name(name: str) -> str:
    """An uploaded file's name, reduced to a plain name in the uploads folder (no paths, no traversal); a Mac's
    "Re\u0301sume\u0301.txt" as "Résumé.txt" (its letters composed, not turned into "_"), a Windows device's name kept
    from the device ("_NUL.txt")."""
    base = Path(unicodedata.normalize("NFC", name).replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    suffix = Path(cleaned).suffix if len(Path(cleaned).suffix) <= 10 else ""  # a long name keeps its type
    stem = cleaned[: len(cleaned) - len(suffix)][: NAME_LIMIT - len(suffix)].strip(" .")
    safe = stem + suffix if stem else "upload"
    return "_" + safe if WINDOWS_DEVICES.fullmatch(safe) else safe


def save_uploads(
    files: list[tuple[str, bytes]], folder: Path, max_file_mb: float
) -> tuple[list[Path], list[tuple[str, str]], list[tuple[str, str]]]:
    """Write accepted uploads under sanitised names; return them, (name, reason) for the rest, and (name, name saved
    as) for a file saved under another name than its own, which an earlier, different upload holds."""
    folder.mkdir(parents=True, exist_ok=True)
    accepted, rejected, renamed = [], [], []
    for name, data in files:
        safe = safe_file_name(name)
        if Path(safe).suffix.lower() not in SUPPORTED_SUFFIXES:
            rejected.append((name, f"unsupported type {Path(safe).suffix or '(none)'}"))
        elif len(data) > max_file_mb * 1_000_000:
            rejected.append((name, f"larger than {max_file_mb:g} MB"))
        else:
            path = free_path(folder / safe, data)
            partial = folder / f".{path.name}.part"  # hidden until complete: a full disk leaves no half file to sync
            try:
                partial.write_bytes(data)
                partial.replace(path)
            except OSError as error:
                partial.unlink(missing_ok=True)
                rejected.append((name, f"could not be saved ({error.strerror})"))
            else:
                accepted.append(path)
                if path.name != safe:
                    renamed.append((name, path.name))
    return accepted, rejected, renamed


def free_path(path: Path, data: bytes) -> Path:
    """Where an upload goes without replacing an earlier one: its own name, unless a file with other bytes holds it
    (another NGO's "atskaite.pdf", or a broken copy of a good file), then "atskaite (2).pdf" and so on; a file
    uploaded again goes where it is."""
    for number in itertools.count(1):
        candidate = path if number == 1 else path.with_name(f"{path.stem} ({number}){path.suffix}")
        try:
            if not candidate.exists() or (candidate.is_file() and candidate.read_bytes() == data):
                return candidate
        except OSError:  # unreadable: taken
            continue
    raise AssertionError("unreachable")


def upload_reports(reports: list[FileReport], uploaded: list[Path], folder: Path) -> dict[Path, FileReport]:
    """The sync's report lines of these uploaded files (the sync reads the whole folder: earlier uploads too), by file;
    sources read "<folder name>/<file name>"."""
    by_source = {f"{folder.resolve().name}/{path.name}": path for path in uploaded}
    return {by_source[r.source]: r for r in reports if r.source in by_source}


def skipped_uploads(reports: list[FileReport], uploaded: list[Path], folder: Path) -> dict[Path, FileReport]:
    """The uploaded files that the sync skipped, with their report lines."""
    return {path: r for path, r in upload_reports(reports, uploaded, folder).items() if r.status == "skipped"}


def quarantine(files: Iterable[Path], folder: Path) -> None:
    """Move files out of the uploads folder into its hidden quarantine folder, so that no later sync reads them."""
    target = folder / QUARANTINE
    for path in files:
        try:
            target.mkdir(exist_ok=True)
            path.replace(target / f"{datetime.now():%Y%m%d-%H%M%S.%f}-{path.name}")  # every attempt is kept
        except FileNotFoundError:
            pass  # never written, or already gone
        except OSError:
            log.exception("cannot quarantine %s; deleting it instead", path)
            path.unlink(missing_ok=True)


class ProgressState(NamedTuple):
    stage: str  # "queued", "waiting", "ocr" or a sync stage ("read", "embed", ...)
    done: int
    total: int
    scan: str = ""  # the file whose pages OCR reads


class UploadProgress:
    """What the sync of an upload last reported, for the page that waits on it: written by the upload thread as one
    state, read whole (a page that read the stage, count and total of two reports apart drew a bar of 700 %)."""

    def __init__(self) -> None:
        self.state = ProgressState("queued", 0, 0)

    def on_stage(self, stage: str, done: int, total: int) -> None:
        self.state = ProgressState(stage, done, total)

    def on_page(self, source: str, done: int, total: int) -> None:
        self.state = ProgressState("ocr", done, total, Path(source).name)


def add_uploads(
    accepted: list[Path], written: list[Path], folder: Path, sync: Callable[[], SyncResult], progress: UploadProgress
) -> SyncResult:
    """Run the sync of the uploads folder (waiting while a `kb ingest` holds the index); set aside the uploaded files it
    skipped, or, when it fails, the files this upload wrote (not an earlier upload's file it matched byte for byte,
    which stays indexed)."""
    waited_since = time.monotonic()
    while True:
        try:
            result = sync()
            break
        except IndexBusy:
            if time.monotonic() - waited_since > BUSY_WAIT_SECONDS:
                quarantine(written, folder)
                raise
            progress.on_stage("waiting", 0, 0)
            time.sleep(1)
        except BaseException:
            quarantine(written, folder)
            raise
    quarantine(skipped_uploads(result.reports, accepted, folder), folder)
    return result
