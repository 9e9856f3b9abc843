"""PDF forms: the answers typed or chosen in a form's fields, which a PDF's page text leaves out.

An AcroForm (what Acrobat, LibreOffice and most tools make) keeps each answer in its field's widget on a page:
form_answers reads them and with_answers puts each after its label in the page's text. Text typed onto a page with a
text box or typewriter tool (a FreeText annotation: how many fill in a form that has no fields) is read with them.

A dynamic XFA form (Adobe LiveCycle: the Erasmus+ eForms of 2014-2020 and many government forms) has no page content
at all, only the placeholder "Please wait... If this message is not eventually replaced ..." that every viewer but
Adobe's shows; its answers are in the form's XML data packet, and its labels in its template: xfa_blocks reads them,
without pages.
"""

from __future__ import annotations

import html
import re

from ingest.types import Block
from kb.errors import UnreadableFile

FIELDS_READ = 10_000  # a document's form fields read at most (a form has dozens a page)
FIELD_PARENTS = 8  # how far up a field's parents its type and value are looked for
# What form tools name a field they were not told the name of (Acrobat's "Text12", "fill_3", "Check Box4", XFA's
# "f1_01[0]"): no label. A name with a digit, "_" or "[" is a tool's; a person names a field in words.
TOOL_FIELD_NAME = re.compile(r"(?i)[\d_\[\]]|^\W*(?:text|field|fill|check\s*box|combo\s*box|text\s*box|dropdown|list\s*box"
                             r"|untitled|undefined)\W*$")  # fmt: skip
RICH_TEXT_TAG = re.compile(r"<[^>]*>")  # a text box's rich text (/RC) is XHTML: its text without the tags ...
RICH_TEXT_BREAK = re.compile(r"(?i)</p\s*>|<br\s*/?>")  # ... its paragraphs and line breaks as lines
HIDDEN = 2  # an annotation's flag (/F) bit: not shown
SHOWN_WORDS = 3  # an answer of this many words the page's text already holds is not added again ("20" may be a year's)


def with_answers(text: str, answers: list[tuple[str, str]]) -> str:
    """A page's text with the answers typed or chosen in its form fields (form_answers), which pypdf's text leaves
    out (a filled application or report form keeps them only there): each after the line that is its field's label
    ("Projekta nosaukums: Senioru kafejnīca"), else at the end after its label; an answer of a few words the text
    already shows (a flattened form) adds nothing."""
    lines = text.split("\n")
    labels = [_label_key(line) for line in lines]
    shown = " ".join(text.split())
    at_end = []
    for label, value in answers:
        words = " ".join(value.split())
        if len(words.split()) >= SHOWN_WORDS and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", shown):
            continue
        if label and _label_key(label) in labels:  # a one-line answer on its label's line, a longer one under it
            at = labels.index(_label_key(label))  # a second field of the same label: the next such line
            answered = [lines[at], value] if "\n" in value else [f"{lines[at].rstrip()} {value}"]
            lines[at : at + 1] = ["", *answered, ""]  # blank lines: neither the line before nor after joins it
            labels[at : at + 1] = [""] * (len(answered) + 2)
        else:
            at_end += ["", f"{label.rstrip(': ')}: {value}" if label else value]
    return "\n".join(lines + at_end)


def form_answers(pages) -> list[list[tuple[str, str]]]:
    """Each page's (label, answer) of its filled text and choice fields, top to bottom, then left to right; the label
    is the field's description (/TU), else its name when a person gave it one, else ''. A tick or an empty field gives
    none (a tick's label is in the text); a field shown on several pages is read on the first; a broken field costs
    its own answer only, and at most FIELDS_READ fields a document are read."""
    from itertools import islice

    from pypdf.errors import PyPdfError

    broken = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, ArithmeticError)
    answers, seen, left = [], set(), FIELDS_READ
    for page in pages:
        found: dict[tuple[str, str], tuple[float, float]] = {}
        try:
            widgets = list(islice(page.get("/Annots") or [], left))
        except broken:
            widgets = []
        left -= len(widgets)
        for widget in widgets:
            try:
                answer, place = _answer(widget.get_object())
            except broken:
                continue
            if answer is not None and answer not in seen:
                found.setdefault(answer, place)
        seen |= found.keys()
        answers.append(sorted(found, key=found.__getitem__))
    return answers


