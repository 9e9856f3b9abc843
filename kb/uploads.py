"""Uploaded files: saved under safe names, indexed one upload after another, and moved aside (quarantined) when they
cannot be indexed.

The page stages an upload's files under hidden names (stage_uploads); one thread of the app's own names them and syncs
the folder into the index (add_uploads), one upload or removal after another, so an upload is indexed whether or not
the editor's page stays open, and a second editor's upload, or a `kb ingest` from the command line, is waited for
instead of failing. A file the sync skipped is moved into the folder's hidden quarantine folder, so it never stops the
next upload. An editor can replace an uploaded file by a new version of the same name (place_uploads, replacing) or
remove uploaded files (remove_uploads): the earlier files are kept in the hidden removed folder, and come back when
the new version cannot be read or the sync fails (when the server stopped before its sync ended, at the next upload).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ingest.filetypes import SUPPORTED_SUFFIXES
from kb.discovery import shown_path
from kb.errors import IndexBusy
from kb.reports import FileReport, SyncResult

QUARANTINE = ".quarantine"  # a hidden folder, which the ingest does not read
REMOVED = ".removed"  # files an editor removed or replaced by a new version: hidden, kept for the administrator
REPLACING = "replacing.json"  # in REMOVED: replacements whose sync has not ended
NAME_LIMIT = 120  # characters of a saved file's name, its extension included
BUSY_WAIT_SECONDS = 3600  # how long an upload waits for a `kb ingest` that holds the index
STALE_STAGED_SECONDS = 2 * BUSY_WAIT_SECONDS + 86400  # a staged upload no job can still be waiting to name
log = logging.getLogger(__name__)


WINDOWS_DEVICES = re.compile(r"(?i)(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?")  # "NUL.txt" on Windows writes nowhere


def safe_file_name(name: str) -> str:
    """An uploaded file's name, reduced to a plain name in the uploads folder (no paths, no traversal); a Mac's
    "Re\u0301sume\u0301.txt" as "Résumé.txt" (its letters composed, not turned into "_"), a Windows device's name kept
    from the device ("_NUL.txt")."""
    base = Path(unicodedata.normalize("NFC", name).replace("\\", "/")).name
    cleaned = "".join("_" if unsafe_in_a_name(ch) else ch for ch in base).strip(" .")
    suffix = Path(cleaned).suffix if len(Path(cleaned).suffix) <= 10 else ""  # a long name keeps its type
    stem = cleaned[: len(cleaned) - len(suffix)][: NAME_LIMIT - len(suffix)].strip(" .")
    safe = stem + suffix if stem else "upload"
    return "_" + safe if WINDOWS_DEVICES.fullmatch(safe) else safe


def unsafe_in_a_name(ch: str) -> bool:
    """What no Windows file name may hold (':', '?', '"', '<' ...), control characters, and the invisible ones that
    change how a name reads ("\u202e" turns "fdp.exe" around); quotes, '№', brackets and '+' are kept."""
    return ch in '<>:"/\\|?*' or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


class StagedUploads(NamedTuple):
    files: list[tuple[str, str, Path]]  # (name as uploaded, its safe name, the hidden file holding its bytes)
    rejected: list[tuple[str, str]]  # (name, reason)


class SavedUploads(NamedTuple):
    accepted: list[Path]  # saved, to be indexed
    written: list[Path]  # those this upload wrote (not an earlier upload of the same bytes, which stays indexed)
    rejected: list[tuple[str, str]]  # (name, reason)
    renamed: list[tuple[str, str]]  # (name, name saved as): an earlier, different upload holds the name
    replaced: dict[Path, Path]  # new version -> where the earlier file of its name was set aside


def stage_uploads(files: list[tuple[str, bytes]], folder: Path, max_file_mb: float) -> StagedUploads:
    """Check uploads and write each under a hidden name, which no sync reads, for place_uploads to put in the folder
    on the upload thread: there each upload's files take their names only after the uploads before it are indexed
    (a removal or a replacement queued before acts on the files it was asked about, not on this upload's)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(".*.upload"):  # staged by a server that stopped before it named them
        with contextlib.suppress(OSError):  # another page's, named meanwhile
            if time.time() - stale.stat().st_mtime > STALE_STAGED_SECONDS:
                stale.unlink()
    staged = StagedUploads([], [])
    for name, data in files:
        safe = safe_file_name(name)
        if Path(safe).suffix.lower() not in SUPPORTED_SUFFIXES:
            staged.rejected.append((name, f"unsupported type {Path(safe).suffix or '(none)'}"))
            continue
        if len(data) > max_file_mb * 1_000_000:
            staged.rejected.append((name, f"larger than {max_file_mb:g} MB"))
            continue
        hidden = folder / f".{uuid.uuid4().hex}.upload"  # complete before it is named: a full disk leaves no half file
        try:
            hidden.write_bytes(data)
        except OSError as error:
            hidden.unlink(missing_ok=True)
            staged.rejected.append((name, f"could not be saved ({error.strerror})"))
            continue
        staged.files.append((name, safe, hidden))
    return staged


def place_uploads(staged: StagedUploads, folder: Path, replacing: bool = False) -> SavedUploads:
    """Give staged uploads their names. A file whose name an earlier, different upload holds is saved beside it
    ("atskaite (2).pdf"), or, replacing, in its place, the earlier file set aside in the removed folder."""
    saved = SavedUploads([], [], [], [], {})
    for name, safe, hidden in staged.files:
        earlier: dict[Path, Path] = {}
        try:
            data = hidden.read_bytes()
            path = free_path(folder / safe, data)
            uploaded_before = path.exists()  # with these very bytes
            if replacing and path.name != safe and (folder / safe).is_file():
                path, uploaded_before = folder / safe, False
                if path in saved.accepted:  # two files of one name in this upload: the later is the version kept
                    saved.accepted.remove(path)
                else:
                    earlier = move_aside([path], folder, REMOVED)
            hidden.replace(path)
        except OSError as error:
            hidden.unlink(missing_ok=True)
            bring_back(earlier)
            saved.rejected.append((name, f"could not be saved ({error.strerror})"))
            continue
        if path not in saved.accepted:  # the same file twice in one upload: once
            saved.accepted.append(path)
        saved.replaced.update(earlier)
        if not uploaded_before and path not in saved.written:
            saved.written.append(path)
        if path.name != safe:
            saved.renamed.append((name, path.name))
    return saved


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


def upload_reports(reports: list[FileReport], uploaded: list[Path]) -> dict[Path, FileReport]:
    """The sync's report lines of these uploaded files (the sync reads the whole folder: earlier uploads too), by file;
    sources read "<folder's cited name>/<file name>" (the folder's name, or more where another folder has it)."""
    by_name = {shown_path(path.name): path for path in uploaded}  # not a moved folder's file "removed" under that name
    return {by_name[name]: r for r in reports if (name := r.source.rsplit("/", 1)[-1]) in by_name and r.status != "removed"}


def skipped_uploads(reports: list[FileReport], uploaded: list[Path]) -> dict[Path, FileReport]:
    """The uploaded files that the sync skipped, with their report lines."""
    return {path: r for path, r in upload_reports(reports, uploaded).items() if r.status == "skipped"}


def quarantine(files: Iterable[Path], folder: Path) -> None:
    """Move files out of the uploads folder into its hidden quarantine folder, so that no later sync reads them (one
    that cannot be moved is deleted)."""
    for path in files:
        try:
            move_aside([path], folder, QUARANTINE)
        except OSError:
            log.exception("cannot quarantine %s; deleting it instead", path)
            path.unlink(missing_ok=True)


def move_aside(files: Iterable[Path], folder: Path, into: str) -> dict[Path, Path]:
    """Move files into a hidden folder of the uploads folder (the quarantine, or the removed files), each attempt
    kept under a time-stamped name; return where each went (a file already gone is left out)."""
    target, moved = folder / into, {}
    for path in files:
        aside = target / f"{datetime.now():%Y%m%d-%H%M%S.%f}-{path.name}"
        try:
            target.mkdir(exist_ok=True)
            path.replace(aside)
        except FileNotFoundError:
            continue  # never written, or already gone
        moved[path] = aside
    return moved


def bring_back(moved: dict[Path, Path]) -> None:
    """Put files set aside by move_aside back where they were, unless a file has taken the name since: that one is
    kept, and the earlier stays aside."""
    for path, aside in moved.items():
        if path.exists():
            log.warning("%s was not brought back: a newer file holds its name; it stays in %s", aside.name, aside.parent)
            continue
        aside.replace(path)


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
    staged: StagedUploads, replacing: bool, folder: Path, sync: Callable[[], SyncResult], progress: UploadProgress
) -> tuple[SavedUploads, SyncResult]:
    """Place the staged uploads and run the sync of the uploads folder; set aside the uploaded files it skipped, or,
    when it fails, the files this upload wrote (not an earlier upload's file it matched byte for byte, which stays
    indexed). An earlier file that a new version replaced comes back when the new one is set aside: a version that
    cannot be read loses nothing."""
    saved = place_uploads(staged, folder, replacing)
    # replacements a stopped server left half done (set aside, never synced): this sync says whether they can be read
    interrupted = {path: aside for path, aside in interrupted_replacements(folder).items() if path not in saved.replaced}
    replaced = {**interrupted, **saved.replaced}
    _remember(folder, replaced)
    try:
        result = sync_when_free(sync, progress)
    except BaseException:
        quarantine(saved.written, folder)
        bring_back(saved.replaced)
        _remember(folder, interrupted)
        raise
    skipped = skipped_uploads(result.reports, [*saved.accepted, *interrupted])
    quarantine(skipped, folder)
    if earlier := {path: aside for path, aside in replaced.items() if path in skipped}:
        bring_back(earlier)  # and into the index again: the sync above dropped it
        result = replace(sync_when_free(sync, progress), reports=result.reports)
    _remember(folder, {})
    return saved, result


