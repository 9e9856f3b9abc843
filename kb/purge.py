"""Erase the copies of document text an index no longer holds: what an administrator runs after deleting a document
and syncing, for a data-protection erasure request.

A deleted document leaves the live index at the sync; its text stays in these places, which `kb purge` empties:
  - the index's earlier generations (kept for a reader still on them; a sync drops them once they are
    SUPERSEDED_GRACE old, kb/index.py drop_superseded),
  - an interrupted ingest's vectors (DIR/unfinished-vectors.sqlite, kb/resume.py),
  - the pages OCR'd from files the index no longer holds (KB_CACHE_DIR/ocr/<file's SHA-256>; shared by every index
    on the computer: another index's scans, and e-mail attachments, are OCR'd again when next read),
  - the app's removed and set-aside uploads (KB_UPLOADS/.removed, KB_UPLOADS/.quarantine; not a replacement whose
    sync has not ended).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kb import index, store
from kb.settings import Settings
from kb.uploads import QUARANTINE, REMOVED, REPLACING


def purge(settings: Settings) -> list[str]:
    """Remove those copies; one line per kind of copy, saying how many were removed (the administrator's receipt)."""
    index_dir = settings.index_dir
    with index.build_lock(index_dir):  # no ingest or upload is writing meanwhile
        live = index.live_generation(index_dir)
        generations = index.drop_superseded(index_dir, grace_seconds=0)
        resume = index_dir / index.RESUME_FILE
        resumed = resume.exists()
        for path in (resume, resume.with_name(resume.name + "-journal")):
            path.unlink(missing_ok=True)
        live_store = store.open_read_only(live / index.STORE_FILE)
        try:
            held = {record.sha256 for record in live_store.files() if record.sha256}
        finally:
            live_store.close()
        ocr = settings.cache_dir / "ocr"
        pages = [folder for folder in (ocr.iterdir() if ocr.is_dir() else ()) if folder.name not in held]
        for folder in pages:
            shutil.rmtree(folder, ignore_errors=True)
        uploads = _drop_set_aside(settings.uploads_dir)
    return [
        f"earlier generations of the index removed: {generations}",
        f"unfinished ingest's vectors removed: {int(resumed)}",
        f"files' OCR'd pages removed (files the index does not hold): {len(pages)}",
        f"removed or set-aside uploads deleted: {uploads}",
    ]


def _drop_set_aside(uploads: Path) -> int:
    """Delete the removed and quarantined uploads, but those of a replacement whose sync has not ended."""
    try:
        unfinished = set(json.loads((uploads / REMOVED / REPLACING).read_text(encoding="utf-8")).values())
    except (OSError, ValueError):
        unfinished = set()
    deleted = 0
    for folder in (uploads / REMOVED, uploads / QUARANTINE):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file() and path.name != REPLACING and str(path) not in unfinished:
                path.unlink()
                deleted += 1
    return deleted