def _answer(widget) -> tuple[tuple[str, str] | None, tuple[float, float]]:
    """A form widget's (label, answer), or a text box's ("", its text), and where it is (from the top, from the
    left); None for no text answer."""
    if not isinstance(widget, dict) or widget.get("/Subtype") not in ("/Widget", "/FreeText"):
        return None, (0, 0)
    if widget["/Subtype"] == "/FreeText":  # text typed onto the page with a text box or typewriter tool
        value, label = widget.get("/Contents") or _rich_text(widget.get("/RC")), ""
        if int(widget.get("/F", 0)) & HIDDEN or not isinstance(value, str) or not value.strip():
            return None, (0, 0)
    else:
        value = _stream_text(_inherited(widget, "/V"))  # a long answer may be kept as a stream
        value = ", ".join(map(str, value)) if isinstance(value, list) else value  # several choices
        if _inherited(widget, "/FT") not in ("/Tx", "/Ch") or not isinstance(value, str) or not value.strip():
            return None, (0, 0)
        description, name = _inherited(widget, "/TU"), _inherited(widget, "/T")
        label = next((str(text).strip() for text in (description, name) if isinstance(text, str) and text.strip()
                      and (text is description or not TOOL_FIELD_NAME.search(text))), "")  # fmt: skip
    left, bottom, right, top = (float(number) for number in widget.get("/Rect", (0, 0, 0, 0)))
    answer = "\n".join(line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip())
    return (label, answer), (-max(top, bottom), min(left, right))


def _rich_text(rich) -> str:
    """A text box's rich text (/RC: XHTML, as a string or a stream) as plain lines, its entities read ("&amp;")."""
    return html.unescape(RICH_TEXT_TAG.sub("", RICH_TEXT_BREAK.sub("\n", str(_stream_text(rich) or ""))))


def _stream_text(value):
    """A value the PDF keeps as a text stream (a long answer, rich text) as its text; any other value as it is."""
    if hasattr(value, "get_object"):
        value = value.get_object()
    if not hasattr(value, "get_data"):
        return value
    data = value.get_data()
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # PDFDocEncoding, as near as a codec gets


def _inherited(node, key: str):
    """A field's entry, its own or the nearest parent's (a field's kids share its type and value)."""
    for _ in range(FIELD_PARENTS):
        if key in node:
            return node[key]
        node = node.get("/Parent")
        if node is None:
            return None
        node = node.get_object()
    return None


def _label_key(line: str) -> str:
    return " ".join(line.casefold().rstrip(" :*").split())


# ---------------------------------------------------------------- XFA

XFA_PLACEHOLDER = "if this message is not eventually replaced"  # what a viewer without XFA shows of a dynamic form
PLACEHOLDER_CHARS = 2_000  # a document whose text is the placeholder and little more
XFA_NAMESPACE = "http://www.xfa.org/schema/xfa-data/1.0/"
XHTML = "{http://www.w3.org/1999/xhtml}"  # an answer in rich text: its paragraphs
XFA_MAX_BYTES = 20_000_000  # a form's data packet read at most (a filled eForm's is kilobytes)
XFA_ELEMENTS = 200_000  # elements of the data looked at, at most
XFA_BLOCKS = 10_000  # blocks a form gives at most
ENCODED = re.compile(r"[A-Za-z0-9+/=]{60,}")  # a line of base64: a picture or a file in the data, no answer
TICK_VALUES = {"0", "1", "on", "off", "true", "false"}


def placeholder_only(reader, page_texts: list[str]) -> bool:
    """Whether a PDF is a dynamic XFA form: it holds an XFA form and its text is only the placeholder."""
    text = " ".join(" ".join(page_texts).split()).casefold()
    if XFA_PLACEHOLDER not in text or len(text) >= PLACEHOLDER_CHARS:
        return False
    form = reader.trailer["/Root"].get("/AcroForm")
    form = form.get_object() if form is not None else None
    return isinstance(form, dict) and "/XFA" in form


def xfa_blocks(reader) -> list[Block]:
    """A dynamic XFA form's answers, each after its field's caption in the form's template ("Projekta nosaukums:
    ..."; a longer answer under it), else after its field's name when a person gave it one, in the order of the form's
    data; ticks, pictures and files in it left out. No pages: only Adobe lays such a form out. Raises UnreadableFile
    for data too large or not XML."""
    from lxml import etree

    data, template = _xfa_packets(reader)
    if data is None:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        data = etree.fromstring(data, parser)
        template = etree.fromstring(template, parser) if template else None
    except (etree.LxmlError, ValueError) as error:
        raise UnreadableFile(f"corrupt PDF: its XFA form's data cannot be read: {error}") from None
    if data is None:
        return []
    captions, ticks = _fields(template)
    answers = data.find(f".//{{{XFA_NAMESPACE}}}data")
    blocks: list[Block] = []
    for path, value in _answers(answers if answers is not None else data):
        label = captions.get(path[-2:]) or captions.get(path[-1:])
        if (path[-2:] in ticks or path[-1:] in ticks) and value.strip().casefold() in TICK_VALUES:
            continue  # a tick: its caption is a statement, not an answer
        label = label or ("" if TOOL_FIELD_NAME.search(path[-1]) else _spaced(path[-1]))
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if len(lines) == 1:
            blocks.append(Block(f"{label.rstrip(': ')}: {lines[0]}" if label else lines[0]))
        else:
            blocks += [Block(label, "heading")] if label else []
            blocks += [Block(line) for line in lines]
        if len(blocks) >= XFA_BLOCKS:
            break
    return blocks[:XFA_BLOCKS]


