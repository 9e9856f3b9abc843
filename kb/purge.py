"""Erase the copies of document text an index no longer holds: what an administrator runs after deleting a document
and syncing, for a data-protection erasure request.

A deleted document leaves the live index at the sync; its text stays in these places, which `kb purge` empties:
  - the index's earlier generations (kept for a reader still on them; a sync drops them once they are
    SUPERSEDED_GRACE old, kb/index.py drop_superseded),
  - an interrupted ingest's vectors (DIR/unfinished-vectors.sqlite, kb/resume.py),
  - the pages OCR'd from files the index no longer holds (KB_CACHE_DIR/ocr/<file's SHA-256>; shared by every index
    on the computer: another index's scans, and e-mail attachments, are OCR'd again when next read),
  - the app's removed and set-aside uploads (KB_UPLOADS/.removed, KB_UPLOADS/.quarantine), when that folder is synced
    into this index; not those set aside in the last SUPERSEDED_GRACE seconds (a replacement may be under way: the app
    sets the earlier file aside before its sync takes the build lock), nor what a link leads to.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from ingest.read import path_from_printable
from kb import index, store
from kb.settings import Settings
from kb.uploads import QUARANTINE, REMOVED, REPLACING, interrupted_replacements


def purge(settings: Settings) -> tuple[list[str], list[Path]]:
    """Remove those copies; one line per kind of copy, saying how many were removed (the administrator's receipt),
    and what could not be removed (another account's files: the receipt says so, and kb purge fails)."""
    index_dir = settings.index_dir
    with index.build_lock(index_dir):  # no ingest or upload is writing meanwhile
        live = index.live_generation(index_dir)
        generations = index.drop_superseded(index_dir, grace_seconds=0)
        left = index.other_generations(index_dir, keep={live.name})
        resume = index_dir / index.RESUME_FILE
        resumed = resume.exists()
        for path in (resume, resume.with_name(resume.name + "-journal")):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        left += [path for path in (resume, resume.with_name(resume.name + "-journal")) if path.exists()]
        live_store = store.open_read_only(live / index.STORE_FILE)
        try:
            files = live_store.files()
        finally:
            live_store.close()
        held = {record.sha256 for record in files if record.doc_id}  # a file skipped for good is held by no document
        ocr = settings.cache_dir / "ocr"
        pages = [folder for folder in (ocr.iterdir() if ocr.is_dir() else ()) if folder.name not in held]
        for folder in pages:
            shutil.rmtree(folder, ignore_errors=True)
        left += [folder for folder in pages if folder.exists()]
        uploads = settings.uploads_dir.resolve()
        synced = any(path_from_printable(record.path).is_relative_to(uploads) for record in files)
        deleted = _drop_set_aside(uploads) if synced else 0
    receipt = [
        f"earlier generations of the index removed: {generations}",
        f"unfinished ingest's vectors removed: {int(resumed and not resume.exists())}",
        f"files' OCR'd pages removed (files the index does not hold): {sum(not folder.exists() for folder in pages)}",
        f"removed or set-aside uploads deleted: {deleted}" if synced else f"uploads in {uploads}: not in this index, left alone",
    ]
    return receipt, left


def _drop_set_aside(uploads: Path) -> int:
    """Delete the removed and quarantined uploads set aside SUPERSEDED_GRACE seconds ago or more, but a replacement's
    journal and the earlier files it names (the app finishes that replacement at its next upload); links are not
    followed."""
    unfinished = {aside.resolve() for aside in interrupted_replacements(uploads).values()}
    deleted = 0
    before = time.time() - index.SUPERSEDED_GRACE
    for folder in (uploads / REMOVED, uploads / QUARANTINE):
        if os.path.islink(folder) or not os.path.isdir(folder):
            continue
        for parent, _, names in os.walk(folder):  # folders a link leads to are not entered
            for name in names:
                path = Path(parent, name)
                kept = name.startswith(".") or name == REPLACING or os.path.islink(path) or path.resolve() in unfinished
                with contextlib.suppress(OSError):  # gone meanwhile, or not ours to delete: left, not counted
                    if not kept and path.lstat().st_ctime < before:
                        path.unlink()
                        deleted += 1
    return deleted
