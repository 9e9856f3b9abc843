"""The dense leg: a FAISS inner-product index over L2-normalised passage vectors.

Small collections get exact search (IndexFlatIP). Above `approximate_above` passages the index is
an inverted file with 8-bit scalar quantisation (IVF-SQ8: a quarter of the memory, and only the
`nprobe` nearest of `nlist` clusters are scanned); its candidates are then re-scored exactly from
`vectors.npy`, read through a memory map, so the cosines callers see are exact. The type and its
parameters are recorded in the manifest and read back from there.

The same code holds the sentence windows' vectors (`windows.npy`, kb/windows.py): there are
several per passage, so above `approximate_above` windows they get product quantisation (IVF-PQ, 48
bytes a vector instead of 384), re-scored exactly from disk in the same way. Once the passages' own
index is approximate too, the windows' index only finds candidates: its nearest windows in its own
approximate order, without re-scoring, whose passages search then scores itself (kb/dense.py).
"""

from __future__ import annotations

import math
import os
import weakref
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

PASSAGES = "vectors"  # file stem: vectors.npy (the vectors themselves: re-syncs and exact re-scoring read them), vectors.faiss
WINDOWS = "windows"
APPROXIMATE_ABOVE = 50_000  # passages; below this exact search takes a few milliseconds
EXACT_SUBSET = 20_000  # a filter leaving at most this many rows is searched exactly
TRAIN_PER_CLUSTER = 40  # k-means wants at least 39 points per cluster
RESCORE = 4  # approximate candidates fetched per wanted hit, then re-scored exactly
# The same for IVF-PQ, whose codes cannot order close neighbours, and its share of clusters scanned:
# on the eval sets' 13,083 real window vectors, recall@10 0.75 at 16x and an eighth, 0.96 at 32x and a quarter.
RESCORE_PQ = 32
PQ_DIMENSIONS_PER_BYTE = 8  # IVF-PQ: a 384-dimension window vector takes 48 bytes
PQ_ABOVE = 10_000  # vectors; fewer cannot train the 256-centroid codebooks well: they get IVF-SQ8
# The windows of an index whose passages are searched approximately only find candidates, which search scores
# itself (kb/dense.py): so few clusters are scanned and nothing is re-scored. 1M passages with 4M windows
# (docs/performance.md): scanning 32, 64 or 128 clusters brought as many of the exact first ten.
FINDER_NPROBE = 32
# The index type of vectors without a search index, only read by row: the windows of an index built before
# the windows got a finder at scale.
NO_INDEX = "none"


