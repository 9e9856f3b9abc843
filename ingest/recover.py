"""Recover the text of a PDF's pages that have none or a garbled one (recover_pages), by a second PDF reader and by OCR.

Which pages (OCRmyPDF's per-page choice between --skip-text and --redo-ocr, made automatically):
a page without a letter in its text layer, and a page whose layer ingest/quality.py finds garbled.
A garbled layer is replaced only when the OCR text reads better than it. Before OCR, such a page (and one whose
words mix scripts, or whose letters are of three scripts or more) is read by a second PDF reader, PDFium, which maps
fonts pypdf reads as junk (a Korean CID font) and parses pages pypdf cannot: where its text reads better
(quality.reads_better), it is taken and not OCR'd.

Without Tesseract (or its Latvian data), nothing is OCR'd and the warning says what to install.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.contents import contents_lines
from ingest.enrich import detect_language
from ingest.ocr import TESSERACT_LANGUAGES, OcrSettings, PageProgress, find_engine, tesseract_package
from ingest.ocr_pages import SheetOpener, ocr_pages
from ingest.pdfium import pdf_sheets
from ingest.quality import MIN_WORDS, agrees, letters, mends, mixed_scripts, page_quality, reads_better, scripts
from kb.errors import OcrUnavailable

Rereader = Callable[[bytes, "Sequence[int]"], dict[int, str]]  # (file's bytes, 1-based pages) -> another reader's texts
ScanFinder = Callable[[bytes, "Sequence[int]"], set[int]]  # (file's bytes, 1-based pages) -> those that are scans
MIN_LETTERS = 3  # OCR output without a word this long is noise (a scanned photo, a stain), not text
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class PdfPages:
    """What recover_pages did to a PDF's page texts."""

    texts: list[str]  # one per page, OCR text where it replaced the layer
    by_ocr: frozenset[int]  # 1-based pages whose text came from OCR
    warnings: tuple[str, ...]
    reread: frozenset[int] = frozenset()  # 1-based pages whose text came from the second reader


def recover_pages(
    data: bytes,
    texts: list[str],
    settings: OcrSettings | None,
    on_page: PageProgress | None = None,
    open_sheets: SheetOpener | None = None,
    reread: Rereader | None = None,
    find_scans: ScanFinder | None = None,
) -> PdfPages:
    """OCR the pages of a PDF (its bytes and its text layer, a string per page) that need it.

    settings None: nothing is OCR'd, the warnings only say which pages need it. open_sheets draws the pages
    (default: a PDF's, by pypdfium2; ingest/picture.py passes a picture's frames, each an empty page). reread gives
    another reader's text of the pages in doubt (pdfium_texts), taken where it reads better. find_scans (pdf_scans)
    tells which pages of a few words are a picture of the whole page: a scan under a scanner app's or a fax's line.
    """
    empty = [number for number, text in enumerate(texts, 1) if not WORD.search(text)]
    # a table of contents is not read (ingest/contents.py): its foreign names and leaders are no sign of damage
    layer_quality = {number: page_quality(text) for number, text in enumerate(texts, 1)
                     if WORD.search(text) and not contents_lines(text.split("\n"), len(texts))}  # fmt: skip
    garbled = [number for number, quality in layer_quality.items() if quality.garbled]
    few_words = [number for number, quality in layer_quality.items() if not quality.garbled and _few_words(texts[number - 1])]
    stamped = sorted(find_scans(data, few_words)) if find_scans and few_words else []
    said: list[str] = []
    texts, reread_pages = _read_again(data, texts, empty, garbled, reread) if reread else (texts, [])
    if reread_pages:
        if was_empty := [number for number in reread_pages if number in empty]:
            said.append(f"text of {page_list(was_empty)} read by a second PDF reader")
        if was_garbled := [number for number in reread_pages if number not in empty]:
            said.append(f"garbled text layer on {page_list(was_garbled)}: read by a second PDF reader instead")
        empty = [number for number in empty if number not in reread_pages]
        garbled = [number for number in garbled if number not in reread_pages]
    from_second = frozenset(reread_pages)
    if not empty and not garbled and not stamped:
        return PdfPages(texts, frozenset(), tuple(said), from_second)
    try:
        if settings is None:
            raise OcrUnavailable("")
        engine = find_engine(settings)
    except OcrUnavailable as error:
        needs = _needs_ocr(sorted(empty + stamped), garbled, len(texts), str(error))
        return PdfPages(texts, frozenset(), (*said, *needs), from_second)

    wanted = sorted(empty + garbled + stamped)[: settings.max_pages]
    read = ocr_pages(data, wanted, settings, engine, on_page, open_sheets or pdf_sheets)
    texts = list(texts)
    scanned, replaced, kept = [], [], []
    for number in wanted:
        if number not in read:
            continue
        layer = layer_quality.get(number)
        by_ocr = page_quality(read[number]) if layer else None  # a scan's page has no layer to weigh it against
        lost = 2 * letters(read[number]) < letters(texts[number - 1])
        # too few words to be judged (a table's rotated headers read as "3 |5 / 2 = / || 8 Е a 8 ав"), unless they mend
        # a short page's mojibake
        too_few = by_ocr is not None and by_ocr.words < MIN_WORDS and not (layer and mends(layer, by_ocr))
        if number in stamped:  # the scan's text (the line above it too) where OCR reads a page of text under the line
            if by_ocr and by_ocr.words >= MIN_WORDS and not by_ocr.garbled:
                texts[number - 1] = read[number]
                scanned.append(number)
        elif layer and agrees(layer, texts[number - 1], read[number]):
            continue  # a language the word list lacks (Latgalian), read alike by OCR: the layer is text, and exact
        elif layer and by_ocr and (by_ocr.score <= layer.score or too_few or lost):
            # a page in a language the word list lacks reads no better by OCR; OCR lost half of it, or kept too few words
            kept.append(number)
        elif number in layer_quality or _has_words(read[number]):
            texts[number - 1] = read[number]
            (replaced if number in layer_quality else scanned).append(number)
    warnings = said
    if scanned:
        warnings.append(f"{page_list(scanned)} read by OCR")
    if replaced:
        warnings.append(f"garbled text layer on {page_list(replaced)}: read by OCR instead")
    if kept:
        warnings.append(f"text on {page_list(kept)} looks garbled, and OCR read it no better")
    failed = [number for number in wanted if number not in read and number not in layer_quality]
    if len(empty) == len(texts) and not scanned:  # the file's reason for being skipped
        outcome = f"failed on {page_list(failed)}" if failed else "found no text"
        warnings.append(f"no text layer, and OCR {outcome}")
    elif failed:
        warnings.append(f"OCR failed on {page_list(failed)}")
    if failed_layers := [number for number in wanted if number not in read and number in layer_quality]:
        warnings.append(f"garbled text layer on {page_list(failed_layers)}: OCR failed")
    if skipped := sorted(empty + garbled)[settings.max_pages :]:
        warnings.append(f"{page_list(skipped)} not OCR'd: at most {settings.max_pages} pages a file")
    if (scanned or replaced) and engine.missing:
        packages = " ".join(tesseract_package(language) for language in engine.missing)
        warnings.append(f"OCR without {'+'.join(engine.missing)}: install {packages}")
    if unused := _unused_language({number: read[number] for number in scanned + replaced}, settings.languages):
        pages, code = unused
        warnings.append(f"text on {page_list(pages)} seems to be in {code}, a language OCR did not use: add {code} to the "
                        f"OCR languages ({tesseract_package(code)})")  # fmt: skip
    return PdfPages(texts, frozenset(scanned + replaced), tuple(warnings), from_second)


