"""The keyword leg: BM25 (bm25s) over the analyser's terms.

A passage's words' stems are one BM25 index; the terms the analyser adds for the places and names it writes
("@ludza", "≈lnatal": kb/analysis.py) are another, so that they do not lengthen a passage for the stems' length
normalisation (a slide of many names would otherwise lose to a shorter one on every other word). A query's score is
the sum, over its words, of each word's best term.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

import bm25s
import numpy as np

from kb.analysis import ADDED, MAX_STEM, PLACE, analyse, fold

BM25_DIR = "bm25"
BEGINNINGS = 20  # stems a word's beginning stands for at most ("pa*" would stand for thousands)
ADDED_DIR = "bm25-added"  # an index written before places and names had their terms has none
# a place's stem beside its term: at 1 a letter's "Lūdzam" came before the town Ludza; at 0 a Latgalian question
# whose answer writes "Rēzeknis" (no form the gazetteer lists) fell 3rd -> 5th; kb eval within 0.002 of either
PLACE_STEM = 0.5


class KeywordIndex:
    def __init__(self, retriever: bm25s.BM25 | None, added: bm25s.BM25 | None = None) -> None:
        self._retriever = retriever  # None for an index with no passages
        self._added = added  # None where no passage names a place or a person
        self._indexes = [index for index in (retriever, added) if index is not None]
        self.vocabulary = frozenset(term for index in self._indexes for term in index.vocab_dict)

    @classmethod
    def build(cls, texts: Sequence[str]) -> KeywordIndex:
        if not texts:
            return cls(None)
        analysed = [analyse(text) for text in texts]
        retriever = bm25s.BM25()
        retriever.index([[term for term in terms if not term.startswith(ADDED)] for terms in analysed], show_progress=False)
        added_terms = [[term for term in terms if term.startswith(ADDED)] for terms in analysed]
        added = None
        if any(added_terms):
            added = bm25s.BM25()
            added.index(added_terms, show_progress=False)
        return cls(retriever, added)

    def save(self, directory: Path) -> None:
        if self._retriever is not None:
            self._retriever.save(directory / BM25_DIR, show_progress=False)
        if self._added is not None:
            self._added.save(directory / ADDED_DIR, show_progress=False)

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex:
        def loaded(name: str) -> bm25s.BM25 | None:
            if not (directory / name).exists():
                return None
            return bm25s.BM25.load(directory / name, mmap=True, show_progress=False, verbosity=0)

        return cls(loaded(BM25_DIR), loaded(ADDED_DIR))

    def beginning_with(self, beginning: str) -> list[str]:
        """The stems of the words that begin so ("nūjo": "nujos" of "nūjošana"), at most BEGINNINGS of them: a stem is
        cut at five letters, so a longer beginning ("brīvprātīg") stands for the stem it begins with."""
        folded = fold(beginning.casefold())
        wanted = folded[:MAX_STEM]
        found = [term for term in self._retriever.vocab_dict if term.startswith(wanted)] if self._retriever else []
        return sorted(found, key=len)[:BEGINNINGS]

    def known_share(self, words: Sequence[Sequence[str]]) -> float:
        """The share of the query's IDF mass that occurs in the collection, 0..1: each word (its terms: kb/analysis.py
        query_words) weighs its stem's IDF, and occurs where any of its terms does.

        Unknown terms count as the rarest possible, so an English query over Latvian passages
        scores low unless it shares rare words with them (names, numbers, places): exactly the
        cases where keyword matching helps across languages.
        """
        return self._share(words, lambda term: term in self.vocabulary)

    def reads_across_languages(self, words: Sequence[Sequence[str]], names: bool) -> bool:
        """Whether every word of a query is a place, or (names: the query is written as names are) a name, the
        collection holds in some language or script ("Львів", "Natālija Sergejeva"): the keyword leg then reads
        passages in any language for it. A word in small letters is no name: "фестиваль" has the key of a budget
        line's capitalised "Festivāls"."""
        kinds = ADDED if names else PLACE
        return bool(words) and all(any(term.startswith(kinds) and term in self.vocabulary for term in word) for word in words)

    def matched_share(self, words: Sequence[Sequence[str]], passage_terms: Collection[str]) -> float:
        """The share of the query's IDF mass that occurs in one passage (its analysed terms), 0..1."""
        return self._share(words, lambda term: term in passage_terms)

    def _share(self, words: Sequence[Sequence[str]], counts: Callable[[str], bool]) -> float:
        if self._retriever is None or not words:
            return 0.0
        weights = [self._idf(word[0]) for word in words]
        total = sum(weights)
        return sum(w for word, w in zip(words, weights) if any(counts(term) for term in word)) / total if total else 0.0

    def _idf(self, term: str) -> float:
        """BM25's IDF; a term the collection lacks counts as the rarest possible."""
        index = self._holding(term) or self._retriever
        count = index.scores["num_docs"]  # type: ignore[union-attr]
        pointers = index.scores["indptr"]  # type: ignore[union-attr]
        at = index.vocab_dict.get(term)  # type: ignore[union-attr]
        frequency = 0 if at is None else pointers[at + 1] - pointers[at]
        return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))

    def _holding(self, term: str) -> bm25s.BM25 | None:
        return next((index for index in self._indexes if term in index.vocab_dict), None)

    def search(
        self, words: Sequence[Sequence[str]], k: int, allowed_rows: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """(row, BM25 score) pairs with a positive score, best first. A word scores by the best of its terms in a
        passage: a town named "Ludzā" there counts once, by its place's term or its stem."""
        if self._retriever is None or k <= 0:
            return []
        mask = None
        if allowed_rows is not None:
            mask = np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
            mask[np.asarray(allowed_rows, dtype=np.int64)] = 1
        scores = np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
        alone: dict[int, list[str]] = {}  # words of one term the collection holds, scored together by their index
        for word in words:
            held = [(index, term) for term in dict.fromkeys(word) if (index := self._holding(term)) is not None]
            # where the collection holds the place a word names, its stem counts half: "Ludza" is the town before a
            # letter's "Lūdzam" (we ask), and still meets forms the gazetteer lacks ("Latvian", Latgalian "Rēzeknis")
            place_held = any(term.startswith(PLACE) for _, term in held)
            factors = [PLACE_STEM if place_held and not term.startswith(ADDED) else 1.0 for _, term in held]
            if len(held) == 1:
                alone.setdefault(self._indexes.index(held[0][0]), []).append(held[0][1])
            elif held:  # from the terms' postings: a million passages' array for each term would cost milliseconds
                rows, best = _best_by_row([_postings(index, term, factor) for (index, term), factor in zip(held, factors)])
                scores[rows] += best
        for at, terms in alone.items():
            scores += self._indexes[at].get_scores(terms)
        if mask is not None:
            scores *= mask
        k = min(k, int(np.count_nonzero(scores > 0)))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(row), float(scores[row])) for row in top]


def _postings(index: bm25s.BM25, term: str, factor: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The rows holding a term and its BM25 score in each (bm25s keeps them by term), times factor."""
    at = index.vocab_dict[term]
    start, end = index.scores["indptr"][at], index.scores["indptr"][at + 1]
    return index.scores["indices"][start:end], index.scores["data"][start:end] * factor


def _best_by_row(postings: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Each row any of the postings holds, once, and its highest score among them (a held term has a row or more)."""
    rows = np.concatenate([held for held, _ in postings])
    values = np.concatenate([value for _, value in postings])
    order = np.argsort(rows, kind="stable")
    rows, values = rows[order], values[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    return rows[starts], np.maximum.reduceat(values, starts)
