"""A handout: collected hits as Markdown, CSV or a Word document, each passage with its full citation."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from kb.types import Hit

Citation = Callable[[Hit], str]  # Hit.cite, or the same with a language's page abbreviations
CSV_COLUMNS = [
    "title", "organisation", "project_number", "source", "attachment", "page", "page_end", "citation", "language", "text",
    "passage_id", "sheet", "page_unit",  # what page and page_end count (a spreadsheet's rows: on its sheet), added last
]  # fmt: skip
PAGE_UNITS = ("page", "slide", "row")  # Hit.page_unit's values
# "<doc_id>:3~9b41d0aa", a passage with a check of its text, and "<doc_id>:3@120-245~3fa2c1~9b41d0aa", part of it by its
# character offsets, with a check of the text it quotes and of its passage's (links made before: "<doc_id>:3",
# "<doc_id>:3@120-245~3fa2c1")
ITEM = re.compile(
    r"(?P<passage>[^@~]+)(?:@(?P<start>[0-9]{1,9})-(?P<end>[0-9]{1,9}))?(?:~(?P<check>[0-9a-f]{6,8}))?(?:~(?P<within>[0-9a-f]{8}))?"
)
MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>~$&|]")  # what a Markdown reader would turn into links, tags or emphasis
LINE_START_SYNTAX = re.compile(r"^(\s*)(?:([#+=-])|(\d+)([.)]))")  # a heading, a list item or a rule at a line's start


class HandoutItem(NamedTuple):
    passage_id: str
    span: tuple[int, int] | None = None  # character offsets in the passage's text; None: the whole passage
    check: str = ""  # a whole passage's passage_check, a span's quote_check of the text it quoted when collected
    within: str = ""  # a span's passage's passage_check

    def quotes(self, text: str) -> bool:
        """Whether text is what the item quoted: a document read anew (a newer reader) may number its passages
        otherwise, and an old link's id would quote another passage, its offsets the halves of two other sentences."""
        if self.span is None:
            return passage_check(text).startswith(self.check)
        return not self.check or self.check == quote_check(text)

    def text_check(self) -> str:
        """The check of its passage's whole text (passage_check), "" for a link made before items carried it."""
        check = self.check if self.span is None else self.within
        return check if len(check) == 8 else ""

    def with_checks(self, quoted: str, passage: str) -> HandoutItem:
        """The item of a link made before items carried their checks, with them: the text it quotes (quoted) and its
        passage's text (passage), so that it is the item its hit's box collects, and can be found again."""
        if self.span is None:
            return self._replace(check=passage_check(passage))
        return self._replace(check=self.check or quote_check(quoted), within=passage_check(passage))

    def link(self) -> str:
        """The item as the handout's link keeps it (ITEM; a span's passage check only beside its quote's, which
        handout_item always writes)."""
        span = "" if self.span is None else f"@{self.span[0]}-{self.span[1]}"
        checks = f"~{self.check}" + (f"~{self.within}" if self.within else "") if self.check else ""
        return self.passage_id + span + checks


def handout_item(passage_id: str, start: int | None = None, end: int | None = None, quote: str = "", within: str = "") -> str:
    """A handout's entry as its link keeps it: a passage ("<doc_id>:3~9b41d0aa"), or a part of it, a card's sentence or
    the text a search underlined ("<doc_id>:3@120-245~3fa2c1~9b41d0aa": character offsets in the passage's text),
    with checks of the text it quotes (quote) and of its passage's text (within: passage_check): a newer
    reader that numbers a document's passages otherwise would put another passage under the same id, and a passage
    whose id changed with its file is found again by its text."""
    if start is None or end is None:
        return HandoutItem(passage_id, None, within).link()
    return HandoutItem(passage_id, (start, end), quote_check(quote) if quote else "", within).link()


def found_again(items: Sequence[HandoutItem], passages: Iterable[tuple[str, str]]) -> dict[HandoutItem, HandoutItem]:
    """Each item whose passage is now under another id, with that id: found by its passage's text among passages
    (id, text: the store's passage_texts), in one pass that stops once each is found. A passage id is its file
    content's, so a report saved again, edited on another page or renamed with a version gives every passage a new
    one. An item of a link made before items carried checks, or whose text no passage has, is not found."""
    wanted: dict[str, list[HandoutItem]] = {}  # a passage's check -> its items (the passage whole, a sentence of it)
    for item in items:
        if item.text_check():
            wanted.setdefault(item.text_check(), []).append(item)
    moved: dict[HandoutItem, HandoutItem] = {}
    for passage_id, text in passages if wanted else ():
        for item in wanted.pop(passage_check(text), []):  # the first by row of a text held twice
            moved[item] = item._replace(passage_id=passage_id)
        if not wanted:
            break
    return moved


