"""Open an index and search it: dense and keyword legs, fused by rank, with filters."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from ingest.embed import Embedder, load_embedder
from ingest.enrich import detect_language
from kb import index, store, vectors
from kb.analysis import ANALYSER_VERSION, CYRILLIC, analyse, analyse_query
from kb.errors import EmptyQuery, IndexIncompatible
from kb.fusion import fuse_rankings, keyword_weight
from kb.lexical import KeywordIndex
from kb.types import Hit

LATVIAN_LETTERS = re.compile(r"[āčēģīķļņšūž]", re.I)
CANDIDATES = 50  # each leg's list before fusion
SHORT_WORDS = 40  # passages shorter than this get a lower dense score ...
NEAR_DUPLICATE = 0.9  # share of terms two hits have in common (Jaccard) to show only the better one
SHORT_PENALTY = 0.05  # ... by up to this much cosine (a one-word passage); measured in README "Search quality"
SearchMode = Literal["hybrid", "dense", "keyword"]


@lru_cache(maxsize=256)  # search and the app's highlighting both ask, once per rerun
def detect_query_language(query: str) -> str:
    """Queries are short, so letters that only one language uses decide first, langdetect after."""
    if LATVIAN_LETTERS.search(query):
        return "lv"
    if CYRILLIC.search(query):
        return "ru" if not re.search(r"[іїєґ]", query, re.I) else "uk"
    return detect_language(query, fallback="unknown")


def query_terms(query: str) -> list[str]:
    """The keyword leg's terms for a query (what the app marks in the hits)."""
    return analyse_query(query, detect_query_language(query))


