"""A page image's ink and the way its lines run: how far they slant (skew_angle, as Leptonica's skew finder, which
OCRmyPDF's --deskew uses, measures it) and whether they run down the page (a sheet fed in sideways).
"""

from __future__ import annotations

from collections.abc import Callable

MAX_SKEW = 15  # degrees: a page slanting more is not straightened (its lines could as well be a table's or a drawing's)
SHEET_EDGE = 20  # pixels of a 1,000-pixel copy: how far from the sheet's edge ink is looked for (ink_of)


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
