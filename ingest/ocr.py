"""OCR for PDF pages that have no text layer or a garbled one: pypdfium2 renders, Tesseract reads. Pictures of
pages (ingest/picture.py) come through here too, each frame a page without a text layer.

Here, how OCR is set up: OcrSettings (the languages, the resolution, `jobs` pages at a time, ...), Tesseract and the
languages it has (find_engine), and the install command when it lacks them (lacking). Without Tesseract (or its
Latvian data), nothing is OCR'd and the warning says what to install. The work is done by:

- ingest/recover.py: which pages need OCR, PDFium's text first, whether OCR's text replaces the layer (recover_pages)
- ingest/ocr_pages.py: pages read by Tesseract, level and upright, `jobs` at a time, each page's text cached
- ingest/skew.py: a page image's ink, how far its lines slant, whether they run down the page
- ingest/pdfium.py: a PDF's pages drawn by PDFium, its text as PDFium reads it, the pages that are scans
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from kb.errors import OcrUnavailable

PageProgress = Callable[[int, int], None]  # (pages done, pages to OCR) for one file


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
