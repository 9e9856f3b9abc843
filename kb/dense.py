"""The dense leg: passages nearest the query by their vectors (kb/vectors.py), ranked by the passages' language.

The dense leg scores a passage by its own vector and, for questions in another language than Latvian and short
Latvian ones, also by its best sentence window (kb/windows.py, kb/similarity.py window_use); every hit carries the
window that matched best, so a long passage shows the sentence that made it come back.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kb import adapter, vectors, windows
from kb.similarity import Similarity, WindowUse, short_penalty, window_use

# Passages in a language the adapter moves (Russian, English, ...) are ranked by the question moved toward their
# language by this share of that language's shift (DenseLeg.search). A Latvian and Russian collection
# (docs/search-quality.md), a third of the Latvian -> Russian FLORES questions / the seed questions / their English
# ones: 1.0 gives 0.917 / 0.602 / 0.726, 0.5 gives 0.897 / 0.614 / 0.750 (as with none: 0.839 / 0.614 / 0.750).
# In a Latvian and English collection 0.5 put English news above the Latvian answers of Latvian seed questions
# (0.831 -> 0.783); 0.375 keeps them (0.831) for Latvian -> English / Russian FLORES 0.905 -> 0.903 / 0.890 -> 0.884.
TOWARD_PASSAGE_LANGUAGE = 0.375
# Above vectors.APPROXIMATE_ABOVE passages the dense leg is approximate first (DenseLeg._dense_at_scale): the
# passage index's list, this many times deeper (1,600 passages; 4 held recall@10 at 0.959 while only English and
# Russian questions had windows, 0.940 once 23 more languages did: 8 gives 0.955 for 2-3 ms more at 1M), ...
DEEPER_AT_SCALE = 8
# ... and, for queries whose windows count, the passages owning this many times `candidates` windows nearest by
# the windows' finder (vectors.plan_windows), are scored from the indexes' codes; only those within
# APPROXIMATION_MARGIN of the list's last place are read and scored exactly. 1M passages with 4M real windows
# (docs/performance.md): recall@10 of English and Russian queries against exact scoring 0.864 -> 0.956.
WINDOWS_AT_SCALE = 20
# The codes' error: IVF-SQ8 passage cosines within about 0.001 of the exact ones, IVF-PQ window cosines within
# about 0.035 (99th percentiles, 1M passages and 4M windows), times the most a window moves a score by (WindowUse.share).
APPROXIMATION_MARGIN = 0.002
WINDOW_CODE_ERROR = 0.04


class DenseLeg:
    """The dense leg over an index generation's passage vectors and sentence windows (kb/search.py's KnowledgeBase
    builds it): read-only, safe to share across threads like the indexes it reads."""

    def __init__(
        self,
        passages: vectors.VectorIndex,
        window_index: windows.WindowIndex | None,  # None: an index built before windows
        words: np.ndarray,  # each passage's word count (the short-passage prior)
        language_names: list[str],
        language_codes: np.ndarray,  # each passage's language, an index into language_names
        model_id: str,  # the index's embedder (the adapter's shifts and the window weights are the model's)
    ) -> None:
        self._vectors = passages
        self._windows = window_index
        self._words = words
        self._language_names = language_names
        self._language_codes = language_codes
        self._model_id = model_id

    def _nearest(
        self, query: np.ndarray, use: WindowUse, candidates: int, allowed: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        """Nearest passages by their similarity to the query, with a prior against very short ones.

        Candidates come from the passage vectors and, when windows count for this query (`use`), from the
        window vectors too (at scale: _dense_at_scale). A title or a one-line bullet standing alone (a
        short document cannot be merged with anything) sits close to many unrelated queries, above all in
        other languages: its score is lowered by up to SHORT_PENALTY in proportion to how far it falls
        short of SHORT_WORDS.
        """
        if self._vectors.approximate:
            return self._dense_at_scale(query, use, candidates, allowed)
        known = dict(self._vectors.search(query, candidates * 4, allowed))
        rows = list(known)
        windows_count = self._windows is not None and bool(use)
        if windows_count and self._windows.searchable:  # type: ignore[union-attr]
            rows += list(self._windows.search(query, candidates, allowed))  # type: ignore[union-attr]
        return self._ranked(query, use, np.unique(np.asarray(rows, dtype=np.int64)), windows_count, known, candidates)

    def search(
        self,
        asked: np.ndarray,
        moved: np.ndarray,
        language: str,
        words: int,
        candidates: int,
        allowed: Sequence[int] | None,
    ) -> list[tuple[int, float]]:
        """The dense leg by the passages' language. Passages in the question's own language are ranked by the question
        as asked; those in a language the adapter moves (English, Russian and 23 others) by the question moved toward
        that language (part of its shift toward Latvian undone: TOWARD_PASSAGE_LANGUAGE), counting their best window;
        the rest (Latvian above all) by the question moved toward Latvian (`moved`; a Latvian question as asked).

        Moved toward Latvian, an English question put its English passage below Latvian paragraphs about other
        things: FLORES sentences left out of their article, 140 English and 141 Portuguese articles among 600 Latvian
        documents, hybrid MRR@10 English 0.620 -> 0.714 (0.732 with no adapter), Portuguese 0.593 -> 0.685 (0.706
        with no shift), with windows for all passages (_with_windows). A Latvian question found the Russian article holding
        its sentence's translation among the FullStack-LV documents at dense MRR@10 0.443; moved partway toward Russian,
        with windows, 0.843 (`make eval`; docs/search-quality.md: collections in two languages). `words`: the
        question's word count (a short Latvian question counts windows too: window_use)."""
        use = window_use(language, self._model_id, words)
        ranked = self._nearest(moved, use, candidates, allowed)
        groups = []  # (passages' language code, the vector that ranks them, how their windows count)
        if moved is not asked and self._language_code(language) >= 0:
            groups.append((self._language_code(language), asked, use))
        model_id = self._model_id
        if not self._vectors.approximate and language != "unknown":  # at scale a search per language would cost too much
            for code, name in enumerate(self._language_names):
                shift = adapter.shift_of(name, model_id)
                if name != language and shift is not None:
                    toward = moved - TOWARD_PASSAGE_LANGUAGE * shift
                    own = use.for_passages_in(name, model_id, words)
                    groups.append((code, toward / np.linalg.norm(toward), own))
        for code, vector, group_use in groups:
            rows = np.flatnonzero(self._language_codes == code)
            if allowed is not None:
                rows = np.intersect1d(rows, np.asarray(allowed, dtype=np.int64))
            if len(rows):
                others = [(row, score) for row, score in ranked if self._language_codes[row] != code]
                ranked = others + self._nearest(vector.astype(np.float32), group_use, candidates, rows)
        return sorted(ranked, key=lambda pair: -pair[1])[:candidates]

    def _dense_at_scale(
        self, query: np.ndarray, use: WindowUse, candidates: int, allowed: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        """The dense leg over approximate indexes: candidates scored from the indexes' codes first (no disk reads),
        then only those within the codes' error of the list's last place (APPROXIMATION_MARGIN, WINDOW_CODE_ERROR)
        read and scored exactly."""
        known = dict(self._vectors.search(query, candidates * 4 * DEEPER_AT_SCALE, allowed, rescore=0))
        windows_count = self._windows is not None and bool(use)
        finder = windows_count and self._windows.searchable  # type: ignore[union-attr]
        found = self._windows.search(query, candidates * WINDOWS_AT_SCALE, allowed) if finder else {}  # type: ignore[union-attr]
        rows = np.unique(np.fromiter([*known, *found], dtype=np.int64))
        cosines = np.array([known.get(row, np.nan) for row in rows.tolist()], dtype=np.float32)
        unknown = np.isnan(cosines)
        cosines[unknown] = self._vectors.approximate_cosines(query, rows[unknown])
        margin = APPROXIMATION_MARGIN
        if windows_count:
            if finder:  # the passages only the finder brought: their best window is one it found
                best = np.array([found.get(row, np.nan) for row in rows.tolist()], dtype=np.float32)
                listed = np.isin(rows, np.fromiter(known, dtype=np.int64))
                best[listed] = self._windows.approximate_best(query, rows[listed])  # type: ignore[union-attr]
                margin += use.share * WINDOW_CODE_ERROR
            else:  # an index built before the windows had a finder: read them
                _, best = self._windows.best_rows(query, rows)  # type: ignore[union-attr]
            cosines = self._with_windows(use, cosines, best)
        scores = cosines - short_penalty(self._words[rows])
        if not len(scores):
            return []
        bar = np.sort(scores)[-min(candidates, len(scores))]
        return self._ranked(query, use, rows[scores >= bar - margin], windows_count, {}, candidates)

    def _ranked(
        self, query: np.ndarray, use: WindowUse, rows: np.ndarray, windows_count: bool, known: dict[int, float], candidates: int
    ) -> list[tuple[int, float]]:
        """The first `candidates` of these sorted rows by their exact dense score (_cosines), short passages lowered."""
        cosines, _, _ = self._cosines(query, use, rows, with_windows=windows_count, known=known)
        scores = cosines - short_penalty(self._words[rows])
        best = np.argsort(-scores, kind="stable")[:candidates]  # ties: the earlier row first
        return list(zip(rows[best].tolist(), scores[best].tolist()))

    def similarities(self, query: np.ndarray, language: str, words: int, rows: Sequence[int]) -> dict[int, Similarity]:
        """The dense leg's cosine of each passage (_cosines) and its best window, to show and to judge hits by."""
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        use = window_use(language, self._model_id, words)
        cosines, window_rows, window_cosines = self._cosines(query, use, rows, with_windows=True)
        found = {}
        for row, cosine, window, window_cosine in zip(rows.tolist(), cosines.tolist(), window_rows, window_cosines):
            best = None
            if window >= 0:
                start, end = self._windows.spans[window]  # type: ignore[union-attr]
                best = windows.BestWindow(float(window_cosine), int(start), int(end))
            found[row] = Similarity(cosine, best)
        return found

    def windows_chosen_by(self, moved: np.ndarray, language: str, similar: dict[int, Similarity]) -> None:
        """A passage in another language than the question's shows the sentence the vector that ranked it (the question
        moved toward Latvian) finds best: the question as asked underlined "Piedaloties dažādos citos Eiropas projektos
        ..." for "How to find partners for an Erasmus project?", not the advice just before it. Its similarity stays the
        question's own, which weak_match is calibrated on."""
        across = np.asarray([row for row, found in similar.items() if found.window is not None
                             and self._language_codes[row] != self._language_code(language)], dtype=np.int64)  # fmt: skip
        if self._windows is None or not len(across):
            return
        across = np.unique(across)
        window_rows, window_cosines = self._windows.best_rows(moved.astype(np.float32), across)
        for row, window, cosine in zip(across.tolist(), window_rows.tolist(), window_cosines.tolist()):
            if window >= 0:
                start, end = self._windows.spans[window]
                similar[row] = Similarity(similar[row].cosine, windows.BestWindow(float(cosine), int(start), int(end)))

    def _cosines(
        self, query: np.ndarray, use: WindowUse, rows: np.ndarray, with_windows: bool, known: dict[int, float] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each passage's exact cosine to the query (sorted rows; known: cosines the vector search gave, not read
        again), with its best window's counted as the query's `use` says;
        with_windows: also read the windows. Returns the cosines, each best window's row and its cosine (-1, NaN:
        none read)."""
        known = known or {}
        cosines = np.array([known.get(row, np.nan) for row in rows.tolist()], dtype=np.float64)
        unknown = np.isnan(cosines)
        if unknown.any():
            cosines[unknown] = self._vectors.read_rows(rows[unknown]) @ query.astype(np.float32)
        window_rows = np.full(len(rows), -1, dtype=np.int64)
        window_cosines = np.full(len(rows), np.nan, dtype=np.float32)
        if self._windows is not None and with_windows and len(rows):
            window_rows, window_cosines = self._windows.best_rows(query, rows)
            cosines = self._with_windows(use, cosines, window_cosines.astype(np.float64))
        return cosines, window_rows, window_cosines

    @staticmethod
    def _with_windows(use: WindowUse, cosines: np.ndarray, best_windows: np.ndarray) -> np.ndarray:
        """The passages' cosines with their best window's (NaN: none) counted as `use` says. Passages in the question's
        own language too: with windows for the others only, a Portuguese or English question put its own-language
        passage below the Latvian ones (docs/search-quality.md)."""
        return np.where(np.isnan(best_windows), cosines, use.score(cosines, best_windows))

    def _language_code(self, language: str) -> int:
        """The passages' code for a language (-1 when no passage is in it)."""
        return self._language_names.index(language) if language in self._language_names else -1
