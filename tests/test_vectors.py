"""The vector index: exact while small, approximate (IVF-SQ8) above a size, with its parameters in the manifest."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import CORPUS

from kb import vectors
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.sync import sync_index


def clustered_vectors(count: int, seed: int = 0) -> np.ndarray:
    """Unit vectors around topics, like passage embeddings."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(count // 40, 384))
    points = topics[rng.integers(0, len(topics), count)] + rng.normal(scale=0.08, size=(count, 384))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def test_small_collections_are_exact_and_large_ones_approximate():
    assert vectors.plan(10_000)["type"] == "flat"
    large = vectors.plan(1_000_000)
    assert large["type"] == "ivf_sq8" and large["nprobe"] < large["nlist"] <= 8192
    assert large["train_size"] >= 39 * large["nlist"]


@pytest.mark.parametrize("compact", [False, True], ids=["passages: IVF-SQ8", "windows: IVF-PQ"])
def test_the_approximate_index_finds_what_exact_search_finds(tmp_path, compact, monkeypatch):
    points, queries = np.split(clustered_vectors(20_100), [20_000])  # queries near the same topics
    params = vectors.plan(len(points), approximate_above=0, compact=compact)
    assert params["type"] == ("ivf_pq" if compact else "ivf_sq8")
    assert params["nprobe"] < params["nlist"]  # a real approximation: most clusters are not scanned
    vectors.save(vectors.build(points, 384, params), points, tmp_path)
    index = vectors.VectorIndex(tmp_path, params)
    recall = []
    for query in queries:
        exact = set(np.argsort(-(points @ query))[:10])
        found = index.search(query, 10)
        recall.append(len(exact & {row for row, _ in found}) / 10)
        assert [score for _, score in found] == pytest.approx([float(points[row] @ query) for row, _ in found], abs=1e-5)
    assert np.mean(recall) >= 0.95
    allowed = list(range(0, 20_000, 7))
    assert all(row % 7 == 0 for row, _ in index.search(queries[0], 10, allowed))
    monkeypatch.setattr(vectors, "EXACT_SUBSET", 100)  # the filter goes to the index itself
    found = index.search(queries[0], 10, allowed)
    assert len(found) == 10 and all(row % 7 == 0 for row, _ in found)


def test_the_windows_finder_at_scale_returns_candidates_in_its_own_order(tmp_path):
    points, queries = np.split(clustered_vectors(20_100), [20_000])
    params = vectors.plan_windows(len(points), vectors.plan(10 * len(points), approximate_above=0), approximate_above=0)
    assert params["type"] == "ivf_pq" and params["rescore"] == 0 and params["nprobe"] == vectors.FINDER_NPROBE
    vectors.save(vectors.build(points, 384, params), points, tmp_path)
    finder = vectors.VectorIndex(tmp_path, params)
    recall = []
    for query in queries:
        exact = set(np.argsort(-(points @ query))[:10])
        recall.append(len(exact & {row for row, _ in finder.search(query, 200)}) / 10)
    assert np.mean(recall) >= 0.9  # candidates for exact scoring: the first ten are among the 200 found


def test_the_manifest_records_the_index_type_and_search_uses_it(tmp_path, docs, fake_embedder):
    exact = sync_index([docs], Settings(index_dir=tmp_path / "exact"), embedder=fake_embedder).manifest
    approximate = sync_index([docs], Settings(index_dir=tmp_path / "approx", approximate_above=0), embedder=fake_embedder)
    assert exact["vector_index"] == {"type": "flat", "metric": "inner_product"}
    recorded = approximate.manifest["vector_index"]
    assert recorded["type"] == "ivf_sq8" and {"nlist", "nprobe", "train_size", "rescore"} <= set(recorded)
    exact_kb = KnowledgeBase(tmp_path / "exact", embedder=fake_embedder)
    approximate_kb = KnowledgeBase(tmp_path / "approx", embedder=fake_embedder)
    for query in ("kafejnīca senioriem", "projekta budžets"):
        expected, found = exact_kb.search(query), approximate_kb.search(query)
        assert found[0].passage_id == expected[0].passage_id
        # the same hits; passages with equal dense scores (no shared words) may come in another order
        assert {h.passage_id for h in found} == {h.passage_id for h in expected}


@pytest.mark.slow
def test_an_approximate_index_answers_the_sample_corpus_like_the_exact_one(tmp_path, corpus_kb):
    settings = Settings(index_dir=tmp_path / "index", approximate_above=0)
    sync_index([CORPUS], settings, embedder=corpus_kb.embedder)
    approximate_kb = KnowledgeBase(settings.index_dir, embedder=corpus_kb.embedder)
    assert approximate_kb.manifest["vector_index"]["type"] == "ivf_sq8"
    for query in [
        "a café run by an association where seniors and lonely people meet",
        "kā atrast partnerus projektam",
        "как найти партнёров для проекта",
        "refugee integration conference in Riga National Library",
    ]:
        expected = [h.passage_id for h in corpus_kb.search(query, top_k=3)]
        assert [h.passage_id for h in approximate_kb.search(query, top_k=3)] == expected, query
