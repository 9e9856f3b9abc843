"""Pictures of pages (a scanner's PNG, JPEG or TIFF, a phone's photo of a letter): each frame a page, read by OCR.

They go through ingest/ocr.py as a PDF's scanned pages do (Tesseract, the cache, turned pages, progress and
warnings); what differs is how a page is drawn. A phone's photo is turned as its EXIF orientation says, a
transparent background becomes white (not the black its hidden pixels often are), and a picture that does not
say its resolution, or says one that makes no sense for a page (phones write 72 dpi), is read as an A4 page
across its short side, as Paperless-ngx does.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.ocr import MAX_PIXELS, OcrSettings, PageProgress, Sheets, recover_pages
from ingest.read import PICTURE_TYPES, SUPPORTED_SUFFIXES, page_blocks
from ingest.types import Document
from kb.errors import UnreadableFile, corrupt

A4_SHORT_SIDE_INCHES = 8.27
PAGE_INCHES = (2.0, 24.0)  # a stated resolution is believed when the page's short side is within this (a receipt to A2)


def is_picture(name: str) -> bool:
    """A file name that ingest reads as a picture of pages ("scan.JPG")."""
    return SUPPORTED_SUFFIXES.get(Path(name).suffix.lower()) in PICTURE_TYPES


def read_picture(data: bytes, file_type: str, ocr: OcrSettings | None, on_page: PageProgress | None = None) -> Document:
    """The text of a picture's frames by OCR; raises UnreadableFile for a corrupt or oversized picture."""
    frames = _count_frames(data, file_type)
    pages = recover_pages(data, [""] * frames, ocr, on_page, open_sheets=picture_sheets)
    return Document(file_type, page_blocks(pages.texts, pages.by_ocr), frames, None, pages.warnings)


def _count_frames(data: bytes, file_type: str) -> int:
    """The picture's number of frames (pages), after checking that each opens and is no decompression bomb."""
    from PIL import Image, UnidentifiedImageError

    try:
        with _quiet(), Image.open(io.BytesIO(data)) as picture:
            frames = getattr(picture, "n_frames", 1)
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


def picture_sheets(data: bytes, dpi: int) -> Sheets:
    """The frames as grayscale pages for OCR (the dpi wanted is for PDFs: a picture has its own resolution)."""
    from PIL import Image

    picture = Image.open(io.BytesIO(data))

    def draw(number: int):
        try:
            with _quiet():
                return draw_frame(picture, number)
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 - found only when decoded: a truncated download, a broken frame
            raise corrupt(picture.format or "picture", error) from None

    return Sheets(draw, picture.close)


def draw_frame(picture, number: int = 1, max_pixels: int = MAX_PIXELS):
    """Frame `number` (1-based) upright, on white, in grayscale, at most max_pixels; and its resolution in dpi."""
    from PIL import Image, ImageOps

    picture.seek(number - 1)
    width, height = picture.size
    scale = min(1.0, (max_pixels / max(width * height, 1)) ** 0.5)
    if picture.format == "JPEG" and scale < 1:  # decoded at a fraction of its size, in grayscale: less memory
        picture.draft("L", (round(width * scale), round(height * scale)))
    dpi = _resolution(picture.info.get("dpi"), width, height)
    page = ImageOps.exif_transpose(picture)
    if page.mode in ("RGBA", "LA", "PA", "P") and (page.mode != "P" or "transparency" in page.info):
        page = page.convert("RGBA")
        page = Image.alpha_composite(Image.new("RGBA", page.size, "white"), page)
    if page.mode.startswith("I") or page.mode == "F":  # 16-bit or float grey (archive scans): stretched, not clipped
        low, high = page.convert("F").getextrema()
        page = page.convert("F").point(lambda value: (value - low) * 255 / max(high - low, 1e-9))
    page = page.convert("L")
    if page.width * page.height > max_pixels:
        shrink = (max_pixels / (page.width * page.height)) ** 0.5
        page = page.resize((round(page.width * shrink), round(page.height * shrink)), Image.Resampling.LANCZOS)
    return page, max(1, round(dpi * max(page.size) / max(width, height)))  # the dpi of the page as drawn


def _resolution(stated, width: int, height: int) -> float:
    """The picture's dpi: the one it states when that makes a page-sized sheet, else an A4 page's across its short side."""
    try:
        dpi = float(stated[0] if isinstance(stated, tuple) else stated or 0)
    except (TypeError, ValueError):
        dpi = 0.0
    if dpi > 0 and PAGE_INCHES[0] <= min(width, height) / dpi <= PAGE_INCHES[1]:
        return dpi
    return max(70.0, min(width, height) / A4_SHORT_SIDE_INCHES)
