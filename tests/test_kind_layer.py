"""The trained kind layer (ingest/kind_layer.npz, scripts/train_kinds.py): on by default, for the product's kinds only."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import HashingEmbedder

from ingest.tag import KIND_IDS, KIND_LAYER_PATH, TAXONOMY_PATH, Tagger, load_layer, load_taxonomy, read_taxonomy
from ingest.types import Passage

REPO = Path(__file__).resolve().parent.parent


def test_the_shipped_layer_covers_the_product_kinds():
    layer = load_layer(KIND_LAYER_PATH)
    assert layer is not None and layer.label_ids == KIND_IDS
    assert layer.weights.shape == (layer.mean.shape[0] + 1, len(KIND_IDS))


def test_another_embedders_kinds_come_from_the_signals():
    assert Tagger(load_taxonomy(), HashingEmbedder()).kind_layer is None  # its centroids are far from the layer's


def test_fitting_is_deterministic():
    spec = importlib.util.spec_from_file_location("train_kinds", REPO / "scripts" / "train_kinds.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    generator = np.random.default_rng(0)
    vectors, signals = generator.normal(size=(60, 16)), generator.normal(size=(60, 6))
    gold = np.eye(6, dtype=bool)[generator.integers(0, 6, 60)]
    first, second = script.fit(vectors, signals, gold, 300.0, 3.0), script.fit(vectors, signals, gold, 300.0, 3.0)
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    assert script.choose(vectors, signals, gold) == script.choose(vectors, signals, gold)


@pytest.fixture(scope="module")
def embedder():
    from ingest.embed import load_embedder

    return load_embedder()


def kinds(tagger: Tagger, embedder, text: str) -> tuple[str, str]:
    """(the tagger's kind, the signals' kind) of one passage."""
    vector = embedder.embed_passages([Passage("", "", 0, text, "").text_for_embedding])
    [tags] = tagger.tag([text], vector, [""])
    kind_ids = [label.id for label in tagger.taxonomy.kinds]
    signals = tagger.scores([text], vector, [""])[0, len(tagger.taxonomy.themes) :]
    return tags.kind, kind_ids[int(np.argmax(signals))]


@pytest.mark.model
def test_a_lesson_learnt_is_a_recommendation_with_the_layer(embedder):
    tagger = Tagger(load_taxonomy(), embedder)
    assert tagger.kind_layer is not None
    text = (
        "Municipal officials change, agreements stay. Put every arrangement with the council in writing, "
        "even a small one, or the next head of department will not know it exists."
    )
    assert kinds(tagger, embedder, text) == ("recommendation", "context")  # the signals alone called it context


@pytest.mark.model
def test_another_taxonomys_kinds_come_from_the_signals(embedder, tmp_path):
    data = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    data["kinds"] = [kind for kind in data["kinds"] if kind["id"] != "profile"]  # five kinds, not the layer's six
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tagger = Tagger(read_taxonomy(path), embedder)
    assert tagger.kind_layer is None
    kind, by_signals = kinds(tagger, embedder, "Ieteikums: sāciet ar mazām, redzamām uzvarām – jauns sols, sakopts dīķis.")
    assert kind == by_signals == "recommendation"


@pytest.mark.model
def test_a_slide_headed_with_a_kinds_cue_keeps_that_kind_with_the_layer(embedder):
    """The sample corpus's "Projekta ieguvumi:" slide (the project's benefits): the layer, trained on passages
    with hardly any headings, read its promises as advice; the heading's cue says result."""
    lines = (REPO / "eval" / "tags" / "corpus_dev.jsonl").read_text(encoding="utf-8").splitlines()
    [slide] = [row for row in map(json.loads, lines) if row["text"].startswith("Projekta ieguvumi:")]
    tagger = Tagger(load_taxonomy(), embedder)
    vector = embedder.embed_passages([Passage("", "", 0, slide["text"], slide["heading"]).text_for_embedding])
    [tags] = tagger.tag([slide["text"]], vector, [slide["heading"]])
    assert slide["kind"] == tags.kind == "result"
