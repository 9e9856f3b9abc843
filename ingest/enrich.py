"""Enrich passages and documents: language, and the metadata users filter and cite by."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from langdetect import DetectorFactory, LangDetectException, detect_langs

from ingest.dates import find_background_years, find_project_years
from ingest.gazetteer import country_of_place
from ingest.letters import letter_formula
from ingest.organisations import find_organisations
from ingest.place_roles import find_countries_by_role, find_places_by_role
from ingest.project_numbers import find_project_numbers
from ingest.types import WITHIN, Block, Document, DocumentInfo, PartInfo

DetectorFactory.seed = 0  # langdetect is random by default: the same text must get the same answer

MIN_LETTERS = 20  # below this, a passage takes its document's language
CYRILLIC = re.compile(r"[\u0400-\u04ff]")  # a Cyrillic letter
LATIN_LETTER = re.compile(r"[a-zA-Z\u00c0-\u024f]")
# langdetect's codes by the script they are written in; other scripts (Greek, Arabic, ...) are left out
CYRILLIC_LANGUAGES = frozenset({"bg", "mk", "ru", "uk"})
LATIN_LANGUAGES = frozenset(
    "af ca cs cy da de en es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv sw tl tr vi".split()
)


def detect_language(text: str, fallback: str = "unknown", sure: float = 0.5) -> str:
    """ISO 639-1 code of the text's language ('lv', 'en', 'ru', ...), or fallback when less sure than `sure`."""
    letters = re.sub(r"[^\w]|[\d_]", "", text)
    if len(letters) < MIN_LETTERS:
        return fallback
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return fallback
    return best.lang if best.prob >= sure else fallback


def writing_script(text: str) -> str | None:
    """"latin" or "cyrillic" when at least 80 % of the text's letters are in that script, else None."""
    letters = sum(character.isalpha() for character in text)
    for script, letter in (("latin", LATIN_LETTER), ("cyrillic", CYRILLIC)):
        if letters and len(letter.findall(text)) >= 0.8 * letters:
            return script
    return None


def language_script(language: str) -> str | None:
    """The script a language (langdetect's code) is written in: "latin", "cyrillic", or None (another, unknown)."""
    return "cyrillic" if language in CYRILLIC_LANGUAGES else "latin" if language in LATIN_LANGUAGES else None


def document_language(passage_languages: list[tuple[str, int]]) -> str:
    """The language most of the document's words are in; (language, words) per passage."""
    words: Counter[str] = Counter()
    for language, count in passage_languages:
        if language != "unknown":
            words[language] += count
    return words.most_common(1)[0][0] if words else "unknown"


def describe_document(document: Document, language: str, fallback_title: str) -> DocumentInfo:
    text = document.text
    signed = "\n\n".join(filter(None, (text, document.margins)))  # a letterhead's organisation and project number too
    places = find_places_by_role(text)[0]
    return DocumentInfo(
        title=document_title(document, fallback_title),
        language=language,
        organisations=tuple(find_organisations(signed)),
        project_numbers=tuple(find_project_numbers(signed)),
        # every year it names but its founding one (the filter's list went to 1998), and the years of its dates and
        # periods ("12.05.23.", "2019–2021": 2020 too): the filter knows the years its card does
        years=tuple(sorted({*find_background_years(text, only_founding=True), *find_project_years(text)})),
        countries=tuple(_where_countries(text, places)),
        places=tuple(places),
        parts=describe_parts(document),
    )


def _where_countries(text: str, places: list[str]) -> list[str]:
    """The countries a project happened in, as its card names them (kb/cards.py): named where it went, or holding one
    of the places it went to; not a funder's ("ASV vēstniecība") nor one planned for the next project."""
    countries = find_countries_by_role(text)[0]
    return list(dict.fromkeys(countries + [country for place in places if (country := country_of_place(place))]))


