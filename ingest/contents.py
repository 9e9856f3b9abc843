"""A paged document's table of contents and its index at the back: they point to the answers and are none.

A compendium's contents page repeats every practice's heading and a word of its text ("4.1. Mobilā bibliotēka
ciemos (Suomen Kylät ry, Somija) ..... 25"), so it outranked the practice itself for a fifth of a tester's questions,
and cards quoted its lines. A Word document's table of contents is left out when it is read (ingest/word.py); a
PDF's is found by its lines: a title ("Saturs", "Contents", "Содержание", "Index") over entries ending in a page
number, or, where a contents page runs on without its title, three entries with leaders ("Kopsavilkums ..... 72").
Its pages still count: the pages after it keep their numbers.

A deck's agenda slide is its table of contents: its items are the titles of the slides after it, in their order
("Darba kārtība: Kas ir brīvprātīgais darbs, Brīvprātīgo piesaiste, ..."). Merged with the title slide, it answered
a tester's topic questions before the topics' slides did (`agenda_slides`).
"""

from __future__ import annotations

import re

from ingest.quality import fold
from ingest.types import Block

TABLE_OF_CONTENTS = (r"saturs|satura rādītājs|table of contents|contents|содержание|оглавление|turinys|sisukord"
                     r"|inhaltsverzeichnis|inhalt|spis treści|sommaire|índice|indice")
INDEX = r"alfabētiskais rādītājs|priekšmetu rādītājs|rādītājs|index|указатель|предметный указатель"  # alphabetical
CONTENTS_TITLE = re.compile(rf"(?i)\s*(?:({TABLE_OF_CONTENTS})|({INDEX}))\s*:?\s*")
LEADERS = re.compile(r"(?:\.{3,}|…+|(?:\. ){3,}|_{3,}|-{3,}|(?:- ){3,})\s*\d{1,4}\s*$")  # "Kopsavilkums ..... 72"
# an entry: words, then its page numbers ("repair café 6", "seniori 19, 45", "farmers, young 32-33")
ENTRY = re.compile(r"[^\W\d_].*\s(\d{1,4})(?:\s*[,–-]\s*\d{1,4})*\s*$")
PAGE = re.compile(r"(\d{1,4})\s*$")
LEADED_ENTRIES = 3  # entries with leaders that make a page of contents without its title
IN_ORDER = 0.8  # of an entry and the next, the share in order: contents by page, an index by word
AGENDA_ITEMS = 3  # items naming later slides that make a slide an agenda
AGENDA_SHARE = 0.6  # of a slide's items, the share that must name later slides (a break or "Jautājumi" names none)


def contents_lines(lines: list[str], pages: int | None = None, runs_on: str = "") -> range:
    """The positions in a page's lines of its table of contents or index (the title, its entries and the lines an
    entry wraps over), or an empty range. Entries point to pages the document has (pages: how many), a table of
    contents' in page order, an index's in alphabetical order: a results table headed "Rādītājs" (an indicator) or a
    budget with leaders is neither. runs_on: "contents" or "index" when the page before ended in such entries, which
    then need no title or leaders."""
    filled = [number for number, line in enumerate(lines) if line.strip()]
    titled = next(((number, match) for number in filled if (match := CONTENTS_TITLE.fullmatch(lines[number]))), None)
    title = titled[0] if titled else None
    alphabetical = (titled[1].group(2) is not None) if titled else runs_on == "index"
    below = [number for number in filled if title is None or number > title]
    # an entry points to a page the document has ("Ceļa izdevumi ..... 2450" is a budget's line, "Kompendijs 2024" a title)
    pointing = {number: _page_of(lines[number].strip()) for number in below}
    entries = [number for number, page in pointing.items() if page is not None and (pages is None or page <= pages)]
    leaded = sum(bool(LEADERS.search(lines[number])) for number in entries)
    if len(entries) < LEADED_ENTRIES or 2 * len(entries) < len(below):
        return range(0)
    if title is None and leaded < LEADED_ENTRIES and not runs_on:
        return range(0)
    keys = [fold(lines[number].strip().casefold()) for number in entries] if alphabetical else [pointing[n] for n in entries]
    if sum(first <= second for first, second in zip(keys, keys[1:])) < IN_ORDER * (len(keys) - 1):
        return range(0)
    return range(below[0] if title is None else title, entries[-1] + 1)


def _page_of(line: str) -> int | None:
    """The page an entry points to ("Kopsavilkums ..... 72", "seniori 19, 45": its first), None for no entry."""
    if LEADERS.search(line):
        return int(PAGE.search(line).group(1))
    entry = ENTRY.match(line)
    return int(entry.group(1)) if entry else None


def contents_kind(lines: list[str]) -> str:
    """"index" or "contents", as the title among the lines says; "" without one."""
    titled = next((match for line in lines if (match := CONTENTS_TITLE.fullmatch(line))), None)
    return "" if titled is None else "index" if titled.group(2) is not None else "contents"


def agenda_slides(blocks: list[Block]) -> set[int]:
    """The slides (pages) of a deck's blocks that are its agenda: three items or more, most of them the titles of
    slides after it or their first words ("Kas ir brīvprātīgais darbs" for "Kas ir brīvprātīgais darbs (3)"), in
    their order. An item that says more than a title ("Darbnīca Ludzā – 25 dalībnieki") is no agenda's."""
    titles: dict[str, list[tuple[int, str]]] = {}  # by their first word: a deck of 2,000 slides is read in a blink
    for block in blocks:
        if block.kind == "heading" and block.page and (title := _title_key(block.text)):
            titles.setdefault(title.split()[0], []).append((block.page, title))
    items_on: dict[int, list[str]] = {}
    for block in blocks:
        if block.page and block.kind != "heading":
            items_on.setdefault(block.page, []).append(_title_key(block.text))
    agenda = set()
    for page, items in items_on.items():
        if len(items) < AGENDA_ITEMS:
            continue
        named = [_named_after(item, page, titles) for item in items]
        found = [at for at in named if at is not None]
        in_order = sum(first <= second for first, second in zip(found, found[1:]))
        if len(found) >= max(AGENDA_ITEMS, AGENDA_SHARE * len(items)) and in_order >= IN_ORDER * (len(found) - 1):
            agenda.add(page)
    return agenda


def _named_after(item: str, page: int, titles: dict[str, list[tuple[int, str]]]) -> int | None:
    """The first slide after page whose title the item is, or begins ("Motivācija un pateicība" names "Motivācija un
    pateicība jauniešiem"; "Motivācija" alone names none)."""
    if not item:
        return None
    for at, title in titles.get(item.split()[0], ()):
        if at > page and (title == item or (" " in item and title.startswith(item + " "))):
            return at
    return None


def _title_key(text: str) -> str:
    """A title's words, folded, without numbers and punctuation: "2. Kas ir brīvprātīgais darbs (3)" ->
    "kas ir brivpratigais darbs"."""
    return " ".join(re.findall(r"[^\W\d_]+", fold(text.casefold())))
