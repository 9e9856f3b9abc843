"""Read a file into a Document: text blocks in reading order, with page numbers where the format has them.

read_document hands a file to the reader of its type (ingest/filetypes.py): PDF to ingest/pdf.py (pypdf, text per
page; scanned and garbled pages OCR'd by ingest/recover.py and ingest/ocr_pages.py), DOCX to ingest/word.py
(python-docx: headings, paragraphs, lists, tables), plain text and Markdown to ingest/text.py (UTF-8/UTF-16 or the
Windows code pages Latvian and Russian files use). PPTX, ODT, ODP, DOC and RTF are read by ingest/office.py,
spreadsheets by ingest/sheets.py, HTML by ingest/html.py, e-mails by ingest/mail.py, archives and signed containers
by ingest/containers.py, pictures of pages by ingest/picture.py; the documents embedded in a Word, PowerPoint or
Excel file are read after it. Anything that cannot be read raises UnreadableFile with the warning the ingest report
shows. Here too: READER_VERSION, a file's bytes (read_bytes) and its path as text that can be stored
(printable_path).
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from pathlib import Path

from ingest.filetypes import CONTAINER_TYPES, PICTURE_TYPES
from ingest.ocr import OcrSettings, PageProgress
from ingest.packages import ENCRYPTED_PACKAGE, OLE_MAGIC, check_unpacked_size, office_embedded_files, unpacked_so_far
from ingest.pdf import read_pdf
from ingest.text import decode_text, read_text
from ingest.types import Document
from ingest.word import read_docx
from kb.errors import UnreadableFile

# Raise when reading or splitting changes the passages a file gives: indexes then read every file again at the next
# sync (passages whose text is unchanged keep their vectors). 7: running headers and footers, sentences a page break
# cut, slide footers, Word's table of contents, merged table cells, Word pages; 8: slide titles in text boxes, charts;
# 9: SmartArt; 10: numbered headings in PDFs and text files; 11: OpenDocument captions and text boxes; 12: a
# sentence OCR broke with a blank line (docs/reading.md); 13: a paragraph in another script (a Latvian text's
# Russian translation) starts a passage (ingest/split.py); 14: a numbered heading at the top of every page ("1. diena",
# "2. diena", ...) is no running header; 15: a letter's greeting, closing and signature are no headings; 16-22
# (one round): an e-mail attachment's passages carry its name and pages and never join the message's, forwards keep
# the forwarded text, HTML e-mails' list items and rows are bullets, a message inside an Outlook message is read, and
# e-mails and slide notes are marked by "✉" and "✎" instead of the English "From:" and "Notes:"; 23: passages record
# where each of their pages starts (a matched sentence or an excerpt is cited by its own page), a received Outlook
# message is dated by its sender's day, and the files in an e-mail's attached ZIP archive or signed container are read;
# 24: a PDF form's filled-in answers (an AcroForm's fields); 25: a dynamic XFA form's data, a PDF's embedded files;
# 26: a PDF's glyph codes are a garbled layer, a page pypdf cannot read costs only itself, a line on every page and
# nothing else is kept, a project number has three digits or more, control characters are dropped, KOI8-R and DOS
# Russian text is read in its code page; 27: Western European letters in a Windows code page, layers in other scripts
# or full of codes are not garbled but a shifted font map is, an ODF cell's paragraphs apart, Strict Open XML, a Word
# table's row merged across it heads the rows under it; 28: PDFium's text of a page pypdf reads empty, garbled or in
# words that mix scripts, where it reads better; 29: names are no sign of a garbled layer, OCR too short to judge never
# replaces one; 30: a PDF pypdf cannot open read by PDFium, a page in three scripts or more compared with PDFium's, a
# Word document's endnotes apart from its footnotes, a Strict Open XML workbook; 31: a Word or OpenDocument paragraph a
# page break cuts is on both pages, a Word document not laid out turns pages at its sections and page-break-before
# styles, a full passage never ends inside a sentence a page's end cut; 32: an Erasmus+ number OCR misread ("LVO1"),
# a preface's roman page numbers; 33: a web page's text that no element holds ("<h2>Title</h2>Text<br>"), an RTF
# run StarWriter marks "\*" inside; 34: a scan under a scanner app's or a fax's line of text is OCR'd; 35: the marks
# forcing a text's direction dropped, a title from a file's name with its control characters written out, a passage of
# text without spaces cut by characters too, a CSV field of any length, a layer spaced letter by letter judged, an
# ODP notes page's fields left out; 36: a PDF page past a pypdf limit read by PDFium, text boxes typed onto a PDF, a
# Word table's rows in a content control, Strict PowerPoint decks, a deck holding a Word object, Word 2.0 files,
# a contents page's leaders no spaced letters, European Solidarity Corps project numbers; 37: a one-page PDF past a
# pypdf limit read by PDFium, Word's custom XML and a text box's rich text read, a bilingual slide's lines each
# language's passage; 38: a partner's own legal form ("Asociación ...") and English names ending in what they are
# ("... Education Centre") are organisations, Latvian date ranges with "līdz", a PDF library's "(anonymous)" no title;
# 39: Cyrillic OCR'd as Latin and short mojibake pages judged garbled and OCR'd, OCR's "l" for a capital "I" mended,
# a project number with OCR's space inside its sector ("KA152-Y OU-000171717"); 40: Word's text moved away with
# changes tracked, unfilled content controls and ODF comments not read, ISO-8859-13 text files, a Word document's
# SmartArt, documents embedded in Office files, a spreadsheet's header of long questions; 41: XLS and ODS hidden
# sheets not read, a running header naming each chapter dropped, a PDF's table of contents and index left out, an
# organisation named under its label ("Organizācija: ...") found, a template's bracketed prompts no text (ingest/split.py),
# a text typed on most slides (a footer in a text box) left out, "Protokols Nr. 5" atop each page a heading, a court
# case's or a law's number no project number; 42: a deck's agenda slide left out (ingest/contents.py); 43: a
# compendium's organisation of listed words ("Kauno bendruomenių centras"), a name's particles ("Terre d'Ardèche");
# 44: a PDF page the word list cannot judge (Latgalian) keeps its layer where OCR reads it alike (ingest/quality.py);
# 45: a street named after a town no place ("Rīgas ielā"), "общества (biedrība) «Аистёнок»" an organisation; 46:
# Russian in Latin letters is Russian (ingest/pipeline.py); 47: a table of Latvian beside Russian read by column; 48:
# Latgalian's "biedreiba" and "2023 goda 18. novembrī" an organisation and a date; 49 (a review of 42-48): a table
# of two scripts read by column only where it is a translation, an agenda's items are the later titles or their
# first words, a street's name ends in its word ("ielūdz" is none), a bracket after a legal form only before quotes;
# 50: Ukrainian organisations, dates, countries and places, "Общество русской культуры «Родник»" an organisation, a
# title line and a line in small letters after a blank line two blocks, a document's years not its founding year, a
# country planned for the next project only mentioned, 50 more host cities (Bologna, Seville, Évora, Galway, ...), a
# document's countries and places those where its project happened (the country filter); 51: a form's length
# ("Maksimums 2000 rakstzīmes"), a regulation's number ("(ES) 2016/679") and a programme's period ("Erasmus+ 2021-2027")
# no years of a document; 52: Lithuanian and Estonian organisations, dates, founding years, countries and places, a
# lead partner the author, a planned next meeting's place only mentioned; 53 (a review of 51-52): an event's
# programme's years ("Pasākumu programma 2023-2024") and "nuo 2022 iki 2023" the project's, "Nr. 1303/2013" no year,
# "SA" no legal form, "Laba diena kopā ar senioriem" a heading; 54: "Mittetulundusühingu X" is "Mittetulundusühing X";
# 55: a document's years those of its dates and periods too ("12.05.23.", "2019–2021"), not an amount's ("2015.00")
# nor a phone number's ("tālr. 2034 5678"); 56 (a second review): "mobilitāte 2023", "Hotel 2023" years again, a
# founding date ("dibināta 2005. gada 12. martā") and a national plan's period no years, "2023.10" a year; 57: a
# letter-spaced heading ("P A A U D Ž U  T I L T I") read as its words; 58, 59: withdrawn (OCR beside the text of a page
# over a picture or with a font without a Unicode map: a review found slides with a background photo OCR'd into junk);
# 60: the letter-spaced join in PDFs only, and only across a word gap; 61: a hidden slide not read, a DOCX or ODT whose
# page breaks do not hold its pages cited by none, a workbook not titled by its first sheet's name; 62: a spreadsheet's
# rows numbered and its sheets named for citations, a passage never across two sheets.
READER_VERSION = 62


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """A regular file's bytes; raises UnreadableFile when it is missing, unreadable, empty, too large or not a
    regular file (a named pipe or a device is never read: it could block forever or never end)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a pipe must not wait for a writer
    except FileNotFoundError:
        raise UnreadableFile("file vanished before it could be read") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror or error}") from None
    with open(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile(f"not a regular file: {_file_kind(status.st_mode)}")
        if max_bytes is not None and status.st_size > max_bytes:
            raise UnreadableFile(f"too large: {_megabytes(status.st_size)} MB, the limit is {_megabytes(max_bytes)} MB")
        try:
            data = handle.read()
        except OSError as error:
            raise UnreadableFile(f"cannot read: {error.strerror or error}") from None
    if not data:
        raise UnreadableFile("empty file")
    return data


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _megabytes(size: int) -> str:
    """'81.0', and a limit set below 0.1 MB as it was set ('0.001', not '0.0')."""
    return f"{size / 1e6:.1f}" if size >= 100_000 else f"{size / 1e6:.3g}"


def printable_path(path: Path | str) -> str:
    """The path as text that can be stored and shown: bytes that are not UTF-8 become \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def path_from_printable(text: str) -> Path:
    """The file a printable_path names (undoing the \\xNN escapes when the text itself is not a file)."""
    if os.path.lexists(text) or "\\x" not in text:
        return Path(text)
    raw = re.sub(rb"\\x([0-9a-f]{2})", lambda match: bytes([int(match[1], 16)]), text.encode("utf-8"))
    return Path(os.fsdecode(raw))


def read_document(
    data: bytes, file_type: str, max_unpacked_mb: float = 500, ocr: OcrSettings | None = None, on_page: PageProgress | None = None
) -> Document:
    """Parse a file's bytes; raise UnreadableFile with a short reason when there is no text to index.

    PDF pages without a text layer or with a garbled one, and pictures of pages, are OCR'd with `ocr` (None: only
    reported), calling on_page(done, total) after each. A file in it (an attachment, an archive's) is read by this
    function too, and what they all unpack counts toward one max_unpacked_mb.
    """
    if unpacked_so_far.get() is not None:  # a file in the file being read
        return _read_document(data, file_type, max_unpacked_mb, ocr, on_page)
    token = unpacked_so_far.set([0])
    try:
        return _read_document(data, file_type, max_unpacked_mb, ocr, on_page)
    finally:
        unpacked_so_far.reset(token)


def _read_document(
    data: bytes, file_type: str, max_unpacked_mb: float, ocr: OcrSettings | None, on_page: PageProgress | None
) -> Document:
    if file_type == "pdf":
        document = read_pdf(data, max_unpacked_mb, ocr, on_page)
    elif file_type == "docx" and data.startswith(OLE_MAGIC):  # a password's encryption, or a .doc under a .docx name
        if ENCRYPTED_PACKAGE in data:
            raise UnreadableFile("encrypted: needs a password")
        return _read_document(data, "doc", max_unpacked_mb, ocr, on_page)
    elif file_type == "docx":
        check_unpacked_size(data, "DOCX", max_unpacked_mb)
        document = read_docx(data)
    elif file_type in ("pptx", "ppt", "odt", "odp", "ods", "doc", "rtf"):
        from ingest.office import read_office  # its parsers only when needed

        document = read_office(data, file_type, max_unpacked_mb)
    elif file_type in ("xlsx", "xls", "csv", "tsv"):
        from ingest.sheets import read_spreadsheet

        document = read_spreadsheet(data, file_type, max_unpacked_mb)
    elif file_type == "html":
        from ingest.html import read_html

        document = read_html(data)
    elif file_type == "mhtml":
        from ingest.html import read_mhtml

        document = read_mhtml(data)
    elif file_type == "eml":
        from ingest.mail import read_eml

        document = read_eml(data, max_unpacked_mb, ocr, on_page)
    elif file_type == "msg":
        from ingest.mail import read_msg

        document = read_msg(data, max_unpacked_mb, ocr, on_page)
    elif file_type == "mbox":
        from ingest.mail import read_mbox

        document = read_mbox(data, max_unpacked_mb, ocr, on_page)
    elif file_type in CONTAINER_TYPES:
        from ingest.containers import read_container

        document = read_container(data, file_type, max_unpacked_mb, ocr, on_page)
    elif file_type in PICTURE_TYPES:
        from ingest.picture import read_picture

        document = read_picture(data, file_type, ocr, on_page)
    else:
        document = read_text(decode_text(data), file_type)
    if file_type in ("docx", "pptx", "xlsx"):  # the packages Insert > Object puts files in
        document = _with_embedded_files(document, data, max_unpacked_mb, ocr, on_page)
    if not any(block.text.strip() for block in document.blocks):  # the warnings say why, unless they only say how
        reasons = [warning for warning in document.warnings if not warning.endswith(("read by OCR", "by OCR instead"))]
        raise UnreadableFile("; ".join(reasons) or "empty: no text")
    return document


def _with_embedded_files(
    document: Document, data: bytes, max_unpacked_mb: float, ocr: OcrSettings | None, on_page: PageProgress | None
) -> Document:
    """A Word, PowerPoint or Excel file's document with the documents embedded in it (Insert > Object: an Excel table
    in a report, which the report shows only as its picture) read after it as a PDF's embedded files are, under their
    names ("Microsoft_Excel_Worksheet1.xlsx", with their own pages); other programs' objects (oleObject1.bin) named
    as not read."""
    from ingest.attachments import listed_names, read_attachments

    files, others, broken = office_embedded_files(data)
    if not files and not others and not broken:
        return document
    from ingest.containers import one_level_down

    try:
        with one_level_down():
            blocks, warnings, unread = read_attachments(files, max_unpacked_mb, ocr, on_page)
    except UnreadableFile as error:
        blocks, warnings, unread = [], [f"embedded files not read: {error}"], []
    said = [*broken, *warnings, *unread, *([f"embedded objects not read: {listed_names(others)}"] if others else [])]
    return dataclasses.replace(document, blocks=document.blocks + tuple(blocks), warnings=(*document.warnings, *said))
