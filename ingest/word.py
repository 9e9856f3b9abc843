"""Read a Word document (DOCX; the macro-enabled .docm and the templates .dotx and .dotm are the same package) with
python-docx: headings, paragraphs, lists and tables as Word shows them (content controls, custom XML, tracked changes,
text boxes, footnotes and endnotes, SmartArt, equations), without its table of contents; its headers and footers as
the document's margins; each block on its page, by Word's recorded page breaks or, in a document Word has not laid
out, the breaks typed in and the sections and paragraphs that begin a page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType

from ingest.packages import transitional
from ingest.tables import table_blocks
from ingest.text import PAGE_MARK, PAGES_UNKNOWN, normalize_text, pages_known, paragraph_pages
from ingest.types import Block, Document
from kb.errors import UnreadableFile, corrupt

# The main part of Word's other packages (macro-enabled .docm, templates .dotx and .dotm): a document's in all but name
WORD_DOCUMENTS = ("application/vnd.ms-word.document.macroEnabled.main+xml",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                  "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")  # fmt: skip


def read_docx(data: bytes) -> Document:
    import io
    import zipfile

    from docx.opc.constants import CONTENT_TYPE
    from docx.opc.part import PartFactory
    from docx.package import Package
    from docx.parts.document import DocumentPart
    from docx.text.paragraph import Paragraph

    for content_type in WORD_DOCUMENTS:  # python-docx knows only the .docx one as a document
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    try:
        main = Package.open(io.BytesIO(transitional(data))).main_document_part
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise corrupt("DOCX", error) from None
    if main.content_type not in (CONTENT_TYPE.WML_DOCUMENT_MAIN, *WORD_DOCUMENTS):
        kind = main.content_type if len(main.content_type) <= 100 else main.content_type[:99] + "…"  # a broken file: any length
        raise UnreadableFile(f"corrupt DOCX: not a Word document (its main part is {kind})")
    word = main.document
    # Word records where it broke pages when it last laid the document out (inside a paragraph too, where a page cut
    # it); without that layout, the breaks typed in, paragraphs set to begin a page and sections that do are the
    # pages. With none, the document has no page numbers to cite.
    body = word.element.body
    rendered = bool(body.xpath(".//w:lastRenderedPageBreak"))
    break_xpath = ".//w:lastRenderedPageBreak" if rendered else './/w:br[@w:type="page"]'
    begins_page, ends_page = (set(), set()) if rendered else _docx_page_starts(word)
    has_pages = rendered or bool(body.xpath(break_xpath)) or bool(begins_page or ends_page)
    notes = _docx_footnotes(word) | _docx_diagrams(word)
    page = 1
    blank_page = True  # nothing on this page yet: a paragraph set to begin a page begins this one
    blocks: list[Block] = []
    for element, in_contents in _docx_body_items(body):
        if element in begins_page and not blank_page:
            page += 1
        blank_page = False
        if element.tag == W + "tbl":  # each row cited on the page it starts on (a participants' list runs over pages)
            if not in_contents:
                row_pages = _docx_row_pages(element, page, break_xpath) if has_pages else None
                blocks.extend(table_blocks(_docx_table_rows(element, notes), page if has_pages else None, row_pages))
            page += len(element.xpath(break_xpath))
            continue
        text, asides = _docx_text(element, notes, breaks="rendered" if rendered else "typed")
        paragraph = Paragraph(element, word)
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith("Heading") or style == "Title":
            kind = "heading"
        elif style.startswith("List") or element.xpath("./w:pPr/w:numPr"):
            kind = "list_item"
        else:
            kind = "paragraph"
        # a table of contents (every heading again, with page numbers) is left out; its pages still count
        pieces, turned = paragraph_pages(text, kind, page if has_pages else None)
        if not in_contents:
            blocks.extend(pieces)
            at = pieces[-1].page if pieces else page if has_pages else None  # a footnote: at the page's foot
            blocks.extend(Block(aside, "paragraph", at) for aside in (normalize_text(a).strip() for a in asides) if aside)
        ends_with_break = bool(turned) and not text.rsplit(PAGE_MARK, 1)[-1].strip()  # Ctrl+Enter after its text
        page += turned + (element in ends_page)
        blank_page = ends_with_break or element in ends_page
    title = normalize_text(word.core_properties.title or "").strip() or None
    warnings: tuple[str, ...] = ()
    if has_pages and not rendered and not pages_known(blocks, laid_out=False):  # no page rather than a wrong one
        blocks, has_pages, warnings = [replace(block, page=None) for block in blocks], False, (PAGES_UNKNOWN,)
    return Document("docx", tuple(blocks), page if has_pages else None, title, warnings, margins=_docx_margins(word))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"  # Word's equations (OMML)
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"  # SmartArt
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


NEW_PAGE_SECTIONS = ("nextPage", "oddPage", "evenPage")  # section starts; the others ("continuous") go on on the page


def _docx_page_starts(word) -> tuple[set, set]:
    """For a document Word has not laid out: the paragraphs set to begin a page (page break before, their own or their
    style's), and those that end a section whose next one begins a page (every landscape page in a report is one)."""
    from docx.text.paragraph import Paragraph

    body = word.element.body
    begins = set()
    for element in body.iter(W + "p"):
        paragraph = Paragraph(element, word)
        style = paragraph.style
        formats = [paragraph.paragraph_format]
        while getattr(style, "paragraph_format", None) is not None and len(formats) < 20:  # and from its base style
            formats.append(style.paragraph_format)
            style = style.base_style
        if next((f.page_break_before for f in formats if f.page_break_before is not None), False):
            begins.add(element)
    sections = body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")  # each ends its section: the last is the body's own
    ends = set()
    for section, following in zip(sections, sections[1:]):
        kind = following.find(W + "type")
        if (kind.get(W + "val", "nextPage") if kind is not None else "nextPage") in NEW_PAGE_SECTIONS:
            ends.add(section.getparent().getparent())
    return begins, ends


def _docx_body_items(container, in_contents: bool = False):
    """The body's paragraphs and tables in order, those inside content controls (w:sdt) and custom XML included, each
    with whether it belongs to a table of contents (Word's "Table of Contents" control, or a paragraph styled TOC...)."""
    for child in container.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            style = child.find(f"{W}pPr/{W}pStyle")
            toc_style = style is not None and (style.get(W + "val") or "").lower().startswith("toc")
            yield child, in_contents or toc_style
        elif child.tag == W + "customXml":  # a template's tagged parts (w:customXml, as _wrapped_children reads them)
            yield from _docx_body_items(child, in_contents)
        elif child.tag == W + "sdt":
            gallery = child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
            contents = in_contents or (gallery is not None and gallery.get(W + "val") == "Table of Contents")
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _docx_body_items(content, contents)


def _showing_placeholder(control) -> bool:
    """Whether a content control (w:sdt) shows its placeholder ("Click or tap here to enter text."), not an answer."""
    return control.find(f"{W}sdtPr/{W}showingPlcHdr") is not None


def diagram_texts(data: bytes) -> list[str]:
    """A SmartArt diagram's boxes, in the order of its data part ("Sagatavošanās", "Ēnošana", ...): in a slide or a
    Word document, its text lives in that part, not beside the picture."""
    from docx.oxml.parser import parse_xml  # python-docx's own parser: no entities resolved (no XML bombs)

    texts = []
    for point in parse_xml(data).iter(f"{{{DIAGRAM}}}pt"):
        if point.get("type", "node") == "node":  # not the connectors, the document or presentation points
            texts.append(" ".join(normalize_text("".join(t.text or "" for t in point.iter(f"{{{DRAWING}}}t"))).split()))
    return [text for text in texts if text]


def _docx_diagrams(word) -> dict[tuple[str, str], str]:
    """The Word document's SmartArt diagrams by ("diagram", their data's relationship id), each as its boxes' lines."""
    diagrams = {}
    for relation_id, relation in word.part.rels.items():
        if relation.reltype.endswith("/diagramData") and not relation.is_external:
            with contextlib.suppress(ValueError, SyntaxError):  # a broken diagram costs its text only
                diagrams["diagram", relation_id] = "\n".join(diagram_texts(relation.target_part.blob))
    return diagrams


def _docx_footnotes(word) -> dict[tuple[str, str], str]:
    """The document's footnotes and endnotes by kind ("footnote", "endnote") and id, each as its text: Word numbers
    both from 1, so an id alone let the endnotes replace the first footnotes."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.parser import parse_xml  # python-docx's own parser: no entities resolved (no XML bombs)

    notes = {}
    for relation in word.part.rels.values():
        if relation.reltype in (RELATIONSHIP_TYPE.FOOTNOTES, RELATIONSHIP_TYPE.ENDNOTES):
            root = parse_xml(relation.target_part.blob)
            for note in root.iterchildren(W + "footnote", W + "endnote"):
                kind = note.tag.removeprefix(W)
                notes[kind, note.get(W + "id")] = "\n".join(_docx_text(p)[0] for p in note.iter(W + "p"))
    return notes


def _docx_margins(word) -> str:
    """The text of a Word document's headers and footers, each part once: an NGO's letterhead often holds its name and
    its project's number, and nothing else does."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    texts = []
    for relation in word.part.rels.values():
        if relation.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER) and not relation.is_external:
            root = relation.target_part.element  # parsed when the package was opened
            texts += (_docx_text(paragraph)[0] for paragraph in root.iter(W + "p"))
    return normalize_text("\n".join(dict.fromkeys(text.strip() for text in texts if text.strip())))


