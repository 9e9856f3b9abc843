"""Fit the kind layer (ingest/tag.py, TrainedLayer) on eval/tags/train.jsonl and write ingest/kind_layer.npz.

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python scripts/train_kinds.py

Features of a passage: its vector as ingest embeds it (the bundled multilingual-e5-small) and the 6 kind
signal scores of today's tagger (meaning, cue words and headings, Tagger.scores), each standardised, the
signal scores then weighted by a factor (a ridge penalty then weighs them less than the 384 vector
dimensions). One ridge regression per kind (targets +1 / -1); a passage takes the kind that scores best.
The penalty and the signals' weight are the pair with the best accuracy over the training set's 5 folds
(row i in fold i % 5). The "cross-validated" figure is nested: each outer fold's pair is chosen on its own
inner folds, so no passage is judged by a layer or a choice that saw it. Only the training set is used:
the dev and held-out sets are measured by scripts/eval_tags.py and never chosen on. No randomness.

Also compared by the same 5 folds (a one-off run outside the repository): a softmax (multinomial logistic)
regression, 500 steps of gradient descent, penalty 1, 10 or 100 and signal weight 1, 3 or 10: 0.839-0.871,
against 0.760-0.864 for this ridge grid (signals alone 0.716). The best of each differ by two passages of
317, and the ridge needs no iterations or step size, so the ridge is kept.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np

from ingest.embed import embed_texts, load_embedder
from ingest.tag import KIND_LAYER_PATH, TAXONOMY_PATH, Tagger, read_taxonomy
from ingest.types import Passage

TRAIN = Path(__file__).resolve().parent.parent / "eval" / "tags" / "train.jsonl"
RIDGES = (30.0, 100.0, 300.0, 1000.0, 3000.0)
SIGNAL_WEIGHTS = (1.0, 3.0, 10.0)
FOLDS = 5

Model = tuple[np.ndarray, np.ndarray, np.ndarray]  # mean, scale, weights (the last row the bias)


def fit(vectors: np.ndarray, signals: np.ndarray, gold: np.ndarray, ridge: float, signal_weight: float) -> Model:
    """Ridge regression of +1/-1 per kind (gold: one column a kind, True for the passage's kind)."""
    features = np.hstack([vectors, signals]).astype(np.float64)
    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-6
    scale[vectors.shape[1] :] /= signal_weight
    x = np.hstack([(features - mean) / scale, np.ones((len(features), 1))])
    penalty = ridge * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    weights = np.linalg.solve(x.T @ x + penalty, x.T @ (2.0 * gold - 1.0))
    return mean, scale, weights


def predict(model: Model, vectors: np.ndarray, signals: np.ndarray) -> np.ndarray:
    """The best-scoring kind of each passage (its column)."""
    mean, scale, weights = model
    return np.argmax(((np.hstack([vectors, signals]) - mean) / scale) @ weights[:-1] + weights[-1], axis=1)


def cross_validated(vectors: np.ndarray, signals: np.ndarray, gold: np.ndarray, ridge: float, signal_weight: float) -> float:
    predicted = np.zeros(len(gold), dtype=int)
    folds = np.arange(len(gold)) % FOLDS
    for fold in range(FOLDS):
        test = folds == fold
        model = fit(vectors[~test], signals[~test], gold[~test], ridge, signal_weight)
        predicted[test] = predict(model, vectors[test], signals[test])
    return float(np.mean(predicted == gold.argmax(axis=1)))


def choose(vectors: np.ndarray, signals: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """The (ridge, signal weight) with the best cross-validated accuracy (the first of equals)."""
    grid = list(itertools.product(RIDGES, SIGNAL_WEIGHTS))
    return max(grid, key=lambda pair: cross_validated(vectors, signals, gold, *pair))


def nested_cross_validation(vectors: np.ndarray, signals: np.ndarray, gold: np.ndarray) -> float:
    predicted = np.zeros(len(gold), dtype=int)
    folds = np.arange(len(gold)) % FOLDS
    for fold in range(FOLDS):
        test = folds == fold
        pair = choose(vectors[~test], signals[~test], gold[~test])
        predicted[test] = predict(fit(vectors[~test], signals[~test], gold[~test], *pair), vectors[test], signals[test])
    return float(np.mean(predicted == gold.argmax(axis=1)))


def main() -> int:
    rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = load_embedder()
    taxonomy = read_taxonomy(TAXONOMY_PATH)
    tagger = Tagger(taxonomy, embedder, kind_layer=False)
    n_themes, kind_ids = len(taxonomy.themes), [label.id for label in taxonomy.kinds]
    texts, headings = [r["text"] for r in rows], [r["heading"] for r in rows]
    vectors = embed_texts(embedder, [Passage("", "", 0, r["text"], r["heading"]).text_for_embedding for r in rows])
    signals = tagger.scores(texts, vectors, headings)[:, n_themes:]
    gold = np.array([[kind == r["kind"] for kind in kind_ids] for r in rows])

    before = float(np.mean(signals.argmax(axis=1) == gold.argmax(axis=1)))
    nested = nested_cross_validation(vectors, signals, gold)
    ridge, signal_weight = choose(vectors, signals, gold)
    chosen_figure = cross_validated(vectors, signals, gold, ridge, signal_weight)
    mean, scale, weights = fit(vectors, signals, gold, ridge, signal_weight)
    fitted = float(np.mean(predict((mean, scale, weights), vectors, signals) == gold.argmax(axis=1)))

    about = {
        "model_id": embedder.model_id,
        "label_ids": kind_ids,
        "ridge": ridge,
        "signal_weight": signal_weight,
        "training_passages": len(rows),
        "signals_only_train": round(before, 3),
        "cross_validated_train": round(nested, 3),
        "chosen_pair_cross_validated_train": round(chosen_figure, 3),
        "fitted_train": round(fitted, 3),
    }
    np.savez_compressed(
        KIND_LAYER_PATH,
        meta=np.array(json.dumps(about, ensure_ascii=False)),
        centroids=tagger.centroids[n_themes:].astype(np.float32),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=weights.astype(np.float32),
    )
    print(f"{len(rows)} training passages; ridge {ridge:g}, signal weight {signal_weight:g}; wrote {KIND_LAYER_PATH}")
    print(f"  kind accuracy: signals alone {before:.3f}, layer nested 5-fold CV {nested:.3f}", end="")
    print(f" (the chosen pair's 5-fold CV {chosen_figure:.3f}), layer fitted {fitted:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
