"""Read a PowerPoint deck: PPTX (and its show, template and macro-enabled packages) with python-pptx, one page per
slide as ingest/decks.py says: its title, its shapes' text in reading order, tables, charts (a line a series), SmartArt
and speaker notes. A PowerPoint 97-2003 deck (PPT) is converted to PPTX by LibreOffice (Debian package
libreoffice-impress), a child process with a time limit (ingest/tools.py), and read as one.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ingest.decks import deck_text, empty_deck, notes_block, read_shown_slides
from ingest.packages import BROKEN_PACKAGE, ENCRYPTED_PACKAGE, OLE_MAGIC, check_unpacked_size, transitional
from ingest.tables import table_blocks
from ingest.text import normalize_text
from ingest.tools import run_tool
from ingest.types import Block, Document
from ingest.word import DIAGRAM, RELATIONSHIPS, diagram_texts
from kb.errors import UnreadableFile, corrupt

ENCRYPTED_PPT_TOKEN = (0xF3D1C4DF).to_bytes(4, "little")  # a .ppt's "Current User" token when a password encrypts it
SLIDE_TITLE_WORDS = 10  # a slide's first line in a text box, when the slide has no title placeholder
NEEDS_LIBREOFFICE = "needs LibreOffice: install libreoffice-impress (Debian: apt-get install libreoffice-impress)"

# The main part of PowerPoint's macro-enabled show (.ppsm) and template (.potm), which python-pptx does not list
POWERPOINT_DECKS = ("application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
                    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml")  # fmt: skip


def read_pptx(data: bytes, max_unpacked_mb: float = 500) -> Document:
    """A PowerPoint deck: one page per slide (an encrypted deck is an OLE file holding an EncryptedPackage)."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise UnreadableFile("encrypted: needs a password")
        raise UnreadableFile("corrupt PPTX: an old PowerPoint 97-2003 file (.ppt) under a .pptx name: rename it")
    check_unpacked_size(data, "PPTX", max_unpacked_mb)

    from lxml.etree import LxmlError
    from pptx.exc import PythonPptxError
    from pptx.opc.package import PartFactory
    from pptx.package import Package
    from pptx.parts.presentation import PresentationPart

    for content_type in POWERPOINT_DECKS:  # python-pptx knows the others: .pptx, .pptm, .ppsx, .potx
        PartFactory.part_type_for.setdefault(content_type, PresentationPart)
    try:  # not pptx.Presentation, which refuses a show (.ppsx) and a template (.potx): the same deck in all but name
        main = Package.open(io.BytesIO(transitional(data))).main_document_part  # a "Strict Open XML" deck too
        if not isinstance(main, PresentationPart):
            raise UnreadableFile(f"corrupt PPTX: not a PowerPoint deck (its main part is {main.content_type})")
        deck = main.presentation
        slides = list(deck.slides)
        hidden = [slide._element.get("show") in ("0", "false") for slide in slides]
        blocks, shown, warnings = read_shown_slides(hidden, lambda numbers: [
            block for number, slide in enumerate(slides, start=1) if number in numbers for block in _slide_blocks(slide, number)
        ])  # fmt: skip
        blocks = deck_text(blocks, shown)  # what most shown slides repeat (a footer) is left out
        title = normalize_text(deck.core_properties.title or "").strip() or None
    except (*BROKEN_PACKAGE, PythonPptxError, LxmlError) as error:
        raise corrupt("PPTX", error) from None
    if not blocks:
        raise empty_deck(len(slides))
    return Document("pptx", tuple(blocks), len(slides), title, warnings)


def _slide_blocks(slide, page: int) -> list[Block]:
    title_shape = slide.shapes.title
    title_id = title_shape.shape_id if title_shape is not None else None
    blocks = []
    if title_shape is not None and title_shape.has_text_frame:
        title = " ".join(normalize_text(title_shape.text_frame.text.replace("\v", " ")).split())
        if title:
            blocks.append(Block(title, "heading", page))
    for shape in _reading_order(shape for shape in slide.shapes if shape.shape_id != title_id):
        blocks.extend(_shape_blocks(shape, page))
    if title_shape is None and blocks and _looks_like_slide_title(blocks[0].text):  # a title typed in a text box
        blocks[0] = Block(blocks[0].text, "heading", page)
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        notes = slide.notes_slide.notes_text_frame
        blocks.extend(notes_block((paragraph.text.replace("\v", " ") for paragraph in notes.paragraphs), page))
    return blocks


def _looks_like_slide_title(text: str) -> bool:
    """The topmost line of a slide without a title placeholder: short, and not a sentence or a list's lead-in."""
    return 1 <= len(text.split()) <= SLIDE_TITLE_WORDS and not text.rstrip().endswith((".", ",", ";", ":"))


def _reading_order(shapes: Iterable) -> list:
    """Top to bottom, then left to right; shapes with no position keep their order, last."""
    far = float("inf")
    return sorted(shapes, key=lambda shape: (far, far) if shape.top is None else (shape.top, shape.left or 0))


