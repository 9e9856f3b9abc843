"""The plain data that travels from files to the index: blocks, documents, passages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table"]


# (character offset, page) for each page a passage's text is on, in text order: that page's text starts there.
PageStarts = tuple[tuple[int, int], ...]


def span_pages(page_starts: PageStarts, start: int, end: int) -> tuple[int, int] | None:
    """The first and last page of the text between offsets start and end, or None when page_starts is empty."""
    end = max(end, start + 1)  # an empty span is on its start's page
    page_ends = [offset for offset, _ in page_starts[1:]] + [end]  # the last page runs to the span's end
    pages = [page for (offset, page), page_end in zip(page_starts, page_ends) if offset < end and page_end > start]
    return (min(pages), max(pages)) if pages else None


TITLE_WORDS = 10  # a line of at most this many words that ends no statement is a title, a question or a lead-in


def _title_line(line: str) -> bool:
    """Whether a line reads as a title ("Kāpēc bija nepieciešams šis projekts?", "ERASMUS + pieredze:") rather than
    a statement."""
    return len(line.split()) <= TITLE_WORDS and not line.rstrip().rstrip("\"'”»)").endswith((".", "!", "…"))


WITHIN = " › "  # in a cited name, between an attached message's (or container's) name and a file's in it

BYLINE = "✉ "  # opens an e-mail's line naming its sender and date (ingest/mail_text.py), in no language; never quoted on a card


@dataclass(frozen=True)
class Block:
    """One structural unit read from a file: a heading, a paragraph, a bullet or a table row group."""

    text: str
    kind: BlockKind = "paragraph"
    page: int | None = None  # 1-based; None when the format has no pages
    ocr: bool = False  # the text was read from an image by OCR (ingest/ocr_pages.py), not from the file's text
    attachment: str = ""  # in an e-mail, the attached file it was read from ("programma.pdf"); page is that file's
    # a spreadsheet's row is on a sheet: its name ("" for a CSV's or a sole default-named sheet), and page is the row's
    # number; None outside spreadsheets
    sheet: str | None = None
    # the previous block's paragraph goes on here, on the next page (a DOCX or ODT paragraph a page cut): the text
    # that joins the two (" ", or "" where a word was cut after its hyphen); None for a block of its own
    carries_on: str | None = None


@dataclass(frozen=True)
class Document:
    """What a reader returns: the file's blocks in reading order, plus what the file says of itself."""

    file_type: str  # "pdf", "docx", "txt", "md"
    blocks: tuple[Block, ...]
    pages: int | None = None
    title: str | None = None  # from the file's own metadata, when it has one
    warnings: tuple[str, ...] = ()
    margins: str = ""  # a Word file's or a PDF's headers and footers (a letterhead): its organisation and project, not passages

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class PartInfo:
    """What one part of an e-mail says of itself (its message: name ""; an attached file: its name), for the citation
    of that part's passages: a partner's report attached to a letter is cited with the report's organisation."""

    name: str
    organisations: tuple[str, ...] = ()
    project_numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata users filter and cite by, derived from a document's text."""

    title: str
    language: str
    organisations: tuple[str, ...] = ()
    project_numbers: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    parts: tuple[PartInfo, ...] = ()  # an e-mail with attached files: its message and each file; otherwise none


@dataclass(frozen=True)
class Passage:
    """A piece of a document long enough to stand alone: what is embedded, indexed and returned."""

    passage_id: str  # "<doc_id>:<position>", stable across re-ingests of the same content
    doc_id: str
    position: int
    text: str
    heading: str = ""  # the section or slide heading the passage sits under
    page_start: int | None = None
    page_end: int | None = None
    language: str = "unknown"
    themes: tuple[str, ...] = ()  # from ingest/tag.py, set when the index is written
    kind: str = ""
    ocr: bool = False  # some of its text was read by OCR: the citation says so, a reader should check the original
    attachment: str = ""  # the e-mail attachment it comes from, its pages that file's: the citation names it
    page_starts: PageStarts = ()  # where in text each of its pages starts; () without pages or in an older index
    kinds: tuple[str, ...] = ()  # its kind, then the other kinds its sentences surely carry (ingest/tag.py kinds_held)
    sheet: str | None = None  # a spreadsheet's passage: its sheet's name (Block.sheet), and its "pages" are rows

    def pages_of(self, start: int, end: int) -> tuple[int | None, int | None]:
        """The first and last page of text[start:end] (the passage, an excerpt, a matched sentence), not counting a
        title line at its start or end that stands on another page than the statement next to it (a slide's title
        printed at the foot of the page before its text); a list or a table running on to the next page counts, and so
        does every row of a spreadsheet's. The passage's own pages when where its pages start is not known."""
        lines = [(start + line.start(), start + line.end()) for line in re.finditer(r"[^\n]*\S[^\n]*", self.text[start:end])]

        def page(line: tuple[int, int]) -> int | None:
            return (span_pages(self.page_starts, *line) or (None, None))[0]

        def alone(title: tuple[int, int], next_to: tuple[int, int]) -> bool:
            title_like, statement = _title_line(self.text[slice(*title)]), not _title_line(self.text[slice(*next_to)])
            return title_like and statement and page(title) != page(next_to) and self.sheet is None

        if len(lines) > 1 and alone(lines[0], lines[1]):
            lines = lines[1:]
        if len(lines) > 1 and alone(lines[-1], lines[-2]):
            lines = lines[:-1]
        if lines:
            start, end = lines[0][0], lines[-1][1]
        return span_pages(self.page_starts, start, end) or (self.page_start, self.page_end)

    @property
    def text_for_embedding(self) -> str:
        if not self.heading or self.text.startswith(self.heading):
            return self.text
        return f"{self.heading}\n{self.text}"
