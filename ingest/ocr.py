"""OCR for PDF pages that have no text layer or a garbled one: pypdfium2 renders, Tesseract reads. Pictures of
pages (ingest/picture.py) come through here too, each frame a page without a text layer.

Which pages (OCRmyPDF's per-page choice between --skip-text and --redo-ocr, made automatically):
a page without a letter in its text layer, and a page whose layer ingest/quality.py finds garbled.
A garbled layer is replaced only when the OCR text reads better than it. Before OCR, such a page (and one whose
words mix scripts, or whose letters are of three scripts or more) is read by a second PDF reader, PDFium, which maps
fonts pypdf reads as junk (a Korean CID font) and parses pages pypdf cannot: where its text reads better
(quality.reads_better), it is taken and not OCR'd.

How: each page is rendered in grayscale by pypdfium2 at `dpi` (fewer dots for a page so large it
would pass MAX_PIXELS) and read by the `tesseract` program through pytesseract, `jobs` pages at a
time, each process limited to one thread (OMP_THREAD_LIMIT=1: measured four times faster here than
Tesseract's own threads on two shared cores). `on_page(done, total)` is called after each page, so
the worker's time limit can run per page (ingest/workers.py). Each page's text is cached by the
file's SHA-256, the page, the languages, the resolution, Tesseract's version and OCR_METHOD, in
cache_dir()/ocr: a file is never OCR'd twice.

Without Tesseract (or its Latvian data), nothing is OCR'd and the warning says what to install.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ingest.e5_onnx import cache_dir
from ingest.quality import (
    GARBLED_BELOW,
    MIN_WORDS,
    PageQuality,
    mend_capital_i,
    page_quality,
)
from kb.errors import OcrUnavailable, UnreadableFile

log = logging.getLogger(__name__)
PageProgress = Callable[[int, int], None]  # (pages done, pages to OCR) for one file
MAX_PIXELS = 40_000_000  # an A0 poster at 300 dpi is 140 MP: larger pages are rendered at a lower resolution
PAGE_SECONDS = 180  # one page's Tesseract run (OCRmyPDF's default); the worker's own limit usually comes first
OCR_METHOD = 5  # in the cache's key: raise it when a page is read differently (3: slanting pages read level; 4: sideways
# pages turned before their slant is measured; 5: ink looked for on the sheet only, a short page read turned round too)
MAX_SKEW = 15  # degrees: a page slanting more is not straightened (its lines could as well be a table's or a drawing's)
MIN_SKEW = 0.5  # degrees: a page slanting less is read as it is (a straight page measures 0.0)
SHEET_EDGE = 20  # pixels of a 1,000-pixel copy: how far from the sheet's edge ink is looked for (ink_of)
MIN_INK = 30  # dots of ink on a page drawn 1,000 pixels high, below which it is blank (a word has a hundred or more)


@dataclass(frozen=True)
class OcrSettings:
    """How scans are read (kb ingest --ocr-languages, env KB_OCR_LANGUAGES)."""

    languages: str = "lav+eng+rus"  # Tesseract's language codes; the first is required, the others used when installed
    dpi: int = 300  # measured: 150-300 all read the sample slides at 99.5% of characters; 300 is safer for small print
    jobs: int = min(2, os.cpu_count() or 1)  # Tesseract processes at once for one file
    command: str = "tesseract"  # the program's name on PATH, or its path
    max_pages: int = 300  # pages OCR'd in one file (3-6 minutes on two cores); the rest are reported
    # Tesseract's thresholding_method (5.0 on): 2 is Sauvola's local threshold, which reads a photo with uneven light
    # (a shadow, a lamp's spot) as well as an even scan; Tesseract's own global one (0) loses such pages' dark side.
    thresholding: int = 2

    def __post_init__(self) -> None:  # "lv+ru", as --lang writes languages, is Tesseract's "lav+rus"
        codes = [TESSERACT_LANGUAGES.get(code.strip().lower(), code.strip()) for code in self.languages.split("+")]
        object.__setattr__(self, "languages", "+".join(codes))


@dataclass(frozen=True)
class Engine:
    command: str
    version: str
    languages: str  # the requested languages that are installed, joined with "+"
    missing: tuple[str, ...]  # requested languages that are not installed (OCR goes on without them)
    orientation: bool = False  # Tesseract's orientation data (osd) is installed: a sideways scan can be turned
    options: str = ""  # for every page: "-c thresholding_method=2" where Tesseract has it (5.0 on)


def _pytesseract():
    """pytesseract, imported without pandas: it imports pandas when it can, for an output this module never asks for,
    and pandas takes 230 MB of the 1,000 MB of address space a file's reader may use (ingest/workers.py)."""
    if "pytesseract" not in sys.modules and "pandas" not in sys.modules:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" raises ImportError
        try:
            import pytesseract
        finally:
            del sys.modules["pandas"]
    import pytesseract

    return pytesseract


