"""The sentence windows of an index generation: which passage each window belongs to, where it sits
in the passage's text, and its vector (ingest/windows.py cuts them).

Windows are stored in passage order, so the windows of passage row r are one contiguous run of
window rows: `window_owners.npy` (the passage row of each window, sorted) finds the run with a
binary search, and `window_spans.npy` gives each window's character offsets in its passage's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb import vectors

OWNERS_FILE = "window_owners.npy"
SPANS_FILE = "window_spans.npy"
SHARED_FILE = "window_shared.npy"  # whether each window is mostly text the collection's documents share (kb/boilerplate.py)


@dataclass(frozen=True)
class BestWindow:
    cosine: float
    start: int  # character offsets in the passage's text
    end: int


def save(
    directory: Path,
    owners: np.ndarray,
    spans: np.ndarray,
    window_vectors: np.ndarray,
    params: dict,
    shared: np.ndarray | None = None,  # None: none is
) -> None:
    np.save(directory / OWNERS_FILE, owners.astype(np.int64), allow_pickle=False)
    np.save(directory / SPANS_FILE, spans.astype(np.int32).reshape(-1, 2), allow_pickle=False)
    if shared is not None:
        np.save(directory / SHARED_FILE, shared.astype(bool), allow_pickle=False)
    dim = window_vectors.shape[1]
    vectors.save(vectors.build(window_vectors, dim, params), window_vectors, directory, vectors.WINDOWS)


def load_owners(directory: Path) -> tuple[np.ndarray, np.ndarray]:
    owners = np.load(directory / OWNERS_FILE, mmap_mode="r", allow_pickle=False)
    return owners, np.load(directory / SPANS_FILE, mmap_mode="r", allow_pickle=False)


def load_shared(directory: Path) -> np.ndarray | None:
    """Which windows are shared text; None for an index written before they were judged."""
    path = directory / SHARED_FILE
    return np.load(path, mmap_mode="r", allow_pickle=False) if path.exists() else None


def extents(owners: np.ndarray, passage_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each passage row's first window row and its number of windows."""
    first = np.searchsorted(owners, passage_rows, "left")
    return first, np.searchsorted(owners, passage_rows, "right") - first


def window_rows(owners: np.ndarray, passage_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The window rows of these passage rows, run after run in their order, and each passage's number of windows."""
    first, lengths = extents(owners, passage_rows)
    return np.repeat(first, lengths) + _steps(lengths), lengths


def _steps(lengths: np.ndarray) -> np.ndarray:
    """0, 1, ... in each run of these lengths, one run after the other."""
    return np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def runs(owners: np.ndarray, passage_rows: Iterable[int]) -> list[tuple[int, int]]:
    """(first, end) window rows of each passage row, in the order given."""
    first, lengths = extents(owners, np.fromiter(passage_rows, dtype=np.int64))
    return list(zip(first.tolist(), (first + lengths).tolist()))


class WindowIndex:
    """Search windows and find each passage's best window for a query; thread-safe like VectorIndex. A window of
    text the collection's documents share (a form's printed question) is never a passage's best: it would rank every
    form alike, and show the question as what matched."""

    def __init__(self, directory: Path, params: dict) -> None:
        self.owners, self.spans = load_owners(directory)
        self.shared = load_shared(directory)
        # the windows of the documents' own text, where some are shared: the only ones the finder looks among
        self._own_rows = np.flatnonzero(~np.asarray(self.shared)) if self.shared is not None and self.shared.any() else None
        self._vectors = vectors.VectorIndex(directory, params, vectors.WINDOWS)
        self.searchable = params["type"] != vectors.NO_INDEX  # an index built before windows had a finder at scale

    def search(self, query: np.ndarray, k: int, allowed_passages: Sequence[int] | None = None) -> dict[int, float]:
        """The passage rows owning the k nearest windows, best first, each with its best window's cosine (the
        index's own: approximate for a finder)."""
        allowed = self._own_rows
        if allowed_passages is not None:  # their window rows: at 1M passages, millions
            allowed, _ = window_rows(self.owners, np.asarray(allowed_passages, dtype=np.int64))
            allowed = allowed if self._own_rows is None else allowed[~np.asarray(self.shared)[allowed]]  # type: ignore[index]
        best: dict[int, float] = {}
        for row, cosine in self._vectors.search(query, k, allowed):
            best.setdefault(int(self.owners[row]), cosine)
        return best

    def approximate_best(self, query: np.ndarray, passage_rows: np.ndarray) -> np.ndarray:
        """Each passage row's best window cosine from the finder's codes, nothing read from disk (NaN: no windows)."""
        rows, lengths = window_rows(self.owners, passage_rows)
        best = np.full(len(passage_rows), np.nan, dtype=np.float32)
        has = lengths > 0
        if has.any():
            cosines = self._vectors.approximate_cosines(query, rows)
            cosines = cosines if self.shared is None else self._unshared(rows, cosines)
            best[has] = np.maximum.reduceat(cosines, np.concatenate(([0], np.cumsum(lengths[has])[:-1])))
        return np.where(np.isinf(best), np.nan, best)

    def best_rows(self, query: np.ndarray, passage_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each passage row: its window closest to the query and that cosine (-1 and NaN without windows)."""
        first, lengths = extents(self.owners, passage_rows)
        window_rows = np.full(len(passage_rows), -1, dtype=np.int64)
        best = np.full(len(passage_rows), np.nan, dtype=np.float32)
        has = np.flatnonzero(lengths)
        if not len(has):
            return window_rows, best
        cosines = self._vectors.read_ranges(list(zip(first[has].tolist(), (first[has] + lengths[has]).tolist())))
        cosines = cosines @ query.astype(np.float32)
        if self.shared is not None:
            cosines = self._unshared(np.repeat(first[has], lengths[has]) + _steps(lengths[has]), cosines)
        starts = np.concatenate(([0], np.cumsum(lengths[has])[:-1]))
        order = np.lexsort((-cosines, np.repeat(np.arange(len(has)), lengths[has])))  # by run, best window first
        top = order[starts]
        window_rows[has] = first[has] + top - starts
        best[has] = cosines[top]
        only_shared = np.isinf(best)  # a passage all of whose windows are shared text: none is its best
        window_rows[only_shared], best[only_shared] = -1, np.nan
        return window_rows, best

    def _unshared(self, rows: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        """The windows' cosines, -inf for those of shared text."""
        return np.where(np.asarray(self.shared[rows]), -np.inf, cosines).astype(np.float32)
