"""Read a saved web page: its article, without the menu, cookie banner, sidebars and footer.

trafilatura finds the main content and gives it as a small XML tree (head, p, list/item,
table/row/cell); its headings stay heading blocks, and the page title (og:title or <title>
without the site name) opens the document as a heading. The language the page declares in
<html lang> is kept on the result (WebPage.language) as a hint; passages still get theirs from
langdetect. A web page has no pages to cite.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ingest.tables import table_blocks
from ingest.text import decode_text, normalize_text
from ingest.types import Block, Document
from kb.errors import UnreadableFile, corrupt

LANGUAGE_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_]|\s*$)")


@dataclass(frozen=True)
class WebPage(Document):
    """A Document that also says which language the page declares."""

    language: str | None = None  # primary subtag of <html lang>, lower case: "lv", "en", "ru"


DECLARED_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def _declared_charset(data: bytes) -> str | None:
    """The charset a page's <meta> names, anywhere in its head (after a long inline style or script too)."""
    head_end = data.find(b"</head", 0, 65_536)
    found = DECLARED_CHARSET.search(data[: head_end if head_end >= 0 else 65_536])
    return found[1].decode("ascii", "replace").lower() if found else None


def _utf8(data: bytes) -> bool:
    """UTF-8, or nearly: a page in UTF-8 with a stray byte or two of another code page is read as UTF-8, not as that
    one."""
    try:
        data.decode("utf-8")  # most pages: checked in C, not counted character by character (0.18 s for 5 MB)
        return True
    except UnicodeDecodeError:
        text = data.decode("utf-8", "replace")
    return text.count("\ufffd") <= max(2, sum(ord(character) > 127 for character in text) // 10)


def read_html(data: bytes) -> WebPage:
    """The article of a saved web page; raises UnreadableFile for binary content or a page with no article text."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile("corrupt HTML: binary content, not a web page")

    import lxml.html
    import trafilatura
    from lxml import etree

    encoding = "utf-8" if _utf8(data) else None  # libxml2 would take a page without <meta charset> for Latin-1
    if encoding is None and _declared_charset(data) in (None, "utf-8", "utf8"):
        try:  # a page saved in Windows-1257 or -1251 that says UTF-8, or says nothing: read as a text file is
            data, encoding = decode_text(data).encode("utf-8"), "utf-8"
        except UnreadableFile:
            pass  # no code page reads it either: as the page says
    parser = lxml.html.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        tree = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        if "empty" in str(error).lower():
            raise UnreadableFile("empty: no text") from None
        raise corrupt("HTML", error) from None
    language = _language(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "")

    result = trafilatura.bare_extraction(
        tree,
        include_comments=False,  # readers' comments are not the article
        include_tables=True,
        with_metadata=True,
        prune_xpath="//noscript",  # "please enable JavaScript" is never the content
    )
    blocks = _blocks(result.body) if result is not None and result.body is not None else []
    if not blocks:
        raise UnreadableFile("empty: no article text on the page")
    title = normalize_text(result.title or "").strip() or None
    if title and blocks[0].text != title:
        blocks.insert(0, Block(title, "heading"))
    return WebPage("html", tuple(blocks), None, title, language=language)


def read_mhtml(data: bytes) -> WebPage:
    """A web page saved as one file (a browser's "Webpage, single file", Word's "Single File Web Page": .mhtml, .mht):
    a MIME message whose HTML part named by its start= parameter (else its first) is the page, read as a saved page
    is; its pictures, styles and frames are the other parts. Plain HTML under such a name is read as HTML."""
    from ingest.mime import parsed_message

    if b"\x00" in data[:4096]:
        raise UnreadableFile("corrupt MHTML: binary content, not a saved web page")
    if re.match(rb"(?:\xef\xbb\xbf)?\s*<", data):  # a page saved as plain HTML under an .mht name
        return read_html(data)
    message = parsed_message(data)
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    start = message.get_param("start", header="content-type")  # the main page's Content-ID, when the browser says
    page = next((part for part in pages if start and part.get("Content-ID") == start), pages[0] if pages else None)
    if page is None:
        raise UnreadableFile("corrupt MHTML: no web page in it")
    html, charset = page.get_payload(decode=True) or b"", page.get_content_charset()
    if charset:  # as the browser wrote it; without one, the page's own <meta charset> says
        try:
            html = html.decode(charset).encode("utf-8")
        except (LookupError, UnicodeError):
            pass
    return read_html(html)


def _language(tag: str) -> str | None:
    match = LANGUAGE_TAG.match(tag)
    return match[1].lower() if match else None


def _blocks(body) -> list[Block]:
    blocks: list[Block] = [Block(lead, "paragraph")] if (lead := _one_line(body.text)) else []
    for element in body:
        if element.tag == "list":
            blocks.extend(_list_items(element))
        elif element.tag == "table":
            blocks.extend(_table_rows(element))
        elif text := _text(element):
            blocks.append(Block(text, "heading" if element.tag == "head" else "paragraph"))
        # text after it that no element holds: a page's "<h2>Title</h2>Text<br>" (many site editors write paragraphs
        # so), the paragraph under the heading
        if tail := _one_line(element.tail):
            blocks.append(Block(tail, "paragraph"))
    return blocks


def _list_items(element) -> list[Block]:
    blocks = []
    for item in element.iter("item"):  # nested lists' items too, in document order
        if text := _text(item):
            blocks.append(Block(text, "list_item"))
    return blocks


def _table_rows(element) -> list[Block]:
    rows = [[_text(cell) for cell in row.iter("cell")] for row in element.iter("row")]
    return table_blocks(rows, None)


INLINE = {"hi", "ref", "del"}  # trafilatura's marks inside a sentence (bold, a link); the rest end a line of text


def _text(element) -> str:
    """The element's text, without nested lists (their items are blocks of their own); <lb/> and the paragraphs in a
    table cell or list item are apart by a space ("Lisabonu. Viņi", not "Lisabonu.Viņi")."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append(" ")
        elif child.tag != "list":
            parts.append(_text(child) if child.tag in INLINE else f" {_text(child)} ")
        parts.append(child.tail or "")
    return _one_line("".join(parts))


def _one_line(text: str | None) -> str:
    return " ".join(normalize_text(text or "").split())