def _docx_text(
    paragraph, notes: Mapping[tuple[str, str], str] = MappingProxyType({}), breaks: str = ""
) -> tuple[str, list[str]]:
    """A paragraph's text as Word shows it: runs in links, fields, content controls and tracked insertions
    included, tracked deletions, text moved away (w:moveFrom), unfilled controls' placeholders and field codes not
    (deletions are w:delText, codes w:instrText); and apart from it
    (asides), the text of its text boxes, one string a box paragraph, and of the notes it refers to. Page breaks are
    marked in it (PAGE_MARK): Word's rendered ones (breaks="rendered"), or those typed in (breaks="typed")."""
    parts: list[str] = []
    asides: list[str] = []

    def walk(node) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if tag in (MC_FALLBACK, W + "moveFrom"):  # the same shape again, for readers that do not know the modern
                continue  # one; the text a tracked move took away, read where it went (w:moveTo)
            if tag == W + "sdt" and _showing_placeholder(child):
                continue
            if tag == W + "txbxContent":
                asides.extend(_docx_text(box_paragraph)[0] for box_paragraph in child.iterchildren(W + "p"))
            elif key := _referred_key(child):  # a footnote's or an endnote's text; a SmartArt diagram's boxes, each apart
                referred = notes.get(key, "")
                asides.extend(referred.split("\n") if key[0] == "diagram" else [referred])
            elif tag in (W + "t", MATH + "t"):  # a run's text, or an equation's ("π/2+a∗2")
                parts.append(child.text or "")
            elif tag == MATH + "den":  # a fraction's denominator, after its numerator
                parts.append("/")
                walk(child)
            elif tag == W + "tab":
                parts.append("\t")
            elif tag == W + "noBreakHyphen":  # "Latvija‑Portugāle", "2023‑2024": Word keeps the words on one line
                parts.append("-")
            elif tag == W + "lastRenderedPageBreak" and breaks == "rendered":
                parts.append(PAGE_MARK)
            elif tag == W + "br" and child.get(W + "type") == "page":
                parts.append(PAGE_MARK if breaks == "typed" else "")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            else:
                walk(child)

    if any(_showing_placeholder(control) for control in paragraph.iterancestors(W + "sdt")):
        return "", []  # a paragraph of an unfilled control (in a table cell, a note: read by iter, not by the body)
    walk(paragraph)
    return "".join(parts), asides


