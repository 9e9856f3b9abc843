"""A small query-side adapter: moves an English (or Russian) question's vector toward where its
Latvian translation's vector would be, so such questions find Latvian passages more often.

Documents are Latvian and their vectors stay as they are; only the query vector moves:

    adapted = normalise(v + (v - center) @ down @ up + shift)

a mean shift (the Latvian sentences' mean query vector minus the English ones') plus a rank-r
correction, fitted by ridge regression from the Tatoeba Latvian-English pairs in
`../shared/data/tatoeba_lv_en/` (English "query: " vector -> Latvian "query: " vector: a linear
distillation in the sense of Reimers and Gurevych, EMNLP 2020). Russian has no bitext here: its
vector moves by half the difference between the mean Latvian and mean Russian Tatoeba vectors.
`scripts/train_adapter.py` writes `query_adapter.npz` beside this file and says what was measured.

Only the languages stored in the file are adapted (English, Russian and 23 others); a Latvian query is returned
as it came, and so is any query when the index was built by another embedder than the adapter's.
kb/search.py ranks with the adapted vector (the dense leg, kb/dense.py) and keeps the model's own for similarities and
weak_match. Undone by half (`shift_of`), a language's shift moves a question toward passages in that language (a
Latvian question, a Russian report).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

ADAPTER_FILE = Path(__file__).with_name("query_adapter.npz")


@dataclass(frozen=True)
class LanguageAdapter:
    center: np.ndarray  # (dim,)
    shift: np.ndarray  # (dim,)
    down: np.ndarray  # (dim, rank)
    up: np.ndarray  # (rank, dim)

    def apply(self, vector: np.ndarray) -> np.ndarray:
        moved = vector + (vector - self.center) @ self.down @ self.up + self.shift
        return (moved / np.linalg.norm(moved)).astype(np.float32)


@dataclass(frozen=True)
class QueryAdapter:
    model_id: str  # the embedder whose query vectors it was fitted on
    languages: dict[str, LanguageAdapter]

    def adapt(self, vector: np.ndarray, language: str, model_id: str) -> np.ndarray:
        """The query vector to search with: adapted for the adapter's languages and embedder, else unchanged."""
        adapter = self.languages.get(language)
        if adapter is None or model_id != self.model_id:
            return vector
        return adapter.apply(vector)


def save(path: Path, model_id: str, languages: dict[str, LanguageAdapter], about: dict) -> None:
    arrays = {}
    for language, a in languages.items():
        for name in ("center", "shift", "down", "up"):
            arrays[f"{language}.{name}"] = getattr(a, name).astype(np.float32)
    meta = json.dumps({"model_id": model_id, "languages": sorted(languages), **about}, ensure_ascii=False)
    np.savez_compressed(path, meta=np.array(meta), **arrays)


def load(path: Path) -> QueryAdapter:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        languages = {
            language: LanguageAdapter(*(data[f"{language}.{name}"] for name in ("center", "shift", "down", "up")))
            for language in meta["languages"]
        }
    return QueryAdapter(meta["model_id"], languages)


@lru_cache(maxsize=1)
def shipped() -> QueryAdapter | None:
    """The adapter that ships with kb (None when the file is absent: queries are then not adapted)."""
    return load(ADAPTER_FILE) if ADAPTER_FILE.exists() else None


def moves(language: str, model_id: str) -> bool:
    """Whether the shipped adapter moves this language's queries of this embedder."""
    adapter = shipped()
    return adapter is not None and adapter.model_id == model_id and language in adapter.languages


def shift_of(language: str, model_id: str) -> np.ndarray | None:
    """The mean shift that moves this language's queries toward Latvian (None: the adapter does not move it).
    Subtracted from a question's (moved) vector, it moves the question toward that language's passages."""
    adapter = shipped()
    if adapter is None or adapter.model_id != model_id or language not in adapter.languages:
        return None
    return adapter.languages[language].shift


def adapt_query(vector: np.ndarray, language: str, model_id: str) -> np.ndarray:
    adapter = shipped()
    return vector if adapter is None else adapter.adapt(vector, language, model_id)
