"""The index directory: generations written aside and swapped in atomically.

    DIR/CURRENT              name of the live generation (replaced atomically)
    DIR/gen-<time>-<pid>/    manifest.json, store.sqlite, vectors.npy, vectors.faiss, bm25/, bm25-added/
    DIR/unfinished-vectors.sqlite   vectors of a sync that did not finish, for the next one (kb/resume.py)

A build writes a new generation and only then points CURRENT at it, so a crash or a kill
mid-build leaves the previous index live and readable. The generation before the live one is
kept for readers that opened it just before the swap; older ones are removed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from kb.analysis import ANALYSER_VERSION
from kb.errors import IndexBusy, IndexDamaged, IndexIncompatible, IndexNotFound, IndexOutdated, IndexWriteFailed

SCHEMA_VERSION = 8  # 4: passages.ocr; 5: passages.attachment; 6: passages.page_starts; 7: passages.kinds; 8: passages.sheet
# a version 4 store reads as one whose passages come from no e-mail attachment; 4 and 5 as ones whose page starts are
# not known (a passage's sentence is cited by the passage's pages); before 7 a passage has its own kind alone; before 8
# a spreadsheet's passage has no sheet and no rows
READABLE_SCHEMAS = (4, 5, 6, 7, 8)
CURRENT_FILE = "CURRENT"
MANIFEST_FILE = "manifest.json"
STORE_FILE = "store.sqlite"
TAG_CENTROIDS_FILE = "tag_centroids.npy"  # the taxonomy's label vectors, reused until the taxonomy changes
LOCK_FILE = ".lock"
RESUME_FILE = "unfinished-vectors.sqlite"
GENERATION_PREFIX = "gen-"
GENERATION_NAME = re.compile(rf"{GENERATION_PREFIX}\d{{8}}-\d{{6}}-\d+-\d+")  # new_generation's names, exactly
GENERATION_MARKER = ".kb-generation"  # written first into each generation: only such folders are ever deleted
LOW_SPACE_MB = 50  # a write that failed with less free than this failed for want of space


def live_generation(index_dir: Path) -> Path:
    """The directory of the live generation; raises IndexNotFound with what to do."""
    pointer = index_dir / CURRENT_FILE
    if not index_dir.exists():
        raise IndexNotFound(f"no index at {index_dir}: build one with `kb ingest PATH --index {index_dir}`")
    if not pointer.exists():
        if not _holds_only_index_files(index_dir):  # a folder of documents given as --index
            raise IndexNotFound(
                f"{index_dir} is not an index but a folder of other files: give --index the folder `kb ingest` wrote"
            )
        if being_built(index_dir):  # a first build, still reading and embedding
            raise IndexNotFound(f"{index_dir} is being built: search it once `kb ingest` has written it")
        raise IndexNotFound(
            f"{index_dir} is not a finished index (no {CURRENT_FILE} file; a build may have been interrupted): "
            f"run `kb ingest PATH --index {index_dir}` again"
        )
    try:
        name = pointer.read_text().strip()
    except (OSError, ValueError) as error:
        raise damaged(index_dir, f"its {CURRENT_FILE} file cannot be read: {error}") from None
    if not GENERATION_NAME.fullmatch(name):
        raise damaged(index_dir, f"its {CURRENT_FILE} file names no generation")
    if not (index_dir / name / MANIFEST_FILE).exists():
        raise damaged(index_dir, f"{name} is missing")
    return index_dir / name


def damaged(index_dir: Path, problem: str) -> IndexDamaged:
    """The one line for a damaged index, with the command that rebuilds it."""
    problem = " ".join(problem.split())[:200]
    return IndexDamaged(
        f"{index_dir} is damaged ({problem}): rebuild it from its folders with "
        f"`kb ingest FOLDER... --index {index_dir} --rebuild`"
    )


def file_sizes(generation: Path) -> dict[str, int]:
    """Each file of a generation and its size, as the manifest records them when it is published."""
    return {
        path.relative_to(generation).as_posix(): path.stat().st_size
        for path in sorted(generation.rglob("*"))
        if path.is_file() and path.name not in (MANIFEST_FILE, GENERATION_MARKER)
    }


def check_files(index_dir: Path, generation: Path, manifest: dict) -> None:
    """Raise IndexDamaged when a file the manifest lists is missing or of another size (cut short, emptied, replaced);
    a manifest written before sizes were recorded lists none."""
    for name, size in manifest.get("files", {}).items():
        try:
            actual = (generation / name).stat().st_size
        except OSError:
            raise damaged(index_dir, f"{name} is missing") from None
        if actual != size:
            raise damaged(index_dir, f"{name} has {actual:,} bytes, not {size:,}")


def read_manifest(generation: Path, embedder_id: str | None = None) -> dict:
    """The manifest, checked against this code's schema and (when given) the embedder in use."""
    try:
        manifest = json.loads((generation / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as error:  # not JSON, or not text
        raise damaged(generation.parent, f"its manifest cannot be read: {error}") from None
    if not isinstance(manifest, dict):
        raise damaged(generation.parent, "its manifest is not an index's")
    version = manifest.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):  # "7", null: no kb writes these
        raise damaged(generation.parent, f"its manifest names no schema version ({json.dumps(version)[:40]})")
    if version not in READABLE_SCHEMAS:
        older = version < min(READABLE_SCHEMAS)
        what = (  # a sync reads an older index's files again and keeps every folder's documents; --rebuild keeps only those given
            f"update it with `kb ingest FOLDER... --index {generation.parent}` (its files are read again)"
            if older
            else f"use the newer kb that built it, or rebuild it with `kb ingest FOLDER... --index {generation.parent} --rebuild`"
        )
        raise (IndexOutdated if older else IndexIncompatible)(
            f"the index was built with schema version {version}, this version of kb reads "
            f"{', '.join(map(str, READABLE_SCHEMAS))}: {what}"
        )
    if isinstance(manifest.get("analyser"), int) and manifest["analyser"] > ANALYSER_VERSION:
        raise newer(generation.parent, f"its keyword index, analyser {manifest['analyser']}; this kb reads {ANALYSER_VERSION}")
    built_with = manifest["embedder"]["model_id"]
    if embedder_id is not None and built_with != embedder_id:
        raise IndexIncompatible(
            f"the index was built with the embedder {built_with!r}, not {embedder_id!r}: search it with the same "
            f"embedder, or rebuild it with `kb ingest PATH --index DIR --rebuild`"
        )
    return manifest


def newer(index_dir: Path, what: str) -> IndexIncompatible:
    """An index a newer kb wrote: an older one would rewrite it as it reads, and the newer one refuse it after."""
    return IndexIncompatible(
        f"the index was written by a newer version of kb ({what}): use that version, or rebuild it with "
        f"`kb ingest FOLDER... --index {index_dir} --rebuild`"
    )


def schema_version(generation: Path) -> int:
    """The schema version a generation was written with (0 when its manifest cannot be read)."""
    try:
        return int(json.loads((generation / MANIFEST_FILE).read_text()).get("schema_version", 0))
    except (OSError, ValueError, TypeError, AttributeError):
        return 0


def existing_generation(index_dir: Path) -> Path | None:
    """The live generation when there is one (for a sync), None for a new index."""
    if not (index_dir / CURRENT_FILE).exists():
        refuse_foreign(index_dir)
        return None
    return live_generation(index_dir)


def refuse_foreign(index_dir: Path) -> None:
    """Raise IndexNotFound for an index directory holding anything an index does not write (a folder of documents
    given as --index): building there would delete nothing of it, but would mix the index into the person's files."""
    if not _holds_only_index_files(index_dir):
        raise IndexNotFound(f"{index_dir} exists and is not an index: choose another --index directory")


def _holds_only_index_files(index_dir: Path) -> bool:
    own = (LOCK_FILE, CURRENT_FILE, CURRENT_FILE + ".tmp", RESUME_FILE, RESUME_FILE + "-journal")
    return not index_dir.is_dir() or all(p.name in own or GENERATION_NAME.fullmatch(p.name) for p in index_dir.iterdir())


def is_index(path: Path) -> bool:
    """A folder kb ingest wrote as an index (a CURRENT file naming a generation), not documents to read."""
    try:
        return GENERATION_NAME.fullmatch((path / CURRENT_FILE).read_text(errors="replace").strip()) is not None
    except OSError:
        return False


# What a generation holds (its store, vectors, windows, keyword index, label vectors): a kb from before markers that
# was stopped while writing one left a folder of these without its manifest
GENERATION_PARTS = re.compile(
    r"store\.sqlite(?:-journal|-wal|-shm)?|bm25(?:-added)?|tag_centroids\.npy|(?:vectors|windows)\.(?:npy|faiss)|window_\w+\.npy"
    r"|shared_sentences\.txt"
)


def is_generation(path: Path) -> bool:
    """A folder this index wrote: named as new_generation names them and holding its marker (or, from before markers,
    a manifest, or a store and only what a generation holds), or empty (a build killed at its first step). A
    person's "gen-2019" folder is none."""
    if not GENERATION_NAME.fullmatch(path.name) or path.is_symlink() or not path.is_dir():
        return False
    if (path / GENERATION_MARKER).exists() or (path / MANIFEST_FILE).exists():
        return True
    names = [entry.name for entry in path.iterdir()]
    return not names or STORE_FILE in names and all(GENERATION_PARTS.fullmatch(name) for name in names)


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index directory."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        lock = open(index_dir / LOCK_FILE, "w")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise write_failed(index_dir, error) from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another ingest (or an upload in the app) is writing {index_dir}: wait for it to finish") from None
        yield


