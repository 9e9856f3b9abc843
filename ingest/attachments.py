"""Read the files attached to an e-mail (and so those in a container or an archive, and those embedded in a PDF or an
Office file): each with a name of its own to cite it by (named_files), its type by its name or else its MIME type,
read by read_document after the message under its name as a heading, with its own pages; pictures and types no reader
knows named in the report (read_attachments, listed_names). A passage of one is cited by that name ("programma.pdf",
"Dokuments.pdf (2)", "vēstule.eml › programma.pdf"): cited_type and attached_name read it back.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import re

from ingest.filetypes import PICTURE_TYPES, file_type_of
from ingest.mail_text import CONTROL, one_line
from ingest.ocr import OcrSettings, PageProgress
from ingest.read import read_document
from ingest.text import normalize_text
from ingest.types import WITHIN, Block
from kb.errors import UnreadableFile

NAME_CHARS = 120  # an attachment's name beyond this is shortened in its middle
COPY_NUMBER = re.compile(r" \(\d+\)$")  # "Dokuments.pdf (2)": the second attachment of that name


def cited_type(name: str) -> str | None:
    """The file type of the attached file a passage cites by this name ("Dokuments.pdf (2)", "vēstule.eml ›
    programma.pdf": "pdf"), by its name alone; None when the name does not tell (read by its MIME type)."""
    return type_of(attached_name(name))


def attached_name(name: str) -> str:
    """The name the file a passage cites by this name was attached under: "Dokuments.pdf (2)" -> "Dokuments.pdf",
    "vēstule.eml › programma.pdf" -> "programma.pdf"."""
    return COPY_NUMBER.sub("", name.rpartition(WITHIN)[2])


def read_attachments(
    attached: list[tuple[str, bytes, str]], max_unpacked_mb: float, ocr: OcrSettings | None, on_page: PageProgress | None,
    pictures: bool = False,
) -> tuple[list[Block], list[str], list[str]]:  # fmt: skip
    """The named files' blocks (attached_blocks), their readers' warnings, and the files no reader knows as a warning
    of its own ("attachments not read: budžets.xlsx", or none): for an e-mail's attachments and a container's files."""
    blocks, warnings, unread = [], [], []
    for name, payload, mime_type in attached:
        read, said = attached_blocks(name, payload, mime_type, max_unpacked_mb, ocr, on_page, pictures)
        blocks += read
        warnings += said
        unread += [] if read or said else [name]
    return blocks, warnings, [f"attachments not read: {listed_names(unread)}"] if unread else []


def named_files(attached: list[tuple[str, bytes, str]]) -> list[tuple[str, bytes, str]]:
    """The attachments, each with a name of its own to cite it by: the file's name on one line (a long one shortened
    in its middle, its extension kept), "2.pdf" for the second attachment when it has none (by its MIME type), and
    "Dokuments.pdf (2)" for a second file of the same name (a scanner app names every scan alike)."""
    named, seen = [], set()
    for number, (name, data, mime_type) in enumerate(attached, start=1):
        name = one_line(name).replace(WITHIN.strip(), ">")  # "›" parts a file in a message from the message's name
        name = name if len(name) <= NAME_CHARS else f"{name[: NAME_CHARS - 17]}…{name[-16:]}"
        name = name or f"{number}{extension_of(mime_type)}"
        unique, copy = name, 1
        while unique in seen:
            copy += 1
            unique = f"{name} ({copy})"
        seen.add(unique)
        named.append((unique, data, mime_type))
    return named


def attached_blocks(
    name: str, data: bytes, mime_type: str, max_unpacked_mb: float, ocr: OcrSettings | None, on_page: PageProgress | None,
    pictures: bool = False,
) -> tuple[list[Block], list[str]]:
    """An attached document's blocks under its heading, with its name and pages, and its reader's warnings ("attachment x.pdf:
    page 1 read by OCR"); nothing for a picture (unless `pictures`: a signed container's scan) or a type no reader
    knows (by its name, else its MIME type: "Programma" sent as application/pdf); the reason when the document
    could not be read. A saved message attached as a file is read as one."""  # fmt: skip
    file_type = cited_type(name) or type_of("attachment" + extension_of(mime_type))
    if file_type is None or (file_type in PICTURE_TYPES and not pictures) or not data:  # an e-mail's photos: no documents
        return [], []
    try:
        document = read_document(data, file_type, max_unpacked_mb, ocr, on_page)
    except UnreadableFile as error:
        return [], [f"attachment {name} not read: {error}"]
    except MemoryError:
        raise  # the message's memory: the worker reports the message as too large
    except Exception as error:  # a parser's own error on a broken attachment costs that attachment only
        from ingest.pipeline import ReadLimits
        from ingest.workers import describe_failure

        return [], [f"attachment {name} not read: {describe_failure(error, file_type, ReadLimits())}"]
    within = [name + WITHIN + block.attachment if block.attachment else name for block in document.blocks]
    first = document.blocks[0]  # its name, in no language, opens its first page (or a workbook's first sheet)
    blocks = [Block(name, "heading", first.page, attachment=within[0], sheet=first.sheet)]
    for block, attachment in zip(document.blocks, within):  # its pages; in an attached message: "message.eml › file.pdf"
        blocks.append(dataclasses.replace(block, attachment=attachment))
    return blocks, [f"attachment {name}: {warning}" for warning in document.warnings]


# The MIME types of the documents readers know, for an attachment whose name has no extension: Python's mimetypes
# knows most of them only from the system's table (Debian's /etc/mime.types), and none of Outlook's own
_OOXML = "application/vnd.openxmlformats-officedocument."
MIME_EXTENSIONS = {
    "application/pdf": ".pdf", "application/x-pdf": ".pdf", "application/msword": ".doc",
    _OOXML + "wordprocessingml.document": ".docx", "application/vnd.ms-powerpoint": ".ppt",
    _OOXML + "presentationml.presentation": ".pptx",
    _OOXML + "presentationml.slideshow": ".ppsx", "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.presentation": ".odp", "application/rtf": ".rtf", "text/rtf": ".rtf",
    "text/html": ".html", "text/plain": ".txt", "text/markdown": ".md", "message/rfc822": ".eml",
    "application/vnd.ms-outlook": ".msg", "application/vnd.etsi.asic-e+zip": ".asice", "application/zip": ".zip",
    "application/x-zip-compressed": ".zip", "application/x-zip": ".zip", "image/jpeg": ".jpg", "image/jpg": ".jpg",
    "image/pjpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif", "image/heic": ".heic", "image/webp": ".webp",
    _OOXML + "spreadsheetml.sheet": ".xlsx", "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods", "text/csv": ".csv",
}  # fmt: skip


def extension_of(mime_type: str) -> str:
    """The file extension of an attachment's MIME type (".pdf", ".zip"), or ''."""
    mime_type = mime_type.lower().strip()
    return MIME_EXTENSIONS.get(mime_type) or mimetypes.guess_extension(mime_type) or ""


def type_of(name: str) -> str | None:
    """The file type a reader knows a file of this name as ("pdf", "png"), or None."""
    try:
        return file_type_of(name)
    except UnreadableFile:
        return None


def listed_names(names: list[str], shown: int = 5) -> str:
    """'a.pdf, b.jpg' on one line; past `shown` names, how many more ("(+45)")."""
    listed = ", ".join(" ".join(CONTROL.sub("", normalize_text(name)).split())[:80] for name in names[:shown])
    return listed + (f" (+{len(names) - shown})" if len(names) > shown else "")