def find_engine(settings: OcrSettings) -> Engine:
    """Tesseract and the requested languages it has; raises OcrUnavailable with the install command.

    Asked anew for each file that needs OCR (two quick runs of tesseract): installing it mid-session works.
    """
    pytesseract = _pytesseract()

    command, requested = settings.command, [language for language in settings.languages.split("+") if language]
    packages = " ".join(tesseract_package(language) for language in requested if language != "eng")
    path = shutil.which(command)
    if path is None:
        raise OcrUnavailable(f"install tesseract-ocr {packages}".strip())
    pytesseract.pytesseract.tesseract_cmd = path
    try:
        installed = set(pytesseract.get_languages())
        version = str(pytesseract.get_tesseract_version())
    # (pytesseract exits the program on a version it cannot parse: a broken or foreign program under that name; the
    # sync asks this in its own process, for files that waited for OCR)
    except (pytesseract.TesseractNotFoundError, OSError, subprocess.SubprocessError, SystemExit) as error:
        raise OcrUnavailable(f"tesseract does not run ({str(error).strip()}): reinstall tesseract-ocr") from None
    if not requested or requested[0] not in installed:
        raise OcrUnavailable(f"install tesseract-ocr {packages}".strip())
    found = [language for language in requested if language in installed]
    missing = tuple(language for language in requested if language not in installed)
    major = int(found_major[0]) if (found_major := re.match(r"\d+", version)) else 0
    options = f"-c thresholding_method={settings.thresholding}" if major >= 5 else ""
    return Engine(path, version, "+".join(found), missing, orientation="osd" in installed, options=options)


def lacking(settings: OcrSettings | None) -> str | None:
    """What OCR lacks now, as the install hint a file's warnings give when it was read so ("install tesseract-ocr
    tesseract-ocr-lav", "install tesseract-ocr-rus"); '' when Tesseract runs with every language asked for, None
    when OCR is turned off."""
    if settings is None:
        return None
    try:
        engine = find_engine(settings)
    except OcrUnavailable as error:
        return str(error)
    return f"install {' '.join(tesseract_package(language) for language in engine.missing)}" if engine.missing else ""


def tesseract_package(language: str) -> str:
    """Debian's package for a Tesseract language: 'lav' -> 'tesseract-ocr-lav', 'chi_sim' -> 'tesseract-ocr-chi-sim'."""
    return "tesseract-ocr-" + language.lower().replace("_", "-")


# Languages by langdetect's (and --lang's) code, as Tesseract names them: a German scan read with lav+eng+rus loses its
# letters ("Mūnchen", "fiir"), and the report says what would read it
TESSERACT_LANGUAGES = {
    "lv": "lav", "en": "eng", "ru": "rus", "de": "deu", "lt": "lit", "et": "est", "pl": "pol", "fr": "fra", "es": "spa",
    "pt": "por", "it": "ita", "fi": "fin", "sv": "swe", "uk": "ukr", "hr": "hrv", "nl": "nld", "cs": "ces", "sk": "slk",
    "hu": "hun", "ro": "ron", "bg": "bul", "el": "ell", "da": "dan", "sl": "slv",
}  # fmt: skip


# ---------------------------------------------------------------- rendering and reading


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

    pytesseract = _pytesseract()
    pytesseract.pytesseract.tesseract_cmd = engine.command
    ink, sheet = ink_and_sheet(image)
    if ink.sum() < MIN_INK:  # a blank page (the back of a sheet scanned on both sides): nothing for Tesseract
        return ""
    ink &= sheet  # which way its lines run and slant, from the sheet's ink alone
    if upright is None and _lines_run_down(ink):  # a sheet fed in sideways: turned as the orientation detection says
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
    pytesseract = _pytesseract()

    try:
        return int(pytesseract.image_to_osd(image, config=f"--psm 0 --dpi {dpi}", timeout=PAGE_SECONDS,
                                            output_type=pytesseract.Output.DICT)["rotate"])  # fmt: skip
    except (pytesseract.TesseractError, RuntimeError, KeyError, ValueError):  # too little text to tell, or too slow
        return 0