def being_built(index_dir: Path) -> bool:
    """Whether an ingest holds the index's build lock now (a first build in progress has no CURRENT yet)."""
    try:
        with open(index_dir / LOCK_FILE) as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


def new_generation(index_dir: Path) -> Path:
    generation = index_dir / f"{GENERATION_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    generation.mkdir(parents=True)
    (generation / GENERATION_MARKER).touch()
    return generation


def build_manifest(
    embedder: dict, counts: dict, vector_index: dict, windows: dict, split: dict, tagging: dict | None = None
) -> dict:
    """What a generation holds and how it was made: sync compares it with its settings to know what to redo."""
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "embedder": embedder,  # model_id, dim
        "counts": counts,  # documents, passages, files, skipped_files
        "vector_index": vector_index,  # kb/vectors.plan
        "windows": windows,  # settings (and cutter version), count, vector_index
        "split": split,
        "analyser": ANALYSER_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    if tagging is not None:
        manifest["tagging"] = tagging  # taxonomy fingerprint and version
    return manifest


def publish(index_dir: Path, generation: Path, manifest: dict) -> None:
    """Write the manifest last (with every file's size: check_files), make the generation live in one atomic rename,
    drop old generations."""
    manifest["files"] = file_sizes(generation)
    _write_atomically(generation / MANIFEST_FILE, json.dumps(manifest, indent=2, ensure_ascii=False))
    previous = (index_dir / CURRENT_FILE).read_text().strip() if (index_dir / CURRENT_FILE).exists() else None
    _write_atomically(index_dir / CURRENT_FILE, generation.name + "\n")
    _drop_generations(index_dir, keep={generation.name, previous})


