"""Vectors an unfinished sync embedded, so that the next sync does not embed them again.

Embedding is most of a first build's time (an hour or more for a few thousand documents on a laptop). A sync stopped
before it publishes (Ctrl-C, a closed lid, kill, a power cut, a full disk) used to lose all of it. Each chunk's vectors
are now kept as they are made, in DIR/unfinished-vectors.sqlite (keyed by the text's SHA-256, for one embedder), and
the next sync takes them instead of embedding those texts again. Publishing a generation deletes the file; a file
that cannot be read, or that another embedder wrote, is started anew. Only a sync's own vectors are kept: it is a
resume point, not a cache, and holds at most one unfinished build (about 1.6 KB a vector).
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ingest.embed import Embedder, embed_texts
from kb.index import RESUME_FILE

log = logging.getLogger(__name__)
CHUNK = 256  # texts embedded between two saves: a few seconds of work at most is lost


def embed_resumably(
    index_dir: Path, embedder: Embedder, texts: Sequence[str], on_batch: Callable[[int], None] | None = None
) -> np.ndarray:
    """embed_texts, taking the vectors an unfinished sync of this index left and keeping each chunk's as it is made."""
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    saved = _open(index_dir / RESUME_FILE, embedder)
    keys = [hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest() for text in texts]
    found = _lookup(saved, keys, embedder.dim) if saved else {}
    for position, key in enumerate(keys):
        if key in found:
            vectors[position] = found[key]
    if found and on_batch:
        on_batch(sum(key in found for key in keys))
    missing = sorted((position for position, key in enumerate(keys) if key not in found), key=lambda i: len(texts[i]))
    try:
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            vectors[chunk] = embed_texts(embedder, [texts[i] for i in chunk], on_batch)
            if saved and not _save(saved, [keys[i] for i in chunk], vectors[chunk]):
                saved.close()
                saved = None
    finally:
        if saved:
            saved.close()
    return vectors


def finished(index_dir: Path) -> None:
    """A generation is published: its vectors are in it (a file that cannot be deleted holds only this embedder's
    right vectors, which a later sync may take)."""
    for suffix in ("", "-journal"):
        try:
            (index_dir / (RESUME_FILE + suffix)).unlink(missing_ok=True)
        except OSError as error:
            log.warning("%s cannot be deleted: %s", index_dir / (RESUME_FILE + suffix), error)


def _open(path: Path, embedder: Embedder) -> sqlite3.Connection | None:
    """The resume file for this embedder (emptied when another one wrote it, made anew when it is damaged); None when it
    cannot be written (the sync goes on without a resume point)."""
    for attempt in range(2):
        try:
            return _connect(path, embedder)
        except sqlite3.OperationalError as error:  # a read-only folder, a full disk: nothing to mend here
            log.warning("%s cannot be written (%s): an interrupted sync will embed again", path, error)
            return None
        except sqlite3.DatabaseError as error:  # not a database, or a damaged one
            if attempt == 0:
                log.warning("%s cannot be read (%s): embedding from the start", path, error)
                path.unlink(missing_ok=True)
    return None


def _connect(path: Path, embedder: Embedder) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS meta (model_id TEXT, dim INTEGER)")
        connection.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB)")
        if connection.execute("SELECT model_id, dim FROM meta").fetchall() != [(embedder.model_id, embedder.dim)]:
            connection.execute("DELETE FROM meta")
            connection.execute("DELETE FROM vectors")
            connection.execute("INSERT INTO meta VALUES (?, ?)", (embedder.model_id, embedder.dim))
        connection.commit()
        return connection
    except sqlite3.Error:
        connection.close()
        raise


def _lookup(connection: sqlite3.Connection, keys: list[bytes], dim: int) -> dict[bytes, np.ndarray]:
    found = {}
    try:
        for start in range(0, len(keys), 500):  # SQLite's limit on parameters
            chunk = keys[start : start + 500]
            rows = connection.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, blob in rows:
                if len(blob) == 4 * dim:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
    except sqlite3.DatabaseError as error:
        log.warning("vectors of an unfinished sync cannot be read (%s): embedding them again", error)
        return {}
    return found


def _save(connection: sqlite3.Connection, keys: list[bytes], vectors: np.ndarray) -> bool:
    try:
        rows = [(key, vector.astype(np.float32).tobytes()) for key, vector in zip(keys, vectors)]
        connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
        connection.commit()
        return True
    except sqlite3.Error as error:  # a full disk: the sync itself goes on (and says so if it cannot write either)
        log.warning("vectors cannot be kept for a resumed sync (%s)", error)
        return False
