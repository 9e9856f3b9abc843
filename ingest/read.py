"""Read a file into a Document: text blocks in reading order, with page numbers where the format has them.

Here: PDF (pypdf, text per page; scanned and garbled pages OCR'd by ingest/ocr.py), DOCX (python-docx:
headings, paragraphs, lists, tables), plain text and Markdown in UTF-8/UTF-16 or the Windows code
pages Latvian and Russian files use. PPTX, ODT, ODP, DOC and RTF are read by ingest/office.py, HTML
by ingest/html.py. Anything that cannot be read raises UnreadableFile with the warning the ingest
report shows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from ingest.filetypes import PICTURE_TYPES
from ingest.ocr import OcrSettings, PageProgress
from ingest.packages import (
    ENCRYPTED_PACKAGE,
    OLE_MAGIC,
    check_unpacked_size,
    office_embedded_files,
    transitional,
    unpacked_so_far,
)
from ingest.pdf import read_pdf
from ingest.tables import table_blocks
from ingest.text import PAGE_MARK, decode_text, normalize_text, paragraph_pages, read_text
from ingest.types import Block, Document
from kb.errors import UnreadableFile, corrupt

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
# founding date ("dibināta 2005. gada 12. martā") and a national plan's period no years, "2023.10" a year.
READER_VERSION = 56


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
        document = _read_docx(data)
    elif file_type in ("pptx", "ppt", "odt", "odp", "ods", "doc", "rtf"):
        from ingest.office import read_office  # imports this module's helpers, and its parsers only when needed

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
    elif file_type in ("edoc", "zip"):
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
    from ingest.mail import listed_names, read_attachments

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


# ---------------------------------------------------------------- DOCX


# The main part of Word's other packages (macro-enabled .docm, templates .dotx and .dotm): a document's in all but name
WORD_DOCUMENTS = ("application/vnd.ms-word.document.macroEnabled.main+xml",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                  "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")  # fmt: skip


def _read_docx(data: bytes) -> Document:
    import io
    import zipfile

    from docx.opc.constants import CONTENT_TYPE
    from docx.opc.part import PartFactory
    from docx.package import Package
    from docx.parts.document import DocumentPart
    from docx.text.paragraph import Paragraph

    for content_type in WORD_DOCUMENTS:  # python-docx knows only the .docx one as a document
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    try:
        main = Package.open(io.BytesIO(transitional(data))).main_document_part
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise corrupt("DOCX", error) from None
    if main.content_type not in (CONTENT_TYPE.WML_DOCUMENT_MAIN, *WORD_DOCUMENTS):
        kind = main.content_type if len(main.content_type) <= 100 else main.content_type[:99] + "…"  # a broken file: any length
        raise UnreadableFile(f"corrupt DOCX: not a Word document (its main part is {kind})")
    word = main.document
    # Word records where it broke pages when it last laid the document out (inside a paragraph too, where a page cut
    # it); without that layout, the breaks typed in, paragraphs set to begin a page and sections that do are the
    # pages. With none, the document has no page numbers to cite.
    body = word.element.body
    rendered = bool(body.xpath(".//w:lastRenderedPageBreak"))
    break_xpath = ".//w:lastRenderedPageBreak" if rendered else './/w:br[@w:type="page"]'
    begins_page, ends_page = (set(), set()) if rendered else _docx_page_starts(word)
    has_pages = rendered or bool(body.xpath(break_xpath)) or bool(begins_page or ends_page)
    notes = _docx_footnotes(word) | _docx_diagrams(word)
    page = 1
    blank_page = True  # nothing on this page yet: a paragraph set to begin a page begins this one
    blocks: list[Block] = []
    for element, in_contents in _docx_body_items(body):
        if element in begins_page and not blank_page:
            page += 1
        blank_page = False
        if element.tag == W + "tbl":  # each row cited on the page it starts on (a participants' list runs over pages)
            if not in_contents:
                row_pages = _docx_row_pages(element, page, break_xpath) if has_pages else None
                blocks.extend(table_blocks(_docx_table_rows(element, notes), page if has_pages else None, row_pages))
            page += len(element.xpath(break_xpath))
            continue
        text, asides = _docx_text(element, notes, breaks="rendered" if rendered else "typed")
        paragraph = Paragraph(element, word)
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith("Heading") or style == "Title":
            kind = "heading"
        elif style.startswith("List") or element.xpath("./w:pPr/w:numPr"):
            kind = "list_item"
        else:
            kind = "paragraph"
        # a table of contents (every heading again, with page numbers) is left out; its pages still count
        pieces, turned = paragraph_pages(text, kind, page if has_pages else None)
        if not in_contents:
            blocks.extend(pieces)
            at = pieces[-1].page if pieces else page if has_pages else None  # a footnote: at the page's foot
            blocks.extend(Block(aside, "paragraph", at) for aside in (normalize_text(a).strip() for a in asides) if aside)
        ends_with_break = bool(turned) and not text.rsplit(PAGE_MARK, 1)[-1].strip()  # Ctrl+Enter after its text
        page += turned + (element in ends_page)
        blank_page = ends_with_break or element in ends_page
    title = normalize_text(word.core_properties.title or "").strip() or None
    return Document("docx", tuple(blocks), page if has_pages else None, title, margins=_docx_margins(word))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"  # Word's equations (OMML)
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"  # SmartArt
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


NEW_PAGE_SECTIONS = ("nextPage", "oddPage", "evenPage")  # section starts; the others ("continuous") go on on the page


def _docx_page_starts(word) -> tuple[set, set]:
    """For a document Word has not laid out: the paragraphs set to begin a page (page break before, their own or their
    style's), and those that end a section whose next one begins a page (every landscape page in a report is one)."""
    from docx.text.paragraph import Paragraph

    body = word.element.body
    begins = set()
    for element in body.iter(W + "p"):
        paragraph = Paragraph(element, word)
        style = paragraph.style
        formats = [paragraph.paragraph_format]
        while getattr(style, "paragraph_format", None) is not None and len(formats) < 20:  # and from its base style
            formats.append(style.paragraph_format)
            style = style.base_style
        if next((f.page_break_before for f in formats if f.page_break_before is not None), False):
            begins.add(element)
    sections = body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")  # each ends its section: the last is the body's own
    ends = set()
    for section, following in zip(sections, sections[1:]):
        kind = following.find(W + "type")
        if (kind.get(W + "val", "nextPage") if kind is not None else "nextPage") in NEW_PAGE_SECTIONS:
            ends.add(section.getparent().getparent())
    return begins, ends


def _docx_body_items(container, in_contents: bool = False):
    """The body's paragraphs and tables in order, those inside content controls (w:sdt) and custom XML included, each
    with whether it belongs to a table of contents (Word's "Table of Contents" control, or a paragraph styled TOC...)."""
    for child in container.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            style = child.find(f"{W}pPr/{W}pStyle")
            toc_style = style is not None and (style.get(W + "val") or "").lower().startswith("toc")
            yield child, in_contents or toc_style
        elif child.tag == W + "customXml":  # a template's tagged parts (w:customXml, as _wrapped_children reads them)
            yield from _docx_body_items(child, in_contents)
        elif child.tag == W + "sdt":
            gallery = child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
            contents = in_contents or (gallery is not None and gallery.get(W + "val") == "Table of Contents")
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _docx_body_items(content, contents)


def _showing_placeholder(control) -> bool:
    """Whether a content control (w:sdt) shows its placeholder ("Click or tap here to enter text."), not an answer."""
    return control.find(f"{W}sdtPr/{W}showingPlcHdr") is not None


def diagram_texts(data: bytes) -> list[str]:
    """A SmartArt diagram's boxes, in the order of its data part ("Sagatavošanās", "Ēnošana", ...): in a slide or a
    Word document, its text lives in that part, not beside the picture."""
    from docx.oxml.parser import parse_xml  # python-docx's own parser: no entities resolved (no XML bombs)

    texts = []
    for point in parse_xml(data).iter(f"{{{DIAGRAM}}}pt"):
        if point.get("type", "node") == "node":  # not the connectors, the document or presentation points
            texts.append(" ".join(normalize_text("".join(t.text or "" for t in point.iter(f"{{{DRAWING}}}t"))).split()))
    return [text for text in texts if text]


def _docx_diagrams(word) -> dict[tuple[str, str], str]:
    """The Word document's SmartArt diagrams by ("diagram", their data's relationship id), each as its boxes' lines."""
    diagrams = {}
    for relation_id, relation in word.part.rels.items():
        if relation.reltype.endswith("/diagramData") and not relation.is_external:
            with contextlib.suppress(ValueError, SyntaxError):  # a broken diagram costs its text only
                diagrams["diagram", relation_id] = "\n".join(diagram_texts(relation.target_part.blob))
    return diagrams


def _docx_footnotes(word) -> dict[tuple[str, str], str]:
    """The document's footnotes and endnotes by kind ("footnote", "endnote") and id, each as its text: Word numbers
    both from 1, so an id alone let the endnotes replace the first footnotes."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.parser import parse_xml  # python-docx's own parser: no entities resolved (no XML bombs)

    notes = {}
    for relation in word.part.rels.values():
        if relation.reltype in (RELATIONSHIP_TYPE.FOOTNOTES, RELATIONSHIP_TYPE.ENDNOTES):
            root = parse_xml(relation.target_part.blob)
            for note in root.iterchildren(W + "footnote", W + "endnote"):
                kind = note.tag.removeprefix(W)
                notes[kind, note.get(W + "id")] = "\n".join(_docx_text(p)[0] for p in note.iter(W + "p"))
    return notes


def _docx_margins(word) -> str:
    """The text of a Word document's headers and footers, each part once: an NGO's letterhead often holds its name and
    its project's number, and nothing else does."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    texts = []
    for relation in word.part.rels.values():
        if relation.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER) and not relation.is_external:
            root = relation.target_part.element  # parsed when the package was opened
            texts += (_docx_text(paragraph)[0] for paragraph in root.iter(W + "p"))
    return normalize_text("\n".join(dict.fromkeys(text.strip() for text in texts if text.strip())))


