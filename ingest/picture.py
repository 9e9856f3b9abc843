"""Pictures of pages (a scanner's PNG, JPEG or TIFF, a phone's JPEG or HEIC photo of a letter): each frame a page,
read by OCR.

They go through ingest/recover.py as a PDF's scanned pages do (Tesseract, the cache, turned pages, progress and
warnings); what differs is how a page is drawn. A phone's photo is turned as its EXIF orientation says, a
transparent background becomes white (not the black its hidden pixels often are), and a picture that does not
say its resolution, or says one that makes no sense for a page (phones write 72 dpi), is read as an A4 page
across its short side, as Paperless-ngx does.
"""

from __future__ import annotations

import io
import logging
import math
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from ingest.filetypes import PICTURE_TYPES, SUPPORTED_SUFFIXES
from ingest.ocr import OcrSettings, PageProgress
from ingest.ocr_pages import MAX_PIXELS, Sheets
from ingest.paged import page_blocks
from ingest.quality import known_words
from ingest.recover import recover_pages
from ingest.types import Document
from kb.errors import UnreadableFile, corrupt

log = logging.getLogger(__name__)
A4_SHORT_SIDE_INCHES = 8.27
PICTURE_WORDS = 2  # words of three letters or more that read as words: fewer, and a picture's OCR may be stray letters
LETTERS = re.compile(r"[^\W\d_]+")
PAGE_INCHES = (2.0, 24.0)  # a stated resolution is believed when the page's short side is within this (a receipt to A2)


def is_picture(name: str) -> bool:
    """A file name that ingest reads as a picture of pages ("scan.JPG")."""
    return SUPPORTED_SUFFIXES.get(Path(name).suffix.lower()) in PICTURE_TYPES


def read_picture(data: bytes, file_type: str, ocr: OcrSettings | None, on_page: PageProgress | None = None) -> Document:
    """The text of a picture's frames by OCR; raises UnreadableFile for a corrupt or oversized picture.

    A frame that cannot be decoded (a scan cut short) costs that page ("OCR failed on page 3"); when no page gave
    text, the first such failure is the file's reason ("corrupt JPEG: image file is truncated")."""
    frames = _count_frames(data, file_type)
    broken: list[UnreadableFile] = []
    pages = recover_pages(data, [""] * frames, ocr, on_page, open_sheets=lambda source, _dpi: picture_sheets(source, broken))
    blocks = page_blocks(pages.texts, pages.by_ocr)
    if broken and not blocks:
        raise broken[0]
    if blocks and stray_letters([block.text for block in blocks]):
        raise UnreadableFile("OCR found no text: only stray letters, as a photo of people or a place gives")
    warnings = tuple(warning.replace("no text layer, and OCR", "OCR").replace("no text layer:", "a picture:")
                     for warning in pages.warnings)  # fmt: skip  # a picture has no text layer to speak of
    return Document(file_type, blocks, frames, None, warnings)


def stray_letters(texts: list[str]) -> bool:
    """Whether OCR read a picture's shapes as letters (a photo of people, a room or a garden: "ri", "RASAS", "ONS | SS
    GS"), not text: fewer than two words of three letters or more that read as Latvian, English or Russian words, and
    no line of three words of four letters or more (a partner's Polish poster, "Każda rodzina dba o swoją grządkę")."""
    if known_words(" ".join(texts)) >= PICTURE_WORDS:
        return False
    lines = (line for text in texts for line in text.split("\n"))
    return not any(sum(len(word) >= 4 for word in LETTERS.findall(line)) >= 3 for line in lines)


def _count_frames(data: bytes, file_type: str) -> int:
    """The picture's number of frames (pages), after checking that each opens and is no decompression bomb."""
    from PIL import Image, UnidentifiedImageError

    try:
        with _quiet(), open_picture(io.BytesIO(data)) as picture:
            frames = pages_in(picture)
            for number in range(frames):
                picture.seek(number)
                width, height = picture.size
                if width * height > Image.MAX_IMAGE_PIXELS:
                    limit = Image.MAX_IMAGE_PIXELS / 1e6
                    raise UnreadableFile(f"too large: {width} x {height} px, the limit is {limit:.0f} MP")
    except UnreadableFile:
        raise
    except Image.DecompressionBombError:  # Pillow's own refusal, past twice its limit, before the size is known
        limit = Image.MAX_IMAGE_PIXELS / 1e6
        raise UnreadableFile(f"too large: > {2 * limit:.0f} MP, the limit is {limit:.0f} MP") from None
    except UnidentifiedImageError:
        raise UnreadableFile(f"corrupt {file_type.upper()}: not a picture") from None
    except MemoryError:
        raise  # the worker reports it as too large
    except Exception as error:  # noqa: BLE001 - Pillow on broken bytes raises OSError, but also TypeError, KeyError, ...
        raise corrupt(file_type.upper(), error) from None
    return frames


