"""A search hit: the passage, its citation, and why it matched."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from ingest.decks import is_deck
from ingest.filetypes import CONTAINER_TYPES

# How a citation names the place of a passage, in English; the app passes its interface language's (ui/labels.py).
# "page" and "pages" (and "slide(s)", "row(s)") are abbreviations put before the numbers or templates with {} for them.
# "attachment" names a file attached to an e-mail (or embedded in a PDF or an Office file), "member" one in an archive
PLACE_WORDS = {"page": "p.", "pages": "pp.", "slide": "slide", "slides": "slides", "row": "row", "rows": "rows",
               "sheet": "sheet", "attachment": "attachment", "member": "file"}  # fmt: skip


@dataclass(frozen=True)
class Hit:
    passage_id: str
    text: str
    score: float  # fused score: higher is better, comparable within one result list only
    title: str
    source: str  # the file, as it was ingested (e.g. "corpus/report.pdf")
    page: int | None  # first page of the passage; None for formats without pages
    page_end: int | None
    language: str
    doc_id: str
    heading: str
    organisations: tuple[str, ...]  # its document's; in an e-mail, its part's (the message's or the attached file's)
    project_numbers: tuple[str, ...]
    years: tuple[int, ...]
    countries: tuple[str, ...]
    dense_rank: int | None  # why it matched: rank by meaning, rank by keywords
    keyword_rank: int | None
    themes: tuple[str, ...] = ()  # theme ids, best first
    kind: str = ""  # practice, recommendation, result, context, event or profile
    kinds: tuple[str, ...] = ()  # kind, then the other kinds its sentences surely carry: what a kind filter finds it by
    matched_text: str | None = None  # the sentence window closest to the query: text[matched_start:matched_end]
    matched_start: int | None = None
    matched_end: int | None = None
    matched_page: int | None = None  # the page matched_text is on (and the last, if a page break cuts it)
    matched_page_end: int | None = None
    similarity: float | None = None  # cosine to the query (its best window's counted: window_use), None for keyword-only search
    keyword_share: float = 0.0  # share of the query's keywords (by IDF) the passage contains
    weak_match: bool = False  # neither leg vouches for it: the nearest the index has, not an answer
    ocr: bool = False  # some of the passage was read by OCR: check the original before quoting it
    attachment: str = ""  # the e-mail attachment the passage comes from; page and page_end are its pages
    file_type: str = ""  # its document's ("pdf", "pptx", "eml"): a deck's pages are slides, and cited as slides
    sheet: str | None = None  # a spreadsheet's passage: its sheet ('' unnamed), and page and page_end are its rows

    @property
    def citation(self) -> str:
        """'Title — source, p. 3 (Organisation, project No.; OCR)'; in an e-mail's attachment 'Title — source,
        attachment programma.pdf, p. 3'; in a deck 'slide 3'; in a workbook 'sheet Atsauksmes, rows 12-14'."""
        return self.cite()

    @property
    def page_unit(self) -> str:
        """What page and page_end count: "page", "slide" (a deck's) or "row" (a spreadsheet's)."""
        return page_unit(self.file_type, self.attachment, self.sheet)

    def cite(self, words: Mapping[str, str] = PLACE_WORDS) -> str:
        """The citation in a language's words for pages, slides, rows, a sheet and an attachment (PLACE_WORDS)."""
        parts = [f"{self.title} — {self.source}", self.place(words)]
        notes = [", ".join([*self.organisations[:1], *self.project_numbers[:1]]), "OCR" if self.ocr else ""]
        extra = "; ".join(note for note in notes if note)
        return ", ".join(part for part in parts if part) + (f" ({extra})" if extra else "")

    def place(self, words: Mapping[str, str] = PLACE_WORDS) -> str:
        """Where in its file the passage is: 'attachment programma.pdf, p. 2', 'pp. 3-4', 'slide 5', 'sheet Atsauksmes,
        row 4', or ''."""
        return place(self.file_type, self.attachment, self.page, self.page_end, words, self.sheet)

    def matched_pages(self, words: Mapping[str, str] = PLACE_WORDS) -> str:
        """'p. 11': the page of the sentence that matched, when the passage is on more pages than it ('' otherwise)."""
        if (self.matched_page, self.matched_page_end) in ((None, None), (self.page, self.page_end)):
            return ""
        return pages_label(self.matched_page, self.matched_page_end, words, self.page_unit)

    def to_json(self) -> dict:
        data = asdict(self)
        data["organisation"] = self.organisations[0] if self.organisations else None
        data["project_number"] = self.project_numbers[0] if self.project_numbers else None
        data["citation"] = self.citation
        data["page_unit"] = None if self.page is None else self.page_unit
        return data


def page_unit(file_type: str, attachment: str = "", sheet: str | None = None) -> str:
    """What a passage's pages are: "row" in a spreadsheet (sheet is not None), "slide" in a deck (ingest/decks.py
    is_deck), else "page"."""
    return "row" if sheet is not None else "slide" if is_deck(file_type, attachment) else "page"


def pages_label(first: int | None, last: int | None, words: Mapping[str, str] = PLACE_WORDS, unit: str = "page") -> str:
    """'p. 3' or 'pp. 3-4', 'slide 3' or 'slides 3-4', 'row 3' or 'rows 3-4' by unit ('' for no page), in words
    (PLACE_WORDS: Latvian "{}. lpp." and "{}.–{}. lpp." give "14.–15. lpp.")."""
    if first is None:
        return ""
    return page_label(words[unit], first) if last in (None, first) else page_label(words[f"{unit}s"], first, last)


def place(
    file_type: str, attachment: str, first: int | None, last: int | None, words: Mapping[str, str] = PLACE_WORDS,
    sheet: str | None = None,
) -> str:
    """'attachment programma.pdf, pp. 1-2', 'file 2023/atskaite.pdf, p. 2', 'sheet Atsauksmes, rows 12-14': the file
    attached (to an e-mail) or held (in an archive or a signed container) that the passage comes from, the sheet (a
    workbook's, when named) and the pages, slides or rows a passage of a file of this type is on."""
    held = words["member"] if file_type in CONTAINER_TYPES else words["attachment"]
    named = (f"{held} {attachment}" if attachment else "", f"{words['sheet']} {sheet}" if sheet else "")
    where = pages_label(first, last, words, page_unit(file_type, attachment, sheet))
    return ", ".join(part for part in (*named, where) if part)


def page_label(label: str, *numbers: int) -> str:
    """'p.', 3 -> 'p. 3'; 'pp.', 3, 4 -> 'pp. 3-4'; a template fills its {}: '{}. lpp.', 3 -> '3. lpp.'."""
    return label.format(*numbers) if "{}" in label else f"{label} {'-'.join(map(str, numbers))}"