def _docx_text(
    paragraph, notes: Mapping[tuple[str, str], str] = MappingProxyType({}), breaks: str = ""
) -> tuple[str, list[str]]:
    """A paragraph's text as Word shows it: runs in links, fields, content controls and tracked insertions
    included, tracked deletions, text moved away (w:moveFrom), unfilled controls' placeholders and field codes not
    (deletions are w:delText, codes w:instrText); and apart from it
    (asides), the text of its text boxes, one string a box paragraph, and of the notes it refers to. Page breaks are
    marked in it (PAGE_MARK): Word's rendered ones (breaks="rendered"), or those typed in (breaks="typed")."""
    parts: list[str] = []
    asides: list[str] = []

    def walk(node) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if tag in (MC_FALLBACK, W + "moveFrom"):  # the same shape again, for readers that do not know the modern
                continue  # one; the text a tracked move took away, read where it went (w:moveTo)
            if tag == W + "sdt" and _showing_placeholder(child):
                continue
            if tag == W + "txbxContent":
                asides.extend(_docx_text(box_paragraph)[0] for box_paragraph in child.iterchildren(W + "p"))
            elif key := _referred_key(child):  # a footnote's or an endnote's text; a SmartArt diagram's boxes, each apart
                referred = notes.get(key, "")
                asides.extend(referred.split("\n") if key[0] == "diagram" else [referred])
            elif tag in (W + "t", MATH + "t"):  # a run's text, or an equation's ("π/2+a∗2")
                parts.append(child.text or "")
            elif tag == MATH + "den":  # a fraction's denominator, after its numerator
                parts.append("/")
                walk(child)
            elif tag == W + "tab":
                parts.append("\t")
            elif tag == W + "noBreakHyphen":  # "Latvija‑Portugāle", "2023‑2024": Word keeps the words on one line
                parts.append("-")
            elif tag == W + "lastRenderedPageBreak" and breaks == "rendered":
                parts.append(PAGE_MARK)
            elif tag == W + "br" and child.get(W + "type") == "page":
                parts.append(PAGE_MARK if breaks == "typed" else "")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            else:
                walk(child)

    if any(_showing_placeholder(control) for control in paragraph.iterancestors(W + "sdt")):
        return "", []  # a paragraph of an unfilled control (in a table cell, a note: read by iter, not by the body)
    walk(paragraph)
    return "".join(parts), asides