def passage_check(text: str) -> str:
    """Eight hex digits of a passage's text, white space as one space (the check a handout finds it again by)."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:8]


def quote_check(text: str) -> str:
    """Six hex digits of the quote's opening, as a card shows it (white space as one space, no bullet): a card's
    excerpt is cut after 320 characters, the same sentence in full where the handout quotes it."""
    opening = " ".join(text.split()).lstrip("-–•*· ")[:60]
    return hashlib.sha256(opening.encode()).hexdigest()[:6]


def parse_item(item: str) -> HandoutItem:
    """A handout_item read back."""
    part = ITEM.fullmatch(item)
    if not part:
        return HandoutItem(item)
    span = None if part["start"] is None else (int(part["start"]), int(part["end"]))
    return HandoutItem(part["passage"], span, part["check"] or "", part["within"] or "")


def handout_items(link: list[str]) -> list[str]:
    """The handout items of a link, each once, as handout_item writes them ("id@0007-12" is "id@7-12")."""
    return list(dict.fromkeys(parse_item(entry).link() for entry in link))


def to_markdown(hits: Sequence[Hit], title: str = "Handout", cite: Citation = Hit.cite) -> str:
    """The handout as Markdown: the passages quoted, their titles and citations as text (a document's "[link](...)"
    or "<b>" shows as written, not as a link or a tag, when the file is opened in a Markdown viewer)."""
    parts = [f"# {markdown_text(title)}\n"]
    for number, hit in enumerate(hits, start=1):
        quoted = "\n".join("> " + markdown_text(line.lstrip()) for line in hit.text.splitlines())  # indented: code
        parts.append(f"## {number}. {markdown_text(hit.title)}\n\n{quoted}\n\n*{markdown_text(cite(hit))}*\n")
    return "\n".join(parts)


def markdown_text(line: str) -> str:
    """A line of untrusted text for a Markdown file: one line (a name's line break would start a heading or a list
    there), its syntax characters backslash-escaped."""
    escaped = MARKDOWN_SYNTAX.sub(r"\\\g<0>", " ".join(line.split()))
    return LINE_START_SYNTAX.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[1]}{m[3]}\\{m[4]}", escaped)


NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # what no Word document can hold (python-docx refuses)


def word_text(text: str) -> str:
    """Untrusted text as a Word document can hold it: a control character from an index built before names were
    cleaned ("\x1b") made the whole handout fail."""
    return NOT_IN_XML.sub("", text)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def spreadsheet_cell(value: object) -> object:
    """A value as a spreadsheet shows it: text from a document or a file name that would start a formula
    ("=HYPERLINK(...)", "- a bullet") gets a leading apostrophe, so Excel and LibreOffice show it as text."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def to_csv(
    hits: Sequence[Hit],
    cite: Citation = Hit.cite,
    headers: Sequence[str] = CSV_COLUMNS,
    language_name: Callable[[str], str] = str,
    unit_name: Callable[[str], str] = str,
) -> str:
    """One row a passage: CSV_COLUMNS, under these headers (the interface language's), the citation by cite, the
    passage's language by language_name ("latviešu") and what its page numbers count by unit_name ("rinda")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for hit in hits:
        row = {**hit.to_json(), "citation": cite(hit), "language": language_name(hit.language)}
        row["page_unit"] = row["page_unit"] and unit_name(row["page_unit"])
        writer.writerow(["" if row[column] is None else spreadsheet_cell(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()


def to_docx(
    hits: Sequence[Hit], title: str = "Handout", sources_heading: str = "Sources", cite: Citation = Hit.cite, language: str = "en"
) -> bytes:
    """A workshop handout for Word: each passage quoted with its citation, then the list of sources. The headings and
    citations are marked as written in the interface language, each quote in its passage's, so that Word checks the
    spelling of each in its own language."""
    import datetime as dt

    import docx  # only when a handout is downloaded: not at the app's start
    from docx.oxml.ns import qn

    document = docx.Document()
    properties = document.core_properties  # python-docx's template says "python-docx", 2013
    properties.title, properties.author, properties.comments = title, "", ""
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
    _mark_language(document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")), language)
    document.add_heading(title, level=1)
    for number, hit in enumerate(hits, start=1):
        document.add_heading(word_text(f"{number}. {hit.title}"), level=2)
        for paragraph in word_text(hit.text).split("\n"):
            if paragraph.strip():
                quote = document.add_paragraph(style="Quote").add_run(paragraph.strip())
                _mark_language(quote._r.get_or_add_rPr(), hit.language)
        document.add_paragraph().add_run(word_text(cite(hit))).italic = True
    document.add_heading(sources_heading, level=2)
    for source in dict.fromkeys(f"{hit.title} — {hit.source}" for hit in hits):  # each once, in handout order
        document.add_paragraph(word_text(source), style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


WORD_LANGUAGES = {"lv": "lv-LV", "en": "en-GB", "ru": "ru-RU", "lt": "lt-LT", "et": "et-EE", "uk": "uk-UA", "pt": "pt-PT"}


def _mark_language(run_properties, language: str) -> None:
    """Mark text as written in a language (w:lang): the language code ("lv") as Word names it ("lv-LV")."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not language:
        return
    mark = run_properties.find(qn("w:lang"))
    if mark is None:
        mark = OxmlElement("w:lang")
        run_properties.append(mark)
    mark.set(qn("w:val"), WORD_LANGUAGES.get(language, language))
