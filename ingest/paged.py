"""Paged text (a PDF's or a scan's pages, a string a page) as blocks: without the running headers and footers and
the page numbers (a preface's roman ones too) that repeat on its pages, nor its table of contents and index
(ingest/contents.py); a deck's blocks without a text repeated on most slides (drop_repeated_on_slides).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ingest.contents import contents_kind, contents_lines
from ingest.forms import with_answers
from ingest.text import blocks_from_lines, normalize_text
from ingest.types import Block

PAGE_NUMBER = re.compile(r"^(?:page\s*|lpp\.?\s*|стр\.?\s*)?\d{1,4}(?:\s*(?:/|of|no|из)\s*\d{1,4})?$", re.I)


def page_blocks(
    texts: list[str], by_ocr: frozenset[int], answers: list[list[tuple[str, str]]] | None = None
) -> tuple[Block, ...]:
    """The blocks of a paged document's text (a string per page), without its running headers and footers (paged_text)."""
    return paged_text(texts, by_ocr, answers)[0]


def paged_text(
    texts: list[str], by_ocr: frozenset[int], answers: list[list[tuple[str, str]]] | None = None
) -> tuple[tuple[Block, ...], str]:
    """The blocks of a paged document's text (a string per page), without its running headers and footers, tables of
    contents and index; the blocks of the 1-based pages in by_ocr are marked as read by OCR. A form's answers
    (form_answers) join each page's text once its headers and footers are gone, so they neither hide a footer nor are
    taken for one. And the headers and footers left out, once each, page numbers aside (Document.margins): a
    letterhead's or the minutes' "Biedrība „Bērzes attīstības biedrība” — valdes sēžu protokoli 2023" names whose
    they are, as a Word file's headers do."""
    from dataclasses import replace

    pages = [normalize_text(text, "NFKC").split("\n") for text in texts]
    cleaned = _drop_repeated_edges(pages)
    blocks: list[Block] = []
    runs_on = ""  # the page before ended in a table of contents or an index: which
    for number, lines in enumerate(cleaned, 1):
        # a table of contents or an index points to the answers: left out (its page counts), ingest/contents.py
        contents = contents_lines(lines, len(texts), runs_on)
        ended = bool(contents) and not any(line.strip() for line in lines[contents.stop :])
        runs_on = (contents_kind(lines[contents.start : contents.stop]) or runs_on or "contents") if ended else ""
        lines = lines[: contents.start] + lines[contents.stop :]
        if answers and answers[number - 1]:
            lines = normalize_text(with_answers("\n".join(lines), answers[number - 1]), "NFKC").split("\n")
        read = blocks_from_lines(lines, number)
        blocks.extend([replace(block, ocr=True) for block in read] if number in by_ocr else read)
    kept = {line for lines in cleaned for line in lines}
    dropped = [line.strip() for lines in pages for line in lines if line not in kept and re.search(r"[^\W\d_]{2}", line)]
    once: dict[str, str] = {}
    for line in dropped:
        once.setdefault(re.sub(r"\d+", "#", line), line)  # "1. lpp." for every page's label
    return tuple(blocks), "\n".join(once.values())