def _read_descendants(element) -> Iterator:
    """An element's descendants but those _docx_text leaves out: a shape's fallback copy and text a tracked move took
    away."""
    for child in element.iterchildren():
        if child.tag not in (MC_FALLBACK, W + "moveFrom"):
            yield child
            yield from _read_descendants(child)


def _referred_key(node) -> tuple[str, str] | None:
    """The key in a document's notes (_docx_footnotes, _docx_diagrams) of what a footnote or endnote reference or a
    SmartArt diagram names; None for any other element."""
    if node.tag in (W + "footnoteReference", W + "endnoteReference"):
        return node.tag.removeprefix(W).removesuffix("Reference"), node.get(W + "id")
    if node.tag == f"{{{DIAGRAM}}}relIds":
        return "diagram", node.get(f"{{{RELATIONSHIPS}}}dm")
    return None


def _docx_table_rows(table, notes: Mapping[tuple[str, str], str] = MappingProxyType({})) -> list[list[str]]:
    """A table's rows of cell texts; a cell merged across columns once (then empty), one merged down the rows in each
    of them (every row stays whole: "Aktivitāte: Ēnošana; Datums: 12.06."), a nested table's text in its cell, and
    after a cell's text the notes it refers to and its SmartArt's boxes (its text boxes are among its paragraphs)."""
    rows = []
    for row in _wrapped_children(table, W + "tr"):
        cells = []
        for cell in _wrapped_children(row, W + "tc"):
            referred = [notes.get(key, "") for node in _read_descendants(cell) if (key := _referred_key(node))]
            text = "\n".join([*(_docx_text(p)[0] for p in cell.iter(W + "p")), *filter(None, referred)])
            merged_down = cell.find(f"{W}tcPr/{W}vMerge")
            if merged_down is not None and merged_down.get(W + "val", "continue") == "continue" and rows:
                above = rows[-1]
                text = above[len(cells)] if len(cells) < len(above) else text
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            cells += [text] + [""] * (int(span.get(W + "val", "1")) - 1 if span is not None else 0)
        across = len(cells) > 1 and not any(cells[1:]) and len(list(_wrapped_children(row, W + "tc"))) == 1
        rows.append(cells[:1] if across else cells)  # one cell across the table: a section's label (table_blocks)
    return rows


def _wrapped_children(element, tag: str) -> Iterator:
    """An element's children of a tag, with those a content control (w:sdt, as Word's repeating sections wrap a
    table's rows) or custom XML wraps: a participants table lost every row but its header."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            for content in child.iterchildren(W + "sdtContent"):
                yield from _wrapped_children(content, tag)
        elif child.tag == W + "customXml":
            yield from _wrapped_children(child, tag)


def _docx_row_pages(table, page: int, break_xpath: str) -> list[int]:
    """The page each of a table's rows starts on: the breaks in the rows before it, and those in it before its first
    text (Word records a row it moved to the next page with a break in its first paragraph)."""
    pages = []
    for row in _wrapped_children(table, W + "tr"):
        breaks = set(row.xpath(break_xpath))
        before = 0
        for node in row.iter(W + "t", W + "lastRenderedPageBreak", W + "br"):
            if node.tag == W + "t" and (node.text or "").strip():
                break
            before += node in breaks
        pages.append(page + before)
        page += len(breaks)
    return pages
