"""A paged document's table of contents and its index at the back: they point to the answers and are none.

A compendium's contents page repeats every practice's heading and a word of its text ("4.1. Mobilā bibliotēka
ciemos (Suomen Kylät ry, Somija) ..... 25"), so it outranked the practice itself for a fifth of a tester's questions,
and cards quoted its lines. A Word document's table of contents is left out when it is read (ingest/read.py); a
PDF's is found by its lines: a title ("Saturs", "Contents", "Содержание", "Index") over entries ending in a page
number, or, where a contents page runs on without its title, three entries with leaders ("Kopsavilkums ..... 72").
Its pages still count: the pages after it keep their numbers.
"""

from __future__ import annotations

import re

CONTENTS_TITLE = re.compile(
    r"(?i)\s*(?:saturs|satura rādītājs|rādītājs|alfabētiskais rādītājs|priekšmetu rādītājs|table of contents|contents"
    r"|index|содержание|оглавление|указатель|предметный указатель|turinys|sisukord|inhaltsverzeichnis|inhalt"
    r"|spis treści|sommaire|índice|indice)\s*:?\s*"
)
LEADERS = re.compile(r"(?:\.{3,}|…+|(?:\. ){3,}|_{3,}|-{3,}|(?:- ){3,})\s*\d{1,4}\s*$")  # "Kopsavilkums ..... 72"
# an entry: words, then its page numbers ("repair café 6", "seniori 19, 45", "farmers, young 32-33")
ENTRY = re.compile(r"[^\W\d_].*\s\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\s*$")
LEADED_ENTRIES = 3  # entries with leaders that make a page of contents without its title


def contents_lines(lines: list[str], runs_on: bool = False) -> range:
    """The positions in a page's lines of its table of contents or index (the title, its entries and the lines an
    entry wraps over), or an empty range. runs_on: the page before ended in contents, so entries without a title or
    leaders are contents too (an index running on)."""
    filled = [number for number, line in enumerate(lines) if line.strip()]
    title = next((number for number in filled if CONTENTS_TITLE.fullmatch(lines[number])), None)  # an index after text
    below = [number for number in filled if title is None or number > title]
    entries = [number for number in below if LEADERS.search(lines[number]) or ENTRY.match(lines[number].strip())]
    leaded = sum(bool(LEADERS.search(lines[number])) for number in entries)
    if len(entries) < LEADED_ENTRIES or 2 * len(entries) < len(below):
        return range(0)
    if title is None and leaded < LEADED_ENTRIES and not runs_on:
        return range(0)
    return range(below[0] if title is None else title, entries[-1] + 1)
