"""How the dense leg scores a passage: its cosine to the query mixed with its best sentence window's, at a weight that
depends on the query's language (window_weight), and lowered for very short passages (short_penalty)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kb import adapter, windows

SHORT_WORDS = 40  # passages shorter than this get a lower dense score ...
SHORT_PENALTY = 0.05  # ... by up to this much cosine (a one-word passage); measured in docs/search-quality.md
# Share of a passage's dense score that comes from its best sentence window, by query language. Measured
# with `kb eval` (docs/search-quality.md): English and Russian questions over Latvian passages gain on every
# set (FLORES en->lv 0.898 -> 0.964). Latvian questions get none: over Latvian passages they lose a little
# at every weight (the keyword leg already matches them word by word).
WINDOW_WEIGHT = {"en": 0.5, "ru": 0.4}
# The other languages the query adapter moves toward Latvian (kb/adapter.py, a mean shift: Portuguese, German,
# Ukrainian, ...) get this weight. Portuguese seed questions among the distractors lost with windows alone (0.587 ->
# 0.498) and with the shift alone (-> 0.585); both together gain (-> 0.706); chosen on the seed questions (shift
# 0-1.0, weight 0-0.75). A language without a shift gets no windows.
SHIFTED_WINDOW_WEIGHT = 0.5


def short_penalty(words):
    """How much a passage of this many words loses from its dense score (numbers or numpy arrays)."""
    return SHORT_PENALTY * np.maximum(0.0, 1 - np.asarray(words) / SHORT_WORDS)


def with_window(cosine, window_cosine, weight: float):
    """A passage's cosine mixed with its best window's (numbers or numpy arrays)."""
    return (1 - weight) * cosine + weight * window_cosine


def window_weight(language: str, model_id: str) -> float:
    """The share of a passage's dense score that comes from its best window, for a query in this language (0: the
    passage's own cosine alone)."""
    if language in WINDOW_WEIGHT:
        return WINDOW_WEIGHT[language]
    return SHIFTED_WINDOW_WEIGHT if adapter.moves(language, model_id) else 0.0


@dataclass(frozen=True)
class Similarity:
    cosine: float  # the passage's cosine to the query, mixed with its best window's (window_weight)
    window: windows.BestWindow | None
