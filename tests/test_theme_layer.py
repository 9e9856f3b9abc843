"""The trained theme layer (ingest/theme_layer.npz, scripts/train_themes.py): when it applies and what it does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from conftest import HashingEmbedder

from ingest.tag import THEME_IDS, THEME_LAYER_PATH, Tagger, load_layer, load_taxonomy, read_taxonomy
from ingest.types import Passage

REPO = Path(__file__).resolve().parent.parent


def train_themes():
    spec = importlib.util.spec_from_file_location("train_themes", REPO / "scripts" / "train_themes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_layer_covers_the_product_themes():
    layer = load_layer(THEME_LAYER_PATH)
    assert layer is not None and layer.label_ids == THEME_IDS
    assert layer.weights.shape == (layer.mean.shape[0] + 1, len(THEME_IDS))


def test_the_layer_is_off_by_default_and_ignored_for_another_embedder():
    taxonomy = load_taxonomy()
    embedder = HashingEmbedder()  # another model: its theme centroids are far from the layer's
    assert Tagger(taxonomy, embedder).theme_layer is None
    assert Tagger(taxonomy, embedder, layers=("themes",)).theme_layer is None


def test_fitting_is_deterministic():
    script = train_themes()
    generator = np.random.default_rng(0)
    vectors, signals = generator.normal(size=(60, 16)), generator.normal(size=(60, 13))
    gold = generator.random((60, 13)) < 0.2
    first, second = script.fit(vectors, signals, gold), script.fit(vectors, signals, gold)
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    assert script.best_threshold(script.out_of_fold(vectors, signals, gold), gold, 4) == script.best_threshold(
        script.out_of_fold(vectors, signals, gold), gold, 4
    )


@pytest.fixture(scope="module")
def embedder():
    from ingest.embed import load_embedder

    return load_embedder()


@pytest.mark.model
def test_a_refugee_language_cafe_gets_the_migrant_theme_with_the_layer(embedder):
    tagger = Tagger(load_taxonomy(), embedder, layers=("themes",))
    assert tagger.theme_layer is not None
    text = (
        "Katru ceturtdienu pilsētas bibliotēkā notiek sarunu vakars: sievietes, kas bēgušas no kara Ukrainā, "
        "kopā ar vietējām kaimiņienēm runā latviski par ikdienu – darbu, skolu, ārstu – un pēc tam dzer tēju."
    )
    vector = embedder.embed_passages([Passage("", "", 0, text, "").text_for_embedding])
    [tags] = tagger.tag([text], vector, [""])
    assert "migrant-refugee-integration" in tags.themes


@pytest.mark.model
def test_the_layer_is_ignored_for_another_taxonomys_themes(embedder):
    sib = read_taxonomy(REPO / "eval" / "tags" / "sib200_taxonomy.json")
    tagger = Tagger(sib, embedder, layers=("themes",))
    assert tagger.theme_layer is None
    text = "The football team won the championship after a penalty shoot-out."
    [tags] = tagger.tag([text], embedder.embed_passages([text]), [""])
    assert set(tags.themes) <= {label.id for label in sib.themes}