def _words_read(text: str) -> int:
    """The words of an OCR text that read as words (known to the word list, not damaged)."""
    quality = page_quality(text, language_below=-1.0)
    return quality.known - quality.damaged - quality.mojibake


def ink_of(image):
    """Where the sheet has ink (ink_and_sheet): what its lines' direction and slant are measured on."""
    ink, sheet = ink_and_sheet(image)
    return ink & sheet


def ink_and_sheet(image):
    """Where the page has ink, and where the sheet is, on a copy at most 1,000 pixels a side (boolean arrays). Ink is
    what is darker than the paper around it, so that a dark table under a photographed sheet or a scanner's black
    border is not, nor dim light. The sheet is what is lit as paper, its shadowed side too, SHEET_EDGE in from its
    edges: the edges of a short note on a dark table, slanting in a photo taken a little from the side, ran down the
    page (read turned both ways, scrambled, five times slower). Ink off the sheet still counts for a blank page's test
    (a notice on dark stock beside a white logo panel)."""
    import numpy as np
    from PIL import Image, ImageFilter

    small = image.convert("L")
    small.thumbnail((1000, 1000))
    paper = np.asarray(small.filter(ImageFilter.BoxBlur(15)), dtype=np.float32)
    ink = np.asarray(small, dtype=np.float32) < 0.8 * paper
    lit = Image.fromarray(np.where(paper > 0.35 * np.percentile(paper, 95), 255, 0).astype(np.uint8))
    sheet = np.asarray(lit.filter(ImageFilter.BoxBlur(SHEET_EDGE))) > 250  # the lit area, shrunk by its edge
    return ink, sheet


def skew_angle(image, limit: float = MAX_SKEW, ink=None) -> float:
    """How far the page's text lines slant, in degrees counterclockwise (PIL's sense; within +-limit): the turn at
    which the ink's row profile is sharpest, lines and the gaps between them apart (the differential square sum that
    Leptonica's skew finder, which OCRmyPDF's --deskew uses, maximises), away from the picture's edges. `ink`:
    ink_of(image), when already known."""
    import numpy as np

    sharpness = _row_sharpness(ink_of(image) if ink is None else ink)
    if sharpness is None:  # next to no ink: nothing to straighten
        return 0.0
    coarse = max(np.arange(-limit, limit + 0.01, 0.5), key=sharpness)
    return round(float(max(np.arange(coarse - 0.4, coarse + 0.41, 0.1), key=sharpness)), 1) + 0.0  # not -0.0


def _row_sharpness(ink) -> Callable[[float], float] | None:
    """How sharp the ink's row profile is with the page turned by an angle (None: next to no ink)."""
    import numpy as np

    height, width = ink.shape
    margin_rows, margin_columns = height // 12, width // 12
    rows, columns = np.nonzero(ink[margin_rows : height - margin_rows, margin_columns : width - margin_columns])
    if len(rows) < 200:
        return None
    keep = np.random.default_rng(0).permutation(len(rows))[:200_000]
    rows, columns = rows[keep].astype(float), columns[keep].astype(float)

    def sharpness(angle: float) -> float:
        turned = np.radians(angle)
        profile = np.bincount(np.round(rows * np.cos(turned) + columns * np.sin(turned) + columns.max() + 1).astype(int))
        return float(np.sum(np.diff(profile.astype(float)) ** 2))

    return sharpness


SIDEWAYS = 2.0  # a page whose column profile is this many times sharper than its row profile has lines running down it


def _lines_run_down(ink) -> bool:
    """Whether the page's text lines run down it (a sheet fed in sideways): its ink's column profile is far sharper than
    its row profile at every slant (text pages measured 0.03-0.09 as sharp, pages turned 90 degrees 25-28 times)."""
    import numpy as np

    across, down = _row_sharpness(ink), _row_sharpness(ink.T)
    if across is None or down is None:
        return False
    angles = np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 1.5)
    return max(map(down, angles)) > SIDEWAYS * max(map(across, angles))


def _read_image(image, engine: Engine, dpi: int) -> str:
    pytesseract = _pytesseract()

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
