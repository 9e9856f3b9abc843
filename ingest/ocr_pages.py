"""OCR of a file's pages: each drawn in grayscale (pypdfium2 for a PDF, ingest/pdfium.py; ingest/picture.py's frames)
and read by the `tesseract` program through pytesseract, level and upright, `jobs` pages at a time.

Each process is limited to one thread (OMP_THREAD_LIMIT=1: measured four times faster here than Tesseract's own
threads on two shared cores). `on_page(done, total)` is called after each page, so the worker's time limit can run
per page (ingest/workers.py). Each page's text is cached by the file's SHA-256, the page, the languages, the
resolution, Tesseract's version and OCR_METHOD, in cache_dir()/ocr: a file is never OCR'd twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any, NamedTuple

from ingest.e5_onnx import cache_dir
from ingest.ocr import Engine, OcrSettings, PageProgress, import_pytesseract
from ingest.quality import GARBLED_BELOW, MIN_WORDS, PageQuality, mend_capital_i, page_quality
from ingest.skew import ink_and_sheet, lines_run_down, skew_angle
from kb.errors import UnreadableFile

log = logging.getLogger(__name__)
MAX_PIXELS = 40_000_000  # an A0 poster at 300 dpi is 140 MP: larger pages are rendered at a lower resolution
PAGE_SECONDS = 180  # one page's Tesseract run (OCRmyPDF's default); the worker's own limit usually comes first
OCR_METHOD = 5  # in the cache's key: raise it when a page is read differently (3: slanting pages read level; 4: sideways
# pages turned before their slant is measured; 5: ink looked for on the sheet only, a short page read turned round too)
MIN_SKEW = 0.5  # degrees: a page slanting less is read as it is (a straight page measures 0.0)


MIN_INK = 30  # dots of ink on a page drawn 1,000 pixels high, below which it is blank (a word has a hundred or more)


class Sheets(NamedTuple):
    """A file's pages as images: draw(number) -> (grayscale PIL image, its dpi), called from one thread only."""

    draw: Callable[[int], tuple[Any, int]]
    close: Callable[[], None]


SheetOpener = Callable[[bytes, int], "Sheets | None"]  # (file's bytes, dpi wanted) -> its pages, or None: cannot draw


