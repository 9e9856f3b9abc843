"""A search hit: the passage, its citation, and why it matched."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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

    @property
    def citation(self) -> str:
        """'Title — source, p. 3 (Organisation, project No.; OCR)'; in an e-mail's attachment 'Title — source,
        attachment programma.pdf, p. 3'."""
        return self.cite()

    def cite(self, page: str = "p.", pages: str = "pp.", attachment_label: str = "attachment") -> str:
        """The citation with the page labels of a language (see pages) and its word for an attachment."""
        parts = [f"{self.title} — {self.source}", self.place(page, pages, attachment_label)]
        notes = [", ".join([*self.organisations[:1], *self.project_numbers[:1]]), "OCR" if self.ocr else ""]
        extra = "; ".join(note for note in notes if note)
        return ", ".join(part for part in parts if part) + (f" ({extra})" if extra else "")

    def pages(self, page: str = "p.", pages: str = "pp.") -> str:
        """'p. 3' or 'pp. 3-4' ('' when the format has no pages); see pages_label."""
        return pages_label(self.page, self.page_end, page, pages)

    def place(self, page: str = "p.", pages: str = "pp.", attachment_label: str = "attachment") -> str:
        """Where in its file the passage is: 'attachment programma.pdf, p. 2', 'pp. 3-4', or ''."""
        return place(self.attachment, self.page, self.page_end, page, pages, attachment_label)

    def matched_pages(self, page: str = "p.", pages: str = "pp.") -> str:
        """'p. 11': the page of the sentence that matched, when the passage is on more pages than it ('' otherwise)."""
        if (self.matched_page, self.matched_page_end) in ((None, None), (self.page, self.page_end)):
            return ""
        return pages_label(self.matched_page, self.matched_page_end, page, pages)

    def to_json(self) -> dict:
        data = asdict(self)
        data["organisation"] = self.organisations[0] if self.organisations else None
        data["project_number"] = self.project_numbers[0] if self.project_numbers else None
        data["citation"] = self.citation
        return data


def pages_label(first: int | None, last: int | None, page: str = "p.", pages: str = "pp.") -> str:
    """'p. 3' or 'pp. 3-4' ('' for no page); page and pages are abbreviations put before the numbers or templates with
    {} for them (Latvian "{}. lpp." and "{}.–{}. lpp.": "14.–15. lpp.")."""
    if first is None:
        return ""
    return page_label(page, first) if last in (None, first) else page_label(pages, first, last)


def place(attachment: str, first: int | None, last: int | None, page="p.", pages="pp.", attachment_label="attachment") -> str:
    """'attachment programma.pdf, pp. 1-2': the e-mail attachment (if any) and the pages a passage is on."""
    parts = (f"{attachment_label} {attachment}" if attachment else "", pages_label(first, last, page, pages))
    return ", ".join(part for part in parts if part)


def page_label(label: str, *numbers: int) -> str:
    """'p.', 3 -> 'p. 3'; 'pp.', 3, 4 -> 'pp. 3-4'; a template fills its {}: '{}. lpp.', 3 -> '3. lpp.'."""
    return label.format(*numbers) if "{}" in label else f"{label} {'-'.join(map(str, numbers))}"
