"""Open an index and search it: dense and keyword legs, fused by rank, with filters.

The dense leg scores a passage by its own vector and, for questions in another language than Latvian,
also by its best sentence window (kb/windows.py); every hit carries the window that matched best, so a
long passage shows the sentence that made it come back.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path, PurePath
from typing import Literal

import faiss
import numpy as np
from threadpoolctl import threadpool_limits

from ingest.embed import Embedder, load_embedder
from ingest.enrich import language_script, writing_script
from ingest.filetypes import SUPPORTED_SUFFIXES
from ingest.metadata import find_project_numbers, numbers_hold_parts, project_number_parts
from ingest.read import path_from_printable
from ingest.sections import PRACTICES, project_sections
from kb import adapter, boilerplate, filters, index, store, vectors, windows
from kb.analysis import ANALYSER_VERSION, analyse, fold, query_words
from kb.errors import EmptyQuery, IndexIncompatible, PassageNotFound
from kb.fusion import fuse_rankings, keyword_weight
from kb.hits import drop_near_duplicates, hit_of, is_weak_match, own_window
from kb.lexical import KeywordIndex
from kb.operators import Operators, Wanted, read_operators
from kb.query import WORD, as_meant
from kb.query_language import detect_query_language, reads_as_words
from kb.similarity import Similarity, short_penalty, window_weight, with_window
from kb.types import Hit

log = logging.getLogger(__name__)
CANDIDATES = 50  # each leg's list before fusion
# Passages in a language the adapter moves (Russian, English, ...) are ranked by the question moved toward their
# language by this share of that language's shift (KnowledgeBase._dense_moved). A Latvian and Russian collection
# (docs/search-quality.md), a third of the Latvian -> Russian FLORES questions / the seed questions / their English
# ones: 1.0 gives 0.917 / 0.602 / 0.726, 0.5 gives 0.897 / 0.614 / 0.750 (as with none: 0.839 / 0.614 / 0.750).
# In a Latvian and English collection 0.5 put English news above the Latvian answers of Latvian seed questions
# (0.831 -> 0.783); 0.375 keeps them (0.831) for Latvian -> English / Russian FLORES 0.905 -> 0.903 / 0.890 -> 0.884.
TOWARD_PASSAGE_LANGUAGE = 0.375
# Above vectors.APPROXIMATE_ABOVE passages the dense leg is approximate first (KnowledgeBase._dense_at_scale): the
# passage index's list, this many times deeper (1,600 passages; 4 held recall@10 at 0.959 while only English and
# Russian questions had windows, 0.940 once 23 more languages did: 8 gives 0.955 for 2-3 ms more at 1M), ...
DEEPER_AT_SCALE = 8
# ... and, for queries whose windows count, the passages owning this many times `candidates` windows nearest by
# the windows' finder (vectors.plan_windows), are scored from the indexes' codes; only those within
# APPROXIMATION_MARGIN of the list's last place are read and scored exactly. 1M passages with 4M real windows
# (docs/performance.md): recall@10 of English and Russian queries against exact scoring 0.864 -> 0.956.
WINDOWS_AT_SCALE = 20
# The codes' error: IVF-SQ8 passage cosines within about 0.001 of the exact ones, IVF-PQ window cosines within
# about 0.035 (99th percentiles, 1M passages and 4M windows), times the window's weight in the mix.
APPROXIMATION_MARGIN = 0.002
WINDOW_CODE_ERROR = 0.04
# A language holding at least this share of the passages is one the collection holds (KnowledgeBase._unreadable): a
# stray passage langdetect took for English does not make every Latvian passage unreadable to English questions.
HELD_SHARE = 0.02
UKRAINIAN_PASSAGES = 3  # not one stray passage langdetect took for Ukrainian
# A query langdetect cannot place ("memorands", a project number, "18 400 EUR") whose words the collection holds to
# this share of their IDF mass is in the collection's language: the keyword leg's vote was damped as for another
# language, and a passage it ranked first fell to 5th-13th. Not for a language langdetect names: an English question
# whose words stray English sentences of a Latvian collection hold ("why was this project needed") lost its answer.
READS_AS_THE_COLLECTION = 0.8
SearchMode = Literal["hybrid", "dense", "keyword"]


@cache
def one_blas_thread() -> None:
    """A query's matrix-vector products are small: OpenBLAS's threads only wait on FAISS's and onnxruntime's (a
    100k index, warm: search p50 32-37 -> 26-27 ms, p95 54-57 -> 39-42; 1M: 51 / 85 -> 36 / 52 ms). Process-wide,
    like FAISS's thread count, and once: it inspects every loaded library (about 10 ms)."""
    threadpool_limits(1, user_api="blas")


