"""Sync folders into the index: new and edited files are indexed, unchanged ones reused, deleted ones dropped.

Documents are keyed by content hash, so the same content under two names is indexed once and
cites both names. Every file gets a line in the report, and one bad file never stops the batch.
The result is written as a new index generation and swapped in atomically (kb/index.py). The files are found by
kb/discovery.py and planned by kb/plan.py; kb/build.py holds the stages that embed, tag and write a generation.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from ingest.decks import is_deck
from ingest.embed import Embedder, embedder_id, load_embedder
from ingest.read import READER_VERSION
from ingest.tag import Taxonomy, load_taxonomy
from ingest.types import Passage
from ingest.windows import window_spans
from kb import index, store
from kb.analysis import ANALYSER_VERSION
from kb.build import (
    Generation,
    embed_stage,
    load_tagger,
    shared_judged,
    split_manifest,
    tag_stage,
    tagging_changed,
    windows_reusable,
    write_stage,
)
from kb.errors import IndexIncompatible, IndexOutdated, KnowledgeBaseError
from kb.plan import Plan, plan_sync
from kb.reports import PageProgress, Progress, SyncResult
from kb.settings import Settings

log = logging.getLogger(__name__)


def sync_index(
    paths: Sequence[Path],
    settings: Settings,
    embedder: Embedder | None = None,
    on_progress: Progress | None = None,
    rebuild: bool = False,
    on_page: PageProgress | None = None,
    away_if_empty: bool = True,
) -> SyncResult:
    """Sync the files under paths into the index at settings.index_dir. away_if_empty: a folder given here and found
    empty though two files or more were indexed from it is taken for a drive or share that is not there (not mounted
    tonight), and its documents stay (not for `kb ingest --emptied`, nor for the app's own uploads folder, emptied by
    an editor's removal)."""
    index_dir = settings.index_dir
    with index.build_lock(index_dir):
        if rebuild:
            index.refuse_foreign(index_dir)  # a damaged index is rebuilt, a folder of documents never
        live = None if rebuild else index.existing_generation(index_dir)
        index.drop_superseded(index_dir)  # the generation before, once no search can still be on it
        model_id = embedder.model_id if embedder else embedder_id(settings.embedder)
        manifest = _reusable_manifest(live)
        if manifest is not None:
            index.check_files(index_dir, live, manifest)  # a damaged file is not reported "unchanged"
            if manifest["embedder"]["model_id"] != model_id:
                raise IndexIncompatible(
                    f"{index_dir} was built with {manifest['embedder']['model_id']!r}, not {model_id!r}: "
                    "add --rebuild to rebuild it with the new embedder"
                )
        taxonomy = load_taxonomy(settings.taxonomy)  # a broken file stops the sync before anything is read
        live_store = _open_live_store(index_dir, live)
        # Passages split with other settings, or read by an older reader, are split again; their files are read anew
        # (a passage whose text comes out the same keeps its vectors: _earlier_rows).
        reuse = manifest is not None and manifest["split"] == split_manifest(settings)
        if manifest is not None and not reuse:  # an upgrade: every file "updated", though most embed nothing
            log.warning("%s was read by an older reader or split otherwise: reading every file again (passages that "
                        "come out the same keep their vectors)", index_dir)  # fmt: skip
        try:
            try:
                plan = plan_sync(paths, settings, live_store, reuse, on_progress, on_page, away_if_empty, manifest is not None)
            except sqlite3.DatabaseError as error:  # the live store, overwritten at the same size
                raise index.damaged(index_dir, f"{index.STORE_FILE}: {error}") from None
            if manifest is not None and manifest.get("analyser") != ANALYSER_VERSION:
                plan.changed = True  # the keyword index is rebuilt; passages and vectors are reused
            if manifest is not None and tagging_changed(manifest, taxonomy):
                plan.changed = True  # every passage is tagged again from its stored vector
            if manifest is not None and manifest["schema_version"] < index.SCHEMA_VERSION:
                plan.changed = True  # the store is written anew, with the columns an older kb did not have
            if manifest is not None and not windows_reusable(manifest, settings):
                plan.changed = True  # windows are cut and embedded again; passages and their vectors are reused
            if manifest is not None and not shared_judged(manifest):
                plan.changed = True  # the text documents share is found again; everything else is reused
            if manifest is not None and not plan.changed:
                return SyncResult(plan.reports, manifest, written=False)
            if rebuild and not plan.new and (previous := _live_manifest(index_dir)) and previous["counts"]["documents"]:
                kept = previous["counts"]["documents"]
                refusal = f"no document could be read: the index keeps its {kept} documents (see the lines above)"
                return SyncResult(plan.reports, previous, False, refusal)
            embedder = embedder or load_embedder(settings.embedder)  # only now: an unchanged sync never loads it
            manifest = _write_generation(index_dir, live, manifest, live_store, plan, embedder, taxonomy, settings, on_progress)
        finally:
            if live_store is not None:
                live_store.close()
        return SyncResult(plan.reports, manifest, written=True)


def _live_manifest(index_dir: Path) -> dict | None:
    """The live index's manifest, None when there is none or it cannot be read: a --rebuild from folders none of whose
    files can be read (the wrong folder, a disk away) does not replace an index of documents with an empty one."""
    try:
        generation = index.existing_generation(index_dir)
        return index.read_manifest(generation) if generation else None
    except (KnowledgeBaseError, OSError, ValueError):
        return None


def _open_live_store(index_dir: Path, live: Path | None) -> store.Store | None:
    try:
        return store.open_read_only(live / index.STORE_FILE) if live is not None else None
    except sqlite3.DatabaseError as error:  # overwritten at the same size: check_files cannot tell
        raise index.damaged(index_dir, f"{index.STORE_FILE}: {error}") from None


def _reusable_manifest(live: Path | None) -> dict | None:
    """The live generation's manifest; None when there is none, or when an older version of kb wrote it: then
    every file it lists is read and embedded again (so `make run` after an upgrade just works). An index from a
    newer version is refused."""
    if live is None:
        return None
    try:
        manifest = index.read_manifest(live)
    except IndexOutdated:
        log.warning("%s was built by an older version of kb: reading and embedding every file again", live.parent)
        return None
    reader = manifest.get("split", {}).get("reader")
    if isinstance(reader, int) and reader > READER_VERSION:  # read again by this older reader, the newer kb refused it
        raise index.newer(live.parent, f"its documents read by reader {reader}; this kb's reader is {READER_VERSION}")
    return manifest


def _write_generation(
    index_dir: Path,
    live: Path | None,
    live_manifest: dict | None,  # None: no live index, or one an older version wrote
    live_store: store.Store | None,
    plan: Plan,
    embedder: Embedder,
    taxonomy: Taxonomy,
    settings: Settings,
    on_progress: Progress | None,
) -> dict:
    """The last three stages of the pipeline (README "How it works"): embed, tag, write."""
    kept, live_rows = _kept_passages(plan, live_store)
    new = [passage for document in plan.new.values() for passage in document.passages]
    passages = kept + new
    file_types = {doc_id: d.file_type for doc_id, d in [*plan.kept.items(), *plan.new.items()]}
    spans = [window_spans(p.text, settings.windows, slide_starts(p, file_types[p.doc_id])) for p in passages]
    # Kept passages bring their window vectors when the live index has windows cut the same way.
    reuse_windows = live_manifest is not None and windows_reusable(live_manifest, settings)
    earlier = live_rows + _earlier_rows(new, plan, live_store if live_manifest is not None else None)
    passage_vectors, window_vectors = embed_stage(index_dir, passages, spans, earlier, live, reuse_windows, embedder, on_progress)
    tagger = load_tagger(live, live_manifest, taxonomy, embedder)
    # a kept passage's sentences are judged as before when its windows and the labels are the same (and the store
    # holds what they were judged: passages.kinds, schema version 7)
    same = reuse_windows and not tagging_changed(live_manifest, taxonomy) and live_manifest["schema_version"] >= 7  # type: ignore[index, arg-type]
    judged_before = len(kept) if same else 0
    passages = tag_stage(tagger, passages, passage_vectors, spans, window_vectors, on_progress, judged_before)
    documents = {
        **{doc_id: (d.file_type, d.info, d.pages, d.warnings) for doc_id, d in plan.kept.items()},
        **{doc_id: (d.file_type, d.info, d.pages, d.warnings) for doc_id, d in plan.new.items()},
    }
    built = Generation(documents, list(plan.files.values()), passages, passage_vectors, spans, window_vectors, tagger.centroids)
    return write_stage(index_dir, built, embedder, taxonomy, settings)


def slide_starts(passage: Passage, file_type: str) -> list[int]:
    """Where a deck's slides start in a passage of it (or of a deck attached to a message or in an archive): no sentence
    window runs from one slide onto the next, so the sentence a hit underlines is never cited on two slides with
    the next slide's title or a speaker's note joined to it."""
    return [offset for offset, _ in passage.page_starts[1:]] if is_deck(file_type, passage.attachment) else []


def _kept_passages(plan: Plan, live_store: store.Store | None) -> tuple[list[Passage], list[int]]:
    """The passages of the documents kept from the live index, and their rows (= vector ids) there."""
    if live_store is None:
        return [], []
    passages = [p for doc_id in plan.kept for p in live_store.passages_of(doc_id)]
    return passages, [row for doc_id in plan.kept for row in live_store.rows_of(doc_id)]


def _earlier_rows(new: list[Passage], plan: Plan, live_store: store.Store | None) -> list[int | None]:
    """For each newly read passage, the live row of a passage with the same text and heading in a document the new
    generation drops (an edited file's unchanged pages, a file read again by a newer reader), else None."""
    if live_store is None or not new:
        return [None] * len(new)
    dropped = [doc.doc_id for doc in live_store.documents() if doc.doc_id not in plan.kept]
    rows = {}
    for doc_id in dropped:
        for passage, row in zip(live_store.passages_of(doc_id), live_store.rows_of(doc_id)):
            rows.setdefault((passage.heading, passage.text), row)
    return [rows.get((passage.heading, passage.text)) for passage in new]