def describe_parts(document: Document) -> tuple[PartInfo, ...]:
    """An e-mail's message and each attached file, by what each says of itself; () for a document of one part."""
    texts: dict[str, list[str]] = {}
    for block in document.blocks:
        texts.setdefault(block.attachment, []).append(block.text)
    if list(texts) in ([], [""]):
        return ()
    joined = {name: "\n\n".join(part) for name, part in texts.items()}
    return tuple(
        PartInfo(name, tuple(find_organisations(text)), tuple(find_project_numbers(text)))
        for name, text in joined.items()
    )


# Titles that PDF and Office exporters write in place of one: "Microsoft Word - x", "PowerPoint Presentation",
# "Slide 1", "Untitled", "Document1", or a file name.
EXPORTER_PREFIX = re.compile(r"^microsoft (?:office )?(?:word|powerpoint|excel)\s*-\s*", re.IGNORECASE)
PLACEHOLDER_TITLE = re.compile(
    # an office program's name for a new file, in the languages of this product and its partners ("Презентация
    # PowerPoint", "PowerPoint-Präsentation", "Folie 1", "スライド 1")
    r"(?:powerpoint[\s-]*)?(?:presentation|prezentācija|презентация|präsentation|presentación|presentazione|présentation"
    r"|prezentacja|pristatymas|esitlus|slide|slaids|слайд|folie|diapositiva|diapositive|skaidrė|slaid|スライド"
    r"|untitled|bez nosaukuma|без названия|без имени|unbenannt|document|dokuments|документ|dokument|documento"
    r"|doc|title|virsraksts|заголовок)(?:\s+(?:de\s+|di\s+)?powerpoint)?\s*\d*"
    r"|.*\.(?:do[ct][xm]?|p[po][st][xm]?|xlsx?|odt|odp|rtf|pdf|txt|html?|png|jpe?g|tiff?|heic|gif|bmp|webp)|[\w.+-]*_[\w.+-]*"
    r"|[\w-]*\d{6,}[\w-]*"  # a scanner's job number ("S25C-0i25080113320")
    r"|produced (?:with|by) .*|adobe photoshop pdf"  # a PDF tool's stamp
    r"|\(?(?:anonymous|unspecified|unknown|none|null)\)?",  # a PDF library's default (ReportLab's "(anonymous)")
    re.IGNORECASE,
)
# Lines that are never a title: a page counter ("1 of 9", "Lapa 2 no 7"), a slide's notes, a line without a word (a
# date and time, a number, a row of figures)
PAGE_COUNTER = re.compile(r"(?i)(?:page|lapa|lpp\.?|стр\.?|страница)?\s*\d+\s*(?:of|no|из|/)\s*\d+")
NOTES_SIGN = "✎"  # ingest/decks.py's NOTES_PREFIX


def _title_like(text: str) -> bool:
    """A line with a word in it ("Протокол № 5 от 12.03.2024", "ESTO 2024"), not a page counter or a slide's notes."""
    return bool(re.search(r"[^\W\d_]{3}", text)) and not PAGE_COUNTER.fullmatch(text.strip()) and not text.startswith(NOTES_SIGN)

# What a phone, a camera, a scanner or a messenger names a picture: a number with at most a word before it.
DEVICE_NAME = re.compile(
    r"(?i)(?:img|dsc[nf]?|pxl|mvimg|photo|foto|image|scan\w*|skan\w*|skenēt\w*|screenshot|ekrānuzņēmums|whatsapp image)?"
    r"[\s_-]*\(?\d[\d\s_.()-]*(?:at[\s\d._-]+)?(?:\(\d+\))?"
)


