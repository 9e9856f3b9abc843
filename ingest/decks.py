"""What the slide decks' readers share (PPTX and PPT: ingest/powerpoint.py; ODP: ingest/opendocument.py). A slide is a
page. Its title is a heading block, the text of its other shapes follows in reading order (top to bottom, then left to
right) as paragraphs and list items, a table becomes one table block per row, and the speaker notes become one
paragraph that starts "✎ " (NOTES_PREFIX: a sign read in any language), on the slide's page. A deck's text leaves out
what every slide repeats and its agenda slide's items.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.contents import agenda_slides
from ingest.paged import drop_repeated_on_slides
from ingest.text import normalize_text
from ingest.types import Block
from kb.errors import UnreadableFile

NOTES_PREFIX = "✎ "  # opens a slide's speaker notes: not the English "Notes:" in a Latvian or Russian text


def notes_block(lines: Iterable[str], page: int) -> list[Block]:
    text = " ".join(line for line in (normalize_text(line).strip() for line in lines) if line)
    return [Block(NOTES_PREFIX + text, "paragraph", page)] if text else []


def deck_text(blocks: list[Block], slides: int) -> list[Block]:
    """A deck's blocks without what every slide repeats and without its agenda slide's items (its notes stay)."""
    blocks = drop_repeated_on_slides(blocks, slides)
    agenda = agenda_slides(blocks)
    return [block for block in blocks if block.page not in agenda or block.text.startswith(NOTES_PREFIX)] or blocks


def empty_deck(slides: int) -> UnreadableFile:
    if not slides:
        return UnreadableFile("empty: no slides")
    return UnreadableFile("empty: no text on its one slide" if slides == 1 else f"empty: no text on any of its {slides} slides")