@contextmanager
def _quiet() -> Iterator[None]:
    """Pillow's warnings about a picture (corrupt EXIF, past its size limit, which is checked here) are not shown:
    what counts is the file's report line."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def open_picture(source):
    """Pillow's Image.open, knowing HEIC too (an iPhone's photos) through pi-heif, a decoder of it."""
    from PIL import Image

    _know_heic()
    return Image.open(source)


@cache
def _know_heic() -> None:
    try:
        import pi_heif
    except ImportError:  # an install without it: a HEIC is "not a picture", every other picture reads as before
        log.warning("pi-heif is not installed: HEIC pictures cannot be read")
        return
    pi_heif.register_heif_opener()


def pages_in(picture) -> int:
    """A TIFF's frames are pages; a phone's JPEG may carry a second picture (MPO: a preview, a depth map), and an
    animated GIF more frames of one picture: not pages."""
    return getattr(picture, "n_frames", 1) if picture.format == "TIFF" else 1


def picture_sheets(data: bytes, broken: list[UnreadableFile]) -> Sheets:
    """The frames as grayscale pages for OCR; a frame that cannot be decoded raises UnreadableFile, also added to
    `broken`."""
    with _quiet():  # as _count_frames opened it
        picture = open_picture(io.BytesIO(data))

    def draw(number: int):
        try:
            with _quiet():
                return draw_frame(picture, number)
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 - found only when decoded: a truncated download, a broken frame
            broken.append(corrupt(picture.format or "picture", error))
            raise broken[-1] from None

    return Sheets(draw, picture.close)


def draw_frame(picture, number: int = 1, max_pixels: int = MAX_PIXELS):
    """Frame `number` (1-based) upright, on white, in grayscale, at most max_pixels; and its resolution in dpi.

    Grey and transparency are taken apart from the decoded frame, and shrunk, before anything else is done, so
    that a 600-dpi colour scan needs little more memory than its decoded self (a worker has 1,000 MB)."""
    from PIL import Image, ImageOps

    picture.seek(number - 1)
    width, height = picture.size
    scale = min(1.0, (max_pixels / max(width * height, 1)) ** 0.5)
    if picture.format == "JPEG" and scale < 1:  # decoded at a fraction of its size, in grayscale: less memory
        picture.draft("L", (round(width * scale), round(height * scale)))
    dpi = _resolution(picture.info.get("dpi"), width, height)
    picture.load()  # a frame that cannot be decoded fails here
    try:
        ImageOps.exif_transpose(picture, in_place=True)  # a phone's photo upright; an upright page is not copied
    except Exception:  # noqa: BLE001 - a broken EXIF block ("not a TIFF file"): the picture as it is stored
        log.info("cannot read the orientation of page %d: the picture is read as stored", number)
    page, alpha = _grey(picture), _transparency(picture)
    if page.width * page.height > max_pixels:  # whole pixels averaged
        factor = math.ceil((page.width * page.height / max_pixels) ** 0.5)
        page, alpha = page.reduce(factor), alpha and alpha.reduce(factor)
    if page.mode == "F":  # 16-bit or float grey (archive scans): stretched into 8 bits, not clipped to white
        low, high = page.getextrema()
        page = page.point(lambda value: (value - low) * 255 / max(high - low, 1e-9)).convert("L")
    if alpha:  # on white: hidden pixels are often black, which Tesseract would read as a black page
        white = Image.new("L", page.size, 255)
        white.paste(page, mask=alpha)
        page = white
    return page, max(1, round(dpi * max(page.size) / max(width, height)))  # the dpi of the page as drawn


def _grey(picture):
    """The picture in grey ("L"), or in 32-bit floats ("F") when it has more than 8 bits."""
    if picture.mode.startswith("I") or picture.mode == "F":
        return picture.convert("F")
    if picture.mode == "LAB":  # a CIELab scan: its L is the lightness (Pillow converts LAB to nothing else)
        return picture.getchannel("L")
    return picture.convert("L")


def _transparency(picture):
    """The picture's transparency as a mask ("L"), or None when it has none."""
    if picture.mode in ("RGBA", "LA", "PA"):
        return picture.getchannel("A")
    if picture.mode == "P" and "transparency" in picture.info:
        return picture.convert("RGBA").getchannel("A")
    return None


def _resolution(stated, width: int, height: int) -> float:
    """The picture's dpi: the one it states when that makes a page-sized sheet, else an A4 page's across its short side."""
    try:
        dpi = float(stated[0] if isinstance(stated, tuple) else stated or 0)
    except (TypeError, ValueError):
        dpi = 0.0
    if dpi > 0 and PAGE_INCHES[0] <= min(width, height) / dpi <= PAGE_INCHES[1]:
        return dpi
    return max(70.0, min(width, height) / A4_SHORT_SIDE_INCHES)
