"""The keyword leg: BM25 (bm25s) over the analyser's terms."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from kb.analysis import analyse

BM25_DIR = "bm25"


class KeywordIndex:
    def __init__(self, retriever: bm25s.BM25 | None) -> None:
        self._retriever = retriever  # None for an index with no passages
        self.vocabulary: dict[str, int] = retriever.vocab_dict if retriever is not None else {}

    @classmethod
    def build(cls, texts: Sequence[str]) -> KeywordIndex:
        if not texts:
            return cls(None)
        retriever = bm25s.BM25()
        retriever.index([analyse(text) for text in texts], show_progress=False)
        return cls(retriever)

    def save(self, directory: Path) -> None:
        if self._retriever is not None:
            self._retriever.save(directory / BM25_DIR, show_progress=False)

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex:
        if not (directory / BM25_DIR).exists():
            return cls(None)
        return cls(bm25s.BM25.load(directory / BM25_DIR, mmap=True, show_progress=False, verbosity=0))

    def known_terms(self, terms: Sequence[str]) -> list[str]:
        return [term for term in terms if term in self.vocabulary]

    def known_share(self, terms: Sequence[str]) -> float:
        """The share of the query's IDF mass that occurs in the collection, 0..1.

        Unknown terms count as the rarest possible, so an English query over Latvian passages
        scores low unless it shares rare words with them (names, numbers, places): exactly the
        cases where keyword matching helps across languages.
        """
        return self._share(terms, lambda term: term in self.vocabulary)

    def matched_share(self, terms: Sequence[str], passage_terms: Sequence[str]) -> float:
        """The share of the query's IDF mass that occurs in one passage (its analysed terms), 0..1."""
        present = set(passage_terms)
        return self._share(terms, lambda term: term in present)

    def _share(self, terms: Sequence[str], counts: Callable[[str], bool]) -> float:
        if self._retriever is None or not terms:
            return 0.0
        weights = [self._idf(term) for term in terms]
        total = sum(weights)
        return sum(w for term, w in zip(terms, weights) if counts(term)) / total if total else 0.0

    def _idf(self, term: str) -> float:
        """BM25's IDF; a term the collection lacks counts as the rarest possible."""
        count = self._retriever.scores["num_docs"]  # type: ignore[union-attr]
        pointers = self._retriever.scores["indptr"]  # type: ignore[union-attr]
        frequency = pointers[self.vocabulary[term] + 1] - pointers[self.vocabulary[term]] if term in self.vocabulary else 0
        return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))

    def search(self, terms: Sequence[str], k: int, allowed_rows: Sequence[int] | None = None) -> list[tuple[int, float]]:
        """(row, BM25 score) pairs with a positive score, best first."""
        terms = self.known_terms(terms)
        if self._retriever is None or not terms or k <= 0:
            return []
        mask = None
        if allowed_rows is not None:
            mask = np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
            mask[np.asarray(allowed_rows, dtype=np.int64)] = 1
        scores = self._retriever.get_scores(list(terms), weight_mask=mask)
        k = min(k, int(np.count_nonzero(scores > 0)))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(row), float(scores[row])) for row in top]