def document_title(document: Document, fallback: str) -> str:
    """The file's own title unless an exporter made it up, else its first page's heading or title line, else its
    opening line or first heading, else the file name. An e-mail's is its subject, else the file name; a workbook's its own
    title or a title cell, else the file name (its first sheet's name, "Rīga 12.04.", titled the whole workbook)."""
    own = (document.title or "").strip()
    if document.file_type in ("eml", "msg"):  # a message's subject is its title, even where the file is named after it
        return _shorten(own) if own else fallback
    if document.file_type == "zip":  # a folder of documents sent as one file, no document of its own: its name
        return fallback
    if len(own) > 3 and not is_made_up_title(own, fallback):
        return _shorten(own)
    if document.file_type in ("xlsx", "xls", "ods"):  # no title of its own nor a title cell: not its first sheet's name
        return fallback
    # a spreadsheet's rows (a CSV's) are no pages: its opening lines are all on its first
    blocks = [dataclasses.replace(block, page=None) if block.sheet is not None else block for block in document.blocks]
    blocks = [block for block in blocks if block.text not in block.attachment.split(WITHIN)]  # a file's name
    blocks = [block for block in blocks if not block.attachment] or blocks  # a PDF's own lines, not its annex's heading
    blocks = [block for block in blocks if block.kind != "table"]  # a row ("Column1: 1; Column2: 2") is no title
    if not blocks:
        return fallback
    if len(blocks) > 1 and _two_line_title(*blocks[:2]):  # a cover's "Good Practice Compendium:" / "Rural Europe 2023"
        return _shorten(f"{blocks[0].text.strip()} {blocks[1].text.strip()}")
    headings = [b for b in blocks[:10] if b.kind == "heading" and len(b.text.split()) >= 2 and _title_like(b.text)
                and not b.text.rstrip().endswith(":")]  # fmt: skip  # a form's label ("Organizācijas nosaukums:")
    first_page = [block for block in blocks[:5] if block.page == blocks[0].page]
    if headings and headings[0].page == first_page[0].page:
        return _shorten(headings[0].text.strip("*# "))
    for block in first_page:  # a title page: a short line before the text starts
        formula = letter_formula(block.text)
        if formula == "closing":  # a letter's closing and signature ("Ar cieņu", "Jānis Bērziņš") are no title
            break
        if not formula and 2 <= len(block.text.split()) <= 15 and not block.text.rstrip().endswith((".", ",", ";", ":")):
            if _title_like(block.text):
                return _shorten(block.text)
    if headings:  # the first heading is on a later page ("Rezultāti"): the document's opening line, if it is short
        opening = first_page[0]  # a title that wrapped, or that carries a date ("Protokols ..., 20. februārī")
        ended = re.search(r"(?<!\b[gг])[.!?…]$", opening.text.rstrip())  # a sentence ends; "2024 г." does not
        short = opening.page is not None and len(opening.text.split()) <= 20 and not ended
        return _shorten(opening.text if short else headings[0].text.strip("*# "))
    if DEVICE_NAME.fullmatch(fallback):  # "IMG_20240312_101502" says nothing: the text's start
        return re.sub(r"[\s,;:.]+…$", "…", _shorten(" ".join(blocks[0].text.split()), 80))
    return fallback


def _two_line_title(first: Block, second: Block) -> bool:
    """A document's opening heading of two words or more ending in a colon, and a heading under it on its page: one
    title on two lines; not a form's label and its answer ("Projekta nosaukums:" / "Zaļā skola laukos")."""
    label = FORM_LABEL.search(first.text.rstrip().rstrip(":"))
    return (first.kind == second.kind == "heading" and first.page == second.page and len(first.text.split()) >= 2
            and first.text.rstrip().endswith(":") and not label and _title_like(second.text))  # fmt: skip


# what a form's label names, its last word: "Projekta nosaukums", "Organizācijas nosaukums", "Project title"
FORM_LABEL = re.compile(r"(?i)(?:nosaukums|name|title|название|наименование|numurs|number|datums|date|vārds)$")


def is_made_up_title(title: str, file_stem: str = "") -> bool:
    """True for exporter artefacts ("Microsoft Word - x", "PowerPoint Presentation") and file names."""
    return bool(EXPORTER_PREFIX.match(title) or PLACEHOLDER_TITLE.fullmatch(title.strip())) or (
        title.strip().casefold() == file_stem.casefold()
    )


PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]+")  # a symbol font's glyph (Wingdings' smiley "\uf04a"): no letter


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(PRIVATE_USE.sub("", text).split())  # one line: a title that wrapped in its file
    text = re.sub(r"\s*[(\[]$", "", text)  # a bracket whose symbol was left out (".doc" readers write "(" for it)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