class KnowledgeBase:
    """A read-only view of the live index generation, safe to share across threads."""

    def __init__(self, index_dir: Path, embedder: Embedder | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.generation = index.live_generation(self.index_dir)
        self.manifest = index.read_manifest(self.generation, embedder.model_id if embedder else None)
        self._embedder = embedder
        self._embedder_lock = threading.Lock()
        if self.manifest.get("analyser") != ANALYSER_VERSION:
            raise IndexIncompatible(
                f"the keyword index in {self.index_dir} was built by an older version of kb: run `kb ingest` on its "
                "folders again to update it (nothing is embedded again)"
            )
        self.store = store.open_read_only(self.generation / index.STORE_FILE)
        self._vectors = vectors.VectorIndex(self.generation, self.manifest["vector_index"])
        self._keywords = KeywordIndex.load(self.generation)
        self._words = self.store.word_counts()
        self.languages = [r["language"] for r in self.store.query("SELECT language FROM passages GROUP BY language")]

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
        languages: Sequence[str] = (),
        documents: Sequence[str] = (),
        organisations: Sequence[str] = (),
        years: Sequence[int] = (),
        themes: Sequence[str] = (),
        kinds: Sequence[str] = (),
        mode: SearchMode = "hybrid",
    ) -> list[Hit]:
        """Best passages first. mode 'dense' or 'keyword' runs one leg alone (for evaluation)."""
        query = query.strip()
        if not re.search(r"\w", query):
            raise EmptyQuery("the query is empty: type a few words to search for")
        allowed = None
        if languages or documents or organisations or years or themes or kinds:
            allowed = self.store.filtered_rows(languages, documents, organisations, years, themes, kinds)
            if not allowed:
                return []
        candidates = max(CANDIDATES, top_k * 3)
        dense = [] if mode == "keyword" else self._dense(query, candidates, allowed)
        language = detect_query_language(query)
        terms = analyse_query(query, language)
        keyword = [] if mode == "dense" else self._keywords.search(terms, candidates, allowed)
        if mode == "hybrid":
            weight = keyword_weight(language in self.languages, self._keywords.known_share(terms))
        else:
            weight = 1.0
        fused = fuse_rankings([row for row, _ in dense], [row for row, _ in keyword], weight)[: top_k * 2]
        rows = self.store.hit_rows([f.row for f in fused])
        hits = [_hit(rows[f.row], f.score, f.dense_rank, f.keyword_rank) for f in fused]
        return drop_near_duplicates(hits)[:top_k]

    def _dense(self, query: str, candidates: int, allowed: Sequence[int] | None) -> list[tuple[int, float]]:
        """Nearest passages by cosine, with a prior against very short ones.

        A title or a one-line bullet standing alone (a short document cannot be merged with
        anything) sits close to many unrelated queries, above all in other languages. Its cosine
        is lowered by up to SHORT_PENALTY in proportion to how far it falls short of SHORT_WORDS.
        """
        found = self._vectors.search(self._embed_query(query), candidates * 4, allowed)
        shortfall = [max(0.0, 1 - self._words[row] / SHORT_WORDS) for row, _ in found]
        adjusted = [(row, score - SHORT_PENALTY * short) for (row, score), short in zip(found, shortfall)]
        return sorted(adjusted, key=lambda pair: -pair[1])[:candidates]

    @lru_cache(maxsize=256)  # noqa: B019 - one KnowledgeBase lives as long as the process
    def _embed_query(self, query: str) -> np.ndarray:
        return self.embedder.embed_query(query)

    def similar(self, passage_id: str, top_k: int = 5) -> list[Hit]:
        """Passages closest in meaning to this one, from other documents, in any language."""
        row = self._row(passage_id)
        doc_id = passage_id.rsplit(":", 1)[0]
        found = self._vectors.search(self._vectors.vector(row), top_k * 4 + 10)
        rows = self.store.hit_rows([r for r, _ in found])
        hits = [_hit(rows[r], score, rank, None) for rank, (r, score) in enumerate(found, start=1) if rows[r]["doc_id"] != doc_id]
        return drop_near_duplicates(hits)[:top_k]

    def _row(self, passage_id: str) -> int:
        rows = self.store.query("SELECT row FROM passages WHERE passage_id = ?", (passage_id,))
        if not rows:
            raise KeyError(passage_id)
        return rows[0]["row"]

    def hit(self, passage_id: str) -> Hit:
        """One passage as a hit (for the handout and for reading in context)."""
        row = self._row(passage_id)
        return _hit(self.store.hit_rows([row])[row], 0.0, None, None)

    def context(self, passage_id: str, window: int = 1) -> list[Hit]:
        """The passage with up to `window` neighbours on each side, in document order."""
        doc_id, position = passage_id.rsplit(":", 1)
        rows = self.store.query(
            "SELECT row FROM passages WHERE doc_id = ? AND position BETWEEN ? AND ? ORDER BY position",
            (doc_id, int(position) - window, int(position) + window),
        )
        found = self.store.hit_rows([r["row"] for r in rows])
        return [_hit(found[r["row"]], 0.0, None, None) for r in rows]

    def original_file(self, doc_id: str) -> Path | None:
        """A file on disk the document was read from, if one is still there."""
        for row in self.store.query("SELECT path FROM files WHERE doc_id = ? ORDER BY source", (doc_id,)):
            if Path(row["path"]).is_file():
                return Path(row["path"])
        return None

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Filter values with the number of passages each selects: language, document, organisation, year, theme, kind."""
        query = self.store.query
        return {
            "languages": [(r[0], r[1]) for r in query("SELECT language, count(*) FROM passages GROUP BY 1 ORDER BY 2 DESC")],
            "documents": [
                (r[0], r[1])
                for r in query(
                    "SELECT (SELECT min(source) FROM files f WHERE f.doc_id = p.doc_id), count(*) "
                    "FROM passages p GROUP BY p.doc_id ORDER BY 1"
                )
            ],
            "organisations": self._list_facet("organisations"),
            "years": self._list_facet("years"),
            "themes": self._count("SELECT j.value, count(*) FROM passages p, json_each(p.themes) j GROUP BY 1"),
            "kinds": self._count("SELECT kind, count(*) FROM passages WHERE kind != '' GROUP BY 1"),
        }

    def _count(self, sql: str) -> list[tuple[str, int]]:
        return sorted(((r[0], r[1]) for r in self.store.query(sql)), key=lambda pair: (-pair[1], pair[0]))

    def _list_facet(self, column: str) -> list[tuple[str, int]]:
        rows = self.store.query(
            f"SELECT j.value, count(*) FROM passages p JOIN documents d USING (doc_id), json_each(d.{column}) j "
            "GROUP BY j.value ORDER BY 2 DESC, 1"
        )
        return [(str(r[0]), r[1]) for r in rows]

    def close(self) -> None:
        self.store.close()


def drop_near_duplicates(hits: list[Hit], threshold: float = NEAR_DUPLICATE) -> list[Hit]:
    """Keep the best of passages that say the same thing (a report and its edited copy, repeated slides)."""
    kept: list[tuple[Hit, set[str]]] = []
    for hit in hits:
        terms = set(analyse(hit.text))
        if not any(len(terms & seen) / max(len(terms | seen), 1) >= threshold for _, seen in kept):
            kept.append((hit, terms))
    return [hit for hit, _ in kept]


def _hit(row, score: float, dense_rank: int | None, keyword_rank: int | None) -> Hit:
    return Hit(
        passage_id=row["passage_id"],
        text=row["text"],
        score=round(score, 6),
        title=row["title"],
        source=row["source"],
        page=row["page_start"],
        page_end=row["page_end"],
        language=row["language"],
        doc_id=row["doc_id"],
        heading=row["heading"],
        organisations=tuple(json.loads(row["organisations"])),
        project_numbers=tuple(json.loads(row["project_numbers"])),
        years=tuple(json.loads(row["years"])),
        countries=tuple(json.loads(row["countries"])),
        themes=tuple(json.loads(row["themes"])),
        kind=row["kind"],
        dense_rank=dense_rank,
        keyword_rank=keyword_rank,
    )
