"""Open an index and search it: the dense leg (kb/dense.py) and the keyword leg (kb/lexical.py), fused by rank,
with filters."""

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
from ingest.project_numbers import find_project_numbers, numbers_hold_parts, project_number_parts
from ingest.read import path_from_printable
from ingest.sections import PRACTICES, project_sections
from kb import adapter, boilerplate, filters, index, store, vectors, windows
from kb.analysis import ANALYSER_VERSION, analyse, fold, query_words
from kb.dense import DenseLeg
from kb.errors import EmptyQuery, IndexIncompatible, PassageNotFound
from kb.fusion import fuse_rankings, keyword_weight
from kb.hits import drop_near_duplicates, hit_of, is_weak_match, own_window
from kb.lexical import KeywordIndex
from kb.operators import Operators, Wanted, read_operators
from kb.query import WORD, as_meant
from kb.query_language import detect_query_language, reads_as_words
from kb.types import Hit

log = logging.getLogger(__name__)
CANDIDATES = 50  # each leg's list before fusion
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
        window_index = None  # an index built before windows is searched without them until it is synced
        if "windows" in self.manifest:
            window_index = windows.WindowIndex(self.generation, self.manifest["windows"]["vector_index"])
        self.shared_text = boilerplate.load(self.generation)  # sentences its documents share: a form's printed text
        self._keywords = KeywordIndex.load(self.generation)
        words = self.store.word_counts()
        self._language_names, self._language_codes = self.store.language_codes()
        model_id = self.manifest["embedder"]["model_id"]
        self._dense_leg = DenseLeg(self._vectors, window_index, words, self._language_names, self._language_codes, model_id)

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
        typed_words = WORD.findall(query)
        length = len(typed_words)  # a short Latvian question counts its passages' windows (kb/similarity.py)
        dense = (
            []
            if ranking_vector is None
            else self._dense_leg.search(query_vector, ranking_vector, language, length, candidates, allowed)
        )
        known_share = self._keywords.known_share(words)
        if mode == "hybrid":
            reads_as_the_collection = language == "unknown" and known_share >= READS_AS_THE_COLLECTION
            weight = keyword_weight(language in self.languages or reads_as_the_collection, known_share)
        else:
            weight = 1.0
        # a lookup of places and names ("Львів") is read in every language: its keyword leg's silence counts there too
        names = all(word[:1].isupper() for word in typed_words)
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
            similar = {} if query_vector is None else self._dense_leg.similarities(query_vector, language, length, shown)
            if ranking_vector is not None and ranking_vector is not query_vector:
                self._dense_leg.windows_chosen_by(ranking_vector, language, similar)
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
