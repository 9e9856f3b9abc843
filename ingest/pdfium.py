"""What PDFium (pypdfium2) does for a PDF's scanned and garbled pages: draws them for OCR (pdf_sheets; fewer dots
for a page so large it would pass MAX_PIXELS), reads their text layer as a second reader (pdfium_texts) and tells
which pages are a picture of the whole page (pdf_scans).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ingest.ocr import Engine, OcrSettings, PageProgress
from ingest.ocr_pages import MAX_PIXELS, Sheets, ocr_pages

log = logging.getLogger(__name__)
SCAN_COVER = 0.8  # a picture covering this share of a page or more is a scan of it


def pdf_scans(data: bytes, pages: Sequence[int]) -> set[int]:
    """Which of the given 1-based pages hold a picture covering nearly the whole page (SCAN_COVER)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return set()
    scans = set()
    try:
        for number in pages:
            if number > len(document):
                break
            try:
                page = document[number - 1]
                width, height = page.get_size()
                pictures = page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=3)
                areas = [(right - left) * (top - bottom) for left, bottom, right, top in (p.get_bounds() for p in pictures)]
            except pypdfium2.PdfiumError as error:
                log.warning("PDFium cannot read the pictures of page %d: %s", number, error)
                continue
            if any(area >= SCAN_COVER * width * height for area in areas):
                scans.add(number)
    finally:
        document.close()
    return scans


def pdfium_texts(data: bytes, pages: Sequence[int] | None) -> dict[int, str]:
    """The text layer of the given 1-based pages (None: every page) as PDFium reads them; a page it cannot read is left
    out, and so is every page of a file it cannot open."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return {}
    texts = {}
    try:
        for number in range(1, len(document) + 1) if pages is None else pages:
            if number > len(document):
                break
            try:
                texts[number] = document[number - 1].get_textpage().get_text_range().replace("\r\n", "\n")
            except pypdfium2.PdfiumError as error:
                log.warning("PDFium cannot read page %d: %s", number, error)
    finally:
        document.close()
    return texts


def pdf_sheets(data: bytes, dpi: int) -> Sheets | None:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:  # pypdf read it, PDFium cannot: its pages stay as they are
        log.warning("cannot render the PDF for OCR: %s", error)
        return None
    return Sheets(lambda number: _render(document, number, dpi), document.close)


def ocr_pdf_pages(
    data: bytes, pages: Sequence[int], settings: OcrSettings, engine: Engine, on_page: PageProgress | None = None
) -> dict[int, str]:
    """The OCR text of the given 1-based pages of a PDF; a page whose OCR failed is left out."""
    return ocr_pages(data, pages, settings, engine, on_page, pdf_sheets)


def _render(document, number: int, dpi: int):
    page = document[number - 1]
    try:
        width, height = page.get_size()  # points
        scale = min(dpi / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
        bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=True)
        image = bitmap.to_pil()
        bitmap.close()
    finally:
        page.close()
    return image, round(scale * 72)
