"""Read a PDF: pypdf's text per page (a page it cannot read costs only itself), PDFium's where it reads better
or where pypdf cannot open the file, scanned and garbled pages OCR'd (ingest/recover.py); a form's answers and a dynamic
XFA form's data (ingest/forms.py); and the documents embedded in it, read as an e-mail's attachments are.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PureWindowsPath

from ingest.filetypes import PICTURE_TYPES
from ingest.forms import form_answers, form_title, placeholder_only, xfa_blocks
from ingest.ocr import OcrSettings, PageProgress
from ingest.packages import refuse_past
from ingest.paged import page_blocks, paged_text
from ingest.pdfium import pdf_scans, pdfium_texts
from ingest.recover import page_list, recover_pages
from ingest.text import normalize_text
from ingest.types import Block, Document
from kb.errors import UnreadableFile, corrupt

# pypdf's limits that mean a file unpacks into more than it may ("Limit reached while decompressing", "Stream decoding
# exceeded the maximum accumulated decoding work", "Maximum filter count", "Memory limit reached while reading JBIG2",
# "Reached maximum number of tokens per stream": a page drawing one word millions of times, which crashed PDFium);
# its others ("Read stream length of 112 exceeds ...") are a page's oddity, which the second reader may read
UNPACKING_LIMITS = re.compile(r"decompress|decoding work|filter count|memory limit|tokens per stream", re.IGNORECASE)


# A line set with wide letter spacing, each glyph placed apart (a design tool's display heading): pypdf gives
# "P A A U D Ž U  T I L T I", one space between letters and two or more between words; two words at least, so that a
# page spaced letter by letter with no word gaps stays garbled and is OCR'd, and single letters in a list stay apart
SPACED_WORD = r"[^\W\d_](?: [^\W\d_])+"
LETTER_SPACED = re.compile(rf"(?<!\S){SPACED_WORD}(?: {{2,}}{SPACED_WORD})+(?![^\W\d_])")


def joined_letter_spacing(text: str) -> str:
    """'P A A U D Ž U  T I L T I' -> 'PAAUDŽU TILTI': no search found such a heading, and it gave no title."""
    return LETTER_SPACED.sub(lambda run: " ".join(word.replace(" ", "") for word in re.split(r" {2,}", run.group())), text)


def unpacks_too_large(error: Exception) -> bool:
    return bool(UNPACKING_LIMITS.search(str(error)))


def read_pdf(data: bytes, max_unpacked_mb: float, ocr: OcrSettings | None, on_page: PageProgress | None) -> Document:
    import io

    from pypdf import PdfReader
    from pypdf.errors import DeprecationError, LimitReachedError, PdfReadError

    # DeprecationError: pypdf 6 refuses filter names it once read ("/A85"), with advice for programmers
    broken = (PdfReadError, DeprecationError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError)
    failed: list[tuple[int, Exception]] = []  # pages whose text pypdf could not take out, and why

    def text_of(number: int, page) -> str:
        try:
            return normalize_text(joined_letter_spacing(page.extract_text() or ""), "NFKC")
        except broken as error:
            failed.append((number, error))
            return ""  # as a page without text: OCR'd when OCR is on
        except LimitReachedError as error:
            if unpacks_too_large(error):
                raise  # a decompression bomb: the file is too large when unpacked
            failed.append((number, error))  # one of pypdf's other limits ("Read stream length of 112 exceeds ...")
            return ""

    try:
        reader = PdfReader(io.BytesIO(data))
        # a "secured" PDF (printing or copying restricted) has an empty user password: it opens without one
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("encrypted: needs a password")
        page_texts = [text_of(number, page) for number, page in enumerate(reader.pages, start=1)]
        if failed and len(failed) == len(page_texts):
            if isinstance(failed[0][1], LimitReachedError):  # a one-page file past a limit that is no bomb
                return _read_by_pdfium(data, corrupt("PDF", failed[0][1]), ocr, on_page)
            raise failed[0][1]  # no page at all: the file, not a page, is broken
        answers = form_answers(reader.pages)
        title = (reader.metadata or {}).get("/Title")
        title = normalize_text(str(title)).strip() if title else None
        xfa = xfa_blocks(reader) if placeholder_only(reader, page_texts) else None  # a dynamic XFA form: its text is in its XML
    except UnreadableFile:
        raise
    except NotImplementedError as error:  # "only Standard PDF encryption handler is available": a certificate's lock
        if "encryption" in str(error):
            raise UnreadableFile("encrypted: needs the recipient's key") from None
        raise
    except DeprecationError:
        return _read_by_pdfium(data, UnreadableFile("corrupt PDF: a filter name pypdf no longer reads"), ocr, on_page)
    except broken as error:
        return _read_by_pdfium(data, corrupt("PDF", error), ocr, on_page)
    if not page_texts:
        return _read_by_pdfium(data, UnreadableFile("corrupt PDF: no pages"), ocr, on_page)
    # one broken page costs that page's text layer only (read by PDFium, or by OCR when OCR is on)
    def unread(pages: list[int]) -> list[str]:
        return [f"text of {page_list(pages)} could not be read"] if pages else []

    annexes, embedded = _embedded_documents(reader, max_unpacked_mb, ocr, on_page)
    if xfa is not None:
        said = [*unread([number for number, _ in failed]), *embedded]
        if not xfa and not annexes:
            raise UnreadableFile("; ".join(["empty: an XFA form (Adobe LiveCycle) with no answers", *said]))
        blocks = tuple(dataclasses.replace(block, text=normalize_text(block.text, "NFKC")) for block in xfa)
        title = form_title(list(blocks)) or title  # "Projekta nosaukums: ...", not the form's own title or first caption
        return Document("pdf", blocks + annexes, None, title or None, ("an XFA form: its answers read, without pages", *said))

    # scans and garbled layers: PDFium's text where it reads better, OCR for the rest (ingest/recover.py)
    pages = recover_pages(data, page_texts, ocr, on_page, reread=pdfium_texts, find_scans=pdf_scans)
    said = [*unread([number for number, _ in failed if number not in pages.reread]), *embedded]
    blocks, margins = paged_text(pages.texts, pages.by_ocr, answers)  # a scan's answers too
    return Document("pdf", blocks + annexes, len(page_texts), title or None, (*pages.warnings, *said), margins=margins)


def _read_by_pdfium(data: bytes, failure: UnreadableFile, ocr: OcrSettings | None, on_page: PageProgress | None) -> Document:
    """A PDF pypdf cannot open (its cross-reference table missing or broken, its page tree damaged, a filter pypdf no
    longer reads), read by PDFium, which rebuilds what it can, scans OCR'd; `failure` when PDFium cannot open it."""
    texts = pdfium_texts(data, None)
    if not texts:
        raise failure
    every_page = [texts.get(number, "") for number in range(1, max(texts) + 1)]
    pages = recover_pages(data, every_page, ocr, on_page, find_scans=pdf_scans)
    blocks = page_blocks(pages.texts, pages.by_ocr)
    if not blocks:
        raise failure
    return Document("pdf", blocks, len(pages.texts), None, ("damaged PDF: read by a second PDF reader", *pages.warnings))