# A caption asking for the project's title ("1.1. Projekta nosaukums", "Title of the project", "Название проекта"), not
# for a name that goes with the project ("Projekta iesniedzēja nosaukums", "Project manager name")
PROJECT_TITLE = re.compile(
    r"(?i)[\d.)\s]*(?:projekta\s+nosaukums|project(?:'s)?\s+(?:title|name)|(?:title|name)\s+of\s+the\s+project(?!\s+\w)"
    r"|(?:название|наименование)\s+проекта)\b"
)


def form_title(blocks: list[Block]) -> str | None:
    """The answer to a form's question for the project's title ("Projekta nosaukums: Senioru klubs" -> "Senioru
    klubs"), else None: a form's own title is the same for every one filled in."""
    for block in blocks:
        caption, colon, answer = block.text.partition(": ")
        if colon and answer.strip() and PROJECT_TITLE.match(caption):
            return answer.strip()
    return None


def _xfa_packets(reader) -> tuple[bytes | None, bytes | None]:
    """The XFA form's data (its "datasets" packet) and its template, as bytes; the data None when it has none. A form
    is saved as packets, or as one stream of the whole XML document."""
    from lxml import etree
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        packets = reader.xfa or {}
        if "datasets" not in packets:
            whole = reader.trailer["/Root"]["/AcroForm"]["/XFA"].get_object()
            if not hasattr(whole, "get_data"):
                return None, None
            document = whole.get_data()
            if len(document) > XFA_MAX_BYTES:
                raise _too_large(len(document))
            parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
            root = etree.fromstring(document, parser)
            found = {name: root.find(f".//{{*}}{name}") if root is not None else None for name in ("datasets", "template")}
            packets = {name: etree.tostring(element) for name, element in found.items() if element is not None}
    except LimitReachedError:
        raise UnreadableFile("too large when unpacked: the XFA form's data inflates past what pypdf unpacks") from None
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, etree.LxmlError) as error:
        raise UnreadableFile(f"corrupt PDF: its XFA form's data cannot be read: {error}") from None
    data = packets.get("datasets")
    if data is not None and len(data) > XFA_MAX_BYTES:
        raise _too_large(len(data))
    return data, packets.get("template")


def _too_large(size: int) -> UnreadableFile:
    limit = XFA_MAX_BYTES / 1e6
    return UnreadableFile(f"too large when unpacked: {size / 1e6:.0f} MB of XFA form data, the limit is {limit:.0f} MB")


def _answers(root) -> list[tuple[tuple[str, ...], str]]:
    """(path of element names, answer) of each answer in an XFA form's data, in order: an element's own text (beside
    any comment in it), or its rich text's paragraphs; at most XFA_ELEMENTS elements looked at."""
    from lxml import etree

    found, seen = [], 0
    stack = [(root, ())]
    while stack and seen < XFA_ELEMENTS:
        element, path = stack.pop()
        seen += 1
        path = (*path, etree.QName(element).localname)
        children = [child for child in element if isinstance(child.tag, str)]
        if any(child.tag.startswith(XHTML) for child in children):  # rich text: one answer of its paragraphs
            paragraphs = element.iter(f"{XHTML}p") if element.find(f".//{XHTML}p") is not None else [element]
            value = "\n".join(" ".join("".join(paragraph.itertext()).split()) for paragraph in paragraphs)
        elif children:
            stack += [(child, path) for child in reversed(children)]
            continue
        else:
            value = "".join(element.xpath("text()"))
        picture = (element.get("contentType") or element.get(f"{{{XFA_NAMESPACE}}}contentType") or "").startswith("image/")
        if value.strip() and not picture and not all(ENCODED.fullmatch(line.strip()) for line in value.split()):
            found.append((path, value))
    return found


def _fields(template) -> tuple[dict[tuple[str, ...], str], set[tuple[str, ...]]]:
    """Each field's caption in an XFA template, by (its subform's name, its name) and by its name alone (the data's
    element of that name under that subform is its answer), and the tick boxes' names so."""
    captions: dict[tuple[str, ...], str] = {}
    ticks: set[tuple[str, ...]] = set()
    if template is None:
        return captions, ticks
    for field in template.iter("{*}field"):
        name, parent = field.get("name"), field.getparent()
        if not name:
            continue
        keys = ((parent.get("name") or "", name), (name,)) if parent is not None else ((name,),)
        caption = field.find("{*}caption")
        text = " ".join("".join(caption.itertext()).split()) if caption is not None else ""
        for key in keys:
            if text:
                captions.setdefault(key, text)
            if field.find("{*}ui/{*}checkButton") is not None:
                ticks.add(key)
    return captions, ticks


def _spaced(name: str) -> str:
    """A field's name as words: "ProjectTitle" -> "Project title"."""
    words = re.sub(r"(?<=[a-zā-ž])(?=[A-ZĀ-Ž])", " ", name).split()
    return " ".join([words[0], *(word.lower() for word in words[1:])]) if words else ""
