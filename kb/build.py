"""The last three stages of a sync (README "How it works"): embed, tag and write a new index generation, and what its
manifest records of how it was built (whether the live generation's passages, windows and tags can be reused)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from ingest.e5_onnx import cache_dir
from ingest.embed import Embedder
from ingest.read import READER_VERSION
from ingest.tag import SENTENCE_KINDS, Tagger, Taxonomy, kinds_held, layer_fingerprint
from ingest.types import DocumentInfo, Passage
from ingest.windows import CUTTER_VERSION
from kb import boilerplate, index, resume, store, vectors, windows
from kb.lexical import KeywordIndex
from kb.reports import Progress
from kb.settings import Settings
from kb.store import FileRecord

log = logging.getLogger(__name__)


def tagging_changed(manifest: dict, taxonomy: Taxonomy) -> bool:
    """The taxonomy was edited, or a new kind layer or way of judging sentences shipped, since the index was tagged."""
    tagging = manifest.get("tagging", {})
    return (tagging.get("taxonomy") != taxonomy.fingerprint or tagging.get("kind_layer", "") != layer_fingerprint()
            or tagging.get("sentences", 0) != SENTENCE_KINDS)  # fmt: skip


def windows_reusable(manifest: dict, settings: Settings) -> bool:
    """True when the index already holds windows cut with these settings (indexes built before windows do not)."""
    return manifest.get("windows", {}).get("settings") == _windows_manifest(settings)


def _windows_manifest(settings: Settings) -> dict:
    return {**asdict(settings.windows), "cutter": CUTTER_VERSION}


def shared_judged(manifest: dict) -> bool:
    """Whether the index says which of its windows are text its documents share (kb/boilerplate.py)."""
    return manifest.get("windows", {}).get("shared") == boilerplate.VERSION


def split_manifest(settings: Settings) -> dict:
    return {"min_words": settings.split.min_words, "max_words": settings.split.max_words, "reader": READER_VERSION}


def load_tagger(live: Path | None, live_manifest: dict | None, taxonomy: Taxonomy, embedder: Embedder) -> Tagger:
    """Label centroids from the live index or the user's cache when they come from this taxonomy and model;
    otherwise the taxonomy's texts are embedded (a few seconds) and the centroids cached."""
    if live_manifest is not None and live_manifest.get("tagging", {}).get("taxonomy") == taxonomy.fingerprint:
        if (live / index.TAG_CENTROIDS_FILE).exists():
            return Tagger(taxonomy, centroids=np.load(live / index.TAG_CENTROIDS_FILE, allow_pickle=False))
    model = hashlib.sha256(embedder.model_id.encode()).hexdigest()[:12]
    cached = cache_dir() / f"tag-centroids-{taxonomy.fingerprint}-{model}.npy"
    if cached.exists():
        return Tagger(taxonomy, centroids=np.load(cached, allow_pickle=False))
    tagger = Tagger(taxonomy, embedder)
    temporary = cached.with_suffix(f".{os.getpid()}.npy")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(temporary, tagger.centroids, allow_pickle=False)
        os.replace(temporary, cached)
    except OSError as error:  # a read-only home or a full disk only costs the few seconds again next time
        log.warning("cannot cache the tag centroids: %s", error)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)  # a full disk's half-written copy
    return tagger


