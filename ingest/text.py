"""Text as the readers share it: a text file's bytes decoded (BOMs, UTF-16, UTF-8, else the code page that reads
best), extracted text cleaned up (normalize_text: Unicode form, mojibake, control characters, hyphens at line ends),
a paragraph cut by page breaks (paragraph_pages), and lines grouped into paragraphs, bullets and headings
(blocks_from_lines). Plain text and Markdown files are read here (read_text).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ingest.letters import SIGNATURE_LINES, letter_formula
from ingest.types import Block, BlockKind, Document
from kb.errors import UnreadableFile

BULLET = re.compile(r"^\s*(?:[-•▪◦●‣∙·*–—]\s*|\d{1,2}[.)]\s+|\d{1,2}\)\s*|[a-z]\)\s+)(?=\S)")
# control characters but line and page breaks; and the marks that force text right to left or left to right, which a
# title could use to show "report\u202etxt.exe" as "reportexe.txt" (the letters' own direction stays)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HYPHEN_AT_LINE_END = re.compile(r"(\w)[-\u00ad]\n([^\W\d_])")
SENTENCE_END = re.compile(r"[.!?…:;]['\"”»)]*$")
NUMBERED_TITLE = re.compile(r"\d{1,2}\.\s+[A-ZĀ-ŽА-ЯЁ]")  # "2. Rezultāti": a numbered heading, or an item of a list
# "20. decembrim", "3. vietā" at the start of a line the sentence before it wrapped onto: a date or an ordinal, no list
DATE_OR_ORDINAL = re.compile(r"\d{1,2}\.\s+[a-zāčēģīķļņšūž]")


# The code pages a text file may be in, the likelier first (a tie keeps the first): Windows' Baltic, Cyrillic and
# Western ones, the Baltic ISO one (Latvian letters where Windows-1257 has them, quotes „“ elsewhere), then Russian
# KOI8-R and DOS (CP866)
CODE_PAGES = ("cp1257", "cp1251", "cp1252", "iso8859_13", "koi8_r", "cp866")
UNDECODED = re.compile("[\ufffd\x80-\x9f]")  # a byte the code page has no character for, or a control there


def decode_text(data: bytes) -> str:
    """Decode a text file: BOMs first, then UTF-16 without one, UTF-8, then the code page that reads best: most words
    of the Latvian, English and Russian word list, then fewest words in two scripts (a DOS or KOI8-R Russian text read
    as Windows-1251 is Cyrillic letters too, but no words)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:4096]:
        for encoding in ("utf-16-le", "utf-16-be"):  # UTF-16 without a byte order mark, as some tools write it
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _plausibility(text) >= 0.9:  # read in the wrong byte order, text turns into CJK-like noise
                return text
        raise UnreadableFile("binary content, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from ingest.quality import BROKEN, page_quality

    candidates = [data.decode(encoding, errors="replace") for encoding in CODE_PAGES]
    plausible = [text for text in candidates if _plausibility(text) >= 0.9]
    if not plausible:
        raise UnreadableFile("binary content, not text")
    # the first 20,000 characters decide (the word list's stemmer costs about a millisecond a hundred words); a symbol
    # inside a word costs a word: a letter read in another code page ("durchgef№hrt" in DOS Cyrillic, whose pieces
    # "f" and "r" are words of the list, against "durchgeführt", which no list of Latvian, English, Russian knows)
    def words_read(text: str) -> tuple[int, int]:
        head = text[:20_000]
        return page_quality(head, language_below=-1.0).known - len(BROKEN.findall(head)), -len(UNDECODED.findall(head))

    return max(plausible, key=words_read)


def _latin(char: str) -> bool:
    return char.isascii() or "\u00c0" <= char <= "\u024f"  # with Western Europe's ä, ö, ü, õ, é, ß, not only ā, č, ž


def _plausibility(text: str) -> float:
    """Share of words written in one script only: mixed Latin/Cyrillic words mean the wrong code page."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return 0.0
    plausible = 0
    for word in words:
        has_cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in word)
        has_latin = any(_latin(ch) for ch in word)
        odd = any(not (_latin(ch) or "\u0400" <= ch <= "\u04ff") for ch in word)
        plausible += not (has_cyrillic and has_latin) and not odd
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return plausible / len(words) - control / max(len(text), 1)


def read_text(text: str, file_type: str) -> Document:
    text = normalize_text(text)
    pages = text.split("\f")  # form feeds separate pages in text exported from PDFs
    paged = len(pages) > 1
    blocks: list[Block] = []
    for number, page_text in enumerate(pages, start=1):
        page = number if paged else None
        if file_type == "md":
            blocks.extend(_markdown_blocks(page_text, page))
        else:
            blocks.extend(blocks_from_lines(page_text.split("\n"), page))
    return Document(file_type=file_type, blocks=tuple(blocks), pages=len(pages) if paged else None)


MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")


def _markdown_blocks(text: str, page: int | None) -> list[Block]:
    blocks: list[Block] = []
    lines: list[str] = []
    for line in text.split("\n"):
        heading = MARKDOWN_HEADING.match(line.strip())
        if heading:
            blocks.extend(blocks_from_lines(lines, page))
            lines = []
            blocks.append(Block(heading.group(1), "heading", page))
        else:
            lines.append(line)
    blocks.extend(blocks_from_lines(lines, page))
    return blocks


# UTF-8 read as Windows-1252/1257 or Latin-1 ("ArvÄ«ds VÄ«tols", "Ð‘Ð»Ð°"): a cheap test before ftfy's repair
MOJIBAKE_HINT = re.compile(
    "[ÂÃÄÅÐÑâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def normalize_text(text: str, form: str = "NFC") -> str:
    """Unicode normalisation and the clean-up every extracted text needs, mojibake repaired (ftfy)."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from broken UTF-16 become "?"
    if MOJIBAKE_HINT.search(text):
        import ftfy

        text = ftfy.fix_encoding(text)
    text = unicodedata.normalize(form, text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ").replace("\x0b", "\n")
    text = CONTROL.sub("", text)  # a maths font's glyphs as control codes: they would show in hits (a form feed parts pages)
    text = HYPHEN_AT_LINE_END.sub(_join_hyphenated, text)
    text = text.replace("\u00ad", "")
    return re.sub(r"[ ]{2,}", " ", text)


PAGE_MARK = "\x0c"  # where a page breaks inside a paragraph's text, as its reader marks it (a form feed)


def paragraph_pages(text: str, kind: BlockKind, page: int | None) -> tuple[list[Block], int]:
    """A paragraph's text, cut by page breaks (PAGE_MARK), as one block a page, each after the first carrying on the
    block before it (cited on its own page, joined again in the passage); and how many pages the breaks turn."""
    pieces = text.split(PAGE_MARK)
    blocks: list[Block] = []
    for turned, piece in enumerate(pieces):
        content = normalize_text(piece).strip()
        if not content:
            continue
        before = pieces[turned - 1] if turned else ""
        glue = None if not blocks else " " if not before or before[-1].isspace() or piece[0].isspace() else ""
        blocks.append(Block(content, kind, None if page is None else page + turned, carries_on=glue))
    return blocks, len(pieces) - 1


# A word processor's page, in lines of CHARS_PER_LINE characters (a paragraph takes half a line more, a heading one):
# one of 11-pt text holds about 50 (Word's default layout: 48 lines, less its paragraphs' spacing), so text between two
# typed breaks longer than FULL_PAGE_LINES ran over onto another page; and no page holds MOST_PAGE_LINES (9-pt, narrow
# margins). A table's row counts as one line (its block repeats its columns' headers), and not at all in a saved
# layout, where a table's rows may not carry the pages they are on (an ODT's carry its first page).
CHARS_PER_LINE = 80
FULL_PAGE_LINES = 60
MOST_PAGE_LINES = 110
PAGES_UNKNOWN = "page numbers not known: the file does not say where all its pages break (a PDF of it does)"


def pages_known(blocks: list[Block], laid_out: bool) -> bool:
    """Whether the pages a word processor's file gives its blocks can be cited. Typed breaks alone (a file its editor
    did not lay out: Google Docs, LibreOffice, a program) give them unless the text between two breaks runs well past a
    page: a chapter running over three pages put every page after it two early. A layout the file saved (an ODT's) holds
    every page, unless a page would hold more than any can (LibreOffice's headless save records only its first break)."""
    limit, lines, page = MOST_PAGE_LINES if laid_out else FULL_PAGE_LINES, 0.0, None
    for block in blocks:
        if block.page != page:
            page, lines = block.page, 0.0
        if block.kind == "table":
            lines += 0 if laid_out else 1
        else:
            lines += -(-len(block.text) // CHARS_PER_LINE) + (1 if block.kind == "heading" else 0.5)
        if lines > limit:
            return False
    return True


def _join_hyphenated(match: re.Match) -> str:
    """'sadar-\\nbība' -> 'sadarbība'; a capital after the break ('Latvija-\\nIgaunija') keeps both."""
    return match.group(1) + match.group(2) if match.group(2).islower() else match.group(0)


def blocks_from_lines(lines: list[str], page: int | None) -> list[Block]:
    """Group raw lines into paragraphs, bullets and headings.

    A blank line or a bullet marker starts a new block. A line continues the previous one when it
    starts in lower case, or when the previous line ran to the wrapping width without ending a
    sentence; a short line ends its paragraph. A line in lower case after one blank line continues the
    sentence before it when that did not end (Tesseract leaves such gaps inside paragraphs). A short single
    line with no closing punctuation is a heading, a numbered one ("2. Rezultāti") too when no list item
    stands next to it, but not a letter's greeting or closing, nor the signature lines after the closing.
    """
    width = max((len(line.strip()) for line in lines), default=0)
    groups: list[tuple[str, list[str]]] = []  # (kind, lines)
    for raw in lines:
        line = raw.strip()
        if not line:
            groups.append(("break", []))
            continue
        if _resumes_across_break(groups, line, width, page):  # OCR put a blank line inside a sentence
            groups.pop()
        current = groups[-1] if groups and groups[-1][0] != "break" else None
        previous = current[1][-1] if current else ""
        wrapped = len(previous) >= 0.6 * width and not SENTENCE_END.search(previous)
        if BULLET.match(line) and not (current and wrapped and DATE_OR_ORDINAL.match(line)):
            groups.append(("list_item", [line]))
        elif current and (line[:1].islower() or wrapped):
            current[1].append(line)
        else:
            groups.append(("paragraph", [line]))
    groups = [(kind, group) for kind, group in groups if group]
    blocks, signature = [], 0  # short lines after a letter's closing: its signature, no headings
    for number, (kind, group) in enumerate(groups):
        text = " ".join(group)
        formula = letter_formula(text)
        short = kind == "paragraph" and _looks_like_heading(group)
        signature = SIGNATURE_LINES if formula == "closing" else signature - 1 if short and signature else 0
        if short and not formula and not signature:
            kind = "heading"
        elif kind == "list_item" and NUMBERED_TITLE.match(text) and _looks_like_heading(group):
            kind = "list_item" if _in_numbered_list(groups, number) else "heading"  # "2. Rezultāti" after a paragraph
        blocks.append(Block(text, kind, page))  # type: ignore[arg-type]
    return blocks


def _resumes_across_break(groups: list[tuple[str, list[str]]], line: str, width: int, page: int | None) -> bool:
    """Whether `line`, after one blank line, goes on with the sentence that the paragraph or item before the blank
    line left open ("... un apmeklētāju skaits" / "gada laikā pieauga ..."); at a document's start, only one that ran
    to the wrapping width: a short first line is its title ("Mācību kurss Itālijā: brīvprātīgo iesaiste" / "biedrība
    „Zaļā sēta”, Rēzekne")."""
    if len(groups) < 2 or groups[-1][0] != "break" or groups[-2][0] == "break" or not groups[-2][1]:
        return False
    before = groups[-2][1]
    open_sentence = len(" ".join(before).split()) >= 3 and not SENTENCE_END.search(before[-1])  # not a 1-2 word title
    opening = page in (None, 1) and all(kind == "break" for kind, _ in groups[:-2]) and len(before) == 1
    ran_on = not opening or len(before[-1]) >= 0.6 * width
    return open_sentence and ran_on and line[:1].islower() and not BULLET.match(line)


def _in_numbered_list(groups: list[tuple[str, list[str]]], at: int) -> bool:
    """Whether the item "N. ..." at this place has a neighbour numbered N - 1 before it or N + 1 after it."""
    def number(place: int) -> int | None:
        kind, lines = groups[place] if 0 <= place < len(groups) else ("", [""])
        match = re.match(r"(\d{1,2})\.\s", lines[0]) if kind == "list_item" else None
        return int(match[1]) if match else None

    own = number(at)
    return own is not None and (number(at - 1) == own - 1 or number(at + 1) == own + 1)


def _looks_like_heading(lines: list[str]) -> bool:
    text = " ".join(lines)
    return len(lines) <= 2 and len(text.split()) <= 12 and not re.search(r"[.,;]$", text)
