"""Fit the theme layer (ingest/tag.py, TrainedLayer) on eval/tags/train.jsonl and write ingest/theme_layer.npz.

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python scripts/train_themes.py

Features of a passage: its vector as ingest embeds it (the bundled multilingual-e5-small) and the
13 theme signal scores of today's tagger (meaning + cue words, Tagger.scores), each standardised,
the signal scores then weighted SIGNAL_WEIGHT times (a ridge penalty weighs them less: they carry
the hand-set knowledge, the 384 vector dimensions only correct it). One ridge regression per theme
(targets +1 / -1, lambda RIDGE), and one threshold for all themes: the one with the best micro F1 over
the training set's out-of-fold scores (5 folds: row i in fold i % 5). A passage gets the themes at or
above it (at most max_themes), and at least its best one.

The figure printed as "cross-validated" is nested: each outer fold's threshold is chosen on its
own inner folds, so no passage is scored by a layer or threshold that saw it. Only the training set
is used: the dev and held-out sets are measured by scripts/eval_tags.py and never chosen on.
No randomness: the same data and embedder give the same weights.

Variants compared by that nested cross-validation (micro F1 on train.jsonl; today's signals 0.822;
one-off runs outside the repository, threshold grid 0.1 apart): signal scores alone (logistic
lambda 1-100: 0.77-0.83, ridge lambda 10-100: 0.81-0.83), the vector alone (0.68-0.79), both
standardised alike (logistic lambda 1: 0.78-0.80, ridge: 0.75-0.81), both with the signals weighted
3 or 10 (ridge lambda 30-1000: 0.79-0.85; lambda 300, weight 10: 0.849, the best). For that one, a
threshold per theme scored 0.835 (0.847 with at least one theme a passage) against 0.837 (0.849)
for one threshold. This script's finer grid gives 0.844.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from ingest.embed import embed_texts, load_embedder
from ingest.tag import TAXONOMY_PATH, THEME_LAYER_PATH, Tagger, read_taxonomy
from ingest.types import Passage

TRAIN = Path(__file__).resolve().parent.parent / "eval" / "tags" / "train.jsonl"
RIDGE = 300.0
SIGNAL_WEIGHT = 10.0
FOLDS = 5
THRESHOLDS = np.round(np.arange(-1.0, 1.0001, 0.02), 2)  # ridge scores aim at -1 / +1


def fit(vectors: np.ndarray, signals: np.ndarray, gold: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean, scale, weights): ridge regression of +1/-1 per theme on the standardised features."""
    features = np.hstack([vectors, signals]).astype(np.float64)
    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-6
    scale[vectors.shape[1] :] /= SIGNAL_WEIGHT
    x = np.hstack([(features - mean) / scale, np.ones((len(features), 1))])
    penalty = RIDGE * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    weights = np.linalg.solve(x.T @ x + penalty, x.T @ (2.0 * gold - 1.0))
    return mean, scale, weights


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray], vectors: np.ndarray, signals: np.ndarray) -> np.ndarray:
    mean, scale, weights = model
    return ((np.hstack([vectors, signals]) - mean) / scale) @ weights[:-1] + weights[-1]


def choose(scores: np.ndarray, threshold: float, max_themes: int) -> np.ndarray:
    """The themes a passage gets: at or above the threshold, at most max_themes, at least the best one."""
    chosen = np.zeros(scores.shape, dtype=bool)
    for row, score in enumerate(scores):
        best = np.argsort(-score, kind="stable")[:max_themes]
        chosen[row, best[score[best] >= threshold]] = True
        chosen[row, best[0]] = True
    return chosen


def micro(chosen: np.ndarray, gold: np.ndarray) -> dict:
    tp, fp, fn = int((chosen & gold).sum()), int((chosen & ~gold).sum()), int((~chosen & gold).sum())
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def out_of_fold(vectors: np.ndarray, signals: np.ndarray, gold: np.ndarray) -> np.ndarray:
    scores = np.zeros(gold.shape)
    folds = np.arange(len(gold)) % FOLDS
    for fold in range(FOLDS):
        test = folds == fold
        scores[test] = predict(fit(vectors[~test], signals[~test], gold[~test]), vectors[test], signals[test])
    return scores


def best_threshold(scores: np.ndarray, gold: np.ndarray, max_themes: int) -> float:
    return float(max(THRESHOLDS, key=lambda t: micro(choose(scores, t, max_themes), gold)["f1"]))


def nested_cross_validation(vectors: np.ndarray, signals: np.ndarray, gold: np.ndarray, max_themes: int) -> dict:
    chosen = np.zeros(gold.shape, dtype=bool)
    folds = np.arange(len(gold)) % FOLDS
    for fold in range(FOLDS):
        test = folds == fold
        threshold = best_threshold(out_of_fold(vectors[~test], signals[~test], gold[~test]), gold[~test], max_themes)
        scores = predict(fit(vectors[~test], signals[~test], gold[~test]), vectors[test], signals[test])
        chosen[test] = choose(scores, threshold, max_themes)
    return micro(chosen, gold)


def main() -> int:
    rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = load_embedder()
    taxonomy = read_taxonomy(TAXONOMY_PATH)
    tagger = Tagger(taxonomy, embedder, layers=())
    theme_ids = [label.id for label in taxonomy.themes]
    n_themes, settings = len(theme_ids), taxonomy.settings
    texts, headings = [r["text"] for r in rows], [r["heading"] for r in rows]
    vectors = embed_texts(embedder, [Passage("", "", 0, r["text"], r["heading"]).text_for_embedding for r in rows])
    signals = tagger.scores(texts, vectors, headings)[:, :n_themes]
    gold = np.array([[theme in r["themes"] for theme in theme_ids] for r in rows])

    old = [tags.themes for tags in tagger.tag(texts, vectors, headings)]
    before = micro(np.array([[theme in themes for theme in theme_ids] for themes in old]), gold)
    cross_validated = nested_cross_validation(vectors, signals, gold, settings.max_themes)
    threshold = best_threshold(out_of_fold(vectors, signals, gold), gold, settings.max_themes)
    mean, scale, weights = fit(vectors, signals, gold)
    in_sample = micro(choose(predict((mean, scale, weights), vectors, signals), threshold, settings.max_themes), gold)

    about = {
        "model_id": embedder.model_id,
        "label_ids": theme_ids,
        "threshold": threshold,
        "ridge": RIDGE,
        "signal_weight": SIGNAL_WEIGHT,
        "training_passages": len(rows),
        "signals_only_train": before,
        "cross_validated_train": cross_validated,
        "fitted_train": in_sample,
    }
    np.savez_compressed(
        THEME_LAYER_PATH,
        meta=np.array(json.dumps(about, ensure_ascii=False)),
        centroids=tagger.centroids[:n_themes].astype(np.float32),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=weights.astype(np.float32),
    )
    print(f"{len(rows)} training passages; threshold {threshold:+.2f}; wrote {THEME_LAYER_PATH}")
    for name, figures in (("signals alone", before), ("layer, nested 5-fold CV", cross_validated), ("layer, fitted", in_sample)):
        print(f"  {name:26s} theme micro F1 {figures['f1']:.3f} (P {figures['precision']:.3f} / R {figures['recall']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