def embedded_files(reader, max_unpacked_mb: float | None = None, wanted: str | None = None) -> tuple[list, list[str]]:
    """The documents embedded in a PDF (a report's annexes, an eForm's attachments, PDF/A-3's files) a reader knows, as
    (name to cite it by, bytes, MIME type), and what to say of the others, as a container's files are
    (ingest/containers.py): each file once, named by its file name (two of one name told apart, "2.pdf" for one with
    none), pictures and unknown types named and not inflated, a file pypdf will not inflate or that is a copy of
    another named, each inflated one counted toward max_unpacked_mb. `wanted`: only the file of that name."""
    import hashlib

    from pypdf.errors import LimitReachedError, PyPdfError

    from ingest.attachments import cited_type, extension_of, listed_names, named_files

    broken = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError,
              NotImplementedError, ArithmeticError)  # fmt: skip
    try:
        entries = list(reader.attachment_list)
        listed = [(entry.alternative_name or entry.name or "", b"", (entry.subtype or "").lstrip("/")) for entry in entries]
    except broken:
        return [], []
    files, notes, skipped, seen = [], [], [], {}
    without_folders = [(PureWindowsPath(name).name, data, mime_type) for name, data, mime_type in listed]  # "C:\\Docs\\x.pdf"
    for entry, (name, _, mime_type) in zip(entries, named_files(without_folders)):
        if wanted is not None and name != wanted:
            continue
        file_type = cited_type(name) or cited_type("file" + extension_of(mime_type))
        if file_type is None or file_type in PICTURE_TYPES:
            skipped.append(name)
            continue
        try:
            content = entry.content
        except LimitReachedError:
            notes.append(f"attachment {name} not read: too large when unpacked: it inflates past what pypdf unpacks")
            continue
        except broken as error:
            notes.append(f"attachment {name} not read: {corrupt('PDF', error)}")
            continue
        if (first := seen.setdefault(hashlib.sha256(content).digest(), name)) != name:
            notes.append(f"attachment {name}: the same file as {first}")
            continue
        try:
            if max_unpacked_mb is not None:
                refuse_past(len(content), max_unpacked_mb)
        except UnreadableFile as error:  # this one: the files before it are read
            notes.append(f"attachment {name} not read: {error}")
            continue
        files.append((name, content, mime_type))
    return files, notes + ([f"attachments not read: {listed_names(skipped)}"] if skipped else [])


def _embedded_documents(
    reader, max_unpacked_mb: float, ocr: OcrSettings | None, on_page: PageProgress | None
) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """The blocks of a PDF's embedded documents, read as an e-mail's attachments are (under their names, with their
    own pages), and what to say of them and of the files not read."""
    from ingest.attachments import read_attachments
    from ingest.containers import one_level_down

    try:
        files, notes = embedded_files(reader, max_unpacked_mb)
        if not files:
            return (), tuple(notes)
        with one_level_down():
            blocks, warnings, unread = read_attachments(files, max_unpacked_mb, ocr, on_page)
    except UnreadableFile as error:
        return (), (f"embedded files not read: {error}",)
    return tuple(blocks), (*notes, *warnings, *unread)