SUPERSEDED_GRACE = 600  # seconds a generation stays after another became live: a search begun on it ends


def drop_superseded(index_dir: Path, grace_seconds: float = SUPERSEDED_GRACE) -> int:
    """Remove the generations other than the live one once it has been live grace_seconds (a deleted document's text
    stayed in the one before until a sync that changed something, on a quiet collection for good). Under the build
    lock; returns how many were removed."""
    pointer = index_dir / CURRENT_FILE
    try:
        live, since = pointer.read_text().strip(), pointer.stat().st_mtime
    except OSError:
        return 0
    if time.time() - since < grace_seconds or not is_generation(index_dir / live):  # a damaged CURRENT drops nothing
        return 0
    return _drop_generations(index_dir, keep={live})


def _drop_generations(index_dir: Path, keep: set[str | None]) -> int:
    """Remove the generations not named in keep (only folders new_generation made); how many are gone (one whose
    files another account wrote may stay: not counted, and kb purge names it)."""
    dropped = other_generations(index_dir, keep)
    for old in dropped:
        shutil.rmtree(old, ignore_errors=True)
    return sum(not old.exists() for old in dropped)


def other_generations(index_dir: Path, keep: set[str | None]) -> list[Path]:
    """The index's generation folders not named in keep."""
    return [old for old in index_dir.glob(f"{GENERATION_PREFIX}*") if old.name not in keep and is_generation(old)]


def discard(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


def write_failed(index_dir: Path, error: BaseException) -> IndexWriteFailed:
    """One line saying why the index could not be written and what to do (call it before cleaning up, so the
    free space it reports is what the write saw)."""
    existing = next((p for p in (index_dir, *index_dir.absolute().parents) if p.exists()), Path("/"))
    free_mb = shutil.disk_usage(existing).free / 1e6
    code = getattr(error, "errno", None)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = f"{error.strerror.lower()}: choose another --index folder or fix its permissions"  # type: ignore[attr-defined]
    # numpy and FAISS report a short write without an errno ("17280 requested and 3040 written")
    elif code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in str(error) or free_mb < LOW_SPACE_MB:
        what = f"the disk is full ({free_mb:,.0f} MB free): free some space and run the ingest again"
    else:
        what = " ".join(str(error).split())[:200]
    previous = "The previous index is unchanged." if (index_dir / CURRENT_FILE).exists() else "No index was written."
    return IndexWriteFailed(f"cannot write the index at {index_dir}: {what}. {previous}")


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # no empty CURRENT.tmp left behind
        raise