def _remember(folder: Path, replaced: dict[Path, Path]) -> None:
    """Keep the replacements whose sync has not ended (REPLACING), so a server stopped meanwhile (a crash, a restart)
    leaves the next upload what to finish: an unreadable new version set aside, the earlier file brought back."""
    journal = folder / REMOVED / REPLACING
    if not replaced:
        journal.unlink(missing_ok=True)
        return
    journal.parent.mkdir(exist_ok=True)
    written = journal.with_name(f".{REPLACING}.part")
    written.write_text(json.dumps({str(path): str(aside) for path, aside in replaced.items()}), encoding="utf-8")
    written.replace(journal)


def interrupted_replacements(folder: Path) -> dict[Path, Path]:
    """The replacements _remember kept whose earlier file is still set aside."""
    try:
        pairs = json.loads((folder / REMOVED / REPLACING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {Path(path): Path(aside) for path, aside in pairs.items() if Path(aside).is_file()}


def remove_uploads(files: list[Path], folder: Path, sync: Callable[[], SyncResult], progress: UploadProgress) -> SyncResult:
    """Move uploaded files into the removed folder and sync them out of the index; when the sync fails, they come
    back (and stay indexed)."""
    removed = move_aside(files, folder, REMOVED)
    try:
        return sync_when_free(sync, progress)
    except BaseException:
        bring_back(removed)
        raise


def sync_when_free(sync: Callable[[], SyncResult], progress: UploadProgress) -> SyncResult:
    """Run the sync, waiting while another upload's or a `kb ingest`'s holds the index (up to BUSY_WAIT_SECONDS)."""
    waited_since = time.monotonic()
    while True:
        try:
            return sync()
        except IndexBusy:
            if time.monotonic() - waited_since > BUSY_WAIT_SECONDS:
                raise
            progress.on_stage("waiting", 0, 0)
            time.sleep(1)


def uploaded_files(folder: Path) -> list[Path]:
    """The files editors uploaded and kept (not the hidden quarantine, removed files or half-written ones), by name."""
    if not folder.is_dir():
        return []
    return sorted((path for path in folder.iterdir() if path.is_file() and not path.name.startswith(".")), key=lambda p: p.name)