def embed_stage(
    index_dir: Path,
    passages: list[Passage],
    spans: list[list[tuple[int, int]]],
    earlier: list[int | None],
    live: Path | None,
    reuse_windows: bool,
    embedder: Embedder,
    on_progress: Progress | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of the passages and of their sentence windows, in passage order. A passage the live index holds
    (earlier: its row there) takes its vector from it, and its windows' too when they were cut the same way; when
    the cutting changed, each of its windows whose span the live index holds (the same text) keeps its vector. The
    rest are embedded in one length-sorted run, each chunk kept for a sync that resumes an interrupted one (kb/resume.py)."""
    to_embed = [i for i, row in enumerate(earlier) if row is None]
    to_cut = [i for i, row in enumerate(earlier) if row is None or not reuse_windows]
    carried = {} if reuse_windows or live is None else _same_windows(live, spans, earlier)
    texts = [passages[i].text_for_embedding for i in to_embed]
    window_texts = [(i, number, passages[i].text[start:end]) for i in to_cut for number, (start, end) in enumerate(spans[i])]
    texts += [text for i, number, text in window_texts if (i, number) not in carried]
    done = 0

    def embedded(count: int) -> None:
        nonlocal done
        done += count
        if on_progress:
            on_progress("embed", done, len(texts))

    fresh = resume.embed_resumably(index_dir, embedder, texts, embedded)
    reused = [i for i, row in enumerate(earlier) if row is not None]
    if not reused:  # a first build: nothing to fill in
        return fresh[: len(passages)], fresh[len(passages) :]
    passage_vectors = np.zeros((len(passages), embedder.dim), dtype=np.float32)
    passage_vectors[to_embed] = fresh[: len(to_embed)]
    passage_vectors[reused] = vectors.load_vectors(live)[[earlier[i] for i in reused]]  # type: ignore[arg-type]
    owners = np.repeat(np.arange(len(passages)), [len(cuts) for cuts in spans])  # each window's passage
    window_vectors = np.zeros((len(owners), embedder.dim), dtype=np.float32)
    cut_rows = windows.window_rows(owners, np.asarray(to_cut, dtype=np.int64))[0]
    is_fresh = np.array([(i, number) not in carried for i, number, _ in window_texts], dtype=bool)
    window_vectors[cut_rows[is_fresh]] = fresh[len(to_embed) :]
    if carried:
        live_windows = vectors.load_vectors(live, vectors.WINDOWS)  # type: ignore[arg-type]
        kept_rows = [carried[i, number] for i, number, _ in window_texts if (i, number) in carried]
        window_vectors[cut_rows[~is_fresh]] = live_windows[kept_rows]
    if reuse_windows:
        live_owners, _ = windows.load_owners(live)  # type: ignore[arg-type]
        from_live = windows.window_rows(live_owners, np.asarray([earlier[i] for i in reused], dtype=np.int64))[0]
        live_windows = vectors.load_vectors(live, vectors.WINDOWS)  # type: ignore[arg-type]
        window_vectors[windows.window_rows(owners, np.asarray(reused, dtype=np.int64))[0]] = live_windows[from_live]
    return passage_vectors, window_vectors


def _same_windows(live: Path, spans: list[list[tuple[int, int]]], earlier: list[int | None]) -> dict[tuple[int, int], int]:
    """(passage, window number) -> the live window row of the same span of the same passage text, for windows cut
    anew (a change of the cutting rules or settings re-embeds only the windows it changed)."""
    if not (live / windows.SPANS_FILE).exists():
        return {}  # an index from before windows
    live_owners, live_spans = windows.load_owners(live)
    same = {}
    for i, row in enumerate(earlier):
        if row is None:
            continue
        first, end = windows.runs(live_owners, [row])[0]
        live_rows = {(int(start), int(stop)): first + n for n, (start, stop) in enumerate(live_spans[first:end].tolist())}
        for number, span in enumerate(spans[i]):
            if span in live_rows:
                same[i, number] = live_rows[span]
    return same


def tag_stage(
    tagger: Tagger,
    passages: list[Passage],
    passage_vectors: np.ndarray,
    spans: list[list[tuple[int, int]]],
    window_vectors: np.ndarray,
    on_progress: Progress | None,
    judged_before: int = 0,
) -> list[Passage]:
    """Every passage's themes and kind, from its vector, text and heading, and the kinds its sentences carry, from
    its windows' vectors (ingest/tag.py); the first judged_before passages keep the kinds stored with them when their
    own kind is the same (their sentences, windows and labels are: judging them again is most of a sync's tagging)."""
    if on_progress:
        on_progress("tag", 0, len(passages))
    tags = tagger.tag([p.text_for_embedding for p in passages], passage_vectors, [p.heading for p in passages])
    tagged, first = [], 0
    for number, (passage, tag, cuts) in enumerate(zip(passages, tags, spans)):
        end = first + len(cuts)
        if number < judged_before and passage.kinds[:1] == (tag.kind,):
            kinds = passage.kinds
        else:
            sentences = tagger.sentence_kinds(passage.text, passage.heading, cuts, window_vectors[first:end], tag.kind)
            kinds = kinds_held(tag.kind, sentences)
        tagged.append(replace(passage, themes=tag.themes, kind=tag.kind, kinds=kinds))
        first = end
    if on_progress:
        on_progress("tag", len(passages), len(passages))
    return tagged


@dataclass
class Generation:
    """Everything a new index generation holds, ready to be written."""

    documents: dict[str, tuple[str, DocumentInfo, int | None, tuple[str, ...]]]  # doc_id -> file type, info, pages, warnings
    files: list[FileRecord]
    passages: list[Passage]  # row = position in this list
    passage_vectors: np.ndarray
    spans: list[list[tuple[int, int]]]  # each passage's sentence windows, as character offsets
    window_vectors: np.ndarray
    tag_centroids: np.ndarray


def write_stage(index_dir: Path, built: Generation, embedder: Embedder, taxonomy: Taxonomy, settings: Settings) -> dict:
    """Write the store, the vector, keyword and window indexes into a new generation and make it live; return
    its manifest. A failure leaves the previous generation live and removes the half-written one."""
    try:
        generation = index.new_generation(index_dir)
    except OSError as error:
        raise index.write_failed(index_dir, error) from None
    try:
        keys = [boilerplate.sentence_keys(p.text) for p in built.passages]  # text the documents share (a form's)
        infos = {doc_id: info for doc_id, (_, info, _, _) in built.documents.items()}
        shared = boilerplate.shared_sentences([p.doc_id for p in built.passages], keys, infos)
        texts = defaultdict(list)
        for passage in built.passages:
            texts[passage.doc_id].append(passage.text)
        connection = store.create(generation / index.STORE_FILE)
        for doc_id, (file_type, info, pages, warnings) in built.documents.items():
            info = replace(info, title=boilerplate.own_title(info.title, texts[doc_id], shared))  # not a form's printed one
            store.write_document(connection, doc_id, file_type, info, pages, warnings)
        store.write_passages(connection, 0, built.passages)
        for record in built.files:
            store.write_file(connection, record)
        connection.commit()
        connection.close()
        np.save(generation / index.TAG_CENTROIDS_FILE, built.tag_centroids, allow_pickle=False)
        vector_index = vectors.plan(len(built.passage_vectors), settings.approximate_above)
        vectors.save(vectors.build(built.passage_vectors, embedder.dim, vector_index), built.passage_vectors, generation)
        KeywordIndex.build([p.text for p in built.passages]).save(generation)
        owners = np.repeat(np.arange(len(built.spans)), [len(cuts) for cuts in built.spans])
        window_index = vectors.plan_windows(len(built.window_vectors), vector_index, settings.approximate_above)
        spans = np.array([span for cuts in built.spans for span in cuts], dtype=np.int32).reshape(-1, 2)
        shared_windows = np.array(boilerplate.shared_windows([p.text for p in built.passages], keys, built.spans, shared), bool)
        windows.save(generation, owners, spans, built.window_vectors, window_index, shared_windows)
        boilerplate.save(generation, shared)
        manifest = index.build_manifest(
            embedder={"model_id": embedder.model_id, "dim": embedder.dim},
            counts={
                "documents": len(built.documents),
                "passages": len(built.passages),
                "files": len(built.files),
                "skipped_files": sum(record.doc_id is None for record in built.files),
            },
            vector_index=vector_index,
            windows={"settings": _windows_manifest(settings), "count": len(built.window_vectors), "vector_index": window_index,
                     "shared": boilerplate.VERSION},  # fmt: skip
            split=split_manifest(settings),
            tagging={"taxonomy": taxonomy.fingerprint, "version": taxonomy.version, "kind_layer": layer_fingerprint(),
                     "sentences": SENTENCE_KINDS},  # fmt: skip
        )
        index.publish(index_dir, generation, manifest)
    except (OSError, sqlite3.Error, RuntimeError) as error:  # disk full, permissions (FAISS raises RuntimeError)
        failure = index.write_failed(index_dir, error)
        index.discard(generation)
        raise failure from None
    except BaseException:
        index.discard(generation)
        raise
    resume.finished(index_dir)
    return manifest