def _file_name_key(name: str) -> str:
    """A file's name as typed in any case, diacritics, separators ("_", "-", ".") and extension: "atskaite 2019"."""
    if PurePath(name).suffix.lower() in SUPPORTED_SUFFIXES:
        name = PurePath(name).stem
    return " ".join(re.findall(r"[^\W_]+", fold(unicodedata.normalize("NFC", name).casefold())))


class KnowledgeBase:
    """A read-only view of the live index generation, safe to share across threads."""

    def __init__(self, index_dir: Path, embedder: Embedder | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.generation = index.live_generation(self.index_dir)
        self.manifest = index.read_manifest(self.generation, embedder.model_id if embedder else None)
        self._embedder = embedder
        self._embedder_lock = threading.Lock()
        self._embedding_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-embed")
        if self.manifest.get("analyser") != ANALYSER_VERSION:  # an upgrade's search goes on until the nightly sync
            log.warning("the keyword index in %s was built by an older version of kb: its words are matched as that "
                        "version read them until `kb ingest` on its folders updates it",
                        self.index_dir)  # fmt: skip
        index.check_files(self.index_dir, self.generation, self.manifest)
        try:
            self._open_parts()
        except (OSError, ValueError, EOFError, KeyError, RuntimeError, sqlite3.DatabaseError) as error:
            raise index.damaged(self.index_dir, f"{type(error).__name__}: {error}") from None  # a file of the same size
        self.languages = sorted(self._language_names)
        # languages the collection really holds, not a few passages langdetect took for another language
        counts = np.bincount(self._language_codes, minlength=len(self._language_names))
        held = counts >= HELD_SHARE * len(self._language_codes)
        self._held_languages = {name for name, is_held in zip(self._language_names, held) if is_held}
        # a Cyrillic question asks for Ukrainian words too (their dictionary, 64 MB, loaded) where a few passages are
        ukrainian = dict(zip(self._language_names, counts)).get("uk", 0)
        self._holds_ukrainian = ukrainian >= UKRAINIAN_PASSAGES
        self._cited_parts: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {}  # by document
        self._file_names: dict[str, list[str]] | None = None  # file names' keys -> documents, read on first need

    def _open_parts(self) -> None:
        self.store = store.open_read_only(self.generation / index.STORE_FILE)
        self._vectors = vectors.VectorIndex(self.generation, self.manifest["vector_index"])
        if not self._vectors.approximate:
            # One query at a time over a small exact index: OpenMP threads made a 40,000-vector scan
            # 3x slower (6 ms against 2 ms). Large approximate indexes keep them for their cluster scans.
            # Process-wide: an ingest in the same process (the app's uploads) builds with one thread too.
            faiss.omp_set_num_threads(1)
        one_blas_thread()
        self._windows = None  # an index built before windows is searched without them until it is synced
        if "windows" in self.manifest:
            self._windows = windows.WindowIndex(self.generation, self.manifest["windows"]["vector_index"])
        self.shared_text = boilerplate.load(self.generation)  # sentences its documents share: a form's printed text
        self._keywords = KeywordIndex.load(self.generation)
        self._words = self.store.word_counts()
        self._language_names, self._language_codes = self.store.language_codes()

    @property
    def embedder(self) -> Embedder:
        """Loaded on first search: info and listings do not need the model."""
        with self._embedder_lock:
            if self._embedder is None:
                model_id = self.manifest["embedder"]["model_id"]
                self._embedder = load_embedder(model_id)
                if self._embedder.model_id != model_id:
                    raise IndexIncompatible(f"the index needs the embedder {model_id!r}")
            return self._embedder

    def search(
        self,
        query: str,
        top_k: int = 10,
        mode: SearchMode = "hybrid",
        **chosen: Sequence,
    ) -> list[Hit]:
        """Best passages first, among those passing the filters given values (kb/filters.py: languages=,
        documents=, organisations=, years=, themes=, kinds=). mode 'dense' or 'keyword' runs one leg alone. A query
        that is a file's name ("atskaite_2019.pdf", its extension another or none) brings that file's passages first."""
        named = [] if chosen.get("documents") else self._documents_named(query)
        if not named:
            return self._search(query, top_k, mode, **chosen)
        in_named = {**chosen, "documents": named}
        first = [replace(hit, weak_match=False) for hit in self._search(query, top_k, mode, **in_named)]
        ids = {hit.passage_id for hit in first}
        return (first + [hit for hit in self._search(query, top_k, mode, **chosen) if hit.passage_id not in ids])[:top_k]

    def words_of(
        self, query: str, language: str | None = None, operators: Operators | None = None
    ) -> list[tuple[str, ...]]:
        """The keyword leg's words for a query, each as the terms that stand for it (kb/analysis.py query_words); a
        word's beginning ("nūjo*") as the stems of the index's words that begin so; not the words it leaves out."""
        operators = operators or read_operators(query)
        words = operators.words
        for beginning in operators.beginnings:
            words = re.sub(rf"(?<!\w){re.escape(beginning)}\*", " ", words)
        words = as_meant(words)
        found = query_words(words, language or detect_query_language(words), self._holds_ukrainian)
        return found + [stems for beginning in operators.beginnings if (stems := tuple(self._keywords.beginning_with(beginning)))]

    def terms_of(self, query: str) -> set[str]:
        """Every term of a query's words (what the app marks in the hits)."""
        return {term for word in self.words_of(query) for term in word}

    def _documents_named(self, query: str) -> list[str]:
        """The ids of the documents a file of which the query names, case, diacritics, separators and extension
        aside ("Atskaite 2019" names atskaite_2019.docx): a search box is where people type a file's name."""
        if self._file_names is None:
            names: dict[str, list[str]] = {}
            for record in self.store.files():
                if record.doc_id:
                    names.setdefault(_file_name_key(PurePath(record.source).name), []).append(record.doc_id)
            self._file_names = names
        key = _file_name_key(query.strip())
        return sorted(set(self._file_names.get(key, ()))) if key else []

    def _search(self, query: str, top_k: int, mode: SearchMode, **chosen: Sequence) -> list[Hit]:
        query = query.strip()
        if top_k < 1:
            return []
        if not re.search(r"\w", query):
            raise EmptyQuery(f"the query {'has no words' if query else 'is empty'}: type a few words to search for")
        filters.check_names(chosen)
        allowed = None
        if any(chosen.values()):
            allowed = self.store.filtered_rows(chosen)
            if not allowed:
                return []
        candidates = max(CANDIDATES, top_k * 3)
        operators = read_operators(query)  # "seniori -kafejnīca", "„Zaļā Sēta”" (kb/operators.py)
        if not re.search(r"\w", operators.words):
            raise EmptyQuery("the query only leaves words out: type what to search for too")
        wanted = Wanted(operators, as_meant)
        query = as_meant(operators.words)  # "SADARBIBA AR PASVALDIBU" read as "sadarbība ar pašvaldību" (kb/query.py)
        # the model embeds the query (native code, off the GIL) while this thread reads its language and words
        embedding = None if mode == "keyword" else self._embedding_thread.submit(self._embed_query, query)
        language = detect_query_language(query)
        words = self.words_of(query, language, operators)
        keyword = [] if mode == "dense" else self._keywords.search(words, candidates, allowed)
        query_vector = None if embedding is None else embedding.result()
        # questions in English, Russian and 23 other languages rank passages in other languages with a vector moved
        # toward Latvian (kb/adapter.py); similarities and weak_match stay on the model's own vector
        ranking_vector = None if query_vector is None else adapter.adapt_query(query_vector, language, self.embedder.model_id)
        dense = [] if ranking_vector is None else self._dense_moved(query_vector, ranking_vector, language, candidates, allowed)
        known_share = self._keywords.known_share(words)
        if mode == "hybrid":
            reads_as_the_collection = language == "unknown" and known_share >= READS_AS_THE_COLLECTION
            weight = keyword_weight(language in self.languages or reads_as_the_collection, known_share)
        else:
            weight = 1.0
        # a lookup of places and names ("Львів") is read in every language: its keyword leg's silence counts there too
        names = all(word[:1].isupper() for word in WORD.findall(query))
        readable = mode != "hybrid" or self._keywords.reads_across_languages(words, names)
        unreadable = () if readable else self._unreadable(query, language, [row for row, _ in dense])
        fused = fuse_rankings([row for row, _ in dense], [row for row, _ in keyword], weight, unreadable)
        # noise that shares no word with the index, or a query of function words only ("и в на", "un ar par"):
        # whatever comes back is only the nearest thing
        noise = bool(fused) and (not words or not known_share and not reads_as_words(query, language))
        script = writing_script(query)
        numbers, number_parts = find_project_numbers(query), project_number_parts(query)
        hits: list[Hit] = []
        hit_terms: list[set[str]] = []
        holding: list[bool] = []  # each hit holds the quoted words
        printed: list[bool] = []  # each hit is a form's printed text, which every filled form holds (kb/boilerplate.py)
        distinct: list[Hit] = []
        # twice top_k at a time, until top_k differ: copies of one passage (a report, its PDF export, the e-mail
        # and the archive holding it) fold into one hit, and ten asked for gave three
        for start in range(0, len(fused), top_k * 2):
            batch = fused[start : start + top_k * 2]
            shown = [f.row for f in batch]  # each with its similarity and best window, keyword-only hits too
            similar = {} if query_vector is None else self._similarities(query_vector, language, shown)
            if ranking_vector is not None and ranking_vector is not query_vector:
                self._windows_chosen_by(ranking_vector, language, similar)
            rows = self.store.hit_rows(shown)
            for f in batch:
                terms_in_order = analyse(rows[f.row]["text"])
                if wanted.leaves_out(terms_in_order):
                    continue
                similarity = own_window(rows[f.row]["text"], similar.get(f.row), self.shared_text)
                hit_terms.append(set(terms_in_order))
                holding.append(wanted.holds_quoted(terms_in_order))
                shared = self._keywords.matched_share(words, hit_terms[-1])
                same_language = self._same_language(rows[f.row]["language"], language, script)
                printed.append(boilerplate.printed(rows[f.row]["text"], self.shared_text))  # a form's printed text
                weak = noise or printed[-1] or is_weak_match(similarity.cosine if similarity else None, shared, same_language)
                hits.append(self._cited(hit_of(rows[f.row], f.score, f.dense_rank, f.keyword_rank, similarity, shared, weak)))
            # a writer citing a project by its number: its passages first; by part of it ("KA122 2022"): the passages
            # of the projects whose numbers hold those parts; then those holding the quoted words in a row; a form's
            # printed text after every passage someone wrote
            naming = [any(n in find_project_numbers(hit.text) for n in numbers)
                      or bool(number_parts) and numbers_hold_parts(hit.project_numbers, number_parts) for hit in hits]
            order = sorted(range(len(hits)), key=lambda i: (not naming[i], not holding[i], printed[i]))
            hits, hit_terms = [hits[i] for i in order], [hit_terms[i] for i in order]
            holding, printed = [holding[i] for i in order], [printed[i] for i in order]
            distinct = drop_near_duplicates(hits, hit_terms)
            if len(distinct) >= top_k:
                break
        return distinct[:top_k]

    def _cited(self, hit: Hit) -> Hit:
        """The hit cited with its own part's organisation and project number in a document of several projects or
        practices (ingest/sections.py): a compendium's practice not with the first partner's number the document names."""
        # parts of several projects, or practices of as many organisations as a collection has (an e-mail's: their own)
        if hit.attachment or (len(hit.project_numbers) < 2 and len(hit.organisations) < PRACTICES):
            return hit
        if hit.doc_id not in self._cited_parts:
            parts = project_sections(self.store.passages_of(hit.doc_id), hit.project_numbers)
            self._cited_parts[hit.doc_id] = {} if len(parts) < 2 else {
                passage.passage_id: (
                    tuple(dict.fromkeys([part.organisation, *hit.organisations])) if part.organisation else hit.organisations,
                    (part.project,) if part.project else (),
                )
                for part in parts for passage in part.passages
            }  # fmt: skip
        organisations, project_numbers = self._cited_parts[hit.doc_id].get(hit.passage_id, (None, None))
        if organisations is None:
            return hit
        return replace(hit, organisations=organisations, project_numbers=project_numbers)

    @staticmethod
    def _same_language(passage_language: str, language: str, script: str | None) -> bool:
        """Whether a hit answers in the query's language (a Russian answer to a Latvian question is across); a query of
        no language langdetect can tell ("x", "'; DROP TABLE", a project number) is held to its own script's passages'
        bar: the other language's lax one gave "x" ten hits none of them weak."""
        if language == "unknown":
            return script is not None and language_script(passage_language) == script
        return passage_language == language

    def _unreadable(self, query: str, language: str, rows: list[int]) -> set[int]:
        """Those of rows whose passages the keyword leg cannot read: in another script than the query (Latin,
        Cyrillic), and, where the collection holds passages in the query's language (HELD_SHARE), in any other
        language. A query of names or numbers ("ESTO 2023": language unknown) is judged by its script alone."""
        script = writing_script(query)
        if language in self._held_languages and language != "unknown":
            other = [name not in (language, "unknown") for name in self._language_names]
        else:
            other = [script is not None and language_script(name) not in (script, None) for name in self._language_names]
        unreadable = np.array(other, dtype=bool)
        return {row for row in rows if unreadable[self._language_codes[row]]}

    def _dense(self, query: np.ndarray, language: str, candidates: int, allowed: Sequence[int] | None) -> list[tuple[int, float]]:
        """Nearest passages by their similarity to the query, with a prior against very short ones.

        Candidates come from the passage vectors and, when windows count for this query, from the
        window vectors too (at scale: _dense_at_scale). A title or a one-line bullet standing alone (a
        short document cannot be merged with anything) sits close to many unrelated queries, above all in
        other languages: its score is lowered by up to SHORT_PENALTY in proportion to how far it falls
        short of SHORT_WORDS.
        """
        if self._vectors.approximate:
            return self._dense_at_scale(query, language, candidates, allowed)
        known = dict(self._vectors.search(query, candidates * 4, allowed))
        rows = list(known)
        mixed = self._windows is not None and bool(self._window_weight(language))
        if mixed and self._windows.searchable:  # type: ignore[union-attr]
            rows += list(self._windows.search(query, candidates, allowed))  # type: ignore[union-attr]
        return self._ranked(query, language, np.unique(np.asarray(rows, dtype=np.int64)), mixed, known, candidates)

    def _dense_moved(
        self, asked: np.ndarray, moved: np.ndarray, language: str, candidates: int, allowed: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        """The dense leg by the passages' language. Passages in the question's own language are ranked by the question
        as asked; those in a language the adapter moves (English, Russian and 23 others) by the question moved toward
        that language (part of its shift toward Latvian undone: TOWARD_PASSAGE_LANGUAGE), counting their best window;
        the rest (Latvian above all) by the question moved toward Latvian (`moved`; a Latvian question as asked).

        Moved toward Latvian, an English question put its English passage below Latvian paragraphs about other
        things: FLORES sentences left out of their article, 140 English and 141 Portuguese articles among 600 Latvian
        documents, hybrid MRR@10 English 0.620 -> 0.714 (0.732 with no adapter), Portuguese 0.593 -> 0.685 (0.706
        with no shift), with windows for all passages (_mixed). A Latvian question found the Russian article holding
        its sentence's translation among the FullStack-LV documents at dense MRR@10 0.443; moved partway toward Russian,
        with windows, 0.843 (`make eval`; docs/search-quality.md: collections in two languages)."""
        ranked = self._dense(moved, language, candidates, allowed)
        groups = []  # (passages' language code, the vector that ranks them, the language whose window weight counts)
        if moved is not asked and self._language_code(language) >= 0:
            groups.append((self._language_code(language), asked, language))
        model_id = self.manifest["embedder"]["model_id"]
        if not self._vectors.approximate and language != "unknown":  # at scale a search per language would cost too much
            for code, name in enumerate(self._language_names):
                shift = adapter.shift_of(name, model_id)
                if name != language and shift is not None:
                    toward = moved - TOWARD_PASSAGE_LANGUAGE * shift
                    groups.append((code, toward / np.linalg.norm(toward), language if self._window_weight(language) else name))
        for code, vector, window_language in groups:
            rows = np.flatnonzero(self._language_codes == code)
            if allowed is not None:
                rows = np.intersect1d(rows, np.asarray(allowed, dtype=np.int64))
            if len(rows):
                others = [(row, score) for row, score in ranked if self._language_codes[row] != code]
                ranked = others + self._dense(vector.astype(np.float32), window_language, candidates, rows)
        return sorted(ranked, key=lambda pair: -pair[1])[:candidates]

    def _dense_at_scale(
        self, query: np.ndarray, language: str, candidates: int, allowed: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        """The dense leg over approximate indexes: candidates scored from the indexes' codes first (no disk reads),
        then only those within the codes' error of the list's last place (APPROXIMATION_MARGIN, WINDOW_CODE_ERROR)
        read and scored exactly."""
        known = dict(self._vectors.search(query, candidates * 4 * DEEPER_AT_SCALE, allowed, rescore=0))
        mixed = self._windows is not None and bool(self._window_weight(language))
        finder = mixed and self._windows.searchable  # type: ignore[union-attr]
        found = self._windows.search(query, candidates * WINDOWS_AT_SCALE, allowed) if finder else {}  # type: ignore[union-attr]
        rows = np.unique(np.fromiter([*known, *found], dtype=np.int64))
        cosines = np.array([known.get(row, np.nan) for row in rows.tolist()], dtype=np.float32)
        unknown = np.isnan(cosines)
        cosines[unknown] = self._vectors.approximate_cosines(query, rows[unknown])
        margin = APPROXIMATION_MARGIN
        if mixed:
            weight = self._window_weight(language)
            if finder:  # the passages only the finder brought: their best window is one it found
                best = np.array([found.get(row, np.nan) for row in rows.tolist()], dtype=np.float32)
                listed = np.isin(rows, np.fromiter(known, dtype=np.int64))
                best[listed] = self._windows.approximate_best(query, rows[listed])  # type: ignore[union-attr]
                margin += weight * WINDOW_CODE_ERROR
            else:  # an index built before the windows had a finder: read them
                _, best = self._windows.best_rows(query, rows)  # type: ignore[union-attr]
            cosines = self._mixed(language, cosines, best)
        scores = cosines - short_penalty(self._words[rows])
        if not len(scores):
            return []
        bar = np.sort(scores)[-min(candidates, len(scores))]
        return self._ranked(query, language, rows[scores >= bar - margin], mixed, {}, candidates)

    def _ranked(
        self, query: np.ndarray, language: str, rows: np.ndarray, mixed: bool, known: dict[int, float], candidates: int
    ) -> list[tuple[int, float]]:
        """The first `candidates` of these sorted rows by their exact dense score (_cosines), short passages lowered."""
        cosines, _, _ = self._cosines(query, language, rows, with_windows=mixed, known=known)
        scores = cosines - short_penalty(self._words[rows])
        best = np.argsort(-scores, kind="stable")[:candidates]  # ties: the earlier row first
        return list(zip(rows[best].tolist(), scores[best].tolist()))

    def _similarities(self, query: np.ndarray, language: str, rows: Sequence[int]) -> dict[int, Similarity]:
        """The dense leg's cosine of each passage (_cosines) and its best window, to show and to judge hits by."""
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        cosines, window_rows, window_cosines = self._cosines(query, language, rows, with_windows=True)
        found = {}
        for row, cosine, window, window_cosine in zip(rows.tolist(), cosines.tolist(), window_rows, window_cosines):
            best = None
            if window >= 0:
                start, end = self._windows.spans[window]  # type: ignore[union-attr]
                best = windows.BestWindow(float(window_cosine), int(start), int(end))
            found[row] = Similarity(cosine, best)
        return found

    def _windows_chosen_by(self, moved: np.ndarray, language: str, similar: dict[int, Similarity]) -> None:
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
        self, query: np.ndarray, language: str, rows: np.ndarray, with_windows: bool, known: dict[int, float] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each passage's exact cosine to the query (sorted rows; known: cosines the vector search gave, not read
        again), mixed with its best window's at the query language's weight (window_weight);
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
            cosines = self._mixed(language, cosines, window_cosines.astype(np.float64))
        return cosines, window_rows, window_cosines

    def _mixed(self, language: str, cosines: np.ndarray, best_windows: np.ndarray) -> np.ndarray:
        """The passages' cosines mixed with their best window's (NaN: none) at the query language's weight
        (window_weight). Passages in the question's own language too: with windows for the others only, a Portuguese
        or English question put its own-language passage below the Latvian ones (docs/search-quality.md)."""
        return np.where(np.isnan(best_windows), cosines, with_window(cosines, best_windows, self._window_weight(language)))

    def _window_weight(self, language: str) -> float:
        return window_weight(language, self.manifest["embedder"]["model_id"])

    def _language_code(self, language: str) -> int:
        """The passages' code for a language (-1 when no passage is in it)."""
        return self._language_names.index(language) if language in self._language_names else -1

    @lru_cache(maxsize=256)  # noqa: B019 - one KnowledgeBase lives as long as the process
    def _embed_query(self, query: str) -> np.ndarray:
        return self.embedder.embed_query(query)

    def similar(self, passage_id: str, top_k: int = 5) -> list[Hit]:
        """Passages closest in meaning to this one, from other documents, in any language."""
        row = self._row(passage_id)
        doc_id = passage_id.rsplit(":", 1)[0]
        found = self._vectors.search(self._vectors.vector(row), top_k * 4 + 10)
        rows = self.store.hit_rows([r for r, _ in found])
        hits = [self._cited(hit_of(rows[r], score, rank, None))
                for rank, (r, score) in enumerate(found, start=1) if rows[r]["doc_id"] != doc_id]  # fmt: skip
        return drop_near_duplicates(hits)[:top_k]

    def _row(self, passage_id: str) -> int:
        rows = self.store.query("SELECT row FROM passages WHERE passage_id = ?", (passage_id,))
        if not rows:
            raise PassageNotFound(f"no passage {passage_id!r} in the index: its document may have been removed")
        return rows[0]["row"]

    def hit(self, passage_id: str, span: tuple[int, int] | None = None) -> Hit:
        """One passage as a hit (for the handout and for reading in context); with a span (character offsets in its
        text: a card's excerpt, a matched sentence), only that part of it, cited by that part's pages."""
        row = self.store.hit_rows([self._row(passage_id)]).popitem()[1]
        found = self._cited(hit_of(row, 0.0, None, None))
        if span is None:
            return found
        start, end = span
        if not 0 <= start < end <= len(found.text) or not found.text[start:end].strip():
            raise PassageNotFound(f"passage {passage_id!r} has no text at {start}-{end}: the link was cut or altered")
        first_page, last_page = store.passage_of(row).pages_of(start, end)
        return replace(found, text=found.text[start:end].strip(), page=first_page, page_end=last_page)

    def context(self, passage_id: str, window: int = 1) -> list[Hit]:
        """The passage with up to `window` neighbours on each side, in document order."""
        doc_id, position = passage_id.rsplit(":", 1)
        rows = self.store.query(
            "SELECT row FROM passages WHERE doc_id = ? AND position BETWEEN ? AND ? ORDER BY position",
            (doc_id, int(position) - window, int(position) + window),
        )
        found = self.store.hit_rows([r["row"] for r in rows])
        return [self._cited(hit_of(found[r["row"]], 0.0, None, None)) for r in rows]

    def original_file(self, doc_id: str) -> Path | None:
        """A file on disk the document was read from, if one is still there."""
        for row in self.store.query(f"SELECT path FROM files WHERE doc_id = ? {store.CITED_FIRST}", (doc_id,)):
            path = path_from_printable(row["path"])
            if path.is_file():
                return path
        return None

    def facets(
        self, chosen: Mapping[str, Sequence] | None = None, names: Collection[str] | None = None
    ) -> dict[str, list[tuple[str, int]]]:
        """Each filter's values with the number of passages each selects, most first (kb/filters.py). With chosen
        values (search's filter keywords), a value's count is of its passages that the other filters keep, as
        faceted search counts. names: only these filters' (default: all)."""
        chosen = chosen or {}
        filters.check_names(chosen)
        return {f.name: self.store.facet(f, chosen) for f in filters.FILTERS if names is None or f.name in names}

    def close(self) -> None:
        self._embedding_thread.shutdown(wait=False)
        self.store.close()
