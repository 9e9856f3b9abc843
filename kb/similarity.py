"""How the dense leg scores a passage: its cosine to the query mixed with its best sentence window's, at a weight that
depends on the query's language (window_weight), or for a short Latvian question raised by it (window_use), and
lowered for very short passages (short_penalty)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kb import adapter, windows

SHORT_WORDS = 40  # passages shorter than this get a lower dense score ...
SHORT_PENALTY = 0.05  # ... by up to this much cosine (a one-word passage); measured in docs/search-quality.md
# Share of a passage's dense score that comes from its best sentence window, by query language. Measured
# with `kb eval` (docs/search-quality.md): English and Russian questions over Latvian passages gain on every
# set (FLORES en->lv 0.898 -> 0.964). Latvian questions get none mixed in: over Latvian passages they lose a little
# at every weight (the keyword leg already matches them word by word); a short one is raised (LIFT, below).
WINDOW_WEIGHT = {"en": 0.5, "ru": 0.4}
# The other languages the query adapter moves toward Latvian (kb/adapter.py, a mean shift: Portuguese, German,
# Ukrainian, ...) get this weight. Portuguese seed questions among the distractors lost with windows alone (0.587 ->
# 0.498) and with the shift alone (-> 0.585); both together gain (-> 0.706); chosen on the seed questions (shift
# 0-1.0, weight 0-0.75). A language without a shift gets no windows.
SHIFTED_WINDOW_WEIGHT = 0.5
# A Latvian question of at most SHORT_QUESTION words raises a passage whose best window is closer to it than the passage
# by more than LIFT_MARGIN, by LIFT of the difference, and lowers none (window_use): such a question names one thing, as
# one sentence does. Latvian questions mixed with their windows lost at every weight (the keyword leg already matches
# their words); raised, the seed questions among the distractors gained (Latvian 0.831 -> 0.855) but FLORES sentences
# left out of their articles, 7-29 words long, lost (0.734 -> 0.723): they carry a passage's worth of context. Up to 8
# words no set loses; at 9-10 FLORES sentences among the distractors and the Latvian -> Russian ones lose 0.002.
# Written questions never tuned on, 4-8 words: an NGO's documents 0.878 -> 0.967 (docs/search-quality.md).
LATVIAN = "lv"
SHORT_QUESTION = 8
LIFT = 0.5
LIFT_MARGIN = 0.02


def short_penalty(words):
    """How much a passage of this many words loses from its dense score (numbers or numpy arrays)."""
    return SHORT_PENALTY * np.maximum(0.0, 1 - np.asarray(words) / SHORT_WORDS)


def with_window(cosine, window_cosine, weight: float):
    """A passage's cosine mixed with its best window's (numbers or numpy arrays)."""
    return (1 - weight) * cosine + weight * window_cosine


def lifted(cosine, window_cosine, lift: float):
    """A passage's cosine raised toward its best window's when that is closer by more than LIFT_MARGIN (numbers or
    numpy arrays)."""
    return cosine + lift * np.maximum(0.0, window_cosine - cosine - LIFT_MARGIN)


@dataclass(frozen=True)
class WindowUse:
    """How a query's passages count their best sentence window: mixed into their cosine at `weight`, or only raising
    it (`lift`); neither: the passage's own cosine alone."""

    weight: float = 0.0
    lift: float = 0.0

    def __post_init__(self) -> None:
        if self.weight and self.lift:
            raise ValueError("a window is either mixed in or lifts, not both")

    def __bool__(self) -> bool:
        return bool(self.weight or self.lift)

    @property
    def share(self) -> float:
        """The most a window's cosine moves a passage's score by (how far a window's error reaches)."""
        return max(self.weight, self.lift)

    def score(self, cosine, window_cosine):
        """A passage's dense score from its cosine and its best window's (numbers or numpy arrays)."""
        if self.lift:
            return lifted(cosine, window_cosine, self.lift)
        return with_window(cosine, window_cosine, self.weight)

    def for_passages_in(self, language: str, model_id: str, words: int) -> WindowUse:
        """How windows count for passages in another language than the question's, ranked by the question moved toward
        theirs (kb/dense.py): the question's own mix when it has one, else that language's."""
        return self if self.weight else window_use(language, model_id, words)


def window_use(language: str, model_id: str, words: int) -> WindowUse:
    """How the passages' windows count for a query in this language of this many words."""
    weight = window_weight(language, model_id)
    if weight:
        return WindowUse(weight=weight)
    return WindowUse(lift=LIFT) if language == LATVIAN and words <= SHORT_QUESTION else WindowUse()


def window_weight(language: str, model_id: str) -> float:
    """The share of a passage's dense score that comes from its best window, for a query in this language (0: the
    passage's own cosine alone)."""
    if language in WINDOW_WEIGHT:
        return WINDOW_WEIGHT[language]
    return SHIFTED_WINDOW_WEIGHT if adapter.moves(language, model_id) else 0.0


@dataclass(frozen=True)
class Similarity:
    cosine: float  # the passage's cosine to the query, with its best window's counted (window_use)
    window: windows.BestWindow | None
