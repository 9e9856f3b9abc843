"""What the slide decks' readers share (PPTX and PPT: ingest/powerpoint.py; ODP: ingest/opendocument.py). A slide is a
page. Its title is a heading block, the text of its other shapes follows in reading order (top to bottom, then left to
right) as paragraphs and list items, a table becomes one table block per row, and the speaker notes become one
paragraph that starts "✎ " (NOTES_PREFIX: a sign read in any language), on the slide's page. A deck's text leaves out
what every slide repeats and its agenda slide's items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.contents import agenda_slides
from ingest.filetypes import SUPPORTED_SUFFIXES
from ingest.paged import drop_repeated_on_slides
from ingest.text import normalize_text
from ingest.types import WITHIN, Block
from kb.errors import UnreadableFile

DECK_TYPES = ("pptx", "ppt", "odp")  # the file types whose pages are slides
NOTES_PREFIX = "✎ "  # opens a slide's speaker notes: not the English "Notes:" in a Latvian or Russian text


def is_deck(file_type: str, attachment: str = "") -> bool:
    """Whether a passage's pages are slides: its file, or the file attached to a message or in an archive that it
    comes from ("vēstule.eml › prezentācija.pptx"), is a deck."""
    if attachment:
        return SUPPORTED_SUFFIXES.get(Path(attachment.split(WITHIN)[-1]).suffix.lower()) in DECK_TYPES
    return file_type in DECK_TYPES


def notes_block(lines: Iterable[str], page: int) -> list[Block]:
    text = " ".join(line for line in (normalize_text(line).strip() for line in lines) if line)
    return [Block(NOTES_PREFIX + text, "paragraph", page)] if text else []


def deck_text(blocks: list[Block], slides: int) -> list[Block]:
    """A deck's blocks without what every slide repeats and without its agenda slide's items (its notes stay)."""
    blocks = drop_repeated_on_slides(blocks, slides)
    agenda = agenda_slides(blocks)
    return [block for block in blocks if block.page not in agenda or block.text.startswith(NOTES_PREFIX)] or blocks


def read_shown_slides(
    hidden: list[bool], read: Callable[[set[int]], list[Block]]
) -> tuple[list[Block], int, tuple[str, ...]]:
    """The blocks of the slides not hidden (read: the blocks of the slides numbered so), how many slides those are, and
    a warning naming the hidden ones: a slide hidden in the deck (a draft, a spare, "not for publishing") is not read,
    as a hidden sheet is not. When the slides shown hold no text (every slide hidden, or only pictures shown), all are
    read. Slides keep their numbers either way."""
    every = set(range(1, len(hidden) + 1))
    numbers = [number for number, is_hidden in enumerate(hidden, start=1) if is_hidden]
    if numbers and (blocks := read(every - set(numbers))):
        return blocks, len(every) - len(numbers), (f"hidden slides not read: {', '.join(map(str, numbers))}",)
    return read(every), len(every), ()


def empty_deck(slides: int) -> UnreadableFile:
    if not slides:
        return UnreadableFile("empty: no slides")
    return UnreadableFile("empty: no text on its one slide" if slides == 1 else f"empty: no text on any of its {slides} slides")