def _shape_blocks(shape, page: int) -> list[Block]:
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.shapes.group import GroupShape

    if shape.is_placeholder and shape.placeholder_format.type in (
        PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.SLIDE_NUMBER
    ):  # fmt: skip
        return []  # Insert > Header & Footer: the same line, date and number on every slide
    if isinstance(shape, GroupShape):
        return [block for child in _reading_order(shape.shapes) for block in _shape_blocks(child, page)]
    if shape.has_table:
        return table_blocks([[cell.text for cell in row.cells] for row in shape.table.rows], page)
    if getattr(shape, "has_chart", False):
        try:
            return _chart_blocks(shape.chart, page)
        except (ValueError, KeyError, IndexError, AttributeError, NotImplementedError):  # a chart python-pptx cannot read
            return []  # costs that chart's text, not the file
    if next(shape._element.iter(f"{{{DIAGRAM}}}relIds"), None) is not None:  # SmartArt
        return _diagram_blocks(shape, page)
    if not shape.has_text_frame:
        return []  # pictures, media
    blocks = []
    for paragraph in shape.text_frame.paragraphs:
        text = normalize_text(paragraph.text.replace("\v", " ")).strip()
        if text:
            blocks.append(Block(text, "list_item" if _is_bullet(shape, paragraph) else "paragraph", page))
    return blocks


def _diagram_blocks(shape, page: int) -> list[Block]:
    """A SmartArt diagram's boxes, one item each (ingest/word.py's diagram_texts)."""
    blocks = []
    for relations in shape._element.iter(f"{{{DIAGRAM}}}relIds"):
        try:
            texts = diagram_texts(shape.part.related_part(relations.get(f"{{{RELATIONSHIPS}}}dm")).blob)
        except (KeyError, ValueError, SyntaxError):  # a broken diagram costs its text only
            continue
        blocks += [Block(text, "list_item", page) for text in texts]
    return blocks


def _chart_blocks(chart, page: int) -> list[Block]:
    """A chart as its title and one line a series: "Seniori: 2022 12; 2023 20" (what it shows, searchable)."""
    blocks = []
    if chart.has_title and chart.chart_title.has_text_frame:
        title = " ".join(normalize_text(chart.chart_title.text_frame.text).split())
        if title:
            blocks.append(Block(title, "paragraph", page))
    for plot in chart.plots:
        categories = [str(category) for category in plot.categories]
        for series in plot.series:
            values = [f"{category} {value:g}".strip() for category, value in zip(categories, series.values) if value is not None]
            line = normalize_text(f"{series.name}: {'; '.join(values)}" if series.name else "; ".join(values)).strip()
            if values:
                blocks.append(Block(line, "table", page))
    return blocks


def _is_bullet(shape, paragraph) -> bool:
    """A bullet by its own marking, else by where it sits: content placeholders show bullets, text boxes do not."""
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.oxml.ns import qn

    properties = paragraph._p.pPr  # python-pptx has no bullet API: read the paragraph's <a:pPr>
    if properties is not None:
        if properties.find(qn("a:buNone")) is not None:
            return False
        if properties.find(qn("a:buChar")) is not None or properties.find(qn("a:buAutoNum")) is not None:
            return True
    if paragraph.level > 0:
        return True
    return shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def read_ppt(data: bytes, max_unpacked_mb: float = 500) -> Document:
    """A PowerPoint 97-2003 deck, converted to PPTX by LibreOffice, then read as a PPTX (one page per slide)."""
    if data.startswith(b"PK\x03\x04"):
        return read_pptx(data, max_unpacked_mb)  # a PPTX under a .ppt name
    if not data.startswith(OLE_MAGIC):
        raise UnreadableFile("corrupt PPT: not a PowerPoint 97-2003 file")
    if ENCRYPTED_PACKAGE in data or _encrypted_ppt(data):  # PowerPoint's own password too
        raise UnreadableFile("encrypted: needs a password")
    if _word_document(data):
        raise UnreadableFile("corrupt PPT: a Word document under a .ppt name: rename it to .doc")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise UnreadableFile(NEEDS_LIBREOFFICE)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.ppt"
        path.write_bytes(data)
        profile = Path(folder, "profile").as_uri()  # its own settings folder: no clash with another LibreOffice running
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pptx"]
        run = run_tool([*command, "--outdir", folder, str(path)], folder)
        converted = path.with_suffix(".pptx")
        if run.returncode != 0:  # LibreOffice itself failed (out of memory: 134), not the file
            raise UnreadableFile(f"LibreOffice stopped unexpectedly (exit code {run.returncode})")
        if not converted.exists() and "could not be loaded" in run.stderr:  # all it says of a file it cannot read
            raise UnreadableFile("corrupt PPT: LibreOffice could not read it")
        if not converted.exists():  # it read the deck but could not write its copy: short of memory, with exit code 0
            raise UnreadableFile("LibreOffice stopped unexpectedly (it wrote no copy of the deck)")
        pptx = converted.read_bytes()
    return dataclasses.replace(read_pptx(pptx, max_unpacked_mb), file_type="ppt")


def _word_document(data: bytes) -> bool:
    """Whether a compound file is a Word 97-2003 document: its own WordDocument stream, and no PowerPoint one (a deck
    holding a table pasted from Word keeps a WordDocument stream of that object, deeper in the file)."""
    import olefile

    try:
        with olefile.OleFileIO(data) as compound:
            return compound.exists("WordDocument") and not compound.exists("PowerPoint Document")
    except (OSError, ValueError, IndexError):  # a broken compound file: LibreOffice says what it can
        return False


def _encrypted_ppt(data: bytes) -> bool:
    """Whether PowerPoint 97-2003 encrypted the deck with a password: its "Current User" stream says so (MS-PPT
    2.3.2, the CurrentUserAtom's headerToken). LibreOffice only says it cannot read such a file."""
    import olefile  # python-oxmsg's dependency

    try:
        with olefile.OleFileIO(data) as deck:
            atom = deck.openstream("Current User").read(16) if deck.exists("Current User") else b""
    except (OSError, ValueError, IndexError):  # a broken compound file: LibreOffice says what it can
        return False
    return atom[12:16] == ENCRYPTED_PPT_TOKEN