def drop_repeated_on_slides(blocks: list[Block], slides: int) -> list[Block]:
    """A deck's blocks without a text its author repeated on most slides (a footer typed in a text box, "Brīvprātīgo
    koordinatoru mācības · Rīga 2024 · 17", a logo's words), numbers aside; slide titles stay."""

    def key(block: Block) -> str:
        return re.sub(r"\d+", "#", block.text.strip().lower())

    on_slides = Counter(k for k, _ in {(key(block), block.page) for block in blocks if block.kind != "heading"})
    repeated = {k for k, n in on_slides.items() if n >= max(3, slides // 2 + 1)}
    kept = [block for block in blocks if block.kind == "heading" or key(block) not in repeated]
    return kept or blocks  # every slide the same words and nothing else: those words are the deck


EDGE_LINES = 4  # a running header or footer is at most this many lines (an address, a phone, a funder's line, a number)


def _drop_repeated_edges(pages: list[list[str]]) -> list[list[str]]:
    """Remove running headers, footers and page numbers: lines at a page's top (or bottom) that repeat at the top (or
    bottom) of most pages, of most odd or of most even pages (reports alternate them), peeled off from the edge inward,
    so that a line of text between them stays."""

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    texts = [[line for line in lines if line.strip()] for lines in pages]
    top = _repeated([{key(line) for line in lines[:EDGE_LINES]} for lines in texts])
    bottom = _repeated([{key(line) for line in lines[-EDGE_LINES:]} for lines in texts])
    # a header that names the chapter beside the document ("Labās prakses kompendijs 2024 · 5. Nodarbinātība"): its
    # fixed part repeats, the whole line on each of a chapter's pages (a deck's titles "Projekts · <topic>" differ)
    top_lines = Counter(k for lines in texts for k in {key(line) for line in lines[:EDGE_LINES]})
    bottom_lines = Counter(k for lines in texts for k in {key(line) for line in lines[-EDGE_LINES:]})
    top_parts = _chapters([[key(line) for line in lines[:EDGE_LINES]] for lines in texts], top_lines)
    bottom_parts = _chapters([[key(line) for line in lines[-EDGE_LINES:]] for lines in texts], bottom_lines)
    seen = {line.strip().lower() for lines in texts for line in lines[:EDGE_LINES]}  # a heading opens a page
    top -= {k for k in top if _numbered_heading(k) and sum(key(line) == k for line in seen) > 1}
    numbering, roman_numbering = _page_numbering(texts), _page_numbering(texts, _roman)

    def boilerplate(line: str, keys: set[str], parts: set[str], line_counts: Counter, number: int) -> bool:
        if line.strip().isdigit():  # a number alone is a page number only where the page's number would be
            return _is_page_number(line.strip(), number, numbering)
        if (roman := _roman(line)) is not None:  # a preface's "ii": only where its pages' numbers run so
            return roman_numbering is not None and roman == number + roman_numbering
        chapter_header = line_counts[key(line)] >= 2 and not parts.isdisjoint(_header_parts(key(line)))
        if chapter_header or (key(line) in parts and number > 1):
            return True  # the document's name alone too, on pages of no chapter (on its cover it is its title)
        return key(line) in keys or _is_page_number(line.strip(), number, numbering)

    cleaned = []
    for number, lines in enumerate(pages, start=1):
        filled = [i for i, line in enumerate(lines) if line.strip()]  # the lines with text, by position
        first = next(
            (n for n, i in enumerate(filled) if not boilerplate(lines[i], top, top_parts, top_lines, number)), len(filled)
        )
        last = next(
            (n for n in range(len(filled) - 1, first - 1, -1)
             if not boilerplate(lines[filled[n]], bottom, bottom_parts, bottom_lines, number)),
            first - 1,
        )  # fmt: skip
        dropped = set(filled[:first] + filled[last + 1 :])
        cleaned.append([line for i, line in enumerate(lines) if i not in dropped])
    if not any(line.strip() for lines in cleaned for line in lines):
        return pages  # every page holds the same line and nothing else: that line is the document, not its header
    return cleaned


HEADER_SEPARATOR = re.compile(r"\s+[·•|–—]\s+")  # between a running header's parts: "Kompendijs 2024 · 5. Nodaļa"


def _header_parts(key: str) -> set[str]:
    """The first and the last part of a line cut where a running header parts the document's name from its chapter's
    (" · ", " | ", " – "), those of two words or more; none for a line not so cut."""
    parts = HEADER_SEPARATOR.split(key)
    if len(parts) < 2:
        return set()
    return {part for part in (parts[0], parts[-1]) if len(re.findall(r"[^\W\d_]{2,}", part)) >= 2}


def _chapters(edges: list[list[str]], line_counts: Counter) -> set[str]:
    """The parts of the lines at one edge of each page (their keys) that repeat on most pages, where most lines holding
    the part stand on two pages or more (a chapter's header), as a deck's slide titles sharing a part ("Erasmus+
    projekts – <topic>") do not, one repeated or not."""

    def chaptered(part: str) -> bool:
        counts = [count for line, count in line_counts.items() if part in _header_parts(line)]
        return 2 * sum(count >= 2 for count in counts) > len(counts)

    parts = _repeated([{part for line in lines for part in _header_parts(line)} for lines in edges])
    return {part for part in parts if chaptered(part)}


def _repeated(edges: list[set[str]]) -> set[str]:
    """The lines at one edge that repeat on most pages (at least 3; both pages of a two-page letter), or, in a document
    of 4 pages or more, on most of its odd or of its even pages."""
    counts = Counter(k for keys in edges for k in keys)
    needed = 2 if len(edges) == 2 else max(3, len(edges) // 2 + 1)
    found = {k for k, n in counts.items() if n >= needed}
    if len(edges) >= 4:
        for alternate in (edges[0::2], edges[1::2]):
            counts = Counter(k for keys in alternate for k in keys)
            found |= {k for k, n in counts.items() if n >= max(2, len(alternate) // 2 + 1)}
    return found


def _page_numbering(texts: list[list[str]], value: Callable[[str], int | None] | None = None) -> int | None:
    """How far the printed page numbers run ahead of the page count (page 1 printed "1": 0; an excerpt from page 101: 100):
    the most common difference of a bare number at a page's edge (or of what value reads as one), if two pages or
    more agree."""
    numbers = ((number, value(line) if value else int(line) if line.strip().isdigit() and len(line.strip()) <= 4 else None)
               for number, lines in enumerate(texts, start=1) for line in {*lines[:2], *lines[-2:]})  # fmt: skip
    offsets = Counter(printed - number for number, printed in numbers if printed is not None)
    offset, count = max(offsets.items(), key=lambda item: item[1], default=(None, 0))
    return offset if count >= 2 else None


ROMAN = re.compile(r"\s*(x{0,3})(ix|iv|v?i{0,3})\s*", re.IGNORECASE)  # i to xxxix: a preface's page numbers
ROMAN_DIGITS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "": 0}


def _roman(line: str) -> int | None:
    """The number a line of one roman numeral ("iv", "XII") stands for, or None."""
    match = ROMAN.fullmatch(line)
    if not match or not (match[1] or match[2]):
        return None
    return 10 * len(match[1]) + ROMAN_DIGITS[match[2].lower()]


# A word and a number ("3. diena", "Day 3", "Глава 2", "Protokols Nr. 5"), with the number replaced by "#"
NUMBERED_LABEL = re.compile(r"#\.?\s*([^\W\d_]+)\.?|([^\W\d_]+)\.?\s*(?:nr\.?\s*|no\.\s*|№\s*)?#\.?")  # "Protokols Nr. 5"
PAGE_WORDS = {"page", "p", "pg", "lpp", "lappuse", "lapa", "psl", "puslapis", "lk", "стр", "страница", "с", "сторінка", "seite",
              "s", "side", "sivu", "strona", "pagina", "página", "slide", "slaids", "folie", "слайд"}  # fmt: skip


def _numbered_heading(key: str) -> bool:
    """Whether a line that repeats at the pages' tops with a different number on each ("1. diena", "2. diena", ...) is
    a numbered heading, which is kept, rather than a page label ("3. lpp.", "Page 3", "Slide 3"), which is not. A
    line at the pages' foot is a footer whatever its words."""
    label = NUMBERED_LABEL.fullmatch(key)
    return bool(label) and (label[1] or label[2]) not in PAGE_WORDS


def _is_page_number(line: str, number: int, numbering: int | None) -> bool:
    """A page number or "page 3 of 7"; a bare number only where the page's number would be (a cover's year or a
    table's total at the foot of a page is no page number)."""
    if not PAGE_NUMBER.match(line):
        return False
    if not line.isdigit():
        return True
    return int(line) == number + (numbering if numbering is not None else 0)