def ocr_pages(
    data: bytes,
    pages: Sequence[int],
    settings: OcrSettings,
    engine: Engine,
    on_page: PageProgress | None,
    open_sheets: SheetOpener,
) -> dict[int, str]:
    """The OCR text of the given 1-based pages, drawn by open_sheets; a page whose OCR failed is left out."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before any tesseract starts: pages run in parallel instead
    cache = _PageCache(data, settings, engine)
    results: dict[int, str] = {}
    done = 0

    def finished(number: int, text: str | None) -> None:
        nonlocal done
        if text is not None:
            results[number] = mend_capital_i(text)
        done += 1
        if on_page:
            on_page(done, len(pages))

    sheets = open_sheets(data, settings.dpi)
    if sheets is None:
        return {}
    try:
        with ThreadPoolExecutor(max(1, settings.jobs)) as pool:
            running: dict[Future, int] = {}
            for number in pages:
                cached = cache.get(number)
                if cached is not None:
                    finished(number, cached)
                    continue
                try:
                    image, dpi = sheets.draw(number)  # neither pdfium nor a PIL file is thread-safe: drawn here
                except UnreadableFile as error:  # a frame of a picture that cannot be decoded: this page fails
                    log.warning("cannot draw page %d: %s", number, error)
                    finished(number, None)
                    continue
                while len(running) >= max(1, settings.jobs):
                    _collect(running, cache, finished, wait(running, return_when=FIRST_COMPLETED).done)
                running[pool.submit(_tesseract, image, engine, dpi)] = number
                del image
            _collect(running, cache, finished, wait(running).done)
    finally:
        sheets.close()
    return results


def _collect(running: dict, cache: _PageCache, finished: Callable[[int, str | None], None], done: set) -> None:
    for future in done:
        number = running.pop(future)
        try:
            text = future.result()
        except Exception as error:  # noqa: BLE001 - one page's failure is reported, the others go on
            log.warning("OCR failed on page %d: %s", number, error)
            finished(number, None)
            continue
        cache.put(number, text)
        finished(number, text)


def _tesseract(image, engine: Engine, dpi: int, upright: int | None = None) -> str:
    """The page's text, read level (a blank page is not read at all): a page whose lines run down it (fed in
    sideways) is turned first (upright: the turn already made); a page whose lines slant (a letter photographed or fed
    in askew) is turned level, as OCRmyPDF's --deskew does (Tesseract mixes up the lines of a page slanting 2 degrees
    and reads nothing of one slanting 8). A page that still does not read as words is read again as it came (the slant
    measured may be a drawing's) and turned as Tesseract's orientation detection says (upside down); of these readings
    the one with the most words that read as words is kept."""
    from PIL import Image

    pytesseract = import_pytesseract()
    pytesseract.pytesseract.tesseract_cmd = engine.command
    ink, sheet = ink_and_sheet(image)
    if ink.sum() < MIN_INK:  # a blank page (the back of a sheet scanned on both sides): nothing for Tesseract
        return ""
    ink &= sheet  # which way its lines run and slant, from the sheet's ink alone
    if upright is None and lines_run_down(ink):  # a sheet fed in sideways: turned as the orientation detection says
        said = _orientation(image, dpi) if engine.orientation else 0
        turns = [said] if said in (90, 270) else [90, 270]  # or read both ways, when it cannot tell
        return max((_tesseract(image.rotate(-turn, expand=True), engine, dpi, turn) for turn in turns), key=_words_read)
    tilt = skew_angle(image, ink=ink)
    level = image.rotate(-tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255) if abs(tilt) >= MIN_SKEW else image
    readings = [_read_image(level, engine, dpi)]
    first = page_quality(readings[0], language_below=-1.0)  # how far it reads as words; its language is not asked
    if first.words >= MIN_WORDS and first.score >= GARBLED_BELOW:
        return readings[0]
    if level is not image:
        readings.append(_read_image(image, engine, dpi))
    if engine.orientation and first.words >= MIN_WORDS and (turn := _orientation(image, dpi)) % 360:
        readings.append(_read_image(image.rotate(-turn, expand=True), engine, dpi))  # PIL turns counterclockwise
    elif first.words < MIN_WORDS and first.words - first.known >= 4 and 2 * first.known < first.words:
        # too few words for the orientation detection to tell, and most do not read as words: a short notice upside
        # down? Kept turned round only when it then reads as words (not a table of figures, nor a partner's notice)
        turned = _read_image(level.rotate(180), engine, dpi)
        if _knows_more_words(page_quality(turned, language_below=-1.0), first):
            readings.append(turned)
    return max(readings, key=_words_read)


def _knows_more_words(quality: PageQuality, than: PageQuality) -> bool:
    """Whether a reading reads as words (three or more, half of its words) and knows three more than the other."""
    return quality.known >= 3 and 2 * quality.known >= quality.words and quality.known >= than.known + 3


def _orientation(image, dpi: int) -> int:
    """How far the page is turned (0, 90, 180, 270) by Tesseract's orientation detection; 0 when it cannot tell."""
    pytesseract = import_pytesseract()

    try:
        return int(pytesseract.image_to_osd(image, config=f"--psm 0 --dpi {dpi}", timeout=PAGE_SECONDS,
                                            output_type=pytesseract.Output.DICT)["rotate"])  # fmt: skip
    except (pytesseract.TesseractError, RuntimeError, KeyError, ValueError):  # too little text to tell, or too slow
        return 0


def _words_read(text: str) -> int:
    """The words of an OCR text that read as words (known to the word list, not damaged)."""
    quality = page_quality(text, language_below=-1.0)
    return quality.known - quality.damaged - quality.mojibake


def _read_image(image, engine: Engine, dpi: int) -> str:
    pytesseract = import_pytesseract()

    config = f"--dpi {dpi} {engine.options}".strip()
    text = pytesseract.image_to_string(image, lang=engine.languages, config=config, timeout=PAGE_SECONDS)
    return text.replace("\f", "")


class _PageCache:
    """One text file per OCR'd page under cache_dir()/ocr/<file's SHA-256>/<settings>/<page>.txt."""

    def __init__(self, data: bytes, settings: OcrSettings, engine: Engine) -> None:
        key = f"{engine.languages}|{settings.dpi}|{engine.version}|{engine.orientation}|{engine.options}|{OCR_METHOD}"
        self.folder = cache_dir() / "ocr" / hashlib.sha256(data).hexdigest() / hashlib.sha256(key.encode()).hexdigest()[:16]

    def get(self, number: int) -> str | None:
        try:
            return (self.folder / f"{number}.txt").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, number: int, text: str) -> None:
        if not text.strip():  # not kept: one empty reading of a page with text (a run short of memory) was final
            return
        path: Path = self.folder / f"{number}.txt"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        except OSError as error:  # a read-only home only costs the OCR again next time
            log.warning("cannot cache OCR text: %s", error)