def _read_again(
    data: bytes, texts: list[str], empty: list[int], garbled: list[int], reread: Rereader
) -> tuple[list[str], list[int]]:
    """The page texts with the pages in doubt (empty, garbled, words mixing scripts) taken from the other reader where
    they read better there; the pages so taken."""
    odd = (number for number, text in enumerate(texts, 1) if mixed_scripts(text) >= 2 or len(scripts(text)) >= 3)
    doubtful = sorted({*empty, *garbled, *odd})
    if not doubtful:
        return texts, []
    texts, taken = list(texts), []
    for number, text in sorted(reread(data, doubtful).items()):
        if reads_better(texts[number - 1], text):
            texts[number - 1] = text
            taken.append(number)
    return texts, taken


STAMP_WORDS = 12  # a scan's page with fewer words in its text layer ("Scanned with CamScanner", a fax's header) is OCR'd


def _few_words(text: str) -> bool:
    return len(WORD.findall(text)) < STAMP_WORDS


def _unused_language(read: dict[int, str], languages: str) -> tuple[list[int], str] | None:
    """The OCR'd pages in the partner language most of them are in, when OCR did not read in it (a page of a few words
    says too little)."""
    found = {number: TESSERACT_LANGUAGES.get(detect_language(text)) for number, text in read.items() if len(text.split()) >= 30}
    codes = [code for code in found.values() if code and code not in languages.split("+")]
    if not codes:
        return None
    code = max(set(codes), key=codes.count)
    return sorted(number for number, found_code in found.items() if found_code == code), code


def _needs_ocr(empty: list[int], garbled: list[int], pages: int, install: str) -> tuple[str, ...]:
    """The warnings for pages that need OCR when it cannot run: 'no text layer: needs OCR: install ...'."""
    hint = f": {install}" if install else ""
    warnings = []
    if len(empty) == pages:
        warnings.append(f"no text layer: needs OCR{hint}")
    elif empty and len(empty) >= pages / 2:  # a few blank pages are normal
        warnings.append(f"no text layer on {page_list(empty)}: needs OCR{hint}")
    if garbled:
        warnings.append(f"garbled text layer on {page_list(garbled)}: needs OCR{hint}")
    return tuple(warnings)


def _has_words(text: str | None) -> bool:
    return bool(text) and any(len(word) >= MIN_LETTERS for word in WORD.findall(text))  # type: ignore[arg-type]


def page_list(numbers: Sequence[int]) -> str:
    """'page 3', 'pages 1-4, 7'."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    text = ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs[:10])
    return ("page " if len(numbers) == 1 else "pages ") + text + (" ..." if len(runs) > 10 else "")
