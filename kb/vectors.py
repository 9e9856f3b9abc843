"""The dense leg: a FAISS inner-product index over L2-normalised passage vectors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

VECTORS_FILE = "vectors.npy"  # the vectors themselves, kept for re-syncs
FAISS_FILE = "vectors.faiss"


def build(vectors: np.ndarray, dim: int) -> faiss.Index:
    index = faiss.IndexFlatIP(dim)  # exact search
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save(index: faiss.Index, vectors: np.ndarray, directory: Path) -> None:
    np.save(directory / VECTORS_FILE, vectors.astype(np.float32), allow_pickle=False)
    faiss.write_index(index, str(directory / FAISS_FILE))


def load(directory: Path) -> faiss.Index:
    return faiss.read_index(str(directory / FAISS_FILE))


def load_vectors(directory: Path) -> np.ndarray:
    return np.load(directory / VECTORS_FILE, mmap_mode="r", allow_pickle=False)


def search(index: faiss.Index, query: np.ndarray, k: int, allowed_rows: Sequence[int] | None = None) -> list[tuple[int, float]]:
    """(row, cosine) pairs, best first; allowed_rows restricts the search to a filtered subset."""
    if index.ntotal == 0 or k <= 0 or (allowed_rows is not None and not len(allowed_rows)):
        return []
    params = None
    if allowed_rows is not None:
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed_rows, dtype=np.int64)))
    scores, rows = index.search(query.reshape(1, -1).astype(np.float32), min(k, index.ntotal), params=params)
    return [(int(row), float(score)) for row, score in zip(rows[0], scores[0]) if row >= 0]
