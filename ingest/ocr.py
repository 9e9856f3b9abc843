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

import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from kb.errors import OcrUnavailable

log = logging.getLogger(__name__)
PageProgress = Callable[[int, int], None]  # (pages done, pages to OCR) for one file
MAX_SKEW = 15  # degrees: a page slanting more is not straightened (its lines could as well be a table's or a drawing's)
SHEET_EDGE = 20  # pixels of a 1,000-pixel copy: how far from the sheet's edge ink is looked for (ink_of)


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


def import_pytesseract():
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
    pytesseract = import_pytesseract()

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


def lines_run_down(ink) -> bool:
    """Whether the page's text lines run down it (a sheet fed in sideways): its ink's column profile is far sharper than
    its row profile at every slant (text pages measured 0.03-0.09 as sharp, pages turned 90 degrees 25-28 times)."""
    import numpy as np

    across, down = _row_sharpness(ink), _row_sharpness(ink.T)
    if across is None or down is None:
        return False
    angles = np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 1.5)
    return max(map(down, angles)) > SIDEWAYS * max(map(across, angles))