def plan(count: int, approximate_above: int = APPROXIMATE_ABOVE, compact: bool = False) -> dict:
    """The index type for `count` vectors, as the manifest records it; compact: product quantisation (windows)."""
    if count <= approximate_above:
        return {"type": "flat", "metric": "inner_product"}
    clusters = max(1, int(min(4 * math.sqrt(count), count / TRAIN_PER_CLUSTER, 8192)))
    product_quantised = compact and count > PQ_ABOVE
    return {
        "type": "ivf_pq" if product_quantised else "ivf_sq8",
        "metric": "inner_product",
        "nlist": clusters,
        # e5 cosines are close together: scan an eighth of the clusters, a quarter for PQ (see RESCORE_PQ)
        "nprobe": min(clusters, max(32, clusters // (4 if product_quantised else 8))),
        "train_size": min(count, clusters * TRAIN_PER_CLUSTER),
        "rescore": RESCORE_PQ if product_quantised else RESCORE,
    }


def plan_windows(count: int, passage_plan: dict, approximate_above: int = APPROXIMATE_ABOVE) -> dict:
    """The windows' index for `count` windows: like the passages' (product quantisation when large); when both
    are approximate, a finder (FINDER_NPROBE, `rescore` 0: candidates in the index's own order)."""
    params = plan(count, approximate_above, compact=True)
    if passage_plan["type"] != "flat" and params["type"] != "flat":
        params.update(nprobe=min(params["nlist"], FINDER_NPROBE), rescore=0)
    return params


def build(vectors: np.ndarray, dim: int, params: dict) -> faiss.Index | None:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if params["type"] == NO_INDEX:
        return None
    if params["type"] == "flat":
        index = faiss.IndexFlatIP(dim)
    else:
        clusters, metric = faiss.IndexFlatIP(dim), faiss.METRIC_INNER_PRODUCT
        if params["type"] == "ivf_pq":
            index = faiss.IndexIVFPQ(clusters, dim, params["nlist"], dim // PQ_DIMENSIONS_PER_BYTE, 8, metric)
        else:
            index = faiss.IndexIVFScalarQuantizer(clusters, dim, params["nlist"], faiss.ScalarQuantizer.QT_8bit, metric)
        sample = np.random.default_rng(0).choice(len(vectors), params["train_size"], replace=False)
        index.cp.niter = 10  # k-means iterations: more cost minutes and hardly change recall
        index.train(vectors[np.sort(sample)])
    if len(vectors):
        index.add(vectors)
    return index


def save(index: faiss.Index | None, vectors: np.ndarray, directory: Path, name: str = PASSAGES) -> None:
    np.save(directory / f"{name}.npy", np.asarray(vectors, dtype=np.float32), allow_pickle=False)
    if index is not None:
        faiss.write_index(index, str(directory / f"{name}.faiss"))


def load_vectors(directory: Path, name: str = PASSAGES) -> np.ndarray:
    return np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)


class VectorIndex:
    """Search one generation's vectors; thread-safe (FAISS searches and memory-mapped reads only)."""

    def __init__(self, directory: Path, params: dict, name: str = PASSAGES) -> None:
        self.params = params
        self.vectors = load_vectors(directory, name)
        # Rows for re-scoring are read with pread, not through the memory map: the kernel's
        # read-ahead around each mapped row would soon make the whole file resident. The file is opened once: a sync
        # that deletes this generation (two syncs later) leaves a long-running reader its open file.
        self._descriptor = os.open(directory / f"{name}.npy", os.O_RDONLY)
        weakref.finalize(self, os.close, self._descriptor)  # closed with the object
        self._row_bytes = self.vectors.dtype.itemsize * self.vectors.shape[1] if self.vectors.ndim == 2 else 0
        self._index = None if params["type"] == NO_INDEX else faiss.read_index(str(directory / f"{name}.faiss"))
        self.approximate = params["type"] != "flat"
        if self.approximate and self._index is not None:
            self._index.make_direct_map(True)  # for approximate_cosines: 8 bytes a vector, 0.03 s for 4M

    def __len__(self) -> int:
        return len(self.vectors)

    def vector(self, row: int) -> np.ndarray:
        return self.read_rows(np.array([row]))[0]

    def read_ranges(self, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
        """The vectors of rows start..end-1 of each range, concatenated (one read a range)."""
        offset, size, descriptor = self.vectors.offset, self._row_bytes, self._descriptor
        data = b"".join(os.pread(descriptor, size * (end - start), offset + start * size) for start, end in ranges)
        return np.frombuffer(data, dtype=self.vectors.dtype).reshape(-1, self.vectors.shape[1])

    def read_rows(self, rows: np.ndarray) -> np.ndarray:
        return self.read_ranges([(int(row), int(row) + 1) for row in rows])

    def approximate_cosines(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosines of an approximate index's rows from its codes, without reading vectors from disk: IVF-SQ8's
        are within about 0.001 of the exact ones, IVF-PQ's within about 0.035 (1M passages, 4M windows)."""
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        return self._index.reconstruct_batch(np.asarray(rows, dtype=np.int64)) @ query.astype(np.float32)

    def search(
        self, query: np.ndarray, k: int, allowed_rows: Sequence[int] | None = None, rescore: int | None = None
    ) -> list[tuple[int, float]]:
        """(row, cosine) pairs, best first; allowed_rows restricts the search to a filtered subset. An approximate
        index re-scores `rescore` candidates a wanted row exactly (default: its plan's); `rescore` 0 returns the
        index's own approximate scores and order (a finder's plan has 0)."""
        if self._index is None:
            raise ValueError("these vectors have no search index: they are only read by row")
        if len(self) == 0 or k <= 0 or (allowed_rows is not None and not len(allowed_rows)):
            return []
        query = query.reshape(1, -1).astype(np.float32)
        if allowed_rows is not None and len(allowed_rows) <= EXACT_SUBSET:
            return self._exact(query, np.asarray(allowed_rows, dtype=np.int64), k)
        selector = None
        if allowed_rows is not None:  # a bitmap: 5 ms for 2M rows, where a hash set of them takes 100 ms
            allowed = np.zeros(len(self), dtype=bool)
            allowed[np.asarray(allowed_rows, dtype=np.int64)] = True
            bitmap = np.packbits(allowed, bitorder="little")  # referenced until the search returns
            selector = faiss.IDSelectorBitmap(len(self), faiss.swig_ptr(bitmap))
        rescore = self.params.get("rescore", 0) if rescore is None else rescore
        if not self.approximate or not rescore:
            params = None
            if self.approximate:
                params = faiss.SearchParametersIVF(sel=selector, nprobe=self.params["nprobe"])
            elif selector is not None:
                params = faiss.SearchParameters(sel=selector)
            scores, rows = self._index.search(query, min(k, len(self)), params=params)
            return [(int(row), float(score)) for row, score in zip(rows[0], scores[0]) if row >= 0]
        params = faiss.SearchParametersIVF(sel=selector, nprobe=self.params["nprobe"])
        _, rows = self._index.search(query, min(k * rescore, len(self)), params=params)
        return self._exact(query, rows[0][rows[0] >= 0], k)

    def _exact(self, query: np.ndarray, rows: np.ndarray, k: int) -> list[tuple[int, float]]:
        rows = np.sort(rows)  # reads in file order
        scores = self.read_rows(rows) @ query[0]
        best = np.argsort(-scores, kind="stable")[:k]
        return [(int(rows[i]), float(scores[i])) for i in best]