def _read_descendants(element) -> Iterator:
    """An element's descendants but those _docx_text leaves out: a shape's fallback copy and text a tracked move took
    away."""
    for child in element.iterchildren():
        if child.tag not in (MC_FALLBACK, W + "moveFrom"):
            yield child
            yield from _read_descendants(child)


def _referred_key(node) -> tuple[str, str] | None:
    """The key in a document's notes (_docx_footnotes, _docx_diagrams) of what a footnote or endnote reference or a
    SmartArt diagram names; None for any other element."""
    if node.tag in (W + "footnoteReference", W + "endnoteReference"):
        return node.tag.removeprefix(W).removesuffix("Reference"), node.get(W + "id")
    if node.tag == f"{{{DIAGRAM}}}relIds":
        return "diagram", node.get(f"{{{RELATIONSHIPS}}}dm")
    return None


def _docx_table_rows(table, notes: Mapping[tuple[str, str], str] = MappingProxyType({})) -> list[list[str]]:
    """A table's rows of cell texts; a cell merged across columns once (then empty), one merged down the rows in each
    of them (every row stays whole: "Aktivitāte: Ēnošana; Datums: 12.06."), a nested table's text in its cell, and
    after a cell's text the notes it refers to and its SmartArt's boxes (its text boxes are among its paragraphs)."""
    rows = []
    for row in _wrapped_children(table, W + "tr"):
        cells = []
        for cell in _wrapped_children(row, W + "tc"):
            referred = [notes.get(key, "") for node in _read_descendants(cell) if (key := _referred_key(node))]
            text = "\n".join([*(_docx_text(p)[0] for p in cell.iter(W + "p")), *filter(None, referred)])
            merged_down = cell.find(f"{W}tcPr/{W}vMerge")
            if merged_down is not None and merged_down.get(W + "val", "continue") == "continue" and rows:
                above = rows[-1]
                text = above[len(cells)] if len(cells) < len(above) else text
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            cells += [text] + [""] * (int(span.get(W + "val", "1")) - 1 if span is not None else 0)
        across = len(cells) > 1 and not any(cells[1:]) and len(list(_wrapped_children(row, W + "tc"))) == 1
        rows.append(cells[:1] if across else cells)  # one cell across the table: a section's label (table_blocks)
    return rows


def _wrapped_children(element, tag: str) -> Iterator:
    """An element's children of a tag, with those a content control (w:sdt, as Word's repeating sections wrap a
    table's rows) or custom XML wraps: a participants table lost every row but its header."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            for content in child.iterchildren(W + "sdtContent"):
                yield from _wrapped_children(content, tag)
        elif child.tag == W + "customXml":
            yield from _wrapped_children(child, tag)


def _docx_row_pages(table, page: int, break_xpath: str) -> list[int]:
    """The page each of a table's rows starts on: the breaks in the rows before it, and those in it before its first
    text (Word records a row it moved to the next page with a break in its first paragraph)."""
    pages = []
    for row in _wrapped_children(table, W + "tr"):
        breaks = set(row.xpath(break_xpath))
        before = 0
        for node in row.iter(W + "t", W + "lastRenderedPageBreak", W + "br"):
            if node.tag == W + "t" and (node.text or "").strip():
                break
            before += node in breaks
        pages.append(page + before)
        page += len(breaks)
    return pages
