"""Sentence windows: the short stretches of a passage that are embedded beside it.

A passage of 40-180 words often covers several things (a slide with three impressions, a letter
paragraph with a date, a place and a request), and its one vector averages them. Each window is
a run of consecutive sentences (or lines: bullets and slide lines count as sentences) grouped
until it holds at least `min_words` words, starting at every sentence in turn, so a question
that one sentence answers meets a window made of little more than that sentence.

Windows are spans of the passage's own text (character offsets), so a hit can show and mark
the sentence that matched.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

# A sentence ends at . ! ? … before white space and a capital, digit or opening quote, or at a line end.
SENTENCE_END = re.compile(r"(?<=[.!?…])[ \t]+(?=[\"„«(]?[A-ZĀ-ŽА-ЯЁ0-9])|\s*\n\s*")
# ... except after an abbreviation or an initial ("Nr. 5", "A. Bērziņš", "Dr. Ūrs", "plkst. 10.00 Madonā").
# Not "им." (named after): far more often the pronoun ending a Russian sentence ("Мы помогали им.").
ABBREVIATIONS = (
    r"nr|gs|t\.sk|u\.c|piem|utt|sk|dr|prof|st|mr|mrs|ms|vs|etc|e\.g|i\.e|pp|no|plkst|tālr|mob|tel|apm|approx|ул|тел|стр"
)
ABBREVIATION = re.compile(rf"(?:\b(?:{ABBREVIATIONS})\.|\b\w\.)$", re.I)  # \w.: an initial, "g.", "p.", "д."
ABBREVIATION_CHARS = 10  # the longest ("approx.") and more: where a sentence's end is looked for one
CUTTER_VERSION = 4  # raise when the cutting rules change: indexes then cut and embed the windows it changed


@dataclass(frozen=True)
class WindowSettings:
    min_words: int = 12  # a window grows sentence by sentence until it has this many words
    max_words: int = 50  # a longer sentence is cut into pieces of this many words


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of text, white space excluded."""
    spans, start = [], 0
    for boundary in SENTENCE_END.finditer(text):
        end = boundary.start()
        if "\n" not in boundary.group() and ABBREVIATION.search(text, max(0, end - ABBREVIATION_CHARS), end):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = boundary.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _word_pieces(text: str, span: tuple[int, int], max_words: int) -> list[tuple[int, int]]:
    """A sentence longer than max_words, cut at word boundaries into pieces of max_words."""
    words = [match.span() for match in re.finditer(r"\S+", text[span[0] : span[1]])]
    if len(words) <= max_words:
        return [span]
    return [
        (span[0] + words[i][0], span[0] + words[min(i + max_words, len(words)) - 1][1]) for i in range(0, len(words), max_words)
    ]


def window_spans(
    text: str, settings: WindowSettings = WindowSettings(), breaks: Sequence[int] = ()
) -> list[tuple[int, int]]:
    """(start, end) of every window of a passage, in order; a passage of one short sentence gives one window.

    A window starts at each sentence and takes the following ones until it has min_words words;
    windows that cannot reach min_words before the passage ends are dropped, except the first.
    No window runs across a break (offsets in text: where a deck's slides start), as none runs past the passage's end.
    """
    pieces = [piece for span in sentence_spans(text) for piece in _word_pieces(text, span, settings.max_words)]
    windows: list[tuple[int, int]] = []
    for part in _parted(pieces, breaks):
        counts = [len(text[start:end].split()) for start, end in part]
        for first in range(len(part)):
            words, last = 0, first
            while last < len(part) and words < settings.min_words:
                words += counts[last]
                last += 1
            if words < settings.min_words and first:
                break  # the tail is inside the window before it
            windows.append((part[first][0], part[last - 1][1]))
    return windows


def _parted(pieces: list[tuple[int, int]], breaks: Sequence[int]) -> list[list[tuple[int, int]]]:
    """The pieces (in text order) in runs between the breaks, each piece in the run its start is in."""
    ordered = sorted(breaks)
    return [list(run) for _, run in groupby(pieces, key=lambda piece: bisect_right(ordered, piece[0]))]
