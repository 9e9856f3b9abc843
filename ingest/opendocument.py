"""Read an OpenDocument file with odfpy: text (ODT), presentation (ODP) or spreadsheet (ODS), as what its content says
it is. An encrypted one is refused; a DOCTYPE OpenOffice.org wrote, and a manifest's entry for a file the package lacks,
are taken out before odfpy loads it.

ODT: headings from the heading elements and heading or title styles, lists, tables.
Pages come from the page breaks the file records: where the editor's layout broke the page
(LibreOffice saves these "soft" breaks) and explicit breaks; with none, there are no page numbers.

ODP: a slide is a page, as ingest/decks.py says (ingest/powerpoint.py reads PowerPoint's). ODS: its sheets as
ingest/sheets.py reads any spreadsheet's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import zipfile
from collections.abc import Iterable

from ingest.decks import deck_text, empty_deck, notes_block, read_shown_slides
from ingest.packages import BROKEN_PACKAGE, check_unpacked_size
from ingest.sheets import MAX_COLUMNS, spreadsheet_document
from ingest.tables import table_blocks
from ingest.text import PAGE_MARK, PAGES_UNKNOWN, normalize_text, pages_known, paragraph_pages
from ingest.types import Block, Document
from kb.errors import UnreadableFile, corrupt

MAX_REPEATED_CELLS = 50  # an OpenDocument cell repeated across columns counts at most this often


def read_odf(data: bytes, file_type: str, max_unpacked_mb: float = 500) -> Document:
    """An OpenDocument text (ODT) or presentation (ODP); read as what its content says it is."""
    kind = file_type.upper()
    check_unpacked_size(data, kind, max_unpacked_mb)
    try:
        manifest = zipfile.ZipFile(io.BytesIO(data)).read("META-INF/manifest.xml")
    except KeyError:
        manifest = b""  # optional in practice; odfpy copes without it
    except BROKEN_PACKAGE as error:
        raise corrupt(kind, error) from None
    if b"encryption-data" in manifest:
        raise UnreadableFile("encrypted: needs a password")

    import xml.sax

    from odf.opendocument import load

    try:
        complaints = _Complaints()
        with contextlib.redirect_stdout(complaints):  # odfpy prints a part it cannot parse, whole, and goes on
            odf = load(io.BytesIO(_loadable(data)))
        if complaints.said:
            raise UnreadableFile(f"corrupt {kind}: its XML is not well-formed")
        _drop_unwritten(odf.body)
        if "presentation" in odf.mimetype:
            document = _read_odp(odf)
        elif "text" in odf.mimetype:
            document = _read_odt(odf)
        elif "spreadsheet" in odf.mimetype:
            document = _read_ods(odf)
        else:
            raise UnreadableFile(f"unsupported type: an OpenDocument file of type {odf.mimetype or 'unknown'}")
    except UnreadableFile:
        raise
    except (*BROKEN_PACKAGE, xml.sax.SAXException) as error:
        raise corrupt(kind, error) from None
    return document


# In the prolog only (after an XML declaration), and no class that can run past a tag's end: linear on any file (an
# unanchored one took 17 s on a 1 KB member of 20,000 unclosed "<!DOCTYPE [")
DOCTYPE = re.compile(rb"\A(\s*(?:<\?xml[^<>]*\?>)?\s*)<!DOCTYPE[^<>\[]*(?:\[[^\]]*\])?\s*>")
FILE_ENTRY = re.compile(rb"<manifest:file-entry\b[^<>]*?manifest:full-path=\"([^\"<>]*)\"[^<>]*/>")


def _loadable(data: bytes) -> bytes:
    """The package as odfpy can load it: OpenOffice.org 1 and 2 wrote a DOCTYPE naming a DTD file into their XML, which
    odfpy's parser (defusedxml) refuses as an external reference, and a manifest may list a file the package lacks (a
    thumbnail), which odfpy looks for. Both are taken out; the package is unchanged when it has neither."""
    package = zipfile.ZipFile(io.BytesIO(data))
    names = set(package.namelist())
    xml_names = [name for name in names if name.endswith(".xml")]
    if not any(DOCTYPE.match(_head(package, name)) for name in xml_names):
        manifest = package.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
        if all(path.decode(errors="replace") in names or path.endswith(b"/") for path in FILE_ENTRY.findall(manifest)):
            return data
    repaired = io.BytesIO()
    with zipfile.ZipFile(repaired, "w", zipfile.ZIP_DEFLATED) as target:
        for item in package.infolist():
            member = package.read(item)
            if item.filename in xml_names:
                member = DOCTYPE.sub(rb"\1", member, count=1)  # the XML declaration stays
            if item.filename == "META-INF/manifest.xml":
                member = FILE_ENTRY.sub(lambda entry: entry[0] if entry[1].decode(errors="replace") in names
                                        or entry[1].endswith(b"/") else b"", member)  # fmt: skip
            target.writestr(item, member)
    return repaired.getvalue()


def _head(package: zipfile.ZipFile, name: str) -> bytes:
    with package.open(name) as member:
        return member.read(2000)  # where a DOCTYPE would be


class _Complaints(io.TextIOBase):
    """A stdout that only notes whether anything was written to it."""

    said = False

    def write(self, text: str) -> int:
        self.said = True
        return len(text)


def _odf_title(odf) -> str | None:
    from odf import dc, teletype

    titles = odf.meta.getElementsByType(dc.Title)
    if not titles:
        return None
    return normalize_text(teletype.extractText(titles[0])).strip() or None


def _local(element) -> str:
    return element.qname[1] if element.nodeType == element.ELEMENT_NODE else ""


def _children(element, *names: str) -> list:
    return [child for child in element.childNodes if _local(child) in names]


def _drop_unwritten(element) -> None:
    """Take out what is not the document's text: reviewers' comments (office:annotation; Word's are not read either)
    and what a field or content control shows until it is filled in ("Click or tap here to enter text.")."""
    for node in [node for node in _descendants(element) if _unwritten(node)]:
        node.parentNode.removeChild(node)


def _unwritten(node) -> bool:
    name = _local(node)
    if name == "content-control":  # LibreOffice's, as it saves Word's content controls
        return any(key[1] == "showing-place-holder" and value == "true" for key, value in node.attributes.items())
    return name in ("annotation", "annotation-end", "placeholder")


def _odf_text(element, pages: bool = False) -> str:
    """An element's text; with pages, the page breaks the layout put in it marked (PAGE_MARK) and not normalised."""
    from odf import teletype
    from odf.element import Text

    if not pages:
        return normalize_text(teletype.extractText(element)).strip()
    for node in [node for node in _descendants(element) if _local(node) == "soft-page-break"]:
        node.parentNode.insertBefore(Text(PAGE_MARK), node)
    return teletype.extractText(element)


class _OdfBlocks:
    """Blocks from ODF body elements (paragraphs, headings, lists, tables, sections), counting page breaks."""

    def __init__(self, styles: dict[str, tuple[str, str]], page: int = 1):
        self.styles = styles  # style name -> (parent style name, "before"/"after"/"" page break)
        self.page = page
        self.blocks: list[Block] = []

    def walk(self, element, list_depth: int = 0) -> None:
        for child in element.childNodes:
            name = _local(child)
            if name in ("h", "p"):
                self.paragraph(child, "list_item" if list_depth else "paragraph")
            elif name == "list":
                self.walk(child, list_depth + 1)
            elif name == "table":
                self.table(child)
            elif name == "soft-page-break":  # where the layout broke the page (explicit breaks are styles)
                self.page += 1
            elif name in ("list-item", "list-header", "section", "frame", "text-box", "custom-shape", "g"):
                self.walk(child, list_depth)
            # a table of contents repeats the headings; change tracking keeps deleted text: both skipped

    def paragraph(self, element, kind: str) -> None:
        style = self.style_chain(element.getAttribute("stylename") or "")
        breaks = {self.styles.get(name, ("", ""))[1] for name in style}
        if "before" in breaks and self.blocks:
            self.page += 1
        notes = [note for note in _descendants(element) if _local(note) == "note"]
        # a footnote's number and text, and a picture's caption or a text box anchored in the sentence, are not part
        # of it: read apart, after it
        frames = [frame for frame in _descendants(element) if _local(frame) == "frame" and frame not in notes]
        for aside in [*notes, *frames]:
            if _within(aside, element):  # not inside one taken out before it (a captioned picture: a frame in a frame)
                aside.parentNode.removeChild(aside)
        if _local(element) == "h" or any(name.startswith(("Heading", "Title")) for name in style):
            kind = "heading"  # numbered headings sit in lists
        pieces, turned = paragraph_pages(_odf_text(element, pages=True), kind, self.page)  # type: ignore[arg-type]
        # a paragraph the layout's page break cut: each part on its page; a line break inside it is a space
        self.blocks.extend(dataclasses.replace(piece, text=" ".join(piece.text.split("\n"))) for piece in pieces)
        self.page += turned
        at = pieces[-1].page if pieces else self.page  # a footnote: at the foot of the page the paragraph ends on
        for note in notes:
            body = " ".join(_odf_text(part) for part in _children(note, "note-body"))
            if body:
                self.blocks.append(Block(" ".join(body.split("\n")), "paragraph", at))
        for frame in frames:
            if caption := " ".join(_odf_text(frame).split()):
                self.blocks.append(Block(caption, "paragraph", at))
        if "after" in breaks:
            self.page += 1

    def table(self, element) -> None:
        rows = [[text for cell in _children(row, "table-cell", "covered-table-cell") for text in _cell_texts(cell)]
                for row in _table_rows(element)]  # fmt: skip
        self.blocks.extend(table_blocks(rows, self.page))
        self.page += sum(_local(node) == "soft-page-break" for node in _descendants(element))  # after its rows

    def style_chain(self, name: str) -> list[str]:
        """The style and the styles it inherits from (automatic styles such as "P1" point at a named one)."""
        chain: list[str] = []
        while name and name not in chain and len(chain) < 20:
            chain.append(name)
            name = self.styles.get(name, ("", ""))[0]
        return chain


def _table_rows(table) -> Iterable:
    """A table's rows in the order they are written: its header rows (Writer's "repeat heading", Calc's rows to repeat
    on each page) and the rows of its groups (Calc's Data > Group), nested ones too, where they stand (they were read
    after the table's other rows, the header among them)."""
    for child in table.childNodes:
        if _local(child) == "table-row":
            yield child
        elif _local(child) in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _table_rows(child)


def _cell_texts(cell) -> list[str]:
    """A cell's text once per column it fills: a cell merged across columns once, the cells it covers empty (they
    follow it in the file), a repeated cell as often as it repeats (capped: an empty tail can repeat thousands of times)."""
    if _local(cell) == "covered-table-cell":
        return [""]
    paragraphs = [text for text in map(_odf_text, _paragraphs_in(cell)) if text]
    text = "\n".join(paragraphs) if paragraphs else _odf_text(cell)  # a line a paragraph, as a DOCX cell's
    if cell.getAttribute("valuetype") == "date" and (date := cell.getAttribute("datevalue") or ""):
        # as an Excel cell's: 2024-05-03 (and its time, when it has one), not the shown "03.05.24" or "05/03/2024"
        text = date[:10] if date[10:].strip("T0:.") == "" else date[:16].replace("T", " ")
    return [text] * min(int(cell.getAttribute("numbercolumnsrepeated") or 1), MAX_REPEATED_CELLS)


def _paragraphs_in(element) -> Iterable:
    """The paragraphs and headings under an element, a list's items and a nested table's included, each once."""
    for child in element.childNodes:
        if _local(child) in ("p", "h"):
            yield child
        elif child.nodeType == child.ELEMENT_NODE:
            yield from _paragraphs_in(child)


def _within(node, root) -> bool:
    while node is not None and node is not root:
        node = node.parentNode
    return node is root


def _descendants(element) -> Iterable:
    for child in element.childNodes:
        yield child
        yield from _descendants(child)


def _paragraph_styles(odf) -> dict[str, tuple[str, str]]:
    from odf import style

    styles = {}
    for container in (odf.styles, odf.automaticstyles):
        for element in container.getElementsByType(style.Style):
            page_break = ""
            for properties in element.getElementsByType(style.ParagraphProperties):
                if properties.getAttribute("breakbefore") == "page":
                    page_break = "before"
                elif properties.getAttribute("breakafter") == "page":
                    page_break = "after"
            styles[element.getAttribute("name")] = (element.getAttribute("parentstylename") or "", page_break)
    return styles


def _content(odf, kind: str) -> list:
    """The document's office:text, office:presentation or office:spreadsheet element ([] when it has none). odfpy's
    odf.text and the others are the body's first child: in a file written with line breaks between its elements
    (KOffice and Calligra write them so) that is a line break, and the whole document was read as empty."""
    from odf.office import Body

    return [child for body in odf.getElementsByType(Body)[:1] for child in _children(body, kind)][:1]


def _read_odt(odf) -> Document:
    reader = _OdfBlocks(_paragraph_styles(odf))
    for text in _content(odf, "text"):
        reader.walk(text)
    has_pages = reader.page > 1  # the file recorded page breaks: laid out by its editor, or explicit
    laid_out = any(_local(node) == "soft-page-break" for text in _content(odf, "text") for node in _descendants(text))
    warnings: tuple[str, ...] = ()
    if has_pages and not pages_known(reader.blocks, laid_out):  # cited by no page rather than by a wrong one
        has_pages, warnings = False, (PAGES_UNKNOWN,)
    blocks = reader.blocks if has_pages else [dataclasses.replace(b, page=None) for b in reader.blocks]
    return Document(
        "odt", tuple(blocks), reader.page if has_pages else None, _odf_title(odf), warnings, margins=_odt_margins(odf)
    )


def _odt_margins(odf) -> str:
    """The text of an OpenDocument text's headers and footers (its master pages'), each once: a letterhead."""
    parts = [part for page in _children(odf.masterstyles, "master-page") for part in _children(page, *MARGINS)]
    lines = [_odf_text(p) for part in parts for p in _descendants(part) if _local(p) in ("p", "h")]
    return "\n".join(dict.fromkeys(line for line in lines if line))


MARGINS = ("header", "footer", "header-first", "footer-first", "header-left", "footer-left")


def _read_ods(odf) -> Document:
    """An OpenDocument spreadsheet's sheets (ingest/sheets.py). A row or cell repeated over an empty tail (LibreOffice
    writes a million empty rows as one) is not expanded; a repeated row of text counts at most MAX_REPEATED_CELLS times."""
    def rows(table) -> Iterable[tuple[int, list[str]]]:
        at = 1  # the row's number, as Calc shows it
        for row in _table_rows(table):
            cells = [text for cell in _children(row, "table-cell", "covered-table-cell") for text in _cell_texts(cell)]
            cells = cells[:MAX_COLUMNS]
            repeated = max(1, int(row.getAttribute("numberrowsrepeated") or 1))
            if any(cells):
                yield from ((at + copy, cells) for copy in range(min(repeated, MAX_REPEATED_CELLS)))
            else:
                yield at, []  # once: it parts two tables
            at += repeated

    tables = [table for body in _content(odf, "spreadsheet") for table in _children(body, "table")]
    hidden_styles = _hidden_table_styles(odf)
    shown = [table for table in tables if table.getAttribute("stylename") not in hidden_styles] or tables
    sheets = [(table.getAttribute("name") or "", rows(table)) for table in shown]
    hidden = [table.getAttribute("name") or "" for table in tables if table not in shown]
    return spreadsheet_document("ods", sheets, _odf_title(odf), hidden)


def _hidden_table_styles(odf) -> set[str]:
    """The names of the table styles that hide a sheet (table:display="false", as LibreOffice's Hide Sheet writes)."""
    from odf import style

    return {
        element.getAttribute("name")
        for element in odf.automaticstyles.getElementsByType(style.Style)
        if element.getAttribute("family") == "table"
        and any(properties.getAttribute("display") == "false" for properties in element.getElementsByType(style.TableProperties))
    }


PLACEHOLDERS = ("page-number", "date-time", "header", "footer")  # a notes page's fields, whose text is a template's


def _read_odp(odf) -> Document:
    slides = [slide for body in _content(odf, "presentation") for slide in _children(body, "page")]
    hidden_styles = _hidden_slide_styles(odf)
    hidden = [slide.getAttribute("stylename") in hidden_styles for slide in slides]
    blocks, shown, warnings = read_shown_slides(hidden, lambda numbers: _odp_blocks(slides, numbers))
    if not blocks:
        raise empty_deck(len(slides))
    return Document("odp", tuple(deck_text(blocks, shown)), len(slides), _odf_title(odf), warnings)


def _hidden_slide_styles(odf) -> set[str]:
    """The names of the page styles that hide a slide (presentation:visibility="hidden", as Hide Slide writes)."""
    from odf import style

    return {
        element.getAttribute("name")
        for element in odf.automaticstyles.getElementsByType(style.Style)
        if element.getAttribute("family") == "drawing-page"
        and any(properties.getAttribute("visibility") == "hidden"
                for properties in element.getElementsByType(style.DrawingPageProperties))
    }  # fmt: skip


def _odp_blocks(slides: list, shown: set[int]) -> list[Block]:
    """The blocks of the slides numbered in shown: titles first, the other shapes in reading order, the notes last."""
    from odf.namespaces import PRESENTATIONNS

    blocks: list[Block] = []
    for number, slide in enumerate(slides, start=1):
        if number not in shown:
            continue
        frames = _odp_order(child for child in slide.childNodes if _local(child) not in ("notes", ""))
        titles = [frame for frame in frames if frame.attributes.get((PRESENTATIONNS, "class")) == "title"]
        for frame in titles + [frame for frame in frames if frame not in titles]:
            reader = _OdfBlocks({}, page=number)
            reader.walk(frame)
            heading = frame in titles
            blocks.extend(Block(b.text, "heading" if heading else b.kind, number) for b in reader.blocks)
        for notes in _children(slide, "notes"):
            frames = [frame for frame in _children(notes, "frame")  # the notes page's slide number reads "<number>"
                      if frame.attributes.get((PRESENTATIONNS, "class")) not in PLACEHOLDERS]  # fmt: skip
            lines = [_odf_text(p) for frame in frames for p in _descendants(frame) if _local(p) in ("p", "h")]
            blocks.extend(notes_block(lines, number))
    return blocks


LENGTH = re.compile(r"^\s*(-?[\d.]+)\s*(cm|mm|in|pt|pc|px)?\s*$")
CM_PER_UNIT = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72, "pc": 2.54 / 6, "px": 2.54 / 96, None: 1.0}


def _odp_order(shapes: Iterable) -> list:
    """Shapes top to bottom, then left to right, by their svg:y and svg:x."""
    from odf.namespaces import SVGNS

    def position(element) -> tuple[float, float]:
        def length(name: str) -> float:
            match = LENGTH.match(element.attributes.get((SVGNS, name)) or "")
            return float(match[1]) * CM_PER_UNIT[match[2]] if match else float("inf")

        return length("y"), length("x")

    return sorted(shapes, key=position)
